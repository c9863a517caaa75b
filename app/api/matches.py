"""Ranked matches for a buyer request, for a demand tried without storing it, and the
reverse: open requests ranked for one UMKM."""

from collections.abc import Callable
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, JsonBytes, ProvinceFilter, supply_index
from app.config import settings
from app.db import SessionDep, Transactions, TransactionsDep
from app.security import (
    CurrentPrincipal,
    Principal,
    Role,
    ScreenedKey,
    check_umkm_access,
    ensure_role,
    require,
    sees_private_fields,
    verify,
)
from app.services import consortia as consortia_service
from app.services import matching as matching_service

router = APIRouter(responses=PROBLEM_RESPONSES)
READER_ROLES = (Role.STAFF, Role.CLIENT)
MatchLimit = Annotated[int, Query(ge=1, le=100, description="how many matches")]
MinScore = Annotated[float, Query(ge=0, le=100, description="leave out scores below this")]


async def _serve_read(
    http: Request,
    claim: ScreenedKey,
    open_transaction: Transactions,
    work: Callable[[Session, Principal], object],
) -> Response:
    """Check the key and the role, then do `work`, in one read transaction and in one trip to
    a thread. The match routes are the service's hot path: as sync dependencies the session,
    the key check and the route took five trips to the thread pool, about a sixth of a
    match's time.

    The trip goes to the match threads (`MATCH_THREADS`, default 1), not to the shared pool
    of 40: a match is CPU work under the GIL, and eight of them in eight threads spend their
    time handing the GIL back and forth (bench/README.md has the figures).

    `work` returns plain data in the shape of `schemas.MatchList`, written by `JsonBytes`
    without building the model (see `matching_service.match_page`)."""

    def serve() -> Response:
        with open_transaction(write=False) as session:
            principal = ensure_role(verify(http, session, claim), READER_ROLES)
            return JsonBytes(work(session, principal))

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
    def work(session: Session, principal: Principal) -> object:
        return matching_service.request_matches(
            session=session,
            index=supply_index(http),
            request_id=request_id,
            limit=limit,
            min_score=min_score,
            province=province,
            figures=principal.role != Role.CLIENT,
        )

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
    def work(session: Session, principal: Principal) -> object:
        return matching_service.tried_matches(
            session=session,
            index=supply_index(http),
            demand=body,
            limit=limit,
            min_score=min_score,
            province=province,
            figures=principal.role != Role.CLIENT,
        )

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
    return matching_service.opportunities(
        session=session,
        index=supply_index(http),
        umkm_id=umkm_id,
        limit=limit,
        figures=sees_private_fields(principal, umkm_id),
    )


@router.get(
    "/buyer-requests/{request_id}/consortia",
    tags=["matching"],
    response_model=schemas.ConsortiumList,
    dependencies=[require(*READER_ROLES)],
    summary="Groups of UMKM that together meet the quota month by month",
)
def request_consortia(
    session: SessionDep,
    principal: CurrentPrincipal,
    http: Request,
    request_id: IdPath,
    max_members: Annotated[int, Query(ge=1, le=10, description="largest group")] = 5,
    same_province: Annotated[bool, Query(description="members from one province")] = False,
    limit: Annotated[int, Query(ge=1, le=10, description="alternative groups")] = 3,
) -> object:
    found = consortia_service.consortia(
        session=session,
        index=supply_index(http),
        request_id=request_id,
        max_members=max_members,
        same_province=same_province,
        limit=limit,
    )
    return found if principal.role != Role.CLIENT else consortia_service.without_figures(found)
