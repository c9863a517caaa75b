"""Ranking quality on the hand-graded evaluation set (bench/eval_matching.py)."""

import importlib.util
import json
from types import ModuleType

from .helpers import ROOT


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_matching", ROOT / "bench" / "eval_matching.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_set_has_the_promised_shape() -> None:
    data = json.loads((ROOT / "tests/matching/data/eval_set.json").read_text())
    assert len(data["requests"]) >= 40 and len(data["products"]) >= 300
    assert all(set(r["grades"].values()) <= {1, 2} for r in data["requests"])
    assert all(2 in r["grades"].values() for r in data["requests"])
    parts = [r["part"] for r in data["requests"]]
    assert set(parts) == {"old", "state"}
    assert parts.count("old") == 73 and parts.count("state") >= 60


def test_state_part_has_hard_negatives() -> None:
    # Each state request leaves some product of its own commodity at grade 0: fermented vs
    # asalan cocoa, fresh vs dried pineapple, live vs frozen chicken, rattan vs synthetic...
    data = json.loads((ROOT / "tests/matching/data/eval_set.json").read_text())
    by_text = {r["text"]: r for r in data["requests"] if r["part"] == "state"}
    for text, negative in (
        ("biji kakao fermentasi", "Biji Kakao Asalan"),
        ("dried pineapple", "Fresh Pineapple"),
        ("ayam kampung hidup", "Frozen Chicken Cuts"),
        ("kerajinan rotan", "Kursi Rotan Sintetis"),
        ("ginger powder", "Fresh Ginger Rhizome"),
        ("ikan asin kering", "Ikan Nila Segar"),
        ("green coffee beans", "Kopi Sangrai Biji Robusta"),
        ("kemiri kupas", "Kemiri Gelondong"),
    ):
        pid = next(p["product_id"] for p in data["products"] if p["name"] == negative)
        assert str(pid) not in by_text[text]["grades"], (text, negative)


def test_engine_beats_plain_text_baseline_and_holds_its_level() -> None:
    results = _eval_module().evaluate(part="old")
    engine, baseline = results["engine"], results["baseline"]
    assert engine["ndcg@10"] > baseline["ndcg@10"]
    assert engine["precision@5"] > baseline["precision@5"]
    # old part, measured: engine NDCG@10 0.974, P@5 0.726; baseline 0.518 / 0.323
    # (before the state part joined the pool: engine 0.968 / 0.693, baseline 0.510 / 0.299);
    # with states, grades and materials (issue 12): engine 0.975 / 0.729. Issue 12 allows the
    # old part to drop at most 0.01 from 0.974.
    assert engine["ndcg@10"] >= 0.964
    assert engine["precision@5"] >= 0.66


def test_engine_reaches_the_target_on_the_state_part() -> None:
    # Requests whose answer depends on state, process, grade or material, and category
    # words. Measured at the start of issue 12: engine NDCG@10 0.706, P@5 0.380 (baseline
    # 0.519 / 0.285); with states, grades, materials and categories: 0.931 / 0.609.
    results = _eval_module().evaluate(part="state")
    engine, baseline = results["engine"], results["baseline"]
    assert engine["ndcg@10"] >= 0.90
    assert engine["precision@5"] >= 0.58
    assert engine["ndcg@10"] > baseline["ndcg@10"] + 0.3


def test_every_part_is_reported_for_both_systems() -> None:
    results = _eval_module().evaluate_parts()
    assert set(results) == {"all", "old", "state"}
    for part in results.values():
        assert set(part) == {"engine", "baseline"}
        for metrics in part.values():
            assert 0.0 <= metrics["ndcg@10"] <= 1.0 and 0.0 <= metrics["precision@5"] <= 1.0
    assert results["old"]["engine"]["requests"] == 73
    assert results["state"]["engine"]["requests"] >= 60
