"""Offices (dinas) and the region look-up."""

from datetime import datetime
from typing import Self

from pydantic import model_validator

from app import reference
from app.schemas.base import ReadSchema, Schema, UpdateSchema
from app.schemas.types import Name, ProvinceCode, RegencyCode


def _regency_in_province(province_code: str | None, regency_code: str | None) -> None:
    if province_code is None or regency_code is None:
        return
    if reference.regencies()[regency_code].province_code != province_code:
        raise ValueError(f"regency_code {regency_code} is not in province {province_code}")


class OfficeCreate(Schema):
    name: Name
    province_code: ProvinceCode
    regency_code: RegencyCode | None = None

    @model_validator(mode="after")
    def _regency_agrees(self) -> Self:
        _regency_in_province(self.province_code, self.regency_code)
        return self


class OfficeUpdate(UpdateSchema):
    not_nullable = ("name", "province_code")

    name: Name | None = None
    province_code: ProvinceCode | None = None
    regency_code: RegencyCode | None = None


class OfficeRead(ReadSchema):
    id: int
    name: str
    province_code: str | None
    regency_code: str | None
    created_at: datetime
    updated_at: datetime


class RegionRead(ReadSchema):
    code: str
    name: str
    kind: str  # "province" | "regency"
    province_code: str
    province_name: str
