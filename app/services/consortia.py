"""Consortia: groups of UMKM that together meet a request's quota month by month.

Candidates are the products the matching engine finds of the same kind as the request
(product fit >= SAME_KIND_FIT), with their capacity in each month of the window (reported or
estimated). matching.build_consortia solves the mixed-integer program (scipy's HiGHS): first
the least shortfall, then the fewest members, then the best scores, then the fairest load;
see matching.consortium.ConsortiumWeights.
"""

from sqlalchemy.orm import Session

from app import schemas
from app.services import buyers as buyer_service
from app.services.matching import SupplyIndex, demand_of, names_for
from matching import EXPIRING_CERTIFICATION, MISSING_CERTIFICATION, SAME_KIND_FIT, Match
from matching.consortium import Consortium, ConsortiumCandidate, build_consortia

MAX_CANDIDATES = 5000


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
    if not same_province:
        return build_consortia(candidates, quota_kg=quota_kg, max_members=max_members, limit=limit)
    by_province: dict[str, list[ConsortiumCandidate]] = {}
    for candidate in candidates:
        by_province.setdefault(candidate.province_code, []).append(candidate)
    groups = [
        group
        for members in by_province.values()
        for group in build_consortia(
            members, quota_kg=quota_kg, max_members=max_members, limit=limit
        )
    ]
    groups.sort(key=lambda g: g.objective)
    return groups[:limit]


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
    matches = [
        m
        for m in index.query(session, demand, limit=MAX_CANDIDATES)
        if m.components.product_fit >= SAME_KIND_FIT
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
    groups = _solve(
        candidates,
        quota_kg=quota,
        max_members=max_members,
        same_province=same_province,
        limit=limit,
    )
    single = [m for m in matches if all((x.capacity_kg or 0) >= quota - 0.5 for x in m.months)]
    items = []
    for rank, group in enumerate(groups, start=1):
        members = []
        for member in group.members:
            match = by_product[member.product_id]
            flags = {flag.code: flag for flag in match.flags}
            missing = (
                flags[MISSING_CERTIFICATION].details["types"]
                if MISSING_CERTIFICATION in flags
                else []
            )
            expiring = [
                {"type": f.details["type"], "expires_on": f.details["expires_on"]}
                for f in match.flags
                if f.code == EXPIRING_CERTIFICATION
            ]
            members.append(
                schemas.ConsortiumMemberRead(
                    umkm_id=member.umkm_id,
                    umkm_name=named[member.product_id].umkm_name,
                    product_id=member.product_id,
                    product_name=named[member.product_id].product_name,
                    province_code=named[member.product_id].province_code,
                    score=match.score,
                    load=round(member.load, 3),
                    allocation=[
                        schemas.ConsortiumAllocation(
                            month=month,
                            allocation_kg=round(kg, 3),
                            capacity_kg=round(cap, 3),
                            estimated=supply.estimated,
                        )
                        for month, kg, cap, supply in zip(
                            months,
                            member.allocation_kg,
                            member.capacity_kg,
                            match.months,
                            strict=True,
                        )
                    ],
                    missing_certifications=missing,
                    expiring_certifications=expiring,
                )
            )
        items.append(
            schemas.ConsortiumRead(
                rank=rank,
                meets_quota=group.meets_quota,
                optimal=group.optimal,
                members=members,
                months=[
                    schemas.ConsortiumMonth(
                        month=month,
                        quota_kg=quota,
                        total_kg=round(total, 3),
                        shortfall_kg=round(short, 3),
                    )
                    for month, total, short in zip(
                        months, group.total_kg, group.shortfall_kg, strict=True
                    )
                ],
                shortfall_kg=round(sum(group.shortfall_kg), 3),
                months_short=sum(1 for short in group.shortfall_kg if short > 0.5),
            )
        )
    if not candidates:
        note = "no UMKM product of this kind has capacity data for the window"
    elif items and items[0].meets_quota:
        note = "a group meets the quota in every month"
    else:
        note = (
            "no group can meet the quota in every month; the best partial group and its "
            "shortfall per month are shown"
        )
    return schemas.ConsortiumList(
        request_id=request.id,
        quota_kg=quota,
        months=months,
        candidates=len(candidates),
        single_suppliers=[m.product_id for m in single],
        note=note,
        items=items,
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
