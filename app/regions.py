"""Regions by name: provinces and kabupaten/kota as offices write them ("Kutai Timur",
"Kab. Kutai Timur", "Kabupaten Kutai Timur", "Kota Balikpapan", "64.08"), from the
Kemendagri reference data in app/refdata."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from app import reference

__all__ = ["RegionMatch", "normalise_name", "regency_from_text", "search_regions"]

_PREFIXES = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kab.": "kabupaten",
    "kota": "kota",
    "kodya": "kota",
    "kotamadya": "kota",
    "provinsi": "",
    "prov": "",
    "prov.": "",
}


@dataclass(frozen=True, slots=True)
class RegionMatch:
    code: str
    name: str
    kind: str  # "province" | "regency"
    province_code: str
    province_name: str


def normalise_name(text: str) -> tuple[str, str]:
    """(kind, bare name): ("kabupaten", "kutai timur") for "Kab. Kutai Timur"; kind "" when
    the text does not say whether it means the kabupaten or the kota."""
    words = re.sub(r"\s+", " ", text.strip().lower()).split(" ")
    kind = ""
    if words and words[0] in _PREFIXES:
        kind = _PREFIXES[words[0]]
        words = words[1:]
    elif words and words[0].startswith("kab.") and len(words[0]) > 4:  # "Kab.Kutai"
        kind, words[0] = "kabupaten", words[0][4:]
    return kind, " ".join(words)


@cache
def _regencies_by_name() -> dict[str, list[tuple[str, str]]]:
    """bare lower-case name -> [(kind, code)] ("balikpapan" -> [("kota", "64.71")])."""
    names: dict[str, list[tuple[str, str]]] = {}
    for code, region in reference.regencies().items():
        kind, bare = normalise_name(region.name)
        names.setdefault(bare, []).append((kind, code))
    return names


@lru_cache(maxsize=4096)  # a register names the same few regencies over and over
def regency_from_text(text: str, province_code: str | None = None) -> str | tuple[str, ...]:
    """The regency code `text` names (a code or a name), or the list of candidate codes when
    it names none (empty) or several (e.g. "Bandung" is a kabupaten and a kota)."""
    text = text.strip()
    if text in reference.regencies():
        return text
    kind, bare = normalise_name(text)
    candidates = [code for k, code in _regencies_by_name().get(bare, []) if not kind or k == kind]
    if province_code and len(candidates) > 1:
        candidates = [
            c for c in candidates if reference.regencies()[c].province_code == province_code
        ]
    if len(candidates) == 1:
        return candidates[0]
    return tuple(candidates)


def search_regions(q: str, limit: int = 20) -> list[RegionMatch]:
    """Provinces, then regencies, whose name contains the words of `q` (case-insensitive)."""
    _, bare = normalise_name(q)
    words = bare.split() if bare else q.strip().lower().split()
    provinces = reference.provinces()
    found: list[RegionMatch] = []
    for code, province in provinces.items():
        if all(word in province.name.lower() for word in words):
            found.append(RegionMatch(code, province.name, "province", code, province.name))
    for code, regency in reference.regencies().items():
        if all(word in regency.name.lower() for word in words) or q.strip() == code:
            province_name = provinces[regency.province_code].name
            found.append(
                RegionMatch(code, regency.name, "regency", regency.province_code, province_name)
            )
    return found[:limit]
