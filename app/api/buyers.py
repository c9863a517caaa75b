"""Buyers and buyer requests: staff write; clients read requests (never buyers' contacts)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, HsPrefix, IdPath, Limit, Offset, TextFilter
from app.conditional import IfMatch, guarded_write, row_etag, set_etag
from app.db import SessionDep
from app.security import CurrentPrincipal, Role, require
from app.services import buyers as service

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF = require(Role.STAFF)
READERS = require(Role.STAFF, Role.CLIENT)


@router.post(
    "/buyers",
    tags=["buyers"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.BuyerRead,
    dependencies=[STAFF],
)
def create_buyer(
    session: SessionDep, principal: CurrentPrincipal, body: schemas.BuyerCreate
) -> object:
    return service.create_buyer(session=session, data=body, principal=principal)


@router.get(
    "/buyers", tags=["buyers"], response_model=schemas.Page[schemas.BuyerRead], dependencies=[STAFF]
)
def list_buyers(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    country: TextFilter = None,
    q: TextFilter = None,
) -> object:
    return service.list_buyers(session=session, limit=limit, offset=offset, country=country, q=q)


@router.get(
    "/buyers/{buyer_id}", tags=["buyers"], response_model=schemas.BuyerRead, dependencies=[STAFF]
)
def get_buyer(session: SessionDep, response: Response, buyer_id: IdPath) -> object:
    buyer = service.get_buyer(session=session, buyer_id=buyer_id)
    set_etag(response, row_etag("buyer", buyer))
    return buyer


@router.patch(
    "/buyers/{buyer_id}", tags=["buyers"], response_model=schemas.BuyerRead, dependencies=[STAFF]
)
def update_buyer(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    buyer_id: IdPath,
    body: schemas.BuyerUpdate,
    if_match: IfMatch = None,
) -> object:
    return guarded_write(
        response,
        if_match,
        "buyer",
        lambda: service.get_buyer(session=session, buyer_id=buyer_id, for_update=True),
        lambda: service.update_buyer(
            session=session, buyer_id=buyer_id, data=body, principal=principal
        ),
    )


@router.post(
    "/buyer-requests",
    tags=["buyer requests"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.BuyerRequestRead,
    dependencies=[STAFF],
)
def create_request(
    session: SessionDep, principal: CurrentPrincipal, body: schemas.BuyerRequestCreate
) -> object:
    return service.create_request(session=session, data=body, principal=principal)


@router.get(
    "/buyer-requests",
    tags=["buyer requests"],
    response_model=schemas.Page[schemas.BuyerRequestRead],
    dependencies=[READERS],
)
def list_requests(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    status: schemas.RequestStatus | None = None,
    buyer_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    country: TextFilter = None,
    hs_code: HsPrefix = None,
    product: TextFilter = None,
) -> object:
    return service.list_requests(
        session=session,
        limit=limit,
        offset=offset,
        status=status,
        buyer_id=buyer_id,
        country=country,
        hs_code=hs_code,
        product=product,
    )


@router.get(
    "/buyer-requests/{request_id}",
    tags=["buyer requests"],
    response_model=schemas.BuyerRequestRead,
    dependencies=[READERS],
)
def get_request(session: SessionDep, response: Response, request_id: IdPath) -> object:
    request = service.get_request(session=session, request_id=request_id)
    set_etag(response, row_etag("buyer_request", request))
    return request


@router.patch(
    "/buyer-requests/{request_id}",
    tags=["buyer requests"],
    response_model=schemas.BuyerRequestRead,
    dependencies=[STAFF],
)
def update_request(
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    request_id: IdPath,
    body: schemas.BuyerRequestUpdate,
    if_match: IfMatch = None,
) -> object:
    return guarded_write(
        response,
        if_match,
        "buyer_request",
        lambda: service.get_request(session=session, request_id=request_id, for_update=True),
        lambda: service.update_request(
            session=session, request_id=request_id, data=body, principal=principal
        ),
    )
