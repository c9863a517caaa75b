"""UMKM profiles: the full view (staff and the UMKM itself) and the public one."""

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, StrictBool, StringConstraints, model_validator

from app import reference
from app.schemas.base import ReadSchema, Schema, UpdateSchema
from app.schemas.types import LongText, Name, Nib, Phone, ProvinceCode, RegencyCode, ShortText

RegisterCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class UmkmCreate(Schema):
    name: Name
    nib: Nib | None = None
    owner_name: ShortText | None = None
    phone: Phone | None = None
    email: EmailStr | None = None
    regency_code: RegencyCode
    province_code: ProvinceCode | None = Field(
        default=None, description="optional; must agree with regency_code, which implies it"
    )
    address: LongText | None = None
    koperasi: ShortText | None = Field(default=None, description="cooperative it belongs to")
    has_exported: StrictBool = False
    register_code: RegisterCode | None = Field(
        default=None, description="the office's own number for the UMKM in its register"
    )

    @model_validator(mode="after")
    def _province_agrees(self) -> "UmkmCreate":
        implied = reference.regencies()[self.regency_code].province_code
        if self.province_code is not None and self.province_code != implied:
            raise ValueError(
                f"province_code {self.province_code} does not contain regency {self.regency_code}"
            )
        return self


class UmkmUpdate(UpdateSchema):
    not_nullable = ("name", "regency_code", "has_exported")

    name: Name | None = None
    nib: Nib | None = None
    owner_name: ShortText | None = None
    phone: Phone | None = None
    email: EmailStr | None = None
    regency_code: RegencyCode | None = None
    address: LongText | None = None
    koperasi: ShortText | None = None
    has_exported: StrictBool | None = None
    register_code: RegisterCode | None = None


class UmkmRead(ReadSchema):
    id: int
    name: str
    nib: str | None
    owner_name: str | None
    phone: str | None
    email: str | None
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    address: str | None
    koperasi: str | None
    has_exported: bool
    office_id: int
    register_code: str | None
    created_at: datetime
    updated_at: datetime


class UmkmPublicRead(ReadSchema):
    """What any client may see of an UMKM: no contacts, no NIB."""

    id: int
    name: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    koperasi: str | None
    has_exported: bool
