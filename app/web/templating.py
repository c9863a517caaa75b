"""Jinja2 for the pages: one environment, gettext installed per rendering, format filters,
and `render` that every page calls.

Templates call ``_("...")`` (and ``ngettext``); the language is the page's (see
``app.web.i18n.language_of``). Filters: ``number``, ``kg``, ``rupiah``, ``rupiah_full``,
``month`` ("Januari 2027"), ``month_short`` ("Mei 2027"), ``day`` ("29 November 2026"),
``percent``.
"""

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from starlette.responses import HTMLResponse, RedirectResponse

from app.months import month_name
from app.web import i18n

__all__ = ["FLASH_COOKIE", "flash", "render", "templates"]

TEMPLATES_DIR = i18n.WEB_DIR / "templates"
FLASH_COOKIE = "td_flash"

_lang: ContextVar[str] = ContextVar("page_language", default=i18n.DEFAULT_LANGUAGE)


def _gettext(message: str) -> str:
    return i18n.translations(_lang.get()).gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return i18n.translations(_lang.get()).ngettext(singular, plural, count)


def _lang_filter(
    format_value: Callable[..., str],
) -> Callable[..., str]:
    @pass_context
    def apply(context: Context, value: Any, *args: Any, **kwargs: Any) -> str:
        return format_value(value, context.get("lang", i18n.DEFAULT_LANGUAGE), *args, **kwargs)

    return apply


def _month_short(month: date | None, lang: str) -> str:
    return "–" if month is None else month_name(month, lang)


def _rupiah_full(amount: int | None, lang: str) -> str:
    return i18n.format_rupiah(amount, lang, full=True)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    env.filters.update(
        number=_lang_filter(i18n.format_number),
        kg=_lang_filter(i18n.format_kg),
        rupiah=_lang_filter(i18n.format_rupiah),
        rupiah_full=_lang_filter(_rupiah_full),
        month=_lang_filter(i18n.format_month),
        month_short=_lang_filter(_month_short),
        day=_lang_filter(i18n.format_date_long),
        percent=_lang_filter(i18n.format_percent_of),
    )
    env.globals.update(LANGUAGES=i18n.LANGUAGES, LANGUAGE_NAMES=i18n.LANGUAGE_NAMES)
    return env


templates = Jinja2Templates(env=_environment())


def see_other(path: str, message: str | None = None) -> RedirectResponse:
    """303 to ``path`` after a form is saved, with ``message`` (translated) shown there."""
    response = RedirectResponse(path, status_code=303)
    if message is not None:
        flash(response, message)
    return response


def flash(response: Response, message: str) -> None:
    """Show `message` (already translated) in the status region of the next page."""
    response.set_cookie(
        FLASH_COOKIE, quote(message), max_age=60, httponly=True, samesite="lax", path="/"
    )


def render(
    http: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render `template` in the page's language. Every template sees ``lang``, ``user`` (the
    signed-in ``WebUser`` or None), ``csrf_token``, ``nav`` (the menu for the user's role),
    ``status_message`` (a flash from the last POST), ``current_path`` and ``request``."""
    from app.web import auth, navigation

    lang = i18n.language_of(http)
    user = getattr(http.state, "web_user", None)
    flashed = http.cookies.get(FLASH_COOKIE)
    values: dict[str, Any] = {
        "lang": lang,
        "user": user,
        "csrf_token": auth.csrf_token(http),
        "nav": navigation.menu_for(user.principal if user else None),
        "status_message": unquote(flashed) if flashed else None,
        "current_path": http.url.path,
        "now": datetime.now(),
        "Decimal": Decimal,
    }
    if context and "request" in context:  # Starlette's: the HTTP request
        raise ValueError("a template value may not be called 'request'")
    values.update(context or {})
    reset = _lang.set(lang)
    try:
        response = templates.TemplateResponse(
            http, template, values, status_code=status_code, headers=dict(headers or {})
        )
    finally:
        _lang.reset(reset)
    if flashed:
        response.delete_cookie(FLASH_COOKIE, path="/")
    auth.set_anonymous_csrf_cookie(http, response)
    return response
