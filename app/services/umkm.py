"""UMKM profiles, their products and certificates."""

from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app import reference, schemas
from app.errors import Conflict, Unprocessable
from app.models import Capacity, Certificate, Product, Umkm
from app.security import Principal
from app.services import audit
from app.services.common import apply_changes, escape_like, get_or_404, paginate, touch_supply
from app.units import UnitError, is_counted, to_grams


def _check_nib_free(session: Session, nib: str | None, umkm_id: int | None = None) -> None:
    if nib is None:
        return
    holder = session.scalar(select(Umkm.id).where(Umkm.nib == nib))
    if holder is not None and holder != umkm_id:
        raise Conflict(f"NIB {nib} is already registered to UMKM {holder}")


def create_umkm(*, session: Session, data: schemas.UmkmCreate, principal: Principal) -> Umkm:
    _check_nib_free(session, data.nib)
    values = data.model_dump()
    values["province_code"] = reference.regencies()[data.regency_code].province_code
    umkm = Umkm(**values)
    session.add(umkm)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="umkm",
        resource_id=umkm.id,
        changes=audit.created(umkm, tuple(values)),
    )
    return umkm


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
    changed = apply_changes(umkm, changes)
    if changed.keys() & {"regency_code", "name"}:  # what matches filter on and show
        touch_supply(session, umkm_id=umkm.id)
    if changed:
        audit.record(
            session,
            principal=principal,
            action="update",
            resource="umkm",
            resource_id=umkm.id,
            changes=changed,
        )
    session.flush()
    return umkm


def list_umkm(
    *,
    session: Session,
    limit: int,
    offset: int,
    province: str | None = None,
    regency: str | None = None,
    q: str | None = None,
    koperasi: str | None = None,
    hs_code: str | None = None,
    product: str | None = None,
) -> tuple[list[Umkm], int]:
    statement = select(Umkm).order_by(Umkm.id)
    if province:
        statement = statement.where(Umkm.province_code == province)
    if regency:
        statement = statement.where(Umkm.regency_code == regency)
    if q:
        statement = statement.where(Umkm.name.ilike(f"%{escape_like(q)}%", escape="\\"))
    if koperasi:
        statement = statement.where(Umkm.koperasi.ilike(f"%{escape_like(koperasi)}%", escape="\\"))
    if hs_code or product:
        has_product = select(Product.id).where(Product.umkm_id == Umkm.id)
        if hs_code:
            has_product = has_product.where(Product.hs_code.startswith(hs_code))
        if product:
            has_product = has_product.where(
                Product.name.ilike(f"%{escape_like(product)}%", escape="\\")
            )
        statement = statement.where(exists(has_product))
    return paginate(session, statement, limit=limit, offset=offset)


# ---------------------------------------------------------------- products


def _check_unit_weight(unit: str, unit_weight_kg: object) -> None:
    if unit_weight_kg is not None and not is_counted(unit):
        raise Unprocessable(
            "unit_weight_kg", f"applies only to counted units (pcs, pack, box, carton), not {unit}"
        )


def create_product(
    *, session: Session, umkm_id: int, data: schemas.ProductCreate, principal: Principal
) -> Product:
    get_umkm(session=session, umkm_id=umkm_id)
    _check_unit_weight(data.unit, data.unit_weight_kg)
    product = Product(umkm_id=umkm_id, **data.model_dump())
    session.add(product)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="product",
        resource_id=product.id,
        changes=audit.created(product, ("umkm_id", *type(data).model_fields)),
    )
    return product


def get_product(*, session: Session, product_id: int, for_update: bool = False) -> Product:
    return get_or_404(session, Product, product_id, "product", for_update=for_update)


def update_product(
    *, session: Session, product_id: int, data: schemas.ProductUpdate, principal: Principal
) -> Product:
    product = get_product(session=session, product_id=product_id, for_update=True)
    changed = apply_changes(product, data.model_dump(exclude_unset=True))
    _check_unit_weight(product.unit, product.unit_weight_kg)
    if changed:
        product.supply_changed_at = datetime.now(UTC)
        audit.record(
            session,
            principal=principal,
            action="update",
            resource="product",
            resource_id=product.id,
            changes=changed,
        )
    if "unit_weight_kg" in changed:
        # Counted capacity figures are stored in kg through the unit weight: recompute them.
        for capacity in session.scalars(select(Capacity).where(Capacity.product_id == product.id)):
            if is_counted(capacity.unit):
                try:
                    capacity.quantity_g = to_grams(
                        capacity.quantity, capacity.unit, product.unit_weight_kg
                    )
                except UnitError:
                    capacity.quantity_g = None
    session.flush()
    return product


def list_products(
    *,
    session: Session,
    limit: int,
    offset: int,
    umkm_id: int | None = None,
    hs_code: str | None = None,
    product: str | None = None,
    province: str | None = None,
) -> tuple[list[Product], int]:
    statement = select(Product).order_by(Product.id)
    if umkm_id is not None:
        statement = statement.where(Product.umkm_id == umkm_id)
    if hs_code:
        statement = statement.where(Product.hs_code.startswith(hs_code))
    if product:
        statement = statement.where(Product.name.ilike(f"%{escape_like(product)}%", escape="\\"))
    if province:
        statement = statement.join(Umkm).where(Umkm.province_code == province)
    return paginate(session, statement, limit=limit, offset=offset)


# ---------------------------------------------------------------- certificates


def create_certificate(
    *, session: Session, umkm_id: int, data: schemas.CertificateCreate, principal: Principal
) -> Certificate:
    get_umkm(session=session, umkm_id=umkm_id)
    if data.product_id is not None:
        product = session.get(Product, data.product_id)
        if product is None or product.umkm_id != umkm_id:
            raise Unprocessable(
                "product_id", f"product {data.product_id} is not a product of UMKM {umkm_id}"
            )
    certificate = Certificate(umkm_id=umkm_id, **data.model_dump())
    session.add(certificate)
    _touch_certificate_holders(session, certificate)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="certificate",
        resource_id=certificate.id,
        changes=audit.created(certificate, ("umkm_id", *type(data).model_fields)),
    )
    return certificate


def _touch_certificate_holders(session: Session, certificate: Certificate) -> None:
    if certificate.product_id is not None:
        touch_supply(session, product_ids=[certificate.product_id])
    else:
        touch_supply(session, umkm_id=certificate.umkm_id)


def get_certificate(
    *, session: Session, certificate_id: int, for_update: bool = False
) -> Certificate:
    return get_or_404(session, Certificate, certificate_id, "certificate", for_update=for_update)


def update_certificate(
    *,
    session: Session,
    certificate_id: int,
    data: schemas.CertificateUpdate,
    principal: Principal,
) -> Certificate:
    certificate = get_certificate(session=session, certificate_id=certificate_id, for_update=True)
    changed = apply_changes(certificate, data.model_dump(exclude_unset=True))
    if (
        certificate.issued_on
        and certificate.expires_on
        and certificate.expires_on < certificate.issued_on
    ):
        raise Unprocessable("expires_on", "is before issued_on")
    if changed:
        certificate.updated_at = datetime.now(UTC)
        _touch_certificate_holders(session, certificate)
        audit.record(
            session,
            principal=principal,
            action="update",
            resource="certificate",
            resource_id=certificate.id,
            changes=changed,
        )
    session.flush()
    return certificate


def delete_certificate(
    *, session: Session, certificate_id: int, principal: Principal
) -> Certificate:
    certificate = get_certificate(session=session, certificate_id=certificate_id, for_update=True)
    _touch_certificate_holders(session, certificate)
    fields = ("umkm_id", "product_id", "type", "number", "issuer", "issued_on", "expires_on")
    audit.record(
        session,
        principal=principal,
        action="delete",
        resource="certificate",
        resource_id=certificate.id,
        changes={name: (getattr(certificate, name), None) for name in fields},
    )
    session.delete(certificate)
    session.flush()
    return certificate


def list_certificates(
    *,
    session: Session,
    umkm_id: int,
    limit: int,
    offset: int,
    product_id: int | None = None,
    type: str | None = None,
) -> tuple[list[Certificate], int]:
    get_umkm(session=session, umkm_id=umkm_id)
    statement = select(Certificate).where(Certificate.umkm_id == umkm_id).order_by(Certificate.id)
    if product_id is not None:
        statement = statement.where(Certificate.product_id == product_id)
    if type:
        statement = statement.where(Certificate.type == type)
    return paginate(session, statement, limit=limit, offset=offset)
