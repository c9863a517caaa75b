"""Export readiness of one UMKM, and the supply-gap report for dinas staff."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, supply_index
from app.db import SessionDep
from app.errors import Forbidden
from app.schemas import Month
from app.security import CurrentPrincipal, Role, check_umkm_access, require
from app.services import readiness as readiness_service
from app.services import reports as report_service

router = APIRouter(responses=PROBLEM_RESPONSES)


@router.get(
    "/umkm/{umkm_id}/readiness",
    tags=["readiness"],
    response_model=schemas.ReadinessRead,
    summary="Export readiness: six dimensions, a grade and a development plan",
)
def umkm_readiness(
    session: SessionDep, principal: CurrentPrincipal, http: Request, umkm_id: IdPath
) -> object:
    check_umkm_access(principal, umkm_id, write=False)
    if principal.role == Role.CLIENT:
        raise Forbidden("readiness is for dinas staff and the UMKM itself")
    return readiness_service.readiness(session=session, umkm_id=umkm_id, index=supply_index(http))


@router.get(
    "/reports/supply-gap",
    tags=["reports"],
    response_model=schemas.SupplyGapReport,
    dependencies=[require(Role.STAFF)],
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "JSON, or CSV with `Accept: text/csv`",
        }
    },
    summary="Open demand per month against the capacity of the UMKM that fit it",
)
def supply_gap(
    session: SessionDep,
    http: Request,
    group_by: Literal["product", "hs", "province"] = "product",
    from_month: Annotated[
        Month | None, Query(alias="from", description="first month; default this month")
    ] = None,
    to_month: Annotated[
        Month | None, Query(alias="to", description="last month; default 11 months later")
    ] = None,
) -> object:
    report = report_service.supply_gap(
        session=session,
        index=supply_index(http),
        group_by=group_by,
        from_month=from_month,
        to_month=to_month,
    )
    if "text/csv" in http.headers.get("accept", ""):
        filename = f"supply-gap-{group_by}-{report.from_month}-{report.to_month}.csv"
        return Response(
            report_service.as_csv(report),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return report
