"""Index operations: upsert, remove, filters, limits, ties; and the no-app-imports rule."""

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import matching.index
from matching import MatchIndex
from matching.postings import NameText

from .helpers import JAN_2025, ROOT, TODAY, demand, ids, index_of, product


def test_upsert_is_seen_by_the_next_query() -> None:
    index = index_of(product(1, "Kue Salak", capacities=[100.0] * 6), product(2, "Kue Salak"))
    assert ids(index.query(demand("kue salak"), today=TODAY)) == [2, 1]
    index.upsert(product(1, "Kue Salak", capacities=[5000.0] * 6, certificates=[("HALAL", None)]))
    matches = index.query(demand("kue salak", certs=["HALAL"]), today=TODAY)
    assert ids(matches) == [1, 2]
    assert matches[0].components.capacity_coverage == 1.0
    assert matches[0].components.certification_fit == 1.0
    assert len(index) == 2


def test_upsert_new_product_new_name_and_later_month() -> None:
    index = index_of(product(1, "Kue Salak"))
    later = {JAN_2025 + 30: 700.0}  # beyond the stored month axis
    index.upsert(product(2, "Amplang Ikan Tenggiri", capacities=later))
    assert len(index) == 2
    matches = index.query(demand("fish crackers", start=JAN_2025 + 30, months=1), today=TODAY)
    assert ids(matches)[0] == 2
    assert matches[0].months[0].capacity_kg == 700.0 and not matches[0].months[0].estimated
    # the first product's row was widened too: its Jul 2027 estimate is the mean of its last
    # three reports (1000 kg)
    assert (
        index.query(demand("kue salak", start=JAN_2025 + 30, months=1), today=TODAY)[0]
        .months[0]
        .capacity_kg
        == 1000.0
    )


def test_a_demand_asked_again_sees_new_names_and_renames() -> None:
    """The second query of a demand takes its product fit from the fit cache: a product added
    under a new name, or renamed to another kind, between the two queries still gets the
    ranking and scores a freshly built index gives."""
    products = {1: product(1, "Kue Salak"), 2: product(2, "Cabe Rawit")}
    index = index_of(*products.values())
    wanted = demand("snake fruit cake")
    assert ids(index.query(wanted, today=TODAY)) == [1]
    ranked = []
    for change in (product(3, "Kue Salak Premium"), product(3, "Cabe Rawit Merah")):
        index.upsert(change)
        products[3] = change
        fresh = index_of(*products.values())
        got = [(m.product_id, m.score) for m in index.query(wanted, today=TODAY)]
        assert got == [(m.product_id, m.score) for m in fresh.query(wanted, today=TODAY)]
        ranked.append([product_id for product_id, _ in got])
    assert ranked == [[1, 3], [1]]  # the new cake maker, then no chili


def test_the_fit_cache_keeps_to_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    index = index_of(*(product(i, name) for i, name in enumerate(
        ["Kue Salak", "Cabe Rawit", "Amplang", "Kopi Robusta"], start=1)))  # fmt: skip
    texts = ["kue salak", "chili", "fish crackers", "coffee beans", "salak cake"]
    expected = [ids(index.query(demand(t), today=TODAY)) for t in texts]
    # room for the last two fits asked for, not for a third
    last_two = sum(index._fit_cache[(text, None)][1].nbytes for text in texts[-2:])
    assert index._fit_cache[(texts[-3], None)][1].nbytes > 0
    monkeypatch.setattr(matching.index, "FIT_CACHE_BYTES", last_two)
    cached = index_of(*(product(i, name) for i, name in enumerate(
        ["Kue Salak", "Cabe Rawit", "Amplang", "Kopi Robusta"], start=1)))  # fmt: skip
    for _ in range(2):
        assert [ids(cached.query(demand(t), today=TODAY)) for t in texts] == expected
        assert len(cached._fit_cache) == 2
    assert list(cached._fit_cache) == [("coffee beans", None), ("salak cake", None)]


def test_remove_and_slot_reuse() -> None:
    index = index_of(product(1, "Kue Salak"), product(2, "Kue Salak"))
    index.remove(1)
    assert ids(index.query(demand("kue salak"), today=TODAY)) == [2]
    assert len(index) == 1 and 1 not in index
    index.remove(1)  # absent: no-op
    index.upsert(product(3, "Cabe Rawit"))
    assert ids(index.query(demand("kue salak"), today=TODAY)) == [2]
    assert ids(index.query(demand("chili"), today=TODAY)) == [3]


def test_province_and_umkm_filters() -> None:
    index = index_of(
        product(1, "Kue Salak", province_code="64", umkm_id=7),
        product(2, "Kue Salak", province_code="35", umkm_id=8),
        product(3, "Kue Salak", province_code="64", umkm_id=9),
    )
    assert ids(index.query(demand("kue salak"), today=TODAY, province_code="64")) == [1, 3]
    assert index.query(demand("kue salak"), today=TODAY, province_code="11") == []
    assert ids(index.query(demand("kue salak"), today=TODAY, umkm_ids={8, 9})) == [2, 3]


def test_min_score_and_limit() -> None:
    index = index_of(
        product(1, "Kue Salak", capacities=[1000.0] * 6),
        product(2, "Kue Salak", capacities=[500.0] * 6),
        product(3, "Kue Salak", capacities=[100.0] * 6),
    )
    everything = index.query(demand("kue salak"), today=TODAY)
    assert ids(everything) == [1, 2, 3]
    assert [m.rank for m in everything] == [1, 2, 3]
    threshold = everything[1].score
    assert ids(index.query(demand("kue salak"), today=TODAY, min_score=threshold)) == [1, 2]
    assert ids(index.query(demand("kue salak"), today=TODAY, limit=1)) == [1]


def test_ties_break_by_product_id() -> None:
    index = index_of(*[product(pid, "Kue Salak") for pid in (42, 7, 19, 3)])
    matches = index.query(demand("kue salak"), today=TODAY, limit=3)
    assert ids(matches) == [3, 7, 19]
    assert len({m.score for m in matches}) == 1


def test_query_before_fit_is_refused() -> None:
    with pytest.raises(RuntimeError):
        MatchIndex().query(demand("kue salak"), today=date(2025, 1, 1))


def test_constructor_only_stores_parameters() -> None:
    index = MatchIndex(stale_after_months=3)
    assert not [name for name in vars(index) if name.endswith("_")]


def test_matching_imports_nothing_from_the_service() -> None:
    code = (
        "import sys, matching\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "{'app', 'fastapi', 'sqlalchemy', 'pydantic', 'starlette'}]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
    forbidden = {"app", "fastapi", "sqlalchemy", "pydantic", "starlette"}
    for path in Path(ROOT, "matching").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & forbidden, (path, names)


def test_memory_bytes_counts_the_arrays_and_text_matrices_it_holds() -> None:
    """What the benchmarks print as the index's size: every numpy array and sparse matrix of
    its vocabulary and its slots (a sparse matrix: data, indices and row pointers; the slots'
    hot record once, not again for each of its fields)."""
    index = index_of(product(1, "kue salak"), product(2, "keripik pisang", hs_code="20089990"))

    def held(holder: object) -> int:
        total = 0
        for value in vars(holder).values():
            if isinstance(value, NameText):  # the names' n-gram postings, in blocks
                total += sum(
                    part.nbytes
                    for _, block in value.blocks
                    for part in (block.data, block.indices, block.indptr)
                )
            elif isinstance(value, np.ndarray) and not (
                value.base is not None and value.base is getattr(holder, "hot", None)
            ):
                total += value.nbytes
            elif sp.issparse(value):
                total += sum(part.nbytes for part in (value.data, value.indices, value.indptr))
        return total

    slots = index.slots_
    assert slots.peak.base is slots.hot and slots.hot.dtype.itemsize == 16

    sparse_parts = [v for v in vars(index.vocabulary_).values() if sp.issparse(v)]
    assert sparse_parts and all(part.indptr.nbytes for part in sparse_parts)
    assert index.memory_bytes() == held(index.vocabulary_) + held(index.slots_)
    assert held(index.slots_) > 0
