"""State, process, grade and material in product fit (issue 12, "What was seen").

A buyer of fermented cocoa beans is not served by unfermented "asalan" beans, a buyer of dried
pineapple not by fresh pineapple, a buyer of live chicken not by frozen cuts, a buyer of
rattan crafts not by purun bags: whatever their capacity and certificates, such products rank
under every product that agrees, and the match says why.
"""

from datetime import date

import numpy as np
import pytest

from matching import RELATED_FIT, SAME_KIND_FIT, Match, MatchIndex

from .helpers import TODAY, demand, hs_descriptions, product

RICH = {"capacities": [50_000.0] * 6, "certificates": [("HALAL", None), ("PIRT", None)]}
POOR = {"capacities": [10.0] * 6, "updated": date(2024, 1, 1)}


def _index(*products: object) -> MatchIndex:
    return MatchIndex(hs_descriptions=hs_descriptions()).fit(products)  # type: ignore[arg-type]


def _ranked(index: MatchIndex, text: str, hs_code: str | None = None) -> list[Match]:
    return index.query(
        demand(text, hs_code=hs_code, certs=("HALAL", "PIRT")), today=TODAY, limit=50
    )


def _rank_of(matches: list[Match]) -> dict[int, int]:
    return {m.product_id: m.rank for m in matches}


# ---------------------------------------------------------------------------- cocoa


def _cocoa() -> MatchIndex:
    return _index(
        product(1, "Biji Kakao Asalan", hs_code="1801.00.90", **RICH),  # type: ignore[arg-type]
        product(2, "biji kakao kering asalan", **RICH),  # type: ignore[arg-type]
        product(3, "Biji Kakao Fermentasi", **POOR),  # type: ignore[arg-type]
        product(4, "Fermented Cocoa Beans Grade A", **POOR),  # type: ignore[arg-type]
        product(5, "Biji Kakao Kutai Timur", hs_code="1801.00.10", **POOR),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("text", "hs_code"),
    [
        ("biji kakao fermentasi", None),
        ("fermented cocoa beans", None),
        ("cocoa beans", "1801.00.10"),  # the HS code alone says "fermented"
        ("biji kakao", "18010010"),
    ],
)
def test_fermented_cocoa_request_ranks_every_fermented_producer_above_asalan(
    text: str, hs_code: str | None
) -> None:
    matches = _ranked(_cocoa(), text, hs_code)
    rank = _rank_of(matches)
    by_id = {m.product_id: m for m in matches}
    assert max(rank[3], rank[4], rank[5]) < min(rank[1], rank[2])
    for asalan in (1, 2):
        assert by_id[asalan].components.product_fit < RELATED_FIT
        assert by_id[asalan].score < 30.0
        assert by_id[asalan].state_status == "contradicts"
        assert by_id[asalan].fit_reason_id.startswith("beda olahan: biji kakao")
        assert by_id[asalan].fit_reason_en.startswith("different process: biji kakao")
    for fermented in (3, 4, 5):
        assert by_id[fermented].components.product_fit >= SAME_KIND_FIT
        assert by_id[fermented].state_status == "agrees"
    # product 5 says nothing in its name; its HS code 1801.00.10 says fermented
    (detail,) = by_id[5].states
    assert (detail.dimension, detail.status, detail.from_hs) == ("fermentation", "agrees", True)
    assert (detail.requested_id, detail.requested_en) == ("fermentasi", "fermented")


def test_hs_code_alone_contradicts_a_fermented_request() -> None:
    index = _index(
        product(1, "Biji Kakao Sebulu", hs_code="1801.00.90", **RICH),  # type: ignore[arg-type]
        product(2, "Biji Kakao Fermentasi", **POOR),  # type: ignore[arg-type]
    )
    first, second = _ranked(index, "fermented cocoa beans")
    assert (first.product_id, second.product_id) == (2, 1)
    assert second.state_status == "contradicts"
    (detail,) = second.states
    assert detail.from_hs and (detail.product_id, detail.product_en) == (
        "non fermentasi",
        "unfermented",
    )
    assert second.fit_reason_id == (
        "beda olahan: biji kakao sebulu (HS: non fermentasi), diminta fermented cocoa beans "
        "(fermentasi)"
    )


# ---------------------------------------------------------------------------- pineapple


def _pineapple() -> MatchIndex:
    return _index(
        product(1, "Nanas Segar", **RICH),  # type: ignore[arg-type]
        product(2, "Fresh Pineapple", **RICH),  # type: ignore[arg-type]
        product(3, "Nanas Madu Segar Tamban", **RICH),  # type: ignore[arg-type]
        product(4, "Keripik Nanas", **POOR),  # type: ignore[arg-type]
        product(5, "Nanas Kering", **POOR),  # type: ignore[arg-type]
        product(6, "Dried Pineapple Slices", **POOR),  # type: ignore[arg-type]
        product(7, "Manisan Nanas", **POOR),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("text", "wanted"),
    [("nanas kering", {5, 6}), ("dried pineapple", {5, 6}), ("manisan nanas", {7})],
)
def test_dried_or_candied_pineapple_request_puts_fresh_pineapple_last(
    text: str, wanted: set[int]
) -> None:
    matches = _ranked(_pineapple(), text)
    rank = _rank_of(matches)
    by_id = {m.product_id: m for m in matches}
    assert {m.product_id for m in matches[: len(wanted)]} == wanted
    for fresh in (1, 2, 3):
        assert by_id[fresh].components.product_fit < RELATED_FIT
        assert by_id[fresh].state_status == "contradicts"
        # keripik nanas, a pineapple product of another process, ranks above fresh fruit
        assert rank[4] < rank[fresh]


def test_fresh_pineapple_says_why_it_does_not_fit_a_dried_request() -> None:
    by_id = {m.product_id: m for m in _ranked(_pineapple(), "nanas kering")}
    assert by_id[1].fit_reason_id == "beda olahan: nanas segar, diminta nanas kering"
    assert by_id[1].fit_reason_en == (
        "different process: nanas segar (fresh), nanas kering (dried) requested"
    )
    assert by_id[5].fit_reason_id == "sama: nanas kering = nanas kering"
    assert by_id[4].fit_reason_id == "terkait: keripik nanas ~ nanas kering"
    assert by_id[4].fit_reason_en == "related: keripik nanas ~ nanas kering"
    (detail,) = by_id[1].states
    assert (detail.dimension, detail.requested_id, detail.product_id) == (
        "state",
        "kering",
        "segar",
    )


# ---------------------------------------------------------------------------- chicken


@pytest.mark.parametrize("text", ["ayam kampung hidup", "live village chicken"])
def test_live_chicken_request_ranks_live_birds_above_frozen_cuts(text: str) -> None:
    index = _index(
        product(1, "Frozen Chicken Cuts", hs_code="0207.14", **RICH),  # type: ignore[arg-type]
        product(2, "Daging Ayam Beku", **RICH),  # type: ignore[arg-type]
        product(3, "Ayam Kampung Hidup", **POOR),  # type: ignore[arg-type]
        product(4, "Ayam Pedaging Hidup", **POOR),  # type: ignore[arg-type]
    )
    matches = _ranked(index, text)
    assert [m.product_id for m in matches[:2]] in ([3, 4], [4, 3])
    by_id = {m.product_id: m for m in matches}
    for frozen in (1, 2):
        assert by_id[frozen].components.product_fit < SAME_KIND_FIT
        assert by_id[frozen].state_status == "contradicts"


# ---------------------------------------------------------------------------- rattan


@pytest.mark.parametrize("text", ["kerajinan rotan", "rattan handicraft", "anyaman rotan"])
def test_rattan_request_ranks_the_rattan_weaver_above_purun_bags(text: str) -> None:
    purun = ["Tas Purun", "Purun Bag Handmade", "Anyaman Purun Tas", "Tikar Purun Banjar",
             "Tas Purun Banjarbaru", "Dompet Purun"]  # fmt: skip
    index = _index(
        *(product(i, name, **RICH) for i, name in enumerate(purun, start=1)),  # type: ignore[arg-type]
        product(10, "Anyaman Rotan Bu Sari", **POOR),  # type: ignore[arg-type]
    )
    matches = _ranked(index, text)
    assert matches[0].product_id == 10
    assert matches[0].components.product_fit >= SAME_KIND_FIT
    for match in matches[1:]:
        assert match.state_status == "contradicts"
        assert match.fit_reason_id.startswith("beda bahan: ")
        assert match.fit_reason_en.startswith("different material: ")


# ---------------------------------------------------------------------------- categories


@pytest.mark.parametrize("text", ["aksesoris", "accessories"])
def test_accessories_request_finds_bead_necklaces(text: str) -> None:
    index = _index(
        product(1, "Kalung Manik-manik Dayak"),
        product(2, "Gelang Manik Dayak"),
        product(3, "Kue Salak"),
        product(4, "Kopi Robusta"),
    )
    matches = index.query(demand(text), today=TODAY)
    same = {m.product_id for m in matches if m.components.product_fit >= SAME_KIND_FIT}
    assert same == {1, 2}
    assert [m.product_id for m in matches[:2]] in ([1, 2], [2, 1])


@pytest.mark.parametrize(
    ("text", "members", "others"),
    [
        ("rempah-rempah", {"Cengkeh Kering", "Pala Utuh", "Lada Hitam"}, {"Kue Salak"}),
        # peyek kepiting: crab, made into a snack that is not seafood
        (
            "seafood",
            {"Ikan Tongkol Segar", "Udang Vaname Beku"},
            {"Kopi Robusta", "Peyek Kepiting"},
        ),
        ("kerajinan", {"Tas Anyaman Rotan", "Kalung Manik-manik Dayak"}, {"Keripik Pisang"}),
    ],
)
def test_category_words_find_their_members(text: str, members: set[str], others: set[str]) -> None:
    names = sorted(members | others)
    index = _index(*(product(i, name) for i, name in enumerate(names, start=1)))
    matches = index.query(demand(text), today=TODAY, limit=20)
    same = {names[m.product_id - 1] for m in matches if m.components.product_fit >= SAME_KIND_FIT}
    assert same == members


# ---------------------------------------------------------------------------- silence


def test_a_product_silent_on_the_state_ranks_under_one_that_states_it() -> None:
    index = _index(
        product(1, "Biji Kakao Kutai"),  # says nothing about fermentation
        product(2, "Biji Kakao Kutai Fermentasi"),  # same data otherwise
    )
    first, second = index.query(demand("biji kakao fermentasi"), today=TODAY)
    assert (first.product_id, second.product_id) == (2, 1)
    assert first.components.product_fit > second.components.product_fit >= SAME_KIND_FIT
    assert second.state_status == "unconfirmed"
    (detail,) = second.states
    assert (detail.status, detail.product_id, detail.product_en) == ("unconfirmed", "", "")
    assert second.fit_reason_id == (
        "olahan belum pasti: biji kakao kutai tidak menyebut fermentasi, "
        "diminta biji kakao fermentasi"
    )
    assert second.fit_reason_en.startswith("process unconfirmed: biji kakao kutai does not say")


def test_a_product_silent_on_two_named_states_is_told_both() -> None:
    index = _index(product(1, "Biji Kakao Kutai"), product(2, "Biji Kakao Kutai Fermentasi Kering"))
    first, second = index.query(demand("biji kakao fermentasi kering"), today=TODAY)
    assert (first.product_id, second.product_id, second.state_status) == (2, 1, "unconfirmed")
    assert (second.fit_reason_id, second.fit_reason_en) == (
        "olahan belum pasti: biji kakao kutai tidak menyebut kering, fermentasi, "
        "diminta biji kakao fermentasi kering",
        "process unconfirmed: biji kakao kutai does not say dried, fermented, "
        "biji kakao fermentasi kering requested",
    )


def test_request_without_a_state_leaves_states_unasked() -> None:
    index = _index(product(1, "Kue Salak"), product(2, "Peyek Kepiting", capacities=[0.0] * 6))
    matches = index.query(demand("snake fruit cake"), today=TODAY, min_score=0)
    match = matches[0]
    assert match.product_id == 1
    assert match.state_status == "not_asked" and match.states == ()
    assert match.fit_reason_id == "sama: kue salak = snake fruit cake"
    assert match.fit_reason_en == "same product: kue salak = snake fruit cake"
    other = MatchIndex(min_product_fit=0.0).fit([product(2, "Peyek Kepiting")])
    (wrong_kind,) = other.query(demand("snake fruit cake"), today=TODAY)
    assert wrong_kind.fit_reason_id == "beda jenis: peyek kepiting, diminta snake fruit cake"
    assert wrong_kind.fit_reason_en == (
        "different kind: peyek kepiting, snake fruit cake requested"
    )


# ---------------------------------------------------------------------------- score band


@pytest.mark.parametrize("seed", range(6))
def test_a_contradicting_product_never_outranks_one_that_agrees(seed: int) -> None:
    # Random capacity, certificates and freshness: the agreeing products may have none of
    # them, the contradicting ones everything; the band keeps them apart all the same.
    rng = np.random.default_rng(seed)
    cases = {
        "biji kakao fermentasi": (["Biji Kakao Fermentasi", "Fermented Cocoa Beans"],
                                  ["Biji Kakao Asalan", "Unfermented Cocoa Beans"]),
        "nanas kering": (["Nanas Kering", "Dried Pineapple"],
                         ["Nanas Segar", "Fresh Pineapple", "Nanas Kaleng"]),
        "ayam kampung hidup": (["Ayam Kampung Hidup", "Live Chicken"],
                               ["Ayam Kampung Beku", "Frozen Chicken"]),
        "tas rotan": (["Tas Rotan", "Rattan Bag"], ["Tas Purun", "Tas Rotan Sintetis"]),
    }  # fmt: skip
    for text, (agree, contradict) in cases.items():
        products = []
        for i, name in enumerate(agree + contradict, start=1):
            products.append(
                product(
                    i,
                    name,
                    capacities=rng.uniform(0, 3000, size=6).round(3).tolist(),
                    certificates=[("HALAL", None)] if rng.random() < 0.5 else [],
                    updated=date(2025, 6, 1) if rng.random() < 0.5 else None,
                )
            )
        matches = _index(*products).query(demand(text, certs=("HALAL",)), today=TODAY, limit=20)
        status = {m.product_id: m.state_status for m in matches}
        score = {m.product_id: m.score for m in matches}
        agreeing = range(1, len(agree) + 1)
        against = range(len(agree) + 1, len(agree) + len(contradict) + 1)
        assert all(status[i] == "agrees" for i in agreeing), (text, status)
        assert all(status.get(i, "contradicts") == "contradicts" for i in against), (text, status)
        assert min(score[i] for i in agreeing) > max(score.get(i, -1.0) for i in against), text


def test_an_upserted_product_is_read_for_its_state_and_hs_code() -> None:
    index = _index(product(1, "Biji Kakao Fermentasi", **POOR))  # type: ignore[arg-type]
    index.upsert(product(2, "Biji Kakao Muara Wahau", hs_code="1801.00.90", **RICH))  # type: ignore[arg-type]
    index.upsert(product(3, "Nanas Segar", **RICH))  # type: ignore[arg-type]
    first, second = _ranked(index, "biji kakao fermentasi")
    assert (first.product_id, second.product_id) == (1, 2)
    assert second.state_status == "contradicts" and second.states[0].from_hs
