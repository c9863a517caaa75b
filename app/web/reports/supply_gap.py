"""The supply-gap report page: the same service as GET /api/v1/reports/supply-gap (open
demand per month against the capacity of the UMKM that fit it)."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app import schemas
from app.api.deps import supply_index
from app.db import SessionDep
from app.errors import AppError
from app.schemas import Month
from app.services import reports as report_service
from app.web import bar_charts, forms, i18n
from app.web.auth import StaffUser
from app.web.i18n import N_
from app.web.templating import render

router = APIRouter()

GroupBy = Literal["product", "hs", "province"]
GROUPINGS = (
    ("product", N_("Product")),
    ("hs", N_("HS code")),
    ("province", N_("Province that serves it")),
)
# the service's refusals the form shows next to its fields (app.web.forms.translate_message)
SERVICE_MESSAGES = (N_("is before from"), N_("the report covers at most 36 months"))
CHART_GROUPS = 12  # the largest shortfalls; the table has them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FromMonth = Annotated[Month | None, Query(alias="from")]
ToMonth = Annotated[Month | None, Query(alias="to")]


def _report(
    http: Request,
    session: SessionDep,
    group_by: GroupBy,
    from_month: date | None,
    to_month: date | None,
) -> schemas.SupplyGapReport:
    return report_service.supply_gap(
        session=session,
        index=supply_index(http),
        group_by=group_by,
        from_month=from_month,
        to_month=to_month,
    )


@router.get("/console/reports/supply-gap")
def supply_gap_page(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    group_by: GroupBy = "product",
    from_month: FromMonth = None,
    to_month: ToMonth = None,
) -> HTMLResponse:
    lang = i18n.language_of(http)
    t = i18n.translations(lang)
    try:
        report = _report(http, session, group_by, from_month, to_month)
    except AppError as exc:
        if exc.status != 422:
            raise
        errors = {
            "from" if field == "from" else "to": message
            for field, message in forms.app_error_fields(exc, lang).items()
        }
        values = {
            "group_by": group_by,
            "from": from_month.strftime("%Y-%m") if from_month else "",
            "to": to_month.strftime("%Y-%m") if to_month else "",
        }
        return render(
            http,
            "reports/supply_gap.html",
            {"report": None, "errors": errors, "values": values, "groupings": _groupings(lang)},
            status_code=422,
        )
    shown = report.groups[:CHART_GROUPS]
    chart = bar_charts.grouped_bars(
        [
            (
                g.label,
                [
                    (
                        g.demand_kg,
                        t.gettext("demand %(kg)s") % {"kg": i18n.format_kg(g.demand_kg, lang)},
                    ),
                    (
                        g.capacity_kg,
                        t.gettext("capacity %(kg)s") % {"kg": i18n.format_kg(g.capacity_kg, lang)},
                    ),
                ],
            )
            for g in shown
        ],
        width=960,
        height=260,
        top_text=i18n.format_kg(
            max((max(g.demand_kg, g.capacity_kg) for g in shown), default=0), lang
        ),
    )
    values = {"group_by": group_by, "from": report.from_month, "to": report.to_month}
    query = f"group_by={group_by}&from={report.from_month}&to={report.to_month}"
    return render(
        http,
        "reports/supply_gap.html",
        {
            "report": report,
            "chart": chart,
            "errors": {},
            "values": values,
            "query": query,
            "groupings": _groupings(lang),
        },
    )


def _groupings(lang: str) -> list[tuple[str, str]]:
    t = i18n.translations(lang)
    return [(value, t.gettext(label)) for value, label in GROUPINGS]


@router.get("/console/reports/supply-gap.{file_format}")
def supply_gap_file(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    file_format: Literal["csv", "xlsx"],
    group_by: GroupBy = "product",
    from_month: FromMonth = None,
    to_month: ToMonth = None,
) -> Response:
    report = _report(http, session, group_by, from_month, to_month)
    name = f"supply-gap-{group_by}-{report.from_month}-{report.to_month}.{file_format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if file_format == "csv":
        return Response(
            report_service.as_csv(report), media_type="text/csv; charset=utf-8", headers=headers
        )
    return Response(report_service.as_xlsx(report), media_type=XLSX, headers=headers)
