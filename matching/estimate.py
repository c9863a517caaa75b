"""Estimating capacity for months with no reported figure.

Rule, for a month with no figure (reported figures are never replaced):

1. the figure reported for the same month one year earlier, if there is one (``year_ago``);
2. else the mean of the most recent reported figures before that month, up to 3 of them
   (``recent_mean``);
3. else 0 kg (``no_data``).

A mean is rounded to whole grams, as the index holds every figure (exact quota arithmetic).

Estimates are never used to estimate other months: only reported figures count. The index
precomputes these for every stored month (they do not depend on the query); months after the
last stored one use the same rule (their "recent" figures are the product's last 3 reports).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "RULE_NO_DATA",
    "RULE_RECENT_MEAN",
    "RULE_REPORTED",
    "RULE_YEAR_AGO",
    "estimate_matrix",
    "estimate_row",
]

RULE_REPORTED = 0
RULE_YEAR_AGO = 1
RULE_RECENT_MEAN = 2
RULE_NO_DATA = 3

#: a capacity matrix: float64 in the index (kg of whole grams), float32 accepted too
Floats = npt.NDArray[np.floating[Any]]
U8 = npt.NDArray[np.uint8]


_BLOCK = 8192  # rows per block: a block's months stay in the CPU cache


def estimate_matrix(capacity: Floats) -> tuple[Floats, U8, Floats, U8]:
    """Vectorised over products (rows); ``capacity`` is products x months, kg, NaN = no report.

    Returns (capacity with estimates filled in, rule code per cell, mean of the last up-to-3
    reports per product in kg, rule code for months after the last column).
    """
    rows, months = capacity.shape
    filled = np.empty_like(capacity)
    rule = np.empty((rows, months), dtype=np.uint8)
    tail = np.empty(rows, dtype=capacity.dtype)
    tail_rule = np.empty(rows, dtype=np.uint8)
    for start in range(0, rows, _BLOCK):
        block = slice(start, min(start + _BLOCK, rows))
        filled[block], rule[block], tail[block], tail_rule[block] = _estimate_block(capacity[block])
    return filled, rule, tail, tail_rule


def _estimate_block(capacity: Floats) -> tuple[Floats, U8, Floats, U8]:
    rows, months = capacity.shape
    filled = np.empty_like(capacity)
    rule = np.empty((rows, months), dtype=np.uint8)
    # the three most recent reports (0 while there are fewer), newest first
    last0 = np.zeros(rows, dtype=np.float64)
    last1 = np.zeros(rows, dtype=np.float64)
    last2 = np.zeros(rows, dtype=np.float64)
    count = np.zeros(rows, dtype=np.int64)
    reported_cells = ~np.isnan(capacity)
    for t in range(months):
        column = capacity[:, t]
        reported = reported_cells[:, t]
        n = np.minimum(count, 3)
        recent = np.rint((last0 + last1 + last2) / np.maximum(n, 1) * 1000.0) / 1000.0
        estimate_rule = np.where(n > 0, RULE_RECENT_MEAN, RULE_NO_DATA)
        estimate = recent
        if t >= 12:
            has_year_ago = reported_cells[:, t - 12]
            estimate = np.where(has_year_ago, capacity[:, t - 12], recent)
            estimate_rule = np.where(has_year_ago, RULE_YEAR_AGO, estimate_rule)
        filled[:, t] = np.where(reported, column, estimate)
        rule[:, t] = np.where(reported, RULE_REPORTED, estimate_rule)
        last2 = np.where(reported, last1, last2)
        last1 = np.where(reported, last0, last1)
        last0 = np.where(reported, column, last0)
        count += reported
    n = np.minimum(count, 3)
    tail = (np.rint((last0 + last1 + last2) / np.maximum(n, 1) * 1000.0) / 1000.0).astype(
        capacity.dtype
    )
    tail_rule = np.where(n > 0, RULE_RECENT_MEAN, RULE_NO_DATA).astype(np.uint8)
    return filled, rule, tail, tail_rule


def _grams(kg: float) -> float:
    """``kg`` rounded to whole grams (as :func:`matching.slots.whole_grams` rounds)."""
    return round(kg * 1000.0) / 1000.0


def estimate_row(
    capacity: Sequence[float],
) -> tuple[list[float], list[int], float, int]:
    """The same rule for one product in plain Python (a cheap upsert); NaN = no report.
    Means of recent reports are rounded to whole grams, as the index holds every figure."""
    filled: list[float] = []
    rule: list[int] = []
    recent: list[float] = []  # reported figures so far, oldest first
    for t, value in enumerate(capacity):
        if not math.isnan(value):
            filled.append(value)
            rule.append(RULE_REPORTED)
            recent.append(value)
            continue
        year_ago = capacity[t - 12] if t >= 12 else math.nan
        if not math.isnan(year_ago):
            filled.append(year_ago)
            rule.append(RULE_YEAR_AGO)
        elif recent:
            filled.append(_grams(sum(recent[-3:]) / len(recent[-3:])))
            rule.append(RULE_RECENT_MEAN)
        else:
            filled.append(0.0)
            rule.append(RULE_NO_DATA)
    if recent:
        return filled, rule, _grams(sum(recent[-3:]) / len(recent[-3:])), RULE_RECENT_MEAN
    return filled, rule, 0.0, RULE_NO_DATA
