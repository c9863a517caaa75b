"""Benchmark spreadsheet imports (issue 14). Prints, never asserts.

    .venv/bin/python bench/bench_import.py [--umkm 10000] [--products 4000] [--months 12]

Per backend (a fresh SQLite file; and a fresh PostgreSQL database, dropped afterwards, when a
server answers at 127.0.0.1:5432 as user postgres with trust auth), migrated with Alembic:

* dry run of an UMKM register of --umkm rows, CSV and XLSX (targets: <= 1 s), written the way
  offices write them (Indonesian headers, "0812…" phones, "Kab. …" regency names);
* the import of that register, and the dry run again (every row unchanged);
* the import of --products products, then of --products x --months capacity rows (long form:
  one row per product and month, "1.500"-style numbers; target: <= 30 s), through the same
  service functions as the capacity API (revisions, audit, supply stamps);
* the first match after it: the supply index, built before the import, catches up.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REGENCIES = [
    "Kota Balikpapan",
    "Kota Samarinda",
    "Kab. Kutai Timur",
    "Kutai Kartanegara",
    "Kabupaten Berau",
    "Paser",
    "Kota Bontang",
    "Kutai Barat",
]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def umkm_rows(n: int) -> list[list[Any]]:
    rng = random.Random(14)
    return [
        [
            f"KT-{i:05d}",
            f"{9120000000000 + i}",
            f"UMKM Bench {i}",
            REGENCIES[i % len(REGENCIES)],
            f"0812 {rng.randrange(1000, 9999)} {i % 10000:04d}",
            f"Jl. Bench {i}",
            "tidak",
        ]
        for i in range(n)
    ]


UMKM_HEADERS = ["Kode", "NIB", "Nama UMKM", "Kabupaten/Kota", "No. HP", "Alamat", "Pernah Ekspor"]


def _timed(label: str, work: Callable[[], Any]) -> Any:
    """Runs `work`, prints its wall time and this process's CPU time (on a machine shared
    with other work the CPU time is the steadier figure; the database server's time, for
    PostgreSQL, is only in the wall time)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label:58} {wall:7.2f} s wall {used:7.2f} s cpu", flush=True)
    return result


def run(url: str, args: argparse.Namespace) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from app.importing import ImportKind
    from app.principal import Principal
    from app.services import imports
    from app.services.matching import SupplyIndex
    from app.services.offices import ensure_office
    from app.spreadsheets import write_xlsx

    engine = make_engine(url)
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    with Session(engine) as session, session.begin():
        office = ensure_office(session, name="Dinas Bench", province_code="64")
        principal = Principal(name="bench", role=None, office_id=office.id)

    def do(kind: ImportKind, name: str, data: bytes, dry_run: bool) -> dict[str, int]:
        with Session(engine) as session, session.begin():
            job = imports.run_import(
                session=session,
                principal=principal,
                kind=kind,
                filename=name,
                data=data,
                dry_run=dry_run,
            )
            counts: dict[str, int] = job.counts
            return counts

    rows = umkm_rows(args.umkm)
    register_csv = _csv(UMKM_HEADERS, rows)
    register_xlsx = write_xlsx(UMKM_HEADERS, rows, sheet="umkm")
    n = args.umkm
    counts = _timed(
        f"dry run, {n} UMKM rows, CSV",
        lambda: do(ImportKind.UMKM, "r.csv", register_csv, True),
    )
    _timed(
        f"dry run, {n} UMKM rows, XLSX", lambda: do(ImportKind.UMKM, "r.xlsx", register_xlsx, True)
    )
    print(f"    {counts}")
    _timed(f"import, {n} UMKM rows, CSV", lambda: do(ImportKind.UMKM, "r.csv", register_csv, False))
    counts = _timed(
        f"dry run again, {n} UMKM rows (all unchanged)",
        lambda: do(ImportKind.UMKM, "r.csv", register_csv, True),
    )
    print(f"    {counts}")

    products = [[f"KT-{i % n:05d}", f"Produk {i}", "19059030", "kg"] for i in range(args.products)]
    products_csv = _csv(["Kode", "Nama Produk", "Kode HS", "Satuan"], products)
    _timed(
        f"import, {args.products} products",
        lambda: do(ImportKind.PRODUCTS, "p.csv", products_csv, False),
    )

    index = SupplyIndex(stale_after_months=2)
    with Session(engine) as session:
        index.build(session)
    capacity = [
        [f"KT-{i % n:05d}", f"Produk {i}", f"{MONTH_NAMES[m]} 2027", f"{1 + (i + m) % 9}.500", "kg"]
        for i in range(args.products)
        for m in range(args.months)
    ]
    capacity_csv = _csv(["Kode", "Produk", "Bulan", "Kapasitas", "Satuan"], capacity)
    rows_n = len(capacity)
    counts = _timed(
        f"dry run, {rows_n} capacity rows",
        lambda: do(ImportKind.CAPACITY, "c.csv", capacity_csv, True),
    )
    counts = _timed(
        f"import, {rows_n} capacity rows ({args.products} x {args.months})",
        lambda: do(ImportKind.CAPACITY, "c.csv", capacity_csv, False),
    )
    print(f"    {counts}")
    counts = _timed(
        f"import again, {rows_n} capacity rows (all unchanged)",
        lambda: do(ImportKind.CAPACITY, "c.csv", capacity_csv, False),
    )
    print(f"    {counts}")

    from datetime import date

    from app.services.matching import make_demand

    def first_match() -> int:
        demand = make_demand("Produk 7", "19059030", 100_000, date(2027, 1, 1), 1, ())
        with Session(engine) as session:
            index.query(session, demand, limit=5)
            return index.size

    size = _timed("first match after the import (index catch-up)", first_match)
    print(f"    index holds {size} products")
    engine.dispose()


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--umkm", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=4_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite", flush=True)
        run(f"sqlite:///{folder}/bench.db", args)
    if args.skip_postgres or not _postgres_answers():
        print("PostgreSQL: skipped (no server at 127.0.0.1:5432)")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"temu_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        print("PostgreSQL", flush=True)
        run(make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), args)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
