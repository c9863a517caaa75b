"""Plain dataclasses going into and coming out of the matching library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "CERTIFICATE_TYPES",
    "Certificate",
    "Demand",
    "Flag",
    "Match",
    "MatchComponents",
    "MonthSupply",
    "ScoreWeights",
    "SupplyProduct",
]

#: Certificate codes the service knows; others are accepted and stored too.
CERTIFICATE_TYPES: tuple[str, ...] = (
    "NIB", "PIRT", "BPOM_MD", "HALAL", "SNI", "HACCP",
    "ISO_22000", "ORGANIC", "GACC", "FDA", "SKP", "SVLK",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Certificate:
    """A certificate held: ``type`` code ("HALAL", "BPOM_MD"...), ``expires_on`` (None = never)."""

    type: str
    expires_on: date | None


@dataclass(frozen=True, slots=True)
class SupplyProduct:
    """One UMKM product as the index sees it.

    ``capacity_kg`` maps month index -> kg the owner reported for that month (months with no
    report are simply absent). ``certificates`` are those valid for this product (UMKM-wide plus
    product-specific). ``unit_convertible`` is False when capacity is counted in units with no
    unit weight, so no kg figure exists.
    """

    product_id: int
    umkm_id: int
    name: str
    description: str = ""
    hs_code: str | None = None
    province_code: str = ""
    regency_code: str = ""
    capacity_kg: Mapping[int, float] = field(default_factory=dict)
    capacity_updated_on: date | None = None
    certificates: tuple[Certificate, ...] = ()
    unit_convertible: bool = True


@dataclass(frozen=True, slots=True)
class Demand:
    """A buyer request: ``monthly_quota_kg`` kg per month for ``months`` months from
    ``start_month`` (a month index). ``monthly_quota_kg`` is None when the request's unit cannot
    be converted to kg. ``hs_code`` may have 2 to 8 digits."""

    product: str
    hs_code: str | None
    monthly_quota_kg: float | None
    start_month: int
    months: int
    required_certifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.months < 1:
            raise ValueError("months must be at least 1")
        if self.monthly_quota_kg is not None and not self.monthly_quota_kg > 0:
            raise ValueError("monthly_quota_kg must be positive (or None when unknown)")


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """Weights of the five components in the total score (any non-negative numbers; they are
    divided by their sum). The total is placed inside the band of the product-fit tier, see
    ``matching.index`` and the README: weights order products within a tier, never across."""

    product_fit: float = 0.35
    capacity_coverage: float = 0.25
    continuity: float = 0.20
    certification_fit: float = 0.15
    freshness: float = 0.05

    def __post_init__(self) -> None:
        values = self.as_tuple()
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        return (
            self.product_fit,
            self.capacity_coverage,
            self.continuity,
            self.certification_fit,
            self.freshness,
        )


@dataclass(frozen=True, slots=True)
class MatchComponents:
    """Component scores, each 0..1 (3 decimals); ``months_since_update`` in calendar months
    (None when capacity was never updated)."""

    product_fit: float
    capacity_coverage: float
    continuity: float
    certification_fit: float
    freshness: float
    months_since_update: int | None


@dataclass(frozen=True, slots=True)
class MonthSupply:
    """Capacity for one window month: ``capacity_kg`` (None when the product's unit has no kg
    conversion), ``estimated`` when no figure was reported (``estimate_rule`` says how),
    ``shortfall_kg`` = max(0, quota - capacity) (None when either side is not in kg)."""

    month: str
    capacity_kg: float | None
    estimated: bool
    shortfall_kg: float | None
    estimate_rule: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding about a match: ``code``, the numbers behind it (JSON-serialisable), and one
    line in Indonesian and English that a dinas officer can read to the UMKM."""

    code: str
    details: dict[str, object]
    message_id: str
    message_en: str


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked result: ``score`` 0..100 (1 decimal), rank 1-based."""

    rank: int
    product_id: int
    umkm_id: int
    score: float
    components: MatchComponents
    months: list[MonthSupply]
    flags: list[Flag]
