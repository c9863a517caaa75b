"""``matching.product_matches``: the ``product=`` list filter (does a product fall under a query
word, with category words and the glossary's synonyms in both languages)."""

import pytest

from matching import product_identity, product_matches


@pytest.mark.parametrize(
    ("query", "name", "hs_code"),
    [
        ("ikan kering", "Ikan Teri Kering", None),  # narrower concept
        ("ikan kering", "Ikan Asin Kering", None),
        ("kerajinan", "Tas Anyaman Rotan", None),  # category word
        ("kerajinan", "Kain Sasirangan Banjarmasin", None),
        ("aksesoris", "Kalung Manik-manik Dayak", None),
        ("accessories", "Gelang Manik Dayak", None),
        ("rempah-rempah", "Cengkeh Kering", None),
        ("seafood", "Udang Vaname Beku", None),
        ("hasil laut", "Cumi Kering Asin", None),
        ("jahe", "Ginger Powder Organic", None),  # the other language
        ("dried pineapple", "Nanas Kering Oven", None),
        ("kakao", "Produk Unggulan Bu Siti", "1801.00.10"),  # the HS code speaks
        ("rempah-rempah", "Produk Unggulan Bu Siti", "0907.10.00"),  # cloves, by HS code
        ("salak", "Kue Salak Pondoh", None),  # plain words, as before
        ("Kue salak", "KUE SALAK", None),
        ("", "anything", None),
    ],
)
def test_product_falls_under_the_query(query: str, name: str, hs_code: str | None) -> None:
    assert product_matches(query, name, hs_code)


@pytest.mark.parametrize(
    ("query", "name", "hs_code"),
    [
        ("kerajinan", "Keripik Pisang", None),
        ("aksesoris", "Kue Salak", None),
        ("ikan kering", "Kopi Robusta", None),
        ("nanas kering", "Nanas Segar", None),  # contradicts the state asked for
        ("biji kakao fermentasi", "Biji Kakao Asalan", None),
        ("kakao", "Produk Unggulan Bu Siti", "0901.11"),
        ("rempah-rempah", "Produk Unggulan Bu Siti", "1801.00.10"),  # cocoa is no spice
        ("rempah-rempah", "Produk Unggulan Bu Siti", None),
        ("seafood", "Keripik Singkong", None),
    ],
)
def test_product_outside_the_query(query: str, name: str, hs_code: str | None) -> None:
    assert not product_matches(query, name, hs_code)


def test_product_identity_groups_wordings_and_splits_states() -> None:
    # the supply-gap report groups demand by what the product is, not by its wording
    assert product_identity("peyek kepiting") == product_identity("crab peyek")
    assert product_identity("nanas kering") == product_identity("dried pineapple")
    assert product_identity("nanas segar") != product_identity("nanas kering")
    assert product_identity("cocoa beans", "1801.00.10") == product_identity(
        "biji kakao fermentasi"
    )
    assert product_identity("cocoa beans", "1801.00.90") != product_identity(
        "biji kakao fermentasi"
    )
    unread = product_identity("Produk Unggulan Bu Siti", "0901.11")
    assert unread.concepts == () and unread.hs_code == "090111"
