"""CSV that a spreadsheet opens without running formulas from the data (OWASP, CSV injection).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
for a formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` in a product name).
Such cells get a leading ``'``, which the spreadsheet shows as text and hides; the csv module
quotes cells as needed. Numbers are written as they are, so -12 stays a number.
"""

import csv
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["FORMULA_STARTS", "escape_cell", "writer"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


def escape_cell(value: object) -> object:
    """`value`, with a ``'`` in front if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose rows are escaped cell by cell."""

    def __init__(self, inner: _RowWriter) -> None:
        self._inner = inner

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._inner.writerow([escape_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **options: Any) -> SafeWriter:
    """Like ``csv.writer(out, **options)``, with every text cell escaped."""
    return SafeWriter(csv.writer(out, **options))
