"""The reviewed data files of matching/data agree with each other and with the HS references.

product_states.csv, hs_states.csv, categories.csv and certificate_types.csv are read by the
engine and the service; these tests read them the way their headers say they are read.
"""

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from matching import CERTIFICATE_TYPES
from matching.states import ProductStates
from matching.text import Glossary, normalise

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "matching" / "data"
HS_DIR = ROOT / "app" / "refdata" / "hs"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


GLOSSARY = Glossary.from_csv(DATA / "glossary.csv")
STATES = _rows("product_states.csv")


def _values() -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    for row in STATES:
        values.setdefault(row["dimension"], set()).add(row["value"])
    return values


def _contradictions() -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for row in STATES:
        key = (row["dimension"], row["value"])
        if key not in found:
            found[key] = set(row["contradicts"].split())
        else:
            assert not row["contradicts"], f"{key}: contradicts only on the first row"
    return found


def _descendants(concept: str) -> set[str]:
    """The concept and every concept that has it as an ancestor."""
    target = GLOSSARY.ids[concept]
    return {
        c.name
        for i, c in enumerate(GLOSSARY.concepts)
        if i == target or target in GLOSSARY.ancestors[i]
    }


def _states(text: str) -> set[tuple[str, str]]:
    """(dimension, value) pairs in ``text`` by the rule the file's header states: normalise,
    then per dimension the longest of its phrases and the mask phrases at each position wins;
    a scoped term counts only when the text names a concept in its scope (or a narrower one)."""
    concepts = GLOSSARY.detect(text)
    named = set()
    for c in concepts.bases | concepts.forms:
        named |= {GLOSSARY.concepts[a].name for a in (c, *GLOSSARY.ancestors[c])}
    masks = {normalise(r["term"]) for r in STATES if r["dimension"] == "mask"}
    words = normalise(text).split()
    found: set[tuple[str, str]] = set()
    for dimension in set(_values()) - {"mask"}:
        phrases = dict.fromkeys(masks, "")
        for row in STATES:
            scope = set(row["scope"].split())
            if row["dimension"] == dimension and (not scope or scope & named):
                phrases[normalise(row["term"])] = row["value"]
        i = 0
        while i < len(words):
            for width in range(min(6, len(words) - i), 0, -1):
                value = phrases.get(" ".join(words[i : i + width]))
                if value is not None:
                    if value:
                        found.add((dimension, value))
                    i += width
                    break
            else:
                i += 1
    return found


def test_states_have_known_dimensions_scopes_and_symmetric_contradictions() -> None:
    values = _values()
    assert set(values) == {
        "state", "fermentation", "grade", "roast", "grind", "shell", "material", "textile", "mask",
    }  # fmt: skip
    assert {"fresh", "dried", "frozen", "live", "smoked", "salted", "canned", "candied"} <= values[
        "state"
    ]
    assert {"syrup", "paste", "powder", "oil", "chips"} <= values["state"]
    assert {"rattan", "purun", "bamboo", "pandan", "water_hyacinth", "beads", "ironwood"} <= values[
        "material"
    ]
    assert values["textile"] == {"batik", "sasirangan", "tenun"}
    contradictions = _contradictions()
    for (dimension, value), others in contradictions.items():
        for other in others:
            assert other in values[dimension], (dimension, value, other)
            assert value in contradictions[(dimension, other)], (dimension, value, other)
    for row in STATES:
        assert row["lang"] in {"id", "en"}, row
        # normalising keeps every word (pack sizes such as "3 in 1" would lose their digits)
        words = re.findall(r"[a-z0-9]+", row["term"].lower())
        assert normalise(row["term"]) == " ".join(words), row
        for concept in row["scope"].split():
            assert concept in GLOSSARY.ids, row
    # one term, one meaning: the same phrase under the same scope names one value per dimension
    seen: dict[tuple[str, str, str], str] = {}
    for row in STATES:
        key = (row["dimension"], normalise(row["term"]), row["scope"])
        assert seen.setdefault(key, row["value"]) == row["value"], key


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("Biji Kakao Fermentasi", {("fermentation", "fermented")}, set()),
        (
            "biji kakao non-fermentasi",
            {("fermentation", "unfermented")},
            {("fermentation", "fermented")},
        ),
        ("Biji Kakao Asalan", {("fermentation", "unfermented"), ("grade", "ungraded")}, set()),
        ("Kopi Asalan", {("grade", "ungraded")}, {("fermentation", "unfermented")}),
        ("Nanas Kering", {("state", "dried")}, {("state", "fresh")}),
        ("Manisan Nanas", {("state", "candied")}, set()),
        ("Ayam Kampung Hidup", {("state", "live")}, set()),
        ("Frozen Chicken Cuts", {("state", "frozen")}, set()),
        ("Ikan Asin Kering", {("state", "salted"), ("state", "dried")}, set()),
        ("Ikan Salai Baung", {("state", "smoked")}, set()),
        ("Green Bean Robusta", {("roast", "green")}, set()),
        ("Teh Hijau Kering", {("fermentation", "unfermented")}, {("roast", "green")}),
        ("Kopi Bubuk Robusta", {("roast", "roasted"), ("grind", "ground")}, set()),
        ("Kemiri Gelondong", {("shell", "in_shell")}, set()),
        ("Kemiri Kupas", {("shell", "shelled")}, set()),
        ("Tas Anyaman Rotan", {("material", "rattan")}, set()),
        ("Kursi Rotan Sintetis", {("material", "synthetic")}, {("material", "rattan")}),
        ("Tas Enceng Gondok", {("material", "water_hyacinth")}, set()),
        ("Kalung Manik-manik Dayak", {("material", "beads")}, set()),
        ("Patung Kayu Ulin", {("material", "ironwood")}, {("material", "wood")}),
        ("Kerajinan Kayu Ulin", {("material", "ironwood")}, {("material", "wood")}),
        ("Candlenut In Shell", {("shell", "in_shell")}, {("state", "instant")}),
        ("Kain Sasirangan Banjarmasin", {("textile", "sasirangan")}, set()),
        ("Kue Kering Nastar", set(), {("state", "dried")}),
        ("Kayu Manis Batang", {("grind", "whole")}, {("material", "wood")}),
        ("Beras Pandan Wangi", set(), {("material", "pandan")}),
        ("Agarwood Chips", set(), {("state", "chips")}),
    ],
)
def test_states_read_product_names_right(
    text: str, expected: set[tuple[str, str]], absent: set[tuple[str, str]]
) -> None:
    found = _states(text)
    assert expected <= found, found
    assert not absent & found, found


def _hs_reference() -> dict[str, str]:
    codes: dict[str, str] = {}
    with open(HS_DIR / "harmonized-system.csv", newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            codes[row["hscode"]] = row["description"]
    with open(HS_DIR / "bps_hs2022_8digit_en.csv", newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            codes[row["hs_code"]] = row["description"]
    return codes


def test_hs_evidence_cites_real_lines_and_known_values() -> None:
    reference, values = _hs_reference(), _values()
    rows = _rows("hs_states.csv")
    assert len({(r["hs_code"], r["dimension"]) for r in rows}) == len(rows)
    for row in rows:
        code = row["hs_code"]
        assert re.fullmatch(r"\d{2}|\d{4}|\d{6}|\d{8}", code), code
        assert reference.get(code) == row["description"], code
        assert row["source"] == ("BPS" if len(code) == 8 else "HS2022"), code
        assert set(row["values"].split()) <= values[row["dimension"]], code
    evidence = {(r["hs_code"], r["dimension"]): r["values"] for r in rows}
    assert evidence[("18010010", "fermentation")] == "fermented"
    assert evidence[("18010090", "fermentation")] == "unfermented"
    assert evidence[("0105", "state")] == "live"
    assert evidence[("020714", "state")] == "frozen"
    assert evidence[("0302", "state")] == "fresh" and evidence[("0303", "state")] == "frozen"
    assert evidence[("090111", "roast")] == "green" and evidence[("090121", "roast")] == "roasted"
    assert evidence[("091011", "grind")] == "whole"
    assert evidence[("091012", "grind")] == "crushed ground"
    # HS itself does not tell fresh from dried pineapple (heading 0804: "fresh or dried")
    assert evidence[("080430", "state")] == "fresh dried"


def _terms(rows: list[dict[str, str]], key: str) -> Iterator[tuple[str, str]]:
    for row in rows:
        yield row[key], normalise(row["term"])


def test_category_words_find_their_glossary_members() -> None:
    rows = _rows("categories.csv")
    members: dict[str, set[str]] = {}
    for row in rows:
        if row["members"]:
            assert row["category"] not in members, row
            members[row["category"]] = set(row["members"].split())
    for category, concepts in members.items():
        assert concepts and concepts <= set(GLOSSARY.ids), category
    by_term: dict[str, str] = {}
    for category, term in _terms(rows, "category"):
        assert by_term.setdefault(term, category) == category, term
    for word, category, member in (
        ("rempah-rempah", "rempah", "cengkeh"),
        ("Spices", "rempah", "pala"),
        ("aksesoris", "aksesoris", "manik_manik"),
        ("kerajinan tangan", "kerajinan", "kerajinan"),
        ("seafood", "hasil_laut", "ikan"),
        ("hasil laut", "hasil_laut", "udang"),
        ("oleh-oleh", "oleh_oleh", "amplang"),
        ("makanan ringan", "makanan_ringan", "chips"),
    ):
        assert by_term[normalise(word)] == category, word
        assert member in members[category], word
    # members bring their narrower concepts: kerajinan reaches rattan, beads and jewellery
    reach = set().union(*(_descendants(c) for c in members["kerajinan"]))
    assert {"rotan", "manik_manik", "perhiasan", "batik"} <= reach


def _alias_key(alias: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", alias.lower()))


def test_certificate_types_cover_the_codes_and_read_aliases_in_any_case() -> None:
    rows = _rows("certificate_types.csv")
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == len(codes)
    assert set(CERTIFICATE_TYPES) <= set(codes)
    assert {"PHYTOSANITARY", "HEALTH_CERTIFICATE", "NKV", "COO_FORM_E", "COO_IC_CEPA"} <= set(codes)
    alias_to_code: dict[str, str] = {}
    for row in rows:
        assert row["name_id"] and row["name_en"] and row["label"] and row["note"], row["code"]
        assert row["applies_to"] in {"business", "product", "facility", "shipment"}, row["code"]
        for alias in [row["code"], *row["aliases"].split("|")]:
            key = _alias_key(alias)
            assert alias_to_code.setdefault(key, row["code"]) == row["code"], alias
    for written, code in (
        ("bpom md", "BPOM_MD"),
        ("BPOM-MD", "BPOM_MD"),
        ("Halal", "HALAL"),
        ("P-IRT", "PIRT"),
        ("pirt", "PIRT"),
        ("iso 22000", "ISO_22000"),
        ("Form E", "COO_FORM_E"),
        ("IC-CEPA", "COO_IC_CEPA"),
        ("phytosanitary certificate", "PHYTOSANITARY"),
    ):
        assert alias_to_code[_alias_key(written)] == code, written
    labels = {r["code"]: r["label"] for r in rows}
    assert labels["BPOM_MD"] == "BPOM MD" and labels["ISO_22000"] == "ISO 22000"


def test_glossary_reads_the_new_craft_and_spice_words() -> None:
    def bases(text: str) -> set[str]:
        return {GLOSSARY.concepts[c].name for c in GLOSSARY.detect(text).bases}

    assert bases("Kalung Etnik Dayak") == {"perhiasan"}
    assert bases("Kalung Manik-manik Dayak") == {"manik_manik"}
    assert bases("Tas Enceng Gondok") == {"anyaman"}
    assert "barang_kulit" in bases("Tas Kulit Sapi Tanggulangin")
    assert bases("Ketumbar Biji") == {"ketumbar"}
    assert GLOSSARY.concepts[GLOSSARY.ids["kakao"]].hs_code == "1801"


def test_states_read_from_the_files_detect_like_the_shipped_default() -> None:
    """``ProductStates.from_csv`` over the shipped files reads texts and HS codes as the
    default does: "nanas kering" is dried pineapple, "biji kakao" under 1801.00.10 fermented."""
    read = ProductStates.from_csv(DATA / "product_states.csv", DATA / "hs_states.csv", GLOSSARY)
    shipped = ProductStates.default()
    for text in ("nanas kering", "dried pineapple", "biji kakao fermentasi", "kue salak"):
        assert read.detect(text) == shipped.detect(text), text
    assert read.detect("nanas kering") != 0
    assert read.hs_evidence("18010010") == shipped.hs_evidence("18010010") != 0
    assert [(v.dimension, v.value) for v in read.values] == [
        (v.dimension, v.value) for v in shipped.values
    ]
