"""Browser tests: the app served by uvicorn on a free port, on a fresh migrated SQLite file
with the demo data, driven by Playwright in Debian's Chromium (/usr/bin/chromium;
Playwright's own browser download does not work on these machines).

Every page a test opens has its requests to any host but the app blocked and recorded; the
`page` fixture fails the test when there was one. Screenshots go to test-artifacts/screens/.
With REQUIRE_BROWSER=1 (``.ci/run``) a missing browser or Playwright fails instead of skipping.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

try:
    import playwright  # noqa: F401
except ImportError:  # pragma: no cover - depends on the machine
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise
    collect_ignore_glob = ["test_*.py"]
from sqlalchemy.orm import Session

from app import schemas
from app.demo import demo_office, load_demo_data
from app.principal import SYSTEM
from app.services import accounts, web_sessions
from tests.conftest import migrated_engine_at

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENS = ROOT / "test-artifacts" / "screens"
STAFF_EMAIL = "staf.uji@example.org"
STAFF_NAME = "Staf Uji"
PASSWORD = "rahasia-uji-123"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def prepare_database(path: Path) -> str:
    """A migrated SQLite file with the demo data and a staff account with a password."""
    url = f"sqlite:///{path}"
    engine = migrated_engine_at(url)
    with Session(engine) as session:
        load_demo_data(session=session)
        office = demo_office(session)
        account, _, _ = accounts.create_account(
            session=session,
            data=schemas.AccountCreate(
                name=STAFF_NAME, role=schemas.AccountRole.STAFF, office_id=office.id
            ),
            principal=SYSTEM,
        )
        web_sessions.set_password(
            session=session,
            account_id=account.id,
            password=PASSWORD,
            principal=SYSTEM,
            email=STAFF_EMAIL,
        )
        session.commit()
    engine.dispose()
    return url


def start_server(database_url: str, log: Path, **env: str) -> Server:
    """uvicorn serving app.main:app on `database_url` (and settings `env`); waits until it
    answers /readyz (the start-up builds the matching index)."""
    # The socket is bound here and handed to uvicorn (--fd): a port picked free and bound
    # later could be taken in between by another test run on the machine.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    environment = os.environ | {"DATABASE_URL": database_url} | env
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--fd", str(listener.fileno())],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    listener.close()  # the server holds its own copy
    server = Server(f"http://127.0.0.1:{port}", database_url, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)  # the server process starting, not a page: nothing else to wait on
    server.stop()
    raise RuntimeError(f"the server did not answer within 60 s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return prepare_database(tmp_path_factory.mktemp("browser") / "console.db")


@pytest.fixture(scope="session")
def server(demo_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(demo_database, tmp_path_factory.mktemp("log") / "server.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (make install-test)")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser tab on the app, recording what it tried to fetch from elsewhere."""

    page: Any
    base_url: str
    foreign: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def open_tab(browser: Any, server: Server, viewport: dict[str, int], lang: str = "id") -> Tab:
    context = browser.new_context(
        base_url=server.url, viewport=viewport, locale="id-ID" if lang == "id" else "en-US"
    )
    context.set_default_timeout(15_000)
    tab = Tab(page=context.new_page(), base_url=server.url)
    own = urlsplit(server.url).netloc

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            tab.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return tab


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    """A desktop-sized tab; the test fails if the page asked any other host for anything."""
    opened = open_tab(browser, server, DESKTOP)
    yield opened
    opened.page.context.close()
    assert opened.foreign == [], f"requests to other hosts: {opened.foreign}"


@pytest.fixture
def phone_tab(browser: Any, server: Server) -> Iterator[Tab]:
    """A 360×740 tab (an owner's phone); fails on requests to other hosts too."""
    opened = open_tab(browser, server, PHONE)
    yield opened
    opened.page.context.close()
    assert opened.foreign == [], f"requests to other hosts: {opened.foreign}"
