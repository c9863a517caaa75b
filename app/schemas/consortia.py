"""Consortia: groups of UMKM that together meet a request's quota."""

from typing import Any

from pydantic import BaseModel, Field


class ConsortiumAllocation(BaseModel):
    """Figures in kg are null for a client key, which sees no capacity figures."""

    month: str
    allocation_kg: float | None = Field(
        description="asked of this member; never above its capacity"
    )
    capacity_kg: float | None
    estimated: bool


class ConsortiumMemberRead(BaseModel):
    umkm_id: int
    umkm_name: str
    product_id: int
    product_name: str
    province_code: str
    score: float
    load: float | None = Field(
        description="largest share of its capacity it is asked for (0..1); null for clients"
    )
    allocation: list[ConsortiumAllocation]
    missing_certifications: list[str]
    expiring_certifications: list[dict[str, Any]]


class ConsortiumMonth(BaseModel):
    """total_kg and shortfall_kg are null for a client key."""

    month: str
    quota_kg: float
    total_kg: float | None
    shortfall_kg: float | None


class ConsortiumRead(BaseModel):
    rank: int
    meets_quota: bool
    optimal: bool = Field(description="false when the solver's time limit cut the search")
    members: list[ConsortiumMemberRead]
    months: list[ConsortiumMonth]
    shortfall_kg: float | None = Field(description="null for a client key")
    months_short: int


class ConsortiumList(BaseModel):
    request_id: int
    quota_kg: float
    months: list[str]
    candidates: int
    single_suppliers: list[int] = Field(description="products that meet the quota alone")
    note: str
    items: list[ConsortiumRead]
