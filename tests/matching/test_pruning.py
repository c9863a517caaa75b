"""Candidate pruning (issue 17): the index computes the product fit only of the profiles that
could reach ``min_product_fit`` and must return exactly what the full scoring returns, on the
hand-graded evaluation set and on the benchmark's realistic catalogue, before and after
upserts that bring new names."""

import dataclasses
import importlib.util
import json
from datetime import date
from functools import cache
from types import ModuleType

import numpy as np
import pytest

from matching import Demand, MatchIndex, SupplyProduct, load_hs_descriptions, month_index, scoring
from matching.postings import MAX_BLOCKS

from .helpers import HS_FILES, ROOT, TODAY, demand, index_of, product

TOP = 100


@cache
def _descriptions() -> dict[str, str]:
    return load_hs_descriptions(*HS_FILES)


@cache
def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_matching", ROOT / "bench" / "bench_matching.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ranked(index: MatchIndex, wanted: Demand, today: date, **filters: object) -> list[object]:
    """Everything a user sees of the top matches: ids, scores, components, months, flags."""
    return [
        (m.rank, m.product_id, m.score, m.components, m.months, m.flags, m.fit_reason_en)
        for m in index.query(wanted, today=today, limit=TOP, **filters)  # type: ignore[arg-type]
    ]


def _pair(products: list[SupplyProduct], **params: object) -> tuple[MatchIndex, MatchIndex]:
    pruned = MatchIndex(hs_descriptions=_descriptions(), **params).fit(products)  # type: ignore[arg-type]
    full = MatchIndex(hs_descriptions=_descriptions(), prune=False, **params).fit(products)  # type: ignore[arg-type]
    return pruned, full


def _eval_set() -> tuple[list[SupplyProduct], list[Demand]]:
    data = json.loads((ROOT / "tests/matching/data/eval_set.json").read_text())
    start = month_index(2025, 1)
    products = [
        SupplyProduct(
            product_id=p["product_id"],
            umkm_id=p["product_id"],
            name=p["name"],
            # capacity differs per product, so scores differ and the ranking below the fit
            # tiers is not only by id
            capacity_kg={start + i: 200.0 + 37.0 * (p["product_id"] % 29) for i in range(3)},
            capacity_updated_on=date(2025, 1, 31),
        )
        for p in data["products"]
    ]
    demands = [Demand(r["text"], r.get("hs_code"), 1000.0, start, 3) for r in data["requests"]]
    return products, demands


def test_pruning_keeps_the_top_100_on_the_evaluation_set() -> None:
    products, demands = _eval_set()
    pruned, full = _pair(products)
    assert len(demands) >= 100
    returned = 0
    for wanted in demands:
        expected = _ranked(full, wanted, date(2025, 2, 1))
        assert _ranked(pruned, wanted, date(2025, 2, 1)) == expected, wanted.product
        returned += len(expected)
    assert returned > 1000  # the requests do find products: the comparison is not empty


def test_pruned_fit_equals_the_full_fit_wherever_it_can_matter() -> None:
    products, demands = _eval_set()
    pruned, _ = _pair(products)
    vocabulary = pruned.vocabulary_
    for wanted in demands:
        request = vocabulary.request(wanted)
        every = vocabulary.profile_fit(request)
        kept = vocabulary.profile_fit(request, 0.3)
        fitting = every >= 0.3
        assert np.array_equal(kept[fitting], every[fitting]), wanted.product  # bit for bit
        assert np.all(kept[~fitting] < 0.3), wanted.product


def _bench_sample(count: int) -> tuple[list[SupplyProduct], list[tuple[Demand, str | None]]]:
    bench = _bench()
    products = list(bench.make_products(count, seed=11))
    rng = np.random.default_rng(17)
    demands = bench.make_demands(400, seed=23)
    sample = [demands[int(i)] for i in rng.choice(len(demands), size=60, replace=False)]
    # and some requests written like the listings themselves
    for name in ("Amplang Ikan Pipih Bu Siti", "kue salak mama ani", "Keripik Pisang Khas Berau"):
        sample.append((dataclasses.replace(sample[0][0], product=name), None))
    return products, sample


def test_pruning_keeps_the_top_100_on_benchmark_queries() -> None:
    products, sample = _bench_sample(6000)
    pruned, full = _pair(products)
    today = _bench().TODAY
    for wanted, province in sample:
        expected = _ranked(full, wanted, today, province_code=province)
        assert _ranked(pruned, wanted, today, province_code=province) == expected
    # after upserts of new names (a block of text rows and profiles not yet grouped) and
    # with a higher floor
    newcomers = list(_bench().make_products(300, seed=12))
    for offset, newcomer in enumerate(newcomers):
        moved = dataclasses.replace(newcomer, product_id=len(products) + 1 + offset)
        pruned.upsert(moved)
        full.upsert(moved)
    for wanted, province in sample[:25]:
        expected = _ranked(full, wanted, today, province_code=province)
        assert _ranked(pruned, wanted, today, province_code=province) == expected
    strict, strict_full = _pair(products[:3000], min_product_fit=0.5)
    for wanted, _ in sample[:25]:
        expected = _ranked(strict_full, wanted, today)
        assert _ranked(strict, wanted, today) == expected


def test_work_grows_with_the_names_that_could_fit() -> None:
    """A request for one commodity looks at the profiles of that commodity's kind and of
    names that read like it, not at the whole catalogue."""
    products, _ = _bench_sample(6000)
    pruned, _ = _pair(products)
    vocabulary = pruned.vocabulary_
    for text in ("cabe rawit", "kue salak", "madu kelulut", "sea salt"):
        request = vocabulary.request(demand(text))
        looked_at = int(np.count_nonzero(vocabulary.profile_fit(request, 0.3) > -1))
        fitting = int(np.count_nonzero(vocabulary.profile_fit(request) >= 0.3))
        assert looked_at >= fitting
        assert looked_at <= max(3 * fitting, 40), text
        assert looked_at < vocabulary.n_profiles // 5, text


@pytest.mark.parametrize("floor", [0.0, 0.3])
def test_a_name_the_glossary_cannot_read_is_found_by_its_hs_code(floor: float) -> None:
    """A profile with no concept and no shared text ("Produk Unggulan Bu Siti", HS 0904)
    reaches the fit floor through its HS code alone; pruning must not lose it."""
    index = index_of(
        product(1, "Produk Unggulan Bu Siti", hs_code="09042110"),
        product(2, "Kue Salak"),
        hs_descriptions=_descriptions(),
        min_product_fit=floor,
    )
    found = index.query(demand("chili", hs_code="0904"), today=TODAY)
    assert [m.product_id for m in found][:1] == [1]


@pytest.mark.parametrize("limit", [1, 5, 20])
def test_scoring_the_best_bounds_first_returns_what_scoring_every_candidate_does(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """A tier's capacity is read only for the candidates whose bound (capacity at its peak in
    every month) could reach the best scores found: forced on for every tier here, with a
    first step of a few candidates, the matches must still be the full scoring's, ties,
    a minimum score, certificates, units without kg and a province included."""
    monkeypatch.setattr(scoring, "BOUND_FROM", 0)
    monkeypatch.setattr(scoring, "PROBE_MIN", 3)
    monkeypatch.setattr(scoring, "PROBE_PER_MATCH", 1)
    products, sample = _bench_sample(6000)
    pruned, full = _pair(products)
    today = _bench().TODAY
    unit_less = dataclasses.replace(sample[1][0], monthly_quota_kg=None)
    for wanted, province in [*sample[:30], (unit_less, None)]:
        for min_score in (0.0, 65.0):
            found = pruned.query(
                wanted, today=today, limit=limit, min_score=min_score, province_code=province
            )
            expected = full.query(
                wanted, today=today, limit=limit, min_score=min_score, province_code=province
            )
            assert found == expected, (wanted.product, min_score)


def test_a_product_whose_capacity_peaks_over_the_quota_is_not_passed_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bound is the capacity's peak: a product that reaches the quota in one month only
    scores below one that reaches it in all; the first step must look at both."""
    monkeypatch.setattr(scoring, "BOUND_FROM", 0)
    monkeypatch.setattr(scoring, "PROBE_MIN", 1)
    monkeypatch.setattr(scoring, "PROBE_PER_MATCH", 1)
    start = month_index(2025, 1)
    steady = product(1, "Kue Salak", capacities=(1000.0, 1000.0, 1000.0), first_month=start)
    one_month = product(2, "Kue Salak", capacities=(5000.0, 0.0, 0.0), first_month=start)
    index = index_of(one_month, steady)
    wanted = Demand("kue salak", None, 1000.0, start, 3)
    found = index.query(wanted, today=date(2025, 2, 1), limit=2)
    assert [m.product_id for m in found] == [1, 2]
    assert found[0].score > found[1].score
    assert [m.product_id for m in index.query(wanted, today=date(2025, 2, 1), limit=1)] == [1]


def test_an_index_kept_current_by_many_catch_ups_ranks_as_one_built_at_once() -> None:
    """Names added between queries go into small blocks of postings, merged past
    ``MAX_BLOCKS``: after a dozen catch-ups the matches are those of an index built from
    every product at once."""
    products, sample = _bench_sample(3000)
    today = _bench().TODAY
    kept = MatchIndex(hs_descriptions=_descriptions()).fit(products[:1500])
    later = products[1500:]
    for position in range(12):
        for newcomer in later[position * 125 : (position + 1) * 125]:
            kept.upsert(newcomer)
        kept.query(sample[position][0], today=today)  # a query reads the new names in
    blocks = kept.vocabulary_.name_text.blocks
    assert 1 < len(blocks) <= MAX_BLOCKS  # merged along the way, never one block per round
    built = MatchIndex(hs_descriptions=_descriptions()).fit(products)
    for wanted, province in sample[:30]:
        expected = _ranked(built, wanted, today, province_code=province)
        assert _ranked(kept, wanted, today, province_code=province) == expected
