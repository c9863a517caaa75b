"""Consortia: groups of UMKM that together meet a request's quota month by month.

Candidates are the products the matching engine finds of the same product as the request
(product fit >= SAME_KIND_FIT, and not contradicting the state, grade or material asked for),
with their capacity in each month of the window (reported or estimated).
matching.build_consortia solves the mixed-integer program (scipy's HiGHS): first the least
shortfall, then the fewest members, then the best scores, then the fairest load; see
matching.consortium.ConsortiumWeights.

The buyer's rules come before all of that. A candidate *keeps the rules* when it holds every
required certificate through the whole window (no MISSING_ or EXPIRING_CERTIFICATION flag)
and its product names the state asked for (state ``agrees`` or none asked). Groups of such
members are solved first and ranked first; groups that need a certificate or a state
confirmation are solved from all candidates and ranked after every group that keeps the
rules, marked with what they need, so such a group is never shown as the best one ahead of a
group that keeps the rules. Members whose window figures are all estimates, or whose capacity
is stale, are marked. Allocations are whole kilograms (the quota is rounded up to a whole kg).
"""

import math

from sqlalchemy.orm import Session

from app import schemas
from app.services import buyers as buyer_service
from app.services.matching import Named, SupplyIndex, demand_of, names_for
from matching import (
    EXPIRING_CERTIFICATION,
    MISSING_CERTIFICATION,
    SAME_KIND_FIT,
    STALE_CAPACITY,
    Match,
)
from matching.certificates import certificate_label
from matching.consortium import (
    MEETS_TOLERANCE_KG,
    Consortium,
    ConsortiumCandidate,
    ConsortiumMember,
    build_consortia,
)
from matching.states import AGREES, CONTRADICTS, NOT_ASKED, UNCONFIRMED

MAX_CANDIDATES = 5000
#: Allocations are asked in whole kilograms.
ALLOCATION_UNIT_KG = 1.0


def _solve(
    candidates: list[ConsortiumCandidate],
    *,
    quota_kg: float,
    max_members: int,
    same_province: bool,
    limit: int,
) -> list[Consortium]:
    """Best groups first. With `same_province`, each province is solved on its own and the
    results merged by objective: the same optimum as the library's province variables, which
    make HiGHS slow (seconds at 500 candidates against tens of milliseconds per province)."""
    if not candidates:
        return []
    by_province: dict[str, list[ConsortiumCandidate]] = {}
    for candidate in candidates:
        key = candidate.province_code if same_province else ""
        by_province.setdefault(key, []).append(candidate)
    groups = [
        group
        for members in by_province.values()
        for group in build_consortia(
            members,
            quota_kg=quota_kg,
            max_members=max_members,
            limit=limit,
            allocation_unit_kg=ALLOCATION_UNIT_KG,
        )
    ]
    groups.sort(key=lambda g: g.objective)
    return groups[:limit]


def _keeps_rules(match: Match) -> bool:
    """Holds every required certificate through the window and names the state asked for."""
    codes = {flag.code for flag in match.flags}
    return (
        MISSING_CERTIFICATION not in codes
        and EXPIRING_CERTIFICATION not in codes
        and match.state_status in (NOT_ASKED, AGREES)
    )


def _rank(
    keeping: list[Consortium], needing: list[Consortium], limit: int
) -> list[tuple[Consortium, bool]]:
    """Groups that keep the rules first; groups that need something after them, only those
    with a member set not already shown. When no group that keeps the rules meets the quota
    but one that needs something does, that one takes the last place rather than being
    left out: it tells the officer what a certificate would unlock."""
    shown = {frozenset(m.product_id for m in g.members) for g in keeping}
    extra = [g for g in needing if frozenset(m.product_id for m in g.members) not in shown]
    ranked = [(g, True) for g in keeping[:limit]]
    ranked += [(g, False) for g in extra[: max(0, limit - len(ranked))]]
    if (
        len(ranked) == limit
        and not any(g.meets_quota for g, _ in ranked)
        and (meeting := next((g for g in extra if g.meets_quota), None)) is not None
        and all(g is not meeting for g, _ in ranked)
    ):
        ranked[-1] = (meeting, False)
    return ranked


def consortia(
    *,
    session: Session,
    index: SupplyIndex,
    request_id: int,
    max_members: int,
    same_province: bool,
    limit: int,
) -> schemas.ConsortiumList:
    """Groups for stored buyer request `request_id` (404 if there is none)."""
    request = buyer_service.get_request(session=session, request_id=request_id)
    demand = demand_of(request)
    quota = request.quota_g / 1000
    quota_whole_kg = float(math.ceil(request.quota_g / 1000))
    matches = [
        m
        for m in index.query(session, demand, limit=MAX_CANDIDATES)
        if m.components.product_fit >= SAME_KIND_FIT and m.state_status != CONTRADICTS
    ]
    named = names_for(session, [m.product_id for m in matches])
    by_product: dict[int, Match] = {m.product_id: m for m in matches}
    candidates = [
        ConsortiumCandidate(
            product_id=m.product_id,
            umkm_id=m.umkm_id,
            score=m.score,
            capacity_kg=[month.capacity_kg or 0.0 for month in m.months],
            province_code=named[m.product_id].province_code,
        )
        for m in matches
        if m.product_id in named
    ]
    months = [month.month for month in matches[0].months] if matches else []
    keeping_candidates = [c for c in candidates if _keeps_rules(by_product[c.product_id])]

    def solve(offered: list[ConsortiumCandidate]) -> list[Consortium]:
        return _solve(
            offered,
            quota_kg=quota_whole_kg,
            max_members=max_members,
            same_province=same_province,
            limit=limit,
        )

    keeping = solve(keeping_candidates)
    needs_more = len(keeping) < limit or not any(g.meets_quota for g in keeping)
    needing = solve(candidates) if needs_more and len(keeping_candidates) < len(candidates) else []
    single = [
        m
        for m in matches
        if all((x.capacity_kg or 0) >= quota - MEETS_TOLERANCE_KG for x in m.months)
    ]
    items = [
        _group(rank, group, keeps, by_product, named, months, quota)
        for rank, (group, keeps) in enumerate(_rank(keeping, needing, limit), start=1)
    ]
    note_id, note_en = _note(candidates, items)
    return schemas.ConsortiumList(
        request_id=request.id,
        quota_kg=quota,
        months=months,
        candidates=len(candidates),
        single_suppliers=[m.product_id for m in single],
        note=note_en,
        note_id=note_id,
        note_en=note_en,
        items=items,
    )


def _group(
    rank: int,
    group: Consortium,
    keeps: bool,
    by_product: dict[int, Match],
    named: dict[int, Named],
    months: list[str],
    quota: float,
) -> schemas.ConsortiumRead:
    members = [
        _member(member, by_product[member.product_id], named[member.product_id], months)
        for member in group.members
    ]
    # Short of the exact quota by what the members can make (allocations are whole kg; a
    # member whose capacity is within MEETS_TOLERANCE_KG of the next kilogram is asked for it).
    capacity = [sum(month) for month in zip(*(m.capacity_kg for m in group.members), strict=True)]
    shortfalls = [max(0.0, quota - kg) for kg in capacity]
    needs = sorted(
        {t for m in members for t in m.missing_certifications}
        | {str(e["type"]) for m in members for e in m.expiring_certifications}
    )
    return schemas.ConsortiumRead(
        rank=rank,
        meets_quota=group.meets_quota,
        keeps_buyer_rules=keeps,
        needs_certifications=needs,
        optimal=group.optimal,
        members=members,
        months=[
            schemas.ConsortiumMonth(
                month=month,
                quota_kg=quota,
                total_kg=round(total, 3),
                shortfall_kg=round(short, 3),
            )
            for month, total, short in zip(months, group.total_kg, shortfalls, strict=True)
        ],
        shortfall_kg=round(sum(shortfalls), 3),
        months_short=sum(1 for short in shortfalls if short > MEETS_TOLERANCE_KG),
    )


def _member(
    member: ConsortiumMember, match: Match, name: Named, months: list[str]
) -> schemas.ConsortiumMemberRead:
    flags = {flag.code: flag for flag in match.flags}
    missing = (
        flags[MISSING_CERTIFICATION].details["types"] if MISSING_CERTIFICATION in flags else []
    )
    assert isinstance(missing, list)
    expiring = [
        {"type": f.details["type"], "expires_on": f.details["expires_on"]}
        for f in match.flags
        if f.code == EXPIRING_CERTIFICATION
    ]
    all_estimated = all(supply.estimated for supply in match.months)
    notes_id: list[str] = []
    notes_en: list[str] = []
    for code in (MISSING_CERTIFICATION, STALE_CAPACITY):
        if code in flags:
            notes_id.append(flags[code].message_id)
            notes_en.append(flags[code].message_en)
    for flag in match.flags:
        if flag.code == EXPIRING_CERTIFICATION:
            notes_id.append(flag.message_id)
            notes_en.append(flag.message_en)
    if all_estimated:
        notes_id.append(
            "Semua angka kapasitas periode pesanan adalah perkiraan, tidak ada yang "
            "dilaporkan; pastikan dengan UMKM."
        )
        notes_en.append(
            "Every capacity figure of the order period is an estimate, none was reported; "
            "confirm with the UMKM."
        )
    if match.state_status == UNCONFIRMED:
        notes_id.append(match.fit_reason_id)
        notes_en.append(match.fit_reason_en)
    return schemas.ConsortiumMemberRead(
        umkm_id=member.umkm_id,
        umkm_name=name.umkm_name,
        product_id=member.product_id,
        product_name=name.product_name,
        province_code=name.province_code,
        score=match.score,
        load=round(member.load, 3),
        allocation=[
            schemas.ConsortiumAllocation(
                month=month,
                allocation_kg=kg,
                capacity_kg=round(cap, 3),
                estimated=supply.estimated,
            )
            for month, kg, cap, supply in zip(
                months, member.allocation_kg, member.capacity_kg, match.months, strict=True
            )
        ],
        missing_certifications=[str(t) for t in missing],
        expiring_certifications=expiring,
        holds_certificates=not missing and not expiring,
        state_status=match.state_status,
        all_estimated=all_estimated,
        stale=STALE_CAPACITY in flags,
        notes_id=notes_id,
        notes_en=notes_en,
    )


def _note(
    candidates: list[ConsortiumCandidate], items: list[schemas.ConsortiumRead]
) -> tuple[str, str]:
    """(Indonesian, English) summary of the answer."""
    if not candidates:
        return (
            "tidak ada produk UMKM sejenis yang memiliki data kapasitas untuk periode ini",
            "no UMKM product of this kind has capacity data for the window",
        )
    best = items[0] if items else None
    if best is not None and best.meets_quota and best.keeps_buyer_rules:
        return (
            "ada kelompok yang memenuhi kuota setiap bulan dan syarat pembeli",
            "a group meets the quota in every month and the buyer's rules",
        )
    meeting = next((g for g in items if g.meets_quota), None)
    if meeting is not None:
        needs_id = ", ".join(certificate_label(t) for t in meeting.needs_certifications)
        needs_en = needs_id
        if not needs_id:
            needs_id = "konfirmasi olahan/mutu/bahan produk"
            needs_en = "confirmation of the product's state, grade or material"
        return (
            "tidak ada kelompok yang memenuhi syarat pembeli sekaligus kuota setiap bulan; "
            f"kelompok yang memenuhi kuota masih memerlukan: {needs_id}",
            "no group meets both the buyer's rules and the quota in every month; the group "
            f"that meets the quota still needs: {needs_en}",
        )
    return (
        "tidak ada kelompok yang dapat memenuhi kuota setiap bulan; kelompok parsial terbaik "
        "dan kekurangannya per bulan ditampilkan",
        "no group can meet the quota in every month; the best partial group and its "
        "shortfall per month are shown",
    )


def without_figures(found: schemas.ConsortiumList) -> schemas.ConsortiumList:
    """`found` as a client reads it: the groups, scores and months short, but no capacity
    figure in kg (allocations, capacities, loads, totals and shortfalls are null)."""
    for group in found.items:
        group.shortfall_kg = None
        for month in group.months:
            month.total_kg = month.shortfall_kg = None
        for member in group.members:
            member.load = None
            for allocation in member.allocation:
                allocation.allocation_kg = allocation.capacity_kg = None
    return found
