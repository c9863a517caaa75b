"""Certificate types: the one list, read from the reviewed ``data/certificate_types.csv``.

Each type has a stored ``code`` ("BPOM_MD"), a ``label`` for messages ("BPOM MD"), its full
Indonesian and English names, what holds it (``applies_to``: business, product, facility or
shipment) and the ways officers and UMKM write it. :func:`certificate_code` reads any of
those ways: letter case is ignored and every run of characters other than letters and digits
counts as one space, so "bpom md", "BPOM-MD" and "BPOM_MD" are one alias of ``BPOM_MD``.
A code that is not in the file is kept as it is wherever certificates are held, but
:func:`certificate_code` does not know it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "CERTIFICATE_TYPES",
    "CertificateType",
    "certificate_code",
    "certificate_label",
    "certificate_types",
]

_ALIAS_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class CertificateType:
    """One row of ``data/certificate_types.csv``."""

    code: str
    label: str
    name_id: str
    name_en: str
    applies_to: str
    aliases: tuple[str, ...]


def alias_key(text: str) -> str:
    """How an alias is compared: lower case, runs of other characters as one space."""
    return " ".join(_ALIAS_WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def certificate_types() -> tuple[CertificateType, ...]:
    """Every type of the reviewed file, in file order."""
    resource = resources.files("matching") / "data" / "certificate_types.csv"
    with resources.as_file(resource) as path, open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    return tuple(
        CertificateType(
            code=row["code"].strip(),
            label=row["label"].strip(),
            name_id=row["name_id"].strip(),
            name_en=row["name_en"].strip(),
            applies_to=row["applies_to"].strip(),
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def _by_alias() -> dict[str, str]:
    found: dict[str, str] = {}
    for kind in certificate_types():
        for alias in (kind.code, kind.label, *kind.aliases):
            key = alias_key(alias)
            if found.setdefault(key, kind.code) != kind.code:
                raise ValueError(f"certificate alias {alias!r} names two types")
    return found


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {kind.code: kind.label for kind in certificate_types()}


def certificate_code(text: str) -> str | None:
    """The code ``text`` names ("bpom md" -> "BPOM_MD", "Halal" -> "HALAL"), None if none."""
    return _by_alias().get(alias_key(text))


def certificate_label(code: str) -> str:
    """How messages write ``code`` ("BPOM_MD" -> "BPOM MD"); an unknown code as it is."""
    return _labels().get(code, code)


#: Every certificate code of the reviewed file, in file order.
CERTIFICATE_TYPES: tuple[str, ...] = tuple(kind.code for kind in certificate_types())
