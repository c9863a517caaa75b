"""The scheduling model: every rule holds for each solver, and the tiers are ordered."""

from collections import Counter

import pytest

from app.scheduler import (
    FixedMeeting,
    MeetingWanted,
    Schedule,
    ScheduleProblem,
    idle_slots,
    solve,
    solve_cpsat,
    solve_highs,
)

SOLVERS = {
    "service": solve,
    "cp-sat": solve_cpsat,
    "highs": solve_highs,
}


def _problem(fixed: tuple[FixedMeeting, ...] = ()) -> ScheduleProblem:
    # buyers 1..3, UMKM 11..14; two days of 4 slots; 2 tables; cap 3
    wanted = [
        MeetingWanted(1, 1, 11, 90),
        MeetingWanted(2, 1, 12, 80),
        MeetingWanted(3, 1, 13, 70),
        MeetingWanted(4, 1, 14, 10),  # buyer 1 is capped at 3: the lightest one is left out
        MeetingWanted(5, 2, 11, 60),
        MeetingWanted(6, 2, 12, 60),
        MeetingWanted(7, 3, 13, 50),
        MeetingWanted(8, 3, 14, 50),
    ]
    return ScheduleProblem(
        slot_days=[0, 0, 0, 0, 1, 1, 1, 1],
        tables=2,
        cap=3,
        wanted=wanted,
        available={3: frozenset({4, 5, 6, 7}), 13: frozenset({0, 1, 4, 5})},
        fixed=fixed,
    )


def _check(problem: ScheduleProblem, schedule: Schedule) -> None:
    by_id = {m.request_id: m for m in problem.wanted}
    seats = [(by_id[r].a, slot) for r, (slot, _) in schedule.placed.items()]
    seats += [(by_id[r].b, slot) for r, (slot, _) in schedule.placed.items()]
    assert len(set(seats)) == len(seats)  # nobody in two meetings at once
    tables = [(slot, table) for slot, table in schedule.placed.values()]
    assert len(set(tables)) == len(tables) and all(1 <= t <= 2 for _, t in tables)
    for r, (slot, _) in schedule.placed.items():
        for party in (by_id[r].a, by_id[r].b):
            assert slot in problem.available.get(party, frozenset(range(8)))
    assert max(Counter(p for p, _ in seats).values()) <= 3


@pytest.mark.parametrize("name", SOLVERS)
def test_every_solver_keeps_the_rules_and_finds_the_best_weight(name: str) -> None:
    problem = _problem()
    schedule = SOLVERS[name](problem, time_limit=20)
    _check(problem, schedule)
    assert schedule.weight == 460 and 4 not in schedule.placed
    assert schedule.weight_optimal


def test_the_service_solver_leaves_no_idle_slot_when_none_is_needed() -> None:
    schedule = solve(_problem(), time_limit=20)
    assert schedule.idle == 0 and schedule.max_idle == 0 and schedule.optimal


def test_fixed_meetings_keep_their_slot_and_table() -> None:
    fixed = (FixedMeeting(1, 3, 2), FixedMeeting(7, 5, 1))
    problem = _problem(fixed)
    schedule = solve(problem, time_limit=20)
    _check(problem, schedule)
    assert schedule.placed[1] == (3, 2) and schedule.placed[7] == (5, 1)


def test_idle_slots_count_only_available_slots_between_meetings_of_a_day() -> None:
    problem = ScheduleProblem(
        slot_days=[0, 0, 0, 0, 0, 1, 1],
        tables=5,
        cap=5,
        wanted=[
            MeetingWanted(1, "a", "x", 1),
            MeetingWanted(2, "a", "y", 1),
            MeetingWanted(3, "a", "z", 1),
        ],
        available={"a": frozenset({0, 1, 3, 4, 5, 6})},  # slot 2 is not available
    )
    # slots 0 and 4 on day 0: slots 1 and 3 idle (2 is not available); slot 6 alone on day 1
    assert idle_slots(problem, {1: (0, 1), 2: (4, 1), 3: (6, 1)})["a"] == 2
