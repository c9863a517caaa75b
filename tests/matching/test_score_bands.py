"""The score bands and the product-fit caps, as properties over weights, capacity and names.

The promise (``matching/README.md``): the total score sits in the band of the product's fit
tier (same product 60..100, related 30..59.9, other 0..29.9), so capacity, certificates and
freshness order products within a tier and never lift one over a product of a better tier;
a product of a different kind never fits above 0.45; a shared HS code gives 0.7 x the
documented level (1.0 / 0.85 / 0.6 / 0.3 for 8 / 6 / 4 / 2 shared digits) when the words
say nothing.
"""

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from matching import RELATED_FIT, SAME_KIND_FIT, Match, ScoreWeights, SupplyProduct
from tests.matching.helpers import TODAY, demand, hs_descriptions, index_of, product

# (name, HS code) of products, from the same kind as "cake salak" to unrelated.
POOL = (
    ("kue salak", "19059030"),  # same product, Indonesian name
    ("cake salak", None),  # same product, no HS code
    ("zqxv wprt", "19059030"),  # unknown words, the request's HS code: related
    ("zqxv wprt", "19059040"),  # unknown words, six digits shared: related
    ("zqxv wprt", "19051000"),  # four digits shared
    ("peyek kepiting", "19059030"),  # another kind under the very same HS code
    ("bolu pisang", "19059030"),  # another kind (banana) under the same HS code
    ("keripik salak", "20089990"),  # salak, but chips: another form
    ("jahe merah", "09101100"),  # unrelated
)
BANDS = {2: (60.0, 100.0), 1: (30.0, 59.9), 0: (0.0, 29.9)}
REQUEST = "cake salak"
REQUEST_HS = "19059030"

weights = (
    st.tuples(*[st.floats(0, 1)] * 5)
    .filter(lambda values: sum(values) > 0.01)
    .map(lambda values: ScoreWeights(*values))
)
supply = st.tuples(
    st.lists(st.floats(0, 3000), min_size=4, max_size=4),  # kg in each month of the window
    st.booleans(),  # holds halal (no expiry)
    st.sampled_from([date(2025, 6, 1), date(2024, 1, 1), None]),  # capacity last written
)


def _tier(match: Match) -> int:
    fit = match.components.product_fit
    return int(fit >= RELATED_FIT) + int(fit >= SAME_KIND_FIT)


def _products(supplies: list[tuple[list[float], bool, date | None]]) -> list[SupplyProduct]:
    return [
        product(
            i + 1,
            name,
            hs_code=hs_code,
            capacities=kg,
            updated=updated,
            certificates=[("HALAL", None)] if halal else [],
        )
        for i, ((name, hs_code), (kg, halal, updated)) in enumerate(
            zip(POOL, supplies, strict=True)
        )
    ]


FULL = ([1000.0] * 4, True, date(2025, 6, 1))
EMPTY = ([0.0] * 4, False, None)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(score_weights=weights, supplies=st.lists(supply, min_size=len(POOL), max_size=len(POOL)))
# Everything but the fit weighs: a related product with all else perfect tops its band (59.9).
@example(score_weights=ScoreWeights(0, 1, 1, 1, 1), supplies=[FULL] * len(POOL))
# Only the fit weighs, and the same-kind products have nothing else.
@example(score_weights=ScoreWeights(1, 0, 0, 0, 0), supplies=[EMPTY, EMPTY] + [FULL] * 7)
def test_scores_stay_in_the_band_of_their_fit_tier(
    score_weights: ScoreWeights, supplies: list[tuple[list[float], bool, date | None]]
) -> None:
    index = index_of(
        *_products(supplies), weights=score_weights, hs_descriptions=hs_descriptions(),
        min_product_fit=0.0,
    )  # fmt: skip
    matches = index.query(
        demand(REQUEST, hs_code=REQUEST_HS, certs=["HALAL"]), today=TODAY, limit=50
    )
    assert len(matches) == len(POOL)
    for match in matches:
        low, high = BANDS[_tier(match)]
        assert low <= match.score <= high, (match.product_id, match.components, match.score)
    # Best first, and a better tier always ranks above a worse one.
    tiers = [_tier(m) for m in matches]
    assert tiers == sorted(tiers, reverse=True)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_the_related_band_reaches_59_9_and_never_60() -> None:
    """The top of the related band: all components but the fit perfect, the fit unweighted."""
    perfect = product(3, "zqxv wprt", hs_code=REQUEST_HS, certificates=[("HALAL", None)])
    index = index_of(perfect, weights=ScoreWeights(0, 1, 1, 1, 1))
    [match] = index.query(demand(REQUEST, hs_code=REQUEST_HS, certs=["HALAL"]), today=TODAY)
    assert (match.components.product_fit, match.score) == (0.7, 59.9)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    name=st.sampled_from(["peyek kepiting", "bolu pisang", "keripik pisang", "jahe merah"]),
    hs_code=st.sampled_from([REQUEST_HS, "19059040", "19051000", "19020000", None]),
    request=st.sampled_from(["cake salak", "kue salak", "snake fruit cake", "salak cake"]),
)
@example(name="peyek kepiting", hs_code=REQUEST_HS, request="cake salak")
def test_a_product_of_another_kind_never_fits_above_0_45(
    name: str, hs_code: str | None, request: str
) -> None:
    other = product(1, name, hs_code=hs_code)
    index = index_of(other, hs_descriptions=hs_descriptions(), min_product_fit=0.0)
    [match] = index.query(demand(request, hs_code=REQUEST_HS), today=TODAY)
    assert match.components.product_fit <= 0.45
    assert match.score <= 29.9


def test_the_different_kind_cap_binds_under_the_same_hs_code() -> None:
    # Peyek kepiting shares all eight HS digits with the cake request and its HS description
    # reads like a cake: the evidence alone would give more than 0.45, the cap holds it there.
    peyek = product(1, "peyek kepiting", hs_code=REQUEST_HS)
    cake = product(2, "kue salak", hs_code=REQUEST_HS, capacities=[10.0] * 6)
    index = index_of(peyek, cake, hs_descriptions=hs_descriptions())
    matches = index.query(demand(REQUEST, hs_code=REQUEST_HS), today=TODAY)
    assert [(m.product_id, m.components.product_fit) for m in matches] == [(2, 1.0), (1, 0.45)]


@pytest.mark.parametrize(
    ("request_hs", "product_hs", "fit"),
    [
        ("19059030", "19059030", 0.7),  # 8 digits: 0.7 x 1.0
        ("19059030", "19059040", 0.595),  # 6 digits: 0.7 x 0.85
        ("19059030", "19051000", 0.42),  # 4 digits: 0.7 x 0.6
        ("19059030", "19020000", 0.21),  # 2 digits: 0.7 x 0.3
        ("19059030", "20089990", 0.0),
        ("190590", "19059040", 0.7),  # inside the shorter code the buyer gave: 1.0
        ("1905", "19051000", 0.7),
    ],
)
def test_hs_code_levels_when_the_words_say_nothing(
    request_hs: str, product_hs: str, fit: float
) -> None:
    index = index_of(
        product(1, "zqxv wprt", hs_code=product_hs),
        hs_descriptions=hs_descriptions(),
        min_product_fit=0.0,
    )
    [match] = index.query(demand("qwerty asdf", hs_code=request_hs), today=TODAY)
    assert match.components.product_fit == fit


def test_six_shared_hs_digits_make_a_related_product() -> None:
    """0.595 is related (>= 0.5): the product is scored in 30..59.9 and counts for reports."""
    index = index_of(product(1, "zqxv wprt", hs_code="19059040"), hs_descriptions=hs_descriptions())
    [match] = index.query(demand("qwerty asdf", hs_code="19059030"), today=TODAY)
    assert match.components.product_fit >= RELATED_FIT
    assert 30.0 <= match.score <= 59.9


def test_products_under_the_minimum_fit_are_dropped() -> None:
    index = index_of(
        product(1, "zqxv wprt", hs_code="19051000"),  # 0.42
        product(2, "zqxv wprt", hs_code="19020000"),  # 0.21
        hs_descriptions=hs_descriptions(),
    )
    matches = index.query(demand("qwerty asdf", hs_code="19059030"), today=TODAY)
    assert [m.product_id for m in matches] == [1]
