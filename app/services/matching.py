"""The process's matching index and the queries on it (matches, opportunities).

The index lives in memory (see matching.MatchIndex). It is built once from the database and
then catches up before every query: products whose ``supply_changed_at`` moved since the
last look are reloaded and upserted. Every write that changes supply moves that timestamp in
the same transaction, so a committed capacity or certificate change is in the very next match,
in this process or in any other worker.
"""

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import reference
from app.models import BuyerRequest, Product, Umkm
from app.services.supply import load_supply
from matching import Demand, Match, MatchIndex, month_index

# A write stamps supply_changed_at before its transaction commits; a catch-up that runs in
# between cannot see it yet. Re-reading stamps this far behind the newest one seen covers any
# transaction shorter than this (ours take milliseconds).
CATCH_UP_MARGIN = timedelta(seconds=10)


def utc_today() -> date:
    return datetime.now(UTC).date()


class SupplyIndex:
    """A MatchIndex kept current from the database; safe to share between threads."""

    def __init__(self, *, stale_after_months: int, today: Callable[[], date] = utc_today) -> None:
        self.stale_after_months = stale_after_months
        self.today = today
        self._lock = threading.Lock()
        self._index: MatchIndex | None = None
        self._seen: dict[int, datetime] = {}
        self._watermark: datetime | None = None

    @property
    def built(self) -> bool:
        return self._index is not None

    def build(self, session: Session) -> int:
        """Load every product from the database into a new index; returns how many."""
        with self._lock:
            self._build(session)
            assert self._index is not None
            return len(self._index)

    def _build(self, session: Session) -> None:
        stamps = session.execute(select(Product.id, Product.supply_changed_at)).all()
        index = MatchIndex(
            hs_descriptions=reference.hs_descriptions(),
            stale_after_months=self.stale_after_months,
        ).fit(load_supply(session))
        self._index = index
        self._seen = {product_id: stamp for product_id, stamp in stamps}
        self._watermark = max(self._seen.values(), default=None)

    def _catch_up(self, session: Session) -> None:
        if self._index is None:
            self._build(session)
            return
        statement = select(Product.id, Product.supply_changed_at)
        if self._watermark is not None:
            statement = statement.where(
                Product.supply_changed_at >= self._watermark - CATCH_UP_MARGIN
            )
        changed = {
            product_id: stamp
            for product_id, stamp in session.execute(statement)
            if self._seen.get(product_id) != stamp
        }
        if not changed:
            return
        for product in load_supply(session, changed.keys()):
            self._index.upsert(product)
        self._seen.update(changed)
        newest = max(changed.values())
        if self._watermark is None or newest > self._watermark:
            self._watermark = newest

    def query(
        self,
        session: Session,
        demand: Demand,
        *,
        limit: int,
        min_score: float = 0.0,
        province_code: str | None = None,
        umkm_ids: Collection[int] | None = None,
    ) -> list[Match]:
        with self._lock:
            self._catch_up(session)
            assert self._index is not None
            return self._index.query(
                demand,
                today=self.today(),
                limit=limit,
                min_score=min_score,
                province_code=province_code,
                umkm_ids=umkm_ids,
            )


def demand_of(request: BuyerRequest) -> Demand:
    return Demand(
        product=request.product,
        hs_code=request.hs_code,
        monthly_quota_kg=request.quota_g / 1000,
        start_month=month_index(request.start_month.year, request.start_month.month),
        months=request.months,
        required_certifications=tuple(request.required_certifications),
    )


@dataclass(frozen=True, slots=True)
class Named:
    """Names and regions for the products of a page of matches."""

    product_name: str
    umkm_name: str
    province_code: str
    regency_code: str


def names_for(session: Session, product_ids: Collection[int]) -> dict[int, Named]:
    if not product_ids:
        return {}
    rows = session.execute(
        select(Product.id, Product.name, Umkm.name, Umkm.province_code, Umkm.regency_code)
        .join(Umkm, Umkm.id == Product.umkm_id)
        .where(Product.id.in_(product_ids))
    )
    return {row[0]: Named(row[1], row[2], row[3], row[4]) for row in rows}


def open_requests(session: Session) -> list[BuyerRequest]:
    return list(
        session.scalars(
            select(BuyerRequest).where(BuyerRequest.status == "open").order_by(BuyerRequest.id)
        )
    )
