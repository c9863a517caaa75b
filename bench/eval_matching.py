"""Ranking quality of product fit on the hand-graded evaluation set. Prints, never asserts.

    .venv/bin/python bench/eval_matching.py

For every request in ``tests/matching/data/eval_set.json`` (with its HS code when the buyer gave
one) all products are ranked by
(a) the engine's product fit (MatchIndex with HS descriptions; every product gets the same
capacity, certificates and freshness, so only product fit orders them; products under
``min_product_fit`` come last) and (b) a plain-text baseline: word TF-IDF cosine between the
request and the product name, no glossary, no HS. Metrics, averaged over requests:

* NDCG@10 with gain 2^grade - 1 (grades 2 / 1 / 0);
* precision@5 where only grade 2 (same product) counts as relevant.

Figures are given for all requests and per part: ``old`` (the first set) and ``state`` (answers
that depend on state, process, grade or material, and category requests); every request is
ranked against the whole product pool.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching import (  # noqa: E402
    Demand,
    MatchIndex,
    SupplyProduct,
    load_hs_descriptions,
    month_index,
)

ROOT = Path(__file__).resolve().parents[1]
EVAL_SET = ROOT / "tests" / "matching" / "data" / "eval_set.json"
HS_FILES = (
    ROOT / "app/refdata/hs/harmonized-system.csv",
    ROOT / "app/refdata/hs/bps_hs2022_8digit_en.csv",
)
START = month_index(2025, 1)


def ndcg_at(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    gains = [2 ** grades.get(pid, 0) - 1 for pid in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def precision_at(ranked: list[int], grades: dict[int, int], k: int = 5) -> float:
    return sum(1 for pid in ranked[:k] if grades.get(pid, 0) == 2) / k


def engine_rankings(data: dict[str, object]) -> list[list[int]]:
    products = data["products"]
    assert isinstance(products, list)
    supply = [
        SupplyProduct(
            product_id=p["product_id"],
            umkm_id=p["product_id"],
            name=p["name"],
            capacity_kg={START + i: 1000.0 for i in range(3)},
            capacity_updated_on=date(2025, 1, 31),
        )
        for p in products
    ]
    index = MatchIndex(hs_descriptions=load_hs_descriptions(*HS_FILES)).fit(supply)
    all_ids = [p["product_id"] for p in products]
    rankings = []
    requests = data["requests"]
    assert isinstance(requests, list)
    for request in requests:
        demand = Demand(request["text"], request.get("hs_code"), 1000.0, START, 3)
        matches = index.query(demand, today=date(2025, 2, 1), limit=len(all_ids))
        fit = {m.product_id: m.components.product_fit for m in matches}
        ranked = sorted(fit, key=lambda pid: (-fit[pid], pid))
        rankings.append(ranked + [pid for pid in all_ids if pid not in fit])
    return rankings


def baseline_rankings(data: dict[str, object]) -> list[list[int]]:
    products = data["products"]
    requests = data["requests"]
    assert isinstance(products, list) and isinstance(requests, list)
    vectorizer = TfidfVectorizer()
    names = vectorizer.fit_transform([p["name"] for p in products])
    ids = np.asarray([p["product_id"] for p in products])
    rankings = []
    for request in requests:
        scores = (names @ vectorizer.transform([request["text"]]).T).toarray().ravel()
        order = np.lexsort((ids, -scores))
        rankings.append(ids[order].tolist())
    return rankings


def evaluate(path: Path = EVAL_SET, part: str | None = None) -> dict[str, dict[str, float]]:
    """NDCG@10 and precision@5 per system, over all requests or those of one ``part``."""
    return evaluate_parts(path)[part or "all"]


def evaluate_parts(path: Path = EVAL_SET) -> dict[str, dict[str, dict[str, float]]]:
    """Figures for ``all`` requests and for each part: part -> system -> metric -> value."""
    data = json.loads(path.read_text())
    grades = [{int(k): v for k, v in r["grades"].items()} for r in data["requests"]]
    parts = [r.get("part", "old") for r in data["requests"]]
    results: dict[str, dict[str, dict[str, float]]] = {}
    for system, rankings in (
        ("engine", engine_rankings(data)),
        ("baseline", baseline_rankings(data)),
    ):
        for part in ["all", *dict.fromkeys(parts)]:
            chosen = [
                (r, g)
                for r, g, p in zip(rankings, grades, parts, strict=True)
                if part in (p, "all")
            ]
            results.setdefault(part, {})[system] = {
                "ndcg@10": float(np.mean([ndcg_at(r, g) for r, g in chosen])),
                "precision@5": float(np.mean([precision_at(r, g) for r, g in chosen])),
                "requests": float(len(chosen)),
            }
    return results


def main() -> None:
    data = json.loads(EVAL_SET.read_text())
    print(f"{len(data['requests'])} requests, {len(data['products'])} products")
    print("precision@5 counts grade 2 (same product) as relevant; NDCG@10 gain 2^grade - 1")
    for part, systems in evaluate_parts().items():
        for system, metrics in systems.items():
            ndcg, precision = metrics["ndcg@10"], metrics["precision@5"]
            print(
                f"{part:6s} ({int(metrics['requests']):3d} requests) {system:9s} "
                f"NDCG@10={ndcg:.3f}  precision@5={precision:.3f}"
            )


if __name__ == "__main__":
    main()
