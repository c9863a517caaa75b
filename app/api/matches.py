"""Ranked matches for a buyer request, for a demand tried without storing it, and the
reverse: open requests ranked for one UMKM."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, ProvinceFilter
from app.db import SessionDep
from app.errors import Unprocessable
from app.security import CurrentPrincipal, Role, check_umkm_access, require
from app.services import buyers as buyer_service
from app.services import consortia as consortia_service
from app.services import umkm as umkm_service
from app.services.matching import (
    SupplyIndex,
    demand_of,
    names_for,
    open_requests,
    request_demand,
)
from app.units import UnitError, to_grams
from matching import Demand, Match, month_index, month_label

router = APIRouter(responses=PROBLEM_RESPONSES)
READERS = require(Role.STAFF, Role.CLIENT)
MatchLimit = Annotated[int, Query(ge=1, le=100, description="how many matches")]
MinScore = Annotated[float, Query(ge=0, le=100, description="leave out scores below this")]
# Gaps that stand between an UMKM and a deal (the others are data-quality notes).
BLOCKING = {
    "CAPACITY_SHORTFALL",
    "CONTINUITY_GAP",
    "MISSING_CERTIFICATION",
    "EXPIRING_CERTIFICATION",
    "UNIT_NOT_CONVERTIBLE",
}


def supply_index(request: Request) -> SupplyIndex:
    index: SupplyIndex = request.app.state.supply_index
    return index


def _flags(match: Match) -> list[dict[str, object]]:
    return [
        {"code": f.code, "message_id": f.message_id, "message_en": f.message_en, **f.details}
        for f in match.flags
    ]


def _components(match: Match) -> dict[str, object]:
    c = match.components
    return {
        "product_fit": c.product_fit,
        "capacity_coverage": c.capacity_coverage,
        "continuity": c.continuity,
        "certification_fit": c.certification_fit,
        "freshness": c.freshness,
        "months_since_update": c.months_since_update,
    }


def _match_list(
    session: Session, demand: Demand, matches: list[Match], request_id: int | None
) -> schemas.MatchList:
    named = names_for(session, [m.product_id for m in matches])
    items: list[dict[str, object]] = []
    for match in matches:
        name = named.get(match.product_id)
        if name is None:  # deleted between the index and this read: leave it out
            continue
        items.append(
            {
                "rank": len(items) + 1,
                "umkm_id": match.umkm_id,
                "umkm_name": name.umkm_name,
                "province_code": name.province_code,
                "regency_code": name.regency_code,
                "product_id": match.product_id,
                "product_name": name.product_name,
                "score": match.score,
                "components": _components(match),
                "months": [
                    {
                        "month": m.month,
                        "capacity_kg": m.capacity_kg,
                        "estimated": m.estimated,
                        "estimate_rule": m.estimate_rule,
                        "shortfall_kg": m.shortfall_kg,
                    }
                    for m in match.months
                ],
                "flags": _flags(match),
            }
        )
    end = demand.start_month + demand.months - 1
    # Plain data validated once (in pydantic's core) rather than a model built per row.
    return schemas.MatchList.model_validate(
        {
            "request": {
                "request_id": request_id,
                "product": demand.product,
                "hs_code": demand.hs_code,
                "quota_kg": demand.monthly_quota_kg or 0.0,
                "start_month": month_label(demand.start_month),
                "end_month": month_label(end),
                "months": demand.months,
                "required_certifications": list(demand.required_certifications),
            },
            "items": items,
            "total": len(items),
        }
    )


@router.get(
    "/buyer-requests/{request_id}/matches",
    tags=["matching"],
    response_model=schemas.MatchList,
    dependencies=[READERS],
    summary="UMKM products ranked for a buyer request, with the gaps of each",
)
def request_matches(
    session: SessionDep,
    http: Request,
    request_id: IdPath,
    limit: MatchLimit = 20,
    min_score: MinScore = 0.0,
    province: ProvinceFilter = None,
) -> object:
    demand = request_demand(session, request_id)
    matches = supply_index(http).query(
        session, demand, limit=limit, min_score=min_score, province_code=province
    )
    return _match_list(session, demand, matches, request_id)


@router.post(
    "/matches",
    tags=["matching"],
    response_model=schemas.MatchList,
    dependencies=[READERS],
    summary="Try a demand without storing it: the same ranking as for a request",
)
def try_matches(
    session: SessionDep,
    http: Request,
    body: schemas.MatchDemand,
    limit: MatchLimit = 20,
    min_score: MinScore = 0.0,
    province: ProvinceFilter = None,
) -> object:
    try:
        grams = to_grams(body.quantity, body.unit, body.unit_weight_kg)
    except UnitError as exc:
        raise Unprocessable("unit", str(exc)) from None
    if grams <= 0:
        raise Unprocessable("quantity", "is less than one gram per month once converted to kg")
    demand = Demand(
        product=body.product,
        hs_code=body.hs_code,
        monthly_quota_kg=grams / 1000,
        start_month=month_index(body.start_month.year, body.start_month.month),
        months=body.months,
        required_certifications=tuple(body.required_certifications),
    )
    matches = supply_index(http).query(
        session, demand, limit=limit, min_score=min_score, province_code=province
    )
    return _match_list(session, demand, matches, None)


@router.get(
    "/umkm/{umkm_id}/opportunities",
    tags=["matching"],
    response_model=schemas.OpportunityList,
    summary="Open buyer requests ranked for one UMKM, with what it would have to fix",
)
def opportunities(
    session: SessionDep,
    principal: CurrentPrincipal,
    http: Request,
    umkm_id: IdPath,
    limit: MatchLimit = 20,
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    umkm_service.get_umkm(session=session, umkm_id=umkm_id)
    index = supply_index(http)
    found = []
    for buyer_request in open_requests(session):
        best = index.query(session, demand_of(buyer_request), limit=1, umkm_ids=[umkm_id])
        if best:
            found.append((buyer_request, best[0]))
    found.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    named = names_for(session, [match.product_id for _, match in found[:limit]])
    items: list[schemas.OpportunityRead] = []
    for buyer_request, match in found[:limit]:
        flags = _flags(match)
        to_fix = [flag for flag in flags if flag["code"] in BLOCKING]
        items.append(
            schemas.OpportunityRead(
                rank=len(items) + 1,
                request_id=buyer_request.id,
                request_product=buyer_request.product,
                destination_country=buyer_request.destination_country,
                quota_kg=buyer_request.quota_g / 1000,
                start_month=f"{buyer_request.start_month:%Y-%m}",
                end_month=f"{buyer_request.end_month:%Y-%m}",
                months=buyer_request.months,
                required_certifications=list(buyer_request.required_certifications),
                product_id=match.product_id,
                product_name=named[match.product_id].product_name,
                score=match.score,
                qualifies=not to_fix,
                components=_components(match),
                to_fix=to_fix,
                flags=flags,
            )
        )
    return schemas.OpportunityList(umkm_id=umkm_id, items=items, total=len(found))


@router.get(
    "/buyer-requests/{request_id}/consortia",
    tags=["matching"],
    response_model=schemas.ConsortiumList,
    dependencies=[READERS],
    summary="Groups of UMKM that together meet the quota month by month",
)
def request_consortia(
    session: SessionDep,
    http: Request,
    request_id: IdPath,
    max_members: Annotated[int, Query(ge=1, le=10, description="largest group")] = 5,
    same_province: Annotated[bool, Query(description="members from one province")] = False,
    limit: Annotated[int, Query(ge=1, le=10, description="alternative groups")] = 3,
) -> object:
    buyer_request = buyer_service.get_request(session=session, request_id=request_id)
    return consortia_service.consortia(
        session=session,
        index=supply_index(http),
        request=buyer_request,
        max_members=max_members,
        same_province=same_province,
        limit=limit,
    )
