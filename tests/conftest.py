"""Database fixtures: every API test runs on SQLite and, when a server answers, PostgreSQL.

The database is migrated once per backend; each test runs inside a transaction that is
rolled back, so no test sees another's rows.
"""

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import schemas, security
from app.config import settings
from app.db import Transactions, make_engine, transactions
from app.main import create_app
from app.services import accounts

ROOT = Path(__file__).resolve().parents[1]
# Tests build the matching index lazily from their own session, never at start-up.
settings.build_match_index = False
# Matching depends on the date (expiry, staleness): tests run on the day the demo was written.
TODAY = date(2026, 11, 22)
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def alembic_config(connection: object | None = None, url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrated_engine_at(url: str) -> Engine:
    """An engine on `url`, its schema upgraded to the newest Alembic revision."""
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    return engine


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _postgres_admin_url() -> str | None:
    if url := os.environ.get("TEST_DATABASE_URL"):
        return url
    return PG_DEFAULT if _postgres_answers() else None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(reason)


def fresh_database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new empty database of `backend`, dropped afterwards."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.db"
        yield f"sqlite:///{path}"
        return
    admin_url = _postgres_admin_url()
    if admin_url is None:
        _skip_or_fail("no PostgreSQL answers on 127.0.0.1:5432 and TEST_DATABASE_URL is unset")
        return
    name = f"temu_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # a server that refuses us is the same as no server
        admin.dispose()
        _skip_or_fail(f"cannot create a PostgreSQL test database at {admin_url}: {exc}")
        return
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    urls = fresh_database_url(request.param, tmp_path_factory)
    engine = migrated_engine_at(next(urls))
    yield engine
    engine.dispose()
    for _ in urls:  # runs the generator's clean-up
        pass


@pytest.fixture(scope="session")
def migrated_engine_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated SQLite database of its own, for tests that need only one backend."""
    urls = fresh_database_url("sqlite", tmp_path_factory)
    engine = migrated_engine_at(next(urls))
    yield engine
    engine.dispose()


@pytest.fixture
def session(migrated_engine: Engine) -> Iterator[Session]:
    connection = migrated_engine.connect()
    transaction = connection.begin()
    db_session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield db_session
    finally:
        db_session.close()
        transaction.rollback()
        connection.close()


def make_token(session: Session, role: str, umkm_id: int | None = None, name: str = "") -> str:
    """A fresh account of `role` and its bearer token."""
    _, _, token = accounts.create_account(
        session=session,
        data=schemas.AccountCreate(
            name=name or f"test {role}", role=schemas.AccountRole(role), umkm_id=umkm_id
        ),
        principal=security.SYSTEM,
    )
    session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With REQUIRE_BROWSER=1 (.ci/run) a skipped browser test fails the run."""
    if os.environ.get("REQUIRE_BROWSER") == "1" and _skipped_browser_tests:
        print(f"\nFAIL: browser tests skipped with REQUIRE_BROWSER=1: {_skipped_browser_tests}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    security._failures.storage.reset()


def app_on_session(session: Session) -> FastAPI:
    """The app with its clock at TODAY and every request on the test's `session`."""
    app = create_app()
    app.state.supply_index.today = lambda: TODAY

    @contextmanager
    def _transaction(*, write: bool) -> Iterator[Session]:
        session.expire_all()
        # Like the real one: commit (here: release the test's savepoint) or roll back.
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise

    async def _transactions() -> Transactions:
        return _transaction

    app.dependency_overrides[transactions] = _transactions
    return app


@pytest.fixture
def anonymous_client(session: Session) -> Iterator[TestClient]:
    """A client that sends no API key."""
    with TestClient(app_on_session(session), raise_server_exceptions=True) as test_client:
        yield test_client


@pytest.fixture
def client(anonymous_client: TestClient, session: Session) -> TestClient:
    """A client with a staff key: the role that may do everything."""
    anonymous_client.headers.update(bearer(make_token(session, "staff", name="test staff")))
    return anonymous_client
