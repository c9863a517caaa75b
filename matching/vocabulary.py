"""What the index has read: distinct product names, HS codes and profiles, their text vectors,
and the product fit of every profile per request (the fit cache).

A *name* is a distinct normalised product name (with the concepts the glossary reads in it);
a *profile* is a distinct (name, effective HS code, HS state evidence) triple — the product's
own HS code, else the one its concepts imply, and the state values its own code allows
(``hs_states.csv``; an implied code gives none). Each name also keeps the state values it
names (bits of :class:`~matching.states.ProductStates`). Products of one profile have the
same product fit for any request, so
the fit is computed per profile (:mod:`matching.product_fit` holds the rules) and products
look theirs up. Names, HS codes and profiles are only ever added, never removed.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .postings import NameText
from .product_fit import (
    Floats,
    LevelColumns,
    NameConcepts,
    apply_states,
    category_fit,
    combine_fit,
    concept_fit,
    hs_fit,
    state_status,
)
from .records import Demand
from .states import Categories, ProductStates
from .text import ConceptSet, Glossary, describe_hs, normalise, normalise_hs

__all__ = ["DEAD_PROFILE", "FittingProfiles", "ProductRequest", "Vocabulary"]

#: Profile id of removed and empty slots (its fit is -1: never a candidate).
DEAD_PROFILE = 0

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

#: (request text, request HS code): what a product fit depends on, besides the vocabulary.
RequestKey = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class ProductRequest:
    """A request's product text as the vocabulary reads it: TF-IDF vector, concepts, HS code
    (given, else implied by the concepts), the state values it asks for (bits of
    :class:`~matching.states.ProductStates`) and, for a request that is only a category word,
    the category's member concepts."""

    vector: F32
    concepts: ConceptSet
    #: the vector's nonzero n-grams (column ids) and their weights
    grams: I64
    weights: F64
    hs_code: str | None
    states: int = 0
    members: frozenset[int] | None = None


class Vocabulary:
    """Distinct names, HS codes and profiles with their concept rows and TF-IDF rows.

    ``fit_text`` learns the TF-IDF vocabulary from the names known then (plus the glossary's
    terms and the HS descriptions); names and codes added later get their rows, with that
    vocabulary, from ``sync_text``.
    """

    name_text: NameText
    hs_matrix: sp.csr_matrix
    vectorizer: TfidfVectorizer

    def __init__(
        self,
        glossary: Glossary,
        hs_descriptions: Mapping[str, str],
        states: ProductStates | None = None,
        categories: Categories | None = None,
    ) -> None:
        self.glossary = glossary
        self.states = states or ProductStates.for_glossary(glossary)
        self.categories = categories or Categories.for_glossary(glossary)
        self.hs_descriptions = hs_descriptions
        n_concepts = len(glossary)
        self.concept_ancestors = [list(broader) for broader in glossary.ancestors]
        self.request_cache: dict[RequestKey, ProductRequest] = {}
        self.fit_cache: OrderedDict[RequestKey, tuple[tuple[int, int], FittingProfiles]] = (
            OrderedDict()
        )
        # distinct names: normalised text, concepts, the state values they name (bits of
        # ProductStates) and their signature
        self.name_ids: dict[str, int] = {}
        self.raw_names: dict[tuple[str, str], int] = {}
        self.name_texts: list[str] = []
        self.name_concepts: list[ConceptSet] = []
        self.name_states = np.zeros(64, dtype=np.uint64)
        self.name_signature = np.zeros(64, dtype=np.int32)
        # signatures: distinct (bases, forms, state values) of names; a name's concept fit and
        # state status depend on nothing else. Concepts as bool rows (and strict ancestors).
        self.signature_ids: dict[tuple[frozenset[int], frozenset[int], int], int] = {}
        self.signature_base = np.zeros((64, n_concepts), dtype=np.bool_)
        self.signature_base_up = np.zeros((64, n_concepts), dtype=np.bool_)
        self.signature_form = np.zeros((64, n_concepts), dtype=np.bool_)
        self.signature_form_up = np.zeros((64, n_concepts), dtype=np.bool_)
        self.signature_n_base = np.zeros(64, dtype=np.int64)
        self.signature_n_form = np.zeros(64, dtype=np.int64)
        self.signature_states = np.zeros(64, dtype=np.uint64)
        self.n_signatures = 0
        # distinct effective HS codes; id 0 = none
        self.hs_ids: dict[str, int] = {"": 0}
        self.hs_codes: list[str] = [""]
        self.hs_prefix = np.full((64, 4), -1, dtype=np.int64)
        # profiles = distinct (name, effective HS, state values the product's own HS code
        # allows); id 0 = dead slot
        self.profile_ids: dict[tuple[int, int, int], int] = {(-1, -1, 0): DEAD_PROFILE}
        self.profile_name = np.zeros(64, dtype=np.int64)
        self.profile_hs = np.zeros(64, dtype=np.int64)
        self.profile_hs_states = np.zeros(64, dtype=np.uint64)
        self.profile_class = np.zeros(64, dtype=np.int32)
        self.n_profiles = 1
        # classes: distinct (signature, HS code, HS state evidence) of profiles. A profile's
        # fit is its class's rule applied to its name's text cosine, and never falls when
        # the cosine rises, so a class bounds the fit of all its profiles (`profile_fit`).
        self.class_ids: dict[tuple[int, int, int], int] = {}
        self.class_signature = np.zeros(64, dtype=np.int64)
        self.class_hs = np.zeros(64, dtype=np.int64)
        self.class_hs_states = np.zeros(64, dtype=np.uint64)
        self.n_classes = 0
        # profiles 1 .. listed_profiles - 1 grouped by class and by name (CSR), rebuilt now
        # and then; later profiles are always looked at
        self.listed_profiles = 1
        self.class_start = np.zeros(1, dtype=np.int64)
        self.class_members = np.zeros(0, dtype=np.int64)
        self.name_start = np.zeros(1, dtype=np.int64)
        self.name_members = np.zeros(0, dtype=np.int64)
        # the signatures' relation levels to the concepts requests name (bases, forms)
        self.levels = (LevelColumns(), LevelColumns())

    def __getstate__(self) -> dict[str, Any]:
        """What a snapshot keeps (:mod:`matching.snapshot`): not the caches, which fill
        again."""
        state = dict(vars(self))
        state["raw_names"], state["request_cache"] = {}, {}
        state["fit_cache"] = OrderedDict()
        del state["levels"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self.levels = (LevelColumns(), LevelColumns())

    # ------------------------------------------------------------------ names and profiles

    def profile_of(self, name_id: int, hs_code: str | None) -> int:
        """Profile id of a product with name ``name_id`` and HS code ``hs_code`` as given
        (none: the code its name's concepts imply). Only a code the product gives is evidence
        of its state (``hs_states.csv``); an implied one says nothing about it."""
        given = normalise_hs(hs_code)
        effective = given or self.glossary.hs_code_for(self.name_concepts[name_id])
        evidence = self.states.hs_evidence(given) if given else 0
        return self.profile_id(name_id, self.hs_id(effective or ""), evidence)

    def name_id(self, name: str, description: str) -> int:
        """Id of a product name (added when new). A name the glossary cannot read ("Produk
        Unggulan Bu Siti") borrows the concepts of the product's description."""
        raw_key = (name, description)
        cached = self.raw_names.get(raw_key)
        if cached is not None:
            return cached
        text = normalise(name)
        concepts = self.glossary.detect(name)
        key = text
        if not concepts.known and description:
            described = self.glossary.detect(description)
            if described.known:
                concepts = described
                key = f"{text}\x1f{sorted(described.bases)}{sorted(described.forms)}"
        name_id = self.name_ids.get(key)
        if name_id is None:
            name_id = self.name_ids[key] = len(self.name_texts)
            self.name_texts.append(text)
            self.name_concepts.append(concepts)
            if name_id >= len(self.name_states):
                self.name_states = _grown(self.name_states)
                self.name_signature = _grown(self.name_signature)
            states = self.states.detect(name, concepts)
            self.name_states[name_id] = states
            self.name_signature[name_id] = self._signature_id(concepts, states)
        if len(self.raw_names) < 1_000_000:
            self.raw_names[raw_key] = name_id
        return name_id

    def _signature_id(self, concepts: ConceptSet, states: int) -> int:
        key = (concepts.bases, concepts.forms, states)
        signature = self.signature_ids.get(key)
        if signature is not None:
            return signature
        signature = self.signature_ids[key] = self.n_signatures
        self.n_signatures += 1
        if signature >= len(self.signature_n_base):
            for attr in (
                "signature_base", "signature_base_up", "signature_form", "signature_form_up",
                "signature_n_base", "signature_n_form", "signature_states",
            ):  # fmt: skip
                setattr(self, attr, _grown(getattr(self, attr)))
        self.signature_states[signature] = states
        for ids, own, up, counts in (
            (concepts.bases, self.signature_base, self.signature_base_up, self.signature_n_base),
            (concepts.forms, self.signature_form, self.signature_form_up, self.signature_n_form),
        ):
            counts[signature] = len(ids)
            for concept in ids:
                own[signature, concept] = True
                for ancestor in self.concept_ancestors[concept]:
                    up[signature, ancestor] = True
        return signature

    def hs_id(self, code: str) -> int:
        """Id of an effective HS code ("" = none; added when new)."""
        hs_id = self.hs_ids.get(code)
        if hs_id is None:
            hs_id = self.hs_ids[code] = len(self.hs_codes)
            self.hs_codes.append(code)
            if hs_id >= len(self.hs_prefix):
                prefix = np.full((2 * len(self.hs_prefix), 4), -1, dtype=np.int64)
                prefix[: len(self.hs_prefix)] = self.hs_prefix
                self.hs_prefix = prefix
            for level in range(len(code) // 2):
                self.hs_prefix[hs_id, level] = int(code[: 2 * (level + 1)])
        return hs_id

    def profile_id(self, name_id: int, hs_id: int, hs_states: int = 0) -> int:
        """Id of the (name, HS code, HS state evidence) profile (added when new)."""
        key = (name_id, hs_id, hs_states)
        profile = self.profile_ids.get(key)
        if profile is None:
            profile = self.profile_ids[key] = self.n_profiles
            if profile >= len(self.profile_name):
                for attr in ("profile_name", "profile_hs", "profile_hs_states", "profile_class"):
                    setattr(self, attr, _grown(getattr(self, attr)))
            self.profile_name[profile] = name_id
            self.profile_hs[profile] = hs_id
            self.profile_hs_states[profile] = hs_states
            self.profile_class[profile] = self._class_id(
                int(self.name_signature[name_id]), hs_id, hs_states
            )
            self.n_profiles += 1
        return profile

    def _class_id(self, signature: int, hs_id: int, hs_states: int) -> int:
        key = (signature, hs_id, hs_states)
        found = self.class_ids.get(key)
        if found is None:
            found = self.class_ids[key] = self.n_classes
            self.n_classes += 1
            if found >= len(self.class_hs):
                for attr in ("class_signature", "class_hs", "class_hs_states"):
                    setattr(self, attr, _grown(getattr(self, attr)))
            self.class_signature[found] = signature
            self.class_hs[found] = hs_id
            self.class_hs_states[found] = hs_states
        return found

    def list_profiles(self) -> None:
        """Group the profiles by class and by name (CSR arrays), as ``profile_fit`` reads
        them; profiles added later are looked at one by one until the next grouping."""
        count = self.n_profiles
        profiles = np.arange(1, count, dtype=np.int64)
        for key_of, n_keys, start, members in (
            (self.profile_class, self.n_classes, "class_start", "class_members"),
            (self.profile_name, len(self.name_texts), "name_start", "name_members"),
        ):
            keys = key_of[1:count]
            setattr(self, members, profiles[np.argsort(keys, kind="stable")])
            counts = np.bincount(keys, minlength=n_keys)
            setattr(self, start, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
        self.listed_profiles = count

    # ------------------------------------------------------------------ text

    def fit_text(self) -> None:
        """Take the TF-IDF model of the glossary and the HS descriptions, and vectorise every
        name and HS description known.

        The model is learned from reference text only (every glossary term and every HS
        description), never from the product names: names arrive one by one in a running
        index, and a model learned from the names at build time would give a freshly built
        index other vectors, hence other scores, than one kept current by upserts. Learned
        once per (glossary, descriptions) pair and shared."""
        self.vectorizer = _text_model(self.glossary, self.hs_descriptions)
        self.name_text = NameText(len(self.vectorizer.vocabulary_))
        if self.name_texts:  # sklearn refuses to transform nothing (an empty database)
            self.name_text.append(self.vectorizer.transform(self.name_texts))
        descriptions = [self._hs_text(code) for code in self.hs_codes]
        self.hs_matrix = self.vectorizer.transform(descriptions)
        self.list_profiles()

    def _hs_text(self, code: str) -> str:
        return normalise(describe_hs(code, self.hs_descriptions))

    def sync_text(self) -> None:
        """Add text rows for names and HS codes added since (a small block of rows each time,
        see :mod:`matching.postings`), and group the profiles anew when many were added."""
        done = len(self.name_text)
        if done < len(self.name_texts):
            self.name_text.append(self.vectorizer.transform(self.name_texts[done:]))
        done = self.hs_matrix.shape[0]
        if done < len(self.hs_codes):
            new_codes = self.hs_codes[done:]
            rows = self.vectorizer.transform([self._hs_text(code) for code in new_codes])
            self.hs_matrix = sp.vstack([self.hs_matrix, rows], format="csr")
        if self.n_profiles - self.listed_profiles > max(1024, self.listed_profiles // 8):
            self.list_profiles()

    # ------------------------------------------------------------------ product fit

    def request(self, demand: Demand) -> ProductRequest:
        """The demand's product text read into a vector and concepts (cached)."""
        key = (demand.product, demand.hs_code)
        request = self.request_cache.get(key)
        if request is None:
            concepts = self.glossary.detect(demand.product)
            given = normalise_hs(demand.hs_code)
            hs_code = given or self.glossary.hs_code_for(concepts)
            columns, values = request_row(self.vectorizer, normalise(demand.product))
            vector = np.zeros(len(self.vectorizer.vocabulary_), dtype=self.vectorizer.dtype)
            vector[columns] = values
            nonzero = values != 0  # the n-grams read (not a scan of every n-gram's column)
            request = ProductRequest(
                vector=vector,
                concepts=concepts,
                grams=columns[nonzero],
                weights=values[nonzero].astype(np.float64),
                hs_code=hs_code,
                states=self.states.request_bits(demand.product, concepts, given),
                members=self.categories.category_members(demand.product),
            )
            if len(self.request_cache) > 4096:
                self.request_cache.clear()
            self.request_cache[key] = request
        return request

    def _evidence(self, request: ProductRequest) -> _Evidence:
        """What the fit takes from the request's relation to every signature and HS code."""
        count = self.n_signatures
        signatures = NameConcepts(
            base=self.signature_base[:count],
            base_up=self.signature_base_up[:count],
            form=self.signature_form[:count],
            form_up=self.signature_form_up[:count],
            n_base=self.signature_n_base[:count],
            n_form=self.signature_n_form[:count],
        )
        if request.members is not None:
            concept, known, disjoint = category_fit(request.members, signatures)
        else:
            concept, known, disjoint = concept_fit(
                request.concepts, signatures, self.concept_ancestors, self.levels
            )
        return _Evidence(
            concept=concept,
            known=known,
            disjoint=disjoint,
            description=self.hs_matrix @ request.vector,
            hs=hs_fit(request.hs_code, self.hs_prefix[: len(self.hs_codes)]),
        )

    def _terms(
        self,
        request: ProductRequest,
        evidence: _Evidence,
        *,
        signature: I64,
        hs: I64,
        hs_states: U64,
    ) -> _FitTerms:
        """What the fit of rows of signature ``signature``, HS code ``hs`` and HS state
        evidence ``hs_states`` (all aligned) takes besides their name's text cosine."""
        contradicted = silent = None
        if request.states:
            contradicted, silent = state_status(
                request.states,
                self.signature_states[signature],
                hs_states,
                dimension_of_bit=self.states.dimension_of_bit,
                contradicts_mask=self.states.contradicts_mask,
            )
        return _FitTerms(
            description=evidence.description[hs],
            hs=evidence.hs[hs],
            concept=evidence.concept[signature],
            known=evidence.known[signature],
            disjoint=evidence.disjoint[signature],
            contradicted=contradicted,
            silent=silent,
        )

    def _fit(
        self,
        request: ProductRequest,
        evidence: _Evidence,
        *,
        text: F64,
        signature: I64,
        hs: I64,
        hs_states: U64,
    ) -> F64:
        """Product fit of rows of name text cosine ``text``, signature ``signature``, HS code
        ``hs`` and HS state evidence ``hs_states`` (all aligned)."""
        return self._terms(request, evidence, signature=signature, hs=hs, hs_states=hs_states).fit(
            text
        )

    def profile_fit(self, request: ProductRequest, min_fit: float | None = None) -> F64:
        """Product fit 0..1 of the profiles; the dead profile gets -1.

        ``min_fit`` None: every profile's fit. Otherwise every profile whose fit is at least
        ``min_fit`` gets it, the same figure bit for bit, and the work grows with the names
        that could fit rather than with all names; profiles shown to fit less get -1 (see
        :meth:`looked_at_fit`)."""
        profiles, fit = self.looked_at_fit(request, min_fit)
        dense = np.full(self.n_profiles, -1.0)
        dense[profiles] = fit
        return dense

    def looked_at_fit(self, request: ProductRequest, min_fit: float | None) -> tuple[I64, F64]:
        """The profiles looked at (ascending, the dead one never) and their product fit: with
        ``min_fit`` None every profile; otherwise those that could reach ``min_fit``, so that
        no profile left out reaches it:

        * a class (signature, HS code, HS state evidence) is looked at whole when its rule
          with a text cosine just under ``min_fit`` reaches ``min_fit`` (the rule never falls
          when the cosine rises: :mod:`matching.product_fit`);
        * of the other classes, only profiles whose name's text cosine reaches ``min_fit``
          (the cosine of every name comes from the inverted index over character n-grams,
          :class:`~matching.postings.NameText`, reading only the request's n-grams), and
          profiles added since the last grouping, are.
        """
        if not self.name_texts:  # nothing indexed yet
            return np.empty(0, dtype=np.int64), np.empty(0)
        evidence = self._evidence(request)
        cosine = self.name_text.cosine(request.grams, request.weights)
        if min_fit is None or min_fit <= _LOWEST_PRUNED_FIT:
            profiles = np.arange(DEAD_PROFILE + 1, self.n_profiles)  # all but the dead one
            names = self.profile_name[profiles]
            fit = self._fit(
                request,
                evidence,
                text=cosine[names],
                signature=self.name_signature[names].astype(np.int64),
                hs=self.profile_hs[profiles],
                hs_states=self.profile_hs_states[profiles],
            )
            return profiles, fit
        classes = self.n_classes
        # what the fit takes besides the text, per class (every profile's class is set when
        # the profile is made): the profiles looked at read theirs from it
        terms = self._terms(
            request,
            evidence,
            signature=self.class_signature[:classes],
            hs=self.class_hs[:classes],
            hs_states=self.class_hs_states[:classes],
        )
        ceiling = terms.fit(np.full(classes, np.nextafter(min_fit, -np.inf)))  # a cosine under
        profiles = _union(
            _members(self.class_start, self.class_members, ceiling >= min_fit),
            _members(self.name_start, self.name_members, cosine >= min_fit),
            np.arange(max(self.listed_profiles, DEAD_PROFILE + 1), self.n_profiles),
        )
        fit = terms.take(self.profile_class[profiles]).fit(cosine[self.profile_name[profiles]])
        return profiles, fit

    def fit_of(
        self, demand: Demand, *, cache_bytes: int, min_fit: float, prune: bool = True
    ) -> FittingProfiles:
        """The profiles whose product fit for ``demand`` is at least ``min_fit`` (read-only;
        with ``prune`` only the profiles that could reach it are computed, see
        :meth:`looked_at_fit`), from the fit cache when the demand's text and HS code were
        asked for since the last new name or profile.

        The fit depends only on the demand's text and HS code and on the distinct names and
        profiles, which are only ever added to: it stays right until one is added, while
        capacity and certificates (scored per query) change under it. A request that is
        matched again, as open requests are, skips computing it. The cache keeps the most
        recently used fits within ``cache_bytes``."""
        key = (demand.product, demand.hs_code)
        size = (len(self.name_texts) + len(self.hs_codes), self.n_profiles)
        cached = self.fit_cache.get(key)
        if cached is not None and cached[0] == size:
            self.fit_cache.move_to_end(key)
            return cached[1]
        profiles, fit = self.looked_at_fit(self.request(demand), min_fit if prune else None)
        reaching = fit >= min_fit
        fitting = FittingProfiles(profiles[reaching], fit[reaching])
        fitting.profiles.flags.writeable = False
        fitting.fit.flags.writeable = False
        self.fit_cache[key] = (size, fitting)
        self.fit_cache.move_to_end(key)
        held = sum(found.nbytes for _, found in self.fit_cache.values())
        while held > cache_bytes and len(self.fit_cache) > 1:
            _, (_, dropped) = self.fit_cache.popitem(last=False)  # the least recently used
            held -= dropped.nbytes
        return fitting


@dataclass(frozen=True, slots=True)
class FittingProfiles:
    """The profiles (ascending) whose product fit reaches a floor, and their fit."""

    profiles: I64
    fit: F64

    @property
    def nbytes(self) -> int:
        return self.profiles.nbytes + self.fit.nbytes

    def of(self, profiles: I64) -> F64:
        """The fit of ``profiles`` (any order); -1 for a profile not among them."""
        if not len(self.profiles):
            return np.full(len(profiles), -1.0)
        position = np.minimum(np.searchsorted(self.profiles, profiles), len(self.profiles) - 1)
        found: F64 = np.where(self.profiles[position] == profiles, self.fit[position], -1.0)
        return found


@dataclass(frozen=True, slots=True)
class _FitTerms:
    """Per row, what the product fit takes besides the name's text cosine: the HS
    description cosine and HS fit, the concept fit, whether both sides name concepts and
    whether of different kinds, and (when the request names states) whether the row
    contradicts one and the share it is silent on."""

    description: Floats
    hs: F64
    concept: F64
    known: npt.NDArray[np.bool_]
    disjoint: npt.NDArray[np.bool_]
    contradicted: npt.NDArray[np.bool_] | None
    silent: F64 | None

    def take(self, rows: npt.NDArray[np.integer[Any]]) -> _FitTerms:
        """These terms of ``rows``."""
        return _FitTerms(
            description=self.description[rows],
            hs=self.hs[rows],
            concept=self.concept[rows],
            known=self.known[rows],
            disjoint=self.disjoint[rows],
            contradicted=None if self.contradicted is None else self.contradicted[rows],
            silent=None if self.silent is None else self.silent[rows],
        )

    def fit(self, text: Floats) -> F64:
        """Product fit of the rows with name text cosine ``text`` (aligned)."""
        fit = combine_fit(
            text=text,
            description=self.description,
            hs=self.hs,
            concept=self.concept,
            known=self.known,
            disjoint=self.disjoint,
        )
        if self.contradicted is not None and self.silent is not None:
            fit = apply_states(fit, self.contradicted, self.silent)
        return fit


@dataclass(frozen=True, slots=True)
class _Evidence:
    """A request's relation to every signature (concept fit, whether both sides name
    concepts, whether of a different kind) and every HS code (description cosine, HS fit)."""

    concept: F64
    known: npt.NDArray[np.bool_]
    disjoint: npt.NDArray[np.bool_]
    description: F32
    hs: F64


#: Under this ``min_fit`` nearly every profile fits: ``profile_fit`` computes them all.
_LOWEST_PRUNED_FIT = 0.05


def _grown(old: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``old`` with twice the rows, the new ones zero."""
    new = np.zeros((2 * len(old), *old.shape[1:]), dtype=old.dtype)
    new[: len(old)] = old
    return new


def _union(*parts: I64) -> I64:
    """The values of ``parts``, ascending, each once: sorted and deduplicated (at 1M
    products about 12,000 profiles in 0.1 ms, where marking them in a mask of every profile
    and reading it back took 0.45)."""
    found = np.concatenate(parts)
    found.sort()
    if not len(found):
        return found
    first = np.empty(len(found), dtype=np.bool_)
    first[0] = True
    np.not_equal(found[1:], found[:-1], out=first[1:])
    kept: I64 = found[first]
    return kept


def _members(start: I64, members: I64, chosen: npt.NDArray[np.bool_]) -> I64:
    """Members of the groups where ``chosen`` (CSR ``members[start[g]:start[g + 1]]``);
    groups past the grouped ones have none yet."""
    return _members_of(start, members, np.flatnonzero(chosen[: len(start) - 1]))


def _members_of(start: I64, members: I64, groups: I64) -> I64:
    groups = groups[groups < len(start) - 1]
    starts = start[groups]
    lengths = start[groups + 1] - starts
    total = int(lengths.sum())
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    found: I64 = members[offsets + np.arange(total)]
    return found


# (glossary, descriptions) -> their TF-IDF model; the key's objects are kept alive with it,
# so an id is never reused for another pair while its model is cached.
_TEXT_MODELS: dict[tuple[int, int], tuple[Glossary, Mapping[str, str], TfidfVectorizer]] = {}


def request_vector(model: TfidfVectorizer, text: str) -> npt.NDArray[np.float32]:
    """``model.transform([text])`` as a dense row, the same floats bit for bit, without
    sklearn's checks and sparse matrices around one short text (0.8 of a 2.9 ms query at
    100k products; this takes a tenth of that). See :func:`request_row`."""
    columns, values = request_row(model, text)
    vector = np.zeros(len(model.vocabulary_), dtype=model.dtype)
    vector[columns] = values
    return vector


def request_row(model: TfidfVectorizer, text: str) -> tuple[I64, npt.NDArray[np.float32]]:
    """The n-grams (column ids, ascending) of ``text`` in ``model`` and their TF-IDF values:
    the stored entries of ``model.transform([text])``.

    The steps of sklearn 1.9's ``TfidfVectorizer.transform`` for one document: counts of the
    analyser's n-grams in the vocabulary, in column order; with ``sublinear_tf`` log(count) + 1
    (float32); times ``idf_``; divided by the L2 norm as ``inplace_csr_row_normalize_l2``
    computes it (float32 squares summed in a double, in column order; each value divided in
    double). ``tests/matching/test_text_vectors.py`` compares the two on every glossary
    term, HS description and benchmark name."""
    analyse, vocabulary, idf = _analysers(model)
    counts: dict[int, int] = {}
    for gram in analyse(text):
        column = vocabulary.get(gram)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    if not counts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=model.dtype)
    columns = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    data = np.fromiter((counts[c] for c in columns.tolist()), dtype=model.dtype, count=len(counts))
    if model.sublinear_tf:
        np.log(data, out=data)
        data += 1.0
    data *= idf[columns]
    squares = 0.0
    for square in (data * data).tolist():  # in order, in a double, as the C loop adds them
        squares += square
    if squares != 0.0:
        data = (data.astype(np.float64) / math.sqrt(squares)).astype(model.dtype)
    return columns, data


_ANALYSERS: dict[int, tuple[TfidfVectorizer, Any, Mapping[str, int], npt.NDArray[Any]]] = {}


def _analysers(model: TfidfVectorizer) -> tuple[Any, Mapping[str, int], npt.NDArray[Any]]:
    found = _ANALYSERS.get(id(model))
    if found is None or found[0] is not model:
        if model.norm != "l2" or not model.use_idf:
            raise ValueError("request_vector reads L2-normalised TF-IDF models only")
        if len(_ANALYSERS) >= 8:
            _ANALYSERS.clear()
        found = _ANALYSERS[id(model)] = (
            model,
            model.build_analyzer(),
            model.vocabulary_,
            model.idf_,
        )
    return found[1], found[2], found[3]


def _text_model(glossary: Glossary, hs_descriptions: Mapping[str, str]) -> TfidfVectorizer:
    key = (id(glossary), id(hs_descriptions))
    cached = _TEXT_MODELS.get(key)
    if cached is not None and cached[0] is glossary and cached[1] is hs_descriptions:
        return cached[2]
    terms = [term for concept in glossary.concepts for term in concept.terms]
    described = sorted({text for text in map(normalise, hs_descriptions.values()) if text})
    model = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
    ).fit(terms + described)
    if len(_TEXT_MODELS) >= 8:
        _TEXT_MODELS.clear()
    _TEXT_MODELS[key] = (glossary, hs_descriptions, model)
    return model
