"""`temu-dagang serve --workers N` on one PostgreSQL (issue 17): N worker processes on one
socket, each with its own supply index; a write through one connection is in the next match
through every other connection, whichever worker holds it; SIGTERM stops them all, exit 0."""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from app import schemas, security
from app.services import accounts
from app.services import capacity as capacity_service
from app.services import products as products_service
from app.services import umkm as umkm_service
from app.services.offices import default_office_id
from tests.api.test_operations import _free_port
from tests.conftest import fresh_database_url, migrated_engine_at

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"
DEMAND = {"product": "kue salak", "quantity": 100, "unit": "kg", "start_month": "2027-01",
          "months": 1}  # fmt: skip


def _filled(url: str) -> tuple[str, int]:
    """A staff key and the id of the one product, "Kue Salak Bu Siti", 500 kg in Jan 2027."""
    engine = migrated_engine_at(url)
    try:
        with Session(engine) as session, session.begin():
            umkm = umkm_service.create_umkm(
                session=session,
                data=schemas.UmkmCreate(name="UMKM Salak", regency_code="64.71"),
                principal=security.SYSTEM,
            )
            product = products_service.create_product(
                session=session,
                umkm_id=umkm.id,
                data=schemas.ProductCreate(name="Kue Salak Bu Siti"),
                principal=security.SYSTEM,
            )
            capacity_service.set_capacity_bulk(
                session=session,
                product_id=product.id,
                data=schemas.CapacityBulkSet(
                    items=[schemas.CapacityMonthSet(month=date(2027, 1, 1), quantity=Decimal(500))]
                ),
                principal=security.SYSTEM,
            )
            _, _, token = accounts.create_account(
                session=session,
                data=schemas.AccountCreate(
                    name="workers test", role="staff", office_id=default_office_id(session)
                ),
                principal=security.SYSTEM,
            )
            return token, product.id
    finally:
        engine.dispose()


def _send(
    connection: http.client.HTTPConnection, token: str, method: str, path: str, body: object
) -> tuple[int, dict[str, object]]:
    connection.request(
        method,
        path,
        body=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def _kg_matched(connection: http.client.HTTPConnection, token: str) -> object:
    status, page = _send(connection, token, "POST", f"{API}/matches?limit=1", DEMAND)
    assert status == 200, page
    items = page["items"]
    assert isinstance(items, list) and len(items) == 1
    return items[0]["months"][0]["capacity_kg"]


@pytest.mark.postgres
def test_two_workers_see_each_others_writes_at_the_next_match(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    urls = fresh_database_url("postgresql", tmp_path_factory)
    url = next(urls)
    token, product_id = _filled(url)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    env = {**os.environ, "DATABASE_URL": url, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    connections: list[http.client.HTTPConnection] = []
    try:
        deadline = time.monotonic() + 120
        while log_path.read_text().count("Application startup complete") < 2:
            assert server.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "the two workers did not start"
            time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
        workers = set(re.findall(r"Started server process \[(\d+)\]", log_path.read_text()))
        assert len(workers) == 2
        # Keep-alive connections opened one after another: the workers take them in turn.
        for _ in range(8):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            assert _kg_matched(connection, token) == 500.0
            connections.append(connection)
        for round_, kg in enumerate((700, 1300, 90)):
            writer = connections[round_]
            status, written = _send(
                writer, token, "PUT", f"{API}/products/{product_id}/capacity/2027-01",
                {"quantity": kg, "unit": "kg"},
            )  # fmt: skip
            assert status in (200, 201), written
            assert [_kg_matched(connection, token) for connection in connections] == [
                float(kg)
            ] * len(connections)
        for connection in connections:
            connection.close()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        for connection in connections:
            connection.close()
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()
        for _ in urls:
            pass
