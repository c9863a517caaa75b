"""Engine, session factory and the declarative base.

Waiting and conflicts: on PostgreSQL every connection has ``lock_timeout`` and
``statement_timeout`` (settings ``DATABASE_LOCK_TIMEOUT_SECONDS`` and
``DATABASE_STATEMENT_TIMEOUT_SECONDS``); on SQLite the busy timeout is the lock timeout. A
statement that runs into either is cancelled and the request answered 503, so no write waits
without end. A transaction PostgreSQL aborted for a deadlock (SQLSTATE 40P01) or a
serialization failure (40001) is not the client's fault and nothing of it was kept: the whole
request runs again (see `RetryAbortedTransactions`), up to `TRANSACTION_ATTEMPTS` times.
"""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    cursor.execute(f"PRAGMA busy_timeout={_milliseconds(settings.database_lock_timeout_seconds)}")
    cursor.close()


def _milliseconds(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def _sqlite_begin(connection: Any) -> None:
    # A write takes SQLite's write lock at BEGIN (waiting up to busy_timeout), so two writers
    # queue instead of failing when the later one tries to upgrade a stale read snapshot.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WRITE_OPTION = "temu_dagang_write"


def make_engine(url: str, *, timeouts: bool = True) -> Engine:
    """An engine on `url`. `timeouts`: PostgreSQL connections get the lock and statement
    timeouts of the settings (migrations, which may rewrite a large table, go without)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args = {}
    if timeouts:
        lock = _milliseconds(settings.database_lock_timeout_seconds)
        statement = _milliseconds(settings.database_statement_timeout_seconds)
        connect_args["options"] = f"-c lock_timeout={lock} -c statement_timeout={statement}"
    engine = create_engine(url, connect_args=connect_args)
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
    """One session per request: commit on success, roll back on any error. A transaction the
    database aborted for a conflict marks the request to be run again."""
    try:
        with open_transaction(write=http.method not in READ_METHODS) as session:
            yield session
    except DBAPIError as exc:
        if aborted_by_conflict(exc):
            http.scope[RETRY_SCOPE_KEY] = True
        raise


# Deadlock detected, serialization failure: PostgreSQL rolled the transaction back.
CONFLICT_SQLSTATES = frozenset({"40P01", "40001"})
# Runs of one request in all; the back-off before run n is up to n * RETRY_BACKOFF_SECONDS.
TRANSACTION_ATTEMPTS = 3
RETRY_BACKOFF_SECONDS = 0.05
RETRY_SCOPE_KEY = "temu_dagang.retry_transaction"


def aborted_by_conflict(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in CONFLICT_SQLSTATES


class RetryAbortedTransactions:
    """ASGI middleware: run a write request again when its transaction was aborted for a
    conflict with another transaction (`get_session` marks it), up to TRANSACTION_ATTEMPTS
    runs in all, after a short random back-off; the last run's answer (503 if it failed too)
    is sent. Each run is the whole request from routing on, with a new session: the route's
    work is redone from the start, never replayed onto a half-done session. The answer of a
    write is held back until the run is over (write answers are small JSON documents); reads
    pass straight through (they run in autocommit and take no locks)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        received: list[Message] = []
        sent: list[Message] = []
        for attempt in range(1, TRANSACTION_ATTEMPTS + 1):
            position = 0

            async def replay() -> Message:
                # the body as the first run read it, then on from the client
                nonlocal position
                if position == len(received):
                    received.append(await receive())
                position += 1
                return received[position - 1]

            async def hold(message: Message) -> None:
                sent.append(message)

            scope[RETRY_SCOPE_KEY] = False
            sent.clear()
            await self.app(scope, replay, hold)
            if not scope[RETRY_SCOPE_KEY] or attempt == TRANSACTION_ATTEMPTS:
                break
            await anyio.sleep(random.uniform(0.2, 1.0) * attempt * RETRY_BACKOFF_SECONDS)
        for message in sent:
            await send(message)


def declare_write(session: Session) -> None:
    """Begin the session's transaction as a write (BEGIN IMMEDIATE on SQLite)."""
    session.info[WRITE_OPTION] = True
    session.connection(execution_options={WRITE_OPTION: True})


# scope="function": commit before the response is sent, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
