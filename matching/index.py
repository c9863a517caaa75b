"""The in-memory supply index: the estimator that ranks products for a demand.

:class:`MatchIndex` follows scikit-learn's split of an estimator from its kernels. It learns
from products (``fit`` / ``fit_columns``), is kept current (``upsert`` / ``remove``) and ranks
(``query``); the work is done in

* :mod:`matching.vocabulary` — distinct names, HS codes and profiles, their text vectors and
  the fit cache (the product fit of every profile per request);
* :mod:`matching.product_fit` — the product-fit rules (concepts, text, HS codes), as array
  kernels;
* :mod:`matching.slots` — the products in slot arrays (ids, region, certificates, capacity
  and its estimates) and the profile lists a query takes its candidates from;
* :mod:`matching.scoring` — the components, the total score in its tier's band, and the month
  rows and flags of each returned match.

A query computes the product fit of the profiles that could reach ``min_product_fit`` (or
takes it from the fit cache; :meth:`~matching.vocabulary.Vocabulary.fit_of` finds them
through the concept classes and the inverted index over character n-grams), then tier
by tier (same kind, related, weak) scores the products of the profiles in that tier and stops
after the tier that fills ``limit``: tiers never overlap in score. Products under
``min_product_fit`` are never returned.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .memory import release_free_memory
from .months import month_end, month_label
from .postings import NameText
from .product_fit import _DIFFERENT_KIND_CAP as _DIFFERENT_KIND_CAP  # tests read rules here
from .product_fit import _HS_LEVEL_FIT as _HS_LEVEL_FIT
from .product_fit import RELATED_FIT, SAME_KIND_FIT
from .reasons import fit_reason, quota_note, state_status
from .records import (
    Demand,
    Match,
    MatchComponents,
    ScoreWeights,
    SupplyColumns,
    SupplyProduct,
)
from .scoring import _BAND_LOW as _BAND_LOW
from .scoring import _BAND_WIDTH as _BAND_WIDTH
from .scoring import (
    MatchToExplain,
    QueryTerms,
    Scored,
    explain,
    quota_figures,
    quota_kg,
    score_slots,
)
from .slots import SupplySlots, factorize, last_rows
from .states import Categories, ProductStates
from .text import Glossary, normalise
from .vocabulary import FittingProfiles, RequestKey, Vocabulary

__all__ = ["FIT_CACHE_BYTES", "MatchIndex", "RELATED_FIT", "SAME_KIND_FIT"]

#: Product fits kept for demands asked for again: 16 bytes per profile that reaches the floor
#: (id and fit), so 32 MB holds 190 or more at 1M products (a median request looks at 11,000).
FIT_CACHE_BYTES = 32 * 1024 * 1024
_NO_ROWS = np.empty(0, dtype=np.int32)
_NO_KG = np.empty(0, dtype=np.float64)

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


class MatchIndex:
    """In-memory supply index: ranks products for a :class:`~matching.Demand`.

    ``fit`` (or ``fit_columns``) learns from products; ``upsert`` / ``remove`` keep it
    current; ``query`` ranks.

    Parameters
    ----------
    weights : ScoreWeights, optional
        Weights of the total score's components (default: ``ScoreWeights()``).
    hs_descriptions : Mapping[str, str], optional
        HS code -> English text, see :func:`~matching.load_hs_descriptions` (default: none).
    glossary : Glossary, optional
        Concepts read in product and request texts (default: the shipped one).
    stale_after_months : int, default 2
        Calendar months without a capacity update before the data counts as stale; freshness
        then falls linearly to 0 at 12 months.
    min_product_fit : float, default 0.3
        Products with a product fit (0..1) under it are never returned.
    prune : bool, default True
        Compute the product fit only of the profiles that could reach ``min_product_fit``
        (:meth:`~matching.vocabulary.Vocabulary.looked_at_fit`), and read the capacity only of
        the products that could be among the best of their tier
        (:func:`~matching.scoring.score_slots`); the matches are the same, bit for bit.
        False: every profile's fit, every candidate's capacity (the tests compare the two).

    Attributes
    ----------
    weights_ : ScoreWeights
        The weights in use.
    glossary_ : Glossary
        The glossary in use.
    states_ : ProductStates
        State, process, grade and material terms and HS evidence (``data/product_states.csv``,
        ``data/hs_states.csv``) read against the glossary.
    categories_ : Categories
        Category words (``data/categories.csv``).
    vocabulary_ : Vocabulary
        Distinct names, HS codes and profiles (distinct name and HS code) seen so far, their
        concept and TF-IDF rows, and the fit cache.
    slots_ : SupplySlots
        The products in slot arrays (one slot per product, dead slots reused), capacity
        (kg per month) with estimates, certificates, and the slots grouped by profile.
    """

    def __init__(
        self,
        *,
        weights: ScoreWeights | None = None,
        hs_descriptions: Mapping[str, str] | None = None,
        glossary: Glossary | None = None,
        stale_after_months: int = 2,
        min_product_fit: float = 0.3,
        prune: bool = True,
    ) -> None:
        self.weights = weights
        self.hs_descriptions = hs_descriptions
        self.glossary = glossary
        self.stale_after_months = stale_after_months
        self.min_product_fit = min_product_fit
        self.prune = prune

    # ------------------------------------------------------------------ building

    def fit(self, products: Iterable[SupplyProduct]) -> MatchIndex:
        """Build the index from scratch (products may be a generator); returns self.

        Same as ``fit_columns(SupplyColumns.from_products(products))``, in less memory: the
        columns made here are let go before the capacity estimates are made."""
        return self._fit([SupplyColumns.from_products(products)])

    def fit_columns(self, columns: SupplyColumns) -> MatchIndex:
        """Build the index from scratch from columns (vectorised; the cold-build path);
        returns self. A product id given twice: its last row wins."""
        return self._fit([columns])

    def fit_loaded(self, load: Callable[[], SupplyColumns]) -> MatchIndex:
        """``fit_columns(load())`` with nothing outside the build holding the columns, so
        that each part is freed as soon as the build is done with it (at 1M products the
        capacity figures, 0.2 GB, before the slot arrays are made; a caller of
        ``fit_columns`` still holds them). The service builds from the database so."""
        return self._fit([load()])

    def _fit(self, held: list[SupplyColumns]) -> MatchIndex:
        """Build from the columns in ``held``, which is emptied: when nothing else holds them,
        they are freed before the estimates (at 1M products 0.66 GB less at the peak)."""
        columns = held.pop()
        self.weights_ = self.weights or ScoreWeights()
        self.glossary_ = self.glossary or Glossary.default()
        self.states_ = ProductStates.for_glossary(self.glossary_)
        self.categories_ = Categories.for_glossary(self.glossary_)
        columns = last_rows(columns)
        vocabulary = Vocabulary(
            self.glossary_, self.hs_descriptions or {}, self.states_, self.categories_
        )
        profiles = _profiles_of(vocabulary, columns)
        vocabulary.fit_text()
        # The capacity figures leave the columns: the slots let go of them once they are in
        # the capacity matrix, before the other slot arrays are made (at 1M products, 12.7M
        # figures, 0.2 GB off the peak of the build). Where the caller holds the columns
        # (fit_columns; fit and fit_loaded leave none outside) they stay, and their memory.
        figures = [columns.capacity_row, columns.capacity_month, columns.capacity_kg]
        columns = dataclasses.replace(
            columns, capacity_row=_NO_ROWS, capacity_month=_NO_ROWS, capacity_kg=_NO_KG
        )
        # what the text model's fit freed goes back to the system first
        release_free_memory()
        self.slots_ = SupplySlots(
            columns, profiles, vocabulary.n_profiles, estimate=False, figures=figures
        )
        del columns
        # the columns' pages go back to the system before the estimates are made
        release_free_memory()
        self.slots_.estimate_all()
        self.vocabulary_ = vocabulary
        return self

    def upsert(self, product: SupplyProduct) -> None:
        """Add a product or replace it (capacity, certificates, name...). Cheap: one slot is
        rewritten (plus, rarely, a new text row or a wider month axis); the next query sees it."""
        self._check_fitted()
        supply, vocabulary = self.slots_, self.vocabulary_
        slot = supply.slot_for(product.product_id)
        name_id = vocabulary.name_id(product.name, product.description)
        supply.write_product(slot, product, vocabulary.profile_of(name_id, product.hs_code))
        supply.write_capacity(slot, product.capacity_kg)

    def remove(self, product_id: int) -> None:
        """Drop a product (no-op when it is not in the index); its slot is reused later."""
        self._check_fitted()
        self.slots_.remove(product_id)

    def __len__(self) -> int:
        return len(self.slots_.slot_of) if hasattr(self, "slots_") else 0

    def __contains__(self, product_id: object) -> bool:
        return hasattr(self, "slots_") and product_id in self.slots_.slot_of

    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays and text matrices (Python dicts not counted)."""
        self._check_fitted()
        return _array_bytes(self.vocabulary_) + _array_bytes(self.slots_)

    @property
    def _fit_cache(self) -> OrderedDict[RequestKey, tuple[tuple[int, int], FittingProfiles]]:
        """The vocabulary's fit cache (read by tests)."""
        return self.vocabulary_.fit_cache

    # ------------------------------------------------------------------ query

    def query(
        self,
        demand: Demand,
        *,
        today: date,
        limit: int = 20,
        min_score: float = 0.0,
        province_code: str | None = None,
        umkm_ids: Collection[int] | None = None,
    ) -> list[Match]:
        """Up to ``limit`` matches with score >= ``min_score`` (0..100), best first.

        ``today`` decides which certificates are already expired and how stale capacity is;
        ``province_code`` / ``umkm_ids`` restrict the candidates.
        """
        self._check_fitted()
        supply, vocabulary = self.slots_, self.vocabulary_
        vocabulary.sync_text()
        fitting = vocabulary.fit_of(
            demand,
            cache_bytes=FIT_CACHE_BYTES,
            min_fit=self.min_product_fit,
            prune=self.prune,
        )
        if limit <= 0:
            return []
        province = None
        if province_code is not None:
            province = supply.provinces.get(province_code)
            if province is None:
                return []
        wanted_umkm = None if umkm_ids is None else np.fromiter(umkm_ids, dtype=np.int64)
        window = range(demand.start_month, demand.start_month + demand.months)
        # Tiers never overlap in score, so when the top tier alone fills `limit`, the lower
        # ones need not be scored at all.
        floors = [floor for floor in (SAME_KIND_FIT, RELATED_FIT) if floor > self.min_product_fit]
        # Each tier's products come from the profile lists of the profiles in that tier.
        ceiling = np.inf
        tiers: list[tuple[I64, Scored]] = []
        kept = 0
        for floor in [*floors, self.min_product_fit]:
            in_tier = (fitting.fit >= floor) & (fitting.fit < ceiling)
            tier_slots, slot_fit, hot = supply.candidates(
                fitting.profiles[in_tier],
                fitting.fit[in_tier],
                low=floor,
                high=ceiling,
                fit_of=fitting.of,
                n_profiles=vocabulary.n_profiles,
            )
            ceiling = floor
            if province is not None:
                chosen = hot["province"] == province
                tier_slots, slot_fit, hot = tier_slots[chosen], slot_fit[chosen], hot[chosen]
            if wanted_umkm is not None:
                chosen = np.isin(supply.umkm_id[tier_slots], wanted_umkm)
                tier_slots, slot_fit, hot = tier_slots[chosen], slot_fit[chosen], hot[chosen]
            # only the slots that could be among the `limit - kept` best of the tier are
            # scored whole (all of them without pruning)
            tier_slots, scored = score_slots(
                supply,
                tier_slots,
                slot_fit,
                hot=hot,
                demand=demand,
                window=window,
                today=today,
                weights=self.weights_,
                stale_after_months=self.stale_after_months,
                best=limit - kept if self.prune else None,
                min_score=min_score,
            )
            tiers.append((tier_slots, scored))
            kept += int(np.count_nonzero(scored.score >= min_score))
            if kept >= limit:
                break
        if len(tiers) > 1:
            slots = np.concatenate([tier_slots for tier_slots, _ in tiers])
            scored = Scored(
                *(
                    np.concatenate([getattr(tier_scored, field) for _, tier_scored in tiers])
                    for field in Scored.__slots__
                )
            )
        else:
            slots = tiers[0][0]
        keep = np.flatnonzero(scored.score >= min_score)
        if keep.size == 0:
            return []
        score = scored.score
        if keep.size > limit:
            threshold = -np.partition(-score[keep], limit - 1)[limit - 1]
            keep = keep[score[keep] >= threshold]
        product_ids = supply.product_id[slots[keep]]
        order = keep[np.lexsort((product_ids, -score[keep]))][:limit]
        top_slots = slots[order]
        _, rule = supply.window(top_slots, window)
        terms = QueryTerms(
            window=window,
            labels=[month_label(month) for month in window],
            quota=quota_kg(demand),
            required=list(dict.fromkeys(demand.required_certifications)),
            today=today.toordinal(),
            window_end=month_end(window[-1]).toordinal(),
            stale_after_months=self.stale_after_months,
        )

        # Only the returned rows become Python objects; round them in bulk.
        components = np.round(
            np.stack(
                [scored.fit[order], scored.coverage[order], scored.continuity[order],
                 scored.certification[order], scored.freshness[order]], axis=1,
            ),
            3,
        ).tolist()  # fmt: skip
        capacity = scored.capacity[order]
        figures = quota_figures(capacity, terms.quota)
        kg_rows = capacity.tolist()
        shown_rows = figures.shown.tolist()
        shortfall_rows = figures.shortfall.tolist()
        short_totals = figures.short_total.tolist()
        convertible = supply.convertible[top_slots]
        meeting_counts = [
            count if has_kg else None
            for count, has_kg in zip(
                figures.meets.sum(axis=1).tolist(),
                (convertible & (terms.quota is not None)).tolist(),
                strict=True,
            )
        ]
        request = vocabulary.request(demand)
        request_text = normalise(demand.product)
        name_of = vocabulary.profile_name[supply.profile[top_slots]].tolist()
        hs_states_of = vocabulary.profile_hs_states[supply.profile[top_slots]].tolist()
        since = [
            None if never else int(months)
            for never, months in zip(
                scored.never[order].tolist(), scored.months_since[order].tolist(), strict=True
            )
        ]
        matches = []
        for rank, (
            slot, values, kg, shown, shortfall, short_total, meeting, rule_codes,
            months_since_update, total, name, hs_bits,
        ) in enumerate(
            zip(
                top_slots.tolist(), components, kg_rows, shown_rows, shortfall_rows,
                short_totals, meeting_counts, rule.tolist(), since, score[order].tolist(),
                name_of, hs_states_of, strict=True,
            ),
            start=1,
        ):  # fmt: skip
            month_rows, flags = explain(
                supply,
                MatchToExplain(
                    slot=slot,
                    kg=kg,
                    shown=shown,
                    rule_codes=rule_codes,
                    months_since_update=months_since_update,
                    terms=terms,
                ),
                shortfall=shortfall,
                short_total=short_total,
            )
            details = (
                self.states_.compare(
                    request.states, int(vocabulary.name_states[name]), int(hs_bits)
                )
                if request.states
                else ()
            )
            reason_id, reason_en = fit_reason(
                fit=values[0],
                product=vocabulary.name_texts[name],
                request=request_text,
                details=details,
            )
            note_id, note_en = quota_note(meeting, len(window))
            matches.append(
                Match(
                    rank=rank,
                    product_id=int(supply.product_id[slot]),
                    umkm_id=int(supply.umkm_id[slot]),
                    score=total,
                    components=MatchComponents(
                        values[0],
                        values[1],
                        values[2],
                        values[3],
                        values[4],
                        months_since_update,
                        meeting,
                    ),
                    months=month_rows,
                    flags=flags,
                    fit_reason_id=reason_id,
                    fit_reason_en=reason_en,
                    state_status=state_status(details),
                    states=details,
                    quota_note_id=note_id,
                    quota_note_en=note_en,
                )  # fmt: skip
            )
        return matches

    def _check_fitted(self) -> None:
        if not hasattr(self, "vocabulary_"):
            raise RuntimeError("MatchIndex is not fitted yet: call fit() first")


def _profiles_of(vocabulary: Vocabulary, columns: SupplyColumns) -> I32:
    """Profile id of each row of ``columns`` (added to ``vocabulary`` when new; Python runs
    once per distinct name and description, and per distinct profile)."""
    pairs, pair_keys = factorize(zip(columns.name, columns.description, strict=True))
    codes, code_keys = factorize(columns.hs_code)
    width = max(len(code_keys), 1)
    combined, unique = factorize((pairs * width + codes).tolist())
    name_of_pair = [vocabulary.name_id(name, description) for name, description in pair_keys]
    profile_of = np.zeros(len(unique), dtype=np.int32)
    for position, key in enumerate(unique):
        pair, code = divmod(key, width)
        profile_of[position] = vocabulary.profile_of(name_of_pair[pair], code_keys[code])
    profiles: I32 = profile_of[combined]
    return profiles


def _array_bytes(holder: object) -> int:
    """Bytes of the numpy arrays and sparse matrices among ``holder``'s attributes."""
    total = 0
    for value in vars(holder).values():
        if isinstance(value, NameText):
            total += value.nbytes()
        elif isinstance(value, np.ndarray):
            base = value.base
            if not (isinstance(base, np.ndarray) and base.dtype.names):  # a record's field
                total += value.nbytes  # is counted with its record
        elif sp.issparse(value):
            total += value.data.nbytes + value.indices.nbytes + value.indptr.nbytes
    return total
