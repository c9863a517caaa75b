"""Catalogues complete in both languages; numbers, rupiah and months as people read them."""

from datetime import date
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po
from pydantic import ValidationError

from app import schemas
from app.web import forms, i18n


def _text(message: object) -> str:
    """A message id or translation; a plural's first form."""
    return str(message[0]) if isinstance(message, tuple | list) else str(message)


def _translated(string: object) -> bool:
    return all(string) if isinstance(string, tuple | list) else bool(string)


def _words(message: object) -> bool:
    return any(c.isalpha() for c in _text(message).replace("UMKM", ""))


@pytest.mark.parametrize("domain", i18n.domains())
def test_every_string_of_a_domain_is_translated_in_both_languages(domain: str) -> None:
    used = i18n.extract_messages(domain)
    assert used, f"domain {domain} has no strings"
    for lang in i18n.LANGUAGES:
        path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as po:
            catalogue = {m.id: m for m in read_po(po, locale=lang) if m.id}
        missing = sorted(map(str, set(used) - set(catalogue)))
        assert not missing, f"{path} lacks (run tools/messages.py): {missing}"
        empty = [i for i in used if not _translated(catalogue[i].string) or catalogue[i].fuzzy]
        assert not empty, f"{path}: no translation of {empty}"
        if lang == "id":
            # an Indonesian entry copied from English is a translation not done
            same = [i for i in used if _text(catalogue[i].string) == _text(i) and _words(i)]
            assert len(same) <= max(2, len(used) // 10), f"{path}: untranslated? {same}"


def test_domains_are_merged_and_kept_apart() -> None:
    indonesian = i18n.translations("id")
    assert indonesian.gettext("Sign in") == "Masuk"  # base
    assert indonesian.gettext("Today") == "Hari ini"  # console
    assert indonesian.dgettext("console", "Today") == "Hari ini"
    assert i18n.translations("en").gettext("Sign in") == "Sign in"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_message_in_two_domains_reads_the_same_in_both(lang: str) -> None:
    """The pages merge every domain into one catalogue, so a message id translated one way in
    `console` and another in `missions` would show whichever loaded last, on every page."""
    seen: dict[str, dict[str, str]] = {}
    for domain in i18n.domains():
        path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as po:
            for message in read_po(po, locale=lang):
                if message.id:
                    seen.setdefault(_text(message.id), {})[domain] = _text(message.string)
    differing = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not differing, f"translated differently in different domains: {differing}"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1500, "id", "1.500"),
        (1500, "en", "1,500"),
        (Decimal("2.5"), "id", "2,5"),
        (Decimal("1234567.891"), "id", "1.234.567,891"),
    ],
)
def test_numbers(value: Decimal, lang: str, expected: str) -> None:
    assert i18n.format_number(value, lang) == expected


def test_kilograms_rupiah_and_months() -> None:
    assert i18n.format_kg(1500, "id") == "1.500 kg"
    assert i18n.format_kg(Decimal("12.5"), "id") == "12,5 kg"
    assert i18n.format_rupiah(13_700_000_000, "id") == "Rp13,7 miliar"
    assert i18n.format_rupiah(13_700_000_000, "en") == "IDR 13.7 billion"
    assert i18n.format_rupiah(950_000, "id", full=True) == "Rp950.000"
    assert i18n.format_month(date(2027, 1, 1), "id") == "Januari 2027"
    assert i18n.format_month(date(2027, 5, 1), "en") == "May 2027"
    assert i18n.format_date_long(date(2026, 11, 29), "id") == "29 November 2026"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1.500", "id", Decimal(1500)),
        ("2,5", "id", Decimal("2.5")),
        ("1,500", "en", Decimal(1500)),
        ("2.5", "en", Decimal("2.5")),
        (" 12 ", "id", Decimal(12)),
        ("", "id", None),
        ("1.5", "id", "1.5"),  # neither 1,5 nor 15 for sure: left for the schema to refuse
        ("banyak", "id", "banyak"),
    ],
)
def test_numbers_as_people_type_them(text: str, lang: str, expected: object) -> None:
    assert forms.parse_number(text, lang) == expected


def test_pydantic_errors_become_field_messages_in_the_page_language() -> None:
    with pytest.raises(ValidationError) as refused:
        schemas.BuyerCreate.model_validate({"name": "", "country": "ZZ"})
    indonesian = forms.field_errors(refused.value, "id")
    english = forms.field_errors(refused.value, "en")
    assert indonesian["name"] == "Wajib diisi."
    assert english["name"] == "Fill this in."
    assert "country" in indonesian
