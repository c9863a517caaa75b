"""Consortia: groups of UMKM that together meet a request's quota."""

from typing import Any

from pydantic import BaseModel, Field


class ConsortiumAllocation(BaseModel):
    """Figures in kg are null for a client key, which sees no capacity figures."""

    month: str
    allocation_kg: float | None = Field(
        description="whole kilograms asked of this member; never above its capacity"
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
    holds_certificates: bool = Field(
        description="holds every certificate the buyer requires through the whole window"
    )
    state_status: str = Field(
        description="the product against the state, grade or material asked for: "
        "not_asked | agrees | unconfirmed (its name does not say)"
    )
    all_estimated: bool = Field(description="no capacity figure of the window was reported")
    stale: bool = Field(description="capacity not updated within the stale limit")
    notes_id: list[str] = Field(description="what to check about this member, in Indonesian")
    notes_en: list[str] = Field(description="the same, in English")


class ConsortiumMonth(BaseModel):
    """total_kg and shortfall_kg are null for a client key."""

    month: str
    quota_kg: float
    total_kg: float | None
    shortfall_kg: float | None


class ConsortiumRead(BaseModel):
    rank: int
    meets_quota: bool
    keeps_buyer_rules: bool = Field(
        description="every member holds the required certificates through the window and "
        "names the state asked for; groups that do not are ranked after every group that does"
    )
    needs_certifications: list[str] = Field(
        description="required certificates some member lacks (or loses within the window)"
    )
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
    note: str = Field(description="the English note (note_en)")
    note_id: str
    note_en: str
    items: list[ConsortiumRead]
