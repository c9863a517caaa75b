"""A snapshot of the supply index on disk (issue 17): a worker that starts from it and catches
up from the supply change log ranks exactly as a worker that ran all along, and a snapshot of
another database, or one older than the change log keeps, is not used."""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

import app.services.matching
from app import schemas, security
from app.services import capacity as capacity_service
from app.services import certificates as certificates_service
from app.services import duplicates as duplicates_service
from app.services import products as products_service
from app.services import umkm as umkm_service
from app.services.matching import SupplyIndex, make_demand
from matching import Match
from tests.conftest import BACKENDS, TODAY, fresh_database_url, migrated_engine_at

DEMANDS = [
    make_demand("kue salak", None, 400_000, date(2027, 1, 1), 3, ()),
    make_demand("snake fruit cake", None, 900_000, date(2027, 1, 1), 3, ("HALAL",)),
    make_demand("cabe rawit", None, 100_000, date(2027, 2, 1), 2, ()),
    make_demand("keripik pisang", None, 100_000, date(2027, 1, 1), 6, ()),
]
NAMES = ["Kue Salak Bu Siti 250 gr", "Cake Salak Premium", "Cabe Rawit Merah", "Dodol Salak",
         "Keripik Pisang Khas Berau", "Kue Salak Mama Ani"]  # fmt: skip


def _filled(url: str) -> tuple[Engine, int, list[int]]:
    engine = migrated_engine_at(url)
    with Session(engine) as session, session.begin():
        umkm = umkm_service.create_umkm(
            session=session,
            data=schemas.UmkmCreate(name="UMKM Salak", regency_code="64.71"),
            principal=security.SYSTEM,
        )
        product_ids = []
        for position, name in enumerate(NAMES):
            product = products_service.create_product(
                session=session,
                umkm_id=umkm.id,
                data=schemas.ProductCreate(name=name),
                principal=security.SYSTEM,
            )
            _capacity(session, product.id, 300 + 100 * position)
            product_ids.append(product.id)
        umkm_id = umkm.id
    return engine, umkm_id, product_ids


def _capacity(session: Session, product_id: int, kg: int) -> None:
    capacity_service.set_capacity_bulk(
        session=session,
        product_id=product_id,
        data=schemas.CapacityBulkSet(
            items=[
                schemas.CapacityMonthSet(month=date(2027, month, 1), quantity=Decimal(kg))
                for month in range(1, 7)
            ]
        ),
        principal=security.SYSTEM,
    )


@pytest.fixture(params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, int, list[int]]]:
    urls = fresh_database_url(request.param, tmp_path_factory)
    engine, umkm_id, product_ids = _filled(next(urls))
    try:
        yield engine, umkm_id, product_ids
    finally:
        engine.dispose()
        for _ in urls:
            pass


def _index(path: Path) -> SupplyIndex:
    return SupplyIndex(stale_after_months=2, today=lambda: TODAY, snapshot_path=path)


def _ranked(index: SupplyIndex, engine: Engine) -> list[list[Match]]:
    with Session(engine) as session:
        return [index.query(session, demand, limit=20) for demand in DEMANDS]


def _started(index: SupplyIndex, engine: Engine) -> SupplyIndex:
    with Session(engine) as session:
        index.build(session)
    return index


def test_a_restarted_worker_ranks_exactly_as_a_long_running_one(
    database: tuple[Engine, int, list[int]], tmp_path: Path
) -> None:
    engine, umkm_id, product_ids = database
    snapshot = tmp_path / "index.snapshot"
    running = _started(_index(snapshot), engine)
    assert running.made_from == "build" and snapshot.is_file()
    # Writes after the snapshot, read by the running worker at its next match.
    with Session(engine) as session, session.begin():
        _capacity(session, product_ids[0], 5000)
        products_service.update_product(
            session=session,
            product_id=product_ids[1],
            data=schemas.ProductUpdate(name="Peyek Kepiting"),
            principal=security.SYSTEM,
        )
        duplicates_service.delete_product(
            session=session, product_id=product_ids[3], principal=security.SYSTEM
        )
        certificates_service.create_certificate(
            session=session,
            umkm_id=umkm_id,
            data=schemas.CertificateCreate(type="HALAL", number="ID-HALAL-1"),
            principal=security.SYSTEM,
        )
        new = products_service.create_product(
            session=session,
            umkm_id=umkm_id,
            data=schemas.ProductCreate(name="Bolu Salak Ibu Rina"),
            principal=security.SYSTEM,
        )
        _capacity(session, new.id, 2000)
        new_id = new.id
    long_running = _ranked(running, engine)
    restarted = _started(_index(snapshot), engine)
    assert restarted.made_from == "snapshot"
    assert _ranked(restarted, engine) == long_running
    # and both as an index built from every product now
    assert _ranked(_started(_index(tmp_path / "other"), engine), engine) == long_running
    first = long_running[0]
    assert first[0].product_id == product_ids[0]  # 5,000 kg a month now: it covers the quota
    assert new_id in {match.product_id for match in first}
    assert not {product_ids[1], product_ids[3]} & {match.product_id for match in first}
    assert all(match.components.certification_fit == 1.0 for match in long_running[1])


def test_a_snapshot_of_another_database_is_not_used(
    database: tuple[Engine, int, list[int]],
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    engine, _, _ = database
    snapshot = tmp_path / "index.snapshot"
    _started(_index(snapshot), engine)
    backend = engine.dialect.name if engine.dialect.name == "sqlite" else "postgresql"
    urls = fresh_database_url(backend, tmp_path_factory)
    other = migrated_engine_at(next(urls))
    try:
        started = _started(_index(snapshot), other)
        assert started.made_from == "build"
        assert started.size == 0
    finally:
        other.dispose()
        for _ in urls:
            pass


def test_a_snapshot_older_than_the_log_keeps_is_not_used(
    database: tuple[Engine, int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, _, product_ids = database
    snapshot = tmp_path / "index.snapshot"
    _started(_index(snapshot), engine)
    assert _started(_index(snapshot), engine).made_from == "snapshot"
    # Half of what the log keeps has passed since: changes since may have been pruned.
    monkeypatch.setattr(app.services.matching, "CHANGE_LOG_KEPT", timedelta(seconds=0))
    started = _started(_index(snapshot), engine)
    assert started.made_from == "build"
    assert started.size == len(product_ids)


def test_a_damaged_snapshot_is_built_again(
    database: tuple[Engine, int, list[int]], tmp_path: Path
) -> None:
    engine, _, product_ids = database
    snapshot = tmp_path / "index.snapshot"
    _started(_index(snapshot), engine)
    snapshot.write_bytes(snapshot.read_bytes()[:1000])
    started = _started(_index(snapshot), engine)
    assert started.made_from == "build" and started.size == len(product_ids)
    assert _started(_index(snapshot), engine).made_from == "snapshot"  # saved anew


def test_a_large_index_is_frozen_out_of_the_collector_and_freed_when_built_again(
    database: tuple[Engine, int, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection walks every tracked object: after building a large index the
    service freezes what is there (no query waits for a walk over it); the index a later
    build replaces is still freed, and a small index is left alone."""
    import gc
    import weakref

    engine, _, _ = database
    monkeypatch.setattr(app.services.matching, "SETTLE_FROM", 1)
    index = _index(tmp_path / "index.snapshot")
    try:
        _started(index, engine)
        assert gc.get_freeze_count() > 0
        first = weakref.ref(index._index)  # type: ignore[arg-type]
        with Session(engine) as session:
            index._build(session)  # as after a long idle
        assert index.made_from == "build"
        gc.collect()
        assert first() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    monkeypatch.setattr(app.services.matching, "SETTLE_FROM", 10_000)
    small = _started(_index(tmp_path / "small.snapshot"), engine)
    assert small.size < 10_000 and gc.get_freeze_count() == 0
