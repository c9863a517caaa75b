"""Deals and their deliveries: staff record them; an UMKM account reads its own deals and
records their deliveries; client keys see no prices, so no deals."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.api.deps import PROBLEM_RESPONSES, IdPath, Limit, Offset
from app.db import SessionDep
from app.schemas import missions as ms
from app.schemas.base import Page
from app.security import CurrentPrincipal, Role, require
from app.services import deals as service

router = APIRouter(responses=PROBLEM_RESPONSES, tags=["deals"])
STAFF = require(Role.STAFF)
STAFF_OR_UMKM = require(Role.STAFF, Role.UMKM)
OptionalId = Annotated[int | None, Query(ge=1, le=2_147_483_647)]


@router.post(
    "/deals", status_code=status.HTTP_201_CREATED, response_model=ms.DealRead, dependencies=[STAFF]
)
def create_deal(session: SessionDep, principal: CurrentPrincipal, body: ms.DealCreate) -> object:
    return service.create_deal(session=session, data=body, principal=principal)


@router.get("/deals", response_model=Page[ms.DealRead], dependencies=[STAFF_OR_UMKM])
def list_deals(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: Limit = 50,
    offset: Offset = 0,
    mission_id: OptionalId = None,
    buyer_id: OptionalId = None,
    umkm_id: OptionalId = None,
    stage: ms.DealStage | None = None,
) -> object:
    return service.list_deals(
        session=session,
        principal=principal,
        limit=limit,
        offset=offset,
        mission_id=mission_id,
        buyer_id=buyer_id,
        umkm_id=umkm_id,
        stage=stage,
    )


@router.get("/deals/{deal_id}", response_model=ms.DealRead, dependencies=[STAFF_OR_UMKM])
def get_deal(session: SessionDep, principal: CurrentPrincipal, deal_id: IdPath) -> object:
    return service.get_deal(session=session, deal_id=deal_id, principal=principal)


@router.patch("/deals/{deal_id}", response_model=ms.DealRead, dependencies=[STAFF])
def update_deal(
    session: SessionDep, principal: CurrentPrincipal, deal_id: IdPath, body: ms.DealUpdate
) -> object:
    return service.update_deal(session=session, deal_id=deal_id, data=body, principal=principal)


@router.post(
    "/deals/{deal_id}/deliveries",
    status_code=status.HTTP_201_CREATED,
    response_model=ms.DeliveryRead,
    dependencies=[STAFF_OR_UMKM],
)
def add_delivery(
    session: SessionDep, principal: CurrentPrincipal, deal_id: IdPath, body: ms.DeliveryCreate
) -> object:
    return service.add_delivery(session=session, deal_id=deal_id, data=body, principal=principal)


@router.get(
    "/deals/{deal_id}/deliveries", response_model=ms.DeliveryList, dependencies=[STAFF_OR_UMKM]
)
def list_deliveries(session: SessionDep, principal: CurrentPrincipal, deal_id: IdPath) -> object:
    return service.list_deliveries(session=session, deal_id=deal_id, principal=principal)
