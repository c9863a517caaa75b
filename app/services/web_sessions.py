"""Console sign-in: passwords (argon2id), web sessions, and who a session's browser is.

A web session is a random token in an HttpOnly cookie; the database keeps only its SHA-256
hash (as for API keys, the token is random, not chosen by a person, so a fast hash is
enough). A session ends at ``expires_at`` (``WEB_SESSION_ABSOLUTE_SECONDS`` after sign-in),
after ``WEB_SESSION_IDLE_SECONDS`` without a page view, on sign-out, when its account is
disabled, or when the account's password changes.

Passwords are what people choose, so they are hashed with argon2id (``argon2-cffi``'s
defaults, RFC 9106's second recommended parameter set).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Update, delete, func, or_, select, update
from sqlalchemy.orm import Session

from app.config import settings
from app.errors import Unprocessable
from app.models import Account, WebSession
from app.principal import Principal, Role, hash_secret
from app.services import audit
from app.services.common import get_or_404

__all__ = [
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "SignInRefused",
    "SignedIn",
    "csrf_token_for",
    "end_session",
    "find_session",
    "principal_of",
    "set_password",
    "sign_in",
]

# A six-digit PIN is the shortest secret an owner may choose (the sign-in limit guards it).
PASSWORD_MIN = 6
PASSWORD_MAX = 256
# Writing last_seen_at on every page view would turn reads into writes; this is precise enough.
LAST_SEEN_RESOLUTION = timedelta(seconds=30)

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked when no account matches, so a wrong name costs as long as a wrong password
    (made at the first sign-in, not when the app starts)."""
    return _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class SignInRefused(Exception):
    """Why a sign-in failed: ``reason`` is ``"credentials"`` (unknown name or wrong password,
    never told apart), ``"client"`` (a client account: API keys only) or ``"ambiguous"`` (the
    password opens several accounts of that name: sign in with the e-mail)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SignedIn:
    token: str  # goes into the cookie; never stored
    account: Account


def _now() -> datetime:
    return datetime.now(UTC)


def normalise_email(email: str | None) -> str | None:
    return email.strip().lower() or None if email else None


def set_password(
    *,
    session: Session,
    account_id: int,
    password: str,
    principal: Principal,
    email: str | None = None,
) -> Account:
    """Give an account a console password (and optionally an e-mail to sign in with). Every
    web session of the account ends: whoever knew the old password is signed out."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise Unprocessable("password", f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long")
    account = get_or_404(session, Account, account_id, "account")
    if account.role == Role.CLIENT:
        raise Unprocessable("account", "client accounts use API keys; they cannot sign in")
    changes: dict[str, tuple[object, object]] = {"password": ("…", "(changed)")}
    if email is not None:
        address = normalise_email(email)
        taken = session.scalar(
            select(Account.id).where(Account.email == address, Account.id != account.id)
        )
        if taken is not None:
            raise Unprocessable("email", "another account already signs in with this e-mail")
        changes["email"] = (account.email, address)
        account.email = address
    account.password_hash = hash_password(password)
    account.password_changed_at = _now()
    session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="set-password",
        resource="account",
        resource_id=account.id,
        changes=changes,
        office_id=account.office_id,
    )
    return account


def _candidates(session: Session, login: str) -> list[Account]:
    """Active accounts with a password whose e-mail or name (case-insensitively) is `login`."""
    login = login.strip()
    if not login:
        return []
    return list(
        session.scalars(
            select(Account)
            .where(
                or_(Account.email == login.lower(), func.lower(Account.name) == login.lower()),
                Account.password_hash.is_not(None),
                Account.disabled_at.is_(None),
            )
            .order_by(Account.id)
            .limit(5)
            # before sign-in nobody's office applies (a session reused after a scoped
            # request would otherwise hide other offices' accounts)
            .execution_options(all_offices=True)
        )
    )


def sign_in(*, session: Session, login: str, password: str) -> SignedIn:
    """Check name-or-e-mail and password and open a web session; SignInRefused otherwise.
    Names are not unique: each active account of that name is tried (at most five). When the
    password opens more than one of them (two owners of one name with one PIN), nobody is
    signed in as a guess: the refusal asks for the e-mail (reason ``ambiguous``)."""
    candidates = _candidates(session, login)
    matching = []
    for candidate in candidates:
        assert candidate.password_hash is not None
        if password_matches(candidate.password_hash, password):
            matching.append(candidate)
    if not candidates:
        password_matches(_dummy_hash(), password)
    if not matching:
        raise SignInRefused("credentials")
    if len(matching) > 1:
        raise SignInRefused("ambiguous")
    account = matching[0]
    if account.role == Role.CLIENT:
        raise SignInRefused("client")
    return open_session(session=session, account=account)


def open_session(*, session: Session, account: Account) -> SignedIn:
    """A new web session for `account`, whose owner has just proved who they are another
    way (a one-use sign-in link, app.services.sign_in_links): the same session `sign_in`
    opens."""
    now = _now()
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            account_id=account.id,
            token_hash=hash_secret(token),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.web_session_absolute_seconds),
            last_seen_at=now,
        )
    )
    # Expired sessions of this account are deleted as it signs in (no cleaner job needed).
    session.execute(
        delete(WebSession).where(WebSession.account_id == account.id, WebSession.expires_at < now)
    )
    session.flush()
    return SignedIn(token=token, account=account)


@dataclass(frozen=True, slots=True)
class FoundSession:
    session_id: int
    account: Account
    last_seen_at: datetime


def find_session(session: Session, token: str) -> FoundSession | None:
    """The live session of cookie `token` and its account; None when unknown, expired (idle
    or absolute), or its account is disabled or a client."""
    now = _now()
    row = session.execute(
        select(WebSession, Account)
        .join(Account, Account.id == WebSession.account_id)
        .where(WebSession.token_hash == hash_secret(token))
        .execution_options(all_offices=True)
    ).first()
    if row is None:
        return None
    web_session, account = row
    idle = timedelta(seconds=settings.web_session_idle_seconds)
    if (
        web_session.expires_at <= now
        or now - web_session.last_seen_at > idle
        or account.disabled_at is not None
        or account.role == Role.CLIENT
        or account.password_hash is None
    ):
        return None
    return FoundSession(web_session.id, account, web_session.last_seen_at)


def needs_touch(found: FoundSession) -> bool:
    """Whether last_seen_at is worth writing now (see LAST_SEEN_RESOLUTION)."""
    resolution = min(LAST_SEEN_RESOLUTION, timedelta(seconds=settings.web_session_idle_seconds / 4))
    return _now() - found.last_seen_at > resolution


def touch_statement(session_id: int) -> Update:
    return update(WebSession).where(WebSession.id == session_id).values(last_seen_at=_now())


def end_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == hash_secret(token)))


def principal_of(account: Account) -> Principal:
    """The Principal a signed-in account acts as: the same roles and office as its API keys."""
    return Principal(
        name=account.name,
        role=Role(account.role),
        account_id=account.id,
        umkm_id=account.umkm_id,
        office_id=account.office_id,
    )


def csrf_token_for(session_token: str) -> str:
    """The CSRF token of a web session: derived from its token, so nothing more is stored,
    and useless without the (HttpOnly) cookie it belongs to."""
    return hmac.new(session_token.encode(), b"temu-dagang csrf", hashlib.sha256).hexdigest()
