"""Consortia: groups of UMKM products that together meet a buyer's monthly quota.

A buyer asks for ``quota_kg`` every month for N consecutive months (the request window).
Most UMKM cannot supply that alone, so :func:`build_consortia` proposes up to ``limit``
alternative groups of at most ``max_members`` products, each with the kilograms asked of
every member in every window month.

The choice is solved as the mixed-integer linear programme it is (``scipy.optimize.milp``,
HiGHS), not by enumerating combinations. For candidates ``i`` and window months ``t``, with
``c[i, t]`` the capacity (kg) and ``Q`` the monthly quota (kg), the textbook model is

* ``y[i]`` binary, 1 when product ``i`` is a member; ``sum_i y[i] <= max_members``;
* ``x[i, t] >= 0`` kg asked of ``i`` in month ``t``, ``x[i, t] <= c[i, t] * y[i]``;
* ``s[t] >= 0`` shortfall (kg), ``sum_i x[i, t] + s[t] == Q`` (nobody asked beyond the quota);
* ``u`` in [0, 1], the largest load ratio, ``x[i, t] <= u * c[i, t]`` (fairness);
* with ``same_province``: binary ``z[p]`` per province, ``y[i] <= z[p(i)]``,
  ``sum_p z[p] <= 1``.

What is solved is that model with the ``x`` projected out, which is exact and much smaller
(it has N * candidates fewer columns and twice that many fewer rows; the speed-up measured
is in ``bench/README.md``). Given the members and ``u``, month ``t`` can supply at most
``u * C[t]`` with ``C[t] = sum_{i member} c[i, t]``, and exactly that by asking every
member the same share ``u`` of its capacity. So, with ``w[i]`` in [0, 1] standing for ``u * y[i]``:

* ``w[i] <= y[i]``, ``w[i] <= u``;
* ``sum_i c[i, t] * w[i] + s[t] >= Q`` (the fairness-bounded supply covers the quota);
* ``sum_i min(c[i, t], Q) * y[i] + s[t] >= Q`` (implied by the one above for integral ``y``;
  it is the projection of ``x[i, t] <= min(c[i, t], Q) * y[i]`` and tightens the LP bound).

Both models have the same optimal members, shortfall and ``u``. The kilograms are then the
per-month fair split (see :func:`_consortium`), which has the least load in every month.

The objective is lexicographic, expressed by the weights of :class:`ConsortiumWeights`.
After each group is found a no-good cut ``sum_{i in S} y[i] <= |S| - 1`` forbids that member
set (and so any superset of it, which could only add members) and the problem is solved
again for the next alternative.

Pre-pruning (see :func:`prune_candidates`) keeps the model to a few hundred candidates when
thousands are offered; it can, in rare cases, drop a product that the exact optimum uses.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "DEFAULT_WEIGHTS",
    "GRAM_KG",
    "MEETS_TOLERANCE_KG",
    "Consortium",
    "ConsortiumCandidate",
    "ConsortiumMember",
    "ConsortiumWeights",
    "build_consortia",
    "prune_candidates",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

#: A month counts as met when its shortfall is at most this many kg.
MEETS_TOLERANCE_KG = 0.5

#: Allocations are reported in whole grams (0.001 kg) unless ``allocation_unit_kg`` says
#: otherwise (the service asks for whole kilograms).
GRAM_KG = 0.001

#: HiGHS stops when the relative gap between its best group and its bound is below this.
#: The default (1e-4) would blur the lower tiers of the objective, so it is set far lower;
#: HiGHS's absolute gap (1e-6, objective units) then decides when a solve is finished.
_MIP_REL_GAP = 1e-9

#: Below this many usable candidates nothing is pruned.
_PRUNE_ABOVE = 200


@dataclass(frozen=True, slots=True)
class ConsortiumWeights:
    """Objective weights; the objective is minimised. The tiers, most important first:

    1. ``shortfall``: total shortfall over the window divided by the monthly quota
       (``sum_t s[t] / Q``, in "quota-months", 0..N), times 1e5.
    2. ``members``: number of members (1..max_members), times 1.
    3. ``score``: minus the sum of member scores divided by 100 (each 0..1), times 0.01.
    4. ``fairness``: the largest load ratio ``u`` (0..1), times 1e-5.

    Why each tier dominates the next:

    * 3 over 4: fairness moves the objective by at most 1e-5, which is what a difference of
      0.1 score points makes (0.01 * 0.1 / 100). Groups whose scores differ by more than
      0.1 points are ranked by score; closer than that, fairness may decide.
    * 2 over 3 and 4: the score tier spans at most ``0.01 * max_members`` and fairness 1e-5,
      together below 1 (one member) for any ``max_members`` up to 99.
    * 1 over 2-4: the lower tiers together span less than ``1.01 * max_members``; one kg
      of shortfall is worth ``1e5 / Q``. So any shortfall difference larger than
      ``1.01 * max_members * Q / 1e5`` kg wins: 0.05 kg for Q = 1,000 kg and 5 members,
      0.5 kg (the "meets the quota" tolerance) for Q = 10,000 kg a month, 5 kg (0.005%)
      for Q = 100,000 kg.

    Why not a larger shortfall weight: HiGHS works to tolerances near 1e-7 kg on the
    shortfall, and that noise is multiplied by ``shortfall / Q`` in the objective. A larger
    weight lets the noise reach 1e-5, the worth of 0.1 score points, so a group below the
    best could be ranked optimal (it happened at 1e6, see ``bench/README.md``); at 1e5 the
    noise stays below the score and fairness tiers.
    """

    shortfall: float = 1e5
    members: float = 1.0
    score: float = 0.01
    fairness: float = 1e-5


DEFAULT_WEIGHTS = ConsortiumWeights()


@dataclass(frozen=True, slots=True)
class ConsortiumCandidate:
    """One product offered for a request.

    ``score`` is the matching engine's total score for this request (0..100);
    ``capacity_kg`` the capacity in each month of the request window (kg per month,
    estimates already filled in, one figure per window month).
    """

    product_id: int
    umkm_id: int
    score: float
    capacity_kg: Sequence[float]
    province_code: str = ""


@dataclass(frozen=True, slots=True)
class ConsortiumMember:
    """A member of a group: kg asked of it per window month, never above its capacity.

    ``load`` is the largest, over months where it has capacity, of allocation / capacity
    (0..1): how hard the member is loaded.
    """

    product_id: int
    umkm_id: int
    allocation_kg: tuple[float, ...]
    capacity_kg: tuple[float, ...]
    load: float


@dataclass(frozen=True, slots=True)
class Consortium:
    """One proposed group.

    ``total_kg`` is, per window month, the sum of the allocations (never above the quota);
    ``shortfall_kg`` per month ``max(quota - total, 0)``; ``meets_quota`` is true when no
    month is short by more than ``MEETS_TOLERANCE_KG``. ``objective`` is the weighted
    objective of :class:`ConsortiumWeights` (lower is better). ``optimal`` is true when HiGHS
    proved the group best among the (pruned) candidates and the earlier groups' cuts; false
    when the time limit stopped it first and this is the best group it had found.
    """

    members: tuple[ConsortiumMember, ...]
    total_kg: tuple[float, ...]
    shortfall_kg: tuple[float, ...]
    meets_quota: bool
    objective: float
    optimal: bool


def build_consortia(
    candidates: Sequence[ConsortiumCandidate],
    *,
    quota_kg: float,
    max_members: int = 5,
    same_province: bool = False,
    limit: int = 3,
    time_limit_s: float = 10.0,
    allocation_unit_kg: float = GRAM_KG,
) -> list[Consortium]:
    """Up to ``limit`` alternative groups, best first, each with a distinct member set.

    ``quota_kg`` is the buyer's quota per month (kg, > 0); every candidate's ``capacity_kg``
    covers the same window months. Groups have 1..``max_members`` members; with
    ``same_province`` all members share a province code (a candidate without one can only
    stand alone). When no group meets the quota the groups with the least total shortfall
    are returned, with ``meets_quota=False`` and the shortfall per month.

    ``time_limit_s`` is the wall-clock budget (s) for the whole call, shared by the
    successive solves: each gets what is left. When it runs out, HiGHS's best group so far
    is returned with ``optimal=False``, and fewer than ``limit`` groups may come back.

    Allocations are whole multiples of ``allocation_unit_kg`` (default whole grams; 1.0 for
    whole kilograms), each at most the member's capacity rounded down to that unit, summing
    per month to the quota (or the group's capacity) rounded down to it; the shortfall
    counts what the rounding leaves.

    Candidates with no capacity in any window month are dropped. Empty input (or no usable
    candidate) gives ``[]``. Raises ``ValueError`` naming the argument at fault.
    """
    _check_arguments(
        quota_kg=quota_kg, max_members=max_members, limit=limit, time_limit_s=time_limit_s
    )
    if not (math.isfinite(allocation_unit_kg) and allocation_unit_kg >= GRAM_KG):
        raise ValueError(
            f"allocation_unit_kg must be at least {GRAM_KG} kg, got {allocation_unit_kg!r}"
        )
    capacity, scores = _candidate_arrays(candidates)
    if capacity.shape[0] == 0:
        return []
    deadline = time.monotonic() + time_limit_s

    provinces = [c.province_code for c in candidates]
    usable = np.flatnonzero(capacity.max(axis=1) > 0.0)
    groups = _province_groups([provinces[i] for i in usable]) if same_province else None
    kept = usable[
        prune_candidates(
            capacity[usable],
            scores[usable],
            quota_kg=quota_kg,
            max_members=max_members,
            groups=groups,
        )
    ]
    if kept.size == 0:
        return []

    model = _Model.build(
        capacity[kept],
        scores[kept],
        quota_kg=quota_kg,
        max_members=max_members,
        provinces=_province_groups([provinces[i] for i in kept]) if same_province else None,
        weights=DEFAULT_WEIGHTS,
    )
    found: list[Consortium] = []
    cuts: list[I64] = []
    for _ in range(limit):
        remaining = deadline - time.monotonic()
        if remaining <= 0.0:
            break
        solved = model.solve(cuts, time_limit_s=remaining)
        if solved is None:
            break
        chosen, optimal = solved
        found.append(
            _consortium(
                [candidates[i] for i in kept[chosen]],
                capacity[kept[chosen]],
                scores[kept[chosen]],
                quota_kg=quota_kg,
                optimal=optimal,
                weights=DEFAULT_WEIGHTS,
                unit_kg=allocation_unit_kg,
            )
        )
        cuts.append(chosen)
    # Solves stopped by the time limit need not come out in objective order.
    found.sort(key=lambda group: group.objective)
    return found


def prune_candidates(
    capacity_kg: F64,
    scores: F64,
    *,
    quota_kg: float,
    max_members: int,
    groups: I64 | None = None,
) -> I64:
    """Indices (sorted) of the candidates worth giving to the solver.

    ``capacity_kg`` is candidates x window months (kg), ``scores`` 0..100 per candidate,
    ``groups`` an optional group (province) index per candidate. Up to ``_PRUNE_ABOVE``
    candidates per group are all kept. Beyond that, per group, the union of:

    * for each month, the ``max(4 * max_members, 16)`` largest capacities that month;
    * the ``max(4 * max_members, 16)`` largest capacities summed over the window;
    * the ``max(8 * max_members, 40)`` best scores;
    * the ``max(8 * max_members, 40)`` best products of score and window capacity (each
      month capped at the quota): large enough to matter and well scored.

    With 12 months and 5 members that is at most 340 per group. A group that meets the
    quota is built from large capacities, and ties between such groups are broken by score,
    so the optimum is almost always among these; it can in rare cases be missed (e.g. a
    product never in any month's top capacities whose profile exactly fills another's gaps).
    """
    group_of = np.zeros(capacity_kg.shape[0], dtype=np.int64) if groups is None else groups
    kept = np.zeros(capacity_kg.shape[0], dtype=bool)
    per_capacity = max(4 * max_members, 16)
    per_score = max(8 * max_members, 40)
    for group in np.unique(group_of):
        members = np.flatnonzero(group_of == group)
        if members.size <= _PRUNE_ABOVE:
            kept[members] = True
            continue
        cap = capacity_kg[members]
        top_months = np.argpartition(-cap, per_capacity - 1, axis=0)[:per_capacity]
        kept[members[top_months.ravel()]] = True
        top_total = np.argpartition(-cap.sum(axis=1), per_capacity - 1)[:per_capacity]
        kept[members[top_total]] = True
        top_score = np.argpartition(-scores[members], per_score - 1)[:per_score]
        kept[members[top_score]] = True
        # Score times the kg a product can actually contribute: big enough and well scored.
        useful = scores[members] * np.minimum(cap, quota_kg).sum(axis=1)
        top_useful = np.argpartition(-useful, per_score - 1)[:per_score]
        kept[members[top_useful]] = True
    return np.flatnonzero(kept).astype(np.int64)


def _check_arguments(*, quota_kg: float, max_members: int, limit: int, time_limit_s: float) -> None:
    if not (isinstance(quota_kg, int | float) and math.isfinite(quota_kg) and quota_kg > 0):
        raise ValueError(f"quota_kg must be a finite number of kg > 0, got {quota_kg!r}")
    if not isinstance(max_members, int) or isinstance(max_members, bool) or max_members < 1:
        raise ValueError(f"max_members must be an integer >= 1, got {max_members!r}")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError(f"limit must be an integer >= 1, got {limit!r}")
    if not (isinstance(time_limit_s, int | float) and time_limit_s > 0):
        raise ValueError(f"time_limit_s must be > 0 seconds, got {time_limit_s!r}")


def _candidate_arrays(candidates: Sequence[ConsortiumCandidate]) -> tuple[F64, F64]:
    """Capacity (candidates x months, kg) and scores, after checking them."""
    if not candidates:
        return np.zeros((0, 0)), np.zeros(0)
    months = len(candidates[0].capacity_kg)
    if months == 0:
        raise ValueError("candidates[0].capacity_kg is empty: the window needs >= 1 month")
    for position, candidate in enumerate(candidates):
        if len(candidate.capacity_kg) != months:
            raise ValueError(
                f"candidates[{position}].capacity_kg has {len(candidate.capacity_kg)} months, "
                f"candidates[0] has {months}: all must cover the same window"
            )
    capacity = np.array([c.capacity_kg for c in candidates], dtype=np.float64)
    scores = np.array([c.score for c in candidates], dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(capacity).all(axis=1) | (capacity < 0).any(axis=1))
    if bad.size:
        raise ValueError(
            f"candidates[{bad[0]}].capacity_kg must be finite and >= 0 kg, "
            f"got {list(candidates[bad[0]].capacity_kg)}"
        )
    bad = np.flatnonzero(~np.isfinite(scores) | (scores < 0) | (scores > 100))
    if bad.size:
        raise ValueError(f"candidates[{bad[0]}].score must be within 0..100, got {scores[bad[0]]}")
    ids = [c.product_id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("candidates: product_id must be unique")
    return capacity, scores


def _province_groups(provinces: Sequence[str]) -> I64:
    """A group index per candidate; each candidate without a province code is its own group."""
    index: dict[str, int] = {}
    groups = np.empty(len(provinces), dtype=np.int64)
    for position, code in enumerate(provinces):
        # A missing code cannot be shown to match anyone's, so it gets a group of its own.
        key = code if code else f"\0{position}"
        groups[position] = index.setdefault(key, len(index))
    return groups


@dataclass(frozen=True, slots=True)
class _Model:
    """The MILP (module docstring) without the no-good cuts. Variables in order: y, w, s, u, z."""

    n_candidates: int
    objective: F64
    integrality: F64
    bounds: Bounds
    constraint: LinearConstraint

    @classmethod
    def build(
        cls,
        capacity: F64,
        scores: F64,
        *,
        quota_kg: float,
        max_members: int,
        provinces: I64 | None,
        weights: ConsortiumWeights,
    ) -> _Model:
        n, months = capacity.shape
        owner, month = np.nonzero(capacity > 0.0)
        cap = capacity[owner, month]
        n_z = 0 if provinces is None else int(provinces.max()) + 1
        w0 = n
        s0 = w0 + n
        u_col = s0 + months
        z0 = u_col + 1
        n_vars = z0 + n_z

        objective = np.zeros(n_vars)
        objective[:n] = weights.members - weights.score * scores / 100.0
        objective[s0:u_col] = weights.shortfall / quota_kg
        objective[u_col] = weights.fairness

        integrality = np.zeros(n_vars)
        integrality[:n] = 1.0
        integrality[z0:] = 1.0

        upper = np.ones(n_vars)
        upper[s0:u_col] = quota_kg
        bounds = Bounds(np.zeros(n_vars), upper)

        members = np.arange(n)
        shortfall_cols = s0 + np.arange(months)
        r_member = members  # w[i] - y[i] <= 0
        r_load = n + members  # w[i] - u <= 0
        r_fair = 2 * n + month  # sum_i c[i,t] w[i] + s[t] >= Q
        r_cover = 2 * n + months + month  # sum_i min(c[i,t], Q) y[i] + s[t] >= Q
        r_count = 2 * n + 2 * months  # sum_i y[i] <= max_members
        rows = [r_member, r_member, r_load, r_load, r_fair, r_cover]
        cols = [w0 + members, members, w0 + members, np.full(n, u_col), w0 + owner, owner]
        data = [np.ones(n), -np.ones(n), np.ones(n), -np.ones(n), cap, np.minimum(cap, quota_kg)]
        rows += [2 * n + np.arange(months), 2 * n + months + np.arange(months)]
        cols += [shortfall_cols, shortfall_cols]
        data += [np.ones(months), np.ones(months)]
        rows.append(np.full(n, r_count))
        cols.append(members)
        data.append(np.ones(n))
        n_rows = r_count + 1
        lower: list[F64] = [np.full(2 * n + 2 * months + 1, -np.inf)]
        lower[0][2 * n : 2 * n + 2 * months] = quota_kg
        upper_rows: list[F64] = [np.zeros(2 * n + 2 * months + 1)]
        upper_rows[0][2 * n :] = np.inf
        upper_rows[0][r_count] = max_members
        if provinces is not None:
            r_prov = n_rows + members  # y[i] - z[p(i)] <= 0
            r_size = n_rows + n + provinces  # sum_{i in p} y[i] - max_members * z[p] <= 0
            r_one = n_rows + n + n_z  # sum_p z[p] <= 1
            province_cols = z0 + np.arange(n_z)
            rows += [r_prov, r_prov, r_size, n_rows + n + np.arange(n_z), np.full(n_z, r_one)]
            cols += [members, z0 + provinces, members, province_cols, province_cols]
            data += [np.ones(n), -np.ones(n), np.ones(n), np.full(n_z, -max_members), np.ones(n_z)]
            n_rows = r_one + 1
            lower += [np.full(n + n_z + 1, -np.inf)]
            upper_rows += [np.append(np.zeros(n + n_z), 1.0)]
        matrix = sparse.coo_array(
            (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n_rows, n_vars),
        ).tocsr()
        constraint = LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper_rows))
        return cls(n, objective, integrality, bounds, constraint)

    def solve(self, cuts: Sequence[I64], *, time_limit_s: float) -> tuple[I64, bool] | None:
        """Members (indices) of the best group not excluded by ``cuts``, and whether HiGHS
        proved it optimal. ``None`` when HiGHS found no group (or only the empty one)."""
        constraints = [self.constraint]
        if cuts:
            rows = np.concatenate([np.full(cut.size, k) for k, cut in enumerate(cuts)])
            cols = np.concatenate(cuts)
            matrix = sparse.coo_array(
                (np.ones(cols.size), (rows, cols)), shape=(len(cuts), self.objective.size)
            ).tocsr()
            sizes = np.array([cut.size for cut in cuts], dtype=np.float64)
            constraints.append(LinearConstraint(matrix, -np.inf, sizes - 1.0))
        result = milp(
            self.objective,
            integrality=self.integrality,
            bounds=self.bounds,
            constraints=constraints,
            options={"time_limit": time_limit_s, "mip_rel_gap": _MIP_REL_GAP},
        )
        if result.x is None:
            return None
        chosen = np.flatnonzero(result.x[: self.n_candidates] > 0.5).astype(np.int64)
        if chosen.size == 0:
            return None
        return chosen, bool(result.status == 0)


def _consortium(
    members: Sequence[ConsortiumCandidate],
    capacity: F64,
    scores: F64,
    *,
    quota_kg: float,
    optimal: bool,
    weights: ConsortiumWeights,
    unit_kg: float = GRAM_KG,
) -> Consortium:
    """The group with its allocations, totals, shortfall and objective.

    The solver fixes the members; the kilograms are then recomputed as the fair split of
    each month: every member gets the same share ``min(Q, C_t) / C_t`` of its capacity,
    ``C_t`` being the group's total capacity that month. That split has the solver's
    shortfall and the least possible load each month (so a load no higher than the solver's
    ``u``), is free of solver noise and, unlike the solver's, unique. Kilograms are then
    rounded to whole ``unit_kg`` (grams by default) without exceeding capacity or quota.
    """
    total_capacity = capacity.sum(axis=0)
    target = np.minimum(total_capacity, quota_kg)
    share = np.divide(target, total_capacity, out=np.zeros_like(target), where=total_capacity > 0)
    per_kg = 1.0 / unit_kg
    units = _round_to_units(capacity * share, capacity, target, per_kg)
    allocation = units / per_kg
    total = units.sum(axis=0) / per_kg
    shortfall = np.round(np.maximum(quota_kg - total, 0.0), 3)
    loads = np.divide(allocation, capacity, out=np.zeros_like(allocation), where=capacity > 0)
    member_load = np.minimum(loads.max(axis=1), 1.0)
    objective = (
        weights.shortfall * float(shortfall.sum()) / quota_kg
        + weights.members * len(members)
        - weights.score * float(scores.sum()) / 100.0
        + weights.fairness * float(member_load.max())
    )
    return Consortium(
        members=tuple(
            ConsortiumMember(
                product_id=candidate.product_id,
                umkm_id=candidate.umkm_id,
                allocation_kg=tuple(allocation[k].tolist()),
                capacity_kg=tuple(float(v) for v in candidate.capacity_kg),
                load=round(float(member_load[k]), 6),
            )
            for k, candidate in enumerate(members)
        ),
        total_kg=tuple(total.tolist()),
        shortfall_kg=tuple(shortfall.tolist()),
        meets_quota=bool((shortfall <= MEETS_TOLERANCE_KG).all()),
        objective=objective,
        optimal=optimal,
    )


def _round_to_units(ideal_kg: F64, capacity_kg: F64, target_kg: F64, per_kg: float) -> F64:
    """Whole units (``per_kg`` of them to the kg: 1000 for grams, 1 for kilograms) per member
    and month (members x months) that sum, per month, to the target rounded down to a unit,
    each at most the capacity rounded to a unit (up only within ``MEETS_TOLERANCE_KG``).

    Largest-remainder rounding: floor everything, then give the missing units to the
    members with the largest fractional parts (ties to the earlier member).
    """
    ideal = ideal_kg * per_kg
    # In whole kilograms (or coarser), a capacity within MEETS_TOLERANCE_KG of the next unit
    # offers it (999.6 kg: 1,000 kg), the tolerance a month's total is judged by anyway.
    bump = MEETS_TOLERANCE_KG * per_kg if per_kg <= 1 else 1e-6
    cap = np.floor(capacity_kg * per_kg + bump)
    units = np.minimum(np.floor(ideal), cap)
    goal = np.minimum(np.floor(target_kg * per_kg + bump), cap.sum(axis=0))
    missing = goal - units.sum(axis=0)
    remainder = np.where(units + 1 <= cap, ideal - units, -np.inf)
    order = np.argsort(-remainder, axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(order.shape[0])[:, None], axis=0)
    units += (rank < missing) & np.isfinite(remainder)
    return units
