"""The sign-in link an owner gets over WhatsApp: open it, choose a PIN or password, and be
signed in (``app.services.sign_in_links``: 7 days, one use; opening does not spend it)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.db import SessionDep
from app.services import sign_in_links, web_sessions
from app.services.sign_in_links import LinkRefused, LinkState
from app.web import auth, i18n
from app.web.i18n import N_
from app.web.templating import flash, render

router = APIRouter()

# The address holds the link's secret: no page it leads to passes it on.
NO_REFERRER = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

REFUSALS = {
    LinkState.USED: N_(
        "This link has already been used. Sign in with your name and PIN, or ask the dinas "
        "officer for a new link."
    ),
    LinkState.EXPIRED: N_(
        "This link has expired (a link is valid for 7 days). Ask the dinas officer for a new link."
    ),
    LinkState.REVOKED: N_("This link was cancelled by the dinas officer. Ask them for a new link."),
    LinkState.UNKNOWN: N_(
        "This link is not known. Check that the whole link was copied, or ask the dinas "
        "officer for a new link."
    ),
}


def _refused(http: Request, refused: LinkRefused) -> HTMLResponse:
    t = i18n.translations(i18n.language_of(http))
    status = 404 if refused.state == LinkState.UNKNOWN else 410
    return render(
        http,
        "owner/link_refused.html",
        {"message": t.gettext(REFUSALS[refused.state]), "state": refused.state.value},
        status_code=status,
        headers=NO_REFERRER,
    )


def _form(
    http: Request, token: str, name: str, errors: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    return render(
        http,
        "owner/link.html",
        {"token": token, "account_name": name, "errors": errors},
        status_code=status_code,
        headers=NO_REFERRER,
    )


@router.get("/owner/link/{token}")
def open_link(http: Request, session: SessionDep, token: str) -> HTMLResponse:
    try:
        account = sign_in_links.check_link(session=session, token=token)
    except LinkRefused as refused:
        return _refused(http, refused)
    return _form(http, token, account.name, {})


@router.post("/owner/link/{token}")
def use_link(
    http: Request,
    session: SessionDep,
    token: str,
    password: Annotated[str, Form(max_length=web_sessions.PASSWORD_MAX)] = "",
    password_again: Annotated[str, Form(max_length=web_sessions.PASSWORD_MAX)] = "",
) -> Response:
    t = i18n.translations(i18n.language_of(http))
    try:
        account = sign_in_links.check_link(session=session, token=token)
    except LinkRefused as refused:
        return _refused(http, refused)
    errors: dict[str, str] = {}
    if len(password) < web_sessions.PASSWORD_MIN:
        errors["password"] = t.gettext(
            "Choose at least %(count)s digits or characters, e.g. a 6-digit PIN."
        ) % {"count": web_sessions.PASSWORD_MIN}
    elif password != password_again:
        errors["password_again"] = t.gettext("The two entries differ: type the same PIN twice.")
    if errors:
        return _form(http, token, account.name, errors, status_code=422)
    try:
        signed = sign_in_links.use_link(session=session, token=token, password=password)
    except LinkRefused as refused:  # another tab used it a moment ago
        return _refused(http, refused)
    response = RedirectResponse("/owner/capacity", status_code=303)
    auth.set_session_cookie(http, response, signed.token)
    flash(
        response,
        t.gettext("Your PIN is set. From now on sign in with the name %(name)s and this PIN.")
        % {"name": signed.account.name},
    )
    return response
