"""Components, total score and explanation (month rows and flags) of candidate products.

Total score (0..100): the weighted mean of the five components (``ScoreWeights``) is placed in
the band of the product's fit tier: fit >= 0.75 (same product) -> 60..100, fit >= 0.5
(related) -> 30..59.9, lower -> 0..29.9. So capacity, certificates and freshness order products
within a tier and never lift a product of another kind above one of the right kind (same
concepts give fit >= 0.75; different concepts give fit <= 0.45). Ties: score (1 decimal) desc,
then product_id asc.

Scoring is vectorised over all candidates of a tier; the explanation is plain Python and only
runs for the matches returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from . import flags as flag_builders
from .months import month_end, month_of
from .product_fit import RELATED_FIT, SAME_KIND_FIT
from .records import Demand, Flag, MonthSupply, ScoreWeights
from .slots import NEVER, NOT_HELD, SupplySlots, whole_grams

__all__ = [
    "MatchToExplain",
    "QueryTerms",
    "QuotaFigures",
    "Scored",
    "explain",
    "freshness",
    "quota_figures",
    "quota_kg",
    "score_slots",
]

#: Score band (low end, width) of the weak, related and same-product tiers.
_BAND_LOW = np.array([0.0, 30.0, 60.0])
_BAND_WIDTH = np.array([29.9, 29.9, 40.0])

_RULE_NAMES: tuple[str | None, ...] = (None, *flag_builders.ESTIMATE_RULE_NAMES[1:])

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Scored:
    """Per candidate slot: the five components (0..1), months since the last capacity update
    (and whether it never was), the total score (0..100, 1 decimal) and the window's capacity
    (kg per month, estimates filled in)."""

    fit: F64
    coverage: F64
    continuity: F64
    certification: F64
    freshness: F64
    months_since: I64
    never: B
    score: F64
    capacity: F64


#: A tier of more candidates than this is scored in two steps when only its best are wanted.
BOUND_FROM = 2048
#: How many of the best bounds the first step scores: per match wanted, and at least.
PROBE_PER_MATCH = 8
PROBE_MIN = 256


def score_slots(
    supply: SupplySlots,
    slots: I64,
    fit: F64,
    *,
    demand: Demand,
    window: range,
    today: date,
    weights: ScoreWeights,
    stale_after_months: int,
    best: int | None = None,
    min_score: float = 0.0,
    hot: npt.NDArray[np.void] | None = None,
) -> tuple[I64, Scored]:
    """Components and total score (vectorised) for candidate ``slots`` of product fit ``fit``
    over the ``window`` months: the slots scored and their :class:`Scored`.

    ``best`` None: every slot is scored. Otherwise only the slots that could be among the
    ``best`` highest scores at or above ``min_score`` are, so that the ones returned hold
    every slot scoring at least the ``best``-th highest score (ties included), or, when
    fewer than ``best`` reach ``min_score``, every slot that does. Fit, certificates and
    freshness are computed for every slot; coverage and continuity, which read the window's
    capacity, are bounded by the slot's ``peak`` (the most kg any month of it can show), and
    the capacity is read for the slots of the highest bounds first, then for those whose
    bound reaches the ``best``-th score found. The scores are the same figures, bit for bit.
    ``hot``: the slots' records of :attr:`SupplySlots.hot`, when the caller has them.
    """
    if hot is None:
        hot = supply.hot[slots]
    quota = quota_kg(demand)
    convertible = hot["convertible"]
    required = list(dict.fromkeys(demand.required_certifications))
    if required:
        window_end = month_end(window[-1]).toordinal()
        held = np.zeros(len(slots), dtype=np.int64)
        for cert_type in required:  # a column at a time: one gather each, no 2-D indexing
            column = supply.cert_types.get(cert_type)
            if column is not None:
                held += supply.cert_expiry[:, column][slots] >= window_end
        certification = held / len(required)
    else:
        certification = np.ones(len(slots))
    updated = hot["updated_month"]
    months_since = month_of(today) - updated.astype(np.int64)
    never = updated == NEVER
    fresh = freshness(months_since, never, stale_after_months)
    weight = np.asarray(weights.as_tuple(), dtype=np.float64)
    tier = (fit >= RELATED_FIT).astype(np.int64) + (fit >= SAME_KIND_FIT)
    components = (fit, certification, fresh, months_since, never, tier, convertible)
    if best is None or len(slots) <= max(BOUND_FROM, PROBE_PER_MATCH * best):
        return slots, _scored(supply, slots, components, window, quota, weight)
    if quota is None:
        coverage_bound = continuity_bound = np.zeros(len(slots))
    else:
        peak = hot["peak"]
        coverage_bound = np.minimum(peak / quota, 1.0) * convertible
        continuity_bound = ((peak >= quota) & convertible).astype(np.float64)
    # a hair above the weighted mean: the mean of a row can round above its largest term
    bound = _total(weight, tier, fit, coverage_bound, continuity_bound, certification, fresh,
                   margin=1e-9)  # fmt: skip
    hopeful = np.flatnonzero(bound >= min_score)
    probe = max(PROBE_MIN, PROBE_PER_MATCH * best)
    if len(hopeful) <= probe:
        return slots[hopeful], _scored(supply, slots, components, window, quota, weight, hopeful)
    chosen = np.zeros(len(slots), dtype=np.bool_)
    first = hopeful[np.argpartition(-bound[hopeful], probe - 1)[:probe]]
    chosen[first] = True
    first_scored = _scored(supply, slots, components, window, quota, weight, first)
    reaching = first_scored.score[first_scored.score >= min_score]
    if len(reaching) >= best:
        # every slot scoring at least the best-th score found has a bound at least as high
        threshold = -np.partition(-reaching, best - 1)[best - 1]
        hopeful = hopeful[bound[hopeful] >= threshold]
    rest = hopeful[~chosen[hopeful]]
    if not len(rest):
        return slots[first], first_scored
    rest_scored = _scored(supply, slots, components, window, quota, weight, rest)
    return np.concatenate([slots[first], slots[rest]]), Scored(
        *(
            np.concatenate([getattr(first_scored, field), getattr(rest_scored, field)])
            for field in Scored.__slots__
        )
    )


def _scored(
    supply: SupplySlots,
    slots: I64,
    components: tuple[F64, F64, F64, I64, B, I64, B],
    window: range,
    quota: float | None,
    weight: F64,
    rows: I64 | None = None,
) -> Scored:
    """The :class:`Scored` of ``slots`` (of ``rows`` of them only, when given), from the
    components that do not read capacity (``fit``, ``certification``, ``fresh``,
    ``months_since``, ``never``, ``tier``, ``convertible``) and the window's capacity."""
    if rows is not None:
        slots = slots[rows]
        components = tuple(column[rows] for column in components)  # type: ignore[assignment]
    fit, certification, fresh, months_since, never, tier, convertible = components
    capacity, _ = supply.window(slots, window, with_rules=False)
    if quota is None:
        coverage, continuity = np.zeros(len(slots)), np.zeros(len(slots))
    else:
        coverage = np.minimum(capacity / quota, 1.0).mean(axis=1) * convertible
        continuity = (capacity >= quota).mean(axis=1) * convertible
    score = _total(weight, tier, fit, coverage, continuity, certification, fresh)
    return Scored(
        fit, coverage, continuity, certification, fresh, months_since, never, score, capacity
    )


def _total(
    weight: F64,
    tier: I64,
    fit: F64,
    coverage: F64,
    continuity: F64,
    certification: F64,
    fresh: F64,
    *,
    margin: float = 0.0,
) -> F64:
    """Total score 0..100 (1 decimal) in the band of each row's fit ``tier``."""
    weighted = (
        weight[0] * fit + weight[1] * coverage + weight[2] * continuity
        + weight[3] * certification + weight[4] * fresh
    ) / weight.sum()  # fmt: skip
    score: F64 = np.round(_BAND_LOW[tier] + _BAND_WIDTH[tier] * (weighted + margin), 1)
    return score


def quota_kg(demand: Demand) -> float | None:
    """The demand's monthly quota in kg of whole grams, as capacity is held (see
    :func:`~matching.slots.whole_grams`), so comparisons with it are exact; None when it has
    no kg figure."""
    quota = demand.monthly_quota_kg
    return None if quota is None else float(whole_grams(quota))


def freshness(months_since: I64, never: B, stale_after_months: int) -> F64:
    """1 within ``stale_after_months``; linear to 0 at 12 months (or stale+1); never -> 0."""
    stale = stale_after_months
    horizon = max(12, stale + 1)
    decay = np.clip((horizon - months_since) / (horizon - stale), 0.0, 1.0)
    return np.where(never, 0.0, np.where(months_since <= stale, 1.0, decay))


# Not frozen: one is built per returned match, and a frozen dataclass takes three times as
# long to build.
@dataclass(slots=True)
class QueryTerms:
    """What every match returned by one query is explained against."""

    #: the demand's months and their labels ("Jan 2025")
    window: range
    labels: list[str]
    #: kg per month in whole grams (None: not convertible to kg)
    quota: float | None
    #: certificate types asked for, each once
    required: list[str]
    #: day ordinals of today and of the window's last day
    today: int
    window_end: int
    stale_after_months: int


@dataclass(slots=True)
class MatchToExplain:
    """One returned match: its slot, the window's capacity (kg of whole grams, exact; and as
    shown, 0.1 kg) and how each month's figure was got (estimate rule codes), months since
    its capacity was updated (None: never), and the query's terms."""

    slot: int
    kg: list[float]
    shown: list[float]
    rule_codes: list[int]
    months_since_update: int | None
    terms: QueryTerms


@dataclass(frozen=True, slots=True)
class QuotaFigures:
    """Per returned match (rows) x window month: capacity as shown (0.1 kg), the shortfall
    as shown (:func:`~matching.flags.shown_kg`), whether the month meets the quota, and per
    match whether the window's total is short of the quota's; compared in whole grams."""

    shown: F64
    shortfall: F64
    meets: B
    short_total: B


def quota_figures(capacity: F64, quota: float | None) -> QuotaFigures:
    """:class:`QuotaFigures` of ``capacity`` (matches x months, kg of whole grams) against
    ``quota`` (kg of whole grams; None: no kg figure, then nothing meets and nothing is
    short), in bulk: the returned matches' figures in a few array operations."""
    shown = np.round(capacity, 1)
    if quota is None:
        empty = np.zeros(capacity.shape, dtype=np.bool_)
        return QuotaFigures(shown, np.zeros(capacity.shape), empty, empty[:, 0])
    gap = np.maximum(quota - capacity, 0.0)
    tenths = np.round(gap, 1)
    shortfall = np.where((tenths == 0) & (gap > 0), np.round(gap, 3), tenths)
    grams = np.rint(capacity * 1000.0).sum(axis=1)
    short_total = grams < np.rint(quota * 1000.0) * capacity.shape[1]
    return QuotaFigures(shown, shortfall, capacity >= quota, short_total)


def explain(
    supply: SupplySlots, match: MatchToExplain, *, shortfall: list[float], short_total: bool
) -> tuple[list[MonthSupply], list[Flag]]:
    """Month rows and flags for one returned match (``shortfall``, ``short_total``: its row
    of :class:`QuotaFigures`).

    Capacity and quota are kg of whole grams, so the month tests and the shortfall test
    compare exact gram counts: a capacity equal to the quota is never short; figures are
    rounded only for display."""
    terms, slot, kg = match.terms, match.slot, match.kg
    quota = terms.quota
    convertible = bool(supply.convertible[slot])
    rules = [_RULE_NAMES[code] for code in match.rule_codes]
    committed = supply.committed_in(slot, terms.window)
    if quota is not None and convertible:
        month_rows = [
            MonthSupply(label, value, rule is not None, short, rule)
            for label, value, rule, short in zip(
                terms.labels, match.shown, rules, shortfall, strict=True
            )
        ]
    else:
        month_rows = [
            MonthSupply(label, value if convertible else None, rule is not None, None, rule)
            for label, value, rule in zip(terms.labels, match.shown, rules, strict=True)
        ]
    if committed is not None:
        month_rows = [
            row._replace(committed_kg=flag_builders.shown_kg(kg_committed)) if kg_committed else row
            for row, kg_committed in zip(month_rows, committed, strict=True)
        ]
    found: list[Flag] = []
    if quota is None:
        found.append(flag_builders.unit_not_convertible("demand"))
    elif not convertible:
        found.append(flag_builders.unit_not_convertible("product"))
    else:
        if short_total:  # the gram total of the window is under the quota's
            found.append(flag_builders.capacity_shortfall(sum(kg) / len(kg), quota))
        gaps = [
            (month, value) for month, value in zip(terms.window, kg, strict=True) if value < quota
        ]
        if gaps:
            found.append(flag_builders.continuity_gap(gaps, quota, len(terms.window)))
    if terms.required:
        missing: list[str] = []
        expired: list[tuple[str, date]] = []
        expiring: list[tuple[str, date]] = []
        for cert_type in terms.required:
            column = supply.cert_types.get(cert_type)
            expires = NOT_HELD if column is None else int(supply.cert_expiry[slot, column])
            if expires < terms.today:
                missing.append(cert_type)
                if expires != NOT_HELD:
                    expired.append((cert_type, date.fromordinal(expires)))
            elif expires < terms.window_end:
                expiring.append((cert_type, date.fromordinal(expires)))
        if missing:
            found.append(flag_builders.missing_certification(missing, expired))
        for cert_type, expires_on in expiring:
            found.append(
                flag_builders.expiring_certification(cert_type, expires_on, terms.window[-1])
            )
    months_since_update = match.months_since_update
    if months_since_update is None or months_since_update > terms.stale_after_months:
        updated = int(supply.updated_on[slot])
        found.append(
            flag_builders.stale_capacity(
                None if updated == NEVER else date.fromordinal(updated),
                months_since_update,
                terms.stale_after_months,
            )
        )
    if convertible:
        estimated = [
            (month, rule_name, value)
            for month, rule_name, value in zip(terms.window, rules, match.shown, strict=True)
            if rule_name is not None
        ]
        if estimated:
            found.append(flag_builders.estimated_months(estimated))
    if committed is not None and any(committed):
        # what was there before the deals: available + committed (both whole grams), unless
        # the deals took it all (then it is read again)
        if all(available > 0 for available, held in zip(kg, committed, strict=True) if held):
            gross = [
                round((a + held) * 1000.0) / 1000.0 for a, held in zip(kg, committed, strict=True)
            ]
        else:
            gross = supply.window(
                np.array([slot], dtype=np.int64), terms.window, with_rules=False, available=False
            )[0][0].tolist()
        rows: list[tuple[int, float | None, float, float | None]] = [
            (month, total, held, available)
            for month, total, held, available in zip(
                terms.window, gross, committed, kg, strict=True
            )
            if held
        ]
        if not convertible:  # the capacity has no kg figure: only what was committed
            rows = [(month, None, held, None) for month, _, held, _ in rows]
        found.append(flag_builders.committed_capacity(rows))
    return month_rows, found
