"""The ``product=`` filter of GET /umkm and GET /products: the products matching would find.

A product passes when ``matching.product_matches`` says its name (and HS code) falls
under the query: the query's words in the name (any letter case, as before), a category word
and one of its members ("kerajinan" takes "Tas Anyaman Rotan", "aksesoris" takes "Kalung
Manik-manik"), or the glossary concepts the query names, in either language or a narrower
kind ("ikan kering" takes "Ikan Teri Kering" and "Dried Salted Fish"), unless the product
contradicts a state the query names.

Reading every product name through the glossary on each list call would not scale, so the
database first narrows the rows (``prefilter``): names holding every word of the query, or
one word of a glossary term of a concept the query can reach (the concepts it names or their
members, and every narrower concept), or an HS code under such a concept. Python then judges
those rows with ``product_matches``. A name spelled more than a plural ending away from every
glossary term (the glossary forgives one wrong letter) is found only through its HS code.
"""

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, false, or_
from sqlalchemy.orm import InstrumentedAttribute

from app.services.common import escape_like
from matching import Glossary, normalise, product_matches
from matching.states import Categories

# Words shorter than this are left out of the prefilter's glossary words ("teh" would
# still be one: only terms whose every word is shorter are dropped, see _key_word).
_MIN_WORD = 3


@lru_cache(maxsize=1)
def _narrower() -> tuple[frozenset[int], ...]:
    """Per glossary concept: itself and every concept narrower than it."""
    glossary = Glossary.default()
    below: list[set[int]] = [{i} for i in range(len(glossary))]
    for concept, ancestors in enumerate(glossary.ancestors):
        for ancestor in ancestors:
            below[ancestor].add(concept)
    return tuple(frozenset(found) for found in below)


def _key_word(term: str) -> str:
    """The word of a glossary term a name holding the term must hold: its longest, cut to
    the stem an English plural keeps ("berry" -> "berr", for "berries")."""
    word = max(term.split(), key=len, default="")
    return word[:-1] if word.endswith("y") and len(word) > _MIN_WORD else word


@lru_cache(maxsize=512)
def prefilter(query: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(words the name holds all of, words it may hold any of, HS prefixes it may start
    with) for ``query``: a row outside all three cannot pass ``product_matches``."""
    glossary = Glossary.default()
    words = tuple(normalise(query).split())
    members = Categories.default().category_members(query)
    if members is None:
        asked = glossary.detect(query)
        members = frozenset(asked.bases | asked.forms)
    narrower = _narrower()
    reach = sorted(set().union(*(narrower[c] for c in members))) if members else []
    words_found = {
        _key_word(term)
        for concept in reach
        for term in glossary.concepts[concept].terms
        if len(_key_word(term)) >= _MIN_WORD
    }
    # a name holding "baskets" holds "basket": the shorter word is enough
    any_words: list[str] = []
    for word in sorted(words_found, key=lambda w: (len(w), w)):
        if not any(kept in word for kept in any_words):
            any_words.append(word)
    any_words.sort()
    prefixes = sorted(
        {code for concept in reach if (code := glossary.concepts[concept].hs_code) is not None}
    )
    return words, tuple(any_words), tuple(prefixes)


def _contains(column: InstrumentedAttribute[str], word: str, dialect: str) -> ColumnElement[bool]:
    # SQLite's LIKE ignores ASCII letter case already; its ILIKE (lower() on both sides)
    # made the filter six times slower. The words are lower-case ASCII (normalise).
    pattern = f"%{escape_like(word)}%"
    if dialect == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def name_condition(
    query: str,
    name: InstrumentedAttribute[str],
    hs_code: InstrumentedAttribute[str | None],
    *,
    dialect: str,
) -> ColumnElement[bool]:
    """The database's part of the filter (``prefilter``) on the product ``name`` and
    ``hs_code`` columns, for the ``dialect`` ("sqlite", "postgresql") the statement runs
    on: on PostgreSQL the glossary words are one case-insensitive regular expression."""
    words, any_words, prefixes = prefilter(query)
    alternatives: list[ColumnElement[bool]] = []
    if words:
        alternatives.append(and_(*(_contains(name, word, dialect) for word in words)))
    if any_words and dialect == "postgresql":
        # lower-case letters and digits only: nothing to escape in the expression
        alternatives.append(name.regexp_match("|".join(any_words), flags="i"))
    else:
        alternatives += [_contains(name, word, dialect) for word in any_words]
    alternatives += [hs_code.startswith(prefix) for prefix in prefixes]
    return or_(*alternatives) if alternatives else false()


RowT = TypeVar("RowT", bound=Sequence[Any])


def passing(query: str, rows: Iterable[RowT]) -> list[RowT]:
    """The rows (whose last two fields are a product's name and HS code) that pass
    ``product_matches`` for ``query``; each distinct name and code is judged once."""
    judged: dict[tuple[Any, Any], bool] = {}
    kept = []
    for row in rows:
        name, code = row[-2], row[-1]
        verdict = judged.get((name, code))
        if verdict is None:
            verdict = judged[(name, code)] = product_matches(
                query, str(name), code if isinstance(code, str) else None
            )
        if verdict:
            kept.append(row)
    return kept
