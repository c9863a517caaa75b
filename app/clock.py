"""The one place that says what day it is for the service: the UTC date.

Everything that compares with "today" (the supply index, readiness, certificate expiry,
the supply-gap report's default months, the demo loader) reads ``today()``; tests pin it with
``fixed(day)`` instead of patching several modules.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

__all__ = ["fixed", "today"]


def _utc_today() -> date:
    return datetime.now(UTC).date()


_source: Callable[[], date] = _utc_today


def today() -> date:
    """Today's date in UTC (or the day ``fixed`` pins)."""
    return _source()


@contextmanager
def fixed(day: date) -> Iterator[None]:
    """Make ``today()`` answer `day` inside the block (for tests and reproducible runs)."""
    global _source
    previous = _source
    _source = lambda: day  # noqa: E731
    try:
        yield
    finally:
        _source = previous
