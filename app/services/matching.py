"""The process's supply index and the queries on it: pages of matches for a demand, the
best match per open buyer request for one UMKM, opportunities, and which gaps block a deal.

The supply index (SupplyIndex) holds the matching library's MatchIndex in memory. It is
built once from the database and then catches up before every query: the products named in
the supply change log since its last read are reloaded and upserted (app.services.supply
explains the log and why reading it does not depend on when a write commits). Every write
that changes supply appends to the log in its own transaction, so a committed capacity or
certificate change is in the very next match, in this process or in any other worker,
however long the write waited for a lock.

With a snapshot path (settings.match_snapshot), a built index is also saved to disk
(matching.snapshot) with how far it had read the log, after a build and when the service
stops; a worker that starts then loads it and catches up from the log, as a long-running one
does, instead of building from every product (issue 17: the cold start at 1M products)."""

import dataclasses
import gc
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, Row, bindparam, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import clock, months, reference, schemas
from app.models import BuyerRequest, Product, Umkm
from app.offices import all_offices
from app.services import buyers as buyer_service
from app.services import umkm as umkm_service
from app.services.supply import (
    LogPosition,
    changes_since,
    load_supply,
    load_supply_columns,
    log_position,
    prune_log,
)
from matching import (
    CAPACITY_SHORTFALL,
    COMMITTED_CAPACITY,
    CONTINUITY_GAP,
    ESTIMATED_MONTHS,
    EXPIRING_CERTIFICATION,
    MISSING_CERTIFICATION,
    UNIT_NOT_CONVERTIBLE,
    Demand,
    Flag,
    Match,
    MatchIndex,
    load_snapshot,
    month_index,
    month_label,
    release_free_memory,
    save_snapshot,
)
from matching.states import CONTRADICTS

logger = logging.getLogger(__name__)

# An index prunes the supply change log of what was committed before its read of this long
# ago; an index that has not read the log for half of it (an idle worker) builds itself anew
# rather than trust that no change it has not read was pruned.
CHANGE_LOG_KEPT = timedelta(hours=6)
# Products whose names and regions the index keeps for pages of matches (about 200 bytes each).
NAMES_KEPT = 50_000
# Gaps that stand between an UMKM and a deal (the others are data-quality notes).
BLOCKING = frozenset(
    {
        CAPACITY_SHORTFALL,
        CONTINUITY_GAP,
        MISSING_CERTIFICATION,
        EXPIRING_CERTIFICATION,
        UNIT_NOT_CONVERTIBLE,
    }
)

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
# Names and regions for the products of a page of matches: the rows themselves (attributes
# product_name, umkm_name, province_code, regency_code), made in SQLAlchemy's C code.
Named = Row[int, str, str, str, str]


def names_for(session: Session, product_ids: Collection[int]) -> dict[int, Named]:
    if not product_ids:
        return {}
    rows = session.connection().execute(_NAMES, {"ids": list(product_ids)})
    return {row[0]: row for row in rows}


#: Indexes of at least this many products are frozen out of the cyclic collector's reach.
SETTLE_FROM = 10_000


def _settle(products: int) -> None:
    """After a build or a load of a large index: collect, then freeze what is left (the
    index's names and profiles, the modules, the settings) out of the cyclic collector's
    reach. A full collection walks every tracked object: in the benchmark of 100,000
    products it paused a query by 16 to 112 ms. Frozen, they are never walked again
    (`gc.freeze`); objects made since stay collectable, and the next build unfreezes them
    all first, so an index it replaces is freed. Small indexes (tests, a city office) are
    left alone: their collections are short. What the build freed goes back to the system
    (`matching.release_free_memory`: at 1M products about 0.1 GB a worker holds otherwise)."""
    if products >= SETTLE_FROM:
        gc.collect()
        gc.freeze()
        release_free_memory()


class SupplyIndex:
    """A MatchIndex kept current from the database; safe to share between threads.

    ``on_query``, when given, is called after every ``query`` with the seconds it took (the
    catch-up with the database included), in the querying thread: the hook the service's
    metrics use (``app.observability.observe_match``)."""

    def __init__(
        self,
        *,
        stale_after_months: int,
        today: Callable[[], date] = clock.today,
        on_query: Callable[[float], None] | None = None,
        snapshot_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.stale_after_months = stale_after_months
        self.today = today
        self.on_query = on_query
        self.snapshot_path = snapshot_path
        #: how the index was last made: "build" (from every product) or "snapshot"
        self.made_from = ""
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

    @property
    def size(self) -> int:
        """Products in the index (0 until it is built). Read without the lock, so a reader
        may see it in the middle of a catch-up."""
        index = self._index
        return 0 if index is None else len(index)

    def build(self, session: Session) -> int:
        """Load every product from the database into a new index; returns how many."""
        with self._lock:
            self._build(session)
            return self.size

    def _build(self, session: Session) -> None:
        # the index a build replaces was frozen with the rest (`_settle`): let the collector
        # see it again, so that it is freed
        gc.unfreeze()
        if self._index is None and self.snapshot_path is not None and self._load(session):
            _settle(self.size)
            return
        # Before the loads: a change committed while they run is read again at the next
        # catch-up (reloading a product is harmless; missing one is not).
        position = log_position(session.connection())
        self._index = MatchIndex(
            hs_descriptions=reference.hs_descriptions(),
            stale_after_months=self.stale_after_months,
        ).fit_loaded(lambda: load_supply_columns(session))
        self._position, self._read_at = position, time.monotonic()
        self._names.clear()
        self._generation += 1
        self.made_from = "build"
        if self.snapshot_path is not None:
            self._save(session)
        _settle(self.size)

    def save_snapshot(self, session: Session) -> None:
        """Save the index to the snapshot path (if any, and once built), with how far it has
        read the change log."""
        with self._lock:
            if self._index is not None and self.snapshot_path is not None:
                self._save(session)

    def _save(self, session: Session) -> None:
        assert self._index is not None and self.snapshot_path is not None
        started = time.perf_counter()
        try:
            database = _database_identity(session.connection())
        except SQLAlchemyError as exc:  # the database went away: no snapshot this time
            logger.warning("match index snapshot not saved: %s", exc)
            return
        meta = {
            "database": database,
            "stale_after_months": self.stale_after_months,
            "position": dataclasses.asdict(self._position),
            # wall-clock time of the position's read (monotonic clocks end with the process)
            "read_at": time.time() - (time.monotonic() - self._read_at),
        }
        try:
            size = save_snapshot(self._index, self.snapshot_path, meta=meta)
        except OSError as exc:
            logger.warning("match index snapshot not saved to %s: %s", self.snapshot_path, exc)
            return
        logger.info(
            "match index snapshot: %d products, %.0f MB saved in %.2f s",
            len(self._index), size / 1e6, time.perf_counter() - started,
        )  # fmt: skip

    def _load(self, session: Session) -> bool:
        """Start from the snapshot when it was saved from this database, by this code and
        settings, and recently enough that the change log still holds every change since
        (the rule an idle index follows, `_catch_up`); then catch up from the log."""
        assert self.snapshot_path is not None
        started = time.perf_counter()
        try:
            loaded = load_snapshot(self.snapshot_path)
        except Exception as exc:  # a damaged file is no reason not to start: build instead
            logger.warning("match index snapshot %s not read: %s", self.snapshot_path, exc)
            return False
        if loaded is None:
            return False
        index, meta = loaded
        age = time.time() - float(meta.get("read_at", 0.0))
        if (
            meta.get("database") != _database_identity(session.connection())
            or meta.get("stale_after_months") != self.stale_after_months
            or not 0 <= age < CHANGE_LOG_KEPT.total_seconds() / 2
            or index.hs_descriptions != reference.hs_descriptions()
        ):
            logger.info("match index snapshot %s is not for this database now", self.snapshot_path)
            return False
        self._index = index
        self._position = LogPosition(**meta["position"])
        self._read_at = time.monotonic() - age
        self._names.clear()
        self._generation += 1
        self._catch_up(session)
        self.made_from = "snapshot"
        logger.info(
            "match index snapshot: %d products loaded and caught up in %.2f s",
            len(index), time.perf_counter() - started,
        )  # fmt: skip
        return True

    def _catch_up(self, session: Session) -> None:
        idle = time.monotonic() - self._read_at
        if self._index is None or idle > CHANGE_LOG_KEPT.total_seconds() / 2:
            self._build(session)
            return
        position, changed = changes_since(session.connection(), self._position)
        if changed:
            with all_offices(session):  # the index holds every office's products
                supply = load_supply(session, changed)
            for product in supply:
                self._index.upsert(product)
            for gone in set(changed) - {product.product_id for product in supply}:
                if gone in self._index:  # deleted: it leaves the index
                    self._index.remove(gone)
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
        if self.on_query is None:
            return self._query(session, demand, limit, min_score, province_code, umkm_ids)
        started = time.perf_counter()
        try:
            return self._query(session, demand, limit, min_score, province_code, umkm_ids)
        finally:
            self.on_query(time.perf_counter() - started)

    def _query(
        self,
        session: Session,
        demand: Demand,
        limit: int,
        min_score: float,
        province_code: str | None,
        umkm_ids: Collection[int] | None,
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


def _database_identity(connection: Connection) -> dict[str, object]:
    """What tells this database from another (a snapshot is only loaded into the database it
    was saved from): the server and database (its oid: a database dropped and made again
    under the same name has another), or the SQLite file (path and inode); and the schema's
    revision."""
    url = connection.engine.url
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if connection.dialect.name == "postgresql":
        oid = connection.execute(
            text("SELECT oid FROM pg_database WHERE datname = current_database()")
        ).scalar()
        return {"server": f"{url.host}:{url.port}", "database": url.database, "oid": oid,
                "revision": revision}  # fmt: skip
    path = os.path.realpath(url.database or "")
    inode = os.stat(path).st_ino if os.path.exists(path) else None
    return {"file": path, "inode": inode, "revision": revision}


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


def open_requests(session: Session) -> list[BuyerRequest]:
    return list(
        session.scalars(
            select(BuyerRequest).where(BuyerRequest.status == "open").order_by(BuyerRequest.id)
        )
    )


# ---------------------------------------------------------------- pages of matches


def flags_json(match: Match, *, figures: bool = True) -> list[dict[str, object]]:
    """The gap flags of `match` as `schemas.MatchFlagRead` declares them; without `figures`
    (a client's view), with no capacity figure in their details or messages."""
    if not figures:
        return [_flag_without_figures(f) for f in match.flags]
    return [
        {"code": f.code, "message_id": f.message_id, "message_en": f.message_en, **f.details}
        for f in match.flags
    ]


# Flag details that are capacity figures in kg (or tell one, with the quota beside them).
_KG_DETAILS = frozenset(
    {
        "shortfall_kg_per_month",
        "average_capacity_kg",
        "capacity_kg",
        "shortfall_kg",
        "committed_kg",
        "available_kg",
    }
)


def _months_listed(rows: object) -> str:
    """The months of a flag's ``months`` details, as labels."""
    if not isinstance(rows, list):
        return ""
    return ", ".join(str(row.get("month")) for row in rows if isinstance(row, dict))


def _flag_without_figures(flag: Flag) -> dict[str, object]:
    """A flag as a client reads it: its code, the shares and months but no kg figure. The
    messages of the flags that carry figures are written anew without them."""
    details: dict[str, object] = {}
    for key, value in flag.details.items():
        if key in _KG_DETAILS:
            continue
        if key == "months" and isinstance(value, list):
            value = [
                {k: v for k, v in row.items() if k not in _KG_DETAILS}
                for row in value
                if isinstance(row, dict)
            ]
        details[key] = value
    message_id, message_en = flag.message_id, flag.message_en
    if flag.code == CAPACITY_SHORTFALL:
        pct = details.get("shortfall_pct")
        message_id = f"Rata-rata kapasitas kurang {pct}% dari kuota per bulan."
        message_en = f"Average capacity is {pct}% short of the monthly quota."
    elif flag.code == CONTINUITY_GAP:
        listed = _months_listed(details.get("months"))
        count, window = details.get("count"), details.get("window_months")
        message_id = f"Kapasitas di bawah kuota pada {count} dari {window} bulan: {listed}."
        message_en = f"Capacity is below the quota in {count} of {window} months: {listed}."
    elif flag.code == ESTIMATED_MONTHS:
        listed, count = _months_listed(details.get("months")), details.get("count")
        message_id = f"Kapasitas {count} bulan tidak dilaporkan dan diperkirakan: {listed}."
        message_en = f"Capacity of {count} month(s) was not reported and is estimated: {listed}."
    elif flag.code == COMMITTED_CAPACITY:
        listed, count = _months_listed(details.get("months")), details.get("count")
        message_id = f"Sebagian kapasitas {count} bulan sudah terikat kontrak: {listed}."
        message_en = (
            f"Part of the capacity of {count} month(s) is committed under contract: {listed}."
        )
    return {"code": flag.code, "message_id": message_id, "message_en": message_en, **details}


def components_json(match: Match) -> dict[str, object]:
    """The score components of `match` as `schemas.MatchComponentsRead` declares them."""
    c = match.components
    return {
        "product_fit": c.product_fit,
        "capacity_coverage": c.capacity_coverage,
        "continuity": c.continuity,
        "certification_fit": c.certification_fit,
        "freshness": c.freshness,
        "months_since_update": c.months_since_update,
        "months_meeting_quota": c.months_meeting_quota,
    }


def explanation_json(match: Match) -> dict[str, object]:
    """Why the product of `match` fits, as `schemas.FitExplanation` declares it."""
    return {
        "fit_reason_id": match.fit_reason_id,
        "fit_reason_en": match.fit_reason_en,
        "state_status": match.state_status,
        "states": [
            {
                "dimension": state.dimension,
                "requested_id": state.requested_id,
                "requested_en": state.requested_en,
                "status": state.status,
                "product_id": state.product_id,
                "product_en": state.product_en,
                "from_hs": state.from_hs,
            }
            for state in match.states
        ],
        "quota_note_id": match.quota_note_id,
        "quota_note_en": match.quota_note_en,
    }


def match_page(
    *,
    session: Session,
    index: SupplyIndex,
    demand: Demand,
    request_id: int | None,
    limit: int,
    min_score: float,
    province: str | None,
    figures: bool = True,
) -> dict[str, object]:
    """The page of matches for `demand`, as plain data in the shape of `schemas.MatchList`;
    without `figures` (a client's view: README, Roles), no capacity figure in kg: capacity_kg
    and shortfall_kg are null and the flags carry none (`flags_json`).

    Plain data, not the model: building a model per row and month, only for it to be
    serialised again, took a sixth of a match request's time. The API tests check the
    responses against the model's OpenAPI schema."""
    matches = index.query(session, demand, limit=limit, min_score=min_score, province_code=province)
    named = index.names(session, [m.product_id for m in matches])
    items: list[dict[str, object]] = []
    for match in matches:
        name = named.get(match.product_id)
        if name is None:  # deleted between the index and this read: leave it out
            continue
        items.append(
            {
                "rank": len(items) + 1,
                "umkm_id": match.umkm_id,
                "umkm_name": name.umkm_name,
                "province_code": name.province_code,
                "regency_code": name.regency_code,
                "product_id": match.product_id,
                "product_name": name.product_name,
                "score": match.score,
                "components": components_json(match),
                "months": [
                    {
                        "month": m.month,
                        "capacity_kg": m.capacity_kg if figures else None,
                        "estimated": m.estimated,
                        "estimate_rule": m.estimate_rule,
                        "shortfall_kg": m.shortfall_kg if figures else None,
                        "committed_kg": m.committed_kg if figures else None,
                    }
                    for m in match.months
                ],
                "flags": flags_json(match, figures=figures),
                **explanation_json(match),
            }
        )
    end = demand.start_month + demand.months - 1
    return {
        "request": {
            "request_id": request_id,
            "product": demand.product,
            "hs_code": demand.hs_code,
            "quota_kg": demand.monthly_quota_kg or 0.0,
            "start_month": month_label(demand.start_month),
            "end_month": month_label(end),
            "months": demand.months,
            "required_certifications": list(demand.required_certifications),
        },
        "items": items,
        "total": len(items),
    }


def request_matches(
    *,
    session: Session,
    index: SupplyIndex,
    request_id: int,
    limit: int,
    min_score: float,
    province: str | None,
    figures: bool = True,
) -> dict[str, object]:
    """UMKM products ranked for stored buyer request `request_id` (404 if there is none, or
    if it is another office's: app.offices; every office's UMKM are matched)."""
    request = buyer_service.get_request(session=session, request_id=request_id)
    return match_page(
        session=session,
        index=index,
        demand=demand_of(request),
        request_id=request_id,
        limit=limit,
        min_score=min_score,
        province=province,
        figures=figures,
    )


def tried_matches(
    *,
    session: Session,
    index: SupplyIndex,
    demand: schemas.MatchDemand,
    limit: int,
    min_score: float,
    province: str | None,
    figures: bool = True,
) -> dict[str, object]:
    """The same ranking as for a stored request, for a demand that is not stored."""
    grams = buyer_service.quota_grams(demand.quantity, demand.unit, demand.unit_weight_kg)
    tried = make_demand(
        demand.product, demand.hs_code, grams, demand.start_month, demand.months,
        demand.required_certifications,
    )  # fmt: skip
    return match_page(
        session=session,
        index=index,
        demand=tried,
        request_id=None,
        limit=limit,
        min_score=min_score,
        province=province,
        figures=figures,
    )


# ---------------------------------------------------------------- one UMKM against open demand


# Products of one UMKM compared for each request (an UMKM with more is judged on its first
# this many by score).
MAX_PRODUCTS_COMPARED = 200


def best_fitting(matches: Sequence[Match]) -> Match | None:
    """The match whose product fits the request best: the highest product fit (which holds
    the state rule: a product of the state asked for beats one silent on it, and both beat
    one that contradicts it), then the higher score, then the lower product id."""
    return max(
        matches,
        key=lambda m: (m.components.product_fit, m.score, -m.product_id),
        default=None,
    )


def best_per_request(
    *, session: Session, index: SupplyIndex, umkm_id: int
) -> list[tuple[BuyerRequest, Match]]:
    """For every open buyer request (by id), the match of `umkm_id`'s best-fitting product
    for it (`best_fitting`), so opportunities and readiness advise on the product the buyer
    asked for, not on a better-stocked product of another state; requests none of its
    products match at all are left out."""
    products = session.scalar(select(func.count(Product.id)).where(Product.umkm_id == umkm_id))
    limit = max(1, min(products or 0, MAX_PRODUCTS_COMPARED))
    found = []
    for buyer_request in open_requests(session):
        candidates = index.query(session, demand_of(buyer_request), limit=limit, umkm_ids=[umkm_id])
        best = best_fitting(candidates)
        if best is not None:
            found.append((buyer_request, best))
    return found


def opportunities(
    *, session: Session, index: SupplyIndex, umkm_id: int, limit: int, figures: bool = True
) -> schemas.OpportunityList:
    """Open buyer requests ranked for one UMKM (404 if there is none), each matched to its
    best-fitting product (`best_per_request`) with the gaps (`BLOCKING` flags) it would have
    to fix to qualify; without `figures` (a client's view), no capacity figure in the flags."""
    umkm_service.get_umkm(session=session, umkm_id=umkm_id)
    # A product that contradicts the state, grade or material asked for is another product
    # (fresh pineapple for dried): that request is not its opportunity.
    found = [
        (buyer_request, match)
        for buyer_request, match in best_per_request(session=session, index=index, umkm_id=umkm_id)
        if match.state_status != CONTRADICTS
    ]
    found.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    named = names_for(session, [match.product_id for _, match in found[:limit]])
    items: list[schemas.OpportunityRead] = []
    for buyer_request, match in found[:limit]:
        flags = flags_json(match, figures=figures)
        to_fix = [flag for flag in flags if flag["code"] in BLOCKING]
        items.append(
            schemas.OpportunityRead(
                rank=len(items) + 1,
                request_id=buyer_request.id,
                request_product=buyer_request.product,
                destination_country=buyer_request.destination_country,
                quota_kg=buyer_request.quota_g / 1000,
                start_month=months.month_label(buyer_request.start_month),
                end_month=months.month_label(buyer_request.end_month),
                months=buyer_request.months,
                required_certifications=list(buyer_request.required_certifications),
                product_id=match.product_id,
                product_name=named[match.product_id].product_name,
                score=match.score,
                qualifies=not to_fix,
                components=components_json(match),
                to_fix=to_fix,
                flags=flags,
                **explanation_json(match),
            )
        )
    return schemas.OpportunityList(umkm_id=umkm_id, items=items, total=len(found))
