"""The staff accounts page: ``/console/accounts``. Gettext domain ``accounts``.

Staff (and admins) list the accounts of their office, create UMKM owner accounts, give an
owner a sign-in link (a URL and a ready WhatsApp message), revoke links and API keys, and
disable an account — the same services and roles as ``/accounts`` and ``/keys`` in the API.
"""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from app import schemas
from app.api.deps import IdPath
from app.db import SessionDep
from app.errors import AppError
from app.principal import Role
from app.services import accounts as account_service
from app.services import sign_in_links
from app.services import umkm as umkm_service
from app.web import forms, i18n, navigation
from app.web.auth import StaffUser, WebUser
from app.web.i18n import N_
from app.web.templating import render, see_other

router = APIRouter(include_in_schema=False)

navigation.register(
    navigation.NavItem(N_("Accounts"), "/console/accounts", frozenset({Role.STAFF}), 80)
)

# The UMKM an owner account may be made for: the office's, listed by name in the form.
UMKM_LISTED = 1000


def _umkm_options(session: SessionDep, user: WebUser) -> list[tuple[str, str]]:
    found = umkm_service.list_umkm(
        session=session, principal=user.principal, limit=UMKM_LISTED, offset=0
    )
    return sorted(((str(u.id), u.name) for u in found.items), key=lambda option: option[1])


def _page(
    http: Request,
    user: WebUser,
    session: SessionDep,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        http,
        "accounts/list.html",
        {
            "rows": sign_in_links.accounts_overview(session=session),
            "umkm_options": _umkm_options(session, user),
            "values": values,
            "errors": errors,
            "link_state": sign_in_links.state_of,
        },
        status_code=status_code,
    )


@router.get("/console/accounts")
def accounts_page(http: Request, user: StaffUser, session: SessionDep) -> HTMLResponse:
    return _page(http, user, session, {}, {})


@router.post("/console/accounts")
def create_owner_account(
    http: Request,
    user: StaffUser,
    session: SessionDep,
    name: Annotated[str, Form(max_length=500)] = "",
    umkm_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    lang = i18n.language_of(http)
    t = i18n.translations(lang)
    values = {"name": name, "umkm_id": umkm_id}
    try:
        data = schemas.AccountCreate.model_validate(
            {
                "name": name,
                "role": Role.UMKM.value,
                # a choice of the select: the schema wants an int
                "umkm_id": int(umkm_id) if umkm_id.isdigit() else umkm_id or None,
            }
        )
        account, _, _ = account_service.create_account(
            session=session, data=data, principal=user.principal
        )
    except ValidationError as exc:
        errors = forms.field_errors(exc, lang)
        return _page(http, user, session, values, errors, status_code=422)
    except AppError as exc:
        if exc.status not in (404, 422):
            raise
        errors = forms.app_error_fields(exc, lang) or {
            "umkm_id": t.gettext("Choose one of the options.")
        }
        return _page(http, user, session, values, errors, status_code=422)
    return see_other(
        f"/console/accounts#account-{account.id}",
        t.gettext("Account %(name)s created. Now give the owner a sign-in link.")
        % {"name": account.name},
    )


def whatsapp_number(phone: str | None) -> str:
    """An Indonesian phone number as wa.me wants it (digits, country code 62, no 0 or +);
    empty when there is none (wa.me then lets the sender pick the chat)."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if len(digits) >= 8 else ""


@router.post("/console/accounts/{account_id}/link")
def give_link(
    http: Request, user: StaffUser, session: SessionDep, account_id: IdPath
) -> HTMLResponse:
    """A new sign-in link, shown once (the page answers the POST: the token is not kept)."""
    new = sign_in_links.create_link(
        session=session, account_id=account_id, principal=user.principal
    )
    owner = new.account
    assert owner.umkm_id is not None  # create_link: UMKM owner accounts only
    umkm = umkm_service.get_umkm(session=session, umkm_id=owner.umkm_id)
    url = str(http.base_url).rstrip("/") + f"/owner/link/{new.token}"
    # the message is for the owner: Indonesian, whatever language the officer reads
    owner_t = i18n.translations("id")
    message = owner_t.gettext(
        "Hello %(name)s, this is your link to Temu Dagang: open it and choose a PIN, then "
        "update your monthly capacity there. The link works once, until %(day)s.\n%(url)s"
    ) % {
        "name": owner.name,
        "day": i18n.format_date_long(new.link.expires_at, "id"),
        "url": url,
    }
    number = whatsapp_number(umkm.phone)
    return render(
        http,
        "accounts/link.html",
        {
            "owner": owner,
            "umkm": umkm,
            "url": url,
            "message": message,
            "wa_url": f"https://wa.me/{number}?text={quote(message)}",
            "has_number": bool(number),
            "expires_at": new.link.expires_at,
        },
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


@router.post("/console/links/{link_id}/revoke")
def revoke_link(http: Request, user: StaffUser, session: SessionDep, link_id: IdPath) -> Response:
    link = sign_in_links.revoke_link(session=session, link_id=link_id, principal=user.principal)
    return see_other(
        f"/console/accounts#account-{link.account_id}",
        i18n.translations(i18n.language_of(http)).gettext("The link was revoked."),
    )


@router.post("/console/keys/{key_id}/revoke")
def revoke_key(http: Request, user: StaffUser, session: SessionDep, key_id: IdPath) -> Response:
    key = account_service.revoke_key(session=session, key_id=key_id, principal=user.principal)
    return see_other(
        f"/console/accounts#account-{key.account_id}",
        i18n.translations(i18n.language_of(http)).gettext("The key was revoked."),
    )


@router.post("/console/accounts/{account_id}/disable")
def disable_account(
    http: Request, user: StaffUser, session: SessionDep, account_id: IdPath
) -> Response:
    account = account_service.disable_account(
        session=session, account_id=account_id, principal=user.principal
    )
    return see_other(
        f"/console/accounts#account-{account.id}",
        i18n.translations(i18n.language_of(http)).gettext(
            "The account was disabled: its keys, links and sign-ins no longer work."
        ),
    )
