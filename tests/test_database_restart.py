"""PostgreSQL restarts under the running service: 503 while it is away, never 500; back to
normal on its own within 5 s of the server's return; no acknowledged write lost.

The server restarted is a private one (initdb in a temporary folder, its own port), so the
shared test server other test runs use is never touched. Needs the PostgreSQL server binaries
(the postgresql package; run as root, the cluster runs as the postgres user).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import app.db
from app import schemas, security
from app.db import SessionFactory
from app.main import create_app
from app.services import accounts
from app.services.supply import load_supply_columns
from tests.conftest import TODAY, _skip_or_fail, fresh_database_url, migrated_engine_at

pytestmark = pytest.mark.postgres

API = "/api/v1"
RECOVERY_SECONDS = 5.0
DOWN_SECONDS = 2.0


def _server_binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PrivateServer:
    """A PostgreSQL cluster of this test's own, started with pg_ctl."""

    binaries: Path
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.folder / "data"), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        log = str(self.folder / "server.log")
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    binaries = _server_binaries()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        _skip_or_fail("the PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        return
    folder = Path(tempfile.mkdtemp(prefix="temu-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = PrivateServer(binaries, folder, _free_port())
    server.init()
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Outcome:
    """What each request answered: (started at, finished at, status)."""

    answers: list[tuple[float, float, int]] = field(default_factory=list)
    acknowledged: dict[str, set[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, status: int) -> None:
        with self.lock:
            self.answers.append((started, time.monotonic(), status))


@pytest.fixture
def service_on(
    private_server: PrivateServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, dict[str, str]]]:
    engine = migrated_engine_at(private_server.url)
    SessionFactory.configure(bind=engine)
    monkeypatch.setattr(app.db, "engine", engine)
    # Every checkout pings, as after a quiet spell: the outage meets the ping path too.
    monkeypatch.setattr(app.db, "PING_AFTER_IDLE_SECONDS", 0.0)
    with SessionFactory() as session, session.begin():
        _, _, token = accounts.create_account(
            session=session,
            data=schemas.AccountCreate(name="staff", role="staff"),
            principal=security.SYSTEM,
        )
    service = create_app()
    service.state.supply_index.today = lambda: TODAY
    server = uvicorn.Server(uvicorn.Config(service, host="127.0.0.1", port=0, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        SessionFactory.configure(bind=app.db.make_engine("sqlite://"))
        engine.dispose()


def _created(client: httpx.Client, path: str, body: dict[str, object]) -> dict[str, object]:
    response = client.post(API + path, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def test_the_service_rides_out_a_database_restart(
    private_server: PrivateServer, service_on: tuple[str, dict[str, str]]
) -> None:
    url, headers = service_on
    with httpx.Client(base_url=url, headers=headers, timeout=20) as client:
        umkm = _created(client, "/umkm", {"name": "UMKM Salak", "regency_code": "64.71"})
        product = _created(client, f"/umkm/{umkm['id']}/products", {"name": "kue salak"})
        buyer = _created(client, "/buyers", {"name": "B", "country": "CH"})
        request = _created(
            client,
            "/buyer-requests",
            {
                "buyer_id": buyer["id"],
                "product": "kue salak",
                "quantity": 100,
                "unit": "kg",
                "start_month": "2027-01",
                "months": 2,
            },
        )
    outcome = Outcome()
    stop = threading.Event()

    def write(month: str) -> None:
        outcome.acknowledged[month] = set()
        with httpx.Client(base_url=url, headers=headers, timeout=20) as client:
            quantity = 0
            while not stop.is_set():
                quantity += 1
                started = time.monotonic()
                response = client.put(
                    f"{API}/products/{product['id']}/capacity/{month}", json={"quantity": quantity}
                )
                outcome.record(started, response.status_code)
                if response.status_code == 200:
                    outcome.acknowledged[month].add(float(quantity))
                time.sleep(0.02)

    def match() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=20) as client:
            while not stop.is_set():
                started = time.monotonic()
                response = client.get(f"{API}/buyer-requests/{request['id']}/matches")
                outcome.record(started, response.status_code)
                time.sleep(0.02)

    threads = [threading.Thread(target=write, args=(m,)) for m in ("2027-01", "2027-02")]
    threads += [threading.Thread(target=match) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    down_at = time.monotonic()
    private_server.stop()
    time.sleep(DOWN_SECONDS)
    private_server.start()
    up_at = time.monotonic()
    time.sleep(RECOVERY_SECONDS + 2.0)
    stop.set()
    for thread in threads:
        thread.join()

    statuses = {status for _, _, status in outcome.answers}
    assert statuses <= {200, 503}, sorted(statuses)
    assert any(  # the outage was seen, and answered 503
        status == 503 and down_at <= finished <= up_at for _, finished, status in outcome.answers
    )
    late = [status for started, _, status in outcome.answers if started > up_at + RECOVERY_SECONDS]
    assert late and set(late) == {200}
    with httpx.Client(base_url=url, headers=headers, timeout=20) as client:
        for month, quantities in outcome.acknowledged.items():
            history = client.get(f"{API}/products/{product['id']}/capacity/{month}/history")
            stored = {item["quantity"] for item in history.json()["items"]}
            assert quantities and quantities <= stored, month


def test_private_server_is_not_the_shared_one(private_server: PrivateServer) -> None:
    engine = create_engine(private_server.url)
    with engine.connect() as connection:
        folder = connection.execute(text("SHOW data_directory")).scalar_one()
    engine.dispose()
    assert folder.startswith(str(private_server.folder))


@pytest.fixture
def postgres_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    urls = fresh_database_url("postgresql", tmp_path_factory)
    engine = migrated_engine_at(next(urls))
    yield engine
    engine.dispose()
    for _ in urls:
        pass


def test_an_index_build_that_loses_the_database_fails_as_503_not_500(
    postgres_engine: Engine,
) -> None:
    """The cold build streams rows past SQLAlchemy (app.services.supply._fetch): a server
    gone in the middle must still raise SQLAlchemy's OperationalError, which the service
    answers 503, and the dead connection must leave the pool."""
    with Session(postgres_engine) as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with postgres_engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
        with pytest.raises(OperationalError) as raised:
            load_supply_columns(session)
        assert raised.value.connection_invalidated
    with Session(postgres_engine) as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
        assert load_supply_columns(session).product_id.size == 0
