"""UMKM directory pages: the same service functions as GET /api/v1/umkm, /umkm/{id},
/umkm/{id}/products, /products/{id}/capacity, /umkm/{id}/certificates and
/umkm/{id}/readiness."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app import regions
from app.api.deps import IdPath, supply_index
from app.db import SessionDep
from app.months import add_months, first_of
from app.offices import shared_missions
from app.services import capacity as capacity_service
from app.services import certificates as certificate_service
from app.services import products as product_service
from app.services import readiness as readiness_service
from app.services import umkm as umkm_service
from app.web import bar_charts, i18n
from app.web.auth import StaffUser
from app.web.i18n import N_
from app.web.templating import render

router = APIRouter()

PAGE_SIZE = 50
SearchText = Annotated[str, Query(max_length=100)]
# the capacity history shown: a year back and half a year ahead
MONTHS_BACK = 11
MONTHS_AHEAD = 6
DIMENSIONS = {
    "kualitas": N_("Quality (certificates)"),
    "kuantitas": N_("Quantity (capacity against demand)"),
    "kontinuitas": N_("Continuity (months with supply)"),
    "legalitas": N_("Legal documents"),
    "kesegaran_data": N_("Fresh data"),
    "pengalaman_ekspor": N_("Export experience"),
}


def short_month(month: date, lang: str) -> str:
    """ "Mei 27" (id), "May 27" (en): a chart's axis."""
    return format_date(month, "MMM yy", locale=lang)


@dataclass(frozen=True, slots=True)
class RegionFilter:
    """What the regency field of the search names: a regency, a province, or a choice."""

    regency: str | None = None
    province: str | None = None
    label: str = ""
    choices: tuple[regions.RegionMatch, ...] = ()
    error: str | None = None


def region_filter(text: str) -> RegionFilter:
    """The regency (or province) `text` names, by name ("Kutai Timur", "Kota Balikpapan",
    "balikpapan") or code; several candidates are offered as a choice."""
    text = text.strip()
    if not text:
        return RegionFilter()
    found = regions.regency_from_text(text)
    if isinstance(found, str):
        match = next(m for m in regions.search_regions(found) if m.code == found)
        return RegionFilter(regency=found, label=match.name)
    if found:
        exact = [m for code in found for m in regions.search_regions(code) if m.code == code]
        return RegionFilter(choices=tuple(exact))
    matches = regions.search_regions(text, limit=30)
    regencies = [m for m in matches if m.kind == "regency"]
    provinces = [m for m in matches if m.kind == "province"]
    if len(regencies) == 1 and not provinces:
        return RegionFilter(regency=regencies[0].code, label=regencies[0].name)
    if len(provinces) == 1 and provinces[0].name.lower() == text.lower():
        return RegionFilter(province=provinces[0].code, label=provinces[0].name)
    if matches:
        return RegionFilter(choices=tuple(provinces + regencies))
    return RegionFilter(error=N_("No regency or province has this name."))


@router.get("/console/umkm")
def directory(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    q: SearchText = "",
    product: SearchText = "",
    regency: SearchText = "",
    koperasi: SearchText = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    where = region_filter(regency)
    searched = bool(q or product or regency or koperasi)
    found = None
    if not where.choices and not where.error:
        found = umkm_service.list_umkm(
            session=session,
            principal=user.principal,
            limit=PAGE_SIZE,
            offset=offset,
            province=where.province,
            regency=where.regency,
            q=q.strip() or None,
            koperasi=koperasi.strip() or None,
            product=product.strip() or None,
        )
    errors = (
        {"regency": i18n.translations(i18n.language_of(http)).gettext(where.error)}
        if (where.error)
        else {}
    )
    return render(
        http,
        "directory/list.html",
        {
            "query": {"q": q, "product": product, "regency": regency, "koperasi": koperasi},
            "where": where,
            "found": found,
            "searched": searched,
            "errors": errors,
            "offset": offset,
            "page_size": PAGE_SIZE,
        },
        status_code=200,
    )


@router.get("/console/umkm/{umkm_id}")
def umkm_page(http: Request, user: StaffUser, session: SessionDep, umkm_id: IdPath) -> HTMLResponse:
    lang = i18n.language_of(http)
    with shared_missions(session):  # as GET /umkm/{id}: offices sharing a mission read it
        umkm = umkm_service.umkm_view(
            user.principal, umkm_service.get_umkm(session=session, umkm_id=umkm_id)
        )
    index = supply_index(http)
    this_month = first_of(index.today())
    first, last = add_months(this_month, -MONTHS_BACK), add_months(this_month, MONTHS_AHEAD)
    months = [add_months(first, n) for n in range(MONTHS_BACK + MONTHS_AHEAD + 1)]
    products: list[dict[str, Any]] = []
    for product in product_service.list_products(
        session=session, limit=200, offset=0, umkm_id=umkm_id
    ).items:
        figures = {
            row.month: row
            for row in capacity_service.capacity_page(
                session=session,
                principal=user.principal,
                product_id=product.id,
                from_month=first,
                to_month=last,
                unit=None,
            ).items
        }
        chart = bar_charts.grouped_bars(
            [
                (
                    short_month(month, lang),
                    [
                        (
                            float(figures[month].quantity) if month in figures else 0.0,
                            f"{i18n.format_number(figures[month].quantity, lang)} "
                            f"{figures[month].unit}"
                            if month in figures
                            else "–",
                        )
                    ],
                )
                for month in months
            ],
            width=760,
            height=150,
            top_text=(
                f"{i18n.format_number(max(row.quantity for row in figures.values()), lang)} "
                f"{product.unit}"
                if figures
                else ""
            ),
        )
        products.append(
            {"product": product, "figures": figures, "chart": chart, "this_month": this_month}
        )
    certificates = [
        certificate_service.shown_to(user.principal, c)
        for c in certificate_service.list_certificates(
            session=session, umkm_id=umkm_id, limit=200, offset=0
        ).items
    ]
    readiness = readiness_service.readiness(session=session, umkm_id=umkm_id, index=index)
    return render(
        http,
        "directory/umkm.html",
        {
            "umkm": umkm,
            "products": products,
            "months": months,
            "certificates": certificates,
            "readiness": readiness,
            "dimensions": DIMENSIONS,
        },
    )
