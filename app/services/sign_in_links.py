"""Sign-in links: how an UMKM owner gets into the pages the first time (and after a lost PIN).

Staff give an owner's account a link (``/owner/link/<token>``, sent over WhatsApp). It is
valid for ``LINK_VALID_FOR`` (7 days) and for one use: opening it shows a form; setting a PIN
or password there spends it, and from then on the owner signs in with the account's name (or
e-mail) and that secret. Opening the link does not spend it — WhatsApp and other chat apps
fetch a link to draw its preview, and that fetch must not use the owner's one chance.

A new link for an account revokes the account's earlier links that are still open, so at
most one works at a time. Only a SHA-256 hash of the token is stored (a random token, like a
session's: a fast hash is enough).
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound, Unprocessable
from app.models import Account, ApiKey, SignInLink, Umkm
from app.principal import Principal, Role, hash_secret
from app.services import audit, web_sessions
from app.services.common import get_or_404

__all__ = [
    "LINK_VALID_FOR",
    "AccountOverview",
    "LinkRefused",
    "LinkState",
    "NewLink",
    "accounts_overview",
    "check_link",
    "create_link",
    "links_of",
    "revoke_link",
    "use_link",
]

LINK_VALID_FOR = timedelta(days=7)
# Tokens are "td_link_" and URL-safe base64 of 32 random bytes (51 characters); longer
# input is not a link. The prefix gives them the shape of an API key (td_<id>_<secret>), so
# the access log and every log handler redact them like one (app.observability.redact):
# the token is in the link's path, and a log must not hold a working credential.
LINK_TOKEN_PREFIX = "td_link_"
TOKEN_MAX = 100


class LinkState(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"  # no such link (or its account is gone or disabled)


class LinkRefused(Exception):
    """The link cannot be used: ``state`` says why (used, expired, revoked, unknown)."""

    def __init__(self, state: LinkState) -> None:
        super().__init__(state.value)
        self.state = state


@dataclass(frozen=True, slots=True)
class NewLink:
    link: SignInLink
    account: Account
    token: str  # goes into the URL; shown once, never stored


def _now() -> datetime:
    return datetime.now(UTC)


def state_of(link: SignInLink, now: datetime | None = None) -> LinkState:
    """Whether `link` can still be used; a revoked or used link says so even once expired."""
    if link.revoked_at is not None:
        return LinkState.REVOKED
    if link.used_at is not None:
        return LinkState.USED
    if link.expires_at <= (now or _now()):
        return LinkState.EXPIRED
    return LinkState.OPEN


def create_link(*, session: Session, account_id: int, principal: Principal) -> NewLink:
    """A new sign-in link for an UMKM owner's account (404 when the caller's session does not
    see the account: another office's); the account's other open links are revoked."""
    account = get_or_404(session, Account, account_id, "account")
    if account.role != Role.UMKM:
        raise Unprocessable("account", "sign-in links are for UMKM owner accounts")
    if account.disabled_at is not None:
        raise Conflict(f"account {account_id} is disabled; it cannot get a sign-in link")
    now = _now()
    session.execute(
        update(SignInLink)
        .where(
            SignInLink.account_id == account.id,
            SignInLink.used_at.is_(None),
            SignInLink.revoked_at.is_(None),
            SignInLink.expires_at > now,
        )
        .values(revoked_at=now)
    )
    token = LINK_TOKEN_PREFIX + secrets.token_urlsafe(32)
    link = SignInLink(
        account_id=account.id,
        token_hash=hash_secret(token),
        created_at=now,
        created_by=principal.label,
        expires_at=now + LINK_VALID_FOR,
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="sign_in_link",
        resource_id=link.id,
        changes={"account_id": (None, account.id), "expires_at": (None, link.expires_at)},
        office_id=account.office_id,
    )
    return NewLink(link=link, account=account, token=token)


def _find(session: Session, token: str) -> tuple[SignInLink, Account] | None:
    if not token or len(token) > TOKEN_MAX:
        return None
    row = session.execute(
        select(SignInLink, Account)
        .join(Account, Account.id == SignInLink.account_id)
        .where(SignInLink.token_hash == hash_secret(token))
    ).first()
    if row is None:
        return None
    link, account = row
    if account.disabled_at is not None or account.role != Role.UMKM:
        return None
    return link, account


def check_link(*, session: Session, token: str) -> Account:
    """The account an open link belongs to; LinkRefused saying why it cannot be used."""
    found = _find(session, token)
    if found is None:
        raise LinkRefused(LinkState.UNKNOWN)
    link, account = found
    if (state := state_of(link)) != LinkState.OPEN:
        raise LinkRefused(state)
    return account


def use_link(*, session: Session, token: str, password: str) -> web_sessions.SignedIn:
    """Spend the link: set the account's PIN or password (argon2id, `web_sessions`), and
    open a web session for it. The link row is locked so two tabs cannot both use it."""
    found = _find(session, token)
    if found is None:
        raise LinkRefused(LinkState.UNKNOWN)
    link, account = found
    link = session.scalars(
        select(SignInLink)
        .where(SignInLink.id == link.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if (state := state_of(link)) != LinkState.OPEN:
        raise LinkRefused(state)
    owner = web_sessions.principal_of(account)
    web_sessions.set_password(
        session=session, account_id=account.id, password=password, principal=owner
    )
    link.used_at = _now()
    session.flush()
    audit.record(
        session,
        principal=owner,
        action="update",
        resource="sign_in_link",
        resource_id=link.id,
        changes={"used_at": (None, link.used_at)},
        office_id=account.office_id,
    )
    return web_sessions.open_session(session=session, account=account)


def revoke_link(*, session: Session, link_id: int, principal: Principal) -> SignInLink:
    """Withdraw a link (idempotent); 404 for a link of an account the caller does not see."""
    link = session.get(SignInLink, link_id)
    if link is None or session.get(Account, link.account_id) is None:
        raise NotFound("sign-in link", link_id)
    if link.revoked_at is None and link.used_at is None:
        link.revoked_at = _now()
        session.flush()
        audit.record(
            session,
            principal=principal,
            action="update",
            resource="sign_in_link",
            resource_id=link.id,
            changes={"revoked_at": (None, link.revoked_at)},
        )
    return link


def links_of(*, session: Session, account_ids: list[int]) -> dict[int, list[SignInLink]]:
    """The links of each account, newest first (accounts the caller sees: pass their ids)."""
    found: dict[int, list[SignInLink]] = {account_id: [] for account_id in account_ids}
    if not account_ids:
        return found
    for link in session.scalars(
        select(SignInLink)
        .where(SignInLink.account_id.in_(account_ids))
        .order_by(SignInLink.id.desc())
    ):
        found[link.account_id].append(link)
    return found


@dataclass(frozen=True, slots=True)
class AccountOverview:
    """An account as the staff accounts page lists it."""

    account: Account
    umkm_name: str | None
    keys: list[ApiKey]
    links: list[SignInLink]

    @property
    def signs_in(self) -> bool:
        """Whether the account has a password or PIN for the pages."""
        return self.account.password_hash is not None


# The accounts page lists at most this many (newest first); an office has far fewer.
ACCOUNTS_LISTED = 500


def accounts_overview(*, session: Session) -> list[AccountOverview]:
    """The accounts the caller's session sees (staff: their office's, app.offices), newest
    first, each with its UMKM's name, its API keys and its sign-in links."""
    accounts = list(
        session.scalars(select(Account).order_by(Account.id.desc()).limit(ACCOUNTS_LISTED))
    )
    ids = [account.id for account in accounts]
    keys: dict[int, list[ApiKey]] = {account_id: [] for account_id in ids}
    if ids:
        for key in session.scalars(
            select(ApiKey).where(ApiKey.account_id.in_(ids)).order_by(ApiKey.id)
        ):
            keys[key.account_id].append(key)
    umkm_ids = {account.umkm_id for account in accounts if account.umkm_id is not None}
    names: dict[int, str] = {}
    if umkm_ids:
        for umkm_id, name in session.execute(
            select(Umkm.id, Umkm.name).where(Umkm.id.in_(umkm_ids))
        ):
            names[umkm_id] = name
    links = links_of(session=session, account_ids=ids)
    return [
        AccountOverview(
            account=account,
            umkm_name=names.get(account.umkm_id) if account.umkm_id else None,
            keys=keys[account.id],
            links=links[account.id],
        )
        for account in accounts
    ]
