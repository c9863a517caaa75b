"""Match indexes catch up from the supply change log, whenever a write commits.

Two SupplyIndex instances on two engines stand for two workers on one database. A write made
through one is in the next match through the other, also when the write's transaction stayed
open (or waited on a row lock) far longer than the 10 s margin the catch-up once relied on.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import app.services.matching
from app import schemas, security
from app.config import settings
from app.db import make_engine
from app.models import SupplyChange
from app.services import capacity as capacity_service
from app.services import certificates as certificates_service
from app.services import products as products_service
from app.services import umkm as umkm_service
from app.services.matching import SupplyIndex, make_demand
from matching import MISSING_CERTIFICATION, Match
from tests.conftest import BACKENDS, TODAY, fresh_database_url, migrated_engine_at

# Longer than the margin the old catch-up allowed a write to take (CATCH_UP_MARGIN, 10 s).
LONGER_THAN_THE_OLD_MARGIN = 11.0
DEMAND = make_demand("kue salak", None, 100_000, date(2027, 1, 1), 3, ("HALAL",))


@dataclass
class Workers:
    """Two engines on one database, as two worker processes would have."""

    first: Engine
    second: Engine
    umkm_id: int
    product_id: int

    @property
    def postgres(self) -> bool:
        return self.first.dialect.name == "postgresql"


@pytest.fixture(params=BACKENDS)
def workers(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Workers]:
    urls = fresh_database_url(request.param, tmp_path_factory)
    url = next(urls)
    # Writes in these tests wait on locks far longer than the default lock timeout.
    monkeypatch.setattr(settings, "database_lock_timeout_seconds", 60.0)
    first = migrated_engine_at(url)
    second = make_engine(url)
    with Session(first) as session, session.begin():
        umkm = umkm_service.create_umkm(
            session=session,
            data=schemas.UmkmCreate(name="UMKM Salak", regency_code="64.71"),
            principal=security.SYSTEM,
        )
        product = products_service.create_product(
            session=session,
            umkm_id=umkm.id,
            data=schemas.ProductCreate(name="kue salak"),
            principal=security.SYSTEM,
        )
        capacity_service.set_capacity_bulk(
            session=session,
            product_id=product.id,
            data=schemas.CapacityBulkSet(
                items=[
                    schemas.CapacityMonthSet(month=date(2027, m, 1), quantity=Decimal(500))
                    for m in (1, 2, 3)
                ]
            ),
            principal=security.SYSTEM,
        )
        ids = umkm.id, product.id
    try:
        yield Workers(first, second, *ids)
    finally:
        first.dispose()
        second.dispose()
        for _ in urls:
            pass


def _index() -> SupplyIndex:
    return SupplyIndex(stale_after_months=2, today=lambda: TODAY)


def _match(index: SupplyIndex, engine: Engine) -> Match:
    """The one product's match, read as a request of that worker would read it."""
    with Session(engine) as session:
        if engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        (match,) = index.query(session, DEMAND, limit=10)
    return match


def _flag_codes(match: Match) -> set[str]:
    return {flag.code for flag in match.flags}


def _certify(session: Session, umkm_id: int) -> None:
    """An UMKM-wide halal certificate: the write stamps every product of the UMKM."""
    certificates_service.create_certificate(
        session=session,
        umkm_id=umkm_id,
        data=schemas.CertificateCreate(type="HALAL", number="ID-HALAL-1"),
        principal=security.SYSTEM,
    )


def _keep_matching(index: SupplyIndex, engine: Engine, until: threading.Event) -> list[Match]:
    """Match through `index` every quarter second until `until` is set (the catch-ups the old
    margin counted from); returns what those matches saw."""
    seen = []
    while not until.wait(0.25):
        seen.append(_match(index, engine))
    return seen


@contextmanager
def _matching_meanwhile(index: SupplyIndex, engine: Engine) -> Iterator[list[Match]]:
    done = threading.Event()
    seen: list[Match] = []
    thread = threading.Thread(target=lambda: seen.extend(_keep_matching(index, engine, done)))
    thread.start()
    try:
        yield seen
    finally:
        done.set()
        thread.join()


def test_a_write_through_one_worker_is_in_the_next_match_through_the_other(
    workers: Workers,
) -> None:
    first, second = _index(), _index()
    assert MISSING_CERTIFICATION in _flag_codes(_match(first, workers.first))
    assert MISSING_CERTIFICATION in _flag_codes(_match(second, workers.second))
    with Session(workers.first) as session, session.begin():
        _certify(session, workers.umkm_id)
    assert MISSING_CERTIFICATION not in _flag_codes(_match(second, workers.second))
    assert _match(second, workers.second).components.certification_fit == 1.0
    with Session(workers.first) as session, session.begin():
        capacity_service.set_capacity(
            session=session,
            product_id=workers.product_id,
            month=date(2027, 2, 1),
            data=schemas.CapacitySet(quantity=Decimal(20)),
            principal=security.SYSTEM,
        )
    assert [m.capacity_kg for m in _match(second, workers.second).months] == [500, 20, 500]


def test_a_write_committed_long_after_it_was_made_is_not_missed(workers: Workers) -> None:
    """The certificate's transaction stays open, its change made and not committed, longer
    than the old margin while the other worker keeps matching; then it commits."""
    other = _index()
    _match(other, workers.second)
    with Session(workers.first) as session, session.begin():
        _certify(session, workers.umkm_id)
        session.flush()
        with _matching_meanwhile(other, workers.second) as seen_meanwhile:
            time.sleep(LONGER_THAN_THE_OLD_MARGIN)
    assert seen_meanwhile, "the other worker matched while the write was open"
    assert all(MISSING_CERTIFICATION in _flag_codes(m) for m in seen_meanwhile)
    match = _match(other, workers.second)
    assert MISSING_CERTIFICATION not in _flag_codes(match)
    assert match.components.certification_fit == 1.0


def test_a_write_that_waited_on_a_row_lock_is_not_missed(workers: Workers) -> None:
    """Another session holds the product's row lock longer than the old margin; the
    certificate write waits for it, then commits; the other worker's next match has it."""
    if not workers.postgres:
        pytest.skip("SQLite has no row locks: a writer waits at BEGIN, before it writes")
    other = _index()
    _match(other, workers.second)
    holding = threading.Event()
    waited: list[float] = []

    def hold_the_product() -> None:
        with Session(workers.second) as session, session.begin():
            session.execute(
                text("SELECT id FROM product WHERE id = :id FOR UPDATE"),
                {"id": workers.product_id},
            )
            holding.set()
            time.sleep(LONGER_THAN_THE_OLD_MARGIN)

    def certify() -> None:
        holding.wait()
        started = time.monotonic()
        with Session(workers.first) as session, session.begin():
            _certify(session, workers.umkm_id)
        waited.append(time.monotonic() - started)

    with _matching_meanwhile(other, workers.second) as seen_meanwhile:
        threads = [threading.Thread(target=hold_the_product), threading.Thread(target=certify)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(seen_meanwhile) > 20  # the other worker caught up all along
    assert waited and waited[0] > LONGER_THAN_THE_OLD_MARGIN - 1
    assert MISSING_CERTIFICATION not in _flag_codes(_match(other, workers.second))


def _log_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(SupplyChange)).scalar_one()


def test_the_log_is_pruned_and_an_idle_worker_still_sees_what_was_pruned(
    workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = timedelta(seconds=1.0)
    monkeypatch.setattr(app.services.matching, "CHANGE_LOG_KEPT", kept)
    busy, idle = _index(), _index()
    _match(busy, workers.first)
    _match(idle, workers.second)
    with Session(workers.first) as session, session.begin():
        _certify(session, workers.umkm_id)
    written = _log_rows(workers.first)
    assert written >= 1

    def match_for(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            _match(busy, workers.first)
            time.sleep(0.1)

    match_for(2.5 * kept.total_seconds())  # the busy worker reads the log and prunes it
    assert _log_rows(workers.first) < written
    # The idle worker never read the certificate's change, which is pruned: it builds anew.
    assert MISSING_CERTIFICATION not in _flag_codes(_match(idle, workers.second))
    # And the log keeps working after a prune.
    with Session(workers.first) as session, session.begin():
        capacity_service.set_capacity(
            session=session,
            product_id=workers.product_id,
            month=date(2027, 3, 1),
            data=schemas.CapacitySet(quantity=Decimal(30)),
            principal=security.SYSTEM,
        )
    assert [m.capacity_kg for m in _match(busy, workers.first).months] == [500, 500, 30]


def test_a_catch_up_cut_short_by_the_database_is_done_again(
    workers: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database goes away between reading the log and reloading the products it names:
    the match fails (503), and the next one still reloads them."""
    index = _index()
    _match(index, workers.second)
    with Session(workers.first) as session, session.begin():
        _certify(session, workers.umkm_id)
    real = app.services.matching.load_supply

    def database_gone(*args: object, **kwargs: object) -> object:
        raise OperationalError("SELECT ...", {}, Exception("server closed the connection"))

    monkeypatch.setattr(app.services.matching, "load_supply", database_gone)
    with pytest.raises(OperationalError):
        _match(index, workers.second)
    monkeypatch.setattr(app.services.matching, "load_supply", real)
    assert MISSING_CERTIFICATION not in _flag_codes(_match(index, workers.second))
