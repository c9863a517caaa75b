"""Product fit: the language bridge, spelling variants, and the different-kind rule."""

from datetime import date

import pytest

from matching import Glossary, MatchIndex

from .helpers import JAN_2025, TODAY, demand, hs_descriptions, ids, index_of, product


def test_glossary_reads_both_languages_as_the_same_concepts() -> None:
    glossary = Glossary.default()
    assert glossary.detect("snake fruit cake") == glossary.detect("Kue Salak")
    assert glossary.detect("bolu salak") == glossary.detect("cake salak")
    assert glossary.detect("salaak") == glossary.detect("salak")  # one letter too many
    assert glossary.detect("chillies") == glossary.detect("cabai")
    assert glossary.detect("daun salam") == glossary.detect("")  # not read as salak


def test_glossary_reads_a_word_one_letter_off() -> None:
    glossary = Glossary.default()
    nothing = glossary.detect("")
    assert glossary.detect("kemri") == glossary.detect("kemiri") != nothing  # a letter missing
    # a letter changed: from six letters on
    assert glossary.detect("kunyet") == glossary.detect("kunyit") != nothing
    assert glossary.detect("kelapo") == glossary.detect("kelapa") != nothing


def test_an_index_reads_with_its_own_glossary() -> None:
    # rows without a role are bases; a glossary with none of the shipped categories' members
    glossary = Glossary.from_rows(
        [{"concept": "batu_akik", "term": "batu akik"}, {"concept": "batu_akik", "term": "agate"}]
    )
    index = index_of(product(1, "Kue Salak"), product(2, "Batu Akik Kalimantan"), glossary=glossary)
    matches = index.query(demand("agate"), today=TODAY)
    assert ids(matches) == [2]
    assert matches[0].components.product_fit >= 0.75


def test_a_glossary_giving_one_concept_two_roles_is_refused_naming_them() -> None:
    rows = [
        {"concept": "durian", "term": "durian", "role": "base"},
        {"concept": "durian", "term": "duren", "role": "form"},
    ]
    with pytest.raises(ValueError, match="^durian: conflicting role 'base' / 'form'$"):
        Glossary.from_rows(rows)


def test_glossary_has_at_least_sixty_concepts_with_checked_hs_codes() -> None:
    glossary = Glossary.default()
    descriptions = hs_descriptions()
    assert len(glossary) >= 60
    for concept in glossary.concepts:
        if concept.hs_code:
            assert concept.hs_code in descriptions, concept


@pytest.mark.parametrize(
    ("request_text", "wanted"),
    [
        ("snake fruit cake", "kue salak"),
        ("chili", "cabe rawit"),
        ("dried anchovy", "ikan teri kering"),
        ("candlenut", "kemiri kupas"),
        ("palm sugar", "gula aren cetak"),
    ],
)
def test_english_request_finds_indonesian_product(request_text: str, wanted: str) -> None:
    index = index_of(
        product(1, "Peyek Kepiting"),
        product(2, wanted),
        product(3, "Kerajinan Manik-manik Dayak"),
        product(4, "Jahe Merah"),
    )
    matches = index.query(demand(request_text), today=TODAY)
    assert ids(matches)[0] == 2
    assert matches[0].components.product_fit >= 0.75


def test_hs_description_bridges_an_unknown_name() -> None:
    # "Lempok" alone is not in the glossary; its HS code 17049099 reads "sugar confectionery";
    # the English request matches the description.
    index = index_of(
        product(1, "Lempok Bu Siti", hs_code="17049099"),
        product(2, "Produk Unggulan", hs_code="25010010"),
        hs_descriptions=hs_descriptions(),
    )
    matches = index.query(demand("sugar confectionery"), today=TODAY)
    assert ids(matches) == [1]


def test_hs_code_of_request_ranks_same_subheading_first() -> None:
    index = index_of(
        product(1, "Produk A", hs_code="09103000"),
        product(2, "Produk B", hs_code="09101100"),
        product(3, "Produk C", hs_code="25010010"),
    )
    matches = index.query(demand("rempah", hs_code="091030"), today=TODAY)
    assert ids(matches)[0] == 1
    fits = {m.product_id: m.components.product_fit for m in matches}
    # same 6 digits -> 0.7 x 1.0; same 4 digits only -> 0.7 x 0.6
    assert fits[1] == 0.7 and fits[2] == 0.42 and 3 not in fits


def _wrong_kind_has_everything(wrong: str, right: list[str], request_text: str) -> None:
    certs = [(t, date(2030, 1, 1)) for t in ("HALAL", "BPOM_MD", "PIRT", "NIB")]
    products = [product(1, wrong, capacities=[50_000.0] * 12, certificates=certs)]
    for i, name in enumerate(right, start=2):
        # the right kind with nothing going for it: tiny capacity, stale, no certificates
        products.append(product(i, name, capacities=[1.0], updated=date(2023, 1, 1)))
    index = index_of(*products, hs_descriptions=hs_descriptions())
    wanted = demand(request_text, quota=5000, certs=["HALAL", "BPOM_MD"], start=JAN_2025 + 6)
    ranked = ids(index.query(wanted, today=TODAY, limit=50))
    right_ids = set(range(2, len(right) + 2))
    assert right_ids <= set(ranked)
    assert 1 not in ranked or ranked.index(1) > max(ranked.index(i) for i in right_ids)


def test_different_kind_never_outranks_the_right_kind() -> None:
    _wrong_kind_has_everything(
        "Peyek Kepiting", ["Kue Salak", "cake salak pondoh", "Bolu Salak Premium"], "cake salak"
    )
    _wrong_kind_has_everything("Peyek Kepiting", ["Kue Salak"], "snake fruit cake")
    _wrong_kind_has_everything("Jahe Merah Segar", ["Kunyit", "Kunir kuning"], "turmeric")
    _wrong_kind_has_everything("ginger", ["kunyit segar"], "kunyit")


def test_different_kind_scores_below_the_same_kind_band() -> None:
    index = index_of(product(1, "Peyek Kepiting"), product(2, "Kue Salak", capacities=[0.0] * 6))
    matches = {m.product_id: m for m in index.query(demand("cake salak"), today=TODAY)}
    assert matches[2].score >= 60.0
    assert 1 not in matches or matches[1].score < 30.0


def test_min_product_fit_excludes_unrelated_products() -> None:
    index = index_of(product(1, "Kerajinan Rotan"), product(2, "Kue Salak"))
    assert ids(index.query(demand("kue salak"), today=TODAY)) == [2]
    strict = MatchIndex(min_product_fit=0.99).fit([product(1, "Salak Pondoh")])
    assert strict.query(demand("kue salak"), today=TODAY) == []


def test_a_sibling_kind_stays_under_the_related_band() -> None:
    # patin and nila are both ikan: siblings (0.5), and patin, the product's only base, is
    # not what was asked (x 0.85): concept 0.425, fit 0.75 x 0.425 + 0.25 x 0.5 = 0.469
    index = MatchIndex(min_product_fit=0.0).fit([product(1, "Ikan Patin"), product(2, "Ikan Nila")])
    nila, patin = index.query(demand("ikan nila"), today=TODAY)
    assert (nila.product_id, patin.product_id) == (2, 1)
    assert patin.components.product_fit == 0.469
    assert patin.score < 30
