"""The in-memory supply index: products in compact arrays, scored against a demand per query.

Product fit (0..1) of a product for a request combines three kinds of evidence:

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
max(text, 0.9 x description, 0.7 x HS). Products under ``min_product_fit`` are dropped.

Total score (0..100): the weighted mean of the five components (``ScoreWeights``) is placed in
the band of the product's fit tier: fit >= 0.75 (same product) -> 60..100, fit >= 0.5
(related) -> 30..59.9, lower -> 0..29.9. So capacity, certificates and freshness order products
within a tier and never lift a product of another kind above one of the right kind (same
concepts give fit >= 0.75; different concepts give fit <= 0.45). Ties: score (1 decimal) desc,
then product_id asc.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from . import flags as flag_builders
from .estimate import RULE_NO_DATA, RULE_YEAR_AGO, estimate_matrix, estimate_row
from .months import month_end, month_label, month_of
from .records import (
    CERTIFICATE_TYPES,
    NO_DAY,
    Demand,
    Flag,
    Match,
    MatchComponents,
    MonthSupply,
    ScoreWeights,
    SupplyColumns,
    SupplyProduct,
)
from .text import ConceptSet, Glossary, describe_hs, normalise, normalise_hs

__all__ = ["MatchIndex", "RELATED_FIT", "SAME_KIND_FIT"]

#: Product fit at or above this is "the same product" (score band 60..100).
SAME_KIND_FIT = 0.75
#: Product fit at or above this is "related" (score band 30..59.9); below: 0..29.9.
RELATED_FIT = 0.5
_BAND_LOW = np.array([0.0, 30.0, 60.0])
_BAND_WIDTH = np.array([29.9, 29.9, 40.0])
_DIFFERENT_KIND_CAP = 0.45
_HS_LEVEL_FIT = (0.3, 0.6, 0.85, 1.0)  # 2, 4, 6, 8 shared leading digits

_RULE_NAMES: tuple[str | None, ...] = (None, *flag_builders.ESTIMATE_RULE_NAMES[1:])
_NOT_HELD = -1
_NO_EXPIRY = int(np.iinfo(np.int32).max)
_NEVER = -1
_DEAD = 0  # profile id of removed/empty slots
# Product-fit vectors kept for demands asked for again: 8 bytes per profile (distinct product
# name and HS code) each, so 32 MB holds about 40 of them with 100k distinct names.
FIT_CACHE_BYTES = 32 * 1024 * 1024
_MONTH_HEADROOM = 12

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH_MONTH = 1970 * 12


def _month_of_day(days: I64) -> I64:
    """Month index of each day number (``date.toordinal()``), vectorised."""
    as_dates = (days - _EPOCH_ORDINAL).astype("datetime64[D]")
    months: I64 = as_dates.astype("datetime64[M]").astype(np.int64) + _EPOCH_MONTH
    return months


def _factorize(values: Iterable[Hashable]) -> tuple[I64, list[Any]]:
    """(code per value, distinct values in first-seen order), with C-speed loops only."""
    items = values if isinstance(values, list) else list(values)
    distinct = list(dict.fromkeys(items))
    code_of = {value: code for code, value in enumerate(distinct)}
    codes = np.fromiter(map(code_of.__getitem__, items), dtype=np.int64, count=len(items))
    return codes, distinct


def _last_rows(columns: SupplyColumns) -> SupplyColumns:
    """``columns`` with only the last row of each product id (and its capacity/certificates)."""
    product_id = columns.product_id
    n = len(product_id)
    if n == 0 or len(np.unique(product_id)) == n:
        return columns
    _, from_end = np.unique(product_id[::-1], return_index=True)
    keep = np.sort(n - 1 - from_end)
    new_row = np.full(n, -1, dtype=np.int64)
    new_row[keep] = np.arange(len(keep))
    capacity = np.flatnonzero(new_row[columns.capacity_row] >= 0)
    certificates = np.flatnonzero(new_row[columns.certificate_row] >= 0)
    return SupplyColumns(
        product_id=product_id[keep],
        umkm_id=columns.umkm_id[keep],
        name=[columns.name[i] for i in keep.tolist()],
        description=[columns.description[i] for i in keep.tolist()],
        hs_code=[columns.hs_code[i] for i in keep.tolist()],
        province_code=[columns.province_code[i] for i in keep.tolist()],
        regency_code=[columns.regency_code[i] for i in keep.tolist()],
        capacity_updated_on=columns.capacity_updated_on[keep],
        unit_convertible=columns.unit_convertible[keep],
        capacity_row=new_row[columns.capacity_row[capacity]],
        capacity_month=columns.capacity_month[capacity],
        capacity_kg=columns.capacity_kg[capacity],
        certificate_row=new_row[columns.certificate_row[certificates]],
        certificate_type=[columns.certificate_type[i] for i in certificates.tolist()],
        certificate_expires_on=columns.certificate_expires_on[certificates],
    )


@dataclass(frozen=True, slots=True)
class _Request:
    vector: F32
    concepts: ConceptSet
    hs_code: str | None


@dataclass(frozen=True, slots=True)
class _Scored:
    fit: F64
    coverage: F64
    continuity: F64
    certification: F64
    freshness: F64
    months_since: I64
    never: B
    score: F64
    capacity: F32


class MatchIndex:
    """In-memory supply index. ``fit`` learns from products; ``upsert``/``remove`` keep it
    current; ``query`` ranks products for a :class:`~matching.Demand`.

    Parameters: ``weights`` of the total score; ``hs_descriptions`` (HS code -> English text,
    see :func:`~matching.load_hs_descriptions`); ``glossary`` (default: the shipped one);
    ``stale_after_months`` (calendar months without a capacity update before the data counts as
    stale; freshness then falls linearly to 0 at 12 months); ``min_product_fit`` (0..1, products
    under it are never returned).
    """

    # per-product arrays (one row per slot), created by fit
    product_id_: I64
    umkm_id_: I64
    profile_: I32
    province_: npt.NDArray[np.int16]
    convertible_: B
    updated_on_: I32
    updated_month_: I32
    cert_held_: npt.NDArray[np.uint64]
    cert_expiry_: I32
    tail_mean_: F32
    tail_rule_: U8
    capacity_: F32
    estimated_: F32
    rule_: U8
    # products grouped by profile, see _rebuild_lists
    listed_: B
    list_slots_: I64
    list_start_: I64
    _moved: set[int]
    _moved_slots: I64 | None

    def __init__(
        self,
        *,
        weights: ScoreWeights | None = None,
        hs_descriptions: Mapping[str, str] | None = None,
        glossary: Glossary | None = None,
        stale_after_months: int = 2,
        min_product_fit: float = 0.3,
    ) -> None:
        self.weights = weights
        self.hs_descriptions = hs_descriptions
        self.glossary = glossary
        self.stale_after_months = stale_after_months
        self.min_product_fit = min_product_fit

    # ------------------------------------------------------------------ building

    def fit(self, products: Iterable[SupplyProduct]) -> MatchIndex:
        """Build the index from scratch (products may be a generator); returns self.

        Same as ``fit_columns(SupplyColumns.from_products(products))``."""
        return self.fit_columns(SupplyColumns.from_products(products))

    def fit_columns(self, columns: SupplyColumns) -> MatchIndex:
        """Build the index from scratch from columns (vectorised; the cold-build path);
        returns self. A product id given twice: its last row wins."""
        for attr in [name for name, _, _ in self._SLOT_ARRAYS] + [
            "cert_expiry_", "capacity_", "estimated_", "rule_",
        ]:  # fmt: skip
            self.__dict__.pop(attr, None)
        self.weights_ = self.weights or ScoreWeights()
        self.glossary_ = self.glossary or Glossary.default()
        self._descriptions: Mapping[str, str] = self.hs_descriptions or {}
        n_concepts = len(self.glossary_)
        self._concept_ancestors = [list(a) for a in self.glossary_.ancestors]
        self._request_cache: dict[tuple[str, str | None], _Request] = {}
        self._fit_cache: OrderedDict[tuple[str, str | None], tuple[tuple[int, int], F64]] = (
            OrderedDict()
        )
        # distinct names: normalised text, concepts as bool rows (and their strict ancestors)
        self.name_ids_: dict[str, int] = {}
        self._raw_names: dict[tuple[str, str], int] = {}
        self._name_texts: list[str] = []
        self._name_concepts: list[ConceptSet] = []
        self._name_base = np.zeros((64, n_concepts), dtype=np.bool_)
        self._name_base_up = np.zeros((64, n_concepts), dtype=np.bool_)
        self._name_form = np.zeros((64, n_concepts), dtype=np.bool_)
        self._name_form_up = np.zeros((64, n_concepts), dtype=np.bool_)
        self._name_n_base = np.zeros(64, dtype=np.int64)
        self._name_n_form = np.zeros(64, dtype=np.int64)
        # distinct effective HS codes; id 0 = none
        self.hs_ids_: dict[str, int] = {"": 0}
        self._hs_codes: list[str] = [""]
        self._hs_prefix = np.full((64, 4), -1, dtype=np.int64)
        # profiles = distinct (name, effective HS); id 0 = dead slot
        self.profile_ids_: dict[tuple[int, int], int] = {(-1, -1): _DEAD}
        self._profile_name = np.zeros(64, dtype=np.int64)
        self._profile_hs = np.zeros(64, dtype=np.int64)
        self._n_profiles = 1
        self.provinces_: dict[str, int] = {"": 0}
        self.cert_types_: dict[str, int] = {t: i for i, t in enumerate(CERTIFICATE_TYPES)}

        columns = _last_rows(columns)
        n = len(columns)
        product_ids = columns.product_id.tolist()
        self.slot_of_: dict[int, int] = dict(zip(product_ids, range(n), strict=True))
        self._free_slots: list[int] = []
        self._n_slots = n
        self._allocate_slots(max(1024, 1 << (n - 1).bit_length()))
        self._write_products(np.arange(n), columns)
        self._fit_text()

        months, kg = columns.capacity_month, columns.capacity_kg
        rows = len(self.product_id_)
        if len(months):
            lo, hi = int(months.min()), int(months.max())
            self.month0_, self._n_months = lo, hi - lo + 1 + _MONTH_HEADROOM
            self.capacity_ = np.full((rows, self._n_months), np.nan, np.float32)
            self.capacity_[columns.capacity_row, months - lo] = np.where(
                np.isnan(kg), np.nan, np.maximum(kg, 0)
            )
        else:
            self.month0_, self._n_months = 0, 0
            self.capacity_ = np.empty((rows, 0), dtype=np.float32)
        self._estimate_all()
        self._rebuild_lists()
        return self

    def upsert(self, product: SupplyProduct) -> None:
        """Add a product or replace it (capacity, certificates, name...). Cheap: one slot is
        rewritten (plus, rarely, a new text row or a wider month axis); the next query sees it."""
        self._check_fitted()
        slot = self._ingest(product)
        months = [m for m in product.capacity_kg if not math.isnan(product.capacity_kg[m])]
        if months:
            self._ensure_months(min(months), max(months))
        row = np.full(self._n_months, np.nan, dtype=np.float32)
        for month in months:
            row[month - self.month0_] = max(product.capacity_kg[month], 0.0)
        self.capacity_[slot] = row
        filled, rule, tail, tail_rule = estimate_row(row.tolist())
        self.estimated_[slot] = filled
        self.rule_[slot] = rule
        self.tail_mean_[slot] = tail
        self.tail_rule_[slot] = tail_rule

    def remove(self, product_id: int) -> None:
        """Drop a product (no-op when it is not in the index); its slot is reused later."""
        self._check_fitted()
        slot = self.slot_of_.pop(product_id, None)
        if slot is not None:
            self.profile_[slot] = _DEAD
            self.listed_[slot] = False
            self._free_slots.append(slot)

    def __len__(self) -> int:
        return len(getattr(self, "slot_of_", ()))

    def __contains__(self, product_id: object) -> bool:
        return product_id in getattr(self, "slot_of_", {})

    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays and text matrices (Python dicts not counted)."""
        self._check_fitted()
        total = 0
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                total += value.nbytes
            elif sp.issparse(value):
                total += value.data.nbytes + value.indices.nbytes + value.indptr.nbytes
        return total

    # ------------------------------------------------------------------ storage

    _SLOT_ARRAYS: tuple[tuple[str, Any, int], ...] = (
        ("product_id_", np.int64, -1),
        ("umkm_id_", np.int64, -1),
        ("profile_", np.int32, _DEAD),
        ("province_", np.int16, 0),
        ("convertible_", np.bool_, True),
        ("updated_on_", np.int32, _NEVER),
        ("updated_month_", np.int32, _NEVER),
        ("cert_held_", np.uint64, 0),
        ("tail_mean_", np.float32, 0),
        ("tail_rule_", np.uint8, RULE_NO_DATA),
        ("listed_", np.bool_, False),
    )

    def _allocate_slots(self, rows: int) -> None:
        for name, dtype, fill in self._SLOT_ARRAYS:
            old = getattr(self, name, None)
            new = np.full(rows, fill, dtype=dtype)
            if old is not None:
                new[: len(old)] = old
            setattr(self, name, new)
        old_expiry = getattr(self, "cert_expiry_", None)
        width = 16 if old_expiry is None else old_expiry.shape[1]
        expiry = np.full((rows, width), _NOT_HELD, dtype=np.int32)
        if old_expiry is not None:
            expiry[: len(old_expiry)] = old_expiry
        self.cert_expiry_ = expiry
        matrices: tuple[tuple[str, Any, float], ...] = (
            ("capacity_", np.float32, np.nan),
            ("estimated_", np.float32, 0.0),
            ("rule_", np.uint8, RULE_NO_DATA),
        )
        for name, dtype, matrix_fill in matrices:
            old_matrix = getattr(self, name, None)
            if old_matrix is not None:
                matrix = np.full((rows, old_matrix.shape[1]), matrix_fill, dtype=dtype)
                matrix[: len(old_matrix)] = old_matrix
                setattr(self, name, matrix)

    def _new_slot(self) -> int:
        if self._free_slots:
            return self._free_slots.pop()
        if self._n_slots == len(self.product_id_):
            self._allocate_slots(2 * len(self.product_id_))
        self._n_slots += 1
        return self._n_slots - 1

    def _ensure_months(self, lo: int, hi: int) -> None:
        """Widen the month axis to hold months ``lo..hi`` (rare: with headroom)."""
        if self._n_months and self.month0_ <= lo and hi < self.month0_ + self._n_months:
            return
        start = min(lo, self.month0_) if self._n_months else lo
        stop = max(hi + 1 + _MONTH_HEADROOM, self.month0_ + self._n_months)
        rows = len(self.product_id_)
        capacity = np.full((rows, stop - start), np.nan, dtype=np.float32)
        if self._n_months:
            offset = self.month0_ - start
            capacity[:, offset : offset + self._n_months] = self.capacity_
        self.capacity_, self.month0_, self._n_months = capacity, start, stop - start
        self._estimate_all()

    def _estimate_all(self) -> None:
        filled, rule, tail, tail_rule = estimate_matrix(self.capacity_)
        self.estimated_, self.rule_ = filled, rule
        self.tail_mean_, self.tail_rule_ = tail, tail_rule

    def _ingest(self, product: SupplyProduct) -> int:
        """Write everything but capacity for one product; returns its slot."""
        slot = self.slot_of_.get(product.product_id)
        if slot is None:
            slot = self._new_slot()
            self.slot_of_[product.product_id] = slot
        name_id = self._name_id(product.name, product.description)
        hs_code = normalise_hs(product.hs_code) or self.glossary_.hs_code_for(
            self._name_concepts[name_id]
        )
        profile = self._profile_id(name_id, self._hs_id(hs_code or ""))
        if profile != self.profile_[slot] or not self.listed_[slot]:
            # no longer where the profile lists say: queries look it up in _moved
            self.listed_[slot] = False
            self._moved.add(slot)
            self._moved_slots = None
        self.profile_[slot] = profile
        self.product_id_[slot] = product.product_id
        self.umkm_id_[slot] = product.umkm_id
        province = self.provinces_.setdefault(product.province_code, len(self.provinces_))
        self.province_[slot] = province
        self.convertible_[slot] = product.unit_convertible
        updated = product.capacity_updated_on
        self.updated_on_[slot] = updated.toordinal() if updated else _NEVER
        self.updated_month_[slot] = month_of(updated) if updated else _NEVER
        held = 0
        self.cert_expiry_[slot] = _NOT_HELD
        for certificate in product.certificates:
            column = self._cert_column(certificate.type)
            expires = certificate.expires_on.toordinal() if certificate.expires_on else _NO_EXPIRY
            held |= 1 << column
            self.cert_expiry_[slot, column] = max(int(self.cert_expiry_[slot, column]), expires)
        self.cert_held_[slot] = held
        return slot

    def _write_products(self, slots: I64, columns: SupplyColumns) -> None:
        """Write everything but capacity for ``columns``' products into ``slots`` (vectorised:
        Python only runs once per distinct name, HS code, province or certificate type)."""
        # profiles: one per distinct (name, description, HS code as given)
        pairs, pair_keys = _factorize(zip(columns.name, columns.description, strict=True))
        codes, code_keys = _factorize(columns.hs_code)
        width = max(len(code_keys), 1)
        combined, unique = _factorize((pairs * width + codes).tolist())
        name_of_pair = [self._name_id(name, description) for name, description in pair_keys]
        profile_of = np.zeros(len(unique), dtype=np.int32)
        for j, key in enumerate(unique):
            pair, code = divmod(key, width)
            name_id = name_of_pair[pair]
            hs_code = normalise_hs(code_keys[code]) or self.glossary_.hs_code_for(
                self._name_concepts[name_id]
            )
            profile_of[j] = self._profile_id(name_id, self._hs_id(hs_code or ""))
        self.profile_[slots] = profile_of[combined]
        self.product_id_[slots] = columns.product_id
        self.umkm_id_[slots] = columns.umkm_id
        provinces, province_keys = _factorize(columns.province_code)
        province_ids = [self.provinces_.setdefault(p, len(self.provinces_)) for p in province_keys]
        self.province_[slots] = np.asarray(province_ids, dtype=np.int16)[provinces]
        self.convertible_[slots] = columns.unit_convertible
        updated = columns.capacity_updated_on
        never = updated == NO_DAY
        self.updated_on_[slots] = np.where(never, _NEVER, updated)
        self.updated_month_[slots] = np.where(never, _NEVER, _month_of_day(updated))
        # certificates: a bit per type held, and per type the latest expiry
        types, type_keys = _factorize(columns.certificate_type)
        type_columns = np.asarray([self._cert_column(t) for t in type_keys], dtype=np.int64)
        self.cert_expiry_[slots] = _NOT_HELD
        self.cert_held_[slots] = 0
        if len(types):
            rows = slots[columns.certificate_row]
            cert_columns = type_columns[types]
            expires = columns.certificate_expires_on
            expires = np.where(expires == NO_DAY, _NO_EXPIRY, expires).astype(np.int32)
            np.maximum.at(self.cert_expiry_, (rows, cert_columns), expires)
            bits = np.left_shift(np.uint64(1), cert_columns.astype(np.uint64))
            np.bitwise_or.at(self.cert_held_, rows, bits)

    def _rebuild_lists(self) -> None:
        """Slots grouped by profile (CSR: ``list_slots_[list_start_[p]:list_start_[p + 1]]``),
        so a query visits only the products of the profiles that fit. Slots changed since are
        unlisted (``listed_`` False) and kept in ``_moved`` until the next rebuild."""
        profiles = self.profile_[: self._n_slots]
        self.list_slots_ = np.argsort(profiles, kind="stable").astype(np.int64)
        counts = np.bincount(profiles, minlength=self._n_profiles)
        self.list_start_ = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.listed_[:] = False
        self.listed_[: self._n_slots] = profiles != _DEAD
        self._moved = set()
        self._moved_slots = None

    def _candidates(self, passing: B) -> I64:
        """Live slots whose profile is ``passing`` (a bool per profile)."""
        if len(self._moved) > max(256, self._n_slots // 64):
            self._rebuild_lists()
        listed_profiles = len(self.list_start_) - 1
        profiles = np.flatnonzero(passing[:listed_profiles])
        starts = self.list_start_[profiles]
        lengths = self.list_start_[profiles + 1] - starts
        total = int(lengths.sum())
        if len(profiles) == 1:
            slots = self.list_slots_[int(starts[0]) : int(starts[0]) + total]
        else:
            offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            slots = self.list_slots_[offsets + np.arange(total)]
        slots = slots[self.listed_[slots]]
        if self._moved:
            moved = self._moved_slots
            if moved is None:
                moved = self._moved_slots = np.fromiter(self._moved, dtype=np.int64)
            slots = np.concatenate([slots, moved[passing[self.profile_[moved]]]])
        return slots

    def _cert_column(self, cert_type: str) -> int:
        column = self.cert_types_.get(cert_type)
        if column is None:
            if len(self.cert_types_) >= 64:
                raise ValueError("at most 64 certificate types are supported")
            column = self.cert_types_[cert_type] = len(self.cert_types_)
            if column >= self.cert_expiry_.shape[1]:
                wider = np.full((len(self.cert_expiry_), 64), _NOT_HELD, dtype=np.int32)
                wider[:, : self.cert_expiry_.shape[1]] = self.cert_expiry_
                self.cert_expiry_ = wider
        return column

    def _name_id(self, name: str, description: str) -> int:
        raw_key = (name, description)
        cached = self._raw_names.get(raw_key)
        if cached is not None:
            return cached
        text = normalise(name)
        concepts = self.glossary_.detect(name)
        key = text
        if not concepts.known and description:
            # a name the glossary cannot read ("Produk Unggulan Bu Siti") borrows the
            # description's concepts
            described = self.glossary_.detect(description)
            if described.known:
                concepts = described
                key = f"{text}\x1f{sorted(described.bases)}{sorted(described.forms)}"
        name_id = self.name_ids_.get(key)
        if name_id is None:
            name_id = self.name_ids_[key] = len(self._name_texts)
            self._name_texts.append(text)
            self._name_concepts.append(concepts)
            self._store_name_concepts(name_id, concepts)
        if len(self._raw_names) < 1_000_000:
            self._raw_names[raw_key] = name_id
        return name_id

    def _store_name_concepts(self, name_id: int, concepts: ConceptSet) -> None:
        if name_id >= len(self._name_base):
            for attr in ("_name_base", "_name_base_up", "_name_form", "_name_form_up"):
                old = getattr(self, attr)
                new = np.zeros((2 * len(old), old.shape[1]), dtype=np.bool_)
                new[: len(old)] = old
                setattr(self, attr, new)
            for attr in ("_name_n_base", "_name_n_form"):
                old_counts = getattr(self, attr)
                counts = np.zeros(2 * len(old_counts), dtype=np.int64)
                counts[: len(old_counts)] = old_counts
                setattr(self, attr, counts)
        for ids, own, up, counts in (
            (concepts.bases, self._name_base, self._name_base_up, self._name_n_base),
            (concepts.forms, self._name_form, self._name_form_up, self._name_n_form),
        ):
            counts[name_id] = len(ids)
            for c in ids:
                own[name_id, c] = True
                for a in self._concept_ancestors[c]:
                    up[name_id, a] = True

    def _hs_id(self, code: str) -> int:
        hs_id = self.hs_ids_.get(code)
        if hs_id is None:
            hs_id = self.hs_ids_[code] = len(self._hs_codes)
            self._hs_codes.append(code)
            if hs_id >= len(self._hs_prefix):
                prefix = np.full((2 * len(self._hs_prefix), 4), -1, dtype=np.int64)
                prefix[: len(self._hs_prefix)] = self._hs_prefix
                self._hs_prefix = prefix
            for level in range(len(code) // 2):
                self._hs_prefix[hs_id, level] = int(code[: 2 * (level + 1)])
        return hs_id

    def _profile_id(self, name_id: int, hs_id: int) -> int:
        profile = self.profile_ids_.get((name_id, hs_id))
        if profile is None:
            profile = self.profile_ids_[(name_id, hs_id)] = self._n_profiles
            if profile >= len(self._profile_name):
                for attr in ("_profile_name", "_profile_hs"):
                    old = getattr(self, attr)
                    new = np.zeros(2 * len(old), dtype=np.int64)
                    new[: len(old)] = old
                    setattr(self, attr, new)
            self._profile_name[profile] = name_id
            self._profile_hs[profile] = hs_id
            self._n_profiles += 1
        return profile

    # ------------------------------------------------------------------ text

    def _fit_text(self) -> None:
        terms = [t for concept in self.glossary_.concepts for t in concept.terms]
        descriptions = [self._hs_text(code) for code in self._hs_codes]
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        self.vectorizer_.fit(self._name_texts + terms + [d for d in descriptions if d])
        vocabulary = len(self.vectorizer_.vocabulary_)
        self.name_matrix_: sp.csr_matrix = (
            self.vectorizer_.transform(self._name_texts)
            if self._name_texts  # sklearn refuses to transform nothing (an empty database)
            else sp.csr_matrix((0, vocabulary), dtype=np.float32)
        )
        self.hs_matrix_: sp.csr_matrix = self.vectorizer_.transform(descriptions)

    def _hs_text(self, code: str) -> str:
        return normalise(describe_hs(code, self._descriptions))

    def _sync_text(self) -> None:
        """Add text rows for names and HS codes first seen by ``upsert``."""
        done = self.name_matrix_.shape[0]
        if done < len(self._name_texts):
            rows = self.vectorizer_.transform(self._name_texts[done:])
            self.name_matrix_ = sp.vstack([self.name_matrix_, rows], format="csr")
        done = self.hs_matrix_.shape[0]
        if done < len(self._hs_codes):
            rows = self.vectorizer_.transform([self._hs_text(c) for c in self._hs_codes[done:]])
            self.hs_matrix_ = sp.vstack([self.hs_matrix_, rows], format="csr")

    def _request(self, demand: Demand) -> _Request:
        key = (demand.product, demand.hs_code)
        request = self._request_cache.get(key)
        if request is None:
            concepts = self.glossary_.detect(demand.product)
            hs_code = normalise_hs(demand.hs_code) or self.glossary_.hs_code_for(concepts)
            vector = self.vectorizer_.transform([normalise(demand.product)]).toarray().ravel()
            request = _Request(vector=vector, concepts=concepts, hs_code=hs_code)
            if len(self._request_cache) > 4096:
                self._request_cache.clear()
            self._request_cache[key] = request
        return request

    def _fit_of(self, demand: Demand) -> F64:
        """Product fit of every profile for ``demand``, from the fit cache when the demand's
        text and HS code were asked for since the last new name or profile.

        The fit depends only on the demand's text and HS code and on the distinct names and
        profiles, which are only ever added to: it stays right until one is added, while
        capacity and certificates (scored per query) change under it. A request that is
        matched again, as open requests are, skips the third of a query it costs. The cache
        keeps the most recently used fits within ``FIT_CACHE_BYTES``."""
        key = (demand.product, demand.hs_code)
        size = (len(self._name_texts) + len(self._hs_codes), self._n_profiles)
        cached = self._fit_cache.get(key)
        if cached is not None and cached[0] == size:
            self._fit_cache.move_to_end(key)
            return cached[1]
        fit = self._profile_fit(self._request(demand))
        fit.flags.writeable = False
        self._fit_cache[key] = (size, fit)
        self._fit_cache.move_to_end(key)
        held = sum(vector.nbytes for _, vector in self._fit_cache.values())
        while held > FIT_CACHE_BYTES and len(self._fit_cache) > 1:
            _, (_, dropped) = self._fit_cache.popitem(last=False)  # the least recently used
            held -= dropped.nbytes
        return fit

    def _level(self, wanted: frozenset[int], own: B, up: B) -> tuple[F64, I64]:
        """Per name: mean over wanted concepts of the best relation level, and how many wanted
        concepts the name has at level >= 0.75."""
        total = np.zeros(len(own), dtype=np.float64)
        hits = np.zeros(len(own), dtype=np.int64)
        for c in wanted:
            level = np.where(own[:, c], 1.0, np.where(up[:, c], 0.9, 0.0))
            ancestors = self._concept_ancestors[c]
            if ancestors:
                level = np.maximum(level, np.where(own[:, ancestors].any(axis=1), 0.75, 0.0))
                level = np.maximum(level, np.where(up[:, ancestors].any(axis=1), 0.5, 0.0))
            total += level
            hits += level >= 0.75
        return total / max(len(wanted), 1), hits

    def _concept_fit(self, wanted: ConceptSet) -> tuple[F64, B, B]:
        """Per distinct name: concept fit 0..1, whether both sides name concepts, whether the
        name is of a different kind (disjoint concepts)."""
        n = len(self._name_texts)
        n_base, n_form = self._name_n_base[:n], self._name_n_form[:n]
        known = ((n_base > 0) | (n_form > 0)) & wanted.known
        if not wanted.known:
            return np.zeros(n), known, np.zeros(n, dtype=np.bool_)
        disjoint = np.zeros(n, dtype=np.bool_)
        base_score = np.ones(n)
        precision = np.ones(n)
        if wanted.bases:
            level, hits = self._level(wanted.bases, self._name_base[:n], self._name_base_up[:n])
            base_score = np.where(n_base > 0, level, 0.5)
            disjoint |= (n_base > 0) & (level == 0)
            precision = np.where(n_base > 0, np.minimum(1.0, hits / np.maximum(n_base, 1)), 1.0)
        if wanted.forms:
            level, _ = self._level(wanted.forms, self._name_form[:n], self._name_form_up[:n])
            form_score = np.where(n_form > 0, np.where(level > 0, level, 0.5), 0.55)
            if not wanted.bases:  # the request only names a form ("chips"): it is the kind
                disjoint |= level == 0
        else:
            form_score = np.where(n_form > 0, 0.6, 1.0)
        fit = base_score * form_score * (0.85 + 0.15 * precision)
        return np.where(disjoint, 0.0, fit), known, disjoint & known

    def _hs_fit(self, code: str | None) -> F64:
        n = len(self._hs_codes)
        fit = np.zeros(n)
        if not code:
            return fit
        levels = min(len(code) // 2, 4)
        prefix = self._hs_prefix[:n]
        for level in range(levels):
            value = 1.0 if level == levels - 1 else _HS_LEVEL_FIT[level]
            fit = np.where(prefix[:, level] == int(code[: 2 * (level + 1)]), value, fit)
        return fit

    def _profile_fit(self, request: _Request) -> F64:
        """Product fit 0..1 for every profile (distinct name x HS code); dead profile = -1."""
        if not self._name_texts:  # nothing indexed yet
            return np.full(self._n_profiles, -1.0)
        text = self.name_matrix_ @ request.vector
        description = self.hs_matrix_ @ request.vector
        concept, known, disjoint = self._concept_fit(request.concepts)
        hs = self._hs_fit(request.hs_code)
        names = self._profile_name[: self._n_profiles]
        codes = self._profile_hs[: self._n_profiles]
        t, d, h = text[names], description[codes], hs[codes]
        k, dj, c = known[names], disjoint[names], concept[names]
        evidence = np.maximum(np.maximum(t, d), h)
        fit = np.where(k, 0.75 * c + 0.25 * evidence, np.maximum(t, np.maximum(0.9 * d, 0.7 * h)))
        fit = np.where(dj, np.minimum(_DIFFERENT_KIND_CAP, 0.5 * np.maximum(t, d) + 0.3 * h), fit)
        clipped: F64 = np.clip(fit, 0.0, 1.0)
        clipped[_DEAD] = -1.0
        return clipped

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
        self._sync_text()
        profile_fit = self._fit_of(demand)
        if limit <= 0:
            return []
        province = None
        if province_code is not None:
            province = self.provinces_.get(province_code)
            if province is None:
                return []
        wanted = None if umkm_ids is None else np.fromiter(umkm_ids, dtype=np.int64)
        window = range(demand.start_month, demand.start_month + demand.months)
        # Tiers never overlap in score, so when the top tier alone fills `limit`, the lower
        # ones need not be scored at all.
        floors = [f for f in (SAME_KIND_FIT, RELATED_FIT) if f > self.min_product_fit]
        # Each tier's products come from the profile lists of the profiles in that tier.
        ceiling = np.inf
        bands: list[tuple[I64, _Scored]] = []
        kept = 0
        for floor in [*floors, self.min_product_fit]:
            band = self._candidates((profile_fit >= floor) & (profile_fit < ceiling))
            ceiling = floor
            if province is not None:
                band = band[self.province_[band] == province]
            if wanted is not None:
                band = band[np.isin(self.umkm_id_[band], wanted)]
            scored = self._score(band, profile_fit[self.profile_[band]], demand, window, today)
            bands.append((band, scored))
            kept += int(np.count_nonzero(scored.score >= min_score))
            if kept >= limit:
                break
        if len(bands) > 1:
            slots = np.concatenate([band for band, _ in bands])
            scored = _Scored(
                *(np.concatenate([getattr(s, f) for _, s in bands]) for f in _Scored.__slots__)
            )
        else:
            slots = bands[0][0]
        keep = np.flatnonzero(scored.score >= min_score)
        if keep.size == 0:
            return []
        score = scored.score
        if keep.size > limit:
            threshold = -np.partition(-score[keep], limit - 1)[limit - 1]
            keep = keep[score[keep] >= threshold]
        product_ids = self.product_id_[slots[keep]]
        order = keep[np.lexsort((product_ids, -score[keep]))][:limit]
        fit, coverage, continuity = scored.fit, scored.coverage, scored.continuity
        certification, freshness = scored.certification, scored.freshness
        never, months_since = scored.never, scored.months_since
        capacity = scored.capacity
        _, rule = self._window(slots[order], window)
        quota = demand.monthly_quota_kg
        required = list(dict.fromkeys(demand.required_certifications))
        window_end = month_end(window[-1]).toordinal()
        today_ordinal = today.toordinal()

        # Only the returned rows become Python objects; round them in bulk.
        components = np.round(
            np.stack(
                [fit[order], coverage[order], continuity[order], certification[order],
                 freshness[order]], axis=1,
            ),
            3,
        ).tolist()  # fmt: skip
        kg_rows = np.round(capacity[order].astype(np.float64), 1).tolist()
        rule_rows = rule.tolist()
        labels = [month_label(m) for m in window]
        top_slots = slots[order]
        since = [
            None if n else int(m)
            for n, m in zip(never[order].tolist(), months_since[order].tolist(), strict=True)
        ]
        matches = []
        for rank, (slot, values, kg, rules, months_since_update, total) in enumerate(
            zip(
                top_slots.tolist(), components, kg_rows, rule_rows, since,
                score[order].tolist(), strict=True,
            ),
            start=1,
        ):  # fmt: skip
            month_rows, flags = self._explain(
                slot, window, labels, kg, rules, quota, required, today_ordinal, window_end,
                months_since_update,
            )  # fmt: skip
            matches.append(
                Match(
                    rank=rank,
                    product_id=int(self.product_id_[slot]),
                    umkm_id=int(self.umkm_id_[slot]),
                    score=total,
                    components=MatchComponents(
                        values[0], values[1], values[2], values[3], values[4], months_since_update
                    ),
                    months=month_rows,
                    flags=flags,
                )
            )
        return matches

    def _score(self, slots: I64, fit: F64, demand: Demand, window: range, today: date) -> _Scored:
        """Components and total score (vectorised) for candidate ``slots``."""
        capacity, _ = self._window(slots, window, with_rules=False)
        quota = demand.monthly_quota_kg
        convertible = self.convertible_[slots]
        if quota is None:
            coverage = np.zeros(len(slots))
            continuity = np.zeros(len(slots))
        else:
            coverage = np.minimum(capacity / quota, 1.0).mean(axis=1) * convertible
            continuity = (capacity >= quota).mean(axis=1) * convertible
        required = list(dict.fromkeys(demand.required_certifications))
        if required:
            window_end = month_end(window[-1]).toordinal()
            columns = [self.cert_types_.get(t, -1) for t in required]
            expiry = self.cert_expiry_[slots[:, None], [max(c, 0) for c in columns]]
            expiry[:, [i for i, c in enumerate(columns) if c < 0]] = _NOT_HELD
            certification = (expiry >= window_end).sum(axis=1) / len(required)
        else:
            certification = np.ones(len(slots))
        updated = self.updated_month_[slots]
        months_since = month_of(today) - updated.astype(np.int64)
        never = updated == _NEVER
        freshness = self._freshness(months_since, never)
        w = np.asarray(self.weights_.as_tuple(), dtype=np.float64)
        weighted = (
            w[0] * fit + w[1] * coverage + w[2] * continuity + w[3] * certification
            + w[4] * freshness
        ) / w.sum()  # fmt: skip
        tier = (fit >= RELATED_FIT).astype(np.int64) + (fit >= SAME_KIND_FIT)
        score = np.round(_BAND_LOW[tier] + _BAND_WIDTH[tier] * weighted, 1)
        return _Scored(
            fit, coverage, continuity, certification, freshness, months_since, never, score,
            capacity,
        )  # fmt: skip

    def _freshness(self, months_since: I64, never: B) -> F64:
        """1 within ``stale_after_months``; linear to 0 at 12 months (or stale+1); never -> 0."""
        stale = self.stale_after_months
        horizon = max(12, stale + 1)
        decay = np.clip((horizon - months_since) / (horizon - stale), 0.0, 1.0)
        return np.where(never, 0.0, np.where(months_since <= stale, 1.0, decay))

    def _window(self, slots: I64, window: range, *, with_rules: bool = True) -> tuple[F32, U8]:
        """Capacity (kg, estimates filled in) and rule codes for ``slots`` x window months
        (rule codes only when ``with_rules``: scoring needs the kg, flags need the rules)."""
        rows, width = len(slots), len(window)
        capacity = np.zeros((rows, width), dtype=np.float32)
        rule = np.full((rows if with_rules else 0, width), RULE_NO_DATA, dtype=np.uint8)
        first, stop = self.month0_, self.month0_ + self._n_months
        lo, hi = max(window.start, first), min(window.stop, stop)
        if lo < hi:
            capacity[:, lo - window.start : hi - window.start] = self.estimated_[
                slots, lo - first : hi - first
            ]
            if with_rules:
                rule[:, lo - window.start : hi - window.start] = self.rule_[
                    slots, lo - first : hi - first
                ]
        beyond = range(max(window.start, stop), window.stop)
        if len(beyond):
            tail, tail_rule = self.tail_mean_[slots], self.tail_rule_[slots]
            for month in beyond:
                j, year_ago = month - window.start, month - 12 - first
                if 0 <= year_ago < self._n_months:
                    reported = self.capacity_[slots, year_ago]
                    has = ~np.isnan(reported)
                    capacity[:, j] = np.where(has, reported, tail)
                    if with_rules:
                        rule[:, j] = np.where(has, RULE_YEAR_AGO, tail_rule)
                else:
                    capacity[:, j] = tail
                    if with_rules:
                        rule[:, j] = tail_rule
        return capacity, rule

    def _explain(
        self,
        slot: int,
        window: range,
        labels: list[str],
        kg: list[float],
        rule_codes: list[int],
        quota: float | None,
        required: list[str],
        today: int,
        window_end: int,
        months_since_update: int | None,
    ) -> tuple[list[MonthSupply], list[Flag]]:
        """Month rows and flags for one returned match (plain Python: only top rows get here).
        ``kg`` is the window's capacity (rounded to 0.1 kg), ``rule_codes`` how it was got."""
        convertible = bool(self.convertible_[slot])
        rules = [_RULE_NAMES[r] for r in rule_codes]
        if quota is not None and convertible:
            month_rows = [
                MonthSupply(label, value, rule is not None, round(max(0.0, quota - value), 1), rule)
                for label, value, rule in zip(labels, kg, rules, strict=True)
            ]
        else:
            month_rows = [
                MonthSupply(label, value if convertible else None, rule is not None, None, rule)
                for label, value, rule in zip(labels, kg, rules, strict=True)
            ]
        found: list[Flag] = []
        if quota is None:
            found.append(flag_builders.unit_not_convertible("demand"))
        elif not convertible:
            found.append(flag_builders.unit_not_convertible("product"))
        else:
            average = sum(kg) / len(kg)
            if average < quota:
                found.append(flag_builders.capacity_shortfall(average, quota))
            gaps = [(m, kg[j]) for j, m in enumerate(window) if kg[j] < quota]
            if gaps:
                found.append(flag_builders.continuity_gap(gaps, quota, len(window)))
        if required:
            missing: list[str] = []
            expired: list[tuple[str, date]] = []
            expiring: list[tuple[str, date]] = []
            for cert_type in required:
                column = self.cert_types_.get(cert_type)
                expires = _NOT_HELD if column is None else int(self.cert_expiry_[slot, column])
                if expires < today:
                    missing.append(cert_type)
                    if expires != _NOT_HELD:
                        expired.append((cert_type, date.fromordinal(expires)))
                elif expires < window_end:
                    expiring.append((cert_type, date.fromordinal(expires)))
            if missing:
                found.append(flag_builders.missing_certification(missing, expired))
            for cert_type, expires_on in expiring:
                found.append(
                    flag_builders.expiring_certification(cert_type, expires_on, window[-1])
                )
        if months_since_update is None or months_since_update > self.stale_after_months:
            updated = int(self.updated_on_[slot])
            found.append(
                flag_builders.stale_capacity(
                    None if updated == _NEVER else date.fromordinal(updated),
                    months_since_update,
                    self.stale_after_months,
                )
            )
        if convertible:
            estimated = [
                (m, rule_name, kg[j])
                for j, (m, rule_name) in enumerate(zip(window, rules, strict=True))
                if rule_name is not None
            ]
            if estimated:
                found.append(flag_builders.estimated_months(estimated))
        return month_rows, found

    def _check_fitted(self) -> None:
        if not hasattr(self, "vectorizer_"):
            raise RuntimeError("MatchIndex is not fitted yet: call fit() first")
