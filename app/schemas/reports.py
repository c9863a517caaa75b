"""Export readiness of one UMKM and the supply-gap report."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PlanItem(BaseModel):
    rank: int
    action: str = Field(description="obtain | renew | raise_capacity | update_capacity")
    subject: str
    requests_helped: list[int]
    requests_unlocked: list[int] = Field(description="requests this change alone would open")
    demand_helped_kg_per_month: float
    demand_unlocked_kg_per_month: float
    details: dict[str, Any] | None = None
    message_id: str
    message_en: str


class ReadinessRead(BaseModel):
    umkm_id: int
    as_of: date
    overall: float = Field(description="0..100, weighted mean of the dimensions")
    grade: str
    grade_meaning_id: str
    grade_meaning_en: str
    dimensions: dict[str, dict[str, Any]] = Field(
        description="kualitas, kuantitas, kontinuitas, legalitas, kesegaran_data, "
        "pengalaman_ekspor: each a 0..100 `score` with the figures behind it"
    )
    weights: dict[str, float]
    open_requests_considered: int
    development_plan: list[PlanItem]


class SupplyGapMonth(BaseModel):
    month: str
    demand_kg: float
    capacity_kg: float
    shortfall_kg: float
    requests: int
    umkm: int


class SupplyGapGroup(BaseModel):
    group: str
    label: str
    requests: int
    umkm: int
    demand_kg: float
    capacity_kg: float
    shortfall_kg: float
    months_short: int
    months: list[SupplyGapMonth]


class SupplyGapReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    group_by: str
    from_month: str = Field(alias="from")
    to_month: str = Field(alias="to")
    groups: list[SupplyGapGroup]
