"""Wall time of :func:`matching.consortium.build_consortia` on synthetic requests.

Candidates look like UMKM supply: a base capacity of 100..5,000 kg/month (log-uniform), a
seasonal swing with a random peak month, a harvest gap of 0..4 months with no capacity, scores
30..95 and one of 5 provinces. The window is 12 months; the quota is 3.5x the median of the
candidates' monthly capacities, raised when needed to 5% above the best candidate's worst
month, so no single candidate meets it.

For 50, 500 and 5,000 candidates, over 5 seeded instances each, it prints the median and max
wall time for the best group (limit=1) and for three alternatives (limit=3), the members of
the best group, and how many instances met the quota / were proven optimal. It prints; it
does not assert.

    .venv/bin/python bench/bench_consortium.py            # from the repository root
    .venv/bin/python bench/bench_consortium.py --same-province
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.consortium import ConsortiumCandidate, build_consortia  # noqa: E402

MONTHS = 12
PROVINCES = ("32", "33", "35", "51", "73")  # Jabar, Jateng, Jatim, Bali, Sulsel


def synthetic_request(
    n: int, seed: int, quota_kg: float | None = None
) -> tuple[list[ConsortiumCandidate], float]:
    """``n`` candidates and a monthly quota (kg): ``quota_kg`` if given, else one that no
    single candidate meets."""
    rng = np.random.default_rng(seed)
    base = np.exp(rng.uniform(np.log(100.0), np.log(5000.0), n))
    peak = rng.integers(0, MONTHS, n)
    month = np.arange(MONTHS)
    phase = 2 * np.pi * (month[None, :] - peak[:, None]) / MONTHS
    swing = rng.uniform(0.0, 0.6, n)[:, None]
    capacity = base[:, None] * (1.0 + swing * np.cos(phase)) * rng.uniform(0.9, 1.1, (n, MONTHS))
    gap_start = rng.integers(0, MONTHS, n)
    gap_length = rng.integers(0, 5, n)
    in_gap = (month[None, :] - gap_start[:, None]) % MONTHS < gap_length[:, None]
    capacity = np.round(np.clip(np.where(in_gap, 0.0, capacity), 0.0, 5000.0), 1)
    scores = np.round(rng.uniform(30.0, 95.0, n), 1)
    provinces = rng.choice(PROVINCES, n)
    # 3.5x the median monthly capacity, raised if needed above every candidate's worst month.
    quota = float(np.round(3.5 * np.median(capacity[capacity > 0]), -1))
    quota = max(quota, float(np.ceil(1.05 * capacity.min(axis=1).max() / 10.0) * 10.0))
    quota = quota if quota_kg is None else quota_kg
    candidates = [
        ConsortiumCandidate(
            product_id=i + 1,
            umkm_id=i + 1,
            score=float(scores[i]),
            capacity_kg=tuple(capacity[i].tolist()),
            province_code=str(provinces[i]),
        )
        for i in range(n)
    ]
    return candidates, quota


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--max-members", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--same-province", action="store_true")
    parser.add_argument("--quota-kg", type=float, help="fixed monthly quota instead of 3.5x")
    args = parser.parse_args()

    print(
        f"window {MONTHS} months, max_members {args.max_members}, "
        f"same_province {args.same_province}, time_limit_s {args.time_limit}, "
        f"quota {'3.5x median (see docstring)' if args.quota_kg is None else args.quota_kg}, "
        f"{args.seeds} seeds per size"
    )
    header = (
        f"{'n':>6} {'limit':>5} {'median s':>9} {'max s':>8} {'groups':>7} "
        f"{'members(best)':>14} {'met':>5} {'optimal':>8}"
    )
    print(header)
    for n in args.sizes:
        for limit in (1, 3):
            times: list[float] = []
            members: list[int] = []
            groups = met = optimal = 0
            for seed in range(args.seeds):
                candidates, quota = synthetic_request(n, seed, args.quota_kg)
                start = time.perf_counter()
                found = build_consortia(
                    candidates,
                    quota_kg=quota,
                    max_members=args.max_members,
                    same_province=args.same_province,
                    limit=limit,
                    time_limit_s=args.time_limit,
                )
                times.append(time.perf_counter() - start)
                groups += len(found)
                if found:
                    members.append(len(found[0].members))
                    met += found[0].meets_quota
                    optimal += all(group.optimal for group in found)
            print(
                f"{n:>6} {limit:>5} {statistics.median(times):>9.3f} {max(times):>8.3f} "
                f"{groups:>7} {','.join(map(str, members)):>14} "
                f"{met:>3}/{args.seeds} {optimal:>5}/{args.seeds}"
            )


if __name__ == "__main__":
    main()
