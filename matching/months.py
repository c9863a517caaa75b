"""Month arithmetic: a month is the integer ``year * 12 + (month - 1)``."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

__all__ = ["month_end", "month_index", "month_label", "month_of", "parse_month"]


def month_index(year: int, month: int) -> int:
    """Month index of ``year``-``month`` (month 1..12); consecutive months differ by 1."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return year * 12 + (month - 1)


@lru_cache(maxsize=8192)
def month_label(m: int) -> str:
    """``"YYYY-MM"`` for month index ``m``."""
    year, month0 = divmod(m, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def parse_month(label: str) -> int:
    """Month index of a ``"YYYY-MM"`` label; raises ValueError on anything else."""
    parts = label.strip().split("-")
    if len(parts) != 2 or not (parts[0].isdigit() and parts[1].isdigit()) or len(parts[0]) != 4:
        raise ValueError(f"expected YYYY-MM, got {label!r}")
    return month_index(int(parts[0]), int(parts[1]))


def month_of(day: date) -> int:
    """Month index of the month containing ``day``."""
    return month_index(day.year, day.month)


def month_end(m: int) -> date:
    """Last calendar day of month index ``m``."""
    year, month0 = divmod(m, 12)
    return date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1])
