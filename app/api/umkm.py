"""UMKM, their products, monthly capacity and certificates.

Staff may touch any UMKM; an UMKM account only its own (others answer 404); clients read
public fields and certificates, never contacts or capacity figures.
"""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from sqlalchemy.orm import Session

from app import schemas
from app.api.deps import (
    PROBLEM_RESPONSES,
    HsPrefix,
    IdPath,
    Limit,
    Offset,
    ProvinceFilter,
    TextFilter,
)
from app.conditional import (
    IfMatch,
    PreconditionFailed,
    check_if_match,
    etag,
    guarded_write,
    row_etag,
    set_etag,
)
from app.db import SessionDep
from app.errors import Forbidden, NotFound
from app.models import Capacity, Certificate, Product, Umkm
from app.schemas import Month
from app.security import (
    CurrentPrincipal,
    Principal,
    Role,
    check_umkm_access,
    require,
    sees_private_fields,
)
from app.services import capacity as capacity_service
from app.services import umkm as service

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF = require(Role.STAFF)
STAFF_OR_CLIENT = require(Role.STAFF, Role.CLIENT)


def _umkm_view(principal: Principal, umkm: Umkm) -> object:
    if sees_private_fields(principal, umkm.id):
        return schemas.UmkmRead.model_validate(umkm)
    return schemas.UmkmPublicRead.model_validate(umkm)


def _product_for(
    session: Session,
    principal: Principal,
    product_id: int,
    *,
    write: bool,
    private: bool = False,
    for_update: bool = False,
) -> Product:
    """The product, if the caller may see it (and its figures, when `private`)."""
    product = service.get_product(session=session, product_id=product_id, for_update=for_update)
    check_umkm_access(
        principal, product.umkm_id, write=write, hidden_as=NotFound("product", product_id)
    )
    if private and not sees_private_fields(principal, product.umkm_id):
        raise Forbidden("capacity figures are for dinas staff and the UMKM itself")
    return product


@router.post(
    "/umkm",
    tags=["umkm"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.UmkmRead,
    dependencies=[STAFF],
)
def create_umkm(
    session: SessionDep, principal: CurrentPrincipal, body: schemas.UmkmCreate
) -> object:
    return service.create_umkm(session=session, data=body, principal=principal)


@router.get(
    "/umkm",
    tags=["umkm"],
    response_model=schemas.Page[schemas.UmkmRead] | schemas.Page[schemas.UmkmPublicRead],
    dependencies=[STAFF_OR_CLIENT],
)
def list_umkm(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: Limit = 50,
    offset: Offset = 0,
    province: ProvinceFilter = None,
    regency: Annotated[str | None, Query(pattern=r"^\d{2}\.\d{2}$")] = None,
    q: TextFilter = None,
    koperasi: TextFilter = None,
    hs_code: HsPrefix = None,
    product: TextFilter = None,
) -> object:
    items, total = service.list_umkm(
        session=session,
        limit=limit,
        offset=offset,
        province=province,
        regency=regency,
        q=q,
        koperasi=koperasi,
        hs_code=hs_code,
        product=product,
    )
    views = [_umkm_view(principal, umkm) for umkm in items]
    return schemas.Page[schemas.UmkmRead | schemas.UmkmPublicRead].of(
        views, total=total, limit=limit, offset=offset
    )


@router.get(
    "/umkm/{umkm_id}", tags=["umkm"], response_model=schemas.UmkmRead | schemas.UmkmPublicRead
)
def get_umkm(
    session: SessionDep, principal: CurrentPrincipal, response: Response, umkm_id: IdPath
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    umkm = service.get_umkm(session=session, umkm_id=umkm_id)
    set_etag(response, row_etag("umkm", umkm))
    return _umkm_view(principal, umkm)


@router.patch("/umkm/{umkm_id}", tags=["umkm"], response_model=schemas.UmkmRead)
def update_umkm(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    umkm_id: IdPath,
    body: schemas.UmkmUpdate,
    if_match: IfMatch = None,
) -> object:
    check_umkm_access(principal, umkm_id, write=True)
    return guarded_write(
        response,
        if_match,
        "umkm",
        lambda: service.get_umkm(session=session, umkm_id=umkm_id, for_update=True),
        lambda: service.update_umkm(
            session=session, umkm_id=umkm_id, data=body, principal=principal
        ),
    )


# ---------------------------------------------------------------- products


@router.post(
    "/umkm/{umkm_id}/products",
    tags=["products"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.ProductRead,
)
def create_product(
    session: SessionDep,
    principal: CurrentPrincipal,
    umkm_id: IdPath,
    body: schemas.ProductCreate,
) -> object:
    check_umkm_access(principal, umkm_id, write=True)
    return service.create_product(session=session, umkm_id=umkm_id, data=body, principal=principal)


@router.get(
    "/umkm/{umkm_id}/products", tags=["products"], response_model=schemas.Page[schemas.ProductRead]
)
def list_umkm_products(
    session: SessionDep,
    principal: CurrentPrincipal,
    umkm_id: IdPath,
    limit: Limit = 50,
    offset: Offset = 0,
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    service.get_umkm(session=session, umkm_id=umkm_id)
    items, total = service.list_products(
        session=session, limit=limit, offset=offset, umkm_id=umkm_id
    )
    return schemas.Page[schemas.ProductRead].of(items, total=total, limit=limit, offset=offset)


@router.get(
    "/products",
    tags=["products"],
    response_model=schemas.Page[schemas.ProductRead],
    dependencies=[STAFF_OR_CLIENT],
)
def list_products(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    hs_code: HsPrefix = None,
    product: TextFilter = None,
    province: ProvinceFilter = None,
) -> object:
    items, total = service.list_products(
        session=session,
        limit=limit,
        offset=offset,
        hs_code=hs_code,
        product=product,
        province=province,
    )
    return schemas.Page[schemas.ProductRead].of(items, total=total, limit=limit, offset=offset)


@router.get("/products/{product_id}", tags=["products"], response_model=schemas.ProductRead)
def get_product(
    session: SessionDep, principal: CurrentPrincipal, response: Response, product_id: IdPath
) -> object:
    product = _product_for(session, principal, product_id, write=False)
    set_etag(response, row_etag("product", product))
    return product


@router.patch("/products/{product_id}", tags=["products"], response_model=schemas.ProductRead)
def update_product(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    product_id: IdPath,
    body: schemas.ProductUpdate,
    if_match: IfMatch = None,
) -> object:
    return guarded_write(
        response,
        if_match,
        "product",
        lambda: _product_for(session, principal, product_id, write=True, for_update=True),
        lambda: service.update_product(
            session=session, product_id=product_id, data=body, principal=principal
        ),
    )


# ---------------------------------------------------------------- capacity


@router.put(
    "/products/{product_id}/capacity/{month}",
    tags=["capacity"],
    response_model=schemas.CapacityRead,
    summary="Set what the product can supply in one month (idempotent)",
)
def set_capacity(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    product_id: IdPath,
    month: Month,
    body: schemas.CapacitySet,
    if_match: IfMatch = None,
    if_none_match: Annotated[
        str | None,
        Header(max_length=512, description='"*": set the month only if it has no figure yet'),
    ] = None,
) -> object:
    _product_for(session, principal, product_id, write=True, for_update=True)
    current = capacity_service.get_month(session=session, product_id=product_id, month=month)
    current_tag = None if current is None else capacity_etag(current)
    check_if_match(if_match, current_tag)
    if if_none_match is not None and current is not None:
        raise PreconditionFailed(f"{month:%Y-%m} already has a figure (ETag {current_tag})")
    result = capacity_service.set_capacity(
        session=session, product_id=product_id, month=month, data=body, principal=principal
    )
    set_etag(response, capacity_etag(result.capacity))
    return capacity_service.to_read(result.capacity, unit=None, unit_weight_kg=None)


def capacity_etag(capacity: Capacity) -> str:
    return etag("capacity", f"{capacity.product_id}/{capacity.month:%Y-%m}", capacity.revision)


@router.get(
    "/products/{product_id}/capacity/{month}",
    tags=["capacity"],
    response_model=schemas.CapacityRead,
    summary="One month's figure, with its ETag",
)
def get_capacity_month(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    product_id: IdPath,
    month: Month,
) -> object:
    _product_for(session, principal, product_id, write=False, private=True)
    current = capacity_service.get_month(session=session, product_id=product_id, month=month)
    if current is None:
        raise NotFound("capacity month", f"{month:%Y-%m} of product {product_id}")
    set_etag(response, capacity_etag(current))
    return capacity_service.to_read(current, unit=None, unit_weight_kg=None)


@router.put(
    "/products/{product_id}/capacity",
    tags=["capacity"],
    response_model=schemas.Page[schemas.CapacityRead],
    summary="Set many months in one call: all or none",
)
def set_capacity_bulk(
    session: SessionDep,
    principal: CurrentPrincipal,
    product_id: IdPath,
    body: schemas.CapacityBulkSet,
) -> object:
    _product_for(session, principal, product_id, write=True)
    results = capacity_service.set_capacity_bulk(
        session=session, product_id=product_id, data=body, principal=principal
    )
    items = [capacity_service.to_read(r.capacity, unit=None, unit_weight_kg=None) for r in results]
    return schemas.Page[schemas.CapacityRead].of(items)


@router.get(
    "/products/{product_id}/capacity",
    tags=["capacity"],
    response_model=schemas.Page[schemas.CapacityRead],
    summary="The months with a capacity figure, oldest first",
)
def list_capacity(
    session: SessionDep,
    principal: CurrentPrincipal,
    product_id: IdPath,
    from_month: Annotated[Month | None, Query(alias="from")] = None,
    to_month: Annotated[Month | None, Query(alias="to")] = None,
    unit: Annotated[schemas.Unit | None, Query(description="express figures in this unit")] = None,
) -> object:
    product = _product_for(session, principal, product_id, write=False, private=True)
    rows = capacity_service.list_capacity(
        session=session, product_id=product_id, from_month=from_month, to_month=to_month
    )
    items = [
        capacity_service.to_read(r, unit=unit, unit_weight_kg=product.unit_weight_kg) for r in rows
    ]
    return schemas.Page[schemas.CapacityRead].of(items)


@router.get(
    "/products/{product_id}/capacity/{month}/history",
    tags=["capacity"],
    response_model=schemas.Page[schemas.CapacityRevisionRead],
    summary="Every value the month has had, newest first, with who set it and when",
)
def capacity_history(
    session: SessionDep, principal: CurrentPrincipal, product_id: IdPath, month: Month
) -> object:
    _product_for(session, principal, product_id, write=False, private=True)
    revisions, current = capacity_service.capacity_history(
        session=session, product_id=product_id, month=month
    )
    items = [capacity_service.revision_to_read(r, current) for r in revisions]
    return schemas.Page[schemas.CapacityRevisionRead].of(items)


# ---------------------------------------------------------------- certificates


@router.post(
    "/umkm/{umkm_id}/certificates",
    tags=["certificates"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.CertificateRead,
)
def create_certificate(
    session: SessionDep,
    principal: CurrentPrincipal,
    umkm_id: IdPath,
    body: schemas.CertificateCreate,
) -> object:
    check_umkm_access(principal, umkm_id, write=True)
    return service.create_certificate(
        session=session, umkm_id=umkm_id, data=body, principal=principal
    )


@router.get(
    "/umkm/{umkm_id}/certificates",
    tags=["certificates"],
    response_model=schemas.Page[schemas.CertificateRead],
)
def list_certificates(
    session: SessionDep,
    principal: CurrentPrincipal,
    umkm_id: IdPath,
    limit: Limit = 50,
    offset: Offset = 0,
    product_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    type: schemas.CertificationType | None = None,
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    items, total = service.list_certificates(
        session=session,
        umkm_id=umkm_id,
        limit=limit,
        offset=offset,
        product_id=product_id,
        type=type,
    )
    return schemas.Page[schemas.CertificateRead].of(items, total=total, limit=limit, offset=offset)


def _certificate_for(
    session: Session,
    principal: Principal,
    certificate_id: int,
    *,
    write: bool,
    for_update: bool = False,
) -> Certificate:
    certificate = service.get_certificate(
        session=session, certificate_id=certificate_id, for_update=for_update
    )
    check_umkm_access(
        principal,
        certificate.umkm_id,
        write=write,
        hidden_as=NotFound("certificate", certificate_id),
    )
    return certificate


@router.get(
    "/certificates/{certificate_id}", tags=["certificates"], response_model=schemas.CertificateRead
)
def get_certificate(
    session: SessionDep, principal: CurrentPrincipal, response: Response, certificate_id: IdPath
) -> object:
    certificate = _certificate_for(session, principal, certificate_id, write=False)
    set_etag(response, row_etag("certificate", certificate))
    return certificate


@router.patch(
    "/certificates/{certificate_id}", tags=["certificates"], response_model=schemas.CertificateRead
)
def update_certificate(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    certificate_id: IdPath,
    body: schemas.CertificateUpdate,
    if_match: IfMatch = None,
) -> object:
    return guarded_write(
        response,
        if_match,
        "certificate",
        lambda: _certificate_for(session, principal, certificate_id, write=True, for_update=True),
        lambda: service.update_certificate(
            session=session, certificate_id=certificate_id, data=body, principal=principal
        ),
    )


@router.delete(
    "/certificates/{certificate_id}", tags=["certificates"], status_code=status.HTTP_204_NO_CONTENT
)
def delete_certificate(
    session: SessionDep,
    principal: CurrentPrincipal,
    certificate_id: IdPath,
    if_match: IfMatch = None,
) -> None:
    certificate = _certificate_for(session, principal, certificate_id, write=True, for_update=True)
    check_if_match(if_match, row_etag("certificate", certificate))
    service.delete_certificate(session=session, certificate_id=certificate_id, principal=principal)
