"""Small builders for matching tests: every test makes its own products and demands."""

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from matching import (
    Certificate,
    Demand,
    MatchIndex,
    SupplyProduct,
    load_hs_descriptions,
    month_index,
)

ROOT = Path(__file__).resolve().parents[2]
HS_FILES = (
    ROOT / "app" / "refdata" / "hs" / "harmonized-system.csv",
    ROOT / "app" / "refdata" / "hs" / "bps_hs2022_8digit_en.csv",
)
JAN_2025 = month_index(2025, 1)
TODAY = date(2025, 6, 15)


def product(
    product_id: int,
    name: str,
    *,
    capacities: Sequence[float] | dict[int, float] = (1000.0,) * 6,
    first_month: int = JAN_2025,
    umkm_id: int | None = None,
    updated: date | None = date(2025, 6, 1),
    certificates: Iterable[tuple[str, date | None]] = (),
    **fields: object,
) -> SupplyProduct:
    """A product whose capacity list starts at ``first_month``; NaN entries are left out."""
    if isinstance(capacities, dict):
        capacity = dict(capacities)
    else:
        capacity = {first_month + i: kg for i, kg in enumerate(capacities) if kg == kg}
    return SupplyProduct(
        product_id=product_id,
        umkm_id=umkm_id if umkm_id is not None else product_id * 10,
        name=name,
        capacity_kg=capacity,
        capacity_updated_on=updated,
        certificates=tuple(Certificate(t, d) for t, d in certificates),
        **fields,  # type: ignore[arg-type]
    )


def demand(
    text: str,
    *,
    quota: float | None = 1000.0,
    start: int = JAN_2025,
    months: int = 4,
    certs: Sequence[str] = (),
    hs_code: str | None = None,
) -> Demand:
    return Demand(
        product=text,
        hs_code=hs_code,
        monthly_quota_kg=quota,
        start_month=start,
        months=months,
        required_certifications=tuple(certs),
    )


def index_of(*products: SupplyProduct, **params: object) -> MatchIndex:
    return MatchIndex(**params).fit(products)  # type: ignore[arg-type]


def ids(matches: Sequence[object]) -> list[int]:
    return [m.product_id for m in matches]  # type: ignore[attr-defined]


_HS: dict[str, str] = {}


def hs_descriptions() -> dict[str, str]:
    if not _HS:
        _HS.update(load_hs_descriptions(*HS_FILES))
    return _HS
