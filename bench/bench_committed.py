"""Matching with committed capacity against matching without: prints, never asserts.

    .venv/bin/python bench/bench_committed.py --sizes 10000,100000 --queries 200 --share 0.1

Builds two indexes of the same synthetic products (``bench_matching.make_products``): one as
they are, one where a share of the products (``--share``) has signed deals committing 30-80 %
of its usual monthly capacity for 3-24 months over the months the demands ask for. Each demand
(``bench_matching.make_demands``, product fit computed afresh) is asked of both indexes in
turn (alternating which goes first), 7 times, keeping each one's fastest time, so load from
other processes on a shared machine falls on both alike. Prints the median and total of
those per-query times, their ratio, and the build time of each index (the fit of the
committed columns included).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import (  # noqa: E402
    FIRST_MONTH,
    HS_FILES,
    TODAY,
    make_demands,
    make_products,
)

from matching import (  # noqa: E402
    Demand,
    MatchIndex,
    SupplyColumns,
    SupplyProduct,
    load_hs_descriptions,
)

REPEATS = 7


def with_commitments(
    products: list[SupplyProduct], share: float, seed: int = 5
) -> list[SupplyProduct]:
    """``products`` where ``share`` of them have one or two deals committing part of their
    usual capacity."""
    rng = np.random.default_rng(seed)
    out = []
    for product in products:
        if rng.random() >= share or not product.capacity_kg:
            out.append(product)
            continue
        usual = statistics.fmean(product.capacity_kg.values())
        committed: dict[int, float] = {}
        for _ in range(int(rng.integers(1, 3))):
            start = FIRST_MONTH + int(rng.integers(12, 36))
            for month in range(start, start + int(rng.integers(3, 25))):
                kg = round(usual * float(rng.uniform(0.3, 0.8)), 3)
                committed[month] = committed.get(month, 0.0) + kg
        out.append(dataclasses.replace(product, committed_kg=committed))
    return out


def fastest(
    indexes: dict[str, MatchIndex], demand: Demand, province: str | None
) -> dict[str, float]:
    """Each index's fastest of REPEATS runs of the query (product fit computed afresh), the
    two asked in turn and in alternating order, so that neither always runs on the caches
    the other warmed."""
    best = dict.fromkeys(indexes, float("inf"))
    labels = list(indexes)
    for repeat in range(REPEATS):
        for label in labels if repeat % 2 == 0 else labels[::-1]:
            index = indexes[label]
            index.vocabulary_.fit_cache.clear()
            started = time.perf_counter()
            index.query(demand, today=TODAY, province_code=province)
            best[label] = min(best[label], time.perf_counter() - started)
    return {label: seconds * 1e3 for label, seconds in best.items()}


def run(n: int, queries: int, share: float, descriptions: dict[str, str]) -> None:
    plain_products = list(make_products(n))
    committed_products = with_commitments(plain_products, share)
    holding = sum(1 for p in committed_products if p.committed_kg)
    builds = {}
    indexes = {}
    for label, products in (("without", plain_products), ("with", committed_products)):
        columns = SupplyColumns.from_products(products)
        started = time.perf_counter()
        indexes[label] = MatchIndex(hs_descriptions=descriptions).fit_columns(columns)
        builds[label] = time.perf_counter() - started
    demands = make_demands(queries)
    for demand, province in demands[:10]:  # warm-up
        for index in indexes.values():
            index.query(demand, today=TODAY, province_code=province)
    times: dict[str, list[float]] = {"without": [], "with": []}
    changed = 0
    for demand, province in demands:
        for label, milliseconds in fastest(indexes, demand, province).items():
            times[label].append(milliseconds)
        plain = indexes["without"].query(demand, today=TODAY, province_code=province)
        other = indexes["with"].query(demand, today=TODAY, province_code=province)
        changed += [m.product_id for m in plain] != [m.product_id for m in other]
    median = {label: statistics.median(values) for label, values in times.items()}
    total = {label: sum(values) for label, values in times.items()}
    print(
        f"N={n:>9,}  products with commitments={holding:,} ({holding / n:.0%})  "
        f"rankings changed={changed}/{len(demands)}\n"
        f"    build without={builds['without']:.2f} s  with={builds['with']:.2f} s\n"
        f"    query median without={median['without']:.3f} ms  with={median['with']:.3f} ms  "
        f"({100 * (median['with'] / median['without'] - 1):+.1f} %)\n"
        f"    query total  without={total['without']:.1f} ms  with={total['with']:.1f} ms  "
        f"({100 * (total['with'] / total['without'] - 1):+.1f} %)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--share", type=float, default=0.1, help="products with deals")
    args = parser.parse_args()
    descriptions = load_hs_descriptions(*HS_FILES)
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.queries, args.share, descriptions)


if __name__ == "__main__":
    main()
