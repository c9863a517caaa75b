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

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .product_fit import (
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

__all__ = ["DEAD_PROFILE", "ProductRequest", "Vocabulary"]

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
    hs_code: str | None
    states: int = 0
    members: frozenset[int] | None = None


class Vocabulary:
    """Distinct names, HS codes and profiles with their concept rows and TF-IDF rows.

    ``fit_text`` learns the TF-IDF vocabulary from the names known then (plus the glossary's
    terms and the HS descriptions); names and codes added later get their rows, with that
    vocabulary, from ``sync_text``.
    """

    name_matrix: sp.csr_matrix
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
        self.fit_cache: OrderedDict[RequestKey, tuple[tuple[int, int], F64]] = OrderedDict()
        # distinct names: normalised text, concepts as bool rows (and their strict ancestors)
        self.name_ids: dict[str, int] = {}
        self.raw_names: dict[tuple[str, str], int] = {}
        self.name_texts: list[str] = []
        self.name_concepts: list[ConceptSet] = []
        self.name_base = np.zeros((64, n_concepts), dtype=np.bool_)
        self.name_base_up = np.zeros((64, n_concepts), dtype=np.bool_)
        self.name_form = np.zeros((64, n_concepts), dtype=np.bool_)
        self.name_form_up = np.zeros((64, n_concepts), dtype=np.bool_)
        self.name_n_base = np.zeros(64, dtype=np.int64)
        self.name_n_form = np.zeros(64, dtype=np.int64)
        #: state values named in each name (bits of ProductStates)
        self.name_states = np.zeros(64, dtype=np.uint64)
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
        self.n_profiles = 1

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
            self._store_name_concepts(name_id, concepts)
            self.name_states[name_id] = self.states.detect(name, concepts)
        if len(self.raw_names) < 1_000_000:
            self.raw_names[raw_key] = name_id
        return name_id

    def _store_name_concepts(self, name_id: int, concepts: ConceptSet) -> None:
        if name_id >= len(self.name_base):
            for attr in ("name_base", "name_base_up", "name_form", "name_form_up"):
                old = getattr(self, attr)
                new = np.zeros((2 * len(old), old.shape[1]), dtype=np.bool_)
                new[: len(old)] = old
                setattr(self, attr, new)
            for attr in ("name_n_base", "name_n_form", "name_states"):
                old_counts = getattr(self, attr)
                counts = np.zeros(2 * len(old_counts), dtype=old_counts.dtype)
                counts[: len(old_counts)] = old_counts
                setattr(self, attr, counts)
        for ids, own, up, counts in (
            (concepts.bases, self.name_base, self.name_base_up, self.name_n_base),
            (concepts.forms, self.name_form, self.name_form_up, self.name_n_form),
        ):
            counts[name_id] = len(ids)
            for concept in ids:
                own[name_id, concept] = True
                for ancestor in self.concept_ancestors[concept]:
                    up[name_id, ancestor] = True

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
                for attr in ("profile_name", "profile_hs", "profile_hs_states"):
                    old = getattr(self, attr)
                    new = np.zeros(2 * len(old), dtype=old.dtype)
                    new[: len(old)] = old
                    setattr(self, attr, new)
            self.profile_name[profile] = name_id
            self.profile_hs[profile] = hs_id
            self.profile_hs_states[profile] = hs_states
            self.n_profiles += 1
        return profile

    # ------------------------------------------------------------------ text

    def fit_text(self) -> None:
        """Learn the TF-IDF vocabulary and vectorise every name and HS description known."""
        terms = [term for concept in self.glossary.concepts for term in concept.terms]
        descriptions = [self._hs_text(code) for code in self.hs_codes]
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        self.vectorizer.fit(self.name_texts + terms + [text for text in descriptions if text])
        vocabulary = len(self.vectorizer.vocabulary_)
        self.name_matrix = (
            self.vectorizer.transform(self.name_texts)
            if self.name_texts  # sklearn refuses to transform nothing (an empty database)
            else sp.csr_matrix((0, vocabulary), dtype=np.float32)
        )
        self.hs_matrix = self.vectorizer.transform(descriptions)

    def _hs_text(self, code: str) -> str:
        return normalise(describe_hs(code, self.hs_descriptions))

    def sync_text(self) -> None:
        """Add text rows for names and HS codes added since."""
        done = self.name_matrix.shape[0]
        if done < len(self.name_texts):
            rows = self.vectorizer.transform(self.name_texts[done:])
            self.name_matrix = sp.vstack([self.name_matrix, rows], format="csr")
        done = self.hs_matrix.shape[0]
        if done < len(self.hs_codes):
            new_codes = self.hs_codes[done:]
            rows = self.vectorizer.transform([self._hs_text(code) for code in new_codes])
            self.hs_matrix = sp.vstack([self.hs_matrix, rows], format="csr")

    # ------------------------------------------------------------------ product fit

    def request(self, demand: Demand) -> ProductRequest:
        """The demand's product text read into a vector and concepts (cached)."""
        key = (demand.product, demand.hs_code)
        request = self.request_cache.get(key)
        if request is None:
            concepts = self.glossary.detect(demand.product)
            given = normalise_hs(demand.hs_code)
            hs_code = given or self.glossary.hs_code_for(concepts)
            vector = self.vectorizer.transform([normalise(demand.product)]).toarray().ravel()
            request = ProductRequest(
                vector=vector,
                concepts=concepts,
                hs_code=hs_code,
                states=self.states.request_bits(demand.product, concepts, given),
                members=self.categories.category_members(demand.product),
            )
            if len(self.request_cache) > 4096:
                self.request_cache.clear()
            self.request_cache[key] = request
        return request

    def profile_fit(self, request: ProductRequest) -> F64:
        """Product fit 0..1 for every profile; the dead profile gets -1."""
        if not self.name_texts:  # nothing indexed yet
            return np.full(self.n_profiles, -1.0)
        n_names = len(self.name_texts)
        text = self.name_matrix @ request.vector
        description = self.hs_matrix @ request.vector
        names = NameConcepts(
            base=self.name_base[:n_names],
            base_up=self.name_base_up[:n_names],
            form=self.name_form[:n_names],
            form_up=self.name_form_up[:n_names],
            n_base=self.name_n_base[:n_names],
            n_form=self.name_n_form[:n_names],
        )
        if request.members is not None:
            concept, known, disjoint = category_fit(request.members, names)
        else:
            concept, known, disjoint = concept_fit(request.concepts, names, self.concept_ancestors)
        hs = hs_fit(request.hs_code, self.hs_prefix[: len(self.hs_codes)])
        name_of = self.profile_name[: self.n_profiles]
        code_of = self.profile_hs[: self.n_profiles]
        fit = combine_fit(
            text=text[name_of],
            description=description[code_of],
            hs=hs[code_of],
            concept=concept[name_of],
            known=known[name_of],
            disjoint=disjoint[name_of],
        )
        if request.states:
            contradicted, silent = state_status(
                request.states,
                self.name_states[name_of],
                self.profile_hs_states[: self.n_profiles],
                dimension_of_bit=self.states.dimension_of_bit,
                contradicts_mask=self.states.contradicts_mask,
            )
            fit = apply_states(fit, contradicted, silent)
        fit[DEAD_PROFILE] = -1.0
        return fit

    def fit_of(self, demand: Demand, *, cache_bytes: int) -> F64:
        """Product fit of every profile for ``demand`` (read-only), from the fit cache when the
        demand's text and HS code were asked for since the last new name or profile.

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
        fit = self.profile_fit(self.request(demand))
        fit.flags.writeable = False
        self.fit_cache[key] = (size, fit)
        self.fit_cache.move_to_end(key)
        held = sum(vector.nbytes for _, vector in self.fit_cache.values())
        while held > cache_bytes and len(self.fit_cache) > 1:
            _, (_, dropped) = self.fit_cache.popitem(last=False)  # the least recently used
            held -= dropped.nbytes
        return fit
