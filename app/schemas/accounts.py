"""Accounts, their API keys, and the audit trail."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.principal import AccountRole
from app.schemas.base import ReadSchema, Schema
from app.schemas.types import AccountName, Id


class AccountCreate(Schema):
    name: AccountName
    role: AccountRole
    umkm_id: Id | None = Field(default=None, description="required for, and only for, umkm")
    office_id: Id | None = Field(
        default=None,
        description="the office of the account (admins only; staff create in their own office)",
    )
    key_name: AccountName = "default"


class AccountRead(ReadSchema):
    id: int
    name: str
    role: str
    umkm_id: int | None
    office_id: int | None
    disabled_at: datetime | None
    created_at: datetime


class ApiKeyCreate(Schema):
    name: AccountName


class ApiKeyRead(ReadSchema):
    id: int
    account_id: int
    name: str
    public_id: str
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    token: str = Field(description="the bearer token; shown this once and never again")


class AccountCreated(BaseModel):
    account: AccountRead
    key: ApiKeyCreated


class AuditEventRead(ReadSchema):
    id: int
    at: datetime
    actor: str
    account_id: int | None
    api_key_id: int | None
    office_id: int | None
    action: str
    resource: str
    resource_id: str
    changes: dict[str, Any]
