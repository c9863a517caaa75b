"""Monthly capacity of a product: one month, many months, the list and the history."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath
from app.conditional import IfMatch, set_etag
from app.db import SessionDep
from app.schemas import Month
from app.security import CurrentPrincipal
from app.services import capacity as capacity_service

router = APIRouter(responses=PROBLEM_RESPONSES)


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
        Header(
            max_length=512,
            description='"*": only if the month has no figure yet; ETags: only if none is current',
        ),
    ] = None,
) -> object:
    read, tag = capacity_service.put_month(
        session=session,
        principal=principal,
        product_id=product_id,
        month=month,
        data=body,
        if_match=if_match,
        if_none_match=if_none_match,
    )
    set_etag(response, tag)
    return read


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
    read, tag = capacity_service.read_month(
        session=session, principal=principal, product_id=product_id, month=month
    )
    set_etag(response, tag)
    return read


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
    return capacity_service.set_months(
        session=session, principal=principal, product_id=product_id, data=body
    )


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
    return capacity_service.capacity_page(
        session=session,
        principal=principal,
        product_id=product_id,
        from_month=from_month,
        to_month=to_month,
        unit=unit,
    )


@router.get(
    "/products/{product_id}/capacity/{month}/history",
    tags=["capacity"],
    response_model=schemas.Page[schemas.CapacityRevisionRead],
    summary="Every value the month has had, newest first, with who set it and when",
)
def capacity_history(
    session: SessionDep, principal: CurrentPrincipal, product_id: IdPath, month: Month
) -> object:
    return capacity_service.history_page(
        session=session, principal=principal, product_id=product_id, month=month
    )
