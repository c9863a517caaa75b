"""UMKM profiles (their products: services.products; certificates: services.certificates)."""

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from app import reference, schemas
from app.errors import Conflict
from app.models import Product, Umkm
from app.principal import Principal, sees_private_fields
from app.services import audit, product_filter
from app.services.common import escape_like, get_or_404, paginate, touch_supply
from app.services.offices import owner_office


def _check_nib_free(session: Session, nib: str | None, umkm_id: int | None = None) -> None:
    if nib is None:
        return
    # every office's: an NIB is national
    holder = session.scalar(
        select(Umkm.id).where(Umkm.nib == nib).execution_options(all_offices=True)
    )
    if holder is not None and holder != umkm_id:
        raise Conflict(f"NIB {nib} is already registered to UMKM {holder}")


def create_umkm(*, session: Session, data: schemas.UmkmCreate, principal: Principal) -> Umkm:
    _check_nib_free(session, data.nib)
    values = data.model_dump()
    values["province_code"] = reference.regencies()[data.regency_code].province_code
    umkm = Umkm(**values, office_id=owner_office(session, principal))
    session.add(umkm)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="umkm",
        resource_id=umkm.id,
        changes=audit.created(umkm, tuple(values)),
        office_id=umkm.office_id,
    )
    return umkm


def umkm_view(principal: Principal, umkm: Umkm) -> schemas.UmkmRead | schemas.UmkmPublicRead:
    """What `principal` may see of `umkm`: everything, or the public fields."""
    if sees_private_fields(principal, umkm.id):
        return schemas.UmkmRead.model_validate(umkm)
    return schemas.UmkmPublicRead.model_validate(umkm)


def get_umkm(*, session: Session, umkm_id: int, for_update: bool = False) -> Umkm:
    return get_or_404(session, Umkm, umkm_id, "UMKM", for_update=for_update)


def update_umkm(
    *, session: Session, umkm_id: int, data: schemas.UmkmUpdate, principal: Principal
) -> Umkm:
    umkm = get_umkm(session=session, umkm_id=umkm_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if "nib" in changes:
        _check_nib_free(session, changes["nib"], umkm_id)
    if changes.get("regency_code"):
        changes["province_code"] = reference.regencies()[changes["regency_code"]].province_code

    def then(changed: audit.Changes) -> None:
        # what matches filter on, show, and the profile's NIB (it counts as the NIB certificate)
        if changed.keys() & {"regency_code", "name", "nib"}:
            touch_supply(session, umkm_id=umkm.id)

    audit.update(
        session,
        principal=principal,
        row=umkm,
        resource="umkm",
        resource_id=umkm.id,
        changes=changes,
        then=then,
    )
    return umkm


def list_umkm(
    *,
    session: Session,
    principal: Principal,
    limit: int,
    offset: int,
    province: str | None = None,
    regency: str | None = None,
    q: str | None = None,
    koperasi: str | None = None,
    hs_code: str | None = None,
    product: str | None = None,
) -> schemas.Page[schemas.UmkmRead | schemas.UmkmPublicRead]:
    """A page of UMKM, each as much as `principal` may see of it (`umkm_view`)."""
    statement = select(Umkm).order_by(Umkm.id)
    if province:
        statement = statement.where(Umkm.province_code == province)
    if regency:
        statement = statement.where(Umkm.regency_code == regency)
    if q:
        statement = statement.where(Umkm.name.ilike(f"%{escape_like(q)}%", escape="\\"))
    if koperasi:
        statement = statement.where(Umkm.koperasi.ilike(f"%{escape_like(koperasi)}%", escape="\\"))
    if product:
        # what matching finds (product_filter): the database narrows, Python judges
        candidates = select(Product.umkm_id, Product.name, Product.hs_code).where(
            product_filter.name_condition(
                product, Product.name, Product.hs_code, dialect=session.get_bind().dialect.name
            )
        )
        if hs_code:
            candidates = candidates.where(Product.hs_code.startswith(hs_code))
        found = product_filter.passing(product, session.execute(candidates).all())
        umkm_ids = sorted({int(row[0]) for row in found})
        statement = statement.where(
            Umkm.id.in_(bindparam("product_umkm", umkm_ids, expanding=True, literal_execute=True))
        )
    elif hs_code:
        has_product = select(Product.id).where(
            Product.umkm_id == Umkm.id, Product.hs_code.startswith(hs_code)
        )
        statement = statement.where(exists(has_product))
    rows, total = paginate(session, statement, limit=limit, offset=offset)
    views = [umkm_view(principal, umkm) for umkm in rows]
    return schemas.Page[schemas.UmkmRead | schemas.UmkmPublicRead].of(
        views, total=total, limit=limit, offset=offset
    )
