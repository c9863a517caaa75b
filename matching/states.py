"""What was done to a product (state, process, grade, material) and category words.

A product is its commodity *and* what was done to it: fermented cocoa beans are not "biji
kakao asalan", dried pineapple is not fresh pineapple, a rattan basket is not a purun bag.
:class:`ProductStates` reads the reviewed files ``data/product_states.csv`` (terms of each
dimension and value, which values contradict each other, the concepts a term needs) and
``data/hs_states.csv`` (what an HS code says about those dimensions), as
``data/README.md`` describes them. Each (dimension, value) pair is one bit of an int, so a
text's values are one bitmask and the index compares them with array operations.

:class:`Categories` reads ``data/categories.csv``: category words ("rempah-rempah",
"aksesoris", "seafood") that stand for any of their member concepts.

:func:`product_matches` (and :class:`ProductFilter`) is the list filter (``product=`` on the
service's lists): does a product name (and HS code) fall under a query word, including
category words and the glossary's synonyms in both languages.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .records import StateDetail
from .text import ConceptSet, Glossary, normalise, normalise_hs

__all__ = [
    "AGREES",
    "CONTRADICTS",
    "NOT_ASKED",
    "UNCONFIRMED",
    "Categories",
    "ProductFilter",
    "ProductIdentity",
    "ProductStates",
    "StateValue",
    "product_identity",
    "product_matches",
]

#: How a product stands to the states a request names (see :meth:`ProductStates.compare`).
NOT_ASKED = "not_asked"
AGREES = "agrees"
UNCONFIRMED = "unconfirmed"
CONTRADICTS = "contradicts"

#: Dimensions, and how a reason names a difference in each (Indonesian, English).
_DIMENSION_WORDS: dict[str, tuple[str, str]] = {
    "state": ("olahan", "process"),
    "fermentation": ("olahan", "process"),
    "roast": ("olahan", "process"),
    "grind": ("olahan", "process"),
    "shell": ("olahan", "process"),
    "grade": ("mutu", "grade"),
    "material": ("bahan", "material"),
    "textile": ("bahan", "material"),
}


def _read_rows(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _data_rows(name: str) -> list[dict[str, str]]:
    resource = resources.files("matching") / "data" / name
    with resources.as_file(resource) as path:
        return _read_rows(path)


@dataclass(frozen=True, slots=True)
class StateValue:
    """One value of one dimension ("state"/"dried"), its bit, and a word for it in each
    language (the value's first Indonesian and first English term: "kering", "dried")."""

    dimension: str
    value: str
    bit: int
    word_id: str
    word_en: str


class ProductStates:
    """State, process, grade and material read in texts and from HS codes.

    Detection (the rule of ``data/product_states.csv``): the text is normalised
    (:func:`~matching.text.normalise`); then, for each dimension on its own, the longest of
    its phrases and of the mask phrases wins at each position ("non fermentasi" beats
    "fermentasi", "kayu ulin" beats "kayu", "kue kering" names no state). A term with a scope
    counts only when the text names one of the scope's concepts or a narrower one ("green" is
    a roast only next to coffee).

    HS evidence: for each dimension, the longest prefix of ``data/hs_states.csv`` that the
    code starts with gives the values the code allows (1801.00.10 fermented, 0105 live,
    0804.30 fresh *or* dried).
    """

    def __init__(
        self,
        state_rows: Iterable[Mapping[str, str]],
        hs_rows: Iterable[Mapping[str, str]],
        glossary: Glossary,
    ) -> None:
        self.glossary = glossary
        self.values: list[StateValue] = []
        self.bits: dict[tuple[str, str], int] = {}
        words: dict[tuple[str, str], dict[str, str]] = {}
        contradicts: dict[tuple[str, str], set[str]] = {}
        rows = list(state_rows)
        for row in rows:
            dimension, value = row["dimension"].strip(), row["value"].strip()
            if dimension == "mask":
                continue
            key = (dimension, value)
            if key not in self.bits:
                self.bits[key] = len(self.bits)
                contradicts[key] = set(row.get("contradicts", "").split())
            words.setdefault(key, {}).setdefault(row["lang"].strip(), normalise(row["term"]))
        if len(self.bits) > 64:
            raise ValueError("at most 64 state values fit in a bitmask")
        self.dimension_mask: dict[str, int] = {}
        for (dimension, value), bit in self.bits.items():
            said = words[(dimension, value)]
            word_id = said.get("id", next(iter(said.values())))
            self.values.append(StateValue(dimension, value, bit, word_id, said.get("en", word_id)))
            self.dimension_mask[dimension] = self.dimension_mask.get(dimension, 0) | 1 << bit
        #: per bit: the bits of the values it contradicts (symmetric)
        self.contradicts_mask = [0] * len(self.values)
        for (dimension, value), others in contradicts.items():
            bit = self.bits[(dimension, value)]
            for other in others:
                other_bit = self.bits[(dimension, other)]
                self.contradicts_mask[bit] |= 1 << other_bit
                self.contradicts_mask[other_bit] |= 1 << bit
        #: per bit: the mask of its dimension
        self.dimension_of_bit = [self.dimension_mask[v.dimension] for v in self.values]
        # phrases per dimension: phrase -> [(bit, scope concept ids)]; -1 = mask (names none)
        masks = {normalise(row["term"]) for row in rows if row["dimension"].strip() == "mask"}
        self._phrases: dict[str, dict[str, list[tuple[int, frozenset[int]]]]] = {}
        for row in rows:
            dimension = row["dimension"].strip()
            if dimension == "mask":
                continue
            scope_names = row.get("scope", "").split()
            scope = frozenset(glossary.ids[name] for name in scope_names if name in glossary.ids)
            if scope_names and not scope:
                continue  # a glossary without the scope's concepts: the term never counts
            bit = self.bits[(dimension, row["value"].strip())]
            phrases = self._phrases.setdefault(dimension, {})
            phrases.setdefault(normalise(row["term"]), []).append((bit, scope))
        for phrases in self._phrases.values():
            for mask in masks:
                phrases.setdefault(mask, []).append((-1, frozenset()))
        self._max_words = max(
            (len(p.split()) for phrases in self._phrases.values() for p in phrases), default=1
        )
        self._vocabulary = {
            w for phrases in self._phrases.values() for p in phrases for w in p.split()
        }
        self._hs: dict[str, dict[str, int]] = {}
        for row in hs_rows:
            code, dimension = row["hs_code"].strip(), row["dimension"].strip()
            allowed = 0
            for value in row["values"].split():
                allowed |= 1 << self.bits[(dimension, value)]
            self._hs.setdefault(code, {})[dimension] = allowed
        self._hs_cache: dict[str, int] = {}
        self._compare_cache: dict[tuple[int, int, int], tuple[StateDetail, ...]] = {}

    @classmethod
    def from_csv(
        cls, states: str | Path, hs_states: str | Path, glossary: Glossary
    ) -> ProductStates:
        """Read ``product_states.csv`` and ``hs_states.csv`` style files."""
        return cls(_read_rows(states), _read_rows(hs_states), glossary)

    @classmethod
    def default(cls) -> ProductStates:
        """The reviewed files shipped in ``matching/data`` with the default glossary."""
        return _default_states()

    @classmethod
    def for_glossary(cls, glossary: Glossary) -> ProductStates:
        """The reviewed files read against ``glossary`` (the default one is built once)."""
        if glossary is Glossary.default():
            return _default_states()
        return cls(_data_rows("product_states.csv"), _data_rows("hs_states.csv"), glossary)

    # ------------------------------------------------------------------ reading

    def detect(self, text: str, concepts: ConceptSet | None = None) -> int:
        """Bitmask of the values named in ``text`` (``concepts``: the glossary's reading of
        the same text, for scoped terms; read here when not given)."""
        words = normalise(text).split()
        if not self._vocabulary.intersection(words):
            return 0
        if concepts is None:
            concepts = self.glossary.detect(text)
        named: set[int] = set()
        for concept in concepts.bases | concepts.forms:
            named.add(concept)
            named.update(self.glossary.ancestors[concept])
        found = 0
        for phrases in self._phrases.values():
            i = 0
            while i < len(words):
                for width in range(min(self._max_words, len(words) - i), 0, -1):
                    entries = phrases.get(" ".join(words[i : i + width]))
                    if entries is None:
                        continue
                    bits = [bit for bit, scope in entries if not scope or scope & named]
                    if not bits:
                        continue
                    found |= sum(1 << bit for bit in set(bits) if bit >= 0)
                    i += width
                    break
                else:
                    i += 1
        return found

    def hs_evidence(self, code: str | None) -> int:
        """Bitmask of the values the HS code allows, for each dimension it says anything
        about (the longest prefix of ``hs_states.csv`` per dimension); 0 when none."""
        code = normalise_hs(code) if code else None
        if not code:
            return 0
        cached = self._hs_cache.get(code)
        if cached is None:
            per_dimension: dict[str, tuple[int, int]] = {}
            for length in range(2, len(code) + 1, 2):
                for dimension, allowed in self._hs.get(code[:length], {}).items():
                    per_dimension[dimension] = (length, allowed)
            cached = 0
            for _, allowed in per_dimension.values():
                cached |= allowed
            self._hs_cache[code] = cached
        return cached

    def request_bits(self, text: str, concepts: ConceptSet, hs_code: str | None) -> int:
        """What a request asks for: the values its text names, plus, in a dimension the text
        is silent on, the value its HS code allows when the code allows exactly one
        (HS 1801.00.10: fermented)."""
        bits = self.detect(text, concepts)
        evidence = self.hs_evidence(hs_code)
        for mask in self.dimension_mask.values():
            allowed = evidence & mask
            if allowed and not bits & mask and allowed & (allowed - 1) == 0:
                bits |= allowed
        return bits

    # ------------------------------------------------------------------ comparing

    def compare(self, wanted: int, name_bits: int, hs_bits: int) -> tuple[StateDetail, ...]:
        """How a product (values named in its name, values its HS code allows) stands to
        each value ``wanted`` by a request; the same rule as the index's array kernel
        :func:`matching.product_fit.state_status`. Remembered per distinct arguments."""
        key = (wanted, name_bits, hs_bits)
        found = self._compare_cache.get(key)
        if found is None:
            if len(self._compare_cache) > 65536:
                self._compare_cache.clear()
            found = self._compare_cache[key] = self._compare(wanted, name_bits, hs_bits)
        return found

    def _compare(self, wanted: int, name_bits: int, hs_bits: int) -> tuple[StateDetail, ...]:
        details = []
        for value in self.values:
            if not wanted >> value.bit & 1:
                continue
            bit = 1 << value.bit
            dimension = self.dimension_mask[value.dimension]
            contra = self.contradicts_mask[value.bit]
            own = name_bits & dimension
            from_hs = not own and bool(hs_bits & dimension)
            if own:
                if own & bit:
                    status = AGREES
                elif own & contra:
                    status = CONTRADICTS
                else:
                    status = UNCONFIRMED
            elif from_hs:
                allowed = hs_bits & dimension
                if allowed == bit:
                    status = AGREES
                elif not allowed & bit and not allowed & ~contra:
                    status = CONTRADICTS
                else:
                    status = UNCONFIRMED
            else:
                status = UNCONFIRMED
            shown = own or (hs_bits & dimension if from_hs else 0)
            details.append(
                StateDetail(
                    dimension=value.dimension,
                    requested_id=value.word_id,
                    requested_en=value.word_en,
                    status=status,
                    product_id=self.words(shown, "id"),
                    product_en=self.words(shown, "en"),
                    from_hs=from_hs,
                )
            )
        return tuple(details)

    def words(self, bits: int, lang: str) -> str:
        """The values of ``bits`` as words of ``lang`` ("kering, asin"), in file order."""
        return ", ".join(
            value.word_id if lang == "id" else value.word_en
            for value in self.values
            if bits >> value.bit & 1
        )

    @staticmethod
    def dimension_words(dimension: str) -> tuple[str, str]:
        """How a reason names a difference in ``dimension`` ("olahan", "process")."""
        return _DIMENSION_WORDS.get(dimension, ("olahan", "process"))


class Categories:
    """Category words ("rempah-rempah", "aksesoris", "seafood") and their member concepts
    (glossary concept ids; narrower concepts count as members too).

    A request or list filter that names a category and no commodity besides asks for any
    member; one that also names a commodity ("kerajinan rotan") is about that commodity."""

    def __init__(self, rows: Iterable[Mapping[str, str]], glossary: Glossary) -> None:
        rows = list(rows)
        self.glossary = glossary
        self.members: dict[str, frozenset[int]] = {}
        self._phrases: dict[str, str] = {}
        for row in rows:
            category = row["category"].strip()
            if row.get("members", "").strip():
                self.members[category] = frozenset(
                    glossary.ids[name] for name in row["members"].split() if name in glossary.ids
                )
        for row in rows:
            term = normalise(row["term"])
            if term and self.members.get(row["category"].strip()):
                self._phrases[term] = row["category"].strip()
        self._max_words = max((len(p.split()) for p in self._phrases), default=1)

    @classmethod
    def default(cls) -> Categories:
        """The reviewed ``matching/data/categories.csv`` with the default glossary."""
        return _default_categories()

    @classmethod
    def for_glossary(cls, glossary: Glossary) -> Categories:
        """The reviewed categories read against ``glossary`` (members it lacks are left out)."""
        if glossary is Glossary.default():
            return _default_categories()
        return cls(_data_rows("categories.csv"), glossary)

    def read(self, text: str) -> tuple[frozenset[int], str]:
        """(member concepts of the category words in ``text``, the text without them)."""
        words = normalise(text).split()
        members: set[int] = set()
        rest: list[str] = []
        i = 0
        while i < len(words):
            for width in range(min(self._max_words, len(words) - i), 0, -1):
                category = self._phrases.get(" ".join(words[i : i + width]))
                if category is not None:
                    members |= self.members[category]
                    i += width
                    break
            else:
                rest.append(words[i])
                i += 1
        return frozenset(members), " ".join(rest)

    def category_members(self, text: str) -> frozenset[int] | None:
        """The concepts ``text`` asks for when it is a category request (category words and
        no commodity of its own), else None."""
        members, rest = self.read(text)
        if not members or self.glossary.detect(rest).known:
            return None
        return members


class ProductFilter:
    """The list filter behind :func:`product_matches`, with what it read remembered: each
    query once, each product name once (up to ``cache_size`` of each), so filtering a list
    of thousands of products costs a dict lookup and a few set operations per product."""

    def __init__(
        self,
        glossary: Glossary | None = None,
        categories: Categories | None = None,
        states: ProductStates | None = None,
        cache_size: int = 100_000,
    ) -> None:
        self.glossary = glossary or Glossary.default()
        self.categories = categories or Categories.for_glossary(self.glossary)
        self.states = states or ProductStates.for_glossary(self.glossary)
        self.cache_size = cache_size
        self._queries: dict[str, _Query] = {}
        self._names: dict[str, _Name] = {}

    @classmethod
    def default(cls) -> ProductFilter:
        """The filter over the shipped glossary, categories and states (built once)."""
        return _default_filter()

    def _query(self, query: str) -> _Query:
        read = self._queries.get(query)
        if read is None:
            asked = self.glossary.detect(query)
            read = _Query(
                text=normalise(query),
                members=self.categories.category_members(query),
                concepts=frozenset(asked.bases | asked.forms),
                states=self.states.detect(query, asked) if asked.known else 0,
            )
            if len(self._queries) >= self.cache_size:
                self._queries.clear()
            self._queries[query] = read
        return read

    def _name(self, name: str) -> _Name:
        read = self._names.get(name)
        if read is None:
            own = self.glossary.detect(name)
            reach: set[int] = set()
            for concept in own.bases | own.forms:
                reach.add(concept)
                reach.update(self.glossary.ancestors[concept])
            read = _Name(
                text=normalise(name),
                reach=frozenset(reach),
                states=self.states.detect(name, own) if own.known else 0,
            )
            if len(self._names) >= self.cache_size:
                self._names.clear()
            self._names[name] = read
        return read

    def identity(self, text: str, hs_code: str | None = None) -> ProductIdentity:
        """What a product text *is*, as a hashable key: the glossary concepts it names and
        the state values it names (its HS code's where the text is silent and the code allows
        one value only), or, when the text names no concept, the HS code's digits. "peyek
        kepiting" and "crab peyek" are one product; "nanas segar" and "nanas kering" are two.
        For grouping demand by product (the supply-gap report)."""
        read = self._name(text)
        code = normalise_hs(hs_code)
        bits = read.states
        evidence = self.states.hs_evidence(code)
        for mask in self.states.dimension_mask.values():
            allowed = evidence & mask
            if allowed and not bits & mask and allowed & (allowed - 1) == 0:
                bits |= allowed
        concepts = self.glossary.detect(text)
        names = tuple(
            sorted(self.glossary.concepts[c].name for c in concepts.bases | concepts.forms)
        )
        states = tuple(
            f"{value.dimension}:{value.value}"
            for value in self.states.values
            if bits >> value.bit & 1
        )
        return ProductIdentity(names, states, None if names else code)

    def matches(self, query: str, name: str, hs_code: str | None = None) -> bool:
        """See :func:`product_matches`."""
        asked = self._query(query)
        if not asked.text:
            return True
        own = self._name(name)
        if asked.text in own.text:
            return True
        code = normalise_hs(hs_code)
        if asked.members is not None:
            if own.reach:
                return bool(asked.members & own.reach)
            return code is not None and _hs_under(code, asked.members, self.glossary)
        if not asked.concepts:
            return False
        if own.reach:
            if not asked.concepts <= own.reach:
                return False
        elif code is None or not _hs_under(code, asked.concepts, self.glossary):
            return False
        if asked.states:
            found = self.states.compare(asked.states, own.states, self.states.hs_evidence(code))
            if any(detail.status == CONTRADICTS for detail in found):
                return False
        return True


@dataclass(frozen=True, slots=True)
class ProductIdentity:
    """What a product is (:meth:`ProductFilter.identity`): glossary concept names (bases and
    forms, sorted), state values as ``"dimension:value"`` (``"state:dried"``), and the HS
    code's digits only when no concept was read. Equal identities are the same product."""

    concepts: tuple[str, ...]
    states: tuple[str, ...]
    hs_code: str | None


def product_identity(text: str, hs_code: str | None = None) -> ProductIdentity:
    """What a product or request text is, with the shipped data (see
    :meth:`ProductFilter.identity`)."""
    return ProductFilter.default().identity(text, hs_code)


@dataclass(frozen=True, slots=True)
class _Query:
    text: str
    members: frozenset[int] | None
    concepts: frozenset[int]
    states: int


@dataclass(frozen=True, slots=True)
class _Name:
    text: str
    #: the name's concepts and their ancestors
    reach: frozenset[int]
    states: int


def product_matches(query: str, name: str, hs_code: str | None = None) -> bool:
    """Whether a product (its ``name`` and HS code) falls under ``query``, for list filters
    (``product=`` on the service's lists), with the shipped glossary, categories and states.

    True when the query's words appear in the name as typed (any letter case, as a plain
    text search finds them), or when the query is a category word and the product is a
    member ("kerajinan" -> "Tas Anyaman Rotan"; "aksesoris" -> "Kalung Manik-manik Dayak"),
    or when every commodity and form the query names is in the product, as the same concept,
    a narrower one or a synonym in the other language ("ikan kering" -> "Ikan Teri Kering",
    "Dried Salted Fish"; "jahe" -> "Ginger Powder") and the product does not contradict a
    state the query names ("nanas kering" does not take "Nanas Segar"). A product whose name
    the glossary cannot read is judged by its HS code (the concept's code, or one inside it).
    An empty query takes every product. Queries and names are read once and remembered
    (:class:`ProductFilter`; build one for another glossary).
    """
    return ProductFilter.default().matches(query, name, hs_code)


def _hs_under(code: str, concepts: Iterable[int], glossary: Glossary) -> bool:
    for concept in concepts:
        implied = glossary.concepts[concept].hs_code
        if implied and code.startswith(implied):
            return True
    return False


@lru_cache(maxsize=1)
def _default_states() -> ProductStates:
    return ProductStates(
        _data_rows("product_states.csv"), _data_rows("hs_states.csv"), Glossary.default()
    )


@lru_cache(maxsize=1)
def _default_categories() -> Categories:
    return Categories(_data_rows("categories.csv"), Glossary.default())


@lru_cache(maxsize=1)
def _default_filter() -> ProductFilter:
    return ProductFilter()
