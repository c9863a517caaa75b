"""Ranked matches for a buyer request, for a demand tried without storing it, and the
reverse: open requests ranked for one UMKM."""

from collections.abc import Callable
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, JsonBytes, ProvinceFilter
from app.config import settings
from app.db import SessionDep, Transactions, TransactionsDep
from app.security import (
    CurrentPrincipal,
    Role,
    ScreenedKey,
    check_umkm_access,
    ensure_role,
    require,
    verify,
)
from app.services import buyers as buyer_service
from app.services import consortia as consortia_service
from app.services import umkm as umkm_service
from app.services.matching import (
    SupplyIndex,
    demand_of,
    make_demand,
    names_for,
    open_requests,
    request_demand,
)
from matching import (
    CAPACITY_SHORTFALL,
    CONTINUITY_GAP,
    EXPIRING_CERTIFICATION,
    MISSING_CERTIFICATION,
    UNIT_NOT_CONVERTIBLE,
    Demand,
    Match,
    month_label,
)

router = APIRouter(responses=PROBLEM_RESPONSES)
READER_ROLES = (Role.STAFF, Role.CLIENT)
MatchLimit = Annotated[int, Query(ge=1, le=100, description="how many matches")]
MinScore = Annotated[float, Query(ge=0, le=100, description="leave out scores below this")]
# Gaps that stand between an UMKM and a deal (the others are data-quality notes).
BLOCKING = {
    CAPACITY_SHORTFALL,
    CONTINUITY_GAP,
    MISSING_CERTIFICATION,
    EXPIRING_CERTIFICATION,
    UNIT_NOT_CONVERTIBLE,
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


def _ranked(
    http: Request,
    session: Session,
    demand: Demand,
    request_id: int | None,
    limit: int,
    min_score: float,
    province: str | None,
) -> Response:
    """The page of matches for `demand`, as JSON."""
    index = supply_index(http)
    matches = index.query(session, demand, limit=limit, min_score=min_score, province_code=province)
    named = index.names(session, [m.product_id for m in matches])
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
    # Written straight from plain data: building a model per row and month, only for it to be
    # serialised again, took a sixth of a match request's time. The shape is the one
    # `schemas.MatchList` declares in OpenAPI; the API tests check the responses against it.
    return JsonBytes(
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


async def _serve_read(
    http: Request,
    claim: ScreenedKey,
    open_transaction: Transactions,
    work: Callable[[Session], Response],
) -> Response:
    """Check the key and the role, then do `work`, in one read transaction and in one trip to
    a thread. The match routes are the service's hot path: as sync dependencies the session,
    the key check and the route took five trips to the thread pool, about a sixth of a
    match's time.

    The trip goes to the match threads (`MATCH_THREADS`, default 1), not to the shared pool
    of 40: a match is CPU work under the GIL, and eight of them in eight threads spend their
    time handing the GIL back and forth (bench/README.md has the figures)."""

    def serve() -> Response:
        with open_transaction(write=False) as session:
            ensure_role(verify(http, session, claim), READER_ROLES)
            return work(session)

    return await anyio.to_thread.run_sync(serve, limiter=_match_threads(http))


def _match_threads(http: Request) -> anyio.CapacityLimiter:
    state = http.app.state
    limiter: anyio.CapacityLimiter | None = getattr(state, "match_threads", None)
    if limiter is None:  # made on the event loop, at the first match
        limiter = state.match_threads = anyio.CapacityLimiter(settings.match_threads)
    return limiter


@router.get(
    "/buyer-requests/{request_id}/matches",
    tags=["matching"],
    response_model=schemas.MatchList,
    summary="UMKM products ranked for a buyer request, with the gaps of each",
)
async def request_matches(
    http: Request,
    claim: ScreenedKey,
    open_transaction: TransactionsDep,
    request_id: IdPath,
    limit: MatchLimit = 20,
    min_score: MinScore = 0.0,
    province: ProvinceFilter = None,
) -> Response:
    def work(session: Session) -> Response:
        demand = request_demand(session, request_id)
        return _ranked(http, session, demand, request_id, limit, min_score, province)

    return await _serve_read(http, claim, open_transaction, work)


@router.post(
    "/matches",
    tags=["matching"],
    response_model=schemas.MatchList,
    summary="Try a demand without storing it: the same ranking as for a request",
)
async def try_matches(
    http: Request,
    claim: ScreenedKey,
    open_transaction: TransactionsDep,
    body: schemas.MatchDemand,
    limit: MatchLimit = 20,
    min_score: MinScore = 0.0,
    province: ProvinceFilter = None,
) -> Response:
    def work(session: Session) -> Response:
        grams = buyer_service.quota_grams(body.quantity, body.unit, body.unit_weight_kg)
        demand = make_demand(
            body.product, body.hs_code, grams, body.start_month, body.months,
            body.required_certifications,
        )  # fmt: skip
        return _ranked(http, session, demand, None, limit, min_score, province)

    return await _serve_read(http, claim, open_transaction, work)


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
    dependencies=[require(*READER_ROLES)],
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
