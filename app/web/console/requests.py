"""Buyer requests: list and search, create, edit, close. The form builds the API's own
schemas (BuyerRequestCreate / BuyerRequestUpdate), so the page refuses what the API refuses,
for the same reason, shown next to the field in the page's language."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError

from app import reference, schemas
from app.api.deps import IdPath, TextFilter
from app.db import SessionDep
from app.errors import AppError
from app.services import buyers as service
from app.units import UNITS
from app.web import forms, i18n
from app.web.auth import StaffUser
from app.web.console.common import buyer_options, certificate_options, country_options
from app.web.templating import render, see_other

router = APIRouter()

PAGE_SIZE = 50


def _data(
    lang: str,
    *,
    buyer_id: str,
    product: str,
    hs_code: str,
    quantity: str,
    unit: str,
    unit_weight_kg: str,
    start_month: str,
    months: str,
    required_certifications: list[str],
    destination_country: str,
    notes: str,
) -> dict[str, Any]:
    """The form's strings as the schema's input: blanks left out, numbers as people write
    them ("1.500", "2,5"), whole numbers as int (anything else stays text and is refused)."""
    texts = {
        "product": product,
        "hs_code": hs_code,
        "unit": unit,
        "start_month": start_month,
        "destination_country": destination_country.upper(),
        "notes": notes,
    }
    data: dict[str, Any] = {name: value.strip() for name, value in texts.items() if value.strip()}
    for name, text in (("buyer_id", buyer_id), ("months", months)):
        if text.strip():
            data[name] = int(text) if text.strip().isdigit() else text.strip()
    for name, text in (("quantity", quantity), ("unit_weight_kg", unit_weight_kg)):
        number = forms.parse_number(text, lang)
        if number is not None:
            data[name] = number
    data["required_certifications"] = [code for code in required_certifications if code]
    return data


class RequestForm(BaseModel):
    """The request form as typed (strings; the page builds BuyerRequestCreate from them)."""

    buyer_id: str = ""
    product: str = ""
    hs_code: str = ""
    quantity: str = ""
    unit: str = ""
    unit_weight_kg: str = ""
    start_month: str = ""
    months: str = ""
    required_certifications: list[str] = []
    destination_country: str = ""
    notes: str = ""


def _form_page(
    http: Request,
    session: SessionDep,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    request_id: int | None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = i18n.language_of(http)
    return render(
        http,
        "console/request_form.html",
        {
            "values": values,
            "errors": errors,
            "request_id": request_id,
            "buyers": buyer_options(session),
            "units": [(unit, unit) for unit in UNITS],
            "certificates": certificate_options(lang),
            "countries": country_options(),
        },
        status_code=status_code,
    )


@router.get("/console/requests")
def request_list(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    q: TextFilter = None,
    status: schemas.RequestStatus | None = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    found = service.list_requests(
        session=session, limit=PAGE_SIZE, offset=offset, status=status, product=q
    )
    buyers = {buyer_id: name for buyer_id, name in buyer_options(session)}
    return render(
        http,
        "console/requests.html",
        {
            "requests": found,
            "buyers": buyers,
            "q": q or "",
            "status": status.value if status else "",
            "countries": reference.countries(),
            "page_size": PAGE_SIZE,
        },
    )


@router.get("/console/requests/new")
def new_request(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    buyer_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    values = {"buyer_id": buyer_id or "", "unit": "kg", "months": 12}
    return _form_page(http, session, values=values, errors={}, request_id=None)


@router.post("/console/requests/new")
def create_request(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    form: Annotated[RequestForm, Form()],
) -> Response:
    lang = i18n.language_of(http)
    typed = form.model_dump()
    try:
        data = schemas.BuyerRequestCreate.model_validate(_data(lang, **typed))
        created = service.create_request(session=session, data=data, principal=user.principal)
    except (ValidationError, AppError) as exc:
        return _form_page(
            http,
            session,
            values=typed,
            errors=forms.refused(exc, lang, statuses=(404, 409, 422)),
            request_id=None,
            status_code=422,
        )
    return see_other(
        f"/console/requests/{created.id}",
        i18n.translations(lang).gettext("The request is saved. Its matches:"),
    )


def _values_of(request: Any, lang: str) -> dict[str, Any]:
    """A stored request as the form shows it (numbers the page's way)."""
    return {
        "buyer_id": request.buyer_id,
        "product": request.product,
        "hs_code": request.hs_code or "",
        "quantity": i18n.format_number(request.quantity, lang),
        "unit": request.unit,
        "unit_weight_kg": (
            i18n.format_number(request.unit_weight_kg, lang) if request.unit_weight_kg else ""
        ),
        "start_month": request.start_month.strftime("%Y-%m"),
        "months": request.months,
        "required_certifications": list(request.required_certifications),
        "destination_country": request.destination_country,
        "notes": request.notes or "",
    }


@router.get("/console/requests/{request_id}/edit")
def edit_request(
    http: Request, user: StaffUser, session: SessionDep, request_id: IdPath
) -> HTMLResponse:
    request = service.get_request(session=session, request_id=request_id)
    values = _values_of(request, i18n.language_of(http))
    return _form_page(http, session, values=values, errors={}, request_id=request_id)


@router.post("/console/requests/{request_id}/edit")
def save_request(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    request_id: IdPath,
    form: Annotated[RequestForm, Form()],
) -> Response:
    lang = i18n.language_of(http)
    request = service.get_request(session=session, request_id=request_id)
    typed = {**form.model_dump(), "buyer_id": str(request.buyer_id)}
    data = _data(lang, **typed)
    try:
        # every field the form shows is checked as for a new request (blank is an error, not
        # "unchanged"), then written as an update; the buyer of a request does not change
        schemas.BuyerRequestCreate.model_validate(data)
        update = {name: value for name, value in data.items() if name != "buyer_id"}
        for optional in ("hs_code", "unit_weight_kg", "notes"):
            update.setdefault(optional, None)
        service.update_request(
            session=session,
            request_id=request_id,
            data=schemas.BuyerRequestUpdate.model_validate(update),
            principal=user.principal,
        )
    except (ValidationError, AppError) as exc:
        return _form_page(
            http,
            session,
            values=typed,
            errors=forms.refused(exc, lang, statuses=(409, 422)),
            request_id=request_id,
            status_code=422,
        )
    return see_other(
        f"/console/requests/{request_id}", i18n.translations(lang).gettext("The request is saved.")
    )


@router.post("/console/requests/{request_id}/status")
def change_status(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    request_id: IdPath,
    status: Annotated[schemas.RequestStatus, Form()],
) -> Response:
    """Close a request (or open it again)."""
    service.update_request(
        session=session,
        request_id=request_id,
        data=schemas.BuyerRequestUpdate(status=status),
        principal=user.principal,
    )
    t = i18n.translations(i18n.language_of(http))
    message = (
        t.gettext("The request is closed.")
        if status == schemas.RequestStatus.CLOSED
        else t.gettext("The request is open again.")
    )
    return see_other(f"/console/requests/{request_id}", message)
