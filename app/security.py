"""API keys: bearer tokens, stored only as hashes; who the caller is and what it may do.

A token is ``td_<public_id>_<secret>``. ``public_id`` finds the key row; the secret (256 bits
from ``secrets``) is checked against its SHA-256 hash in constant time. A slow password hash
would add tens of milliseconds to every request for no gain: the secret is random, not a
password a person chose, so it cannot be guessed from a leaked hash.
"""

import hashlib
import hmac
import logging
import math
import secrets
import time
from collections.abc import Collection
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
from app.errors import AppError, Forbidden, NotFound
from app.models import Account, ApiKey
from app.schemas import AccountRole as Role

__all__ = [
    "KeyClaim",
    "Principal",
    "Role",
    "ScreenedKey",
    "authenticate",
    "check_umkm_access",
    "ensure_role",
    "require",
    "verify",
]

logger = logging.getLogger(__name__)
TOKEN_PREFIX = "td"
# Writing last_used_at on every request would turn reads into writes; a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request (or a command-line job)."""

    name: str
    role: Role | None  # None: the command line or the demo loader, outside the API
    account_id: int | None = None
    api_key_id: int | None = None
    umkm_id: int | None = None

    @property
    def label(self) -> str:
        if self.api_key_id is None:
            return self.name
        return f"{self.name} (key {self.api_key_id})"


SYSTEM = Principal(name="system", role=None)


class Unauthorized(AppError):
    status = 401
    slug = "unauthorized"
    title = "Unauthorized"


class TooManyFailures(AppError):
    """429; ``retry_after``: seconds until the address may fail again (Retry-After)."""

    status = 429
    slug = "too-many-failed-authentications"
    title = "Too many failed authentications"

    def __init__(self, detail: str, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> tuple[str, str, str]:
    """(token, public_id, secret_hash): the token is shown once and never stored."""
    public_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{TOKEN_PREFIX}_{public_id}_{secret}", public_id, hash_secret(secret)


_failures = MovingWindowRateLimiter(MemoryStorage())


def _failure_limit() -> RateLimitItemPerMinute:
    return RateLimitItemPerMinute(settings.auth_failures_per_minute)


def _client_address(request: Request) -> str:
    """The peer address. X-Forwarded-For is never read here: uvicorn replaces the peer with
    the forwarded client only when the peer is one of FORWARDED_ALLOW_IPS (`serve` passes
    the setting), so a client cannot choose the address its failures count against."""
    return request.client.host if request.client else "unknown"


def _refuse(request: Request, detail: str) -> Unauthorized | TooManyFailures:
    """Count a failed authentication against the client's address: 401, or 429 once the
    address has failed more than AUTH_FAILURES_PER_MINUTE times in the last minute. Only
    failing requests are refused: a valid key from the same address keeps working."""
    limit, address = _failure_limit(), _client_address(request)
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


def screen(request: Request, credentials: HTTPAuthorizationCredentials | None) -> KeyClaim:
    """The checks that need no database: a key, and its form."""
    if credentials is None:
        raise _refuse(request, "no API key: send 'Authorization: Bearer <key>'")
    parts = credentials.credentials.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise _refuse(request, "the API key is not of the form td_<id>_<secret>")
    return KeyClaim(public_id=parts[1], secret=parts[2])


# async: no I/O, so it runs on the event loop rather than in the thread pool.
async def screen_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> KeyClaim:
    return screen(request, credentials)


ScreenedKey = Annotated[KeyClaim, Depends(screen_key)]


def verify(request: Request, session: Session, claim: KeyClaim) -> Principal:
    """The caller whose key `claim` is: 401 unless the key exists, matches, and neither it
    nor its account is revoked. Stamps the key's last use and the access log's account id."""
    key = session.connection().execute(_KEY, {"public_id": claim.public_id}).first()
    if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(claim.secret)):
        raise _refuse(request, "the API key is not valid")
    if key.revoked_at is not None or key.disabled_at is not None:
        raise _refuse(request, "the API key has been revoked")
    now = datetime.now(UTC)
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        _record_use(session, key.id, now)
    request.state.account_id = key.account_id
    return Principal(
        name=key.name,
        role=Role(key.role),
        account_id=key.account_id,
        api_key_id=key.id,
        umkm_id=key.umkm_id,
    )


# The key is screened before the session opens, so a request without one takes no
# connection (nor, for a write, SQLite's write lock).
def authenticate(request: Request, claim: ScreenedKey, session: SessionDep) -> Principal:
    return verify(request, session, claim)


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


def ensure_role(principal: Principal, roles: Collection[Role]) -> Principal:
    """403 unless `principal` has one of `roles`."""
    if principal.role not in roles:
        raise Forbidden(
            f"the {principal.role} role may not do this; it needs "
            + " or ".join(role.value for role in roles)
        )
    return principal


def require(*roles: Role) -> Any:
    """A dependency that admits only `roles`."""

    # async: a check this small runs on the event loop, saving a hop to the thread pool.
    async def check(principal: CurrentPrincipal) -> Principal:
        return ensure_role(principal, roles)

    return Depends(check)


def check_umkm_access(
    principal: Principal, umkm_id: int, *, write: bool, hidden_as: AppError | None = None
) -> None:
    """Staff may touch any UMKM; an UMKM account only its own; clients only read.

    An UMKM account asking for another UMKM's records gets 404 (`hidden_as`), as if they did
    not exist: the existence of other businesses' records is not its business.
    """
    if principal.role is None or principal.role == Role.STAFF:
        return
    if principal.role == Role.UMKM:
        if principal.umkm_id != umkm_id:
            raise hidden_as or NotFound("UMKM", umkm_id)
        return
    if write:
        raise Forbidden("the client role reads; it may not write")


def sees_private_fields(principal: Principal, umkm_id: int) -> bool:
    """Contacts, NIB and capacity figures: staff and the UMKM itself."""
    return principal.role in (None, Role.STAFF) or principal.umkm_id == umkm_id
