"""Matches, tried demands and opportunities."""

from typing import Literal

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
    months_meeting_quota: int | None = Field(
        default=None,
        description="window months whose capacity (estimates included) meets the quota, "
        "compared in whole grams; null when the quota or the capacity has no kg figure",
    )


class MonthSupplyRead(BaseModel):
    month: str
    capacity_kg: float | None = Field(
        description="kg available that month: reported or estimated, minus what agreed and "
        "delivering deals committed (never below 0); null when it has no kg figure or for a "
        "client key"
    )
    estimated: bool
    estimate_rule: str | None
    shortfall_kg: float | None
    committed_kg: float | None = Field(
        description="kg already committed to agreed or delivering deals that month (0 when "
        "none; the COMMITTED_CAPACITY flag gives capacity, committed and available); null "
        "for a client key"
    )


class MatchFlagRead(BaseModel):
    """A gap: its code, the numbers behind it (further fields), and one line each in
    Indonesian and English."""

    model_config = ConfigDict(extra="allow")

    code: str
    message_id: str
    message_en: str


class StateRead(BaseModel):
    """A state, process, grade or material value the request asks for, and the product's."""

    dimension: str = Field(
        description="state, fermentation, grade, roast, grind, shell, material or textile"
    )
    requested_id: str = Field(description='the value asked for, in Indonesian ("kering")')
    requested_en: str = Field(description='the value asked for, in English ("dried")')
    status: Literal["agrees", "contradicts", "unconfirmed"]
    product_id: str = Field(description="the product's values in Indonesian; empty if none")
    product_en: str = Field(description="the product's values in English; empty if none")
    from_hs: bool = Field(description="the product's values come from its HS code")


class FitExplanation(BaseModel):
    """Why the product fits, and how many months meet the quota, in both languages."""

    fit_reason_id: str = Field(description='e.g. "beda olahan: nanas segar, diminta nanas kering"')
    fit_reason_en: str = Field(
        description='e.g. "different process: nanas segar (fresh), nanas kering (dried) requested"'
    )
    state_status: Literal["not_asked", "agrees", "unconfirmed", "contradicts"] = Field(
        description="whether the product has the state, grade or material the request names"
    )
    states: list[StateRead]
    quota_note_id: str = Field(description='e.g. "memenuhi kuota 3 dari 12 bulan"')
    quota_note_en: str = Field(description='e.g. "meets the quota in 3 of 12 months"')


class MatchRead(FitExplanation):
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


class OpportunityRead(FitExplanation):
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
