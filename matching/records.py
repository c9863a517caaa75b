"""Plain dataclasses going into and coming out of the matching library."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

# CERTIFICATE_TYPES: the codes of the reviewed data/certificate_types.csv (others are
# accepted and stored too)
from .certificates import CERTIFICATE_TYPES

__all__ = [
    "CERTIFICATE_TYPES",
    "Certificate",
    "Demand",
    "Flag",
    "Match",
    "MatchComponents",
    "MonthSupply",
    "NO_DAY",
    "ScoreWeights",
    "StateDetail",
    "SupplyColumns",
    "SupplyProduct",
]


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
    unit weight, so no kg figure exists. ``committed_kg`` maps month index -> kg already
    promised to buyers that month (signed deals); the index offers only what is left
    (reported or estimated minus committed, never below 0).
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
    committed_kg: Mapping[int, float] = field(default_factory=dict)


#: Day number (``date.toordinal()``) standing for "no date" in :class:`SupplyColumns`:
#: capacity never updated, or a certificate that never expires.
NO_DAY = -1


@dataclass(frozen=True, slots=True)
class SupplyColumns:
    """Many products as aligned columns, the input :meth:`MatchIndex.fit_columns` reads
    without a Python loop per product. Days are ``date.toordinal()`` numbers (``NO_DAY`` = none),
    months are month indexes (``year * 12 + month - 1``).

    Per product (length n): ``product_id``, ``umkm_id`` (int64); ``name``, ``description``
    (str, "" when none), ``hs_code`` (str or None), ``province_code``, ``regency_code`` (str);
    ``capacity_updated_on`` (day, ``NO_DAY`` = never); ``unit_convertible`` (bool).

    Capacity figures (length m): ``capacity_row`` (0-based position of the product in the
    columns above) and ``capacity_month`` (int32: at 1M products 12.7M figures, 0.1 GB less
    than int64 while building), ``capacity_kg`` (kg reported for that month). Committed
    figures (``committed_row``, ``committed_month``, ``committed_kg``) alike.

    Certificates held (length c, UMKM-wide ones repeated for each of the UMKM's products):
    ``certificate_row``, ``certificate_type`` (code), ``certificate_expires_on`` (day,
    ``NO_DAY`` = never expires).
    """

    product_id: npt.NDArray[np.int64]
    umkm_id: npt.NDArray[np.int64]
    name: Sequence[str]
    description: Sequence[str]
    hs_code: Sequence[str | None]
    province_code: Sequence[str]
    regency_code: Sequence[str]
    capacity_updated_on: npt.NDArray[np.int64]
    unit_convertible: npt.NDArray[np.bool_]
    # any integer array; kept as int32
    capacity_row: npt.NDArray[np.signedinteger[Any]]
    capacity_month: npt.NDArray[np.signedinteger[Any]]
    capacity_kg: npt.NDArray[np.float64]
    certificate_row: npt.NDArray[np.int64]
    certificate_type: Sequence[str]
    certificate_expires_on: npt.NDArray[np.int64]
    committed_row: npt.NDArray[np.signedinteger[Any]] = field(
        default_factory=lambda: np.empty(0, np.int32)
    )
    committed_month: npt.NDArray[np.signedinteger[Any]] = field(
        default_factory=lambda: np.empty(0, np.int32)
    )
    committed_kg: npt.NDArray[np.float64] = field(default_factory=lambda: np.empty(0, np.float64))

    def __post_init__(self) -> None:
        coerce = {
            "product_id": np.int64, "umkm_id": np.int64, "capacity_updated_on": np.int64,
            "unit_convertible": np.bool_, "capacity_row": np.int32, "capacity_month": np.int32,
            "capacity_kg": np.float64, "certificate_row": np.int64,
            "certificate_expires_on": np.int64, "committed_row": np.int32,
            "committed_month": np.int32, "committed_kg": np.float64,
        }  # fmt: skip
        for name, dtype in coerce.items():
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=dtype).ravel())
        n = len(self.product_id)
        # pairs, not a dict keyed by length: two groups of one length are both checked
        groups = (
            (n, ("umkm_id", "name", "description", "hs_code", "province_code", "regency_code",
                 "capacity_updated_on", "unit_convertible")),
            (len(self.capacity_row), ("capacity_month", "capacity_kg")),
            (len(self.certificate_row), ("certificate_type", "certificate_expires_on")),
            (len(self.committed_row), ("committed_month", "committed_kg")),
        )  # fmt: skip
        for length, names in groups:
            for name in names:
                if len(getattr(self, name)) != length:
                    raise ValueError(f"SupplyColumns.{name} has the wrong length")
        for name in ("capacity_row", "certificate_row", "committed_row"):
            rows = getattr(self, name)
            if len(rows) and (rows.min() < 0 or rows.max() >= n):
                raise ValueError(f"SupplyColumns.{name} points outside the products")

    def __len__(self) -> int:
        return len(self.product_id)

    @classmethod
    def from_products(cls, products: Iterable[SupplyProduct]) -> SupplyColumns:
        """Columns of ``products`` (any iterable, read once), in their order.

        Numbers go into typed arrays (4 or 8 bytes a figure), not lists of Python numbers (about
        36): at 1,000,000 products of 24 months the lists took 1.4 GB more while building."""
        product_id, umkm_id, updated_on = array("q"), array("q"), array("q")
        convertible = array("b")
        name: list[str] = []
        description: list[str] = []
        hs_code: list[str | None] = []
        province_code: list[str] = []
        regency_code: list[str] = []
        # a capacity or committed figure's row and month take 4 bytes each (at 1M products
        # 12.7M figures: 0.1 GB less than 8)
        capacity_row, capacity_month, capacity_kg = array("i"), array("i"), array("d")
        certificate_row, expires_on = array("q"), array("q")
        certificate_type: list[str] = []
        committed_row, committed_month, committed_kg = array("i"), array("i"), array("d")
        for row, product in enumerate(products):
            product_id.append(product.product_id)
            umkm_id.append(product.umkm_id)
            name.append(product.name)
            description.append(product.description)
            hs_code.append(product.hs_code)
            province_code.append(product.province_code)
            regency_code.append(product.regency_code)
            updated = product.capacity_updated_on
            updated_on.append(updated.toordinal() if updated else NO_DAY)
            convertible.append(bool(product.unit_convertible))
            if product.capacity_kg:
                capacity_row.extend([row] * len(product.capacity_kg))
                capacity_month.extend(product.capacity_kg.keys())
                capacity_kg.extend(product.capacity_kg.values())
            for certificate in product.certificates:
                certificate_row.append(row)
                certificate_type.append(certificate.type)
                expires = certificate.expires_on
                expires_on.append(expires.toordinal() if expires else NO_DAY)
            if product.committed_kg:
                committed_row.extend([row] * len(product.committed_kg))
                committed_month.extend(product.committed_kg.keys())
                committed_kg.extend(product.committed_kg.values())

        def numbers(values: array[int] | array[float], dtype: type[np.generic]) -> Any:
            return np.frombuffer(values, dtype=dtype) if len(values) else np.empty(0, dtype)

        return cls(
            product_id=numbers(product_id, np.int64),
            umkm_id=numbers(umkm_id, np.int64),
            name=name,
            description=description,
            hs_code=hs_code,
            province_code=province_code,
            regency_code=regency_code,
            capacity_updated_on=numbers(updated_on, np.int64),
            unit_convertible=numbers(convertible, np.int8).astype(np.bool_),
            capacity_row=numbers(capacity_row, np.intc),
            capacity_month=numbers(capacity_month, np.intc),
            capacity_kg=numbers(capacity_kg, np.float64),
            certificate_row=numbers(certificate_row, np.int64),
            certificate_type=certificate_type,
            certificate_expires_on=numbers(expires_on, np.int64),
            committed_row=numbers(committed_row, np.intc),
            committed_month=numbers(committed_month, np.intc),
            committed_kg=numbers(committed_kg, np.float64),
        )


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
    (None when capacity was never updated); ``months_meeting_quota``: how many of the
    window's months have capacity (estimates included) at or above the quota, compared in
    whole grams (None when the quota or the capacity has no kg figure)."""

    product_fit: float
    capacity_coverage: float
    continuity: float
    certification_fit: float
    freshness: float
    months_since_update: int | None
    months_meeting_quota: int | None = None


@dataclass(frozen=True, slots=True)
class StateDetail:
    """One state, process, grade or material value a request asks for, and the product's.

    ``dimension``: ``state``, ``fermentation``, ``grade``, ``roast``, ``grind``, ``shell``,
    ``material`` or ``textile`` (``matching/data/product_states.csv``); ``requested_id`` /
    ``requested_en``: the value asked for in words ("kering" / "dried"); ``status``:
    ``"agrees"`` (the product names the value, or its HS code allows only it),
    ``"contradicts"`` (it names, or its HS code allows only, values that exclude it) or
    ``"unconfirmed"`` (nothing about the product decides it); ``product_id`` /
    ``product_en``: the product's values in that dimension in words ("segar" / "fresh"),
    "" when it names none; ``from_hs``: those values come from the product's HS code, not
    its name."""

    dimension: str
    requested_id: str
    requested_en: str
    status: str
    product_id: str
    product_en: str
    from_hs: bool


class MonthSupply(NamedTuple):
    """Capacity for one window month: ``capacity_kg`` available (reported or estimated minus
    what signed deals committed, never below 0; None when the product's unit has no kg
    conversion), ``estimated`` when no figure was reported (``estimate_rule`` says how),
    ``shortfall_kg`` = max(0, quota - capacity) (None when either side is not in kg),
    ``committed_kg``: kg already committed to deals that month (0 when none).

    A named tuple, not a dataclass: every match returns one per window month, and a tuple is
    made in a third of the time."""

    month: str
    capacity_kg: float | None
    estimated: bool
    shortfall_kg: float | None
    estimate_rule: str | None = None
    committed_kg: float = 0.0


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
    """One ranked result: ``score`` 0..100 (1 decimal), rank 1-based.

    Why the product fits, for the officer: ``fit_reason_id`` / ``fit_reason_en``, one line
    ("sama: kue salak = snake fruit cake" / "same product: kue salak = snake fruit cake";
    "beda olahan: nanas segar, diminta nanas kering" / "different process: nanas segar,
    nanas kering requested"; "olahan belum pasti: ..." / "process unconfirmed: ...").
    ``state_status``: ``"not_asked"`` (the request names no state, grade or material),
    ``"agrees"``, ``"unconfirmed"`` (the product is silent on one) or ``"contradicts"``;
    ``states``: one :class:`StateDetail` per value asked for. ``quota_note_id`` /
    ``quota_note_en``: "memenuhi kuota 3 dari 12 bulan" / "meets the quota in 3 of 12
    months" (``components.months_meeting_quota`` of ``len(months)``)."""

    rank: int
    product_id: int
    umkm_id: int
    score: float
    components: MatchComponents
    months: list[MonthSupply]
    flags: list[Flag]
    fit_reason_id: str = ""
    fit_reason_en: str = ""
    state_status: str = "not_asked"
    states: tuple[StateDetail, ...] = ()
    quota_note_id: str = ""
    quota_note_en: str = ""
