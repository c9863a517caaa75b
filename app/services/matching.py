"""The process's matching index and the queries on it (matches, opportunities).

The index lives in memory (see matching.MatchIndex). It is built once from the database and
then catches up before every query: the products named in the supply change log since its
last read are reloaded and upserted (app.services.supply explains the log and why reading it
does not depend on when a write commits). Every write that changes supply appends to the log
in its own transaction, so a committed capacity or certificate change is in the very next
match, in this process or in any other worker, however long the write waited for a lock.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine, Row, bindparam, select
from sqlalchemy.orm import Session

from app import reference
from app.errors import NotFound
from app.models import BuyerRequest, Product, Umkm
from app.services.supply import (
    LogPosition,
    changes_since,
    load_supply,
    load_supply_columns,
    log_position,
    prune_log,
)
from matching import Demand, Match, MatchIndex, month_index

# An index prunes the supply change log of what was committed before its read of this long
# ago; an index that has not read the log for half of it (an idle worker) builds itself anew
# rather than trust that no change it has not read was pruned.
CHANGE_LOG_KEPT = timedelta(hours=6)
# Products whose names and regions the index keeps for pages of matches (about 200 bytes each).
NAMES_KEPT = 50_000

# The statements matches run, built once: building a select costs more than running it
# (about 0.1 ms each), and they go straight to the connection, past the ORM's row handling.
_NAMES = (
    select(
        Product.id,
        Product.name.label("product_name"),
        Umkm.name.label("umkm_name"),
        Umkm.province_code,
        Umkm.regency_code,
    )
    .join(Umkm, Umkm.id == Product.umkm_id)
    .where(Product.id.in_(bindparam("ids", expanding=True)))
)
_DEMAND = select(
    BuyerRequest.product,
    BuyerRequest.hs_code,
    BuyerRequest.quota_g,
    BuyerRequest.start_month,
    BuyerRequest.months,
    BuyerRequest.required_certifications,
).where(BuyerRequest.id == bindparam("id"))


def utc_today() -> date:
    return datetime.now(UTC).date()


# Names and regions for the products of a page of matches: the rows themselves (attributes
# product_name, umkm_name, province_code, regency_code), made in SQLAlchemy's C code.
Named = Row[int, str, str, str, str]


def names_for(session: Session, product_ids: Collection[int]) -> dict[int, Named]:
    if not product_ids:
        return {}
    rows = session.connection().execute(_NAMES, {"ids": list(product_ids)})
    return {row[0]: row for row in rows}


class SupplyIndex:
    """A MatchIndex kept current from the database; safe to share between threads."""

    def __init__(self, *, stale_after_months: int, today: Callable[[], date] = utc_today) -> None:
        self.stale_after_months = stale_after_months
        self.today = today
        self._lock = threading.Lock()
        self._index: MatchIndex | None = None
        # How far the supply change log has been read, and when (time.monotonic()).
        self._position = LogPosition()
        self._read_at = 0.0
        # A position read at least CHANGE_LOG_KEPT ago: what was committed before it is pruned.
        self._prune_mark: tuple[float, LogPosition] | None = None
        # Names and regions read for earlier pages of matches; a product leaves when the log
        # names it (a rename of it or of its UMKM does), and a read that began before a
        # catch-up dropped anything is not kept (`_generation` tells).
        self._names: OrderedDict[int, Named] = OrderedDict()
        self._generation = 0

    @property
    def built(self) -> bool:
        return self._index is not None

    def build(self, session: Session) -> int:
        """Load every product from the database into a new index; returns how many."""
        with self._lock:
            self._build(session)
            return 0 if self._index is None else len(self._index)

    def _build(self, session: Session) -> None:
        # Before the loads: a change committed while they run is read again at the next
        # catch-up (reloading a product is harmless; missing one is not).
        position = log_position(session.connection())
        self._index = MatchIndex(
            hs_descriptions=reference.hs_descriptions(),
            stale_after_months=self.stale_after_months,
        ).fit_columns(load_supply_columns(session))
        self._position, self._read_at = position, time.monotonic()
        self._names.clear()
        self._generation += 1

    def _catch_up(self, session: Session) -> None:
        idle = time.monotonic() - self._read_at
        if self._index is None or idle > CHANGE_LOG_KEPT.total_seconds() / 2:
            self._build(session)
            return
        position, changed = changes_since(session.connection(), self._position)
        if changed:
            for product in load_supply(session, changed):
                self._index.upsert(product)
            for product_id in changed:
                self._names.pop(product_id, None)
            self._generation += 1
        # Only now: a reload that failed (the database went away) is tried again next time.
        self._position, self._read_at = position, time.monotonic()
        self._prune(session)

    def _prune(self, session: Session) -> None:
        """Prune the change log once every CHANGE_LOG_KEPT, of what this index had read
        CHANGE_LOG_KEPT before. Every other index read the log since then too, or builds anew
        before its next match (`_catch_up`)."""
        if self._prune_mark is None:
            self._prune_mark = (self._read_at, self._position)
            return
        marked_at, marked = self._prune_mark
        if self._read_at - marked_at < CHANGE_LOG_KEPT.total_seconds():
            return
        bind = session.get_bind()
        engine: Engine = bind.engine if isinstance(bind, Connection) else bind
        prune_log(engine, marked)
        self._prune_mark = (self._read_at, self._position)

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
            if self._index is None:
                return []
            return self._index.query(
                demand,
                today=self.today(),
                limit=limit,
                min_score=min_score,
                province_code=province_code,
                umkm_ids=umkm_ids,
            )

    def names(self, session: Session, product_ids: Collection[int]) -> dict[int, Named]:
        """Names and regions of ``product_ids`` (a page of matches): those kept from earlier
        pages, the others read from the database. Call it after ``query``, whose catch-up
        drops every product that changed since. A match page then costs one statement less:
        on PostgreSQL that statement was a sixth of a match's time."""
        with self._lock:
            found = {i: self._names[i] for i in product_ids if i in self._names}
            generation = self._generation
        missing = [i for i in product_ids if i not in found]
        if missing:
            read = names_for(session, missing)
            found.update(read)
            with self._lock:
                if generation == self._generation:
                    self._names.update(read)
                    while len(self._names) > NAMES_KEPT:
                        self._names.popitem(last=False)
        return found


def demand_of(request: BuyerRequest) -> Demand:
    return make_demand(
        request.product,
        request.hs_code,
        request.quota_g,
        request.start_month,
        request.months,
        request.required_certifications,
    )


def make_demand(
    product: str,
    hs_code: str | None,
    quota_g: int,
    start_month: date,
    months: int,
    required_certifications: Sequence[str],
) -> Demand:
    """A stored or tried buyer request as the matching library's Demand."""
    return Demand(
        product=product,
        hs_code=hs_code,
        monthly_quota_kg=quota_g / 1000,
        start_month=month_index(start_month.year, start_month.month),
        months=months,
        required_certifications=tuple(required_certifications),
    )


def request_demand(session: Session, request_id: int) -> Demand:
    """The demand of stored buyer request `request_id` (404 if there is none)."""
    row = session.connection().execute(_DEMAND, {"id": request_id}).first()
    if row is None:
        raise NotFound("buyer request", request_id)
    return make_demand(*row)


def open_requests(session: Session) -> list[BuyerRequest]:
    return list(
        session.scalars(
            select(BuyerRequest).where(BuyerRequest.status == "open").order_by(BuyerRequest.id)
        )
    )
