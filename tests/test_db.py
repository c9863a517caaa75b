"""The engine's handling of PostgreSQL connections that died while they sat in the pool."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

import app.db
from app.db import make_engine
from tests.conftest import _postgres_admin_url, _skip_or_fail

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine_with_a_dead_pooled_connection() -> Iterator[tuple[Engine, int]]:
    """An engine whose one pooled connection the server has since terminated, and its pid."""
    url = _postgres_admin_url()
    if url is None:
        _skip_or_fail("no PostgreSQL answers on 127.0.0.1:5432 and TEST_DATABASE_URL is unset")
        return
    engine = make_engine(url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    yield engine, pid
    engine.dispose()


def test_a_connection_that_died_while_idle_is_replaced(
    engine_with_a_dead_pooled_connection: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, dead = engine_with_a_dead_pooled_connection
    monkeypatch.setattr(app.db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has been idle long enough
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != dead


def test_a_connection_in_steady_use_is_not_pinged(
    engine_with_a_dead_pooled_connection: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked in a moment ago: no ping, so a server gone since then fails that one request
    (as it would have between a ping and the query); the pool then starts afresh."""
    engine, dead = engine_with_a_dead_pooled_connection
    monkeypatch.setattr(app.db, "PING_AFTER_IDLE_SECONDS", 3600.0)
    with pytest.raises(OperationalError), engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != dead
