"""The supply-gap report: open demand per month against the capacity of the UMKM that fit it.

For every open request whose window meets the report's months, the matching engine finds the
UMKM products of the same kind (product fit >= SAME_KIND_FIT); their capacity per month
(reported, or estimated by the engine's documented rule) is set against the quota. Groups:

- ``product``: the commodity the request names, read through the matching glossary
  ("cabai rawit segar" and "fresh bird's eye chili" fall together); unknown words as written.
- ``hs``: the request's HS code, or the one the glossary implies, at 6 digits.
- ``province``: the province of the supplying UMKM. A request whose supply spans provinces
  counts in each of them, so demand here answers "what demand could this province serve";
  do not add it up across provinces. Requests nobody fits fall in the group ``none``.

A product that fits several requests of one group counts its capacity once.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from app import csvsafe, reference, schemas
from app.errors import Unprocessable
from app.models import BuyerRequest
from app.months import add_months, first_of, from_label, month_label, month_range
from app.services.matching import SupplyIndex, demand_of, names_for, open_requests
from matching import SAME_KIND_FIT, Glossary, Match, normalise

GroupBy = Literal["product", "hs", "province"]
MAX_CANDIDATES = 5000
MAX_REPORT_MONTHS = 36
NO_SUPPLY = "none"


@dataclass
class _Group:
    key: str
    label: str
    requests: set[int] = field(default_factory=set)
    demand: dict[date, float] = field(default_factory=lambda: defaultdict(float))
    requests_by_month: dict[date, set[int]] = field(default_factory=lambda: defaultdict(set))
    # (product_id, month) -> kg, so a product shared by two requests counts once.
    capacity: dict[tuple[int, date], float] = field(default_factory=dict)
    umkm_by_month: dict[date, set[int]] = field(default_factory=lambda: defaultdict(set))


def _product_key(request: BuyerRequest, glossary: Glossary) -> tuple[str, str]:
    concepts = glossary.detect(request.product)
    ids = sorted(concepts.bases | concepts.forms)
    if not ids:
        text = normalise(request.product)
        return text, request.product
    names = [glossary.concepts[i].name for i in ids]
    return "+".join(names), " + ".join(n.replace("_", " ") for n in names)


def _hs_key(request: BuyerRequest, glossary: Glossary) -> tuple[str, str]:
    code = request.hs_code or glossary.hs_code_for(glossary.detect(request.product))
    if not code:
        return "unknown", "HS code unknown"
    code = code[:6]
    return code, reference.hs_descriptions().get(code, code)


def supply_gap(
    *,
    session: Session,
    index: SupplyIndex,
    group_by: GroupBy,
    from_month: date | None,
    to_month: date | None,
) -> schemas.SupplyGapReport:
    """The report from `from_month` (default: the index's this month) to `to_month` (default:
    11 months later), at most MAX_REPORT_MONTHS months; 422 naming `to` otherwise."""
    first = from_month or first_of(index.today())
    last = to_month or add_months(first, 11)
    months = month_range(first, last)
    if not months:
        raise Unprocessable("to", "is before from")
    if len(months) > MAX_REPORT_MONTHS:
        raise Unprocessable("to", f"the report covers at most {MAX_REPORT_MONTHS} months")
    glossary = Glossary.default()
    in_report = set(months)
    groups: dict[str, _Group] = {}

    def group(key: str, label: str) -> _Group:
        return groups.setdefault(key, _Group(key=key, label=label))

    for request in open_requests(session):
        window = month_range(request.start_month, request.end_month)
        active = [m for m in window if m in in_report]
        if not active:
            continue
        quota = request.quota_g / 1000
        matches = [
            match
            for match in index.query(session, demand_of(request), limit=MAX_CANDIDATES)
            if match.components.product_fit >= SAME_KIND_FIT
        ]
        if group_by == "province":
            by_province: dict[str, list[Match]] = defaultdict(list)
            named = _provinces(session, matches)
            for match in matches:
                by_province[named[match.product_id]].append(match)
            targets = [
                (group(code, reference.provinces()[code].name), found)
                for code, found in sorted(by_province.items())
            ] or [(group(NO_SUPPLY, "no UMKM fits"), [])]
        else:
            key, label = (_product_key if group_by == "product" else _hs_key)(request, glossary)
            targets = [(group(key, label), matches)]
        for target, found in targets:
            target.requests.add(request.id)
            for month in active:
                target.demand[month] += quota
                target.requests_by_month[month].add(request.id)
            for match in found:
                for supply in match.months:
                    month = from_label(supply.month)
                    if month in in_report and supply.capacity_kg:
                        target.capacity[(match.product_id, month)] = supply.capacity_kg
                        target.umkm_by_month[month].add(match.umkm_id)

    rows = [_summarise(g, months) for g in groups.values()]
    rows.sort(key=lambda g: (-g.shortfall_kg, g.group))
    return schemas.SupplyGapReport(
        group_by=group_by, from_month=month_label(first), to_month=month_label(last), groups=rows
    )


def _provinces(session: Session, matches: list[Match]) -> dict[int, str]:
    return {
        pid: named.province_code
        for pid, named in names_for(session, [m.product_id for m in matches]).items()
    }


def _summarise(g: _Group, months: list[date]) -> schemas.SupplyGapGroup:
    capacity_by_month: dict[date, float] = defaultdict(float)
    for (_, month), kg in g.capacity.items():
        capacity_by_month[month] += kg
    per_month: list[schemas.SupplyGapMonth] = []
    totals = {"demand_kg": 0.0, "capacity_kg": 0.0, "shortfall_kg": 0.0}
    months_short = 0
    for month in months:
        demand = round(g.demand.get(month, 0.0), 3)
        capacity = round(capacity_by_month.get(month, 0.0), 3)
        shortfall = round(max(0.0, demand - capacity), 3)
        per_month.append(
            schemas.SupplyGapMonth(
                month=month_label(month),
                demand_kg=demand,
                capacity_kg=capacity,
                shortfall_kg=shortfall,
                requests=len(g.requests_by_month.get(month, ())),
                umkm=len(g.umkm_by_month.get(month, ())),
            )
        )
        totals["demand_kg"] += demand
        totals["capacity_kg"] += capacity
        totals["shortfall_kg"] += shortfall
        months_short += shortfall > 0
    umkm: set[int] = set().union(*g.umkm_by_month.values())
    return schemas.SupplyGapGroup(
        group=g.key,
        label=g.label,
        requests=len(g.requests),
        umkm=len(umkm),
        demand_kg=round(totals["demand_kg"], 3),
        capacity_kg=round(totals["capacity_kg"], 3),
        shortfall_kg=round(totals["shortfall_kg"], 3),
        months_short=months_short,
        months=per_month,
    )


CSV_COLUMNS = (
    "group_by",
    "group",
    "label",
    "month",
    "demand_kg",
    "capacity_kg",
    "shortfall_kg",
    "requests",
    "umkm",
)


def as_csv(report: schemas.SupplyGapReport) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for g in report.groups:
        for m in g.months:
            writer.writerow(
                [
                    report.group_by,
                    g.group,
                    g.label,
                    m.month,
                    m.demand_kg,
                    m.capacity_kg,
                    m.shortfall_kg,
                    m.requests,
                    m.umkm,
                ]
            )
    return out.getvalue()
