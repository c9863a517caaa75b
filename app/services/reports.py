"""The supply-gap report: open demand per month against the capacity of the UMKM that fit it.

For every open request whose window meets the report's months, the matching engine finds the
UMKM products of the same product (product fit >= SAME_KIND_FIT, and not contradicting the
state, grade or material asked for); their capacity per month (reported, or estimated by the
engine's documented rule) is set against the quota. Groups:

- ``product``: what the product *is*, not its wording: the most specific glossary concepts
  the request names (a concept broader than another named one is dropped: "peyek kepiting"
  and "crispy crab peyek" are kepiting + peyek) with the state, process, grade or material it
  asks for ("nanas kering" / "dried pineapple" is nanas, dried; fresh pineapple is another
  group). A request the glossary cannot read is grouped by its HS code (6 digits), else by
  its normalised words.
- ``hs``: the request's HS code, or the one the glossary implies, at 6 digits.
- ``province``: each request counts once, in the province that serves it: the province
  whose fitting UMKM offer the most capacity over the request's months in the report (ties:
  the province of its best-ranked supplier). Its capacity there is that of the province's
  fitting UMKM, so province totals add up to the real demand. Requests nobody fits fall in
  the group ``none``.

Each product counts its capacity once per group and month, however many of the group's
requests it fits (two wordings of one product share their suppliers' capacity).
"""

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from app import csvsafe, reference, schemas
from app.errors import Unprocessable
from app.models import BuyerRequest
from app.months import add_months, first_of, from_label, month_label, month_range
from app.services.matching import SupplyIndex, demand_of, names_for, open_requests
from app.spreadsheets import write_xlsx
from matching import SAME_KIND_FIT, Glossary, Match, normalise, product_identity
from matching.states import CONTRADICTS, ProductStates

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


def _product_key(
    request: BuyerRequest, glossary: Glossary, states: ProductStates
) -> tuple[str, str]:
    """(group key, label) of what the request's product is: matching's `product_identity`,
    without the concepts broader than another one it names (module docstring)."""
    identity = product_identity(request.product, request.hs_code)
    named = {glossary.ids[name] for name in identity.concepts}
    broader = {ancestor for concept in named for ancestor in glossary.ancestors[concept]}
    names = sorted(glossary.concepts[c].name for c in named - broader)
    if not names:
        code = identity.hs_code
        if code:
            return f"hs:{code[:6]}", reference.hs_descriptions().get(code[:6], code[:6])
        return normalise(request.product), request.product
    key, label = "+".join(names), " + ".join(n.replace("_", " ") for n in names)
    if identity.states:
        asked = set(identity.states)
        values = [v for v in states.values if f"{v.dimension}:{v.value}" in asked]
        key += ":" + ",".join(f"{v.dimension}={v.value}" for v in values)
        label += (
            f" ({', '.join(v.word_id for v in values)} / {', '.join(v.word_en for v in values)})"
        )
    return key, label


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
    states = ProductStates.for_glossary(glossary)
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
            if match.components.product_fit >= SAME_KIND_FIT and match.state_status != CONTRADICTS
        ]
        if group_by == "province":
            code, found = _serving_province(session, matches, in_report)
            name = reference.provinces()[code].name if code else "no UMKM fits"
            targets = [(group(code or NO_SUPPLY, name), found)]
        elif group_by == "product":
            targets = [(group(*_product_key(request, glossary, states)), matches)]
        else:
            targets = [(group(*_hs_key(request, glossary)), matches)]
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


def _serving_province(
    session: Session, matches: list[Match], in_report: set[date]
) -> tuple[str | None, list[Match]]:
    """The province that serves a request and its fitting matches there: the province whose
    matches offer the most capacity over the request's months in the report, ties to the
    province of the best-ranked match (matches come best first); (None, []) when no UMKM
    fits."""
    named = names_for(session, [m.product_id for m in matches])
    capacity: dict[str, float] = {}
    by_province: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        if match.product_id not in named:  # deleted meanwhile
            continue
        code = named[match.product_id].province_code
        by_province[code].append(match)
        capacity[code] = capacity.get(code, 0.0) + sum(
            supply.capacity_kg or 0.0
            for supply in match.months
            if from_label(supply.month) in in_report
        )
    if not capacity:
        return None, []
    # dicts keep insertion order, so max() keeps the best-ranked province among equals
    code = max(capacity, key=lambda c: capacity[c])
    return code, by_province[code]


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


def rows_of(report: schemas.SupplyGapReport) -> Iterator[list[str | float | int]]:
    """One row per group and month, in CSV_COLUMNS order (the CSV and the XLSX)."""
    for g in report.groups:
        for m in g.months:
            yield [
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


def as_csv(report: schemas.SupplyGapReport) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows_of(report))
    return out.getvalue()


def as_xlsx(report: schemas.SupplyGapReport) -> bytes:
    """The CSV's rows as a spreadsheet (text never read as a formula)."""
    return write_xlsx(CSV_COLUMNS, rows_of(report), sheet="supply gap")
