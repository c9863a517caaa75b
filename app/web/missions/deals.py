"""Deal pages: record a deal signed at a mission (price with its unit, value in rupiah), a
deal's page with its deliveries month by month, record a delivery, move a deal's stage.
The same service functions as /api/v1/deals."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError

from app import clock
from app.api.deps import IdPath
from app.db import SessionDep
from app.errors import AppError
from app.months import add_months, first_of, month_label
from app.principal import Principal
from app.schemas import missions as ms
from app.services import buyers as buyer_service
from app.services import deals as service
from app.services import missions as mission_service
from app.services import products as product_service
from app.services import umkm as umkm_service
from app.units import UNITS
from app.web import forms, i18n
from app.web.auth import StaffUser
from app.web.i18n import N_
from app.web.missions.values import present, whole
from app.web.templating import render, see_other

router = APIRouter()

DEAL_FIELDS = (
    "buyer_id",
    "product_id",
    "quantity",
    "unit",
    "start_month",
    "months",
    "price_idr",
    "price_unit",
    "stage",
    "signed_on",
    "notes",
)


STAGE_LABELS = {
    ms.DealStage.NEGOTIATING: N_("negotiating"),
    ms.DealStage.AGREED: N_("agreed"),
    ms.DealStage.DELIVERING: N_("delivering"),
    ms.DealStage.COMPLETED: N_("completed"),
    ms.DealStage.CANCELLED: N_("cancelled"),
}


def stage_choices(lang: str) -> list[tuple[str, str]]:
    t = i18n.translations(lang)
    return [(stage.value, t.gettext(label)) for stage, label in STAGE_LABELS.items()]


def product_names(session: SessionDep, product_ids: set[int]) -> dict[int, str]:
    """Product names for deal lists (a product another office's UMKM sells at a shared
    mission may not be readable here: its number then)."""
    names: dict[int, str] = {}
    for product_id in product_ids:
        try:
            names[product_id] = product_service.get_product(
                session=session, product_id=product_id
            ).name
        except AppError:
            names[product_id] = f"#{product_id}"
    return names


def _choices(
    session: SessionDep, principal: Principal, mission_id: int
) -> tuple[list[tuple[int, str]], list[tuple[int, str, int]]]:
    """The buyers taking part, and (product, "UMKM — product", UMKM) of the UMKM taking
    part."""
    participants = mission_service.list_participants(session=session, mission_id=mission_id).items
    buyers = sorted(
        ((p.buyer_id, p.name) for p in participants if p.buyer_id is not None),
        key=lambda b: b[1],
    )
    products: list[tuple[int, str, int]] = []
    for participant in sorted(participants, key=lambda p: p.name):
        if participant.umkm_id is None:
            continue
        try:
            listed = product_service.list_products(
                session=session, limit=200, offset=0, umkm_id=participant.umkm_id
            ).items
        except AppError:  # another office's UMKM: its products are that office's to record
            continue
        products.extend(
            (p.id, f"{participant.name} — {p.name} ({p.unit})", participant.umkm_id) for p in listed
        )
    return buyers, products


def _form_page(
    http: Request,
    session: SessionDep,
    user: StaffUser,
    mission_id: IdPath,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    mission = mission_service.mission_read(
        mission_service.get_mission(session=session, mission_id=mission_id)
    )
    buyers, products = _choices(session, user.principal, mission_id)
    return render(
        http,
        "missions/deal_form.html",
        {
            "mission": mission,
            "values": values,
            "errors": errors,
            "buyers": buyers,
            "product_choices": [(product_id, label) for product_id, label, _ in products],
            "units_choices": [(unit, unit) for unit in UNITS],
            "stage_choices": stage_choices(i18n.language_of(http)),
        },
        status_code=status_code,
    )


@router.get("/console/missions/{mission_id}/deals/new")
def new_deal(
    http: Request, user: StaffUser, session: SessionDep, mission_id: IdPath
) -> HTMLResponse:
    today = clock.today()
    values: dict[str, Any] = {name: "" for name in DEAL_FIELDS}
    values.update(
        unit="kg",
        price_unit="kg",
        months="12",
        stage=ms.DealStage.AGREED.value,
        start_month=month_label(add_months(first_of(today), 1)),
        signed_on=today.isoformat(),
    )
    return _form_page(http, session, user, mission_id, values, {})


class DealForm(BaseModel):
    """The deal form as typed (strings; the page builds DealCreate from them)."""

    buyer_id: str = ""
    product_id: str = ""
    quantity: str = ""
    unit: str = ""
    start_month: str = ""
    months: str = ""
    price_idr: str = ""
    price_unit: str = ""
    stage: str = ""
    signed_on: str = ""
    notes: str = ""


@router.post("/console/missions/{mission_id}/deals/new")
def create_deal(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    mission_id: IdPath,
    form: Annotated[DealForm, Form()],
) -> Response:
    lang = i18n.language_of(http)
    values = form.model_dump()
    _, products = _choices(session, user.principal, mission_id)
    umkm_of = {str(product_id): umkm_id for product_id, _, umkm_id in products}
    data = present(
        {
            "buyer_id": whole(values["buyer_id"], lang),
            "product_id": whole(values["product_id"], lang),
            "umkm_id": umkm_of.get(values["product_id"]),
            "mission_id": mission_id,
            "quantity": forms.parse_number(values["quantity"], lang),
            "unit": values["unit"],
            "start_month": values["start_month"],
            "months": whole(values["months"], lang),
            "price_idr": whole(values["price_idr"], lang),
            "price_unit": values["price_unit"],
            "stage": values["stage"],
            "signed_on": values["signed_on"],
            "notes": values["notes"],
        }
    )
    try:
        deal = service.create_deal(
            session=session, data=ms.DealCreate.model_validate(data), principal=user.principal
        )
    except (ValidationError, AppError) as exc:
        errors = forms.refused(exc, lang)
        if isinstance(exc, ValidationError) and "umkm_id" in errors:  # chosen with the product
            errors.setdefault("product_id", errors.pop("umkm_id"))
        return _form_page(http, session, user, mission_id, values, errors, 422)
    t = i18n.translations(lang)
    return see_other(
        f"/console/deals/{deal.id}",
        t.gettext("Deal recorded: %(value)s.")
        % {"value": i18n.format_rupiah(deal.value_idr, lang)},
    )


def _deal_page(
    http: Request,
    session: SessionDep,
    user: StaffUser,
    deal_id: IdPath,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    deal = ms.DealRead.model_validate(
        service.get_deal(session=session, deal_id=deal_id, principal=user.principal)
    )
    deliveries = service.list_deliveries(session=session, deal_id=deal_id, principal=user.principal)
    buyer = buyer_service.get_buyer(session=session, buyer_id=deal.buyer_id)
    try:
        umkm_name = umkm_service.get_umkm(session=session, umkm_id=deal.umkm_id).name
    except AppError:
        umkm_name = f"#{deal.umkm_id}"
    mission = (
        mission_service.get_mission(session=session, mission_id=deal.mission_id)
        if deal.mission_id
        else None
    )
    return render(
        http,
        "missions/deal.html",
        {
            "deal": deal,
            "deliveries": deliveries,
            "buyer": buyer,
            "umkm_name": umkm_name,
            "product_name": product_names(session, {deal.product_id})[deal.product_id],
            "mission": mission,
            "stage_choices": stage_choices(i18n.language_of(http)),
            "units_choices": [("", "—")] + [(unit, unit) for unit in UNITS],
            "values": values or {"month": month_label(deal.start_month), "quantity": ""},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/console/deals/{deal_id}")
def deal_page(http: Request, user: StaffUser, session: SessionDep, deal_id: IdPath) -> HTMLResponse:
    return _deal_page(http, session, user, deal_id)


@router.post("/console/deals/{deal_id}/deliveries")
def add_delivery(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    deal_id: IdPath,
    month: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
) -> Response:
    lang = i18n.language_of(http)
    values = {"month": month, "quantity": quantity, "unit": unit}
    data = present(
        {"month": month, "quantity": forms.parse_number(quantity, lang), "unit": unit or None}
    )
    try:
        service.add_delivery(
            session=session,
            deal_id=deal_id,
            data=ms.DeliveryCreate.model_validate(data),
            principal=user.principal,
        )
    except (ValidationError, AppError) as exc:
        return _deal_page(http, session, user, deal_id, values, forms.refused(exc, lang), 422)
    return see_other(
        f"/console/deals/{deal_id}#deliveries",
        i18n.translations(lang).gettext("Delivery recorded."),
    )


@router.post("/console/deals/{deal_id}/stage")
def change_stage(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    deal_id: IdPath,
    stage: Annotated[ms.DealStage, Form()],
) -> Response:
    service.update_deal(
        session=session,
        deal_id=deal_id,
        data=ms.DealUpdate(stage=stage),
        principal=user.principal,
    )
    return see_other(
        f"/console/deals/{deal_id}",
        i18n.translations(i18n.language_of(http)).gettext("Stage changed."),
    )
