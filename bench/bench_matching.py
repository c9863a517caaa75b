"""Benchmark the matching index on synthetic supply of realistic shape. Prints, never asserts.

    .venv/bin/python bench/bench_matching.py --sizes 10000,100000,1000000 --queries 200

Synthetic data (``--catalogue realistic``, the default): distinct names are 23 % of the
products, each built from the glossary's terms (a base, sometimes made into a form, sometimes
misspelt) with owner, shop, place, grade and size words ("Amplang Ikan Pipih Bu Siti 250 gr"),
every name used at least once and the rest repeating them with a Zipf-like popularity;
``--catalogue classic``: the ~4k names of before (bases x forms, Indonesian and English, typos,
region and shop words), Zipf-like. Then 24 months of capacity with a seasonal pattern and ~15%
unreported months; random certificates with expiry dates; 12 provinces. Per size: build time,
index memory, query median / p95 over varied queries (each computing its product fit), the same
queries asked again (product fit from the index's fit cache), the ratio of the median query to
one pass over compact arrays (``np.nanmin(capacity[:, window], axis=1)`` over all products), the
queries' CPU time (on a shared machine wall time includes waiting for a core), queries while
``--upserts-per-second`` (100) capacity upserts stream in for ``--stream-seconds`` (10; p99.9
and max), and upserts that bring new names. The distinct-name count is printed beside every
figure.

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
import dataclasses
import gc
import importlib
import resource
import statistics
import sys
import tempfile
import time
import timeit
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching import (  # noqa: E402
    Certificate,
    Demand,
    Glossary,
    MatchIndex,
    SupplyProduct,
    load_hs_descriptions,
    month_index,
    release_free_memory,
)
from matching.text import normalise  # noqa: E402

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
# Realistic catalogue: every UMKM names its product in its own way, so distinct names grow
# with the catalogue (owner, shop, place, grade and size words around the glossary's terms).
OWNER_TITLES = ("Bu", "Ibu", "Mama", "Pak", "Mbak", "Bunda", "Umi", "Acil", "Kak", "Abah")
OWNER_NAMES = (
    "Siti", "Ani", "Rina", "Yuli", "Dewi", "Sri", "Wati", "Nur", "Lina", "Ratna", "Fitri",
    "Ida", "Eka", "Tini", "Rahma", "Mira", "Santi", "Endang", "Yanti", "Nunung", "Iin", "Ema",
    "Budi", "Joko", "Agus", "Hasan", "Udin", "Rahman", "Slamet", "Bambang", "Herman", "Iwan",
    "Dedi", "Rudi", "Yusuf", "Arif", "Anto", "Hendra", "Imam", "Syarif", "Kasim", "Rosyid",
    "Salmah", "Aminah", "Halimah", "Zainab", "Maryam", "Juleha", "Masitah", "Norma", "Ijah",
    "Inah", "Asih", "Sumi", "Tuti", "Warsini", "Murni", "Lastri", "Darmi", "Sarah",
)  # fmt: skip
SHOP_KINDS = ("UD", "CV", "Toko", "Warung", "Dapur", "Rumah", "Kedai", "Griya", "Pondok")
SHOP_WORDS = (
    "Berkah", "Maju Jaya", "Sumber Rezeki", "Barokah", "Sejahtera", "Mandiri", "Lestari",
    "Makmur", "Sentosa", "Abadi", "Cahaya", "Mulia", "Harapan", "Sinar", "Amanah", "Bahari",
    "Borneo", "Mahakam", "Etam", "Kenari", "Melati", "Anggrek", "Tunas", "Karya",
)  # fmt: skip
PLACES = (
    "Samarinda", "Balikpapan", "Bontang", "Tenggarong", "Kutai", "Berau", "Paser", "Banjar",
    "Banjarmasin", "Martapura", "Kandangan", "Barabai", "Amuntai", "Pontianak", "Singkawang",
    "Sambas", "Palangkaraya", "Sampit", "Tarakan", "Nunukan", "Malinau", "Makassar", "Bone",
    "Pangkep", "Lombok", "Sumbawa", "Bima", "Bali", "Jogja", "Solo", "Malang", "Garut",
    "Cirebon", "Aceh", "Medan", "Padang", "Palembang", "Bangka", "Belitung", "Kaltim",
)  # fmt: skip
GRADES = (
    "Premium", "Super", "Grade A", "Grade B", "Kualitas Ekspor", "Pilihan", "Asli",
    "Original", "Spesial", "Istimewa", "Organik", "Kiloan", "Curah",
)  # fmt: skip
SIZES = (
    "250 gr", "500gr", "1 kg", "100 g", "Kemasan 250 gr", "Pack 500 gr", "isi 10",
    "Toples 400 gr", "200 gram", "5 kg", "Karung 25 kg", "Pouch 150 gr", "Box", "Ball",
)  # fmt: skip
#: Distinct names as a share of products in the realistic catalogue (issue 17: 15-30 %).
DISTINCT_SHARE = 0.23
CATALOGUES = ("realistic", "classic")
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


def make_realistic_names(
    count: int, rng: np.random.Generator
) -> tuple[list[str], list[str | None]]:
    """``count`` names, distinct once normalised, as UMKM write them: the glossary's terms (a
    base, sometimes made into a form, sometimes misspelt) with owner, shop, place, grade and
    size words ("Amplang Ikan Pipih Bu Siti 250 gr", "Kue Salak Mama Ani Premium")."""
    glossary = Glossary.default()
    bases = [c for c in glossary.concepts if c.role == "base"]
    forms = [c for c in glossary.concepts if c.role == "form"]
    seen: set[str] = set()
    result: list[str] = []
    hs_codes: list[str | None] = []

    def pick(options: tuple[str, ...]) -> str:
        return options[int(rng.integers(len(options)))]

    while len(result) < count:
        base = bases[int(rng.integers(len(bases)))]
        words = [base.terms[int(rng.integers(len(base.terms)))]]
        code = base.hs_code
        if rng.random() < 0.35:
            form = forms[int(rng.integers(len(forms)))]
            words.insert(0, form.terms[int(rng.integers(len(form.terms)))])
            code = form.hs_code or code
        if rng.random() < 0.1:
            i = int(rng.integers(len(words)))
            words[i] = _typo(words[i], rng)
        draw = rng.random(6)
        if draw[0] < 0.2:
            words.insert(0, f"{pick(SHOP_KINDS)} {pick(SHOP_WORDS)}")
        if draw[1] < 0.35:
            words.append(f"Khas {pick(PLACES)}")
        if draw[2] < 0.55:
            words.append(f"{pick(OWNER_TITLES)} {pick(OWNER_NAMES)}")
        if draw[3] < 0.3:
            words.append(pick(GRADES))
        if draw[4] < 0.5:
            words.append(pick(SIZES))
        name = " ".join(words)
        if draw[5] < 0.6:
            name = name.title()
        key = normalise(name)
        if key not in seen:
            seen.add(key)
            result.append(name)
            hs_codes.append(code if rng.random() < 0.4 else None)
    return result, hs_codes


def assign_names(
    n: int, rng: np.random.Generator, catalogue: str = "realistic"
) -> tuple[list[str], list[str | None], npt.NDArray[np.int64]]:
    """Distinct names, their HS codes (None: not given) and the name of each of ``n``
    products. ``realistic``: ``DISTINCT_SHARE`` x n distinct names, each used at least once,
    the other products repeating them with a Zipf-like popularity; ``classic``: 4,000 names
    (the catalogue before issue 17), Zipf-like."""
    if catalogue == "classic":
        names, hs_codes = make_names(4000, rng)
        popularity = 1.0 / np.arange(1, len(names) + 1) ** 0.8
        name_of = rng.choice(len(names), size=n, p=popularity / popularity.sum())
        return names, hs_codes, name_of.astype(np.int64)
    if catalogue != "realistic":
        raise ValueError(f"unknown catalogue {catalogue!r}")
    distinct = max(1, min(n, round(DISTINCT_SHARE * n)))
    names, hs_codes = make_realistic_names(distinct, rng)
    popularity = 1.0 / np.arange(1, distinct + 1) ** 0.8
    repeated = rng.choice(distinct, size=n - distinct, p=popularity / popularity.sum())
    name_of = rng.permutation(np.concatenate([np.arange(distinct), repeated]))
    return names, hs_codes, name_of.astype(np.int64)


def make_products(n: int, seed: int = 1, catalogue: str = "realistic") -> Iterator[SupplyProduct]:
    rng = np.random.default_rng(seed)
    names, hs_codes, name_of = assign_names(n, rng, catalogue)
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


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))]


def stream(
    index: MatchIndex,
    products: list[SupplyProduct],
    demands: list[tuple[Demand, str | None]],
    *,
    seconds: float,
    per_second: float,
) -> tuple[list[float], int]:
    """Queries one after another (each computing its product fit) for ``seconds`` while
    capacity upserts arrive at ``per_second`` (done between queries as they fall due, in the
    querying thread, as the service's catch-up does): query times (ms) and upserts done."""
    rng = np.random.default_rng(5)
    times: list[float] = []
    done = 0
    started = time.perf_counter()
    position = 0
    while (now := time.perf_counter()) - started < seconds:
        due = int((now - started) * per_second)
        while done < due:
            product = products[int(rng.integers(len(products)))]
            scale = float(rng.uniform(0.8, 1.2))
            index.upsert(
                dataclasses.replace(
                    product,
                    capacity_kg={m: round(kg * scale) for m, kg in product.capacity_kg.items()},
                )
            )
            done += 1
        demand, province = demands[position % len(demands)]
        position += 1
        index.vocabulary_.fit_cache.clear()
        t0 = time.perf_counter()
        index.query(demand, today=TODAY, province_code=province)
        times.append((time.perf_counter() - t0) * 1e3)
    return times, done


def run(n: int, queries: int, descriptions: dict[str, str], args: argparse.Namespace) -> None:
    gc.unfreeze()  # what an earlier size froze may go now
    gc.collect()
    sample: list[SupplyProduct] = []  # products the stream of upserts changes

    def kept(products: Iterator[SupplyProduct]) -> Iterator[SupplyProduct]:
        for position, product in enumerate(products):
            if position % max(1, n // 5000) == 0:
                sample.append(product)
            yield product

    started = time.perf_counter()
    index = MatchIndex(hs_descriptions=descriptions).fit(
        kept(make_products(n, catalogue=args.catalogue))
    )
    build = time.perf_counter() - started
    build_rss = _peak_rss_mb()
    # as the service does after a build (app.services.matching._settle): what is left is
    # frozen out of the cyclic collector's reach, so no query waits for a walk over it
    gc.collect()
    gc.freeze()
    release_free_memory()
    memory = index.memory_bytes() / 1e6
    slot_dict = sys.getsizeof(index.slots_.slot_of) / 1e6
    names = len(index.vocabulary_.name_texts)
    tag = f"[{args.catalogue}, N={n:,}, names={names:,}]"

    demands = make_demands(queries)
    for demand, province in demands[:10]:  # warm-up: request cache, lazy imports
        index.query(demand, today=TODAY, province_code=province)
    index.vocabulary_.request_cache.clear()
    times, cpu = [], []
    for demand, province in demands:
        index.vocabulary_.fit_cache.clear()  # every query computes its product fit
        t0, c0 = time.perf_counter(), time.thread_time()
        index.query(demand, today=TODAY, province_code=province)
        times.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
    median = statistics.median(times)
    p95 = _percentile(times, 0.95)
    again = []  # the same demands again: product fits from the fit cache
    for demand, province in demands:
        t0 = time.perf_counter()
        index.query(demand, today=TODAY, province_code=province)
        again.append((time.perf_counter() - t0) * 1e3)

    capacity = index.slots_.estimated[: len(index)]
    window = slice(6, 12)
    passes = []
    for _ in range(15):
        t0 = time.perf_counter()
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            np.nanmin(capacity[:, window], axis=1)
        passes.append((time.perf_counter() - t0) * 1e3)
    one_pass = statistics.median(passes)

    streamed, upserted = stream(
        index, sample, demands, seconds=args.stream_seconds, per_second=args.upserts_per_second
    )

    rng = np.random.default_rng(3)
    replacements = list(make_products(min(n, 300), seed=9, catalogue=args.catalogue))
    upserts = []
    for product in replacements:
        target = int(rng.integers(1, n + 1))
        changed = dataclasses.replace(product, product_id=target, unit_convertible=True)
        t0 = time.perf_counter()
        index.upsert(changed)
        upserts.append((time.perf_counter() - t0) * 1e6)
    t0 = time.perf_counter()
    index.query(demands[0][0], today=TODAY)
    after_upserts = (time.perf_counter() - t0) * 1e3

    print(
        f"{tag}  profiles={index.vocabulary_.n_profiles:,}\n"
        f"    {tag} build={build:6.1f} s  index={memory:7.1f} MB (+ id dict {slot_dict:.0f} MB)"
        f"  peak RSS after build={build_rss:,.0f} MB\n"
        f"    {tag} query median={median:6.2f} ms  p95={p95:6.2f} ms  "
        f"p99={_percentile(times, 0.99):6.2f} ms  one-pass nanmin={one_pass:6.2f} ms  "
        f"ratio={median / one_pass:5.2f}\n"
        f"    {tag} query CPU time (this thread's, unaffected by waiting for a core) "
        f"median={statistics.median(cpu):6.2f} ms  p95={_percentile(cpu, 0.95):6.2f} ms\n"
        f"    {tag} asked again (fit cached) median={statistics.median(again):6.2f} ms  "
        f"p95={_percentile(again, 0.95):6.2f} ms\n"
        f"    {tag} while {args.upserts_per_second:.0f} capacity upserts/s stream in "
        f"({upserted} upserts, {len(streamed)} queries in {args.stream_seconds:.0f} s): "
        f"median={statistics.median(streamed):6.2f} ms  p99={_percentile(streamed, 0.99):6.2f}"
        f" ms  p99.9={_percentile(streamed, 0.999):6.2f} ms  max={max(streamed):6.2f} ms\n"
        f"    {tag} upsert (new names and profiles) median={statistics.median(upserts):6.1f} us"
        f"  p95={_percentile(upserts, 0.95):6.1f} us  "
        f"first query after 300 such upserts={after_upserts:6.2f} ms",
        flush=True,
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _other_matching(checkout: Path) -> Any:
    """The ``matching`` package of another checkout, imported as ``matching_other``."""
    link_dir = Path(tempfile.mkdtemp(prefix="bench_matching_"))
    (link_dir / "matching_other").symlink_to(checkout.resolve() / "matching")
    sys.path.insert(0, str(link_dir))
    return importlib.import_module("matching_other")


def side_by_side(
    n: int, queries: int, descriptions: dict[str, str], other: Any, args: argparse.Namespace
) -> None:
    """Per-query fastest of 7 interleaved runs, this checkout's engine against ``other``."""
    products = list(make_products(n, catalogue=args.catalogue))
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
        "--catalogue",
        choices=CATALOGUES,
        default="realistic",
        help="realistic: distinct names 23%% of products (default); classic: 4,000 names",
    )
    parser.add_argument("--stream-seconds", type=float, default=10.0)
    parser.add_argument("--upserts-per-second", type=float, default=100.0)
    parser.add_argument(
        "--against", type=Path, default=None, help="another checkout to time side by side"
    )
    args = parser.parse_args()
    descriptions = load_hs_descriptions(*HS_FILES)
    other = _other_matching(args.against) if args.against else None
    print(machine_speed(), flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.queries, descriptions, args)
        print(machine_speed(), flush=True)
        if other is not None:
            side_by_side(size, args.queries, descriptions, other, args)


def machine_speed() -> str:
    """How fast this machine runs now: the same host gave twice the query times from one
    hour to the next (other guests on it). Queries are Python and small numpy steps, so
    their times follow a Python loop more than a pass over memory; both are printed."""
    loop = min(timeit.repeat("s = 0\nfor i in range(100_000): s += i", number=10, repeat=5))
    values = np.random.default_rng(0).random(1 << 20)
    picked = np.random.default_rng(1).integers(0, len(values), 15_000)
    gather = min(timeit.repeat(lambda: values[picked], number=100, repeat=5))
    return (
        f"[machine] a Python loop of 100,000 additions {loop / 10 * 1e3:.2f} ms; "
        f"a gather of 15,000 of 1M floats {gather / 100 * 1e6:.0f} us (fastest of 5)"
    )


if __name__ == "__main__":
    main()
