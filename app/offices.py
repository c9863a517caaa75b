"""Offices in the session: a staff caller's session holds only its own office's records.

`scope_session` (called when the API key is verified) marks the request's session with the
staff account's office. From then on every ORM query of that session — lists, counts,
``session.get`` by id, relationship loads, the row locked for a write — gets the criterion
"of this office" added for buyers, buyer requests, UMKM and what hangs from an UMKM
(products, capacity, certificates), for the accounts and for the audit trail
(SQLAlchemy's ``with_loader_criteria`` in a ``do_orm_execute`` hook). So another office's
record is not found: 404 to every read and write, zero rows in every list, without a check
in each route that could be forgotten.

Soft-deleted UMKM and buyer requests are left out of every session's ORM queries the same
way (``include_deleted`` execution option to see them).

Matching is not scoped: the supply index reads every UMKM of every office with plain SQL on
the session's connection (which this hook does not touch), and a match shows only public
fields (name, regency, products, scores, flags). Code that must see every office through
the ORM runs inside ``all_offices(session)``.

Missions (issue 14, later): offices taking part in one mission share their participants'
contacts. The hook for it is `shared_umkm_ids`: UMKM ids of other offices that the scoped
office may read in full; it returns none until missions exist.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select
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
    ImportJob,
    Product,
    Umkm,
)
from app.principal import Principal

__all__ = ["OFFICE_SCOPE", "all_offices", "office_scope", "scope_session", "shared_umkm_ids"]

OFFICE_SCOPE = "office_scope"


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


def shared_umkm_ids(session: Session, office_id: int) -> list[int]:
    """UMKM of other offices whose private fields `office_id` may read: those of missions it
    shares with their office. Missions come later (issue 14); until then, none."""
    del session, office_id
    return []


@event.listens_for(Session, "do_orm_execute")
def _limit_to_office(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    options: list[Any] = []
    if not state.execution_options.get("include_deleted", False):
        # soft-deleted UMKM and buyer requests are gone for every caller (the audit keeps them)
        options += [
            with_loader_criteria(Umkm, Umkm.deleted_at.is_(None), include_aliases=True),
            with_loader_criteria(
                BuyerRequest, BuyerRequest.deleted_at.is_(None), include_aliases=True
            ),
        ]
    office_id = state.session.info.get(OFFICE_SCOPE)
    if office_id is not None and not state.execution_options.get("all_offices", False):
        options += _office_criteria(office_id)
    if options:
        state.statement = state.statement.options(*options)


def _office_criteria(office_id: int) -> list[Any]:
    own_umkm = select(Umkm.id).where(Umkm.office_id == office_id).scalar_subquery()
    own_products = select(Product.id).where(Product.umkm_id.in_(own_umkm)).scalar_subquery()
    return [
        with_loader_criteria(Buyer, Buyer.office_id == office_id, include_aliases=True),
        with_loader_criteria(
            BuyerRequest, BuyerRequest.office_id == office_id, include_aliases=True
        ),
        with_loader_criteria(Umkm, Umkm.office_id == office_id, include_aliases=True),
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
    ]
