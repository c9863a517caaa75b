"""Engine, session factory and the declarative base."""

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from app.config import settings

# Stable constraint names on SQLite and PostgreSQL alike, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets matches read while a write runs.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A write takes SQLite's write lock at BEGIN (waiting up to busy_timeout), so two writers
    # queue instead of failing when the later one tries to upgrade a stale read snapshot.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WRITE_OPTION = "temu_dagang_write"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url)
    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", partial(_ping_if_idle, engine.dialect))
    return engine


# A pooled PostgreSQL connection that sat idle longer than this is pinged before use.
PING_AFTER_IDLE_SECONDS = 10.0


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Dialect, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Ping a connection that sat idle in the pool, as pool_pre_ping would, and have the pool
    replace it when the server is gone (a restart, an idle timeout). pool_pre_ping pings at
    every checkout, one more round trip on every request. A connection in steady use was
    proven by its last request; the race pool_pre_ping leaves (the server going away between
    the ping and the query) is the same."""
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as exc:
        # the pool closes this connection and checks out another (up to three tries)
        raise DisconnectionError(f"pooled connection failed its ping: {exc}") from exc


engine = make_engine(settings.database_url)
SessionFactory = sessionmaker(bind=engine, expire_on_commit=False)


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@contextmanager
def transaction(*, write: bool) -> Iterator[Session]:
    """A session whose transaction commits when the block ends and rolls back on any error.
    `write` begins it as a write (see `declare_write`)."""
    with SessionFactory() as session:
        if write:
            declare_write(session)
        elif session.get_bind().dialect.name == "postgresql":
            # Reads in autocommit: no BEGIN and no COMMIT, two round trips of a match's seven.
            # Nothing is lost: in READ COMMITTED every statement takes its own snapshot anyway.
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


Transactions = Callable[..., AbstractContextManager[Session]]


async def transactions() -> Transactions:
    """How a request opens its transaction: `transaction` (tests override this dependency)."""
    return transaction


TransactionsDep = Annotated[Transactions, Depends(transactions)]


def get_session(http: Request, open_transaction: TransactionsDep) -> Iterator[Session]:
    """One session per request: commit on success, roll back on any error."""
    with open_transaction(write=http.method not in READ_METHODS) as session:
        yield session


def declare_write(session: Session) -> None:
    """Begin the session's transaction as a write (BEGIN IMMEDIATE on SQLite)."""
    session.info[WRITE_OPTION] = True
    session.connection(execution_options={WRITE_OPTION: True})


# scope="function": commit before the response is sent, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
