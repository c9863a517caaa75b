"""`temu-dagang backup` / `restore` on SQLite: consistent copies while writes go on."""

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app import cli, schemas, security
from app.backup import BackupError, backup, restore
from app.db import declare_write, make_engine
from app.models import Capacity, CapacityRevision, Product, Umkm
from app.services import capacity
from tests.conftest import ROOT, migrated_engine_at

MONTHS = [date(2027, month, 1) for month in range(1, 7)]


def migrated(path: Path) -> tuple[str, Engine]:
    url = f"sqlite:///{path}"
    return url, migrated_engine_at(url)


def make_products(engine: Engine, count: int) -> list[int]:
    with Session(engine) as session, session.begin():
        umkm = Umkm(name="UD Backup Makmur", province_code="64", regency_code="64.71")
        session.add(umkm)
        session.flush()
        products = [Product(umkm_id=umkm.id, name=f"keripik {i}") for i in range(count)]
        session.add_all(products)
        session.flush()
        return [product.id for product in products]


def write_capacity(
    engine: Engine, product_ids: list[int], started: threading.Event, stop: threading.Event
) -> int:
    """Capacity changes through the app's service until `stop`; returns how many."""
    written = 0
    while not stop.is_set():
        with Session(engine) as session:
            declare_write(session)
            capacity.set_capacity(
                session=session,
                product_id=product_ids[written % len(product_ids)],
                month=MONTHS[written % len(MONTHS)],
                data=schemas.CapacitySet(quantity=Decimal(100 + written), unit="kg"),
                principal=security.SYSTEM,
            )
            session.commit()
        written += 1
        started.set()
    return written


def head_revision() -> str:
    head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
    assert head is not None
    return head


def check_restored(url: str) -> int:
    """Every invariant the app keeps in one transaction holds; returns the revisions."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == (
                head_revision()
            )
        with Session(engine) as session:
            history = (
                select(
                    CapacityRevision.product_id,
                    CapacityRevision.month,
                    func.count().label("revisions"),
                    func.max(CapacityRevision.revision).label("newest"),
                )
                .group_by(CapacityRevision.product_id, CapacityRevision.month)
                .subquery()
            )
            rows = session.execute(
                select(
                    Capacity.revision, Capacity.quantity, history.c.revisions, history.c.newest
                ).outerjoin(
                    history,
                    (history.c.product_id == Capacity.product_id)
                    & (history.c.month == Capacity.month),
                )
            ).all()
            for revision, _, revisions, newest in rows:
                assert revision == revisions == newest
            latest = session.execute(
                select(Capacity.quantity, CapacityRevision.quantity).join(
                    CapacityRevision,
                    (CapacityRevision.product_id == Capacity.product_id)
                    & (CapacityRevision.month == Capacity.month)
                    & (CapacityRevision.revision == Capacity.revision),
                )
            ).all()
            assert len(latest) == len(rows)
            assert all(current == recorded for current, recorded in latest)
            return sum(revision for revision, *_ in rows)
    finally:
        engine.dispose()


def integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]


def test_backups_taken_during_writes_restore_to_a_consistent_database(tmp_path: Path) -> None:
    url, engine = migrated(tmp_path / "live.db")
    product_ids = make_products(engine, 20)
    started, stop = threading.Event(), threading.Event()
    counts: list[int] = []
    writer = threading.Thread(
        target=lambda: counts.append(write_capacity(engine, product_ids, started, stop))
    )
    writer.start()
    assert started.wait(10)
    try:
        seen: list[int] = []
        for attempt in range(5):
            stop.wait(0.05)  # let some writes land between backups
            target = tmp_path / f"backup-{attempt}.db"
            info = backup(database_url=url, target=target)
            assert info.revision == head_revision() and info.at_head
            assert integrity(target) == ["ok"]
            assert not Path(f"{target}-wal").exists()  # one self-contained file

            restored = tmp_path / f"restored-{attempt}.db"
            restore(database_url=f"sqlite:///{restored}", source=target)
            seen.append(check_restored(f"sqlite:///{restored}"))
    finally:
        stop.set()
        writer.join(timeout=30)
        engine.dispose()
    assert counts and counts[0] > 0
    # The writes went on during the backups: each copy holds more of them than the last.
    assert seen == sorted(seen) and seen[-1] > seen[0] > 0
    assert check_restored(url) == counts[0]


def test_restore_replaces_an_existing_database_only_with_force(tmp_path: Path) -> None:
    url, engine = migrated(tmp_path / "live.db")
    product_ids = make_products(engine, 1)
    with Session(engine) as session, session.begin():
        capacity.set_capacity(
            session=session,
            product_id=product_ids[0],
            month=MONTHS[0],
            data=schemas.CapacitySet(quantity=Decimal(5), unit="kg"),
            principal=security.SYSTEM,
        )
    saved = tmp_path / "saved.db"
    backup(database_url=url, target=saved)
    with pytest.raises(BackupError, match="exists; pass --force"):
        backup(database_url=url, target=saved)
    engine.dispose()
    # A service killed mid-write leaves a -wal behind; the restore must not let SQLite
    # replay it onto the restored file.
    crash = (
        "import os, sqlite3; c = sqlite3.connect(os.environ['DB'], isolation_level=None);"
        'c.execute("insert into umkm (name, province_code, regency_code, has_exported,'
        " created_at, updated_at) values ('after the backup', '64', '64.71', 0,"
        " '2027-01-01', '2027-01-01')\"); os._exit(0)"
    )
    env = {**os.environ, "DB": str(tmp_path / "live.db")}
    subprocess.run([sys.executable, "-c", crash], env=env, check=True)
    assert Path(f"{tmp_path / 'live.db'}-wal").stat().st_size > 0

    with pytest.raises(BackupError, match="exists; stop the service and pass --force"):
        restore(database_url=url, source=saved)
    restore(database_url=url, source=saved, force=True)

    assert not Path(f"{tmp_path / 'live.db'}-wal").exists()
    assert check_restored(url) == 1
    restored = make_engine(url)
    with Session(restored) as session:
        assert session.scalar(select(func.count()).select_from(Umkm)) == 1
    restored.dispose()


def test_restore_refuses_a_damaged_or_foreign_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(BackupError):
        restore(database_url=url, source=garbage)

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("create table alembic_version (version_num varchar(32))")
        connection.execute("insert into alembic_version values ('0123456789ab')")
    with pytest.raises(BackupError, match="revision 0123456789ab, which this version does not"):
        restore(database_url=url, source=foreign)

    not_ours = tmp_path / "not-ours.db"
    with sqlite3.connect(not_ours) as connection:
        connection.execute("create table note (text varchar)")
    with pytest.raises(BackupError, match="not a Temu Dagang database"):
        restore(database_url=url, source=not_ours)
    assert not (tmp_path / "live.db").exists()  # nothing was put in place


def test_postgresql_is_refused_with_the_pg_dump_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://temu:secret@db.local:5432/temu"
    monkeypatch.setattr(cli.settings, "database_url", url)
    assert cli.main(["backup", str(tmp_path / "x.dump")]) == 2
    message = capsys.readouterr().err
    assert "pg_dump --format=custom --file PATH 'postgresql://temu:***@db.local:5432/temu'" in (
        message
    )
    assert "secret" not in message
    assert cli.main(["restore", str(tmp_path / "x.dump")]) == 2
    assert "pg_restore --clean --if-exists" in capsys.readouterr().err


def test_cli_backup_and_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, engine = migrated(tmp_path / "live.db")
    engine.dispose()
    monkeypatch.setattr(cli.settings, "database_url", url)
    assert cli.main(["backup", str(tmp_path / "copy.db")]) == 0
    assert cli.main(["restore", str(tmp_path / "copy.db")]) == 2  # live.db exists
    assert cli.main(["restore", "--force", str(tmp_path / "copy.db")]) == 0
    assert check_restored(url) == 0
