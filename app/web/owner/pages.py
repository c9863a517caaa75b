"""The owner's pages: the start page, the monthly capacity update, one product's figures,
certificates, and opportunities (open buyer requests that fit)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from app import clock, schemas
from app.api.deps import IdPath, supply_index
from app.db import SessionDep
from app.errors import AppError
from app.months import from_label, month_label
from app.services import capacity as capacity_service
from app.services import certificates as certificate_service
from app.services import matching as matching_service
from app.services import monthly_update
from app.services import products as product_service
from app.services import umkm as umkm_service
from app.web import forms, i18n
from app.web.auth import OwnerUser, WebUser
from app.web.owner.quantities import QuantityError, parse_quantity
from app.web.templating import flash, render, see_other
from matching.certificates import CERTIFICATE_TYPES, certificate_label

router = APIRouter()

# Certificates expiring within this many days are shown as "expiring soon" (the console's
# home page uses the same horizon for staff).
EXPIRING_WITHIN = timedelta(days=60)
OPPORTUNITIES_SHOWN = 20


def _umkm_id(user: WebUser) -> int:
    umkm_id = user.principal.umkm_id
    assert umkm_id is not None  # OwnerUser: an UMKM account always names its UMKM
    return umkm_id


@router.get("/owner")
def home(http: Request, user: OwnerUser, session: SessionDep) -> HTMLResponse:
    umkm = umkm_service.get_umkm(session=session, umkm_id=_umkm_id(user))
    return render(http, "owner/home.html", {"umkm_name": umkm.name})


# ---------------------------------------------------------------- monthly capacity update


def field_name(product_id: int, month: date) -> str:
    return f"q-{product_id}-{month_label(month)}"


def _shown(quantity: Decimal | None, lang: str) -> str:
    return "" if quantity is None else i18n.format_number(quantity, lang)


def _capacity_page(
    http: Request,
    sheets: list[monthly_update.ProductSheet],
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        http,
        "owner/capacity.html",
        {"sheets": sheets, "values": values, "errors": errors, "field_name": field_name},
        status_code=status_code,
    )


@router.get("/owner/capacity")
def capacity_form(http: Request, user: OwnerUser, session: SessionDep) -> HTMLResponse:
    lang = i18n.language_of(http)
    sheets = monthly_update.sheet(
        session=session,
        principal=user.principal,
        umkm_id=_umkm_id(user),
        months=monthly_update.sheet_months(),
    )
    values = {
        field_name(sheet.product_id, month.month): _shown(month.quantity, lang)
        for sheet in sheets
        for month in sheet.months
    }
    return _capacity_page(http, sheets, values, {})


def _read_sheet(
    form: Any, sheets: list[monthly_update.ProductSheet], lang: str
) -> tuple[dict[int, schemas.CapacityBulkSet], dict[str, str], dict[str, str]]:
    """The figures typed on the sheet per product, the typed texts, and per-field errors."""
    figures: dict[int, schemas.CapacityBulkSet] = {}
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for product_sheet in sheets:
        items = []
        for sheet_month in product_sheet.months:
            name = field_name(product_sheet.product_id, sheet_month.month)
            typed = form.get(name)
            text = typed if isinstance(typed, str) else ""
            values[name] = text
            try:
                quantity = parse_quantity(
                    text,
                    lang,
                    unit=sheet_month.unit,
                    unit_weight_kg=product_sheet.unit_weight_kg,
                )
                if quantity is None:
                    continue  # left blank: the month keeps what it has
                items.append(
                    schemas.CapacityMonthSet(
                        month=sheet_month.month, quantity=quantity.quantity, unit=quantity.unit
                    )
                )
            except QuantityError as exc:
                errors[name] = str(exc)
            except ValidationError as exc:
                errors[name] = next(iter(forms.field_errors(exc, lang).values()))
        if items:
            figures[product_sheet.product_id] = schemas.CapacityBulkSet(items=items)
    return figures, values, errors


async def _form_data(http: Request) -> FormData:
    """The posted form (one field per product and month, so not declared one by one); the
    CSRF check has already read it, and Starlette keeps it."""
    return await http.form()


FormDep = Annotated[FormData, Depends(_form_data)]


@router.post("/owner/capacity")
def save_capacity(http: Request, user: OwnerUser, session: SessionDep, form: FormDep) -> Response:
    lang = i18n.language_of(http)
    t = i18n.translations(lang)
    umkm_id = _umkm_id(user)
    sheets = monthly_update.sheet(
        session=session,
        principal=user.principal,
        umkm_id=umkm_id,
        months=monthly_update.sheet_months(),
    )
    figures, values, errors = _read_sheet(form, sheets, lang)
    if not errors:
        try:
            changed = monthly_update.save_sheet(
                session=session, principal=user.principal, umkm_id=umkm_id, figures=figures
            )
        except AppError as exc:
            if exc.status != 422:
                raise
            # the service names the month's field as items.<i>.quantity: show it at the top
            errors["form"] = "; ".join(forms.app_error_fields(exc, lang).values()) or exc.detail
    if errors:
        return _capacity_page(http, sheets, values, errors, status_code=422)
    response = RedirectResponse("/owner/capacity", status_code=303)
    if changed:
        message = t.gettext("Saved. Figures changed: %(count)s.") % {"count": changed}
    else:
        message = t.gettext("Saved: the figures are the same as before.")
    flash(response, message)
    return response


@router.get("/owner/products/{product_id}")
def product_figures(
    http: Request, user: OwnerUser, session: SessionDep, product_id: IdPath
) -> HTMLResponse:
    """One product's months with a figure (404 for a product of another UMKM)."""
    figures = capacity_service.capacity_page(
        session=session,
        principal=user.principal,
        product_id=product_id,
        from_month=None,
        to_month=None,
        unit=None,
    )
    product = product_service.product_for(
        session=session, principal=user.principal, product_id=product_id, write=False
    )
    return render(
        http,
        "owner/product.html",
        {
            "product_name": product.name,
            "figures": list(reversed(figures.items)),
        },
    )


# ---------------------------------------------------------------- certificates


def _certificates_page(
    http: Request,
    user: WebUser,
    session: SessionDep,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    umkm_id = _umkm_id(user)
    found = certificate_service.list_certificates(
        session=session, umkm_id=umkm_id, limit=200, offset=0
    )
    today = clock.today()
    shown = sorted(
        (certificate_service.shown_to(user.principal, c) for c in found.items),
        key=lambda read: (read.expires_on or date.max, read.id),
    )
    rows = []
    for read in shown:
        expiring = (
            not read.expired
            and read.expires_on is not None
            and read.expires_on <= today + EXPIRING_WITHIN
        )
        rows.append({"c": read, "label": certificate_label(read.type), "expiring": expiring})
    sheets = monthly_update.sheet(
        session=session, principal=user.principal, umkm_id=umkm_id, months=[clock.today()]
    )
    return render(
        http,
        "owner/certificates.html",
        {
            "rows": rows,
            "types": [(code, certificate_label(code)) for code in CERTIFICATE_TYPES],
            "products": [(s.product_id, s.name) for s in sheets],
            "values": values,
            "errors": errors,
        },
        status_code=status_code,
    )


@router.get("/owner/certificates")
def certificates(http: Request, user: OwnerUser, session: SessionDep) -> HTMLResponse:
    return _certificates_page(http, user, session, {}, {})


@router.post("/owner/certificates")
def add_certificate(http: Request, user: OwnerUser, session: SessionDep, form: FormDep) -> Response:
    lang = i18n.language_of(http)
    t = i18n.translations(lang)
    values = {
        name: str(form.get(name) or "").strip()
        for name in ("type", "number", "expires_on", "product_id")
    }
    try:
        fields: dict[str, object] = {name: value for name, value in values.items() if value}
        if values["product_id"].isdigit():  # a choice of the select: the schema wants an int
            fields["product_id"] = int(values["product_id"])
        data = schemas.CertificateCreate.model_validate(fields)
        certificate_service.create_certificate(
            session=session, umkm_id=_umkm_id(user), data=data, principal=user.principal
        )
    except (ValidationError, AppError) as exc:
        errors = forms.refused(exc, lang)
        return _certificates_page(http, user, session, values, errors, status_code=422)
    return see_other("/owner/certificates", t.gettext("Certificate added."))


# ---------------------------------------------------------------- opportunities


@router.get("/owner/opportunities")
def opportunities(http: Request, user: OwnerUser, session: SessionDep) -> HTMLResponse:
    found = matching_service.opportunities(
        session=session,
        index=supply_index(http),
        umkm_id=_umkm_id(user),
        limit=OPPORTUNITIES_SHOWN,
        figures=True,
    )
    return render(http, "owner/opportunities.html", {"found": found, "from_label": from_label})
