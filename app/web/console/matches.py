"""The match page of a request: ranked UMKM with score, the product-fit reason, how many
months meet the quota, the flags as badges, a chart of capacity against the quota per
candidate, contacts; the consortium proposal; the list as CSV or XLSX."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from app import reference, schemas
from app.api.deps import IdPath, supply_index
from app.db import SessionDep
from app.months import from_label
from app.services import buyers as buyer_service
from app.services import consortia as consortia_service
from app.services import match_export
from app.services import matching as matching_service
from app.services.matching import BLOCKING
from app.web import i18n
from app.web.auth import StaffUser
from app.web.charts import MonthBar, monthly_bars
from app.web.console.common import certificate_names
from app.web.i18n import N_
from app.web.templating import render

router = APIRouter()

MatchLimit = Annotated[int, Query(ge=1, le=100)]

# A badge's name per flag code (the flag's own message, with its figures, goes beside it).
FLAG_LABELS = {
    "CAPACITY_SHORTFALL": N_("Capacity short"),
    "CONTINUITY_GAP": N_("Months below quota"),
    "MISSING_CERTIFICATION": N_("Certificate missing"),
    "EXPIRING_CERTIFICATION": N_("Certificate expiring"),
    "STALE_CAPACITY": N_("Capacity not updated"),
    "ESTIMATED_MONTHS": N_("Estimated months"),
    "UNIT_NOT_CONVERTIBLE": N_("Unit not comparable"),
}


def flag_tone(code: str) -> str:
    """bad: the gap stands between the UMKM and the deal (matching.BLOCKING); warn: check."""
    return "bad" if code in BLOCKING else "warn"


def _matches(http: Request, session: SessionDep, request_id: int, limit: int) -> schemas.MatchList:
    return schemas.MatchList.model_validate(
        matching_service.request_matches(
            session=session,
            index=supply_index(http),
            request_id=request_id,
            limit=limit,
            min_score=0.0,
            province=None,
        )
    )


def _chart(item: schemas.MatchRead, quota_kg: float, lang: str) -> Markup:
    t = i18n.translations(lang)
    bars = [
        MonthBar(month=from_label(m.month), value_kg=m.capacity_kg, estimated=m.estimated)
        for m in item.months
    ]
    return monthly_bars(
        bars,
        quota_kg,
        lang,
        title=t.gettext("Capacity of %(product)s against the quota, month by month")
        % {"product": item.product_name},
        level_label=t.gettext("quota"),
    )


@router.get("/console/requests/{request_id}")
def match_page(
    http: Request, user: StaffUser, session: SessionDep, request_id: IdPath, limit: MatchLimit = 20
) -> HTMLResponse:
    lang = i18n.language_of(http)
    request = buyer_service.get_request(session=session, request_id=request_id)
    buyer = buyer_service.get_buyer(session=session, buyer_id=request.buyer_id)
    matches = _matches(http, session, request_id, limit)
    contacts = match_export.contacts_for(session, [item.umkm_id for item in matches.items])
    quota_kg = matches.request.quota_kg
    return render(
        http,
        "console/match.html",
        {
            "buyer_request": request,
            "buyer": buyer,
            "matches": matches,
            "charts": {item.rank: _chart(item, quota_kg, lang) for item in matches.items},
            "contacts": contacts,
            "regencies": reference.regencies(),
            "provinces": reference.provinces(),
            "countries": reference.countries(),
            "certificate_names": certificate_names(lang),
            "flag_tone": flag_tone,
            "flag_labels": FLAG_LABELS,
            "limit": limit,
        },
    )


@router.get("/console/requests/{request_id}/consortia")
def consortium_page(
    http: Request, user: StaffUser, session: SessionDep, request_id: IdPath
) -> HTMLResponse:
    request = buyer_service.get_request(session=session, request_id=request_id)
    found = consortia_service.consortia(
        session=session,
        index=supply_index(http),
        request_id=request_id,
        max_members=5,
        same_province=False,
        limit=3,
    )
    lang = i18n.language_of(http)
    return render(
        http,
        "console/consortia.html",
        {
            "buyer_request": request,
            "consortia": found,
            "provinces": reference.provinces(),
            "certificate_names": certificate_names(lang),
            "months": [from_label(label) for label in found.months],
        },
    )


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/console/requests/{request_id}/matches.{file_format}")
def export(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    request_id: IdPath,
    file_format: Literal["csv", "xlsx"],
    limit: MatchLimit = 100,
) -> Response:
    lang = i18n.language_of(http)
    matches = _matches(http, session, request_id, limit)
    contacts = match_export.contacts_for(session, [item.umkm_id for item in matches.items])
    name = ("kandidat" if lang == "id" else "matches") + f"-{request_id}.{file_format}"
    return Response(
        match_export.export_matches(matches, contacts, lang=lang, file_format=file_format),
        media_type=MEDIA_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
