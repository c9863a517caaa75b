"""Mission scheduling: OR-Tools CP-SAT against scipy's HiGHS MILP on the same model.

    .venv/bin/python bench/bench_schedule.py [--sizes 20,40,80,200] [--solvers hybrid,cpsat,highs]

"hybrid" is what the service runs: HiGHS for the first tier (most priority-weighted
meetings), CP-SAT from that solution for the idle tiers.

For each size: half buyers, half UMKM; each participant asks for 3–4 meetings on average
(requests = participants × 3.75 ÷ 2 … kept at the issue's figures: 20/75, 40/150, 80/300,
200/800); one day 09:00–16:00 in 20-minute slots with a lunch break (18 slots); a quarter
of the participants is available only in the morning or the afternoon; tables enough for
the requests with a little slack; cap 8 meetings. Prints solve time, meetings scheduled of
those requested, total and worst idle slots, and whether every tier was proven optimal.
Targets (issue 15): 40/150 in ≤ 2 s; 80/300 optimal in ≤ 30 s; 200/800 complete in ≤ 60 s.
"""

import argparse
import random
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.scheduler import (  # noqa: E402
    MeetingWanted,
    Schedule,
    ScheduleProblem,
    solve_cpsat,
    solve_highs,
)

REQUESTS = {20: 75, 40: 150, 80: 300, 200: 800}
SLOTS = 18  # 09:00–16:00, 20 minutes, 12:00–13:00 lunch
# The targets as time limits: every solver gets the same budget per size.
LIMITS = {20: 2.0, 40: 2.0, 80: 30.0, 200: 60.0}


def problem_of(participants: int, seed: int = 15) -> ScheduleProblem:
    rng = random.Random(seed)
    buyers = list(range(participants // 2))
    umkm = list(range(participants // 2, participants))
    wanted_count = REQUESTS.get(participants, participants * 15 // 8)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < wanted_count:
        pairs.add((rng.choice(buyers), rng.choice(umkm)))
    wanted = [
        MeetingWanted(request_id=i + 1, a=a, b=b, weight=rng.randint(40, 100))
        for i, (a, b) in enumerate(sorted(pairs))
    ]
    available = {}
    for p in range(participants):
        roll = rng.random()
        if roll < 0.125:
            available[p] = frozenset(range(0, 9))  # morning only
        elif roll < 0.25:
            available[p] = frozenset(range(9, SLOTS))  # afternoon only
    tables = -(-wanted_count // SLOTS) + 2
    return ScheduleProblem(
        slot_days=[0] * SLOTS, tables=tables, cap=8, wanted=wanted, available=available
    )


def line(size: int, requests: int, schedule: Schedule) -> str:
    return (
        f"{schedule.solver:12} {size:4d} participants {requests:4d} requests  "
        f"{schedule.seconds:7.2f} s  scheduled {len(schedule.placed):4d}/{requests:<4d} "
        f"weight {schedule.weight:6d}  idle {schedule.idle:4d} (worst {schedule.max_idle})  "
        f"weight {'proven best' if schedule.weight_optimal else 'not proven'}, "
        f"{'all tiers proven' if schedule.optimal else 'idle tiers stopped at the limit'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,40,80,200")
    parser.add_argument("--solvers", default="hybrid,cpsat,highs")
    args = parser.parse_args()
    solvers: dict[str, Callable[..., Schedule]] = {
        "hybrid": partial(solve_cpsat, first_tier="highs", keep_meetings=True),  # the service's
        "cpsat": solve_cpsat,
        "highs": solve_highs,
    }
    for size in (int(s) for s in args.sizes.split(",")):
        problem = problem_of(size)
        for name in args.solvers.split(","):
            schedule = solvers[name](problem, time_limit=LIMITS.get(size, 60.0))
            print(line(size, len(problem.wanted), schedule), flush=True)


if __name__ == "__main__":
    main()
