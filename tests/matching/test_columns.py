"""The columnar build (fit_columns) against the per-product one (fit), and upserts after it."""

import dataclasses
import weakref
from datetime import date, timedelta

import numpy as np
import pytest

from matching import MatchIndex, SupplyColumns, SupplyProduct
from matching.flags import estimated_months
from matching.slots import SupplySlots

from .helpers import JAN_2025, TODAY, demand, ids, product

NAMES = (
    "Kue Salak", "kue salak premium", "Bolu Salak", "Cabe Rawit", "cabai rawit merah",
    "Keripik Pisang", "Amplang Ikan Tenggiri", "Jahe Merah", "Kunyit Bubuk", "Ikan Teri Kering",
    "Produk Unggulan Bu Siti", "Gula Aren", "Kopi Robusta",
)  # fmt: skip
REQUESTS = (
    "kue salak", "snake fruit cake", "chili", "banana chips", "fish crackers", "ginger",
    "turmeric powder", "dried anchovy", "palm sugar", "coffee robusta",
)  # fmt: skip
CERTS = ("HALAL", "PIRT", "BPOM_MD", "NIB", "ORGANIC", "KOSHER")  # KOSHER: not a known type


def random_products(count: int, seed: int, first_id: int = 1) -> list[SupplyProduct]:
    rng = np.random.default_rng(seed)
    products = []
    for i in range(count):
        months = rng.integers(0, 24)
        capacities = {
            JAN_2025 - 6 + int(m): float(rng.choice([0.0, 300.0, 800.0, 1000.0, 2500.0, np.nan]))
            for m in rng.choice(30, size=months, replace=False)
        }
        certificates = [
            (
                str(rng.choice(CERTS)),
                None if rng.random() < 0.3 else date(2025, 1, 1) + timedelta(int(days)),
            )
            for days in rng.integers(0, 900, size=rng.integers(0, 4))
        ]
        updated = date(2024, 1, 1) + timedelta(int(rng.integers(0, 600)))
        products.append(
            product(
                first_id + i,
                str(rng.choice(NAMES)),
                capacities=capacities,
                umkm_id=int(rng.integers(1, 20)),
                updated=None if rng.random() < 0.1 else updated,
                certificates=certificates,
                hs_code=(None, "2008", "20089990", "0904")[int(rng.integers(4))],
                description=str(rng.choice(["", "salak pondoh", "snack"])),
                province_code=str(rng.choice(["64", "35", "11"])),
                unit_convertible=bool(rng.random() > 0.1),
            )
        )
    return products


def all_queries(index: MatchIndex) -> list[list[dict[str, object]]]:
    results = []
    for text in REQUESTS:
        for kwargs in (
            {},
            {"province_code": "64", "limit": 5},
            {"umkm_ids": {1, 2, 3, 4}, "min_score": 30.0},
        ):
            matches = index.query(
                demand(text, certs=["HALAL", "KOSHER"], start=JAN_2025 + 2, months=6),
                today=TODAY,
                **kwargs,  # type: ignore[arg-type]
            )
            results.append([dataclasses.asdict(m) for m in matches])
    return results


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_columns_gives_the_same_matches_as_fit(seed: int) -> None:
    products = random_products(300, seed)
    by_products = MatchIndex().fit(products)
    by_columns = MatchIndex().fit_columns(SupplyColumns.from_products(products))
    assert all_queries(by_columns) == all_queries(by_products)
    assert any(all_queries(by_columns))  # the data does produce matches


def test_upsert_and_remove_after_fit_columns_behave_as_after_fit() -> None:
    products = random_products(200, 4)
    by_products = MatchIndex().fit(products)
    by_columns = MatchIndex().fit_columns(SupplyColumns.from_products(products))
    rng = np.random.default_rng(5)
    # enough changes to go past the point where the per-profile lists are rebuilt
    for k, changed in enumerate(random_products(600, 6, first_id=1)):
        changed = dataclasses.replace(changed, product_id=int(rng.integers(1, 260)))
        for index in (by_products, by_columns):
            index.upsert(changed)
        if rng.random() < 0.3:
            gone = int(rng.integers(1, 260))
            for index in (by_products, by_columns):
                index.remove(gone)
        if k % 200 == 199:
            assert all_queries(by_columns) == all_queries(by_products)
    assert len(by_columns) == len(by_products)
    assert all_queries(by_columns) == all_queries(by_products)


def test_a_renamed_product_leaves_its_old_kind() -> None:
    index = MatchIndex().fit_columns(
        SupplyColumns.from_products([product(1, "Kue Salak"), product(2, "Kue Salak")])
    )
    index.upsert(product(1, "Cabe Rawit"))
    assert ids(index.query(demand("kue salak"), today=TODAY)) == [2]
    assert ids(index.query(demand("chili"), today=TODAY)) == [1]
    index.remove(1)
    index.upsert(product(3, "Kue Salak"))  # reuses the removed product's slot
    assert ids(index.query(demand("kue salak"), today=TODAY)) == [2, 3]
    assert index.query(demand("chili"), today=TODAY) == []


def test_a_product_given_twice_keeps_its_last_row() -> None:
    columns = SupplyColumns.from_products(
        [
            product(1, "Cabe Rawit", capacities=[50.0] * 6, committed_kg={JAN_2025: 10.0}),
            # the first row kept: its commitments must stay with it
            product(2, "Kue Salak", committed_kg={JAN_2025 + 1: 300.0}),
            product(1, "Kue Salak", capacities=[2000.0] * 6, certificates=[("HALAL", None)]),
        ]
    )
    index = MatchIndex().fit_columns(columns)
    assert len(index) == 2
    assert index.query(demand("chili"), today=TODAY) == []
    best, other = index.query(demand("kue salak", certs=["HALAL"]), today=TODAY)
    assert best.product_id == 1
    assert best.components.certification_fit == 1.0
    assert [m.capacity_kg for m in best.months] == [2000.0] * 4
    # the last row of product 1 has no commitments; product 2 keeps its own
    assert [m.committed_kg for m in best.months] == [0.0] * 4
    assert other.product_id == 2
    assert [(m.capacity_kg, m.committed_kg) for m in other.months] == [
        (1000.0, 0.0), (700.0, 300.0), (1000.0, 0.0), (1000.0, 0.0)
    ]  # fmt: skip


def test_columns_of_unequal_length_are_refused() -> None:
    columns = SupplyColumns.from_products([product(1, "Kue Salak")])
    with pytest.raises(ValueError, match="name"):
        dataclasses.replace(columns, name=[])
    with pytest.raises(ValueError, match="capacity_row"):
        dataclasses.replace(columns, capacity_row=columns.capacity_row + 5)


def test_fit_loaded_ranks_as_fit_columns_and_frees_the_figures_before_the_slot_arrays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    products = random_products(300, 8)
    figures: list[weakref.ref[np.ndarray]] = []
    freed_before_slots: list[bool] = []
    allocate = SupplySlots._allocate

    def watched(slots: SupplySlots, rows: int) -> None:
        freed_before_slots.append(all(ref() is None for ref in figures))
        allocate(slots, rows)

    def load() -> SupplyColumns:
        columns = SupplyColumns.from_products(products)
        figures.extend(weakref.ref(a) for a in (columns.capacity_kg, columns.capacity_month))
        return columns

    monkeypatch.setattr(SupplySlots, "_allocate", watched)
    loaded = MatchIndex().fit_loaded(load)
    assert freed_before_slots[0] is True  # the build's first allocation of slot arrays
    assert all_queries(loaded) == all_queries(MatchIndex().fit(products))
    # a caller of fit_columns holds its columns: they cannot be freed then
    held = SupplyColumns.from_products(products)
    figures[:] = [weakref.ref(held.capacity_kg)]
    MatchIndex().fit_columns(held)
    assert freed_before_slots[-1] is False


def test_columns_are_checked_when_two_groups_have_one_length() -> None:
    # one product with one capacity figure: both groups have length 1
    columns = SupplyColumns.from_products([product(1, "Kue Salak", capacities=[100.0])])
    assert len(columns) == len(columns.capacity_row) == 1
    with pytest.raises(ValueError, match="name"):
        dataclasses.replace(columns, name=[])
    with pytest.raises(ValueError, match="capacity_kg"):
        dataclasses.replace(columns, capacity_kg=np.array([1.0, 2.0]))


def test_an_index_grown_past_its_spare_rows_ranks_as_one_built_at_once() -> None:
    products = random_products(1300, 7)
    grown = MatchIndex().fit(products[:40])
    rows = len(grown.slots_.product_id)
    for changed in products[40:]:
        grown.upsert(changed)
    assert len(grown.slots_.product_id) > rows >= 1024  # it had to grow
    at_once = MatchIndex().fit(products)
    assert len(grown) == len(at_once) == 1300
    assert all_queries(grown) == all_queries(at_once)
    # the last product upserted is found like any other
    last = products[-1]
    found = grown.query(demand(last.name), today=TODAY, limit=100, umkm_ids={last.umkm_id})
    assert last.product_id in ids(found)


def test_estimated_months_message_counts_and_names_months() -> None:
    one = estimated_months([(JAN_2025, "year_ago", 900.0)])
    assert one.message_en == (
        "Capacity for 1 month was not reported and is estimated: "
        "1 month (Jan 2025) from the same month last year."
    )
    scattered = estimated_months(
        [
            (JAN_2025, "recent_mean", 500.0),
            (JAN_2025 + 1, "recent_mean", 500.0),
            (JAN_2025 + 3, "recent_mean", 600.0),
        ]
    )
    assert "3 months (Jan 2025–Feb 2025, Apr 2025) from the mean" in scattered.message_en
    assert "3 bulan (Jan 2025–Feb 2025, Apr 2025) dari rata-rata" in scattered.message_id
    assert "1.600" not in scattered.message_id and "1,600" not in scattered.message_en
    assert [row["capacity_kg"] for row in scattered.details["months"]] == [500.0, 500.0, 600.0]  # type: ignore[union-attr]
