"""Offices in the session: a staff caller's session holds only its own office's records.

`scope_session` (called when the API key is verified) marks the request's session with the
staff account's office. From then on every ORM query of that session — lists, counts,
``session.get`` by id, relationship loads, the row locked for a write — gets the criterion
"of this office" added for buyers, buyer requests, UMKM and what hangs from an UMKM
(products, capacity, certificates), for the accounts and for the audit trail
(SQLAlchemy's ``with_loader_criteria`` in a ``do_orm_execute`` hook). So another office's
record is not found: 404 to every read and write, zero rows in every list, without a check
in each route that could be forgotten.

Soft-deleted UMKM, buyer requests and products are left out of every session's ORM queries the same
way (``include_deleted`` execution option to see them).

Matching is not scoped: the supply index reads every UMKM of every office with plain SQL on
the session's connection (which this hook does not touch), and a match shows only public
fields (name, regency, products, scores, flags). Code that must see every office through
the ORM runs inside ``all_offices(session)``.

Missions and deals (issue 15). A mission belongs to the office that organises it and is
shared with the offices taking part (an office takes part when one of its buyers or UMKM is a
participant): their staff read the mission, its participants, meeting requests, meetings and
report; what the organiser alone may do (planning) is checked in ``app.services.missions``.
Offices taking part in one mission read the participating UMKM of the other offices in full
(contacts: `shared_umkm_ids`), but only the record itself (``GET /umkm/{id}`` reads it inside
`shared_missions`) and only to read: lists, exports and writes (a row locked ``FOR UPDATE``, a
bulk UPDATE or DELETE) still see only the office's own UMKM. A deal belongs to the office that
recorded it and is visible to the offices of its buyer and its UMKM; deliveries follow it.

The subqueries below select from the tables (Core), not the mapped classes, so the criteria
do not apply to themselves.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from app.models import (
    Account,
    ApiKey,
    AuditEvent,
    Buyer,
    BuyerRequest,
    Capacity,
    CapacityRevision,
    Certificate,
    Deal,
    Delivery,
    ImportJob,
    Meeting,
    MeetingRequest,
    Mission,
    MissionParticipant,
    Product,
    Umkm,
)
from app.principal import Principal

__all__ = [
    "OFFICE_SCOPE",
    "all_offices",
    "missions_of",
    "office_scope",
    "scope_session",
    "shared_missions",
    "shared_umkm_ids",
]

OFFICE_SCOPE = "office_scope"
SHARED_MISSIONS = "shared_missions"


def scope_session(session: Session, principal: Principal) -> None:
    """Limit `session` to what `principal` may see (nothing changes for unscoped callers).
    A session whose scope changes forgets the rows it loaded under the other one."""
    if session.info.get(OFFICE_SCOPE) != principal.office_scope:
        session.expunge_all()
    if principal.office_scope is None:
        session.info.pop(OFFICE_SCOPE, None)
    else:
        session.info[OFFICE_SCOPE] = principal.office_scope


def office_scope(session: Session) -> int | None:
    scope: int | None = session.info.get(OFFICE_SCOPE)
    return scope


@contextmanager
def all_offices(session: Session) -> Iterator[Session]:
    """Lift the office scope for the duration of the block (matching's own reads)."""
    scope = session.info.pop(OFFICE_SCOPE, None)
    try:
        yield session
    finally:
        if scope is not None:
            session.info[OFFICE_SCOPE] = scope


_BUYER = Buyer.__table__
_UMKM = Umkm.__table__
_MISSION = Mission.__table__
_PARTICIPANT = MissionParticipant.__table__
_DEAL = Deal.__table__


def _own_buyers(office_id: int) -> Select[Any]:
    return select(_BUYER.c.id).where(_BUYER.c.office_id == office_id)


def _own_umkm(office_id: int) -> Select[Any]:
    return select(_UMKM.c.id).where(_UMKM.c.office_id == office_id)


def _taking_part(office_id: int) -> Select[Any]:
    """Missions one of the office's buyers or UMKM takes part in."""
    return select(_PARTICIPANT.c.mission_id).where(
        or_(
            _PARTICIPANT.c.buyer_id.in_(_own_buyers(office_id)),
            _PARTICIPANT.c.umkm_id.in_(_own_umkm(office_id)),
        )
    )


def missions_of(office_id: int) -> Select[Any]:
    """Ids of the missions the office organises or takes part in."""
    return select(_MISSION.c.id).where(
        or_(_MISSION.c.office_id == office_id, _MISSION.c.id.in_(_taking_part(office_id)))
    )


def _shared_umkm(office_id: int) -> Select[Any]:
    return select(_PARTICIPANT.c.umkm_id).where(
        _PARTICIPANT.c.mission_id.in_(missions_of(office_id)),
        _PARTICIPANT.c.umkm_id.is_not(None),
    )


def _deals_of(office_id: int) -> Select[Any]:
    return select(_DEAL.c.id).where(
        or_(
            _DEAL.c.office_id == office_id,
            _DEAL.c.buyer_id.in_(_own_buyers(office_id)),
            _DEAL.c.umkm_id.in_(_own_umkm(office_id)),
        )
    )


@contextmanager
def shared_missions(session: Session) -> Iterator[Session]:
    """Within the block, an office's session also reads (never locks nor changes) the UMKM
    taking part in the missions it shares (`shared_umkm_ids`): for reading one UMKM record
    by id. Lists, exports and every write keep to the office's own UMKM."""
    session.info[SHARED_MISSIONS] = True
    try:
        yield session
    finally:
        session.info.pop(SHARED_MISSIONS, None)


def shared_umkm_ids(session: Session, office_id: int) -> list[int]:
    """UMKM of other offices whose private fields `office_id` may read: the participants of
    the missions it organises or takes part in."""
    shared = _shared_umkm(office_id).where(_PARTICIPANT.c.umkm_id.not_in(_own_umkm(office_id)))
    return sorted(set(session.scalars(shared.distinct())))


@event.listens_for(Session, "do_orm_execute")
def _limit_to_office(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    options: list[Any] = []
    if not state.execution_options.get("include_deleted", False):
        options += _NOT_DELETED
    office_id = state.session.info.get(OFFICE_SCOPE)
    if office_id is not None and not state.execution_options.get("all_offices", False):
        # a row read to be changed is locked FOR UPDATE (app.services.common.get_or_404)
        locked = getattr(state.statement, "_for_update_arg", None) is not None
        shared = state.session.info.get(SHARED_MISSIONS, False) and state.is_select and not locked
        options += _office_criteria(office_id, shared=shared)
    if options:
        state.statement = state.statement.options(*options)


# Soft-deleted UMKM, buyer requests and products are gone for every caller (the audit keeps
# them).
_NOT_DELETED = (
    with_loader_criteria(Umkm, Umkm.deleted_at.is_(None), include_aliases=True),
    with_loader_criteria(BuyerRequest, BuyerRequest.deleted_at.is_(None), include_aliases=True),
    with_loader_criteria(Product, Product.deleted_at.is_(None), include_aliases=True),
)


@lru_cache(maxsize=512)
def _office_criteria(office_id: int, *, shared: bool) -> tuple[Any, ...]:
    """The criteria of one office's sessions, made once per office: the options are
    immutable, and making the seventeen of them with their subqueries took about 1 ms of
    every statement (issue 17: a match over HTTP ran four)."""
    return tuple(_office_criteria_made(office_id, shared=shared))


def _office_criteria_made(office_id: int, *, shared: bool) -> list[Any]:
    own_umkm = select(Umkm.id).where(Umkm.office_id == office_id).scalar_subquery()
    readable_umkm = Umkm.office_id == office_id
    if shared:  # the participants of a mission it shares, read-only
        readable_umkm = or_(readable_umkm, Umkm.id.in_(_shared_umkm(office_id)))
    missions = missions_of(office_id)
    own_products = select(Product.id).where(Product.umkm_id.in_(own_umkm)).scalar_subquery()
    return [
        with_loader_criteria(Buyer, Buyer.office_id == office_id, include_aliases=True),
        with_loader_criteria(
            BuyerRequest, BuyerRequest.office_id == office_id, include_aliases=True
        ),
        with_loader_criteria(Umkm, readable_umkm, include_aliases=True),
        with_loader_criteria(Product, Product.umkm_id.in_(own_umkm), include_aliases=True),
        with_loader_criteria(Certificate, Certificate.umkm_id.in_(own_umkm), include_aliases=True),
        with_loader_criteria(Capacity, Capacity.product_id.in_(own_products), include_aliases=True),
        with_loader_criteria(
            CapacityRevision, CapacityRevision.product_id.in_(own_products), include_aliases=True
        ),
        with_loader_criteria(Account, Account.office_id == office_id, include_aliases=True),
        with_loader_criteria(
            ApiKey,
            ApiKey.account_id.in_(
                select(Account.id).where(Account.office_id == office_id).scalar_subquery()
            ),
            include_aliases=True,
        ),
        with_loader_criteria(AuditEvent, AuditEvent.office_id == office_id, include_aliases=True),
        with_loader_criteria(ImportJob, ImportJob.office_id == office_id, include_aliases=True),
        with_loader_criteria(Mission, Mission.id.in_(missions), include_aliases=True),
        with_loader_criteria(
            MissionParticipant, MissionParticipant.mission_id.in_(missions), include_aliases=True
        ),
        with_loader_criteria(
            MeetingRequest, MeetingRequest.mission_id.in_(missions), include_aliases=True
        ),
        with_loader_criteria(Meeting, Meeting.mission_id.in_(missions), include_aliases=True),
        with_loader_criteria(Deal, Deal.id.in_(_deals_of(office_id)), include_aliases=True),
        with_loader_criteria(
            Delivery, Delivery.deal_id.in_(_deals_of(office_id)), include_aliases=True
        ),
    ]
