"""Who is signed in to the pages, CSRF, and the sign-in rate limit.

- The session cookie ``td_session`` holds a random token (``app.services.web_sessions``);
  HttpOnly, SameSite=Lax, Secure when the request came over HTTPS.
- Every POST (PUT, PATCH, DELETE) to a page route must carry the CSRF token, as the form
  field ``csrf_token`` or the header ``X-CSRF-Token`` (htmx sends it: base templates set
  ``hx-headers``). Signed in, the token is derived from the session's token; before sign-in
  it is a random value in the cookie ``td_csrf`` (double submit). ``web_request`` checks it
  for every route of every page router (``app.web.install`` adds it), so no form can forget.
- ``StaffUser`` / ``OwnerUser`` / ``SignedInUser``: dependencies that give a page the
  signed-in ``WebUser`` (its ``Principal`` has the same role, UMKM and office as the
  account's API keys, and the request's database session is scoped to its office with
  ``app.offices.scope_session``: a page sees exactly what the API lets that account see).
"""

import hmac
import logging
import math
import secrets
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from app.config import settings
from app.db import WRITE_OPTION, SessionDep
from app.offices import scope_session
from app.principal import Principal, Role
from app.services import web_sessions

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "CsrfRefused",
    "OwnerUser",
    "SignInRequired",
    "SignedInUser",
    "StaffUser",
    "WebUser",
    "csrf_token",
    "web_request",
]

logger = logging.getLogger(__name__)

SESSION_COOKIE = "td_session"
ANONYMOUS_CSRF_COOKIE = "td_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class SignInRequired(Exception):
    """No live web session: the page answers with the sign-in page (a redirect)."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("sign-in required")
        self.expired = expired


class CsrfRefused(Exception):
    """A write without the page's CSRF token: 403."""


class WrongRole(Exception):
    """A signed-in account opened a page for another role (an owner on a staff page)."""

    def __init__(self, role: Role | None) -> None:
        super().__init__(f"not for the {role} role")
        self.role = role


@dataclass(frozen=True, slots=True)
class WebUser:
    principal: Principal
    name: str
    email: str | None

    @property
    def is_staff(self) -> bool:
        return self.principal.role in (Role.STAFF, Role.ADMIN)


def is_secure(http: Request) -> bool:
    """HTTPS as the client sees it (uvicorn sets the scheme from X-Forwarded-Proto only for
    the proxies in FORWARDED_ALLOW_IPS)."""
    return http.url.scheme == "https"


def csrf_token(http: Request) -> str:
    """The CSRF token forms of this page must send back."""
    session_token = http.cookies.get(SESSION_COOKIE)
    if session_token:
        return web_sessions.csrf_token_for(session_token)
    anonymous = http.cookies.get(ANONYMOUS_CSRF_COOKIE) or getattr(
        http.state, "new_anonymous_csrf", None
    )
    if not anonymous:
        anonymous = http.state.new_anonymous_csrf = secrets.token_urlsafe(32)
    return str(anonymous)


def set_anonymous_csrf_cookie(http: Request, response: Response) -> None:
    """Set ``td_csrf`` when this page made one (see `csrf_token`)."""
    token = getattr(http.state, "new_anonymous_csrf", None)
    if token:
        response.set_cookie(
            ANONYMOUS_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=is_secure(http),
            path="/",
        )


def _expected_csrf(http: Request) -> str | None:
    session_token = http.cookies.get(SESSION_COOKIE)
    if session_token:
        return web_sessions.csrf_token_for(session_token)
    return http.cookies.get(ANONYMOUS_CSRF_COOKIE)


async def web_request(http: Request) -> None:
    """Every page route: mark the request as a page (errors answer in HTML) and refuse a
    write without the CSRF token (async: it may read the form, which FastAPI then reuses)."""
    http.state.web = True
    if http.method in SAFE_METHODS:
        return
    sent = http.headers.get(CSRF_HEADER)
    if sent is None and http.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await http.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = _expected_csrf(http)
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise CsrfRefused()


def _touch(session: SessionDep, found: web_sessions.FoundSession) -> None:
    """Stamp last_seen_at. For a read, in a short transaction of its own (as
    app.security does for API keys): a page view does not become a write."""
    statement = web_sessions.touch_statement(found.session_id)
    bind = session.get_bind()
    if session.info.get(WRITE_OPTION) or not isinstance(bind, Engine):
        session.execute(statement)
        return
    try:
        with bind.connect() as connection:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                connection.execute(statement)
    except OperationalError as exc:
        logger.warning("could not record the use of web session %s: %s", found.session_id, exc)


def signed_in(http: Request, session: SessionDep) -> WebUser:
    token = http.cookies.get(SESSION_COOKIE)
    found = web_sessions.find_session(session, token) if token else None
    if found is None:
        raise SignInRequired(expired=bool(token))
    if web_sessions.needs_touch(found):
        _touch(session, found)
    principal = web_sessions.principal_of(found.account)
    scope_session(session, principal)
    http.state.account_id = found.account.id  # for the access log
    user = WebUser(principal=principal, name=found.account.name, email=found.account.email)
    http.state.web_user = user
    return user


SignedInUser = Annotated[WebUser, Depends(signed_in)]


async def staff_user(user: SignedInUser) -> WebUser:
    if not user.is_staff:
        raise WrongRole(user.principal.role)
    return user


async def owner_user(user: SignedInUser) -> WebUser:
    if user.principal.role != Role.UMKM:
        raise WrongRole(user.principal.role)
    return user


StaffUser = Annotated[WebUser, Depends(staff_user)]
OwnerUser = Annotated[WebUser, Depends(owner_user)]


def home_of(role: Role | None) -> str:
    """Where an account lands after sign-in: owners on their pages, staff on the console."""
    return "/owner" if role == Role.UMKM else "/console"


# Sign-in failures are counted per client address and per name tried, so neither one
# address guessing many names nor many addresses guessing one name get far.
_sign_in_failures = MovingWindowRateLimiter(MemoryStorage())


def _limit() -> RateLimitItemPerMinute:
    return RateLimitItemPerMinute(settings.sign_in_failures_per_minute)


def _keys(http: Request, login: str) -> list[str]:
    address = http.client.host if http.client else "unknown"
    return [f"address:{address}", f"login:{login.strip().lower()}"]


def sign_in_blocked(http: Request, login: str) -> int | None:
    """Seconds to wait when the address or the name used up its failures, else None."""
    limit = _limit()
    waits = []
    for key in _keys(http, login):
        if not _sign_in_failures.test(limit, key):
            reset_at = _sign_in_failures.get_window_stats(limit, key).reset_time
            waits.append(max(1, math.ceil(reset_at - time.time())))
    return max(waits) if waits else None


def count_sign_in_failure(http: Request, login: str) -> None:
    for key in _keys(http, login):
        _sign_in_failures.hit(_limit(), key)


def reset_sign_in_failures() -> None:
    """Forget every count (tests)."""
    _sign_in_failures.storage.reset()


def set_session_cookie(http: Request, response: Response, token: str) -> None:
    # No max-age: the browser keeps the cookie until it closes; the server ends the session
    # (idle and absolute limits) and then says so on the sign-in page.
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=is_secure(http),
        path="/",
    )
    response.delete_cookie(ANONYMOUS_CSRF_COOKIE, path="/")


def clear_session_cookie(http: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_secure(http)
    )
