"""Months in the service: a month is the ``date`` of its first day. The one home of month
arithmetic, labels and names in app/; it stands on ``matching.months``, where a month is the
integer ``year * 12 + month - 1``.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from matching import month_index, month_of
from matching import month_label as index_label

__all__ = [
    "MONTH_NAMES",
    "add_months",
    "first_of",
    "from_label",
    "month_label",
    "month_name",
    "month_range",
    "months_between",
    "months_text",
    "parse_month",
]

# Short month names as users read them, per language ("Mei 2027", "May 2027").
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def first_of(day: date) -> date:
    """The month `day` falls in."""
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The month `count` months after (before, when negative) the month of `month`."""
    return _from_index(month_of(month) + count)


def months_between(earlier: date, later: date) -> int:
    """Calendar months from the month of `earlier` to the month of `later` (days ignored)."""
    return month_of(later) - month_of(earlier)


def month_range(first: date, last: date) -> list[date]:
    """The months from `first` to `last`, both included (empty when `last` is before)."""
    return [_from_index(i) for i in range(month_of(first), month_of(last) + 1)]


def month_label(month: date) -> str:
    """``"YYYY-MM"``."""
    return index_label(month_of(month))


def from_label(label: str) -> date:
    """The month of a ``"YYYY-MM"`` label the service wrote itself (ValueError otherwise)."""
    year, month = label.split("-")
    return _from_index(month_index(int(year), int(month)))


def parse_month(value: Any) -> date:
    """A month a client sent: a date (its month) or ``"YYYY-MM"`` with a year in 2000..2099;
    ValueError with a message for the client otherwise."""
    if isinstance(value, date):
        return value.replace(day=1)
    if not isinstance(value, str) or len(value) != 7 or value[4] != "-":
        raise ValueError("must be a month written YYYY-MM, e.g. 2027-01")
    year, month = value[:4], value[5:]
    if not (year.isdigit() and month.isdigit()) or not 1 <= int(month) <= 12:
        raise ValueError("must be a month written YYYY-MM, e.g. 2027-01")
    if not 2000 <= int(year) <= 2099:
        raise ValueError("year must be between 2000 and 2099")
    return date(int(year), int(month), 1)


def month_name(month: date, lang: str) -> str:
    """``"Mei 2027"`` (id) or ``"May 2027"`` (en)."""
    names = MONTH_NAMES["id" if lang == "id" else "en"]
    return f"{names[month.month - 1]} {month.year}"


def months_text(months: Sequence[date], lang: str) -> str:
    """Consecutive months as a range (``"Mei 2027–Jul 2027"``), others as a list."""
    if len(months) > 1 and all(
        add_months(a, 1) == b for a, b in zip(months, months[1:], strict=False)
    ):
        return f"{month_name(months[0], lang)}–{month_name(months[-1], lang)}"
    return ", ".join(month_name(m, lang) for m in months)
