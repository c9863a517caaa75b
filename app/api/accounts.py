"""Accounts, API keys and the audit trail: staff only (and /me for everyone)."""

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AfterValidator

from app import schemas
from app.api.deps import PROBLEM_RESPONSES, IdPath, Limit, Offset
from app.db import SessionDep
from app.schemas.types import no_control_text
from app.security import CurrentPrincipal, Role, require
from app.services import accounts as service
from app.services import audit

router = APIRouter(responses=PROBLEM_RESPONSES)
STAFF = require(Role.STAFF)


@router.get("/me", tags=["accounts"], summary="Who the key belongs to")
def me(principal: CurrentPrincipal) -> dict[str, object]:
    return {
        "account_id": principal.account_id,
        "name": principal.name,
        "role": principal.role,
        "umkm_id": principal.umkm_id,
        "office_id": principal.office_id,
        "api_key_id": principal.api_key_id,
    }


@router.post(
    "/accounts",
    tags=["accounts"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.AccountCreated,
    dependencies=[STAFF],
    summary="Create an account with its first key (the token is shown once)",
)
def create_account(
    session: SessionDep, principal: CurrentPrincipal, body: schemas.AccountCreate
) -> object:
    return service.new_account(session=session, data=body, principal=principal)


@router.get(
    "/accounts",
    tags=["accounts"],
    response_model=schemas.Page[schemas.AccountRead],
    dependencies=[STAFF],
)
def list_accounts(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    role: schemas.AccountRole | None = None,
) -> object:
    return service.list_accounts(session=session, limit=limit, offset=offset, role=role)


@router.post(
    "/accounts/{account_id}/disable",
    tags=["accounts"],
    response_model=schemas.AccountRead,
    dependencies=[STAFF],
    summary="Disable an account: all its keys stop working",
)
def disable_account(session: SessionDep, principal: CurrentPrincipal, account_id: IdPath) -> object:
    return service.disable_account(session=session, account_id=account_id, principal=principal)


@router.post(
    "/accounts/{account_id}/keys",
    tags=["accounts"],
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.ApiKeyCreated,
    dependencies=[STAFF],
    summary="A further key for an account (shown once)",
)
def create_key(
    session: SessionDep, principal: CurrentPrincipal, account_id: IdPath, body: schemas.ApiKeyCreate
) -> object:
    return service.new_key(
        session=session, account_id=account_id, name=body.name, principal=principal
    )


@router.get(
    "/accounts/{account_id}/keys",
    tags=["accounts"],
    response_model=schemas.Page[schemas.ApiKeyRead],
    dependencies=[STAFF],
)
def list_keys(session: SessionDep, account_id: IdPath) -> object:
    return service.list_keys(session=session, account_id=account_id)


@router.post(
    "/keys/{key_id}/revoke",
    tags=["accounts"],
    response_model=schemas.ApiKeyRead,
    dependencies=[STAFF],
)
def revoke_key(session: SessionDep, principal: CurrentPrincipal, key_id: IdPath) -> object:
    return service.revoke_key(session=session, key_id=key_id, principal=principal)


@router.get(
    "/audit",
    tags=["audit"],
    response_model=schemas.Page[schemas.AuditEventRead],
    dependencies=[STAFF],
    summary="Every write: who, what, before/after, when",
)
def list_audit(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
    resource: Annotated[
        str | None,
        Query(max_length=40, description="e.g. umkm, product, capacity"),
        AfterValidator(no_control_text),
    ] = None,
    id: Annotated[
        str | None,
        Query(max_length=40, description="the resource's id"),
        AfterValidator(no_control_text),
    ] = None,
    account_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> object:
    return audit.list_events(
        session=session,
        limit=limit,
        offset=offset,
        resource=resource,
        resource_id=id,
        account_id=account_id,
    )
