"""API keys: bearer tokens, stored only as hashes; who the caller is and what it may do.

A token is ``td_<public_id>_<secret>``. ``public_id`` finds the key row; the secret (256 bits
from ``secrets``) is checked against its SHA-256 hash in constant time. A slow password hash
would add tens of milliseconds to every request for no gain: the secret is random, not a
password a person chose, so it cannot be guessed from a leaked hash.
"""

import hmac
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.config import settings
from app.db import WRITE_OPTION, SessionDep
from app.errors import TooManyFailures, Unauthorized
from app.models import Account, ApiKey
from app.offices import scope_session
from app.principal import (
    SYSTEM,
    TOKEN_PREFIX,
    Principal,
    Role,
    check_umkm_access,
    ensure_role,
    hash_secret,
    sees_private_fields,
)

__all__ = [
    "SYSTEM",
    "CurrentPrincipal",
    "KeyClaim",
    "Principal",
    "Role",
    "ScreenedKey",
    "authenticate",
    "check_umkm_access",
    "ensure_role",
    "require",
    "sees_private_fields",
    "verify",
]

logger = logging.getLogger(__name__)
# Writing last_used_at on every request would turn reads into writes; a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


_failures = MovingWindowRateLimiter(MemoryStorage())


def _failure_limit() -> RateLimitItemPerMinute:
    return RateLimitItemPerMinute(settings.auth_failures_per_minute)


def _client_address(http: Request) -> str:
    """The peer address. X-Forwarded-For is never read here: uvicorn replaces the peer with
    the forwarded client only when the peer is one of FORWARDED_ALLOW_IPS (`serve` passes
    the setting), so a client cannot choose the address its failures count against."""
    return http.client.host if http.client else "unknown"


def _refuse(http: Request, detail: str) -> Unauthorized | TooManyFailures:
    """Count a failed authentication against the client's address: 401, or 429 once the
    address has failed more than AUTH_FAILURES_PER_MINUTE times in the last minute. Only
    failing requests are refused: a valid key from the same address keeps working."""
    limit, address = _failure_limit(), _client_address(http)
    if _failures.hit(limit, address):
        return Unauthorized(detail)
    reset_at = _failures.get_window_stats(limit, address).reset_time
    return TooManyFailures(
        f"{detail}; and more than {settings.auth_failures_per_minute} failed authentications "
        f"from {address} in the last minute: wait and retry",
        retry_after=max(1, math.ceil(reset_at - time.time())),
    )


bearer = HTTPBearer(
    auto_error=False,
    description="An API key: `Authorization: Bearer td_…`. Staff create keys at /api/v1/accounts.",
)


# Built once: every request runs it, and building a select costs more than running it.
_KEY = (
    select(
        ApiKey.id,
        ApiKey.secret_hash,
        ApiKey.revoked_at,
        ApiKey.last_used_at,
        Account.id.label("account_id"),
        Account.name,
        Account.role,
        Account.umkm_id,
        Account.office_id,
        Account.disabled_at,
    )
    .join(Account)
    .where(ApiKey.public_id == bindparam("public_id"))
)


@dataclass(frozen=True, slots=True)
class KeyClaim:
    """A well-formed API key from a request, not yet checked against the database."""

    public_id: str
    secret: str


def screen(http: Request, credentials: HTTPAuthorizationCredentials | None) -> KeyClaim:
    """The checks that need no database: a key, and its form."""
    if credentials is None:
        raise _refuse(http, "no API key: send 'Authorization: Bearer <key>'")
    parts = credentials.credentials.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise _refuse(http, "the API key is not of the form td_<id>_<secret>")
    return KeyClaim(public_id=parts[1], secret=parts[2])


# async: no I/O, so it runs on the event loop rather than in the thread pool.
async def screen_key(
    http: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> KeyClaim:
    return screen(http, credentials)


ScreenedKey = Annotated[KeyClaim, Depends(screen_key)]


def verify(http: Request, session: Session, claim: KeyClaim) -> Principal:
    """The caller whose key `claim` is: 401 unless the key exists, matches, and neither it
    nor its account is revoked. Stamps the key's last use and the access log's account id."""
    key = session.connection().execute(_KEY, {"public_id": claim.public_id}).first()
    if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(claim.secret)):
        raise _refuse(http, "the API key is not valid")
    if key.revoked_at is not None or key.disabled_at is not None:
        raise _refuse(http, "the API key has been revoked")
    now = datetime.now(UTC)
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        _record_use(session, key.id, now)
    http.state.account_id = key.account_id
    principal = Principal(
        name=key.name,
        role=Role(key.role),
        account_id=key.account_id,
        api_key_id=key.id,
        umkm_id=key.umkm_id,
        office_id=key.office_id,
    )
    scope_session(session, principal)
    return principal


# The key is screened before the session opens, so a request without one takes no
# connection (nor, for a write, SQLite's write lock).
def authenticate(http: Request, claim: ScreenedKey, session: SessionDep) -> Principal:
    return verify(http, session, claim)


def _record_use(session: Session, key_id: int, now: datetime) -> None:
    """Stamp last_used_at. For a read, in a short transaction of its own, so that a match never
    turns into a write holding SQLite's write lock, and a busy database only costs the stamp."""
    stamp = update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now)
    bind = session.get_bind()
    # A write request already holds the write lock (and tests bind sessions to a connection):
    # stamp in the request's own transaction.
    if session.info.get(WRITE_OPTION) or not isinstance(bind, Engine):
        session.execute(stamp)
        return
    try:
        with bind.connect() as connection:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                connection.execute(stamp)
    except OperationalError as exc:
        logger.warning("could not record the use of API key %s: %s", key_id, exc)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require(*roles: Role) -> Any:
    """A dependency that admits only `roles`."""

    # async: a check this small runs on the event loop, saving a hop to the thread pool.
    async def check(principal: CurrentPrincipal) -> Principal:
        return ensure_role(principal, roles)

    return Depends(check)
