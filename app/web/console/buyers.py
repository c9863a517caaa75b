"""Buyers: list and search, create, edit; a buyer's page lists its requests."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError

from app import reference, schemas
from app.api.deps import IdPath, TextFilter
from app.db import SessionDep
from app.errors import AppError
from app.services import buyers as service
from app.web import forms, i18n
from app.web.auth import StaffUser
from app.web.console.common import country_options
from app.web.templating import render, see_other

router = APIRouter()

PAGE_SIZE = 50


class BuyerForm(BaseModel):
    """The buyer form as typed (strings; BuyerCreate or BuyerUpdate checks them)."""

    name: str = ""
    country: str = ""
    city: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    preferred_language: str = ""


FIELDS = tuple(BuyerForm.model_fields)


def _form_page(
    http: Request,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    buyer_id: int | None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        http,
        "console/buyer_form.html",
        {
            "values": values,
            "errors": errors,
            "buyer_id": buyer_id,
            "countries": country_options(),
        },
        status_code=status_code,
    )


def _data(values: dict[str, str]) -> dict[str, Any]:
    data = {name: value.strip() for name, value in values.items() if value.strip()}
    if "country" in data:
        data["country"] = data["country"].upper()
    return data


@router.get("/console/buyers")
def buyer_list(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    q: TextFilter = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    found = service.list_buyers(session=session, limit=PAGE_SIZE, offset=offset, q=q)
    return render(
        http,
        "console/buyers.html",
        {"buyers": found, "q": q or "", "countries": reference.countries(), "page_size": PAGE_SIZE},
    )


@router.get("/console/buyers/new")
def new_buyer(http: Request, user: StaffUser) -> HTMLResponse:
    return _form_page(http, values={"preferred_language": "en"}, errors={}, buyer_id=None)


def _save(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    buyer_id: int | None,
    values: dict[str, str],
) -> Response:
    lang = i18n.language_of(http)
    data = _data(values)
    try:
        if buyer_id is None:
            buyer = service.create_buyer(
                session=session,
                data=schemas.BuyerCreate.model_validate(data),
                principal=user.principal,
            )
        else:
            schemas.BuyerCreate.model_validate(data)  # blank required fields are errors
            # a blank optional field clears it; a required one left out stays as it is
            update = {
                name: data.get(name)
                for name in FIELDS
                if name in data or name not in schemas.BuyerUpdate.not_nullable
            }
            buyer = service.update_buyer(
                session=session,
                buyer_id=buyer_id,
                data=schemas.BuyerUpdate.model_validate(update),
                principal=user.principal,
            )
    except (ValidationError, AppError) as exc:
        errors = forms.refused(exc, lang, statuses=(409, 422))
        return _form_page(http, values=values, errors=errors, buyer_id=buyer_id, status_code=422)
    return see_other(
        f"/console/buyers/{buyer.id}", i18n.translations(lang).gettext("The buyer is saved.")
    )


@router.post("/console/buyers/new")
def create_buyer(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    form: Annotated[BuyerForm, Form()],
) -> Response:
    values = form.model_dump()
    return _save(http, user, session, None, values)


@router.get("/console/buyers/{buyer_id}")
def buyer_page(
    http: Request, user: StaffUser, session: SessionDep, buyer_id: IdPath
) -> HTMLResponse:
    buyer = service.get_buyer(session=session, buyer_id=buyer_id)
    requests = service.list_requests(session=session, limit=200, offset=0, buyer_id=buyer_id)
    return render(
        http,
        "console/buyer.html",
        {"buyer": buyer, "requests": requests, "countries": reference.countries()},
    )


@router.get("/console/buyers/{buyer_id}/edit")
def edit_buyer(
    http: Request, user: StaffUser, session: SessionDep, buyer_id: IdPath
) -> HTMLResponse:
    buyer = service.get_buyer(session=session, buyer_id=buyer_id)
    values = {name: getattr(buyer, name) or "" for name in FIELDS}
    return _form_page(http, values=values, errors={}, buyer_id=buyer_id)


@router.post("/console/buyers/{buyer_id}/edit")
def save_buyer(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    buyer_id: IdPath,
    form: Annotated[BuyerForm, Form()],
) -> Response:
    service.get_buyer(session=session, buyer_id=buyer_id)  # 404 before reading the form
    values = form.model_dump()
    return _save(http, user, session, buyer_id, values)
