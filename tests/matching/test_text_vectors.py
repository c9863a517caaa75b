"""A request's TF-IDF vector is computed without sklearn's machinery around one text
(`matching.vocabulary.request_vector`); it must be sklearn's, float for float, or the fit of
every product would move."""

import json

import numpy as np

from matching import Glossary, load_hs_descriptions
from matching.text import normalise
from matching.vocabulary import _text_model, request_vector

from .helpers import HS_FILES, ROOT
from .test_pruning import _bench


def test_request_vectors_are_sklearns_bit_for_bit() -> None:
    glossary = Glossary.default()
    descriptions = load_hs_descriptions(*HS_FILES)
    model = _text_model(glossary, descriptions)
    eval_set = json.loads((ROOT / "tests/matching/data/eval_set.json").read_text())
    names = [p.name for p in _bench().make_products(3000, seed=5)]
    texts = [
        *(term for concept in glossary.concepts for term in concept.terms),
        *list(descriptions.values())[::7],
        *(r["text"] for r in eval_set["requests"]),
        *names,
        "", "x", "   ", "Kue Salak Mama Ani 250 gr", "ÉCLAIR CAFÉ", "ikan ikan ikan ikan",
    ]  # fmt: skip
    texts = [normalise(text) for text in texts]
    assert len(texts) > 5000
    expected = model.transform(texts).toarray()
    for row, text in zip(expected, texts, strict=True):
        found = request_vector(model, text)
        assert found.dtype == row.dtype
        assert np.array_equal(found, row), text  # the same floats, not merely close
