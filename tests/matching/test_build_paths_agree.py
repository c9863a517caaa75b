"""The same data gives the same ranking whichever way the index was built: all at once, or
kept current by upserts (a long-running worker) — scores, components, months and flags alike.
Capacity figures with grams and figures above 2**24 kg are kept exactly (issue 13)."""

import random

from matching import MatchIndex
from tests.matching.helpers import JAN_2025, TODAY, demand, hs_descriptions, product

NAMES = (
    "kue salak",
    "keripik salak",
    "peyek kepiting",
    "amplang ikan pipih",
    "jahe merah segar",
    "kemiri kupas",
    "ikan asin kering",
    "nanas segar",
)


def _catalogue(seed: int) -> list:  # type: ignore[type-arg]
    rng = random.Random(seed)
    products = []
    for product_id in range(1, 121):
        months = {
            JAN_2025 - 12 + m: round(rng.uniform(1, 40_000_000), 3)
            for m in range(18)
            if rng.random() < 0.6  # gaps, so estimates (year ago, recent mean) are used
        }
        products.append(
            product(
                product_id,
                rng.choice(NAMES),
                capacities=months,
                umkm_id=product_id // 3,
                certificates=[("HALAL", None)] if rng.random() < 0.5 else [],
            )
        )
    return products


def _ranking(index: MatchIndex, text: str, quota: float) -> list[tuple[object, ...]]:
    found = index.query(
        demand(text, quota=quota, months=6, certs=("HALAL",)), today=TODAY, limit=50
    )
    return [
        (m.product_id, m.score, m.components, [tuple(x) for x in m.months], m.flags) for m in found
    ]


def test_a_built_index_and_an_upserted_index_rank_alike() -> None:
    for seed in range(3):
        products = _catalogue(seed)
        built = MatchIndex(hs_descriptions=hs_descriptions()).fit(products)
        kept = MatchIndex(hs_descriptions=hs_descriptions()).fit(products[:10])
        rng = random.Random(seed)
        for item in rng.sample(products, len(products)):  # in another order, some twice
            kept.upsert(item)
        for item in rng.sample(products, 30):
            kept.upsert(item)
        for text in NAMES:
            for quota in (1_000.0, 16_777_217.0, 20_000_000.001):
                assert _ranking(kept, text, quota) == _ranking(built, text, quota), (seed, text)
