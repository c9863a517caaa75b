"""Conversion from database rows to the matching library's inputs: the one place it happens.

Two paths. A cold build reads every product, capacity month and certificate with
:func:`load_supply_columns`: Core selects whose dates are turned into integers by the
database, streamed in large batches straight into numpy arrays (no Python object per product
or per capacity month), giving a :class:`matching.SupplyColumns` for
``MatchIndex.fit_columns``. The catch-up after writes reloads a few products with
:func:`load_supply` as :class:`matching.SupplyProduct` objects for ``MatchIndex.upsert``.

Both paths also load what signed deals commit (``agreed`` and ``delivering`` deals, their
monthly quantity from ``start_month`` for ``months``) with one function, :func:`_load_committed`,
so the two agree to the gram; the index offers the rest (reported or estimated minus
committed). A deal write that changes a commitment appends its product to the change log
(app.services.deals), as a capacity write does.

Which products to reload comes from the supply change log (:class:`app.models.SupplyChange`):
every write that changes what an index holds for a product appends the product's id in its
own transaction, so a change becomes readable exactly when the write commits, however long
the write took. A reader keeps a :class:`LogPosition` and asks for the changes committed
since (:func:`changes_since`, one statement):

- SQLite lets one writer at a time hold the database until it commits, and ids are given out
  under that lock, so ids are in commit order: the changes since are those with a larger id.
- PostgreSQL gives out sequence values when a row is inserted, not when it commits: id 11 can
  be visible while id 10 is still in an open transaction, and "ids above the last one seen"
  would skip id 10 for good. So the position is instead the snapshot of the last read
  (``pg_current_snapshot()``, taken in the same statement that reads the rows), and each row
  carries its transaction's id: the changes since are the rows whose transaction is not
  visible in that snapshot (it was still running, or began later). That is exact, with no gap
  to track and no time bound, for the reason PgQ's consumers rely on it: a transaction leaves
  the running set only after its commit is recorded, so a snapshot sees its rows exactly when
  it does not list it as running. An advisory lock held to commit would be exact too, but would
  make every supply write in the database wait for the one before it. The read looks up the
  rows of transactions that began after the old snapshot or that it listed as running: index
  lookups on ``transaction_id``, however many older changes the log holds.

:func:`prune_log` deletes the changes every reader has read (see ``SupplyIndex``).
"""

import logging
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Engine,
    Integer,
    String,
    bindparam,
    cast,
    delete,
    extract,
    func,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ClauseElement

from app.models import Capacity, Certificate, Deal, Product, SupplyChange, Umkm
from app.services.deals import COMMITTING
from matching import NO_DAY, SupplyColumns, SupplyProduct, month_index
from matching import Certificate as SupplyCertificate

CHUNK = 900  # stays under SQLite's bound-parameter limit
BATCH = 200_000  # rows per fetch of the columnar loader
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MONTH_SPAN = 1 << 14
_MONTH_ORIGIN = 1900 * 12  # month index of Jan 1900
_CAPACITY_CHUNK = 1_000_000  # capacity ids per aggregated text (about 20 MB)
I64 = npt.NDArray[np.int64]
logger = logging.getLogger(__name__)
# The NIB on an UMKM profile is its NIB certificate (issued through OSS, it does not expire
# while the business runs), held for every product of the UMKM.
PROFILE_NIB = SupplyCertificate(type="NIB", expires_on=None)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_supply(
    session: Session, product_ids: Collection[int] | None = None
) -> list[SupplyProduct]:
    """SupplyProducts for `product_ids` (all products when None); unknown ids are skipped."""
    product_columns = (
        Product.id,
        Product.umkm_id,
        Product.name,
        Product.description,
        Product.hs_code,
        Product.capacity_updated_at,
        Umkm.province_code,
        Umkm.regency_code,
        Umkm.nib,
    )
    base = (
        select(*product_columns)
        .join(Umkm, Umkm.id == Product.umkm_id)
        .where(Product.deleted_at.is_(None))
    )
    capacity_columns = select(Capacity.product_id, Capacity.month, Capacity.quantity_g)
    certificate_columns = select(
        Certificate.umkm_id, Certificate.product_id, Certificate.type, Certificate.expires_on
    )
    committed: dict[int, dict[int, float]] = defaultdict(dict)
    if product_ids is None:
        products = session.execute(base.order_by(Product.id)).all()
        capacities = session.execute(capacity_columns).all()
        certificates = session.execute(certificate_columns).all()
        committed_parts = [_load_committed(session.connection(), None)]
    else:
        ids = sorted(set(product_ids))
        products, capacities, certificates = [], [], []
        for chunk in _chunks(ids):
            products += session.execute(base.where(Product.id.in_(chunk))).all()
            capacities += session.execute(
                capacity_columns.where(Capacity.product_id.in_(chunk))
            ).all()
        committed_parts = [_load_committed(session.connection(), chunk) for chunk in _chunks(ids)]
        umkm_ids = sorted({row.umkm_id for row in products})
        for chunk in _chunks(umkm_ids):
            certificates += session.execute(
                certificate_columns.where(Certificate.umkm_id.in_(chunk))
            ).all()

    capacity_kg: dict[int, dict[int, float]] = defaultdict(dict)
    unconvertible: set[int] = set()
    for capacity_product_id, month, grams in capacities:
        if grams is None:
            unconvertible.add(capacity_product_id)
        else:
            capacity_kg[capacity_product_id][month_index(month.year, month.month)] = grams / 1000
    for owners, months, grams_committed in committed_parts:
        for owner, month, grams in zip(
            owners.tolist(), months.tolist(), grams_committed.tolist(), strict=True
        ):
            committed[owner][month] = grams / 1000
    umkm_wide: dict[int, list[SupplyCertificate]] = defaultdict(list)
    per_product: dict[int, list[SupplyCertificate]] = defaultdict(list)
    for umkm_id, product_id, cert_type, expires_on in certificates:
        certificate = SupplyCertificate(type=cert_type, expires_on=expires_on)
        if product_id is None:
            umkm_wide[umkm_id].append(certificate)
        else:
            per_product[product_id].append(certificate)

    return [
        SupplyProduct(
            product_id=row.id,
            umkm_id=row.umkm_id,
            name=row.name,
            description=row.description or "",
            hs_code=row.hs_code,
            province_code=row.province_code,
            regency_code=row.regency_code,
            capacity_kg=capacity_kg.get(row.id, {}),
            capacity_updated_on=_date(row.capacity_updated_at),
            certificates=(
                *((PROFILE_NIB,) if row.nib else ()),
                *umkm_wide.get(row.umkm_id, ()),
                *per_product.get(row.id, ()),
            ),
            unit_convertible=row.id not in unconvertible,
            committed_kg=committed.get(row.id, {}),
        )
        for row in products
    ]


def _date(value: object) -> date | None:
    return value.date() if hasattr(value, "date") else None


def load_supply_columns(session: Session) -> SupplyColumns:
    """Every product as :class:`matching.SupplyColumns` (for ``MatchIndex.fit_columns``).

    The same content as ``load_supply(session)``: UMKM-wide certificates (and the profile's
    NIB, ``PROFILE_NIB``) are repeated for each of the UMKM's products, a capacity month
    without a gram figure (a counted unit with no unit weight) makes the product not
    convertible, capacity is in kg.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    # the UTC date, whatever the PostgreSQL session's time zone
    updated: ColumnElement[Any] = Product.capacity_updated_at.expression
    if postgres:
        updated = func.timezone("UTC", updated)
    products = (
        select(
            Product.id,
            Product.umkm_id,
            *_day_parts(updated),
            cast(Umkm.nib.is_not(None), Integer),
            Product.name,
            func.coalesce(Product.description, ""),
            Product.hs_code,
            Umkm.province_code,
            Umkm.regency_code,
        )
        .join(Umkm, Umkm.id == Product.umkm_id)
        .where(Product.deleted_at.is_(None))
    )
    numbers, texts = _fetch(session.connection(), products.order_by(Product.id), numeric=6)
    product_id = numbers[:, 0].copy()
    n = len(product_id)
    owner, capacity_month, capacity_g = _load_capacity(session.connection())
    # 1-D arrays from here on, each filtered only when it has to be: at 1M products these are
    # 12M rows, and every copy of them costs a tenth of a second.
    capacity_row, found = _rows_of(product_id, owner)
    if not found.all():
        capacity_row, capacity_month, capacity_g = (
            capacity_row[found], capacity_month[found], capacity_g[found]
        )  # fmt: skip
    counted = capacity_g < 0  # no gram figure: the product's capacity has no kg
    unit_convertible = np.ones(n, dtype=np.bool_)
    unit_convertible[capacity_row[counted]] = False
    if counted.any():
        kept = ~counted
        capacity_row, capacity_month, capacity_g = (
            capacity_row[kept], capacity_month[kept], capacity_g[kept]
        )  # fmt: skip

    expires = _day_parts(Certificate.expires_on)
    own, own_types = _fetch(
        session.connection(),
        select(Certificate.product_id, *expires, Certificate.type).where(
            Certificate.product_id.is_not(None)
        ),
        numeric=4,
    )
    umkm_wide, umkm_wide_types = _fetch(
        session.connection(),
        select(Certificate.umkm_id, *expires, Certificate.type).where(
            Certificate.product_id.is_(None)
        ),
        numeric=4,
    )
    own_row, own_found = _rows_of(product_id, own[:, 0])
    # an UMKM-wide certificate holds for each product of its UMKM
    umkm_id = numbers[:, 1]
    by_umkm = np.argsort(umkm_id, kind="stable")
    sorted_umkm = umkm_id[by_umkm]
    first = np.searchsorted(sorted_umkm, umkm_wide[:, 0], side="left")
    count = np.searchsorted(sorted_umkm, umkm_wide[:, 0], side="right") - first
    total = int(count.sum())
    starts = np.repeat(first - (np.cumsum(count) - count), count)
    wide_row = by_umkm[starts + np.arange(total)]
    wide_source = np.repeat(np.arange(len(umkm_wide)), count)
    own_types_list, wide_types_list = own_types[0], umkm_wide_types[0]
    nib_row = np.flatnonzero(numbers[:, 5])  # the NIB on the UMKM profile
    committed_owner, committed_month, committed_g = _load_committed(session.connection(), None)
    committed_row, committed_found = _rows_of(product_id, committed_owner)

    return SupplyColumns(
        product_id=product_id,
        umkm_id=umkm_id.copy(),
        name=texts[0],
        description=texts[1],
        hs_code=texts[2],
        province_code=texts[3],
        regency_code=texts[4],
        capacity_updated_on=_ordinal(numbers[:, 2:5]),
        unit_convertible=unit_convertible,
        capacity_row=capacity_row,
        capacity_month=capacity_month,
        capacity_kg=capacity_g / 1000,
        certificate_row=np.concatenate([own_row[own_found], wide_row, nib_row]),
        certificate_type=[own_types_list[i] for i in np.flatnonzero(own_found).tolist()]
        + [wide_types_list[i] for i in wide_source.tolist()]
        + [PROFILE_NIB.type] * len(nib_row),
        certificate_expires_on=np.concatenate(
            [
                _ordinal(own[own_found, 1:4]),
                _ordinal(umkm_wide[wide_source, 1:4]),
                np.full(len(nib_row), NO_DAY, dtype=np.int64),
            ]
        ),
        committed_row=committed_row[committed_found],
        committed_month=committed_month[committed_found],
        committed_kg=committed_g[committed_found] / 1000,
    )


def _load_capacity(connection: Connection) -> tuple[I64, I64, I64]:
    """Every capacity row as (product id, month index, grams or -1 when there is none).

    The database writes each million rows as one text, "key,grams,key,grams,..." (the key is
    product id * _MONTH_SPAN + months since Jan 1900), with group_concat on SQLite and
    string_agg on PostgreSQL, and numpy parses it. At 1M products (12M rows) that takes about
    half the time of a Python tuple per row, or of PostgreSQL's binary COPY, whose rows
    psycopg hands over one at a time."""
    if connection.dialect.name == "postgresql":
        # date_part is a double precision; extract would be a slower numeric
        month = func.date_part("year", Capacity.month) * 12 + func.date_part(
            "month", Capacity.month
        )
    else:
        # SQLite keeps a date as 'YYYY-MM-DD' text (SQLAlchemy's format for Date): substr
        # reads the year and month in two thirds of the time strftime takes
        month = cast(func.substr(Capacity.month, 1, 4), Integer) * 12 + cast(
            func.substr(Capacity.month, 6, 2), Integer
        )
    # bigint before the product: a PostgreSQL integer * _MONTH_SPAN overflows past id 131,071
    key = cast(
        cast(Capacity.product_id, BigInteger) * _MONTH_SPAN + month - (_MONTH_ORIGIN + 1),
        BigInteger,
    )
    grams = func.coalesce(Capacity.quantity_g, -1)
    pair = cast(key, String).concat(",").concat(cast(grams, String))
    chunk = select(func.aggregate_strings(pair, ",")).where(
        Capacity.id >= bindparam("low"), Capacity.id < bindparam("high")
    )
    top = connection.execute(select(func.max(Capacity.id))).scalar() or 0
    parts = [np.empty(0, dtype=np.int64)]
    for low in range(0, top + 1, _CAPACITY_CHUNK):
        text = connection.execute(chunk, {"low": low, "high": low + _CAPACITY_CHUNK}).scalar()
        if text:
            parts.append(np.fromstring(text, dtype=np.int64, sep=","))
    packed = np.concatenate(parts).reshape(-1, 2)
    owner, offset = np.divmod(packed[:, 0], _MONTH_SPAN)
    return owner, offset + _MONTH_ORIGIN, packed[:, 1]


_COMMITTED = select(Deal.product_id, Deal.start_month, Deal.months, Deal.quantity_g).where(
    Deal.stage.in_(COMMITTING)
)


def _load_committed(
    connection: Connection, product_ids: Sequence[int] | None
) -> tuple[I64, I64, I64]:
    """What ``agreed`` and ``delivering`` deals commit, as (product id, month index, grams)
    summed per product and month, sorted; of `product_ids` only when given. Deals are few
    (one row per signed deal, not per month): Python reads them, numpy spreads them over
    their months."""
    statement = _COMMITTED
    if product_ids is not None:
        statement = statement.where(Deal.product_id.in_(list(product_ids)))
    rows = connection.execute(statement).all()
    if not rows:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    owner = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    start = np.fromiter(
        (month_index(row[1].year, row[1].month) for row in rows), dtype=np.int64, count=len(rows)
    )
    months = np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows))
    grams = np.fromiter((row[3] for row in rows), dtype=np.int64, count=len(rows))
    # one entry per deal and month: the deal's start plus 0..months-1
    deal = np.repeat(np.arange(len(rows)), months)
    offset = np.arange(len(deal)) - np.repeat(np.cumsum(months) - months, months)
    key = owner[deal] * _MONTH_SPAN + (start[deal] + offset - _MONTH_ORIGIN)
    keys, position = np.unique(key, return_inverse=True)
    total = np.zeros(len(keys), dtype=np.int64)
    np.add.at(total, position, grams[deal])
    product, month = np.divmod(keys, _MONTH_SPAN)
    return product, month + _MONTH_ORIGIN, total


def _day_parts(column: ColumnElement[Any] | InstrumentedAttribute[Any]) -> list[ColumnElement[int]]:
    """Year, month and day of a date or timestamp as integers (0, 0, 0 when NULL)."""
    return [
        func.coalesce(cast(extract(field, column), Integer), 0)
        for field in ("year", "month", "day")
    ]


def _ordinal(parts: I64) -> I64:
    """``date.toordinal()`` of (year, month, day) rows; ``NO_DAY`` where the year is 0."""
    missing = parts[:, 0] == 0
    months = (np.where(missing, 1970, parts[:, 0]) - 1970) * 12 + parts[:, 1] - 1
    months = np.where(missing, 0, months)
    days = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    ordinal: I64 = days + np.where(missing, 0, parts[:, 2] - 1) + _EPOCH_ORDINAL
    return np.where(missing, NO_DAY, ordinal)


def _rows_of(product_id: I64, ids: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Position of each of ``ids`` in the sorted ``product_id``, and whether it is there (a
    product added between two selects is not)."""
    if not len(product_id):
        return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=np.bool_)
    top = int(product_id[-1])
    if top <= 4 * len(product_id) + 4096:  # ids are dense (the usual case): a lookup table
        lookup = np.full(top + 2, -1, dtype=np.int64)
        lookup[product_id] = np.arange(len(product_id))
        rows = lookup[np.clip(ids, 0, top + 1)]
        found = rows >= 0
        return np.maximum(rows, 0), found
    rows = np.minimum(np.searchsorted(product_id, ids), len(product_id) - 1)
    return rows, product_id[rows] == ids


def _fetch(
    connection: Connection, statement: ClauseElement, *, numeric: int
) -> tuple[I64, list[list[Any]]]:
    """Rows of ``statement`` whose first ``numeric`` columns are integers: those as an int64
    matrix, the other columns as lists.

    Runs on the connection's DBAPI connection (same transaction) and fetches plain tuples in
    batches of ``BATCH`` rows: SQLAlchemy's Row objects would double the cost of a cold build.
    The statement holds no user input, so its parameters are rendered inline."""
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    dialect = connection.dialect
    try:
        blocks, texts = _fetch_batches(connection, sql, numeric)
    except dialect.loaded_dbapi.Error as exc:
        # As SQLAlchemy would for its own statements: a lost connection leaves the pool, and
        # the error is SQLAlchemy's (the service answers a database that went away with 503)
        gone = dialect.is_disconnect(exc, connection.connection.dbapi_connection, None)
        if gone:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            sql, None, exc, dialect.loaded_dbapi.Error, connection_invalidated=gone, dialect=dialect
        ) from exc
    if not blocks:
        return np.empty((0, numeric), dtype=np.int64), texts
    return np.concatenate(blocks), texts


def _fetch_batches(
    connection: Connection, sql: str, numeric: int
) -> tuple[list[I64], list[list[Any]]]:
    dbapi_connection = connection.connection
    scope = ExitStack()
    if connection.dialect.name == "postgresql":  # a server-side cursor streams the rows
        driver: Any = dbapi_connection.driver_connection
        # It lives in a transaction block: open one when the connection is in autocommit
        # (reads are, see app.db.transaction)
        if driver.autocommit:
            scope.enter_context(driver.transaction())
        cursor = driver.cursor(name="temu_supply")
    else:
        cursor = dbapi_connection.cursor()
    scope.callback(cursor.close)  # closed before the transaction block ends
    blocks: list[I64] = []
    texts: list[list[Any]] = []
    with scope:
        cursor.execute(sql)
        width = len(cursor.description)
        texts = [[] for _ in range(width - numeric)]
        # One object per distinct value of a column: the driver makes a new str for every
        # row, and names, HS codes and region codes repeat (at 1M products 5M strings, of
        # which a few hundred thousand distinct: 0.2 GB less for the rest of the build).
        distinct: list[dict[Any, Any]] = [{} for _ in texts]
        while batch := cursor.fetchmany(BATCH):
            values = (
                chain.from_iterable(batch) if numeric == width
                else chain.from_iterable(row[:numeric] for row in batch)
            )  # fmt: skip
            flat = np.fromiter(values, dtype=np.int64, count=len(batch) * numeric)
            blocks.append(flat.reshape(len(batch), numeric))
            for j, (column, seen) in enumerate(zip(texts, distinct, strict=True), start=numeric):
                keep = seen.setdefault
                column.extend([keep(row[j], row[j]) for row in batch])
    return blocks, texts


# ---------------------------------------------------------------- the supply change log


@dataclass(frozen=True, slots=True)
class LogPosition:
    """How far a reader has read the supply change log: on SQLite the largest id read, on
    PostgreSQL the snapshot of its last read (``pg_snapshot`` text, "xmin:xmax:xip,...")."""

    last_id: int = 0
    snapshot: str | None = None

    @property
    def xmax(self) -> int:
        """No transaction from this one on had ended when the snapshot was taken."""
        return int((self.snapshot or "0:0:").split(":")[1])

    @property
    def running(self) -> list[int]:
        """The transactions below xmax still running when the snapshot was taken."""
        listed = (self.snapshot or "0:0:").split(":")[2]
        return [int(xid) for xid in listed.split(",") if xid]


_NEWER_THAN = select(SupplyChange.id, SupplyChange.product_id).where(
    SupplyChange.id > bindparam("last_id")
)
# One statement: the snapshot it reads with, and the changes it sees that the previous
# snapshot did not: those of transactions that snapshot listed as running or that began
# after it (xid >= its xmax); all of them index lookups. Plus the changes of the reader's own
# open transaction, for a match inside a write (its own xid is never listed as running).
_COMMITTED_SINCE = text(
    """
    SELECT CAST(now.snapshot AS text), change.product_id
    FROM (SELECT pg_current_snapshot() AS snapshot) AS now
    LEFT JOIN supply_change AS change
      ON change.transaction_id >= :xmax
      OR change.transaction_id = ANY(:running)
      OR change.transaction_id = CAST(CAST(pg_current_xact_id_if_assigned() AS text) AS bigint)
    """
)


# Changes committed when the snapshot :seen was taken (its xmin alone would also keep the
# changes of every transaction on the server still running then).
_PRUNE_POSTGRES = text(
    """
    DELETE FROM supply_change
    WHERE transaction_id < :xmax
      AND pg_visible_in_snapshot(
          CAST(CAST(transaction_id AS text) AS xid8), CAST(:seen AS pg_snapshot))
    """
)


def log_position(connection: Connection) -> LogPosition:
    """The position now: every change committed so far counts as read. Take it before
    loading what the changes are about, so that a change committed between the two is read
    (again) by the next :func:`changes_since`."""
    if connection.dialect.name == "postgresql":
        snapshot = connection.execute(text("SELECT CAST(pg_current_snapshot() AS text)"))
        return LogPosition(snapshot=snapshot.scalar_one())
    last = connection.execute(select(func.coalesce(func.max(SupplyChange.id), 0))).scalar_one()
    return LogPosition(last_id=last)


def changes_since(connection: Connection, position: LogPosition) -> tuple[LogPosition, set[int]]:
    """The products changed by writes committed after `position`, and the position after
    them. One statement (a match runs it before every query)."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            _COMMITTED_SINCE, {"xmax": position.xmax, "running": position.running}
        ).all()
        changed = {product_id for _, product_id in rows if product_id is not None}
        return LogPosition(snapshot=rows[0][0]), changed
    rows = connection.execute(_NEWER_THAN, {"last_id": position.last_id}).all()
    last_id = max((change_id for change_id, _ in rows), default=position.last_id)
    return LogPosition(last_id=last_id), {product_id for _, product_id in rows}


def prune_log(engine: Engine, read: LogPosition) -> int:
    """Delete the changes committed before `read`, a position every reader has passed;
    returns how many. Runs in a transaction of its own and never waits for a lock: when
    another transaction holds one, nothing is deleted (the next prune tries again)."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("PRAGMA busy_timeout=0")
                    done = delete(SupplyChange).where(SupplyChange.id <= read.last_id)
                    return connection.execute(done).rowcount
                connection.exec_driver_sql("SET LOCAL lock_timeout = 1")
                return connection.execute(
                    _PRUNE_POSTGRES, {"xmax": read.xmax, "seen": read.snapshot}
                ).rowcount
        except OperationalError as exc:
            logger.info("supply change log not pruned this time: %s", exc)
            return 0
        finally:
            if sqlite:  # not back to the pool with a busy timeout of 0: a new one instead
                connection.invalidate()
