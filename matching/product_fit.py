"""Product fit (0..1) of every product profile for a request: the rules, as array kernels.

A product fit combines three kinds of evidence:

* concepts from the glossary (``matching/data/glossary.csv``): both texts are read into base
  commodities and forms. Request base vs product base scores 1 (same), 0.9 (the product is a
  narrower kind: cabe rawit for "chili"), 0.75 (the product is broader), 0.5 (siblings under one
  broader concept), else 0; forms likewise (and 0.6/0.55 when only one side names a form). The
  concept fit is base x form x (0.85 + 0.15 x share of the product's bases asked for).
* text: cosine of character n-gram TF-IDF vectors (char_wb, 3-5, sublinear tf) of the request
  and the product name (spelling variants) and of the request and the English HS description
  of the product's HS code (its own, else the one its concepts imply) — the language bridge.
* HS codes: same 8 / 6 / 4 / 2 leading digits give 1.0 / 0.85 / 0.6 / 0.3 (1.0 when the
  product lies inside a shorter code the buyer gave).

When both sides name concepts: fit = 0.75 x concept + 0.25 x max(text, description, HS); if
their concepts are disjoint (a different kind: peyek kepiting for cake salak, ginger for
turmeric), fit = min(0.45, 0.5 x max(text, description) + 0.3 x HS). Otherwise fit =
max(text, 0.9 x description, 0.7 x HS).

A request that is only a category word ("aksesoris", "seafood") scores concepts with
:func:`category_fit` instead: any member concept is the right kind.

Then state, process, grade and material (:mod:`matching.states`): per value the request asks
for, :func:`state_status` finds whether each profile agrees (its name names the value, or its
own HS code allows only it), contradicts it (names, or its HS code allows only, values that
exclude it) or is silent; :func:`apply_states` puts a contradicting product under
``RELATED_FIT`` (fit ``min(fit, 0.3 + 0.19 x fit)``: "nanas segar" for "nanas kering" is a
different product, ranked under every product that agrees whatever its capacity, yet above
products of another kind) and takes 0.05 x the silent share off a silent one (it ranks under
one that agrees when the other data are equal; a whole band would bury the many plain
product names that never say "segar").

The functions here are pure: they read the per-name concept rows, state bits and HS prefixes
that :class:`~matching.vocabulary.Vocabulary` keeps and return one figure per name, HS code or
profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .text import ConceptSet

__all__ = [
    "RELATED_FIT",
    "SAME_KIND_FIT",
    "NameConcepts",
    "apply_states",
    "category_fit",
    "combine_fit",
    "concept_fit",
    "concept_level",
    "hs_fit",
    "state_status",
]

#: Product fit at or above this is "the same product" (score band 60..100).
SAME_KIND_FIT = 0.75
#: Product fit at or above this is "related" (score band 30..59.9); below: 0..29.9.
RELATED_FIT = 0.5
#: The highest fit a product of a different kind (disjoint concepts) can get.
_DIFFERENT_KIND_CAP = 0.45
#: Fit for 2, 4, 6, 8 shared leading HS digits.
_HS_LEVEL_FIT = (0.3, 0.6, 0.85, 1.0)

#: A product that contradicts a state the request names ("nanas segar" for "nanas kering")
#: gets fit ``min(fit, _CONTRADICTED_LOW + _CONTRADICTED_SLOPE x fit)``: at most 0.49, under
#: ``RELATED_FIT`` (weak tier, score 0..29.9).
_CONTRADICTED_LOW = 0.3
_CONTRADICTED_SLOPE = 0.19
#: A product silent on a state the request names loses this much fit: with otherwise equal
#: data it ranks under one that states it.
_UNCONFIRMED_PENALTY = 0.05

F64 = npt.NDArray[np.float64]
#: cosines arrive as float32 (the TF-IDF rows) or float64 (bounds)
Floats = npt.NDArray[np.float32] | npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
U64 = npt.NDArray[np.uint64]
B = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class NameConcepts:
    """The concepts of each distinct product name, as rows (one per name) of bools over the
    glossary's concepts: its own bases and forms, and their strict ancestors (``*_up``)."""

    base: B
    base_up: B
    form: B
    form_up: B
    #: how many bases / forms each name has
    n_base: I64
    n_form: I64

    def __len__(self) -> int:
        return len(self.n_base)


def concept_level(
    wanted: frozenset[int],
    own: B,
    up: B,
    ancestors: Sequence[Sequence[int]],
    columns: LevelColumns | None = None,
) -> tuple[F64, I64]:
    """Per name: mean over ``wanted`` concepts of the best relation level (1 same, 0.9 the name
    is narrower, 0.75 broader, 0.5 siblings, 0 none), and how many wanted concepts the name has
    at level >= 0.75. ``own`` / ``up``: the names' concepts and their ancestors (bool rows);
    ``ancestors[concept]``: the concept's strict ancestors; ``columns``: the levels per
    concept kept from earlier requests (the same figures)."""
    total = np.zeros(len(own), dtype=np.float64)
    hits = np.zeros(len(own), dtype=np.int64)
    for concept in wanted:
        if columns is None:
            level = _relation(concept, own, up, ancestors)
        else:
            level = columns.column(concept, own, up, ancestors)
        total += level
        hits += level >= 0.75
    return total / max(len(wanted), 1), hits


def _relation(concept: int, own: B, up: B, ancestors: Sequence[Sequence[int]]) -> F64:
    """Per name: the best relation level of its concepts to ``concept``."""
    level: F64 = np.where(own[:, concept], 1.0, np.where(up[:, concept], 0.9, 0.0))
    broader = ancestors[concept]
    if broader:
        level = np.maximum(level, np.where(own[:, broader].any(axis=1), 0.75, 0.0))
        level = np.maximum(level, np.where(up[:, broader].any(axis=1), 0.5, 0.0))
    return level


class LevelColumns:
    """The relation level of every name's concepts (its bases, or its forms) to a concept:
    a column per concept asked for, kept for the next request naming it and extended when
    names are added. A name's concepts never change once read, so the column computed for
    the first n names stays right for them (at 1M products half of the concept fit of the
    10,742 signatures went to computing these columns again for every request)."""

    def __init__(self) -> None:
        self.columns: dict[int, F64] = {}

    def column(self, concept: int, own: B, up: B, ancestors: Sequence[Sequence[int]]) -> F64:
        """The levels of the rows of ``own`` / ``up`` (the same rows every call, grown
        only by rows added at the end) to ``concept``."""
        count = len(own)
        found = self.columns.get(concept)
        if found is None or len(found) < count:
            done = 0 if found is None else len(found)
            more = _relation(concept, own[done:], up[done:], ancestors)
            found = more if found is None else np.concatenate([found, more])
            self.columns[concept] = found
        return found[:count]


def concept_fit(
    wanted: ConceptSet,
    names: NameConcepts,
    ancestors: Sequence[Sequence[int]],
    levels: tuple[LevelColumns, LevelColumns] | None = None,
) -> tuple[F64, B, B]:
    """Per distinct name: concept fit 0..1, whether both sides name concepts, whether the
    name is of a different kind (disjoint concepts). ``levels``: the level columns kept for
    these names' bases and forms (see :class:`LevelColumns`)."""
    base_levels, form_levels = (None, None) if levels is None else levels
    n_names = len(names)
    n_base, n_form = names.n_base, names.n_form
    known = ((n_base > 0) | (n_form > 0)) & wanted.known
    if not wanted.known:
        return np.zeros(n_names), known, np.zeros(n_names, dtype=np.bool_)
    disjoint = np.zeros(n_names, dtype=np.bool_)
    base_score = np.ones(n_names)
    precision = np.ones(n_names)
    if wanted.bases:
        level, hits = concept_level(wanted.bases, names.base, names.base_up, ancestors, base_levels)
        base_score = np.where(n_base > 0, level, 0.5)
        disjoint |= (n_base > 0) & (level == 0)
        precision = np.where(n_base > 0, np.minimum(1.0, hits / np.maximum(n_base, 1)), 1.0)
    if wanted.forms:
        level, _ = concept_level(wanted.forms, names.form, names.form_up, ancestors, form_levels)
        form_score = np.where(n_form > 0, np.where(level > 0, level, 0.5), 0.55)
        if not wanted.bases:  # the request only names a form ("chips"): it is the kind
            disjoint |= level == 0
    else:
        form_score = np.where(n_form > 0, 0.6, 1.0)
    fit = base_score * form_score * (0.85 + 0.15 * precision)
    return np.where(disjoint, 0.0, fit), known, disjoint & known


def category_fit(members: frozenset[int], names: NameConcepts) -> tuple[F64, B, B]:
    """Per distinct name, for a request that is only a category word ("aksesoris",
    "rempah-rempah"): concept fit, whether the name has concepts, and whether it is of a
    different kind (has concepts, none a member). The fit is 1 when one of the name's forms
    is a member ("oleh-oleh": chips, amplang) or one of its bases is and it has no form; 0.6
    when a member base was made into a form outside the category (peyek kepiting for
    "seafood", as a form the request does not name scores in :func:`concept_fit`)."""
    columns = sorted(members)
    base_hit = names.base[:, columns].any(axis=1) | names.base_up[:, columns].any(axis=1)
    form_hit = names.form[:, columns].any(axis=1) | names.form_up[:, columns].any(axis=1)
    known = (names.n_base > 0) | (names.n_form > 0)
    fit = np.where(form_hit, 1.0, np.where(base_hit, np.where(names.n_form > 0, 0.6, 1.0), 0.0))
    return fit, known, known & ~(base_hit | form_hit)


def state_status(
    wanted: int,
    name_bits: U64,
    hs_bits: U64,
    *,
    dimension_of_bit: Sequence[int],
    contradicts_mask: Sequence[int],
) -> tuple[B, F64]:
    """Per profile: whether it contradicts a state value the request names, and the share
    of the named values it is silent on (0 when it agrees with all, or none is named).

    ``wanted``: the request's value bits (:class:`~matching.states.ProductStates`);
    ``name_bits``: the values each profile's name names; ``hs_bits``: the values its own HS
    code allows. Per wanted value, the name decides when it names any value of that
    dimension (it agrees when it names the value, contradicts when it names one that
    excludes it, else is silent); else the HS code decides (agrees when it allows only that
    value, contradicts when every value it allows excludes it, else silent)."""
    contradicted = np.zeros(len(name_bits), dtype=np.bool_)
    silent = np.zeros(len(name_bits), dtype=np.float64)
    asked = 0
    bit = 0
    while wanted >> bit:
        if wanted >> bit & 1:
            asked += 1
            one = np.uint64(1 << bit)
            dimension = np.uint64(dimension_of_bit[bit])
            excluded = np.uint64(contradicts_mask[bit])
            compatible = np.uint64(~contradicts_mask[bit] & ((1 << 64) - 1))
            own = name_bits & dimension
            allowed = hs_bits & dimension
            named = own != 0
            agrees = np.where(named, (own & one) != 0, allowed == one)
            contradicts = np.where(
                named,
                ((own & one) == 0) & ((own & excluded) != 0),
                (allowed != 0) & ((allowed & one) == 0) & ((allowed & compatible) == 0),
            )
            contradicted |= contradicts
            silent += ~(agrees | contradicts)
        bit += 1
    return contradicted, silent / max(asked, 1)


def apply_states(fit: F64, contradicted: B, silent: F64) -> F64:
    """Product fit after the state rule. A contradicting product is a different product:
    its fit becomes ``min(fit, 0.3 + 0.19 x fit)``, under ``RELATED_FIT`` (weak band, score
    0..29.9) yet, for a product of the right commodity, above a product of another kind
    (<= 0.45) and above ``min_product_fit``'s default 0.3. A product silent on the named
    states loses ``_UNCONFIRMED_PENALTY`` times the share it is silent on: with otherwise
    equal data it ranks under one that agrees; better capacity or certificates in the same
    band may still lift it."""
    adjusted: F64 = np.where(
        contradicted,
        np.minimum(fit, _CONTRADICTED_LOW + _CONTRADICTED_SLOPE * fit),
        np.maximum(fit - _UNCONFIRMED_PENALTY * silent, 0.0),
    )
    return adjusted


def hs_fit(code: str | None, prefixes: I64) -> F64:
    """Per HS code: fit 0..1 of its leading digits with the request's ``code``. ``prefixes``
    holds one row per code of its 2, 4, 6 and 8 leading digits as ints (-1 when shorter)."""
    fit = np.zeros(len(prefixes))
    if not code:
        return fit
    levels = min(len(code) // 2, 4)
    for level in range(levels):
        value = 1.0 if level == levels - 1 else _HS_LEVEL_FIT[level]
        fit = np.where(prefixes[:, level] == int(code[: 2 * (level + 1)]), value, fit)
    return fit


def combine_fit(
    *, text: Floats, description: Floats, hs: F64, concept: F64, known: B, disjoint: B
) -> F64:
    """Product fit 0..1 from its evidence, all aligned (one entry per profile): name text
    cosine, HS description cosine, HS fit, concept fit, whether both sides name concepts and
    whether they are of different kinds."""
    evidence = np.maximum(np.maximum(text, description), hs)
    fit = np.where(
        known,
        0.75 * concept + 0.25 * evidence,
        np.maximum(text, np.maximum(0.9 * description, 0.7 * hs)),
    )
    fit = np.where(
        disjoint,
        np.minimum(_DIFFERENT_KIND_CAP, 0.5 * np.maximum(text, description) + 0.3 * hs),
        fit,
    )
    clipped: F64 = np.clip(fit, 0.0, 1.0)
    return clipped
