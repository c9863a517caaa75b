"""Reference data shipped in app/refdata (HS codes, Kemendagri regions, countries).

Loaded once per process from CSV files copied into the project; see app/refdata/SOURCES.md.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFDATA_DIR = Path(__file__).resolve().parent / "refdata"


def _rows(relative_path: str) -> list[dict[str, str]]:
    # utf-8-sig: sections.csv starts with a byte-order mark.
    with (REFDATA_DIR / relative_path).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    province_code: str


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    name: str
    currency_codes: tuple[str, ...]


@cache
def hs_descriptions() -> dict[str, str]:
    """HS code (2, 4, 6 digits from HS 2022; 8 digits from the BPS national lines) -> English."""
    descriptions = {
        row["hscode"]: row["description"]
        for row in _rows("hs/harmonized-system.csv")
        if row["hscode"].isdigit()
    }
    for row in _rows("hs/bps_hs2022_8digit_en.csv"):
        descriptions[row["hs_code"]] = row["description"]
    return descriptions


def hs_code_exists(code: str) -> bool:
    return code in hs_descriptions()


@cache
def provinces() -> dict[str, Region]:
    return {
        row["kode"]: Region(code=row["kode"], name=row["nama"], province_code=row["kode"])
        for row in _rows("regions/provinces.csv")
    }


@cache
def regencies() -> dict[str, Region]:
    """Kabupaten/kota by Kemendagri code ("64.71" -> Kota Balikpapan, province "64")."""
    return {
        row["kode"]: Region(code=row["kode"], name=row["nama"], province_code=row["kode_provinsi"])
        for row in _rows("regions/regencies.csv")
    }


@cache
def countries() -> dict[str, Country]:
    return {
        row["alpha2"]: Country(
            alpha2=row["alpha2"],
            name=row["name"],
            currency_codes=tuple(c for c in row["currency"].split(",") if c),
        )
        for row in _rows("countries/country-codes.csv")
    }


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes in use by at least one country."""
    return frozenset(code for country in countries().values() for code in country.currency_codes)
