"""Offices (admins create and edit them; staff read their own) and the region look-up."""

from fastapi import APIRouter, status

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, Limit, Offset, TextFilter
from app.db import SessionDep
from app.regions import search_regions
from app.security import CurrentPrincipal, Role, require
from app.services import offices as service

router = APIRouter(responses=PROBLEM_RESPONSES)
ADMIN = require(Role.ADMIN)
STAFF = require(Role.STAFF)


@router.post(
    "/offices",
    tags=["offices"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.OfficeRead,
    dependencies=[ADMIN],
)
def create_office(
    session: SessionDep, principal: CurrentPrincipal, body: schemas.OfficeCreate
) -> object:
    return service.create_office(session=session, data=body, principal=principal)


@router.get(
    "/offices",
    tags=["offices"],
    response_model=schemas.Page[schemas.OfficeRead],
    dependencies=[STAFF],
)
def list_offices(
    session: SessionDep, principal: CurrentPrincipal, limit: Limit = 50, offset: Offset = 0
) -> object:
    return service.list_offices(session=session, principal=principal, limit=limit, offset=offset)


@router.get(
    "/offices/{office_id}",
    tags=["offices"],
    response_model=schemas.OfficeRead,
    dependencies=[STAFF],
)
def get_office(session: SessionDep, principal: CurrentPrincipal, office_id: IdPath) -> object:
    return service.get_office(session=session, office_id=office_id, principal=principal)


@router.patch(
    "/offices/{office_id}",
    tags=["offices"],
    response_model=schemas.OfficeRead,
    dependencies=[ADMIN],
)
def update_office(
    session: SessionDep, principal: CurrentPrincipal, office_id: IdPath, body: schemas.OfficeUpdate
) -> object:
    return service.update_office(
        session=session, office_id=office_id, data=body, principal=principal
    )


@router.get(
    "/regions",
    tags=["offices"],
    response_model=list[schemas.RegionRead],
    summary="Provinces and kabupaten/kota by name (for forms and importers)",
)
def regions(principal: CurrentPrincipal, q: TextFilter = None, limit: Limit = 20) -> object:
    del principal  # any key may look regions up
    return search_regions(q or "", limit=limit)
