"""Certificates of an UMKM or of one of its products."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.errors import NotFound, Unprocessable
from app.models import Certificate, Product
from app.principal import Principal, check_umkm_access, sees_private_fields
from app.services import audit
from app.services.common import get_or_404, page, touch_supply
from app.services.umkm import get_umkm


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


def certificate_for(
    *,
    session: Session,
    principal: Principal,
    certificate_id: int,
    write: bool,
    for_update: bool = False,
) -> Certificate:
    """The certificate, if `principal` may see it (404 if not, as if it did not exist)."""
    certificate = get_certificate(
        session=session, certificate_id=certificate_id, for_update=for_update
    )
    check_umkm_access(
        principal,
        certificate.umkm_id,
        write=write,
        hidden_as=NotFound("certificate", certificate_id),
    )
    return certificate


def update_certificate(
    *,
    session: Session,
    certificate_id: int,
    data: schemas.CertificateUpdate,
    principal: Principal,
) -> Certificate:
    certificate = get_certificate(session=session, certificate_id=certificate_id, for_update=True)

    def then(changed: audit.Changes) -> None:
        if (
            certificate.issued_on
            and certificate.expires_on
            and certificate.expires_on < certificate.issued_on
        ):
            raise Unprocessable("expires_on", "is before issued_on")
        if changed:
            certificate.updated_at = datetime.now(UTC)
            _touch_certificate_holders(session, certificate)

    audit.update(
        session,
        principal=principal,
        row=certificate,
        resource="certificate",
        resource_id=certificate.id,
        changes=data.model_dump(exclude_unset=True),
        then=then,
    )
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
) -> schemas.Page[schemas.CertificateRead]:
    get_umkm(session=session, umkm_id=umkm_id)
    statement = select(Certificate).where(Certificate.umkm_id == umkm_id).order_by(Certificate.id)
    if product_id is not None:
        statement = statement.where(Certificate.product_id == product_id)
    if type:
        statement = statement.where(Certificate.type == type)
    return page(session, statement, schemas.CertificateRead, limit=limit, offset=offset)


def shown_to(principal: Principal, certificate: object) -> schemas.CertificateRead:
    """`certificate` as `principal` may read it: the number of an NIB certificate is the
    UMKM's NIB, which only staff and the UMKM itself see (as on the UMKM's profile)."""
    read = schemas.CertificateRead.model_validate(certificate)
    if read.type == "NIB" and not sees_private_fields(principal, read.umkm_id):
        return read.model_copy(update={"number": None})
    return read
