"""Spreadsheets as offices keep them: read XLSX (python-calamine) and CSV (stdlib `csv`),
write XLSX (XlsxWriter) and CSV, and read cells written the Indonesian way: numbers
"1.500" and "2,5", phones "0812…", dates "31/12/2026", yes/no as "ya"/"tidak".

Every cell parser raises `CellError` with the reason in Indonesian and in English.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import phonenumbers
import xlsxwriter
from python_calamine import CalamineWorkbook

from app import csvsafe

__all__ = [
    "CellError",
    "Table",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_phone",
    "read_table",
    "write_csv",
    "write_xlsx",
]

FORMATS = ("xlsx", "csv")


class CellError(ValueError):
    """A cell that cannot be read: the reason in Indonesian (`id`) and English (`en`)."""

    def __init__(self, id: str, en: str) -> None:
        super().__init__(en)
        self.id = id
        self.en = en


class FileError(CellError):
    """The file itself cannot be read as a table."""


@dataclass(frozen=True, slots=True)
class Table:
    """The header row and the data rows, each with its spreadsheet row number (1-based, the
    header is row 1 unless blank rows come before it)."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _table(raw: Iterable[Sequence[Any]]) -> Table:
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(raw, start=1):
        if all(_blank(cell) for cell in row):
            continue
        if headers is None:
            headers = [str(cell).strip() if not _blank(cell) else "" for cell in row]
            continue
        rows.append((number, list(row)))
    if headers is None:
        raise FileError("berkas kosong: tidak ada baris judul", "the file is empty: no header row")
    return Table(headers=headers, rows=rows)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("berkas CSV bukan teks UTF-8", "the CSV file is not UTF-8 text")


def read_table(filename: str, data: bytes) -> Table:
    """The first sheet of an .xlsx file, or a .csv file (comma, semicolon or tab separated)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        text = _decode(data)
        first_line = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first_line.count)
        return _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if suffix == "xlsx":
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = workbook.get_sheet_by_index(0)
            raw = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for a broken file
            raise FileError(
                f"berkas XLSX tidak dapat dibaca ({exc})", f"the XLSX file cannot be read ({exc})"
            ) from None
        return _table(raw)
    raise FileError(
        f"jenis berkas '{filename}' tidak didukung: kirim .xlsx atau .csv",
        f"file type of '{filename}' is not supported: send .xlsx or .csv",
    )


def text(value: Any) -> str | None:
    """A cell as trimmed text (None when blank); whole floats lose their ".0"."""
    if value is None:
        return None
    if type(value) is str:  # the common case first: this runs for every cell
        cell = value.strip()
        if not cell:
            return None
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    elif isinstance(value, datetime):
        return value.date().isoformat()
    else:
        cell = str(value).strip()
    if cell[0] == "'" and cell[1:2] in csvsafe.FORMULA_STARTS:
        cell = cell[1:]  # the quote our CSV export puts before "+62…" (app.csvsafe)
    return cell


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_decimal(value: Any) -> Decimal:
    """A number as Indonesians write it: "1.500" is fifteen hundred, "2,5" two and a half,
    "1.500,75" both; plain "2.5" is also two and a half. Spreadsheet numbers pass as they are."""
    if isinstance(value, bool):
        raise CellError("bukan angka", "is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = str(value).strip().replace(" ", "").replace("\u00a0", "")
    cleaned = raw
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):  # 1.500,75
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:  # 1,500.75
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")  # 2,5
    elif _THOUSANDS_DOT.match(cleaned):
        cleaned = cleaned.replace(".", "")  # 1.500
    if not _NUMBER.match(cleaned):
        raise CellError(f"'{raw}' bukan angka", f"'{raw}' is not a number")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise CellError(f"'{raw}' bukan angka", f"'{raw}' is not a number") from None


@cache
def _id_mobile() -> tuple["re.Pattern[str]", frozenset[int]]:
    """Indonesian mobile numbers as libphonenumber's own metadata describes them (a pattern
    that matches nothing if the metadata had none: every number then takes the full parse)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("ID")
    mobile = metadata.mobile if metadata is not None else None
    if mobile is None or mobile.national_number_pattern is None:
        return re.compile(r"(?!)"), frozenset()
    return re.compile(mobile.national_number_pattern), frozenset(mobile.possible_length or ())


_NATIONAL_MOBILE = re.compile(r"(?:\+62|62|0)?(8\d{7,12})")


def parse_phone(value: Any) -> str:
    """A phone number in national ("0812…") or international ("+62 812…") form, as E.164.

    Indonesian mobiles (most of a register) are checked against libphonenumber's pattern
    for them directly, about 30x faster than a full parse; anything else gets the full parse."""
    raw = text(value) or ""
    compact = re.sub(r"[\s\-().]", "", raw)
    if (match := _NATIONAL_MOBILE.fullmatch(compact)) is not None:
        national = match.group(1)
        pattern, lengths = _id_mobile()
        if len(national) in lengths and pattern.fullmatch(national):
            return "+62" + national
    if re.fullmatch(r"8\d{8,12}", raw):  # a spreadsheet ate the leading zero of 0812…
        raw = "0" + raw
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise CellError(f"'{raw}' bukan nomor telepon", f"'{raw}' is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise CellError(
            f"'{raw}' bukan nomor telepon yang sah", f"'{raw}' is not a valid phone number"
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: Any) -> date:
    """A date cell, "2026-12-31" or day first: "31/12/2026", "31-12-2026"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value) or ""
    try:
        if match := _DAY_FIRST.match(raw):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(raw)
    except ValueError:
        raise CellError(
            f"'{raw}' bukan tanggal (tulis 31/12/2026 atau 2026-12-31)",
            f"'{raw}' is not a date (write 31/12/2026 or 2026-12-31)",
        ) from None


_YES = {"ya", "y", "yes", "true", "1", "sudah", "pernah"}
_NO = {"tidak", "t", "no", "n", "false", "0", "belum", "tidak pernah"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = (text(value) or "").lower()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError(f"'{raw}' bukan ya/tidak", f"'{raw}' is not yes/no (ya/tidak)")


def _csv_cell(value: Any) -> Any:
    """Numbers the Indonesian way, so they read back the same: 1500 and 2,5 (never "1.500",
    which an import reads as fifteen hundred)."""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            return str(int(value))
        return format(value, "f").replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads the accents), formulas escaped."""
    out = io.StringIO(newline="")
    writer = csvsafe.writer(out)
    writer.writerow(headers)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> bytes:
    """One sheet, bold header row frozen; text cells are written as text (never formulas)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    worksheet.write_row(0, 0, list(headers), bold)
    worksheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, date):
                worksheet.write_datetime(number, column, value, day)
            elif isinstance(value, Decimal):
                worksheet.write_number(number, column, float(value))
            elif isinstance(value, str):
                worksheet.write_string(number, column, value)
            else:
                worksheet.write(number, column, value)
    worksheet.set_column(0, max(len(headers) - 1, 0), 18)
    workbook.close()
    return out.getvalue()


def iter_rows(table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {header: cell}) for every data row."""
    for number, row in table.rows:
        yield number, {h: row[i] if i < len(row) else None for i, h in enumerate(table.headers)}
