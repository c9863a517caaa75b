"""No write waits without end: a write that cannot get its lock answers 503 after the lock
timeout, on both backends; PostgreSQL connections carry the lock and statement timeouts."""

import threading
import time

import pytest
from sqlalchemy import Engine, text

from app.config import Settings, settings
from app.db import make_engine
from tests.conftest import _postgres_admin_url, _skip_or_fail
from tests.test_concurrency import API, Live, _product, live

__all__ = ["live"]
LOCK_TIMEOUT_SECONDS = 1.0


@pytest.fixture(autouse=True)
def _short_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # autouse: set before `live` makes its engine
    monkeypatch.setattr(settings, "database_lock_timeout_seconds", LOCK_TIMEOUT_SECONDS)


def _hold_the_write_lock(engine: Engine, product_id: int, release: threading.Event) -> None:
    """Lock the product's row (PostgreSQL) or the database (SQLite) until `release`."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT id FROM product WHERE id = :id FOR UPDATE"), {"id": product_id}
            )
        else:
            connection.exec_driver_sql("UPDATE product SET name = name WHERE id = 0")
        release.wait(30)
        connection.rollback()


def test_a_write_behind_a_held_lock_answers_503_after_the_lock_timeout(live: Live) -> None:
    with live.client() as client:
        product = _product(client)
    url = f"{API}/products/{product['id']}/capacity/2027-01"
    release = threading.Event()
    holder = threading.Thread(
        target=_hold_the_write_lock, args=(live.engine, product["id"], release)
    )
    holder.start()
    time.sleep(0.3)
    try:
        with live.client() as client:
            started = time.monotonic()
            refused = client.put(url, json={"quantity": 5})
            waited = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert refused.status_code == 503, refused.text
    assert refused.json()["type"].endswith("database-unavailable")
    assert LOCK_TIMEOUT_SECONDS * 0.9 <= waited < LOCK_TIMEOUT_SECONDS + 2
    with live.client() as client:
        assert client.put(url, json={"quantity": 5}).status_code == 200


def _timeouts(engine: Engine) -> tuple[str, str]:
    try:
        with engine.connect() as connection:
            lock = connection.execute(text("SHOW lock_timeout")).scalar_one()
            statement = connection.execute(text("SHOW statement_timeout")).scalar_one()
    finally:
        engine.dispose()
    return lock, statement


@pytest.mark.postgres
def test_postgres_connections_carry_the_default_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    url = _postgres_admin_url()
    if url is None:
        _skip_or_fail("no PostgreSQL answers on 127.0.0.1:5432 and TEST_DATABASE_URL is unset")
        return
    defaults = Settings()
    monkeypatch.setattr(
        settings, "database_lock_timeout_seconds", defaults.database_lock_timeout_seconds
    )
    assert _timeouts(make_engine(url)) == ("5s", "30s")
    assert _timeouts(make_engine(url, timeouts=False)) == ("0", "0")
