"""Benchmark the matching index on synthetic supply of realistic shape. Prints, never asserts.

    .venv/bin/python bench/bench_matching.py --sizes 10000,100000,1000000 --queries 200

Synthetic data: ~4k distinct product names built from glossary vocabulary (bases x forms,
Indonesian and English, typos, region and shop words), repeating across UMKM with a Zipf-like
popularity; 24 months of capacity with a seasonal pattern and ~15% unreported months; random
certificates with expiry dates; 12 provinces. Per size: build time, index memory, query
median / p95 over varied queries (each computing its product fit), the same queries asked
again (product fit from the index's fit cache), the ratio of the median query to one pass
over compact arrays (``np.nanmin(capacity[:, window], axis=1)`` over all products), and
upsert time.

    .venv/bin/python bench/bench_matching.py --sizes 10000,100000 --queries 200 --against DIR

``--against DIR`` also times another checkout's ``matching`` package (DIR holds its
``matching/``, e.g. ``git worktree add /tmp/old <commit>`` or ``git archive <commit> | tar -x
-C /tmp/old``) side by side in this process: both indexes are built from the same products, and
each query is asked of one then the other, 7 times, keeping each one's fastest time, so load
from other processes on a shared machine falls on both alike. Prints the median and total of
those per-query times, with and without the fit cache, and both indexes' memory. (The other
package reads its data files through ``importlib.resources.files("matching")``, that is from
this checkout's ``matching/data``.)
"""

from __future__ import annotations

import argparse
import gc
import importlib
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching import (  # noqa: E402
    Certificate,
    Demand,
    Glossary,
    MatchIndex,
    SupplyProduct,
    load_hs_descriptions,
    month_index,
)

ROOT = Path(__file__).resolve().parents[1]
HS_FILES = (
    ROOT / "app/refdata/hs/harmonized-system.csv",
    ROOT / "app/refdata/hs/bps_hs2022_8digit_en.csv",
)
FIRST_MONTH = month_index(2024, 1)
MONTHS = 24
TODAY = date(2025, 12, 20)
CERTS = ("NIB", "PIRT", "BPOM_MD", "HALAL", "SNI", "HACCP", "ORGANIC", "GACC", "FDA", "SKP")
PROVINCES = ("64", "63", "62", "61", "65", "35", "33", "32", "51", "52", "73", "11")
EXTRAS = (
    "", "", "", "premium", "khas samarinda", "khas banjar", "kaltim", "asli", "super",
    "kemasan 250 gr", "1 kg", "ud berkah", "bu siti", "organik", "kiloan", "grade a", "murah",
)  # fmt: skip


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 5:
        return word
    pos = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(3)
    if kind == 0:
        return word[:pos] + word[pos + 1 :]
    if kind == 1:
        return word[:pos] + word[pos] + word[pos:]
    return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]


def make_names(count: int, rng: np.random.Generator) -> tuple[list[str], list[str | None]]:
    glossary = Glossary.default()
    bases = [c for c in glossary.concepts if c.role == "base"]
    forms = [c for c in glossary.concepts if c.role == "form"]
    names: set[str] = set()
    result: list[str] = []
    hs_codes: list[str | None] = []
    while len(result) < count:
        base = bases[int(rng.integers(len(bases)))]
        words = [base.terms[int(rng.integers(len(base.terms)))]]
        code = base.hs_code
        if rng.random() < 0.35:
            form = forms[int(rng.integers(len(forms)))]
            words.insert(0, form.terms[int(rng.integers(len(form.terms)))])
            code = form.hs_code or code
        extra = EXTRAS[int(rng.integers(len(EXTRAS)))]
        if extra:
            words.append(extra)
        name = " ".join(words)
        if rng.random() < 0.15:
            parts = name.split()
            i = int(rng.integers(len(parts)))
            parts[i] = _typo(parts[i], rng)
            name = " ".join(parts)
        if rng.random() < 0.5:
            name = name.title()
        if name not in names:
            names.add(name)
            result.append(name)
            hs_codes.append(code if rng.random() < 0.4 else None)
    return result, hs_codes


def make_products(n: int, seed: int = 1) -> Iterator[SupplyProduct]:
    rng = np.random.default_rng(seed)
    names, hs_codes = make_names(4000, rng)
    popularity = 1.0 / np.arange(1, len(names) + 1) ** 0.8
    name_of = rng.choice(len(names), size=n, p=popularity / popularity.sum())
    level = rng.lognormal(mean=6.5, sigma=1.0, size=n).astype(np.float32)  # ~700 kg/month
    phase = rng.uniform(0, 2 * np.pi, size=n)
    season = 1 + 0.3 * np.sin(2 * np.pi * np.arange(MONTHS) / 12 + phase[:, None])
    capacity = (level[:, None] * season).round(0)
    capacity[rng.random((n, MONTHS)) < 0.15] = np.nan
    reported_months = rng.integers(6, MONTHS + 1, size=n)  # newer products report fewer months
    cert_mask = rng.random((n, len(CERTS))) < 0.3
    expiry = rng.integers(date(2025, 1, 1).toordinal(), date(2028, 1, 1).toordinal(), (n, 10))
    updated = rng.integers(date(2024, 6, 1).toordinal(), TODAY.toordinal(), size=n)
    province = rng.integers(len(PROVINCES), size=n)
    month_ids = list(range(FIRST_MONTH, FIRST_MONTH + MONTHS))
    for i in range(n):
        row = capacity[i].tolist()
        start = MONTHS - int(reported_months[i])
        cap = {m: v for m, v in zip(month_ids[start:], row[start:], strict=True) if v == v}
        certs = tuple(
            Certificate(CERTS[j], date.fromordinal(int(expiry[i, j])))
            for j in np.flatnonzero(cert_mask[i]).tolist()
        )
        yield SupplyProduct(
            product_id=i + 1,
            umkm_id=i // 3 + 1,
            name=names[int(name_of[i])],
            hs_code=hs_codes[int(name_of[i])],
            province_code=PROVINCES[int(province[i])],
            capacity_kg=cap,
            capacity_updated_on=date.fromordinal(int(updated[i])),
            certificates=certs,
            unit_convertible=bool(rng.random() > 0.01),
        )


REQUESTS = (
    "cake salak", "snake fruit cake", "kue salak", "chili", "cabe rawit", "dried anchovy",
    "ikan teri", "ginger", "jahe merah", "turmeric powder", "kunyit", "candlenut", "kemiri",
    "dried fish", "ikan asin", "sea salt", "garam", "cocoa beans", "biji kakao", "pineapple",
    "nanas", "chicken", "rattan handicraft", "anyaman rotan", "bamboo basket", "batik cloth",
    "beads", "coffee robusta", "kopi", "palm sugar", "gula aren", "banana chips",
    "keripik pisang", "fish crackers", "amplang", "forest honey", "madu kelulut",
    "black pepper", "lada", "shallots", "crab", "peyek kepiting", "seaweed", "rumput laut",
    "edible bird nest", "cinnamon", "cloves", "nutmeg", "vanilla", "coconut sugar",
    "virgin coconut oil", "shrimp paste", "dried shrimp", "squid", "tempeh chips",
    "wood carving", "sasirangan", "durian dodol", "kratom", "agarwood",
)  # fmt: skip


def make_demands(count: int, seed: int = 2) -> list[tuple[Demand, str | None]]:
    rng = np.random.default_rng(seed)
    demands = []
    for _ in range(count):
        text = REQUESTS[int(rng.integers(len(REQUESTS)))]
        required = tuple(CERTS[j] for j in np.flatnonzero(rng.random(len(CERTS)) < 0.15).tolist())
        demand = Demand(
            product=text,
            hs_code=None,
            monthly_quota_kg=float(rng.choice([100, 500, 1000, 2000, 5000])),
            start_month=FIRST_MONTH + int(rng.integers(18, 30)),
            months=int(rng.integers(3, 13)),
            required_certifications=required,
        )
        province = PROVINCES[int(rng.integers(len(PROVINCES)))] if rng.random() < 0.2 else None
        demands.append((demand, province))
    return demands


def run(n: int, queries: int, descriptions: dict[str, str]) -> None:
    gc.collect()
    started = time.perf_counter()
    index = MatchIndex(hs_descriptions=descriptions).fit(make_products(n))
    build = time.perf_counter() - started
    memory = index.memory_bytes() / 1e6
    slot_dict = sys.getsizeof(index.slots_.slot_of) / 1e6

    demands = make_demands(queries)
    for demand, province in demands[:10]:  # warm-up: request cache, lazy imports
        index.query(demand, today=TODAY, province_code=province)
    index.vocabulary_.request_cache.clear()
    times = []
    for demand, province in demands:
        index.vocabulary_.fit_cache.clear()  # every query computes its product fit
        t0 = time.perf_counter()
        index.query(demand, today=TODAY, province_code=province)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    median = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    again = []  # the same demands again: product fits from the fit cache
    for demand, province in demands:
        t0 = time.perf_counter()
        index.query(demand, today=TODAY, province_code=province)
        again.append((time.perf_counter() - t0) * 1e3)
    again.sort()

    capacity = index.slots_.capacity[: len(index)]
    window = slice(6, 12)
    passes = []
    for _ in range(15):
        t0 = time.perf_counter()
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            np.nanmin(capacity[:, window], axis=1)
        passes.append((time.perf_counter() - t0) * 1e3)
    one_pass = statistics.median(passes)

    rng = np.random.default_rng(3)
    replacements = list(make_products(min(n, 300), seed=9))
    upserts = []
    for product in replacements:
        target = int(rng.integers(1, n + 1))
        changed = SupplyProduct(
            product_id=target,
            umkm_id=product.umkm_id,
            name=product.name,
            hs_code=product.hs_code,
            province_code=product.province_code,
            capacity_kg=product.capacity_kg,
            capacity_updated_on=product.capacity_updated_on,
            certificates=product.certificates,
        )
        t0 = time.perf_counter()
        index.upsert(changed)
        upserts.append((time.perf_counter() - t0) * 1e6)
    t0 = time.perf_counter()
    index.query(demands[0][0], today=TODAY)
    after_upserts = (time.perf_counter() - t0) * 1e3

    print(
        f"N={n:>9,}  names={len(index.vocabulary_.name_texts):>5}  "
        f"profiles={index.vocabulary_.n_profiles:>5}  "
        f"build={build:7.1f} s  index={memory:7.1f} MB (+ id dict {slot_dict:.0f} MB)\n"
        f"    query median={median:6.2f} ms  p95={p95:6.2f} ms  "
        f"one-pass nanmin={one_pass:6.2f} ms  ratio={median / one_pass:5.2f}\n"
        f"    asked again (fit cached) median={statistics.median(again):6.2f} ms  "
        f"p95={again[int(0.95 * (len(again) - 1))]:6.2f} ms\n"
        f"    upsert median={statistics.median(upserts):6.1f} us  "
        f"p95={sorted(upserts)[int(0.95 * (len(upserts) - 1))]:6.1f} us  "
        f"first query after upserts={after_upserts:6.2f} ms",
        flush=True,
    )


def _other_matching(checkout: Path) -> Any:
    """The ``matching`` package of another checkout, imported as ``matching_other``."""
    link_dir = Path(tempfile.mkdtemp(prefix="bench_matching_"))
    (link_dir / "matching_other").symlink_to(checkout.resolve() / "matching")
    sys.path.insert(0, str(link_dir))
    return importlib.import_module("matching_other")


def side_by_side(n: int, queries: int, descriptions: dict[str, str], other: Any) -> None:
    """Per-query fastest of 7 interleaved runs, this checkout's engine against ``other``."""
    products = list(make_products(n))
    new = MatchIndex(hs_descriptions=descriptions).fit(products)
    old = other.MatchIndex(hs_descriptions=descriptions).fit(products)
    demands = make_demands(queries)
    old_demands = [
        other.Demand(d.product, d.hs_code, d.monthly_quota_kg, d.start_month, d.months,
                     d.required_certifications)
        for d, _ in demands
    ]  # fmt: skip

    def timed(index: Any, demand: Any, province: str | None, cached: bool) -> float:
        if not cached:
            index.vocabulary_.fit_cache.clear()
        t0 = time.perf_counter()
        index.query(demand, today=TODAY, province_code=province)
        return time.perf_counter() - t0

    for (demand, province), old_demand in zip(demands, old_demands, strict=True):  # warm-up
        new.query(demand, today=TODAY, province_code=province)
        old.query(old_demand, today=TODAY, province_code=province)
    print(
        f"N={n:>9,}  side by side: memory {old.memory_bytes() / 1e6:.1f} MB (other) -> "
        f"{new.memory_bytes() / 1e6:.1f} MB (this)"
    )
    for cached in (False, True):
        old_times, new_times = [], []
        for (demand, province), old_demand in zip(demands, old_demands, strict=True):
            old_runs, new_runs = [], []
            for _ in range(7):
                old_runs.append(timed(old, old_demand, province, cached))
                new_runs.append(timed(new, demand, province, cached))
            old_times.append(min(old_runs) * 1e3)
            new_times.append(min(new_runs) * 1e3)
        old_median, new_median = statistics.median(old_times), statistics.median(new_times)
        print(
            f"    {'asked again (fit cached)' if cached else 'query'}: median of per-query "
            f"fastest {old_median:.3f} ms (other) -> {new_median:.3f} ms (this), "
            f"{100 * (new_median / old_median - 1):+.1f}%; total {sum(old_times):.0f} -> "
            f"{sum(new_times):.0f} ms, {100 * (sum(new_times) / sum(old_times) - 1):+.1f}%",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--against", type=Path, default=None, help="another checkout to time side by side"
    )
    args = parser.parse_args()
    descriptions = load_hs_descriptions(*HS_FILES)
    other = _other_matching(args.against) if args.against else None
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.queries, descriptions)
        if other is not None:
            side_by_side(size, args.queries, descriptions, other)


if __name__ == "__main__":
    main()
