"""Matches, tried demands and opportunities."""

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.buyers import DemandFields


class MatchDemand(DemandFields):
    """A demand to try without storing it (the body of POST /matches)."""


class DemandRead(BaseModel):
    request_id: int | None
    product: str
    hs_code: str | None
    quota_kg: float
    start_month: str
    end_month: str
    months: int
    required_certifications: list[str]


class MatchComponentsRead(BaseModel):
    """Each 0..1. months_since_update: calendar months since capacity was last written."""

    product_fit: float
    capacity_coverage: float
    continuity: float
    certification_fit: float
    freshness: float
    months_since_update: int | None


class MonthSupplyRead(BaseModel):
    month: str
    capacity_kg: float | None
    estimated: bool
    estimate_rule: str | None
    shortfall_kg: float | None


class MatchFlagRead(BaseModel):
    """A gap: its code, the numbers behind it (further fields), and one line each in
    Indonesian and English."""

    model_config = ConfigDict(extra="allow")

    code: str
    message_id: str
    message_en: str


class MatchRead(BaseModel):
    rank: int
    umkm_id: int
    umkm_name: str
    province_code: str
    regency_code: str
    product_id: int
    product_name: str
    score: float = Field(description="0..100")
    components: MatchComponentsRead
    months: list[MonthSupplyRead]
    flags: list[MatchFlagRead]


class MatchList(BaseModel):
    request: DemandRead
    items: list[MatchRead]
    total: int


class OpportunityRead(BaseModel):
    """An open buyer request ranked for one UMKM, with what it would have to fix."""

    rank: int
    request_id: int
    request_product: str
    destination_country: str
    quota_kg: float
    start_month: str
    end_month: str
    months: int
    required_certifications: list[str]
    product_id: int
    product_name: str
    score: float
    qualifies: bool = Field(description="no capacity, continuity or certificate gap")
    components: MatchComponentsRead
    to_fix: list[MatchFlagRead] = Field(description="the gaps that stand between it and the deal")
    flags: list[MatchFlagRead]


class OpportunityList(BaseModel):
    umkm_id: int
    items: list[OpportunityRead]
    total: int
