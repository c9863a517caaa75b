"""Consortium building: the hand-checked numbers a dinas officer would see, and brute force.

Quotas and capacities are kg per month; scores 0..100.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

import matching.consortium as consortium_module
from matching.consortium import (
    DEFAULT_WEIGHTS,
    Consortium,
    ConsortiumCandidate,
    build_consortia,
)


def candidate(
    product_id: int, capacity_kg: Sequence[float], score: float = 50.0, province: str = ""
) -> ConsortiumCandidate:
    return ConsortiumCandidate(
        product_id=product_id,
        umkm_id=100 + product_id,
        score=score,
        capacity_kg=tuple(capacity_kg),
        province_code=province,
    )


def abc() -> list[ConsortiumCandidate]:
    """A [600]*3 score 90, B [500]*3 score 80, C [1000, 300, 1000] score 50."""
    return [
        candidate(1, [600, 600, 600], 90),
        candidate(2, [500, 500, 500], 80),
        candidate(3, [1000, 300, 1000], 50),
    ]


def member_ids(group: Consortium) -> set[int]:
    return {member.product_id for member in group.members}


def assert_consistent(group: Consortium, quota_kg: float) -> None:
    """What every group must satisfy, whatever the instance."""
    for member in group.members:
        assert len(member.allocation_kg) == len(member.capacity_kg) == len(group.total_kg)
        for allocation, capacity in zip(member.allocation_kg, member.capacity_kg, strict=True):
            assert 0.0 <= allocation <= capacity + 1e-9
        loads = [a / c for a, c in zip(member.allocation_kg, member.capacity_kg, strict=True) if c]
        assert member.load == pytest.approx(max(loads), abs=1e-6)
    for month, total in enumerate(group.total_kg):
        assert total == pytest.approx(sum(m.allocation_kg[month] for m in group.members), abs=1e-6)
        assert total <= quota_kg + 1e-9
        assert group.shortfall_kg[month] == pytest.approx(max(quota_kg - total, 0.0), abs=1e-6)
    assert group.meets_quota == all(s <= 0.5 for s in group.shortfall_kg)


# --- hand-checked examples ---------------------------------------------------------------


def test_best_pair_meets_quota_with_fair_split() -> None:
    groups = build_consortia(abc(), quota_kg=1000)

    best = groups[0]
    assert member_ids(best) == {1, 2}
    assert best.meets_quota and best.optimal
    assert best.total_kg == (1000.0, 1000.0, 1000.0)
    assert best.shortfall_kg == (0.0, 0.0, 0.0)
    # A and B carry the same share of their capacity: 1000 / (600 + 500) = 0.90909...
    a, b = sorted(best.members, key=lambda m: m.product_id)
    assert a.allocation_kg == (545.455, 545.455, 545.455)  # 600 * 1000 / 1100
    assert b.allocation_kg == (454.545, 454.545, 454.545)  # 500 * 1000 / 1100
    assert a.load == pytest.approx(1000 / 1100, abs=1e-5)
    assert b.load == pytest.approx(1000 / 1100, abs=1e-5)
    assert a.umkm_id == 101 and a.capacity_kg == (600.0, 600.0, 600.0)
    assert_consistent(best, 1000)


def test_single_member_that_meets_alone_beats_any_pair() -> None:
    # D has the lowest score, but one member beats two.
    candidates = [*abc(), candidate(4, [1200, 1200, 1200], 40)]

    best = build_consortia(candidates, quota_kg=1000, limit=1)[0]

    assert member_ids(best) == {4}
    assert best.members[0].allocation_kg == (1000.0, 1000.0, 1000.0)  # never above the quota
    assert best.members[0].load == pytest.approx(1000 / 1200, abs=1e-6)
    assert best.meets_quota


def test_no_group_meets_returns_least_shortfall_with_per_month_gap() -> None:
    candidates = [
        candidate(1, [400, 300, 500], 60),
        candidate(2, [300, 300, 200], 70),
        candidate(3, [200, 100, 100], 95),
    ]

    groups = build_consortia(candidates, quota_kg=1000, max_members=2)

    # A+B: [700, 600, 700] -> short 300 + 400 + 300 = 1,000 kg; A+C: 1,400 kg;
    # A alone and B+C: 1,800 kg each, where one member beats two.
    best = groups[0]
    assert member_ids(best) == {1, 2}
    assert not best.meets_quota
    assert best.total_kg == (700.0, 600.0, 700.0)
    assert best.shortfall_kg == (300.0, 400.0, 300.0)
    for member in best.members:  # everyone is asked for all they have
        assert member.allocation_kg == member.capacity_kg and member.load == 1.0
    assert [member_ids(g) for g in groups] == [{1, 2}, {1, 3}, {1}]
    assert [sum(g.shortfall_kg) for g in groups] == [1000.0, 1400.0, 1800.0]


def test_max_members_is_respected() -> None:
    candidates = [candidate(i, [300, 300], 50 + i) for i in range(1, 7)]

    three = build_consortia(candidates, quota_kg=1000, max_members=3, limit=1)[0]
    four = build_consortia(candidates, quota_kg=1000, max_members=4, limit=1)[0]

    assert len(three.members) == 3 and not three.meets_quota
    assert three.shortfall_kg == (100.0, 100.0)
    assert member_ids(three) == {4, 5, 6}  # the best scores among equals
    assert len(four.members) == 4 and four.meets_quota
    assert member_ids(four) == {3, 4, 5, 6}


def test_same_province_changes_the_best_group() -> None:
    candidates = [
        candidate(1, [600, 600], 90, province="32"),
        candidate(2, [500, 500], 80, province="33"),
        candidate(3, [550, 550], 70, province="33"),
    ]

    anywhere = build_consortia(candidates, quota_kg=1000, limit=1)[0]
    one_province = build_consortia(candidates, quota_kg=1000, same_province=True, limit=3)

    assert member_ids(anywhere) == {1, 2}  # scores 90 + 80, spans Jabar and Jateng
    assert member_ids(one_province[0]) == {2, 3}  # both Jateng
    assert one_province[0].meets_quota
    # The rest can only be single products, none of which meets the quota.
    assert all(len(g.members) == 1 and not g.meets_quota for g in one_province[1:])


def test_same_province_keeps_products_without_province_alone() -> None:
    candidates = [candidate(1, [600], 90), candidate(2, [500], 80)]

    best = build_consortia(candidates, quota_kg=1000, same_province=True, limit=1)[0]

    assert member_ids(best) == {1}
    assert best.shortfall_kg == (400.0,)


def test_limit_three_gives_distinct_groups_best_first() -> None:
    candidates = [*abc(), candidate(4, [1200, 1200, 1200], 40)]

    groups = build_consortia(candidates, quota_kg=1000, limit=3)

    # {D} meets alone; {A, B} meets with two; every other group misses month 2.
    assert [member_ids(g) for g in groups] == [{4}, {1, 2}, {1, 3}]
    assert [g.meets_quota for g in groups] == [True, True, False]
    assert groups[2].shortfall_kg == (0.0, 100.0, 0.0)
    assert [g.objective for g in groups] == sorted(g.objective for g in groups)
    for group in groups:
        assert_consistent(group, 1000)


def test_limit_larger_than_possible_groups() -> None:
    groups = build_consortia([candidate(1, [600]), candidate(2, [500])], quota_kg=1000, limit=5)

    assert [member_ids(g) for g in groups] == [{1, 2}, {1}, {2}]


def test_empty_input_and_products_without_capacity() -> None:
    assert build_consortia([], quota_kg=1000) == []
    assert build_consortia([candidate(1, [0, 0, 0], 99)], quota_kg=1000) == []

    with_idle = [candidate(9, [0, 0, 0], 100), *abc()]
    best = build_consortia(with_idle, quota_kg=1000, limit=1)[0]
    assert member_ids(best) == {1, 2}


def test_a_steady_maker_never_largest_in_a_month_is_not_pruned_away() -> None:
    # 210 makers with 100 kg in one month only (70 a month, score 50) fill every month's
    # largest capacities, the best scores and the best score x capacity; the one maker with
    # 60 kg every month (score 1) is kept only for the largest window total, and alone she
    # meets a 60 kg quota
    spikes = [
        candidate(1 + 70 * month + k, [100.0 if m == month else 0.0 for m in range(3)], 50)
        for month in range(3)
        for k in range(70)
    ]
    steady = candidate(999, [60.0, 60.0, 60.0], 1)
    best = build_consortia([*spikes, steady], quota_kg=60, max_members=1, limit=1)[0]
    assert member_ids(best) == {999}
    assert best.meets_quota and best.total_kg == (60.0, 60.0, 60.0)


def test_time_limit_reached_is_reported_as_not_optimal(monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped_by_time_limit(*args: Any, **kwargs: Any) -> Any:
        result = milp(*args, **kwargs)
        result.status = 1  # what HiGHS reports when time_limit stops it with a solution
        return result

    monkeypatch.setattr(consortium_module, "milp", stopped_by_time_limit)

    best = build_consortia(abc(), quota_kg=1000, limit=1)[0]
    assert member_ids(best) == {1, 2} and not best.optimal


@pytest.mark.parametrize(
    ("arguments", "candidates", "named"),
    [
        ({"quota_kg": 0}, None, "quota_kg"),
        ({"quota_kg": -5}, None, "quota_kg"),
        ({"quota_kg": math.nan}, None, "quota_kg"),
        ({"quota_kg": 1000, "max_members": 0}, None, "max_members"),
        ({"quota_kg": 1000, "limit": 0}, None, "limit"),
        ({"quota_kg": 1000, "time_limit_s": 0}, None, "time_limit_s"),
        ({"quota_kg": 1000}, [candidate(1, [1, 2]), candidate(2, [1])], r"candidates\[1\]"),
        ({"quota_kg": 1000}, [candidate(1, [])], r"candidates\[0\].capacity_kg"),
        ({"quota_kg": 1000}, [candidate(1, [5]), candidate(2, [-1])], r"candidates\[1\].capa"),
        ({"quota_kg": 1000}, [candidate(1, [math.inf])], r"candidates\[0\].capacity_kg"),
        ({"quota_kg": 1000}, [candidate(1, [5], score=120)], r"candidates\[0\].score"),
        ({"quota_kg": 1000}, [candidate(1, [5]), candidate(1, [6])], "product_id"),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(
    arguments: dict[str, Any], candidates: list[ConsortiumCandidate] | None, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        build_consortia(abc() if candidates is None else candidates, **arguments)


# --- seeded random instances against brute force and the textbook model ------------------


def random_instance(seed: int) -> tuple[list[ConsortiumCandidate], float, int]:
    """Integer kg and integer scores, so tiers never tie by a fraction of a kg or a point."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 9))
    months = int(rng.integers(1, 5))
    capacity = rng.integers(0, 900, (n, months)) * (rng.random((n, months)) > 0.15)
    scores = rng.integers(30, 96, n)
    quota = float(rng.integers(300, 2000))
    max_members = int(rng.integers(1, 5))
    candidates = [
        candidate(i + 1, capacity[i].tolist(), float(scores[i]), province=f"{rng.integers(3)}")
        for i in range(n)
    ]
    return candidates, quota, max_members


def brute_force_best(
    candidates: Sequence[ConsortiumCandidate], quota_kg: float, max_members: int
) -> tuple[float, int, float]:
    """(least total shortfall, fewest members for it, best score sum for both)."""
    best: tuple[float, int, float] | None = None
    for size in range(1, max_members + 1):
        for group in itertools.combinations(candidates, size):
            totals = np.sum([c.capacity_kg for c in group], axis=0)
            shortfall = float(np.maximum(quota_kg - totals, 0.0).sum())
            key = (shortfall, size, -sum(c.score for c in group))
            best = key if best is None or key < best else best
    assert best is not None
    return best[0], best[1], -best[2]


@pytest.mark.parametrize("seed", range(30))
def test_milp_matches_brute_force_on_random_instances(seed: int) -> None:
    candidates, quota, max_members = random_instance(seed)
    usable = [c for c in candidates if max(c.capacity_kg) > 0]

    groups = build_consortia(candidates, quota_kg=quota, max_members=max_members, limit=3)

    if not usable:
        assert groups == []
        return
    shortfall, size, score = brute_force_best(usable, quota, max_members)
    best = groups[0]
    assert sum(best.shortfall_kg) == pytest.approx(shortfall, abs=0.01)
    assert len(best.members) == size
    assert sum(c.score for c in candidates if c.product_id in member_ids(best)) == score
    assert len({frozenset(member_ids(g)) for g in groups}) == len(groups)
    assert [g.objective for g in groups] == sorted(g.objective for g in groups)
    for group in groups:
        assert 1 <= len(group.members) <= max_members
        assert_consistent(group, quota)


def textbook_objective(
    candidates: Sequence[ConsortiumCandidate], quota_kg: float, max_members: int
) -> float:
    """Optimal objective of the model as first written, with allocation variables x[i, t]:
    x <= c * y, sum_i x + s == Q, sum y <= max_members, x <= u * c."""
    capacity = np.array([c.capacity_kg for c in candidates], dtype=float)
    scores = np.array([c.score for c in candidates])
    n, months = capacity.shape
    x0, s0, u = n, n + n * months, n + n * months + months
    n_vars = u + 1
    weights = DEFAULT_WEIGHTS
    cost = np.zeros(n_vars)
    cost[:n] = weights.members - weights.score * scores / 100
    cost[s0:u] = weights.shortfall / quota_kg
    cost[u] = weights.fairness
    x = x0 + np.arange(n * months)
    owner, month = np.divmod(np.arange(n * months), months)
    cells = np.arange(n * months)
    rows = np.concatenate([cells, cells, n * months + cells, n * months + cells])
    cols = np.concatenate([x, owner, x, np.full(n * months, u)])
    vals = np.concatenate([np.ones(n * months), -capacity.ravel()] * 2)
    quota_rows = 2 * n * months + month
    rows = np.concatenate([rows, quota_rows, 2 * n * months + np.arange(months)])
    cols = np.concatenate([cols, x, s0 + np.arange(months)])
    vals = np.concatenate([vals, np.ones(n * months), np.ones(months)])
    count_row = 2 * n * months + months
    rows = np.concatenate([rows, np.full(n, count_row)])
    cols = np.concatenate([cols, np.arange(n)])
    vals = np.concatenate([vals, np.ones(n)])
    matrix = sparse.coo_array((vals, (rows, cols)), shape=(count_row + 1, n_vars))
    lower = np.concatenate([np.full(2 * n * months, -np.inf), np.full(months, quota_kg), [0]])
    upper = np.concatenate([np.zeros(2 * n * months), np.full(months, quota_kg), [max_members]])
    integrality = np.zeros(n_vars)
    integrality[:n] = 1
    upper_bounds = np.full(n_vars, np.inf)
    upper_bounds[:n] = 1
    upper_bounds[u] = 1
    result = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(np.zeros(n_vars), upper_bounds),
        constraints=LinearConstraint(matrix.tocsr(), lower, upper),
        options={"mip_rel_gap": 1e-9},
    )
    assert result.status == 0
    return float(result.fun)


@pytest.mark.parametrize("seed", range(10))
def test_solved_model_has_the_textbook_models_optimum(seed: int) -> None:
    candidates, quota, max_members = random_instance(100 + seed)
    usable = [c for c in candidates if max(c.capacity_kg) > 0]

    groups = build_consortia(candidates, quota_kg=quota, max_members=max_members, limit=1)

    if usable:
        expected = textbook_objective(usable, quota, max_members)
        # Whole-gram rounding of the reported allocations moves the fairness term a little.
        assert groups[0].objective == pytest.approx(expected, abs=1e-7)
