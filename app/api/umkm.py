"""UMKM profiles (products, capacity and certificates have their own routers).

Staff may touch any UMKM; an UMKM account only its own (others answer 404); clients read
public fields and certificates, never contacts or capacity figures.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

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
from app.offices import shared_missions
from app.security import CurrentPrincipal, Role, check_umkm_access, require
from app.services import umkm as umkm_service

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF = require(Role.STAFF)
STAFF_OR_CLIENT = require(Role.STAFF, Role.CLIENT)


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
    return umkm_service.create_umkm(session=session, data=body, principal=principal)


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
    return umkm_service.list_umkm(
        session=session,
        principal=principal,
        limit=limit,
        offset=offset,
        province=province,
        regency=regency,
        q=q,
        koperasi=koperasi,
        hs_code=hs_code,
        product=product,
    )


@router.get(
    "/umkm/{umkm_id}", tags=["umkm"], response_model=schemas.UmkmRead | schemas.UmkmPublicRead
)
def get_umkm(
    session: SessionDep, principal: CurrentPrincipal, response: Response, umkm_id: IdPath
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    with shared_missions(session):  # offices sharing a mission read its participants
        umkm = umkm_service.get_umkm(session=session, umkm_id=umkm_id)
    set_etag(response, row_etag("umkm", umkm))
    return umkm_service.umkm_view(principal, umkm)


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
        lambda: umkm_service.get_umkm(session=session, umkm_id=umkm_id, for_update=True),
        lambda: umkm_service.update_umkm(
            session=session, umkm_id=umkm_id, data=body, principal=principal
        ),
    )
