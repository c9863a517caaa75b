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


def test_engine_beats_plain_text_baseline_and_holds_its_level() -> None:
    results = _eval_module().evaluate()
    engine, baseline = results["engine"], results["baseline"]
    assert engine["ndcg@10"] > baseline["ndcg@10"]
    assert engine["precision@5"] > baseline["precision@5"]
    # measured: engine NDCG@10 0.968, P@5 0.693; baseline 0.510 / 0.299
    assert engine["ndcg@10"] >= 0.94
    assert engine["precision@5"] >= 0.66
