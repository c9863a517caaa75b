"""Accounts and their API keys."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.errors import Conflict, NotFound, Unprocessable
from app.models import Account, ApiKey, Umkm
from app.principal import Principal, Role, new_token
from app.services import audit
from app.services.common import get_or_404, page
from app.services.offices import account_office


def create_account(
    *, session: Session, data: schemas.AccountCreate, principal: Principal
) -> tuple[Account, ApiKey, str]:
    """A new account with its first key; the token is returned once and never stored."""
    if data.role == Role.UMKM:
        if data.umkm_id is None:
            raise Unprocessable("umkm_id", "an umkm account must name the UMKM it belongs to")
        if session.get(Umkm, data.umkm_id) is None:
            raise NotFound("UMKM", data.umkm_id)
    elif data.umkm_id is not None:
        raise Unprocessable("umkm_id", f"only umkm accounts belong to an UMKM, not {data.role}")
    if data.role == Role.UMKM:
        office_id: int | None = session.get_one(Umkm, data.umkm_id).office_id
    else:
        office_id = account_office(session, principal, data.role, data.office_id)
    account = Account(
        name=data.name, role=data.role.value, umkm_id=data.umkm_id, office_id=office_id
    )
    session.add(account)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="account",
        resource_id=account.id,
        changes=audit.created(account, ("name", "role", "umkm_id", "office_id")),
        office_id=account.office_id,
    )
    key, token = create_key(
        session=session, account_id=account.id, name=data.key_name, principal=principal
    )
    return account, key, token


def create_key(
    *, session: Session, account_id: int, name: str, principal: Principal
) -> tuple[ApiKey, str]:
    account = get_or_404(session, Account, account_id, "account")
    if account.disabled_at is not None:
        raise Conflict(f"account {account_id} is disabled; it cannot get new keys")
    token, public_id, secret_hash = new_token()
    key = ApiKey(
        account_id=account.id,
        public_id=public_id,
        secret_hash=secret_hash,
        name=name,
        created_by=principal.label,
    )
    session.add(key)
    session.flush()
    audit.record(
        session,
        principal=principal,
        action="create",
        resource="api_key",
        resource_id=key.id,
        changes=audit.created(key, ("account_id", "name")),
    )
    return key, token


def revoke_key(*, session: Session, key_id: int, principal: Principal) -> ApiKey:
    key = get_or_404(session, ApiKey, key_id, "API key")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        audit.record(
            session,
            principal=principal,
            action="update",
            resource="api_key",
            resource_id=key.id,
            changes={"revoked_at": (None, key.revoked_at)},
        )
        session.flush()
    return key


def disable_account(*, session: Session, account_id: int, principal: Principal) -> Account:
    """Revoke an account: every key of it stops working at once."""
    account = get_or_404(session, Account, account_id, "account")
    if account.disabled_at is None:
        account.disabled_at = datetime.now(UTC)
        audit.record(
            session,
            principal=principal,
            action="update",
            resource="account",
            resource_id=account.id,
            changes={"disabled_at": (None, account.disabled_at)},
        )
        session.flush()
    return account


def list_accounts(
    *, session: Session, limit: int, offset: int, role: str | None = None
) -> schemas.Page[schemas.AccountRead]:
    statement = select(Account).order_by(Account.id)
    if role:
        statement = statement.where(Account.role == role)
    return page(session, statement, schemas.AccountRead, limit=limit, offset=offset)


def list_keys(*, session: Session, account_id: int) -> schemas.Page[schemas.ApiKeyRead]:
    """Every key of the account (revoked ones too), oldest first, in one page."""
    get_or_404(session, Account, account_id, "account")
    keys = session.scalars(
        select(ApiKey).where(ApiKey.account_id == account_id).order_by(ApiKey.id)
    ).all()
    return schemas.Page[schemas.ApiKeyRead].of(keys)


def created_key(key: ApiKey, token: str) -> schemas.ApiKeyCreated:
    """The new key as its creator sees it: the one time the token is shown."""
    return schemas.ApiKeyCreated.model_validate(
        {**schemas.ApiKeyRead.model_validate(key).model_dump(), "token": token}
    )


def new_account(
    *, session: Session, data: schemas.AccountCreate, principal: Principal
) -> schemas.AccountCreated:
    """`create_account`, answered with the account and its first key, token included."""
    account, key, token = create_account(session=session, data=data, principal=principal)
    return schemas.AccountCreated(
        account=schemas.AccountRead.model_validate(account), key=created_key(key, token)
    )


def new_key(
    *, session: Session, account_id: int, name: str, principal: Principal
) -> schemas.ApiKeyCreated:
    """`create_key`, answered with the key, token included."""
    key, token = create_key(session=session, account_id=account_id, name=name, principal=principal)
    return created_key(key, token)
