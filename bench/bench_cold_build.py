"""Benchmark a cold build of the matching index from the database. Prints, never asserts.

    .venv/bin/python bench/bench_cold_build.py --sizes 100000,1000000
    .venv/bin/python bench/bench_cold_build.py --sizes 1000000 --catalogue classic

Per size and backend (a fresh SQLite file; and a fresh PostgreSQL database, dropped
afterwards, when a server answers at 127.0.0.1:5432 as user postgres with trust auth): the
schema is migrated with Alembic and filled with synthetic supply (20k UMKM, N products with
bench_matching's names: the realistic catalogue by default, distinct names 23 % of products,
or ``--catalogue classic``, 4,000 names; 12 months of capacity each, ~1% in counted units with
no unit weight, UMKM-wide and product certificates) by bulk inserts (executemany on SQLite, COPY on
PostgreSQL). Then, each in a fresh process so its peak RSS is its own:

* ``columns``: what a build does with the columnar loader: ``load_supply_columns`` then
  ``MatchIndex.fit_columns`` (the load and fit times are printed separately);
* ``service``: ``app.services.matching.SupplyIndex(stale_after_months=2).build(session)``
  as the service does it at start-up (the same columnar load and fit; ``--skip-service``
  leaves it out), with a snapshot path (``MATCH_SNAPSHOT``): it builds from every product and
  saves the snapshot (the time of that save is printed apart);
* ``snapshot``: a restart: after ``--changes`` (1,000) writes are logged (capacity of as many
  products changed, as the service writes them, each with its supply change row), the same
  ``SupplyIndex(...).build(session)`` loads the snapshot and catches up from the change log.
  The target is the restart <= 15 s at 1M products.
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
UMKM = 20_000
MONTHS = [date(2025, m, 1) for m in range(1, 13)]
PROVINCES = ("64", "63", "62", "61", "65", "35", "33", "32", "51", "52", "73", "11")
UMKM_CERTS = ("NIB", "HALAL", "PIRT")
PRODUCT_CERTS = ("BPOM_MD", "HALAL", "HACCP", "ORGANIC", "GACC", "FDA")
STAMP = "2025-12-01 08:00:00"
BATCH = 100_000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _day(ordinals: np.ndarray) -> list[str]:
    return [date.fromordinal(int(d)).isoformat() for d in ordinals]


def _rows(n: int, catalogue: str, seed: int = 1) -> dict[str, list[tuple[Any, ...]]]:
    """The synthetic tables as lists of tuples, in column order of the INSERTs below."""
    from bench_matching import assign_names

    rng = np.random.default_rng(seed)
    umkm = [
        (i, f"UMKM {i}", PROVINCES[i % len(PROVINCES)], f"{PROVINCES[i % len(PROVINCES)]}.01")
        for i in range(1, UMKM + 1)
    ]
    names, hs_codes, name_array = assign_names(n, rng, catalogue)
    name_of = name_array.tolist()
    umkm_of = rng.integers(1, UMKM + 1, size=n).tolist()
    start, stop = date(2025, 1, 1).toordinal(), date(2025, 12, 20).toordinal()
    updated_days = rng.integers(start, stop, size=n)
    updated_text = {d: f"{date.fromordinal(d).isoformat()} 09:30:00" for d in range(start, stop)}
    updated = [updated_text[d] for d in updated_days.tolist()]
    never = rng.random(n) < 0.02
    product = [
        (i + 1, umkm_of[i], names[name_of[i]], hs_codes[name_of[i]],
         None if never[i] else updated[i])
        for i in range(n)
    ]  # fmt: skip
    counted = rng.random(n) < 0.01  # counted units with no unit weight: no gram figure
    grams = (rng.lognormal(6.5, 1.0, size=(n, 12)) * 1000).round().astype(np.int64)
    month_text = [m.isoformat() for m in MONTHS]
    capacity_grams = grams.tolist()
    counted_list = counted.tolist()
    capacity = [
        (i + 1, month_text[j], capacity_grams[i][j] / 1000,
         None if counted_list[i] else capacity_grams[i][j])
        for i in range(n)
        for j in range(12)
    ]  # fmt: skip
    expiry_range = (date(2025, 6, 1).toordinal(), date(2028, 1, 1).toordinal())
    certificate: list[tuple[Any, ...]] = []
    for i in range(1, UMKM + 1):
        for j, cert_type in enumerate(UMKM_CERTS):
            if j == 0 or rng.random() < 0.4:
                expires = None if j == 0 else _day(rng.integers(*expiry_range, size=1))[0]
                certificate.append((i, None, cert_type, expires))
    with_cert = np.flatnonzero(rng.random(n) < 0.3)
    cert_types = rng.integers(len(PRODUCT_CERTS), size=len(with_cert)).tolist()
    expires_on = _day(rng.integers(*expiry_range, size=len(with_cert)))
    for k, i in enumerate(with_cert.tolist()):
        certificate.append((umkm_of[i], i + 1, PRODUCT_CERTS[cert_types[k]], expires_on[k]))
    return {"umkm": umkm, "product": product, "capacity": capacity, "certificate": certificate}


def _migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from app.db import make_engine

    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    engine = make_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    engine.dispose()


def _fill_sqlite(url: str, tables: dict[str, list[tuple[Any, ...]]]) -> None:
    import sqlite3

    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    connection.execute("PRAGMA synchronous=OFF")
    stamp = STAMP + ".000000"
    statements = {
        "umkm": (
            "INSERT INTO umkm (id, name, province_code, regency_code, has_exported, created_at,"
            f" updated_at) VALUES (?, ?, ?, ?, 0, '{stamp}', '{stamp}')"
        ),
        "product": (
            "INSERT INTO product (id, umkm_id, name, hs_code, capacity_updated_at, unit,"
            " supply_changed_at, created_at, updated_at)"
            f" VALUES (?, ?, ?, ?, ?, 'kg', '{stamp}', '{stamp}', '{stamp}')"
        ),
        "capacity": (
            "INSERT INTO capacity (product_id, month, quantity, quantity_g, unit, revision,"
            f" updated_at, updated_by) VALUES (?, ?, ?, ?, 'kg', 1, '{stamp}', 'bench')"
        ),
        "certificate": (
            "INSERT INTO certificate (umkm_id, product_id, type, expires_on, created_at,"
            f" updated_at) VALUES (?, ?, ?, ?, '{stamp}', '{stamp}')"
        ),
    }
    for table, statement in statements.items():
        rows = tables[table]
        if table == "product":  # SQLAlchemy's SQLite datetime text format
            rows = [(*r[:4], None if r[4] is None else r[4] + ".000000") for r in rows]
        connection.execute("BEGIN")
        for start in range(0, len(rows), BATCH):
            connection.executemany(statement, rows[start : start + BATCH])
        connection.execute("COMMIT")
    connection.close()


def _fill_postgres(url: str, tables: dict[str, list[tuple[Any, ...]]]) -> None:
    import psycopg

    stamp = STAMP + "+00"
    columns = {
        "umkm": "id, name, province_code, regency_code, has_exported, created_at, updated_at",
        "product": (
            "id, umkm_id, name, hs_code, capacity_updated_at, unit, supply_changed_at,"
            " created_at, updated_at"
        ),
        "capacity": (
            "product_id, month, quantity, quantity_g, unit, revision, updated_at, updated_by"
        ),
        "certificate": "umkm_id, product_id, type, expires_on, created_at, updated_at",
    }
    extra = {
        "umkm": ("f", stamp, stamp),
        "product": ("kg", stamp, stamp, stamp),
        "capacity": ("kg", 1, stamp, "bench"),
        "certificate": (stamp, stamp),
    }
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        for table, names in columns.items():
            tail = extra[table]
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in tables[table]:
                    if table == "product" and row[4] is not None:
                        row = (*row[:4], row[4] + "+00")
                    copy.write_row((*row, *tail))
        for table in ("umkm", "product", "capacity", "certificate"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
            cursor.execute(f"ANALYZE {table}")


def fill(url: str, n: int, catalogue: str) -> dict[str, Any]:
    started = time.perf_counter()
    _migrate(url)
    tables = _rows(n, catalogue)
    generated = time.perf_counter()
    if url.startswith("sqlite"):
        _fill_sqlite(url, tables)
    else:
        _fill_postgres(url, tables)
    return {
        "rows": {table: len(rows) for table, rows in tables.items()},
        "names": len({row[2] for row in tables["product"]}),
        "generate_s": generated - started,
        "insert_s": time.perf_counter() - generated,
    }


def change(url: str, count: int) -> dict[str, Any]:
    """``count`` capacity writes through the service functions (each logs a supply change)."""
    from datetime import date as day
    from decimal import Decimal

    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from app import schemas, security
    from app.db import make_engine
    from app.models import Product
    from app.services import capacity as capacity_service

    engine = make_engine(url)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        top = session.scalar(select(func.max(Product.id))) or 0
        rng = np.random.default_rng(5)
        for product_id in rng.choice(top, size=min(count, top), replace=False).tolist():
            capacity_service.set_capacity_bulk(
                session=session,
                product_id=product_id + 1,
                data=schemas.CapacityBulkSet(
                    items=[schemas.CapacityMonthSet(month=day(2025, 12, 1), quantity=Decimal(777))]
                ),
                principal=security.SYSTEM,
            )
    engine.dispose()
    return {"changes": count, "change_s": time.perf_counter() - started}


def build(url: str, how: str, snapshot: str) -> dict[str, Any]:
    from sqlalchemy.orm import Session

    from app import reference
    from app.db import make_engine
    from app.services.matching import SupplyIndex
    from app.services.supply import load_supply_columns
    from matching import MatchIndex

    descriptions = reference.hs_descriptions()  # loaded once per process in the service too
    engine = make_engine(url)
    result: dict[str, Any] = {"how": how}
    with Session(engine) as session:
        started = time.perf_counter()
        if how == "columns":
            columns = load_supply_columns(session)
            loaded = time.perf_counter()
            index = MatchIndex(hs_descriptions=descriptions, stale_after_months=2)
            index.fit_columns(columns)
            result["load_s"] = loaded - started
            result["fit_s"] = time.perf_counter() - loaded
            result["products"] = len(index)
            result["index_mb"] = index.memory_bytes() / 1e6
            result["names"] = len(index.vocabulary_.name_texts)
        else:
            supply = SupplyIndex(stale_after_months=2, snapshot_path=snapshot)
            saving = []
            save = supply._save

            def timed_save(session: Session) -> None:
                began = time.perf_counter()
                save(session)
                saving.append(time.perf_counter() - began)

            supply._save = timed_save  # type: ignore[method-assign]
            result["products"] = supply.build(session)
            result["made_from"] = supply.made_from
            result["save_s"] = sum(saving)
            result["snapshot_mb"] = Path(snapshot).stat().st_size / 1e6
        result["build_s"] = time.perf_counter() - started
    engine.dispose()
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _child(*args: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, *args], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _run(backend: str, url: str, n: int, args: argparse.Namespace, folder: str) -> None:
    filled = _child("--fill", url, str(n), args.catalogue)
    rows = filled["rows"]
    print(
        f"{backend:<10} N={n:>9,} ({args.catalogue}, {filled['names']:,} distinct names)  rows: "
        f"{rows['umkm']:,} umkm, {rows['product']:,} products, {rows['capacity']:,} capacity, "
        f"{rows['certificate']:,} certificates  "
        f"fill={filled['generate_s'] + filled['insert_s']:.1f} s "
        f"(generate {filled['generate_s']:.1f} s, insert {filled['insert_s']:.1f} s)",
        flush=True,
    )
    snapshot = f"{folder}/index-{backend}.snapshot"
    for how in ("columns", "service", "snapshot"):
        if how != "columns" and args.skip_service:
            continue
        if how == "snapshot":
            changed = _child("--change", url, str(args.changes))
            print(
                f"    {changed['changes']:,} capacity writes logged in {changed['change_s']:.1f} s",
                flush=True,
            )
        built = _child("--build", url, how, snapshot)
        if how == "columns":
            detail = (
                f" (load {built['load_s']:.1f} s + fit {built['fit_s']:.1f} s,"
                f" index {built['index_mb']:.0f} MB, {built['names']:,} names)"
            )
        else:
            detail = (
                f" (from the {built['made_from']}; snapshot saved in {built['save_s']:.1f} s,"
                f" {built['snapshot_mb']:.0f} MB)"
                if how == "service"
                else f" (from the {built['made_from']}, caught up)"
            )
        print(
            f"    {how:<8} build={built['build_s']:6.1f} s{detail}  "
            f"products={built['products']:,}  peak RSS={built['peak_rss_mb']:,.0f} MB",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--skip-service", action="store_true")
    parser.add_argument("--catalogue", choices=("realistic", "classic"), default="realistic")
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--fill", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--change", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        print(json.dumps(fill(args.fill[0], int(args.fill[1]), args.fill[2])))
        return
    if args.change:
        print(json.dumps(change(args.change[0], int(args.change[1]))))
        return
    if args.build:
        print(json.dumps(build(*args.build)))
        return

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    backends = args.backends.split(",")
    for n in (int(s) for s in args.sizes.split(",")):
        if "sqlite" in backends:
            with tempfile.TemporaryDirectory() as directory:
                _run("sqlite", f"sqlite:///{directory}/bench.db", n, args, directory)
        if "postgresql" in backends:
            if not _postgres_answers():
                print("postgresql: no server at 127.0.0.1:5432, skipped", flush=True)
                continue
            name = f"temu_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(PG_ADMIN).set(database=name).render_as_string(False)
                with tempfile.TemporaryDirectory() as directory:
                    _run("postgresql", url, n, args, directory)
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
