"""Certificates of an UMKM or of one of its products."""

from datetime import date, datetime

from pydantic import Field, model_validator

from app.schemas.base import ReadSchema, Schema, UpdateSchema
from app.schemas.types import (
    CertificateNumber,
    CertificationType,
    ExpiryDay,
    Id,
    IssueDay,
    ShortText,
)


class CertificateCreate(Schema):
    type: CertificationType
    number: CertificateNumber | None = None
    issuer: ShortText | None = None
    issued_on: IssueDay | None = None
    expires_on: ExpiryDay | None = None
    product_id: Id | None = Field(
        default=None, description="the product it covers; null covers the whole UMKM"
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> "CertificateCreate":
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValueError("expires_on is before issued_on")
        return self


class CertificateUpdate(UpdateSchema):
    not_nullable = ("type",)

    type: CertificationType | None = None
    number: CertificateNumber | None = None
    issuer: ShortText | None = None
    issued_on: IssueDay | None = None
    expires_on: ExpiryDay | None = None


class CertificateRead(ReadSchema):
    id: int
    umkm_id: int
    product_id: int | None
    type: str
    number: str | None
    issuer: str | None
    issued_on: date | None
    expires_on: date | None
    expired: bool
    created_at: datetime
    updated_at: datetime
