"""The pages (the console for dinas staff, the phone pages for UMKM owners): server-rendered
HTML from the same app and the same service functions as the API. See app/web/README.md.

`install(app)` mounts the static files, includes ``app.web.pages`` and every page package
under ``app/web/`` that has a ``router`` (found by name, so areas add packages without
editing a shared list), puts the CSRF check on each of their routes, and makes errors on
page routes answer in HTML.
"""

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from app.errors import AppError
from app.web import auth, i18n, pages
from app.web.templating import render

__all__ = ["install", "page_routers"]

STATIC_DIR = i18n.WEB_DIR / "static"

Handler = Callable[[Request, Exception], Awaitable[Response]]
AnyHandler = Callable[[Request, Any], Any]


def page_routers() -> list[APIRouter]:
    """``app.web.pages.router``, then the ``router`` of each package under app/web/ in
    name order."""
    routers = [pages.router]
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.ispkg:
            module = importlib.import_module(f"{__name__}.{info.name}")
            if isinstance(router := getattr(module, "router", None), APIRouter):
                routers.append(router)
    return routers


def _is_page(http: Request) -> bool:
    if getattr(http.state, "web", False):
        return True
    # a path no route matched: a browser asking for a page gets a page
    return not http.url.path.startswith("/api/") and "text/html" in http.headers.get("accept", "")


def _error_page(http: Request, status: int, message: str) -> Response:
    return render(http, "error.html", {"status": status, "message": message}, status_code=status)


def _html_or(original: AnyHandler, message_of: Callable[[Request, Exception], str]) -> Handler:
    async def handle(http: Request, exc: Exception) -> Response:
        if not _is_page(http):
            response: Response = await original(http, exc)
            return response
        status = getattr(exc, "status", None) or getattr(exc, "status_code", None) or 422
        return _error_page(http, int(status), message_of(http, exc))

    return handle


def _t(http: Request) -> Any:
    return i18n.translations(i18n.language_of(http))


def _http_message(http: Request, exc: Exception) -> str:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return str(_t(http).gettext("This page does not exist."))
    return str(exc.detail)


def _app_error_message(http: Request, exc: Exception) -> str:
    assert isinstance(exc, AppError)
    t = _t(http)
    if exc.status == 404:
        return str(t.gettext("What you are looking for does not exist, or is not yours to see."))
    if exc.status == 403:
        return str(t.gettext("Your account may not do this."))
    return exc.detail


def _validation_message(http: Request, exc: Exception) -> str:
    return str(_t(http).gettext("The address of this page is not valid."))


async def _sign_in_required(http: Request, exc: Exception) -> Response:
    assert isinstance(exc, auth.SignInRequired)
    target = "/sign-in?next=" + quote(http.url.path, safe="/")
    if exc.expired:
        target += "&expired=true"
    if http.headers.get("hx-request"):
        # htmx swaps answers into the page; HX-Redirect makes it load the sign-in page
        response: Response = Response(status_code=200, headers={"HX-Redirect": target})
    else:
        response = RedirectResponse(target, status_code=303)
    return response


async def _csrf_refused(http: Request, exc: Exception) -> Response:
    message = _t(http).gettext(
        "This form has expired or did not come from this site, so nothing was saved. "
        "Go back, reload the page and send it again."
    )
    return _error_page(http, 403, str(message))


async def _wrong_role(http: Request, exc: Exception) -> Response:
    assert isinstance(exc, auth.WrongRole)
    return _error_page(http, 403, str(_t(http).gettext("This page is not for your account.")))


def install(app: FastAPI) -> None:
    """Mount the static files and the page routers, and answer errors of pages in HTML."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in page_routers():
        app.include_router(router, dependencies=[Depends(auth.web_request)])
    handlers = app.exception_handlers
    app.add_exception_handler(AppError, _html_or(handlers[AppError], _app_error_message))
    app.add_exception_handler(
        StarletteHTTPException, _html_or(handlers[StarletteHTTPException], _http_message)
    )
    app.add_exception_handler(
        RequestValidationError, _html_or(handlers[RequestValidationError], _validation_message)
    )
    app.add_exception_handler(auth.SignInRequired, _sign_in_required)
    app.add_exception_handler(auth.CsrfRefused, _csrf_refused)
    app.add_exception_handler(auth.WrongRole, _wrong_role)
