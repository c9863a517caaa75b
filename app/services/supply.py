"""Conversion from database rows to the matching library's inputs: the one place it happens.

Two paths. A cold build reads every product, capacity month and certificate with
:func:`load_supply_columns`: Core selects whose dates are turned into integers by the
database, streamed in large batches straight into numpy arrays (no Python object per product
or per capacity month), giving a :class:`matching.SupplyColumns` for
``MatchIndex.fit_columns``. The catch-up after writes reloads a few products with
:func:`load_supply` as :class:`matching.SupplyProduct` objects for ``MatchIndex.upsert``.
"""

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, ColumnElement, Integer, cast, extract, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ClauseElement

from app.models import Capacity, Certificate, Product, Umkm
from matching import NO_DAY, SupplyColumns, SupplyProduct, month_index
from matching import Certificate as SupplyCertificate

CHUNK = 900  # stays under SQLite's bound-parameter limit
BATCH = 200_000  # rows per fetch of the columnar loader
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MONTH_SPAN = 1 << 14
I64 = npt.NDArray[np.int64]


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
    )
    base = select(*product_columns).join(Umkm, Umkm.id == Product.umkm_id)
    capacity_columns = select(Capacity.product_id, Capacity.month, Capacity.quantity_g)
    certificate_columns = select(
        Certificate.umkm_id, Certificate.product_id, Certificate.type, Certificate.expires_on
    )
    if product_ids is None:
        products = session.execute(base.order_by(Product.id)).all()
        capacities = session.execute(capacity_columns).all()
        certificates = session.execute(certificate_columns).all()
    else:
        ids = sorted(set(product_ids))
        products, capacities, certificates = [], [], []
        for chunk in _chunks(ids):
            products += session.execute(base.where(Product.id.in_(chunk))).all()
            capacities += session.execute(
                capacity_columns.where(Capacity.product_id.in_(chunk))
            ).all()
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
            certificates=(*umkm_wide.get(row.umkm_id, ()), *per_product.get(row.id, ())),
            unit_convertible=row.id not in unconvertible,
        )
        for row in products
    ]


def _date(value: object) -> date | None:
    return value.date() if hasattr(value, "date") else None


def load_supply_columns(session: Session) -> SupplyColumns:
    """Every product as :class:`matching.SupplyColumns` (for ``MatchIndex.fit_columns``).

    The same content as ``load_supply(session)``: UMKM-wide certificates are repeated for each
    of the UMKM's products, a capacity month without a gram figure (a counted unit with no unit
    weight) makes the product not convertible, capacity is in kg.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    # the UTC date, whatever the PostgreSQL session's time zone
    updated: ColumnElement[Any] = Product.capacity_updated_at.expression
    if postgres:
        updated = func.timezone("UTC", updated)
    products = select(
        Product.id,
        Product.umkm_id,
        *_day_parts(updated),
        Product.name,
        func.coalesce(Product.description, ""),
        Product.hs_code,
        Umkm.province_code,
        Umkm.regency_code,
    ).join(Umkm, Umkm.id == Product.umkm_id)
    numbers, texts = _fetch(session, products.order_by(Product.id), numeric=5)
    product_id = numbers[:, 0].copy()
    n = len(product_id)

    month = cast(extract("year", Capacity.month), Integer) * 12 + cast(
        extract("month", Capacity.month), Integer
    )
    grams = func.coalesce(Capacity.quantity_g, -1)
    if postgres:
        columns = (Capacity.product_id, month - 1, grams)
        capacity = _copy_integers(session, select(*(cast(c, BigInteger) for c in columns)))
    else:
        # product and month in one integer: a column less to fetch for each of the ~12 rows
        # per product (the month is offset from Jan 1900, well under _MONTH_SPAN)
        key = Capacity.product_id * _MONTH_SPAN + month - (1900 * 12 + 1)
        packed, _ = _fetch(session, select(key, grams), numeric=2)
        product_of, month_of = np.divmod(packed[:, 0], _MONTH_SPAN)
        capacity = np.stack([product_of, month_of + 1900 * 12, packed[:, 1]], axis=1)
    capacity_row, found = _rows_of(product_id, capacity[:, 0])
    capacity = capacity[found]
    capacity_row = capacity_row[found]
    counted = capacity[:, 2] < 0  # no gram figure: the product's capacity has no kg
    unit_convertible = np.ones(n, dtype=np.bool_)
    unit_convertible[capacity_row[counted]] = False

    expires = _day_parts(Certificate.expires_on)
    own, own_types = _fetch(
        session,
        select(Certificate.product_id, *expires, Certificate.type).where(
            Certificate.product_id.is_not(None)
        ),
        numeric=4,
    )
    umkm_wide, umkm_wide_types = _fetch(
        session,
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
        capacity_row=capacity_row[~counted],
        capacity_month=capacity[~counted, 1],
        capacity_kg=capacity[~counted, 2] / 1000,
        certificate_row=np.concatenate([own_row[own_found], wide_row]),
        certificate_type=[own_types_list[i] for i in np.flatnonzero(own_found).tolist()]
        + [wide_types_list[i] for i in wide_source.tolist()],
        certificate_expires_on=np.concatenate(
            [_ordinal(own[own_found, 1:4]), _ordinal(umkm_wide[wide_source, 1:4])]
        ),
    )


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
    rows = np.minimum(np.searchsorted(product_id, ids), max(len(product_id) - 1, 0))
    found = product_id[rows] == ids if len(product_id) else np.zeros(len(ids), dtype=np.bool_)
    return rows, found


def _fetch(
    session: Session, statement: ClauseElement, *, numeric: int
) -> tuple[I64, list[list[Any]]]:
    """Rows of ``statement`` whose first ``numeric`` columns are integers: those as an int64
    matrix, the other columns as lists.

    Runs on the session's DBAPI connection (same transaction) and fetches plain tuples in
    batches of ``BATCH`` rows: SQLAlchemy's Row objects would double the cost of a cold build.
    The statement holds no user input, so its parameters are rendered inline."""
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    dbapi_connection = connection.connection
    if connection.dialect.name == "postgresql":  # a server-side cursor streams the rows
        cursor = dbapi_connection.driver_connection.cursor(name="temu_supply")  # type: ignore[union-attr]
    else:
        cursor = dbapi_connection.cursor()
    blocks: list[I64] = []
    texts: list[list[Any]] = []
    try:
        cursor.execute(sql)
        width = len(cursor.description)
        texts = [[] for _ in range(width - numeric)]
        while batch := cursor.fetchmany(BATCH):
            values = (
                chain.from_iterable(batch) if numeric == width
                else chain.from_iterable(row[:numeric] for row in batch)
            )  # fmt: skip
            flat = np.fromiter(values, dtype=np.int64, count=len(batch) * numeric)
            blocks.append(flat.reshape(len(batch), numeric))
            for j, column in enumerate(texts, start=numeric):
                column.extend([row[j] for row in batch])
    finally:
        cursor.close()
    if not blocks:
        return np.empty((0, numeric), dtype=np.int64), texts
    return np.concatenate(blocks), texts


def _copy_integers(session: Session, statement: ClauseElement) -> I64:
    """PostgreSQL only: the rows of ``statement`` (bigint columns, no NULLs) as an int64
    matrix, through ``COPY ... TO STDOUT (FORMAT binary)``: fixed-width rows that numpy reads
    in place, several times faster than fetching tuples."""
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    driver = connection.connection.driver_connection
    chunks: list[bytes] = []
    with (
        driver.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)") as copy,
    ):
        chunks.extend(bytes(block) for block in copy)
    data = b"".join(chunks)
    # header: 11-byte signature, int32 flags, int32 extension length (+ extension)
    start = 19 + int.from_bytes(data[15:19], "big")
    width = len(statement.selected_columns)  # type: ignore[attr-defined]
    if int.from_bytes(data[start : start + 2], "big", signed=True) == -1:  # no rows
        return np.empty((0, width), dtype=np.int64)
    # each row: int16 column count, then per column int32 length + big-endian int64
    fields = [("count", ">i2")]
    for j in range(width):
        fields += [(f"length{j}", ">i4"), (f"value{j}", ">i8")]
    row_type = np.dtype(fields)
    rows = (len(data) - start - 2) // row_type.itemsize  # the trailer is an int16 -1
    table = np.frombuffer(data, dtype=row_type, count=rows, offset=start)
    if (table["count"] != width).any() or any(
        (table[f"length{j}"] != 8).any() for j in range(width)
    ):
        raise ValueError("unexpected COPY row layout (NULL or non-bigint column)")
    return np.stack([table[f"value{j}"].astype(np.int64) for j in range(width)], axis=1)
