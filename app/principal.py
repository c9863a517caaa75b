"""Who is calling and what a role may do: plain data and checks, no FastAPI, so services and
the command line can use them; and the form of an API key's token. ``app.security`` turns
a request's API key into a ``Principal``."""

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from app.errors import AppError, Forbidden, NotFound

__all__ = [
    "SYSTEM",
    "TOKEN_PREFIX",
    "AccountRole",
    "Principal",
    "Role",
    "check_umkm_access",
    "ensure_role",
    "hash_secret",
    "new_token",
    "sees_private_fields",
]

TOKEN_PREFIX = "td"
# The length of the columns that copy a principal's label (audit_event.actor, updated_by ...).
LABEL_MAX = 120


class AccountRole(StrEnum):
    STAFF = "staff"
    UMKM = "umkm"
    CLIENT = "client"
    ADMIN = "admin"  # creates offices; sees and may do what staff do, in every office


Role = AccountRole


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request (or a command-line job)."""

    name: str
    role: Role | None  # None: the command line or the demo loader, outside the API
    account_id: int | None = None
    api_key_id: int | None = None
    umkm_id: int | None = None
    # The office a staff (or admin) account belongs to: what it creates belongs to that office.
    office_id: int | None = None

    @property
    def office_scope(self) -> int | None:
        """The one office whose buyers, requests and UMKM this caller may read and write
        (None: every office, for admins, clients, UMKM accounts and the command line)."""
        return self.office_id if self.role == Role.STAFF else None

    @property
    def label(self) -> str:
        if self.api_key_id is None:
            return self.name[:LABEL_MAX]
        key = f" (key {self.api_key_id})"
        return self.name[: LABEL_MAX - len(key)] + key


SYSTEM = Principal(name="system", role=None)


def ensure_role(principal: Principal, roles: Collection[Role]) -> Principal:
    """403 unless `principal` has one of `roles` (an admin may do whatever staff may)."""
    if principal.role == Role.ADMIN and Role.STAFF in roles:
        return principal
    if principal.role not in roles:
        raise Forbidden(
            f"the {principal.role} role may not do this; it needs "
            + " or ".join(role.value for role in roles)
        )
    return principal


def check_umkm_access(
    principal: Principal, umkm_id: int, *, write: bool, hidden_as: AppError | None = None
) -> None:
    """Staff may touch any UMKM; an UMKM account only its own; clients only read.

    An UMKM account asking for another UMKM's records gets 404 (`hidden_as`), as if they did
    not exist: the existence of other businesses' records is not its business.
    """
    if principal.role in (None, Role.STAFF, Role.ADMIN):
        return  # staff of another office: their rows are out of the session (app.offices)
    if principal.role == Role.UMKM:
        if principal.umkm_id != umkm_id:
            raise hidden_as or NotFound("UMKM", umkm_id)
        return
    if write:
        raise Forbidden("the client role reads; it may not write")


def sees_private_fields(principal: Principal, umkm_id: int) -> bool:
    """Contacts, NIB and capacity figures: staff (of the UMKM's office: another office's UMKM
    never reach a staff session, see app.offices), admins and the UMKM itself."""
    return principal.role in (None, Role.STAFF, Role.ADMIN) or principal.umkm_id == umkm_id


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> tuple[str, str, str]:
    """(token, public_id, secret_hash): the token is shown once and never stored."""
    public_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{TOKEN_PREFIX}_{public_id}_{secret}", public_id, hash_secret(secret)
