"""Products of an UMKM."""

from fastapi import APIRouter, Response, status

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
from app.conditional import IfMatch, guarded_write, row_etag, set_etag
from app.db import SessionDep
from app.security import CurrentPrincipal, Role, check_umkm_access, require
from app.services import products as product_service

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF_OR_CLIENT = require(Role.STAFF, Role.CLIENT)


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
    return product_service.create_product(
        session=session, umkm_id=umkm_id, data=body, principal=principal
    )


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
    return product_service.list_products(
        session=session, limit=limit, offset=offset, umkm_id=umkm_id
    )


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
    return product_service.list_products(
        session=session,
        limit=limit,
        offset=offset,
        hs_code=hs_code,
        product=product,
        province=province,
    )


@router.get("/products/{product_id}", tags=["products"], response_model=schemas.ProductRead)
def get_product(
    session: SessionDep, principal: CurrentPrincipal, response: Response, product_id: IdPath
) -> object:
    product = product_service.product_for(
        session=session, principal=principal, product_id=product_id, write=False
    )
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
        lambda: product_service.product_for(
            session=session,
            principal=principal,
            product_id=product_id,
            write=True,
            for_update=True,
        ),
        lambda: product_service.update_product(
            session=session, product_id=product_id, data=body, principal=principal
        ),
    )
