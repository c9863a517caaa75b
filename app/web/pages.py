"""The pages every visitor meets: the front door, sign-in and sign-out, the language switch,
and the API documentation served from the app's own files (``/docs`` works offline)."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.db import SessionDep
from app.services import web_sessions
from app.web import auth, i18n
from app.web.templating import render

router = APIRouter(include_in_schema=False)

NextPath = Annotated[str | None, Query(max_length=2000)]


def local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site (never another host: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    return target


@router.get("/")
def front_door(http: Request, session: SessionDep) -> Response:
    token = http.cookies.get(auth.SESSION_COOKIE)
    found = web_sessions.find_session(session, token) if token else None
    if found is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(auth.home_of(web_sessions.principal_of(found.account).role), 303)


@router.get("/sign-in")
def sign_in_page(
    http: Request, next: NextPath = None, expired: Annotated[bool, Query()] = False
) -> HTMLResponse:
    t = i18n.translations(i18n.language_of(http))
    message = t.gettext("Your session has ended. Please sign in again.") if expired else None
    return render(
        http, "sign_in.html", {"next": local_path(next) or "", "error": None, "notice": message}
    )


@router.post("/sign-in")
def sign_in(
    http: Request,
    session: SessionDep,
    login: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=web_sessions.PASSWORD_MAX)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    t = i18n.translations(i18n.language_of(http))
    values = {"next": local_path(next) or "", "notice": None, "login": login}
    if wait := auth.sign_in_blocked(http, login):
        error = t.gettext("Too many failed sign-ins. Wait %(seconds)s seconds and try again.") % {
            "seconds": wait
        }
        return render(
            http,
            "sign_in.html",
            values | {"error": error},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    try:
        signed = web_sessions.sign_in(session=session, login=login, password=password)
    except web_sessions.SignInRefused as refused:
        auth.count_sign_in_failure(http, login)
        if refused.reason == "client":
            error = t.gettext("Client accounts use API keys; they cannot sign in here.")
            status = 403
        elif refused.reason == "ambiguous":
            error = t.gettext(
                "More than one account has this name and password. Sign in with your e-mail, "
                "or ask your office for a new sign-in link."
            )
            status = 409
        else:
            error = t.gettext("The name/e-mail or the password is not right.")
            status = 401
        return render(http, "sign_in.html", values | {"error": error}, status_code=status)
    role = web_sessions.principal_of(signed.account).role
    target = local_path(next) or auth.home_of(role)
    response = RedirectResponse(target, status_code=303)
    auth.set_session_cookie(http, response, signed.token)
    return response


@router.post("/sign-out")
def sign_out(http: Request, session: SessionDep) -> Response:
    if token := http.cookies.get(auth.SESSION_COOKIE):
        web_sessions.end_session(session, token)
    response = RedirectResponse("/sign-in", status_code=303)
    auth.clear_session_cookie(http, response)
    return response


@router.get("/lang/{code}")
def switch_language(http: Request, code: str, next: NextPath = None) -> Response:
    """Set the ``lang`` cookie and go back to the page the switch was clicked on."""
    response = RedirectResponse(local_path(next) or "/", status_code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(
            i18n.LANG_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=auth.is_secure(http),
            path="/",
        )
    return response


@router.get("/docs")
def swagger_ui(http: Request) -> HTMLResponse:
    """Swagger UI from the app's own copy (app/web/static/vendor/swagger-ui), not a CDN."""
    return get_swagger_ui_html(
        openapi_url=http.app.openapi_url,
        title=f"{http.app.title} – API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
    )
