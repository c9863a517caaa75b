"""Text side of product fit: normalisation, the commodity glossary, HS descriptions.

The glossary (``data/glossary.csv``) maps Indonesian and English terms to concepts. A concept
has a role: ``base`` (the commodity: salak, kepiting, jahe), ``form`` (what it was made into:
cake, peyek, chips, sauce) or ``qualifier`` (dried, fresh, premium: recognised, ignored for
the kind). "kue salak", "cake salak", "bolu salak" and "snake fruit cake" all read as
base {salak} + form {cake}; "peyek kepiting" reads as base {kepiting} + form {peyek}. A concept
may name a ``broader`` one (cabai_rawit -> cabai, ikan_teri -> ikan_kering -> ikan).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "Concept",
    "ConceptSet",
    "Glossary",
    "describe_hs",
    "load_hs_descriptions",
    "normalise",
    "normalise_hs",
]

_WORD = re.compile(r"[a-z0-9]+")
# Pack sizes and counts ("250gr", "1kg", "500", "2x") say nothing about the kind of product.
_QUANTITY = re.compile(r"\d+([.,]\d+)?(g|gr|gram|kg|ml|l|lt|ltr|pcs|x|s)?")
ROLES = ("base", "form", "qualifier")


def normalise(text: str) -> str:
    """Lower case ASCII words separated by single spaces; pack sizes dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "")
    return " ".join(w for w in _WORD.findall(ascii_text) if not _QUANTITY.fullmatch(w))


def normalise_hs(code: str | None) -> str | None:
    """Digits of an HS code (2 to 8 of them, dots and spaces dropped), or None."""
    if code is None:
        return None
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) < 2:
        return None
    return digits[: min(len(digits), 8)]


def load_hs_descriptions(*paths: str | Path) -> dict[str, str]:
    """Read HS descriptions (code -> English text) from CSV files.

    Understands both reference formats: the HS 2022 nomenclature (``hscode,description``,
    2/4/6 digits; the ``TOTAL`` row is skipped) and BPS's Indonesian 8-digit lines
    (``hs_code,description``). Later files override earlier ones for the same code.
    """
    descriptions: dict[str, str] = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            code_field = "hscode" if "hscode" in fields else "hs_code"
            if code_field not in fields or "description" not in fields:
                raise ValueError(f"{path}: expected an hscode/hs_code and a description column")
            for row in reader:
                code = (row[code_field] or "").strip()
                if code.isdigit():
                    descriptions[code] = (row["description"] or "").strip()
    return descriptions


def describe_hs(code: str | None, descriptions: Mapping[str, str]) -> str:
    """The most specific description known for ``code`` (its own, else its 6/4/2-digit parent)."""
    if not code:
        return ""
    for length in (len(code), 8, 6, 4, 2):
        if length <= len(code) and code[:length] in descriptions:
            return descriptions[code[:length]]
    return ""


@dataclass(frozen=True, slots=True)
class Concept:
    """A glossary concept: ``role`` base/form/qualifier, optional ``broader`` concept name and
    HS code (4 to 8 digits), and its normalised terms."""

    name: str
    role: str
    broader: str | None
    hs_code: str | None
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConceptSet:
    """Concept ids found in a text, split by role (qualifiers are dropped)."""

    bases: frozenset[int]
    forms: frozenset[int]

    @property
    def known(self) -> bool:
        return bool(self.bases or self.forms)


class Glossary:
    """Indonesian-English commodity glossary and the detector that maps text to concepts.

    Detection: the text is normalised and split into words; each word is brought to a glossary
    word if it is one, if dropping an English plural ending makes it one, or if it is one edit
    away from exactly one glossary word (words of 5+ letters; substitutions only from 6) — so
    "salaak", "kunyet" and "chillies" are read right. Then the longest glossary phrase at each
    position wins ("cabe rawit" before "cabe", "kue kering" before "kue").
    """

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self.concepts: tuple[Concept, ...] = tuple(concepts)
        self.ids: dict[str, int] = {c.name: i for i, c in enumerate(self.concepts)}
        if len(self.ids) != len(self.concepts):
            raise ValueError("duplicate concept names")
        phrases: dict[str, set[int]] = {}
        for i, concept in enumerate(self.concepts):
            if concept.role not in ROLES:
                raise ValueError(f"{concept.name}: unknown role {concept.role!r}")
            if concept.broader is not None and concept.broader not in self.ids:
                raise ValueError(f"{concept.name}: unknown broader concept {concept.broader!r}")
            for term in concept.terms:
                phrases.setdefault(term, set()).add(i)
        self._phrases = {k: tuple(sorted(v)) for k, v in phrases.items()}
        self._max_words = max((len(p.split()) for p in self._phrases), default=1)
        self._vocabulary = {w for p in self._phrases for w in p.split()}
        self._one_shorter: dict[str, set[str]] = {}
        self._substitutions: dict[tuple[str, int], set[str]] = {}
        for word in self._vocabulary:
            if len(word) < 5:
                continue
            for pos in range(len(word)):
                variant = word[:pos] + word[pos + 1 :]
                self._one_shorter.setdefault(variant, set()).add(word)
                if len(word) >= 6:
                    self._substitutions.setdefault((variant, pos), set()).add(word)
        self.ancestors: tuple[tuple[int, ...], ...] = tuple(
            self._ancestors(i) for i in range(len(self.concepts))
        )

    def _ancestors(self, i: int) -> tuple[int, ...]:
        chain: list[int] = []
        broader = self.concepts[i].broader
        while broader is not None:
            j = self.ids[broader]
            if j in chain or j == i:
                raise ValueError(f"broader cycle at {self.concepts[i].name}")
            chain.append(j)
            broader = self.concepts[j].broader
        return tuple(chain)

    @classmethod
    def from_csv(cls, path: str | Path) -> Glossary:
        """Read a glossary CSV (``concept,role,broader,hs_code,lang,term``; ``#`` lines are
        comments). role/broader/hs_code may be left blank after a concept's first row, but
        where given they must agree."""
        with open(path, newline="", encoding="utf-8") as handle:
            return cls.from_rows(
                csv.DictReader(line for line in handle if not line.startswith("#"))
            )

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> Glossary:
        attributes: dict[str, dict[str, str]] = {}
        terms: dict[str, list[str]] = {}
        for row in rows:
            name = row["concept"].strip()
            seen = attributes.setdefault(name, {})
            for key in ("role", "broader", "hs_code"):
                value = (row.get(key) or "").strip()
                if value and seen.setdefault(key, value) != value:
                    raise ValueError(f"{name}: conflicting {key} {seen[key]!r} / {value!r}")
            term = normalise(row["term"])
            if term and term not in terms.setdefault(name, []):
                terms[name].append(term)
        concepts = [
            Concept(
                name=name,
                role=attrs.get("role", "base"),
                broader=attrs.get("broader") or None,
                hs_code=normalise_hs(attrs.get("hs_code")),
                terms=tuple(terms.get(name, ())),
            )
            for name, attrs in attributes.items()
        ]
        return cls(concepts)

    @classmethod
    def default(cls) -> Glossary:
        """The reviewed glossary shipped in ``matching/data/glossary.csv`` (read once)."""
        return _default_glossary()

    def __len__(self) -> int:
        return len(self.concepts)

    def _canonical(self, word: str) -> str:
        if word in self._vocabulary:
            return word
        for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
            if word.endswith(suffix) and word[: -len(suffix)] + replacement in self._vocabulary:
                return word[: -len(suffix)] + replacement
        if len(word) < 5:
            return word
        candidates: set[str] = set(self._one_shorter.get(word, ()))  # a letter missing
        for pos in range(len(word)):
            variant = word[:pos] + word[pos + 1 :]
            if len(word) >= 6 and variant in self._vocabulary:  # a letter too many
                candidates.add(variant)
            if len(word) >= 6:
                candidates |= self._substitutions.get((variant, pos), set())
        return candidates.pop() if len(candidates) == 1 else word

    def detect(self, text: str) -> ConceptSet:
        """Concepts named in ``text`` (any language the glossary has)."""
        words = [self._canonical(w) for w in normalise(text).split()]
        found: list[int] = []
        i = 0
        while i < len(words):
            for width in range(min(self._max_words, len(words) - i), 0, -1):
                ids = self._phrases.get(" ".join(words[i : i + width]))
                if ids is not None:
                    found.extend(ids)
                    i += width
                    break
            else:
                i += 1
        role = [self.concepts[c].role for c in found]
        return ConceptSet(
            bases=frozenset(c for c, r in zip(found, role, strict=True) if r == "base"),
            forms=frozenset(c for c, r in zip(found, role, strict=True) if r == "form"),
        )

    def hs_code_for(self, concepts: ConceptSet) -> str | None:
        """HS code implied by the concepts: the form's code when it has one, else a base's."""
        for group in (concepts.forms, concepts.bases):
            for c in sorted(group):
                code = self.concepts[c].hs_code
                if code:
                    return code
        return None


@lru_cache(maxsize=1)
def _default_glossary() -> Glossary:
    resource = resources.files("matching") / "data" / "glossary.csv"
    with resources.as_file(resource) as path:
        return Glossary.from_csv(path)
