"""The supply side of the index: one slot per product in compact arrays.

Per slot: product and UMKM id, profile id (see :mod:`matching.vocabulary`), province id
(int16), convertible flag, last-update day and month, a
slots x certificate-types expiry matrix (int32 day ordinals), capacity as a slots x months
float64 matrix in kg of whole grams (growable month axis) holding the reported figures with
the estimates of the other months filled in, and beside it the rule of every cell (reported,
or which estimate): the reported figures are the cells of rule ``RULE_REPORTED``, so no
second matrix holds them (at 1M products that one took 0.3 GB). What signed deals committed
is a small matrix with a row per product that has commitments, on a month axis of its own,
so that a long deal never widens the capacity matrices; a query takes it off the window's
figures of the few products that have a row there (:meth:`SupplySlots.window`).
Every figure is ``grams / 1000`` for a whole number of grams, as is the quota a query
compares it with (:func:`whole_grams`), so ``capacity >= quota`` compares exact gram counts:
a capacity of 1000.04 kg meets a quota of 1000.04 kg, and figures above 2^24 kg keep every
gram (float32 did neither). Slots are also grouped by profile (CSR arrays ``list_slots`` /
``list_start``) so a query visits only the products of the profiles that fit. Removed
products leave a dead slot that the next insert reuses.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from .estimate import RULE_NO_DATA, RULE_REPORTED, RULE_YEAR_AGO, estimate_matrix, estimate_row
from .memory import release_free_memory
from .months import month_of
from .records import CERTIFICATE_TYPES, NO_DAY, SupplyColumns, SupplyProduct
from .vocabulary import DEAD_PROFILE

__all__ = ["NEVER", "NOT_HELD", "SupplySlots", "factorize", "last_rows", "whole_grams"]

#: Expiry (day ordinal) of a certificate type a product does not hold.
NOT_HELD = -1
#: Expiry (day ordinal) of a certificate without an expiry date.
_NO_EXPIRY = int(np.iinfo(np.int32).max)
#: Last-update day and month of capacity never updated.
NEVER = -1
#: Months added past the latest reported month when the month axis is (re)built.
_MONTH_HEADROOM = 12
#: Spare rows: a build keeps 1/_SPARE of its products (at least _MIN_ROWS) free for new
#: products, and a full index grows by 1/_GROW of its rows. Memory follows the catalogue (a
#: power of two held up to 2x the rows: 1,048,576 for 600,000 products), and a growth copies
#: the arrays once per 1/_GROW more products, with the old and new arrays held together for
#: that moment only (doubling held three times the index).
_SPARE, _GROW, _MIN_ROWS = 64, 8, 1024

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH_MONTH = 1970 * 12


def month_of_day(days: I64) -> I64:
    """Month index of each day number (``date.toordinal()``), vectorised."""
    as_dates = (days - _EPOCH_ORDINAL).astype("datetime64[D]")
    months: I64 = as_dates.astype("datetime64[M]").astype(np.int64) + _EPOCH_MONTH
    return months


def whole_grams(kg: npt.ArrayLike) -> F64:
    """``kg`` rounded to whole grams, as float64 kg (``grams / 1000``); NaN stays NaN.

    The same gram count always gives the same float, and a larger one a larger float, so
    figures passed through here compare exactly (1000.04 kg == 1000.04 kg)."""
    grams: F64 = np.rint(np.asarray(kg, dtype=np.float64) * 1000.0) / 1000.0
    return grams


def factorize(values: Iterable[Hashable]) -> tuple[I64, list[Any]]:
    """(code per value, distinct values in first-seen order), with C-speed loops only."""
    items = values if isinstance(values, list) else list(values)
    distinct = list(dict.fromkeys(items))
    code_of = {value: code for code, value in enumerate(distinct)}
    codes = np.fromiter(map(code_of.__getitem__, items), dtype=np.int64, count=len(items))
    return codes, distinct


def last_rows(columns: SupplyColumns) -> SupplyColumns:
    """``columns`` with only the last row of each product id (and its capacity/certificates)."""
    product_id = columns.product_id
    n_rows = len(product_id)
    if n_rows == 0 or len(np.unique(product_id)) == n_rows:
        return columns
    _, from_end = np.unique(product_id[::-1], return_index=True)
    keep = np.sort(n_rows - 1 - from_end)
    new_row = np.full(n_rows, -1, dtype=np.int32)
    new_row[keep] = np.arange(len(keep))
    capacity = np.flatnonzero(new_row[columns.capacity_row] >= 0)
    certificates = np.flatnonzero(new_row[columns.certificate_row] >= 0)
    committed = np.flatnonzero(new_row[columns.committed_row] >= 0)
    kept = keep.tolist()
    return SupplyColumns(
        product_id=product_id[keep],
        umkm_id=columns.umkm_id[keep],
        name=[columns.name[row] for row in kept],
        description=[columns.description[row] for row in kept],
        hs_code=[columns.hs_code[row] for row in kept],
        province_code=[columns.province_code[row] for row in kept],
        regency_code=[columns.regency_code[row] for row in kept],
        capacity_updated_on=columns.capacity_updated_on[keep],
        unit_convertible=columns.unit_convertible[keep],
        capacity_row=new_row[columns.capacity_row[capacity]],
        capacity_month=columns.capacity_month[capacity],
        capacity_kg=columns.capacity_kg[capacity],
        certificate_row=new_row[columns.certificate_row[certificates]].astype(np.int64),
        certificate_type=[columns.certificate_type[row] for row in certificates.tolist()],
        certificate_expires_on=columns.certificate_expires_on[certificates],
        committed_row=new_row[columns.committed_row[committed]],
        committed_month=columns.committed_month[committed],
        committed_kg=columns.committed_kg[committed],
    )


#: Rows estimated at a time by ``SupplySlots.estimate_all``.
_ESTIMATE_ROWS = 16_384


class SupplySlots:
    """Products in slot arrays, built from ``columns`` (one product per row, ids distinct)
    whose rows have profile ``profiles`` (of ``n_profiles`` profiles). Arrays have room for
    more slots than products."""

    #: (attribute, dtype, fill of an empty slot) of the one-dimensional slot arrays
    SLOT_ARRAYS: tuple[tuple[str, Any, int], ...] = (
        ("product_id", np.int64, -1),
        ("umkm_id", np.int64, -1),
        ("profile", np.int32, DEAD_PROFILE),
        ("updated_on", np.int32, NEVER),
        ("tail_mean", np.float64, 0),
        ("tail_rule", np.uint8, RULE_NO_DATA),
        ("committed_row", np.int32, -1),
    )
    #: The same for the figures a query reads of every candidate: side by side in one
    #: 16-byte record per slot (``hot``; the attributes are views of its fields), so that a
    #: candidate's are read from memory at once (at 1M products, five gathers of 15,000
    #: scattered slots took 0.4 ms from separate arrays, one gather of records 0.1 ms).
    HOT_FIELDS: tuple[tuple[str, Any, int], ...] = (
        ("peak", np.float64, 0),
        ("updated_month", np.int32, NEVER),
        ("province", np.int16, 0),
        ("convertible", np.bool_, True),
        ("listed", np.bool_, False),
    )
    HOT = np.dtype([(name, dtype) for name, dtype, _ in HOT_FIELDS])

    product_id: I64
    umkm_id: I64
    profile: I32
    province: npt.NDArray[np.int16]
    convertible: B
    updated_on: I32
    updated_month: I32
    #: estimate for months past the month axis and its rule (see ``estimate_matrix``)
    tail_mean: F64
    tail_rule: U8
    #: the most kg any window can show for the slot (reported, estimated or past the axis;
    #: commitments only take off): bounds coverage and continuity when scoring
    peak: F64
    #: the record per slot whose fields ``peak``, ``updated_month``, ``province``,
    #: ``convertible`` and ``listed`` are
    hot: npt.NDArray[np.void]
    #: slot is in the profile lists (False for dead slots and slots moved since the build)
    listed: B
    #: row of the slot in ``committed`` (-1: nothing committed)
    committed_row: I32
    #: kg (whole grams) committed to deals per row x month (months from ``committed_month0``)
    committed: F64
    cert_expiry: I32
    #: kg (whole grams) per slot x month, months from ``month0``: reported, or where nothing
    #: was reported the estimate (before commitments); ``rule``: how each cell was found
    #: (``RULE_REPORTED`` for the reported ones)
    estimated: F64
    rule: U8
    # products grouped by profile, see rebuild_lists
    list_slots: I64
    list_start: I64
    moved: set[int]
    moved_slots: I64 | None

    def __init__(
        self,
        columns: SupplyColumns,
        profiles: I32,
        n_profiles: int,
        *,
        estimate: bool = True,
        figures: list[Any] | None = None,
    ) -> None:
        """``estimate`` False: the caller calls :meth:`estimate_all` next, once it has let go
        of ``columns``. ``figures``: the capacity figures ``[row, month, kg]`` (as in
        :class:`SupplyColumns`) in a list that is emptied once they are in the capacity
        matrix, so that they are freed before the other slot arrays are made; None: the
        columns' own."""
        n_products = len(columns)
        self.provinces: dict[str, int] = {"": 0}
        self.cert_types: dict[str, int] = {
            cert_type: column for column, cert_type in enumerate(CERTIFICATE_TYPES)
        }
        if figures is None:
            figures = [columns.capacity_row, columns.capacity_month, columns.capacity_kg]
        rows = max(_MIN_ROWS, n_products + n_products // _SPARE)
        reported = self._reported_matrix(figures, rows)
        release_free_memory()  # the figures' pages, if they were the last hold on them
        product_ids = columns.product_id.tolist()
        self.slot_of: dict[int, int] = dict(zip(product_ids, range(n_products), strict=True))
        del product_ids
        self.free_slots: list[int] = []
        self.n_slots = n_products
        self._allocate(rows)
        # the reported figures, NaN elsewhere, until estimate_all fills the gaps in place
        self.estimated, self.rule = reported, np.empty(reported.shape, dtype=np.uint8)
        self._estimated_yet = False
        self.write_columns(np.arange(n_products), columns, profiles)
        self.free_committed: list[int] = []
        products, row_of = np.unique(columns.committed_row, return_inverse=True)
        committed_months = columns.committed_month
        self.committed_month0, self.committed_n_months = 0, 0
        if len(products):
            self.committed_month0 = int(committed_months.min())
            self.committed_n_months = int(committed_months.max()) - self.committed_month0 + 1
        self.committed = np.zeros((len(products), self.committed_n_months), dtype=np.float64)
        if len(products):
            np.add.at(
                self.committed,
                (row_of, committed_months - self.committed_month0),
                np.maximum(columns.committed_kg, 0),
            )
            self.committed = whole_grams(self.committed)
            self.committed_row[products] = np.arange(len(products), dtype=np.int32)
        self.n_committed = len(products)
        self.rebuild_lists(n_profiles)
        if estimate:
            self.estimate_all()

    def _reported_matrix(self, figures: list[Any], rows: int) -> F64:
        """``rows`` x months of the reported kg in whole grams (NaN where none), from the
        capacity ``figures`` ``[row, month, kg]``, which are let go of (the list emptied)
        once written; sets the month axis."""
        row_of, months, kg = figures
        figures.clear()
        if not len(months):
            self.month0, self.n_months = 0, 0
            return np.empty((rows, 0), dtype=np.float64)
        first, last = int(months.min()), int(months.max())
        self.month0, self.n_months = first, last - first + 1 + _MONTH_HEADROOM
        reported = np.full((rows, self.n_months), np.nan, np.float64)
        # a block of figures at a time (the temporaries of 12M figures took 0.5 GB);
        # np.maximum keeps NaN
        for start in range(0, len(months), _ESTIMATE_ROWS * 16):
            part = slice(start, start + _ESTIMATE_ROWS * 16)
            reported[row_of[part], months[part] - first] = whole_grams(np.maximum(kg[part], 0))
        return reported

    def __getstate__(self) -> dict[str, Any]:
        """What a snapshot keeps (:mod:`matching.snapshot`): the arrays (the hot record once,
        not its field views); the product id -> slot dict is made again from them on
        loading, in one pass."""
        state = dict(vars(self))
        del state["slot_of"]
        for name, _, _ in self.HOT_FIELDS:
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._view_hot()
        live = np.ones(self.n_slots, dtype=np.bool_)
        live[self.free_slots] = False
        product_ids = self.product_id[: self.n_slots][live].tolist()
        self.slot_of = dict(zip(product_ids, np.flatnonzero(live).tolist(), strict=True))

    # ------------------------------------------------------------------ growing

    def _allocate(self, rows: int) -> None:
        """Create (or grow to ``rows``) every per-slot array; new slots are empty."""
        for name, dtype, fill in self.SLOT_ARRAYS:
            old = getattr(self, name, None)
            new = np.full(rows, fill, dtype=dtype)
            if old is not None:
                new[: len(old)] = old
            setattr(self, name, new)
        old_hot = getattr(self, "hot", None)
        hot = np.empty(rows, dtype=self.HOT)
        for name, _, fill in self.HOT_FIELDS:
            hot[name] = fill
        if old_hot is not None:
            hot[: len(old_hot)] = old_hot
        self.hot = hot
        self._view_hot()
        old_expiry = getattr(self, "cert_expiry", None)
        # room for every known certificate type, whose columns are fixed in __init__
        width = max(16, len(CERTIFICATE_TYPES)) if old_expiry is None else old_expiry.shape[1]
        expiry = np.full((rows, width), NOT_HELD, dtype=np.int32)
        if old_expiry is not None:
            expiry[: len(old_expiry)] = old_expiry
        self.cert_expiry = expiry
        matrices: tuple[tuple[str, Any, float], ...] = (
            ("estimated", np.float64, 0.0),
            ("rule", np.uint8, RULE_NO_DATA),
        )
        for name, dtype, matrix_fill in matrices:
            old_matrix = getattr(self, name, None)
            if old_matrix is not None:
                matrix = np.full((rows, old_matrix.shape[1]), matrix_fill, dtype=dtype)
                matrix[: len(old_matrix)] = old_matrix
                setattr(self, name, matrix)

    def _view_hot(self) -> None:
        """The hot record's fields as attributes (views: writing one writes the record)."""
        for name, _, _ in self.HOT_FIELDS:
            setattr(self, name, self.hot[name])

    def slot_for(self, product_id: int) -> int:
        """The product's slot; a new or reused one when it is not held yet."""
        slot = self.slot_of.get(product_id)
        if slot is None:
            if self.free_slots:
                slot = self.free_slots.pop()
            else:
                if self.n_slots == len(self.product_id):
                    rows = len(self.product_id)
                    self._allocate(rows + max(_MIN_ROWS, rows // _GROW))
                self.n_slots += 1
                slot = self.n_slots - 1
            self.slot_of[product_id] = slot
        return slot

    def ensure_months(self, first: int, last: int) -> None:
        """Widen the month axis to hold months ``first..last`` (rare: with headroom)."""
        if self.n_months and self.month0 <= first and last < self.month0 + self.n_months:
            return
        start = min(first, self.month0) if self.n_months else first
        stop = max(last + 1 + _MONTH_HEADROOM, self.month0 + self.n_months)
        rows = len(self.product_id)
        reported = np.full((rows, stop - start), np.nan, dtype=np.float64)
        if self.n_months:
            offset = self.month0 - start
            for begin in range(0, rows, _ESTIMATE_ROWS):  # the temporaries of a block
                block = slice(begin, begin + _ESTIMATE_ROWS)
                reported[block, offset : offset + self.n_months] = self.reported(block)
        self.estimated, self.month0, self.n_months = reported, start, stop - start
        self.rule = np.empty(reported.shape, dtype=np.uint8)
        self._estimated_yet = False
        self.estimate_all()

    def reported(self, rows: slice | I64 | int) -> F64:
        """The reported kg of ``rows`` (slots) per month of the axis, NaN where none was."""
        return np.where(self.rule[rows] == RULE_REPORTED, self.estimated[rows], np.nan)

    def estimate_all(self) -> None:
        """Estimates, rules, tail and peak of every slot, in place, a block of rows at a time:
        the temporaries of one block, not of the whole matrix (at 1M products the whole took
        0.9 GB more while building). Called once on the reported figures (NaN elsewhere) that
        ``__init__`` or :meth:`ensure_months` put in ``estimated``."""
        if self._estimated_yet:
            raise RuntimeError("estimate_all runs once, on the reported figures")
        self._estimated_yet = True
        for start in range(0, len(self.estimated), _ESTIMATE_ROWS):
            block = slice(start, start + _ESTIMATE_ROWS)
            # estimate_matrix reads the block whole before it is written over
            filled, rule, tail, tail_rule = estimate_matrix(self.estimated[block])
            self.estimated[block], self.rule[block] = whole_grams(filled), rule
            self.tail_mean[block], self.tail_rule[block] = whole_grams(tail), tail_rule
            # reported figures are among the filled ones
            self.peak[block] = np.maximum(
                self.tail_mean[block], self.estimated[block].max(axis=1, initial=0.0)
            )

    def _estimate_slot(self, slot: int, reported: list[float]) -> None:
        """The slot's figures, rules, tail and peak from its ``reported`` kg per month of the
        axis (whole grams, NaN where none was)."""
        filled, rule, tail, tail_rule = estimate_row(reported)
        self.estimated[slot] = filled  # estimates in whole grams too
        self.rule[slot] = rule
        self.tail_mean[slot] = tail
        self.tail_rule[slot] = tail_rule
        self.peak[slot] = max(tail, max(filled, default=0.0), 0.0)

    def cert_column(self, cert_type: str) -> int:
        """Column of ``cert_type`` in ``cert_expiry``, added when new."""
        column = self.cert_types.get(cert_type)
        if column is None:
            if len(self.cert_types) >= 64:
                raise ValueError("at most 64 certificate types are supported")
            column = self.cert_types[cert_type] = len(self.cert_types)
            if column >= self.cert_expiry.shape[1]:
                wider = np.full((len(self.cert_expiry), 64), NOT_HELD, dtype=np.int32)
                wider[:, : self.cert_expiry.shape[1]] = self.cert_expiry
                self.cert_expiry = wider
        return column

    # ------------------------------------------------------------------ writing

    def write_product(self, slot: int, product: SupplyProduct, profile: int) -> None:
        """Write everything but capacity for one product into its ``slot``."""
        if profile != self.profile[slot] or not self.listed[slot]:
            # no longer where the profile lists say: queries look it up in `moved`
            self.listed[slot] = False
            self.moved.add(slot)
            self.moved_slots = None
        self.profile[slot] = profile
        self.product_id[slot] = product.product_id
        self.umkm_id[slot] = product.umkm_id
        province = self.provinces.setdefault(product.province_code, len(self.provinces))
        self.province[slot] = province
        self.convertible[slot] = product.unit_convertible
        updated = product.capacity_updated_on
        self.updated_on[slot] = updated.toordinal() if updated else NEVER
        self.updated_month[slot] = month_of(updated) if updated else NEVER
        self.cert_expiry[slot] = NOT_HELD
        for certificate in product.certificates:
            column = self.cert_column(certificate.type)
            expires = certificate.expires_on.toordinal() if certificate.expires_on else _NO_EXPIRY
            self.cert_expiry[slot, column] = max(int(self.cert_expiry[slot, column]), expires)
        self.write_committed(slot, product.committed_kg)

    def write_committed(self, slot: int, committed_kg: Mapping[int, float]) -> None:
        """Replace what the slot's product has committed to deals (kg per month index)."""
        months = [month for month, kg in committed_kg.items() if kg > 0]
        row = int(self.committed_row[slot])
        if not months:
            if row >= 0:
                self._free_committed(slot)
            return
        self._committed_months(min(months), max(months))
        if row < 0:
            if self.free_committed:
                row = self.free_committed.pop()
            else:
                row = len(self.committed)
                grown = np.zeros((max(16, 2 * row), self.committed_n_months), dtype=np.float64)
                grown[:row] = self.committed
                self.free_committed = list(range(len(grown) - 1, row, -1))
                self.committed = grown
            self.committed_row[slot] = row
            self.n_committed += 1
        self.committed[row] = 0.0
        for month in months:  # whole grams, as whole_grams rounds
            column = month - self.committed_month0
            self.committed[row, column] = round(committed_kg[month] * 1000.0) / 1000.0

    def _committed_months(self, first: int, last: int) -> None:
        """Widen the commitments' month axis to hold months ``first..last``."""
        start, stop = self.committed_month0, self.committed_month0 + self.committed_n_months
        if self.committed_n_months and start <= first and last < stop:
            return
        new_start = min(first, start) if self.committed_n_months else first
        new_stop = max(last + 1, stop) if self.committed_n_months else last + 1
        committed = np.zeros((len(self.committed), new_stop - new_start), dtype=np.float64)
        if self.committed_n_months:
            offset = start - new_start
            committed[:, offset : offset + self.committed_n_months] = self.committed
        self.committed = committed
        self.committed_month0, self.committed_n_months = new_start, new_stop - new_start

    def _free_committed(self, slot: int) -> None:
        row = int(self.committed_row[slot])
        self.committed[row] = 0.0
        self.committed_row[slot] = -1
        self.free_committed.append(row)
        self.n_committed -= 1

    def write_capacity(self, slot: int, capacity_kg: Mapping[int, float]) -> None:
        """Replace the slot's capacity (kg per month index) and its estimates."""
        months = [month for month in capacity_kg if not math.isnan(capacity_kg[month])]
        if months:
            self.ensure_months(min(months), max(months))
        row = [math.nan] * self.n_months
        for month in months:  # whole grams, as whole_grams rounds
            row[month - self.month0] = round(max(capacity_kg[month], 0.0) * 1000.0) / 1000.0
        self._estimate_slot(slot, row)

    def write_columns(self, slots: I64, columns: SupplyColumns, profiles: I32) -> None:
        """Write everything but capacity for ``columns``' products into ``slots`` (vectorised:
        Python only runs once per distinct province or certificate type)."""
        self.profile[slots] = profiles
        self.product_id[slots] = columns.product_id
        self.umkm_id[slots] = columns.umkm_id
        provinces, province_keys = factorize(columns.province_code)
        province_ids = [
            self.provinces.setdefault(code, len(self.provinces)) for code in province_keys
        ]
        self.province[slots] = np.asarray(province_ids, dtype=np.int16)[provinces]
        self.convertible[slots] = columns.unit_convertible
        updated = columns.capacity_updated_on
        never = updated == NO_DAY
        self.updated_on[slots] = np.where(never, NEVER, updated)
        self.updated_month[slots] = np.where(never, NEVER, month_of_day(updated))
        # certificates: per type the latest expiry
        types, type_keys = factorize(columns.certificate_type)
        type_columns = np.asarray(
            [self.cert_column(cert_type) for cert_type in type_keys], dtype=np.int64
        )
        self.cert_expiry[slots] = NOT_HELD
        if len(types):
            rows = slots[columns.certificate_row]
            cert_columns = type_columns[types]
            expires = columns.certificate_expires_on
            expires = np.where(expires == NO_DAY, _NO_EXPIRY, expires).astype(np.int32)
            np.maximum.at(self.cert_expiry, (rows, cert_columns), expires)

    def remove(self, product_id: int) -> None:
        """Empty the product's slot (no-op when not held); the slot is reused later."""
        slot = self.slot_of.pop(product_id, None)
        if slot is not None:
            self.profile[slot] = DEAD_PROFILE
            self.listed[slot] = False
            if self.committed_row[slot] >= 0:
                self._free_committed(slot)
            self.free_slots.append(slot)

    # ------------------------------------------------------------------ reading

    def rebuild_lists(self, n_profiles: int) -> None:
        """Slots grouped by profile (CSR: ``list_slots[list_start[p]:list_start[p + 1]]``),
        so a query visits only the products of the profiles that fit. Slots changed since are
        unlisted (``listed`` False) and kept in ``moved`` until the next rebuild."""
        profiles = self.profile[: self.n_slots]
        self.list_slots = np.argsort(profiles, kind="stable").astype(np.int64)
        counts = np.bincount(profiles, minlength=n_profiles)
        self.list_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.listed[:] = False
        self.listed[: self.n_slots] = profiles != DEAD_PROFILE
        self.moved = set()
        self.moved_slots = None

    def candidates(
        self,
        profiles: I64,
        fit: F64,
        *,
        low: float,
        high: float,
        fit_of: Callable[[I64], F64],
        n_profiles: int,
    ) -> tuple[I64, F64, npt.NDArray[np.void]]:
        """Live slots of ``profiles`` (ascending, with their product fit ``fit``, all in
        [``low``, ``high``)) and of the slots moved since the last grouping whose profile's fit
        (``fit_of``) is in that range; each slot's fit and its ``hot`` record. The caller
        picks ``profiles`` from the few that fit at all, not from every profile.
        ``n_profiles``: how many profiles there are (when the slots are grouped again)."""
        if len(self.moved) > max(256, self.n_slots // 64):
            self.rebuild_lists(n_profiles)
        listed_profiles = len(self.list_start) - 1
        if len(profiles) and profiles[-1] >= listed_profiles:
            kept = profiles < listed_profiles
            profiles, fit = profiles[kept], fit[kept]
        starts = self.list_start[profiles]
        lengths = self.list_start[profiles + 1] - starts
        total = int(lengths.sum())
        if len(profiles) == 1:
            slots = self.list_slots[int(starts[0]) : int(starts[0]) + total]
            slot_fit = np.full(total, fit[0])
        else:
            offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            slots = self.list_slots[offsets + np.arange(total)]
            slot_fit = np.repeat(fit, lengths)
        hot = self.hot[slots]
        listed = hot["listed"]
        if not listed.all():  # slots moved since the grouping are taken below
            slots, slot_fit, hot = slots[listed], slot_fit[listed], hot[listed]
        if self.moved:
            moved = self.moved_slots
            if moved is None:
                moved = self.moved_slots = np.fromiter(self.moved, dtype=np.int64)
            moved_fit = fit_of(self.profile[moved].astype(np.int64))
            in_range = (moved_fit >= low) & (moved_fit < high)
            chosen = moved[in_range]
            slots = np.concatenate([slots, chosen])
            slot_fit = np.concatenate([slot_fit, moved_fit[in_range]])
            hot = np.concatenate([hot, self.hot[chosen]])
        return slots, slot_fit, hot

    def window(
        self, slots: I64, window: range, *, with_rules: bool = True, available: bool = True
    ) -> tuple[F64, U8]:
        """Capacity (kg of whole grams, estimates filled in) and rule codes for ``slots`` x
        window months (rule codes only when ``with_rules``: scoring needs the kg, flags need
        the rules). ``available``: minus what deals committed (never below 0); otherwise
        the reported or estimated figures themselves."""
        n_rows, width = len(slots), len(window)
        capacity = np.zeros((n_rows, width), dtype=np.float64)
        rule = np.full((n_rows if with_rules else 0, width), RULE_NO_DATA, dtype=np.uint8)
        first, stop = self.month0, self.month0 + self.n_months
        start, end = max(window.start, first), min(window.stop, stop)
        if start < end:
            inside = slice(start - window.start, end - window.start)
            stored = slice(start - first, end - first)
            capacity[:, inside] = self.estimated[slots, stored]
            if with_rules:
                rule[:, inside] = self.rule[slots, stored]
        beyond = range(max(window.start, stop), window.stop)
        if len(beyond):
            tail, tail_rule = self.tail_mean[slots], self.tail_rule[slots]
            for month in beyond:
                column, year_ago = month - window.start, month - 12 - first
                if 0 <= year_ago < self.n_months:
                    has = self.rule[slots, year_ago] == RULE_REPORTED
                    capacity[:, column] = np.where(has, self.estimated[slots, year_ago], tail)
                    if with_rules:
                        rule[:, column] = np.where(has, RULE_YEAR_AGO, tail_rule)
                else:
                    capacity[:, column] = tail
                    if with_rules:
                        rule[:, column] = tail_rule
        if self.n_committed:
            self._committed_window(capacity, slots, window, available)
        return capacity, rule

    def _committed_window(self, capacity: F64, slots: I64, window: range, available: bool) -> None:
        """``available``: take what deals committed off ``capacity`` (the window's figures of
        ``slots``), never below 0, in whole grams. Otherwise the figures stay as they are
        (reported or estimated, before commitments)."""
        if not available:
            return
        first, stop = self.committed_month0, self.committed_month0 + self.committed_n_months
        start, end = max(window.start, first), min(window.stop, stop)
        if start >= end:
            return
        rows = self.committed_row[slots]
        hit = np.flatnonzero(rows >= 0)
        if not hit.size:
            return
        inside = slice(start - window.start, end - window.start)
        committed = self.committed[rows[hit], start - first : end - first]
        capacity[hit, inside] = whole_grams(np.maximum(capacity[hit, inside] - committed, 0.0))

    def committed_in(self, slot: int, window: range) -> list[float] | None:
        """kg committed to deals in each ``window`` month for the slot (None: nothing at all)."""
        row = int(self.committed_row[slot])
        if row < 0:
            return None
        first = self.committed_month0
        return [
            float(self.committed[row, month - first])
            if 0 <= month - first < self.committed_n_months
            else 0.0
            for month in window
        ]
