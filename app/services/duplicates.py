"""Duplicates and deletions: merge two UMKM records; soft-delete an UMKM or a buyer request.

A merge moves the duplicate's products (with their capacity and its history), certificates
and accounts to the UMKM kept, fills the kept record's blank fields from the duplicate, and
soft-deletes the duplicate (`merged_into_id`); the audit trail records both. A deleted
record keeps its row (hidden from every query, see app.offices) and its audit events; its
NIB and register code are freed so the UMKM can be registered again.

A record that deals name (trade missions) is never deleted: its deals would lose their
party. Merging moves the duplicate's deals to the record kept, with its products.
"""

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.errors import Conflict, Unprocessable
from app.models import Account, Certificate, Deal, Product, Umkm
from app.principal import Principal
from app.services import audit
from app.services.buyers import get_request
from app.services.common import get_or_404, touch_supply
from app.services.umkm import get_umkm

# What a merge copies to the kept record when the kept record has none.
FILLED_ON_MERGE = ("nib", "owner_name", "phone", "email", "address", "koperasi", "register_code")


def _deals_of(session: Session, resource: str, resource_id: int) -> int:
    """How many deals name the record as their UMKM, product or buyer request."""
    column = {"umkm": Deal.umkm_id, "product": Deal.product_id}.get(resource, Deal.buyer_request_id)
    return session.scalar(select(func.count()).where(column == resource_id)) or 0


def _refuse_if_deals(session: Session, resource: str, resource_id: int) -> None:
    if deals := _deals_of(session, resource, resource_id):
        raise Conflict(f"{resource} {resource_id} has {deals} deal(s): it cannot be deleted")


def merge_umkm(*, session: Session, keep_id: int, duplicate_id: int, principal: Principal) -> Umkm:
    keep = get_umkm(session=session, umkm_id=keep_id, for_update=True)
    if keep_id == duplicate_id:
        raise Unprocessable("duplicate_id", "is the UMKM kept; name the other record")
    duplicate = get_umkm(session=session, umkm_id=duplicate_id, for_update=True)
    products = list(session.scalars(select(Product.id).where(Product.umkm_id == duplicate_id)))
    names = set(session.scalars(select(func.lower(Product.name)).where(Product.umkm_id == keep_id)))
    clash = session.scalars(
        select(Product.name).where(
            Product.umkm_id == duplicate_id, func.lower(Product.name).in_(names)
        )
    ).all()
    if clash:
        raise Conflict(
            f"both UMKM have a product named {', '.join(sorted(clash))}: rename or merge those "
            "products first"
        )
    certificates = list(
        session.scalars(select(Certificate.id).where(Certificate.umkm_id == duplicate_id))
    )
    accounts = list(session.scalars(select(Account.id).where(Account.umkm_id == duplicate_id)))
    deals = list(session.scalars(select(Deal.id).where(Deal.umkm_id == duplicate_id)))
    filled = {
        name: getattr(duplicate, name)
        for name in FILLED_ON_MERGE
        if getattr(keep, name) is None and getattr(duplicate, name) is not None
    }
    session.execute(update(Product).where(Product.id.in_(products)).values(umkm_id=keep_id))
    session.execute(
        update(Certificate).where(Certificate.id.in_(certificates)).values(umkm_id=keep_id)
    )
    session.execute(update(Account).where(Account.id.in_(accounts)).values(umkm_id=keep_id))
    session.execute(update(Deal).where(Deal.id.in_(deals)).values(umkm_id=keep_id))
    # then free the unique NIB and register code before the kept record takes them
    _delete(session, duplicate, principal, merged_into=keep)
    changes: audit.Changes = {name: (None, value) for name, value in filled.items()}
    for name, value in filled.items():
        setattr(keep, name, value)
    changes["merged_from"] = (None, duplicate_id)
    changes["products_moved"] = (None, products)
    changes["certificates_moved"] = (None, certificates)
    changes["accounts_moved"] = (None, accounts)
    changes["deals_moved"] = (None, deals)
    audit.record(
        session,
        principal=principal,
        action="merge",
        resource="umkm",
        resource_id=keep_id,
        changes=changes,
        office_id=keep.office_id,
    )
    touch_supply(session, umkm_id=keep_id)  # the moved products' region and certificates
    session.flush()
    session.expire_all()
    return get_umkm(session=session, umkm_id=keep_id)


def _delete(
    session: Session, umkm: Umkm, principal: Principal, merged_into: Umkm | None = None
) -> None:
    fields = ("name", "nib", "register_code", "regency_code", "phone", "email")
    changes: audit.Changes = {name: (getattr(umkm, name), None) for name in fields}
    umkm.deleted_at = datetime.now(UTC)
    umkm.nib = None
    umkm.register_code = None
    if merged_into is not None:
        umkm.merged_into_id = merged_into.id
        changes["merged_into_id"] = (None, merged_into.id)
    audit.record(
        session,
        principal=principal,
        action="delete",
        resource="umkm",
        resource_id=umkm.id,
        changes=changes,
        office_id=umkm.office_id,
    )
    session.flush()


def delete_umkm(*, session: Session, umkm_id: int, principal: Principal) -> None:
    """Soft-delete an UMKM without products (one with products is merged into another)."""
    umkm = get_umkm(session=session, umkm_id=umkm_id, for_update=True)
    _refuse_if_deals(session, "umkm", umkm_id)
    products = session.scalar(select(func.count()).where(Product.umkm_id == umkm_id))
    if products:
        raise Conflict(
            f"UMKM {umkm_id} has {products} product(s): merge it into the record to keep "
            f"(POST /umkm/{{keep_id}}/merge) instead of deleting it"
        )
    now = datetime.now(UTC)
    session.execute(
        update(Account)
        .where(Account.umkm_id == umkm_id, Account.disabled_at.is_(None))
        .values(disabled_at=now)
    )
    _delete(session, umkm, principal)


def delete_request(*, session: Session, request_id: int, principal: Principal) -> None:
    request = get_request(session=session, request_id=request_id, for_update=True)
    _refuse_if_deals(session, "buyer_request", request_id)
    fields = ("buyer_id", "product", "quota_g", "start_month", "months", "status")
    request.deleted_at = datetime.now(UTC)
    audit.record(
        session,
        principal=principal,
        action="delete",
        resource="buyer_request",
        resource_id=request.id,
        changes={name: (getattr(request, name), None) for name in fields},
        office_id=request.office_id,
    )
    session.flush()


def merged_into(session: Session, umkm_id: int) -> int | None:
    """The UMKM a merged record lives on in (for a client holding an old id)."""
    return session.scalar(
        select(Umkm.merged_into_id)
        .where(Umkm.id == umkm_id)
        .execution_options(include_deleted=True)
    )


def delete_product(*, session: Session, product_id: int, principal: Principal) -> None:
    """Soft-delete a product that no deal names: it leaves every list and every match (the
    supply index drops it at its next catch-up); its capacity history and audit stay."""
    product = get_or_404(session, Product, product_id, "product", for_update=True)
    _refuse_if_deals(session, "product", product_id)
    fields = ("name", "hs_code", "umkm_id")
    changes: audit.Changes = {name: (getattr(product, name), None) for name in fields}
    product.deleted_at = datetime.now(UTC)
    audit.record(
        session,
        principal=principal,
        action="delete",
        resource="product",
        resource_id=product_id,
        changes=changes,
        office_id=product.umkm.office_id,
    )
    touch_supply(session, product_ids=[product_id])
    session.flush()
