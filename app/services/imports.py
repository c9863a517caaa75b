"""Spreadsheet imports and exports of an office's register: UMKM, products, capacity and
certificates.

An import reads the whole file, decides for every row whether it is `new`, an `update`,
`unchanged` or `invalid` (with the row number, column and reason in Indonesian and English),
and — unless it is a dry run, and only when no row is invalid — writes the rows through the
same service functions as the API (audit trail, capacity revisions, supply stamps), in the
request's one transaction. A row finds its UMKM by NIB, else by the office's register code,
else by name + regency, so importing the same file twice changes nothing the second time.
A blank cell never erases what is stored.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import reference, schemas
from app.errors import NotFound, Unprocessable
from app.importing import COLUMNS, ImportKind, aliases, header_key, month_of_header
from app.importing import unit_of_header as header_unit
from app.models import Capacity, Certificate, ImportJob, Product, Umkm
from app.months import month_label
from app.principal import Principal
from app.regions import regency_from_text
from app.services import capacity as capacity_service
from app.services import certificates as certificate_service
from app.services import products as product_service
from app.services import umkm as umkm_service
from app.services.offices import owner_office
from app.spreadsheets import (
    CellError,
    FileError,
    Table,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_phone,
    read_table,
    text,
    write_csv,
    write_xlsx,
)
from app.units import THOUSANDTH, UnitError, is_counted, normalise_unit, to_grams
from matching.certificates import CERTIFICATE_TYPES, certificate_code

# (phase "checking" | "writing", done, total): for a progress bar
Progress = Callable[[str, int, int], None]
MAX_ERRORS_SHOWN = 1000  # invalid rows listed in the 422 answer (all are in the job)
WRITE_CHUNK = 1000  # products locked, read and flushed together by a capacity import
INSERT_PAGE_PG = 12


class RowInvalid(Exception):
    def __init__(self, column: str, id: str, en: str) -> None:
        super().__init__(en)
        self.column, self.id, self.en = column, id, en


@dataclass(slots=True)
class RowPlan:
    row: int
    status: str = "unchanged"  # new | update | unchanged | invalid
    key: str = ""
    errors: list[dict[str, str]] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    apply: Callable[[], None] | None = None

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "status": self.status, "key": self.key}
        if self.errors:
            out["errors"] = self.errors
        if self.changes and self.status == "update":
            out["changes"] = sorted(self.changes)
        return out


@dataclass(slots=True)
class Sheet:
    """The rows of a file with its headers mapped to column keys."""

    headers: dict[str, str]  # column key -> header as written in the file
    rows: list[tuple[int, dict[str, Any]]]  # (row number, {column key: cell})
    month_columns: dict[str, date] = field(default_factory=dict)  # header -> month
    quantity_unit: str | None = None  # from a "Kapasitas (kg/bulan)" header

    def header(self, key: str) -> str:
        return self.headers.get(key, key)


def _sheet(kind: ImportKind, table: Table) -> Sheet:
    known = aliases(kind)
    headers: dict[str, str] = {}
    index: dict[int, str] = {}
    months: dict[str, date] = {}
    quantity_unit = None
    for i, header in enumerate(table.headers):
        if not header:
            continue
        key = known.get(header_key(header))
        if key is None and kind == ImportKind.CAPACITY:
            if (unit := header_unit(header)) is not None:
                key, quantity_unit = "quantity", unit
            elif (month := month_of_header(header)) is not None:
                months[header] = month
                index[i] = header
                continue
        if key is not None and key not in headers:
            headers[key] = header
            index[i] = key
    missing = [c for c in COLUMNS[kind] if c.required and c.key not in headers]
    if kind == ImportKind.CAPACITY and not months and "quantity" not in headers:
        missing.append(next(c for c in COLUMNS[kind] if c.key == "quantity"))
    if missing:
        names = ", ".join(f"'{c.header}'" for c in missing)
        raise Unprocessable(
            "file",
            f"kolom wajib tidak ada: {names} / required column missing: {names} "
            f"(the file has: {', '.join(h for h in table.headers if h)})",
        )
    rows = [
        (number, {index[i]: cell for i, cell in enumerate(row) if i in index})
        for number, row in table.rows
    ]
    return Sheet(headers=headers, rows=rows, month_columns=months, quantity_unit=quantity_unit)


# --- reading cells -------------------------------------------------------------------------


def _cell(sheet: Sheet, values: dict[str, Any], key: str, parse: Callable[[Any], Any]) -> Any:
    raw = values.get(key)
    if text(raw) is None:
        return None
    try:
        return parse(raw)
    except CellError as exc:
        raise RowInvalid(sheet.header(key), exc.id, exc.en) from None


def _required(sheet: Sheet, values: dict[str, Any], key: str) -> str:
    value = text(values.get(key))
    if value is None:
        header = sheet.header(key)
        raise RowInvalid(header, f"'{header}' wajib diisi", f"'{header}' is required")
    return value


def _regency(raw: Any) -> str:
    name = text(raw) or ""
    found = regency_from_text(name)
    if isinstance(found, str):
        return found
    if not found:
        raise CellError(
            f"kabupaten/kota '{name}' tidak dikenal (lihat GET /regions?q=...)",
            f"'{name}' is not a known kabupaten/kota (see GET /regions?q=...)",
        )
    names = " atau ".join(reference.regencies()[code].name for code in found)
    names_en = " or ".join(reference.regencies()[code].name for code in found)
    raise CellError(
        f"'{name}' bisa berarti {names}: tulis 'Kab.' atau 'Kota'",
        f"'{name}' could be {names_en}: write 'Kab.' or 'Kota'",
    )


def _nib(raw: Any) -> str:
    digits = re.sub(r"[\s.\-]", "", text(raw) or "")
    if not re.fullmatch(r"\d{13}", digits):
        raise CellError("NIB harus 13 angka", "an NIB is 13 digits")
    return digits


def _hs_code(raw: Any) -> str:
    digits = re.sub(r"[\s.]", "", text(raw) or "")
    if not re.fullmatch(r"\d{2,8}", digits) or len(digits) % 2:
        raise CellError(
            f"kode HS '{digits}' harus 2, 4, 6 atau 8 angka",
            f"HS code '{digits}' must have 2, 4, 6 or 8 digits",
        )
    if not reference.hs_code_exists(digits):
        raise CellError(
            f"kode HS '{digits}' tidak ada dalam BTKI/HS 2022",
            f"HS code '{digits}' is not in the HS 2022 nomenclature",
        )
    return digits


def _unit(raw: Any) -> str:
    return _unit_named(text(raw) or "")


@lru_cache(maxsize=256)
def _unit_named(name: str) -> str:
    try:
        return normalise_unit(name)
    except UnitError:
        raise CellError(
            f"satuan '{name}' tidak dapat diubah ke kg: pakai kg, g, ton atau kuintal, atau "
            "pcs/pack/box/carton dengan berat per satuan",
            f"unit '{name}' cannot be converted to kg: use kg, g, ton or kuintal, or "
            "pcs/pack/box/carton with a unit weight",
        ) from None


# NonNegativeQuantity's limits (app.schemas.types), checked here without a model per figure
_MAX_QUANTITY = Decimal("99999999999.999")


def _check_quantity(column: str, quantity: Decimal) -> None:
    if quantity < 0:
        raise RowInvalid(column, "kapasitas tidak boleh negatif", "is negative")
    if quantity > _MAX_QUANTITY:
        raise RowInvalid(column, "angka terlalu besar", "is too large")
    exponent = quantity.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3 and quantity != quantity.quantize(THOUSANDTH):
        raise RowInvalid(
            column,
            "paling banyak 3 angka di belakang koma",
            "has more than 3 decimal places",
        )


def _whole(raw: Any) -> int:
    number = parse_decimal(raw)
    if number != number.to_integral_value():
        raise CellError("harus bilangan bulat", "must be a whole number")
    return int(number)


_CERTIFICATE_ALIASES = {
    "P_IRT": "PIRT",
    "SPP_IRT": "PIRT",
    "SPPIRT": "PIRT",
    "HALAL_MUI": "HALAL",
    "HALAL_BPJPH": "HALAL",
    "MD": "BPOM_MD",
    "BPOM": "BPOM_MD",
    "ISO22000": "ISO_22000",
    "ORGANIK": "ORGANIC",
}


def _certificate_type(raw: Any) -> str:
    name = re.sub(r"[^A-Z0-9]+", "_", (text(raw) or "").upper()).strip("_")
    code = certificate_code(text(raw) or "") or certificate_code(
        _CERTIFICATE_ALIASES.get(name, name)
    )
    if code is None:
        known = ", ".join(CERTIFICATE_TYPES)
        raise CellError(
            f"jenis sertifikat '{text(raw)}' tidak dikenal: {known}",
            f"certificate type '{text(raw)}' is unknown: {known}",
        )
    return code


_PYDANTIC_ID = {
    "string_too_long": "terlalu panjang",
    "string_too_short": "terlalu pendek",
    "string_pattern_mismatch": "bentuknya tidak sah",
    "value_error": "nilai tidak sah",
    "greater_than": "terlalu kecil",
    "greater_than_equal": "terlalu kecil",
    "less_than_equal": "terlalu besar",
    "decimal_max_digits": "terlalu banyak angka",
    "decimal_max_places": "terlalu banyak angka di belakang koma",
}


def _validated(
    sheet: Sheet, model: type[Any], values: dict[str, Any], names: dict[str, str]
) -> Any:
    """`model` built from `values`, or RowInvalid naming the column of the first error."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else ""
        column = sheet.header(names.get(key, key))
        message = error["msg"].removeprefix("Value error, ")
        raise RowInvalid(
            column, f"{_PYDANTIC_ID.get(error['type'], 'nilai tidak sah')}: {message}", message
        ) from None


# --- the office's register, loaded once per import -------------------------------------------


@dataclass(slots=True)
class Register:
    office_id: int
    by_nib: dict[str, Umkm] = field(default_factory=dict)
    by_code: dict[str, Umkm] = field(default_factory=dict)
    by_name: dict[tuple[str, str], Umkm] = field(default_factory=dict)
    products: dict[tuple[int, str], Product] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, office_id: int, products: bool = False) -> "Register":
        register = cls(office_id)
        for umkm in session.scalars(select(Umkm).where(Umkm.office_id == office_id)):
            register.add(umkm)
        if products:
            statement = select(Product).join(Umkm).where(Umkm.office_id == office_id)
            for product in session.scalars(statement):
                register.products[(product.umkm_id, product.name.strip().lower())] = product
        return register

    def add(self, umkm: Umkm) -> None:
        if umkm.nib:
            self.by_nib[umkm.nib] = umkm
        if umkm.register_code:
            self.by_code[umkm.register_code] = umkm
        self.by_name[(umkm.name.strip().lower(), umkm.regency_code)] = umkm

    def find(
        self, nib: str | None, code: str | None, name: str | None, regency: str | None
    ) -> Umkm | None:
        if nib and nib in self.by_nib:
            return self.by_nib[nib]
        if code and code in self.by_code:
            return self.by_code[code]
        if name and regency:
            return self.by_name.get((name.strip().lower(), regency))
        return None

    def umkm_of_row(self, sheet: Sheet, values: dict[str, Any]) -> Umkm:
        """The registered UMKM a product, capacity or certificate row names."""
        nib = _cell(sheet, values, "nib", _nib)
        code = text(values.get("register_code"))
        name = text(values.get("name"))
        regency = _cell(sheet, values, "regency", _regency)
        umkm = self.find(nib, code, name, regency)
        if umkm is None:
            named = nib or code or (f"{name} ({regency})" if name else "")
            if not named:
                raise RowInvalid(
                    sheet.header("name"),
                    "isi NIB, Kode Register, atau Nama UMKM dan Kabupaten/Kota",
                    "give the NIB, the register code, or the UMKM name and its kabupaten/kota",
                )
            raise RowInvalid(
                sheet.header("nib" if nib else "register_code" if code else "name"),
                f"UMKM {named} belum terdaftar di kantor ini: impor UMKM dulu",
                f"UMKM {named} is not in this office's register: import the UMKM first",
            )
        return umkm

    def product_of_row(self, sheet: Sheet, values: dict[str, Any], umkm: Umkm) -> Product:
        name = _required(sheet, values, "product")
        product = self.products.get((umkm.id, name.lower()))
        if product is None:
            raise RowInvalid(
                sheet.header("product"),
                f"produk '{name}' dari {umkm.name} belum terdaftar: impor produk dulu",
                f"product '{name}' of {umkm.name} is not registered: import the products first",
            )
        return product


def _diff(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and getattr(row, k) != v}


def _duplicate(plan: RowPlan, seen: dict[str, int], key: str | list[str], column: str) -> bool:
    """Invalid when a record with one of `key`s came in an earlier row of the file."""
    keys = [key] if isinstance(key, str) else key
    earlier = next((seen[k] for k in keys if k in seen), None)
    if earlier is not None:
        plan.status = "invalid"
        plan.errors.append(
            {
                "column": column,
                "id": f"sama dengan baris {earlier}",
                "en": f"the same record as row {earlier}",
            }
        )
        return True
    for k in keys:
        seen[k] = plan.row
    return False


# --- one planner per kind ------------------------------------------------------------------

_UMKM_FIELDS = {
    "name": "name",
    "nib": "nib",
    "owner_name": "owner_name",
    "phone": "phone",
    "email": "email",
    "regency_code": "regency",
    "address": "address",
    "koperasi": "koperasi",
    "has_exported": "has_exported",
    "register_code": "register_code",
}


def _plan_umkm(
    session: Session, principal: Principal, office_id: int, sheet: Sheet, progress: Progress
) -> list[RowPlan]:
    register = Register.load(session, office_id)
    nibs = {n for _, v in sheet.rows if (n := _safe(_nib, v.get("nib")))}
    elsewhere = {
        nib: office
        for nib, office in session.execute(
            select(Umkm.nib, Umkm.office_id)
            .where(Umkm.nib.in_(nibs), Umkm.office_id != office_id)
            .execution_options(all_offices=True)
        )
    }
    plans: list[RowPlan] = []
    seen: dict[str, int] = {}
    for done, (number, values) in enumerate(sheet.rows, start=1):
        plan = RowPlan(number)
        plans.append(plan)
        try:
            name = _required(sheet, values, "name")
            data = {
                "name": name,
                "regency_code": _cell(sheet, values, "regency", _regency)
                or _required(sheet, values, "regency"),
                "nib": _cell(sheet, values, "nib", _nib),
                "owner_name": text(values.get("owner_name")),
                "phone": _cell(sheet, values, "phone", parse_phone),
                "email": text(values.get("email")),
                "address": text(values.get("address")),
                "koperasi": text(values.get("koperasi")),
                "has_exported": _cell(sheet, values, "has_exported", parse_bool),
                "register_code": text(values.get("register_code")),
            }
            if data["nib"] in elsewhere:
                raise RowInvalid(
                    sheet.header("nib"),
                    f"NIB {data['nib']} sudah terdaftar di kantor lain",
                    f"NIB {data['nib']} is registered by another office",
                )
            # the phone is checked above already (a second parse would double the time)
            present = {k: v for k, v in data.items() if v is not None and k != "phone"}
            create = _validated(sheet, schemas.UmkmCreate, present, _UMKM_FIELDS)
            if data["phone"] is not None:
                create.phone = data["phone"]
            plan.key = data["nib"] or data["register_code"] or f"{name} ({data['regency_code']})"
            identities = [
                f"nib:{data['nib']}" if data["nib"] else "",
                f"code:{data['register_code']}" if data["register_code"] else "",
                f"name:{name.lower()}|{data['regency_code']}",
            ]
            if _duplicate(plan, seen, [i for i in identities if i], sheet.header("name")):
                continue
            existing = register.find(data["nib"], data["register_code"], name, data["regency_code"])
            if existing is None:
                plan.status = "new"
                plan.apply = _creator_umkm(session, principal, create, register)
            else:
                changes = _diff(existing, create.model_dump(exclude_unset=True))
                plan.changes = changes
                if changes:
                    plan.status = "update"
                    plan.apply = _updater_umkm(session, principal, existing.id, changes)
        except RowInvalid as exc:
            plan.status = "invalid"
            plan.errors.append({"column": exc.column, "id": exc.id, "en": exc.en})
        progress("checking", done, len(sheet.rows))
    return plans


def _safe(parse: Callable[[Any], str], raw: Any) -> str | None:
    try:
        return parse(raw) if text(raw) is not None else None
    except CellError:
        return None


def _creator_umkm(
    session: Session, principal: Principal, data: schemas.UmkmCreate, register: Register
) -> Callable[[], None]:
    def apply() -> None:
        umkm = umkm_service.create_umkm(session=session, data=data, principal=principal)
        register.add(umkm)

    return apply


def _updater_umkm(
    session: Session, principal: Principal, umkm_id: int, changes: dict[str, Any]
) -> Callable[[], None]:
    def apply() -> None:
        umkm_service.update_umkm(
            session=session,
            umkm_id=umkm_id,
            data=schemas.UmkmUpdate.model_validate(changes),
            principal=principal,
        )

    return apply


_PRODUCT_FIELDS = {
    "name": "product",
    "hs_code": "hs_code",
    "unit": "unit",
    "unit_weight_kg": "unit_weight_kg",
    "shelf_life_days": "shelf_life_days",
    "description": "description",
}


def _plan_products(
    session: Session, principal: Principal, office_id: int, sheet: Sheet, progress: Progress
) -> list[RowPlan]:
    register = Register.load(session, office_id, products=True)
    plans: list[RowPlan] = []
    seen: dict[str, int] = {}
    for done, (number, values) in enumerate(sheet.rows, start=1):
        plan = RowPlan(number)
        plans.append(plan)
        try:
            umkm = register.umkm_of_row(sheet, values)
            name = _required(sheet, values, "product")
            data = {
                "name": name,
                "hs_code": _cell(sheet, values, "hs_code", _hs_code),
                "unit": _cell(sheet, values, "unit", _unit),
                "unit_weight_kg": _cell(sheet, values, "unit_weight_kg", parse_decimal),
                "shelf_life_days": _cell(sheet, values, "shelf_life_days", _whole),
                "description": text(values.get("description")),
            }
            present = {k: v for k, v in data.items() if v is not None}
            create = _validated(sheet, schemas.ProductCreate, present, _PRODUCT_FIELDS)
            if create.unit_weight_kg is not None and not is_counted(create.unit):
                raise RowInvalid(
                    sheet.header("unit_weight_kg"),
                    f"berat per satuan hanya untuk pcs/pack/box/carton, bukan {create.unit}",
                    f"a unit weight applies to pcs/pack/box/carton only, not {create.unit}",
                )
            plan.key = f"{umkm.name} / {name}"
            if _duplicate(plan, seen, f"{umkm.id}/{name.lower()}", sheet.header("product")):
                continue
            existing = register.products.get((umkm.id, name.lower()))
            if existing is None:
                plan.status = "new"
                plan.apply = _creator_product(session, principal, umkm.id, create, register)
            else:
                changes = _diff(existing, create.model_dump(exclude_unset=True))
                plan.changes = changes
                if changes:
                    plan.status = "update"
                    plan.apply = _updater_product(session, principal, existing.id, changes)
        except RowInvalid as exc:
            plan.status = "invalid"
            plan.errors.append({"column": exc.column, "id": exc.id, "en": exc.en})
        progress("checking", done, len(sheet.rows))
    return plans


def _creator_product(
    session: Session,
    principal: Principal,
    umkm_id: int,
    data: schemas.ProductCreate,
    register: Register,
) -> Callable[[], None]:
    def apply() -> None:
        product = product_service.create_product(
            session=session, umkm_id=umkm_id, data=data, principal=principal
        )
        register.products[(umkm_id, product.name.strip().lower())] = product

    return apply


def _updater_product(
    session: Session, principal: Principal, product_id: int, changes: dict[str, Any]
) -> Callable[[], None]:
    def apply() -> None:
        product_service.update_product(
            session=session,
            product_id=product_id,
            data=schemas.ProductUpdate.model_validate(changes),
            principal=principal,
        )

    return apply


def _plan_capacity(
    session: Session, principal: Principal, office_id: int, sheet: Sheet, progress: Progress
) -> list[RowPlan]:
    register = Register.load(session, office_id, products=True)
    current: dict[tuple[int, date], tuple[Decimal, str]] = {
        (product_id, month): (quantity, unit)
        for product_id, month, quantity, unit in session.execute(
            select(Capacity.product_id, Capacity.month, Capacity.quantity, Capacity.unit)
            .join(Product)
            .join(Umkm)
            .where(Umkm.office_id == office_id)
        )
    }
    plans: list[RowPlan] = []
    writes: dict[int, dict[date, tuple[Decimal, str]]] = defaultdict(dict)
    seen: dict[str, int] = {}
    for done, (number, values) in enumerate(sheet.rows, start=1):
        plan = RowPlan(number)
        plans.append(plan)
        try:
            umkm = register.umkm_of_row(sheet, values)
            product = register.product_of_row(sheet, values, umkm)
            unit = _cell(sheet, values, "unit", _unit)
            if unit is None and sheet.quantity_unit is not None:
                unit = _unit(sheet.quantity_unit)
            unit = unit or product.unit
            figures: list[tuple[str, date, Any]] = []
            if "month" in sheet.headers and text(values.get("month")) is not None:
                month = _cell(sheet, values, "month", _month)
                figures.append((sheet.header("quantity"), month, values.get("quantity")))
            for header, month in sheet.month_columns.items():
                if text(values.get(header)) is not None:
                    figures.append((header, month, values.get(header)))
            if not figures:
                raise RowInvalid(
                    sheet.header("quantity"),
                    "tidak ada angka kapasitas di baris ini",
                    "no capacity figure in this row",
                )
            plan.key = f"{umkm.name} / {product.name}"
            statuses = set()
            for column, month, raw in figures:
                try:
                    quantity = parse_decimal(raw)
                except CellError as exc:
                    raise RowInvalid(column, exc.id, exc.en) from None
                _check_quantity(column, quantity)
                try:
                    to_grams(quantity, unit, product.unit_weight_kg)
                except UnitError:
                    raise RowInvalid(
                        sheet.header("unit") if "unit" in sheet.headers else column,
                        f"'{unit}' dihitung per satuan dan produk {product.name} belum punya "
                        "berat per satuan: isi 'Berat per Satuan (kg)' di impor produk",
                        f"'{unit}' is a counted unit and product {product.name} has no unit "
                        "weight: give 'Berat per Satuan (kg)' in a products import",
                    ) from None
                if _duplicate(plan, seen, f"{product.id}/{month.toordinal()}", column):
                    break
                before = current.get((product.id, month))
                if before == (quantity, unit):
                    statuses.add("unchanged")
                    continue
                statuses.add("update" if before is not None else "new")
                plan.changes[month.isoformat()[:7]] = str(quantity)
                writes[product.id][month] = (quantity, unit)
            if plan.status != "invalid":
                plan.status = (
                    "update"
                    if "update" in statuses
                    else "new"
                    if "new" in statuses
                    else "unchanged"
                )
        except RowInvalid as exc:
            plan.status = "invalid"
            plan.errors.append({"column": exc.column, "id": exc.id, "en": exc.en})
        progress("checking", done, len(sheet.rows))
    if plans and writes:
        # capacity goes through the API's service, product by product (revisions, audit,
        # supply stamps): hung on the first row that writes, run once
        first = next((p for p in plans if p.status in ("new", "update")), None)
        if first is not None:
            first.apply = _capacity_writer(session, principal, writes, progress)
    return plans


def _month(raw: Any) -> date:
    if isinstance(raw, date):
        return raw.replace(day=1)
    month = month_of_header(text(raw) or "")
    if month is None:
        raise CellError(
            f"'{text(raw)}' bukan bulan (tulis 2027-01 atau Jan 2027)",
            f"'{text(raw)}' is not a month (write 2027-01 or Jan 2027)",
        )
    return month


def _capacity_writer(
    session: Session,
    principal: Principal,
    writes: dict[int, dict[date, tuple[Decimal, str]]],
    progress: Progress,
) -> Callable[[], None]:
    def apply() -> None:
        """`capacity_service.set_month` for every month, as the capacity API writes them (its
        rules: revisions, audit events, supply stamps), with the products locked and their
        months read a thousand products at a time instead of one by one."""
        product_ids = list(writes)
        now = datetime.now(UTC)
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            # psycopg parses every statement longer than 4 kB afresh (its cache limit); a page
            # of 1,000 rows is some 250 kB. Pages of 12 rows stay under it.
            connection.execution_options(insertmanyvalues_page_size=INSERT_PAGE_PG)
        for start in range(0, len(product_ids), WRITE_CHUNK):
            chunk = product_ids[start : start + WRITE_CHUNK]
            products = {
                product.id: product
                for product in session.scalars(
                    select(Product)
                    .where(Product.id.in_(chunk))
                    .with_for_update()
                    .execution_options(populate_existing=True)
                )
            }
            current: dict[int, dict[date, Capacity]] = defaultdict(dict)
            for row in session.scalars(select(Capacity).where(Capacity.product_id.in_(chunk))):
                current[row.product_id][row.month] = row
            for product_id in chunk:
                for month, (quantity, unit) in sorted(writes[product_id].items()):
                    capacity_service.set_month(
                        session,
                        products[product_id],
                        month,
                        quantity,
                        unit,
                        principal,
                        now,
                        current=current[product_id],
                    )
            session.flush()
            progress("writing", min(start + WRITE_CHUNK, len(product_ids)), len(product_ids))

    return apply


_CERTIFICATE_FIELDS = {
    "type": "type",
    "number": "number",
    "issuer": "issuer",
    "issued_on": "issued_on",
    "expires_on": "expires_on",
    "product_id": "product",
}


def _plan_certificates(
    session: Session, principal: Principal, office_id: int, sheet: Sheet, progress: Progress
) -> list[RowPlan]:
    register = Register.load(session, office_id, products=True)
    existing: dict[tuple[int, str, str], Certificate] = {}
    statement = select(Certificate).join(Umkm).where(Umkm.office_id == office_id)
    for certificate in session.scalars(statement):
        existing[_certificate_key(certificate.umkm_id, certificate.type, certificate)] = certificate
    plans: list[RowPlan] = []
    seen: dict[str, int] = {}
    for done, (number, values) in enumerate(sheet.rows, start=1):
        plan = RowPlan(number)
        plans.append(plan)
        try:
            umkm = register.umkm_of_row(sheet, values)
            product = (
                register.product_of_row(sheet, values, umkm)
                if text(values.get("product")) is not None
                else None
            )
            data = {
                "type": _cell(sheet, values, "type", _certificate_type)
                or _required(sheet, values, "type"),
                "number": text(values.get("number")),
                "issuer": text(values.get("issuer")),
                "issued_on": _cell(sheet, values, "issued_on", parse_date),
                "expires_on": _cell(sheet, values, "expires_on", parse_date),
                "product_id": product.id if product else None,
            }
            present = {k: v for k, v in data.items() if v is not None}
            create = _validated(sheet, schemas.CertificateCreate, present, _CERTIFICATE_FIELDS)
            key = _certificate_key(umkm.id, create.type, create)
            plan.key = f"{umkm.name} / {create.type} {create.number or ''}".strip()
            if _duplicate(plan, seen, "/".join(map(str, key)), sheet.header("type")):
                continue
            found = existing.get(key)
            if found is None:
                plan.status = "new"
                plan.apply = _creator_certificate(session, principal, umkm.id, create)
            else:
                changes = _diff(
                    found, create.model_dump(exclude_unset=True, exclude={"product_id"})
                )
                plan.changes = changes
                if changes:
                    plan.status = "update"
                    plan.apply = _updater_certificate(session, principal, found.id, changes)
        except RowInvalid as exc:
            plan.status = "invalid"
            plan.errors.append({"column": exc.column, "id": exc.id, "en": exc.en})
        progress("checking", done, len(sheet.rows))
    return plans


def _certificate_key(umkm_id: int, type_: str, row: Any) -> tuple[int, str, str]:
    """A certificate is the same one when its UMKM, type and number agree (or, without a
    number, its UMKM, type and product)."""
    if row.number:
        return (umkm_id, str(type_), f"no:{row.number}")
    return (umkm_id, str(type_), f"product:{row.product_id}")


def _creator_certificate(
    session: Session, principal: Principal, umkm_id: int, data: schemas.CertificateCreate
) -> Callable[[], None]:
    def apply() -> None:
        certificate_service.create_certificate(
            session=session, umkm_id=umkm_id, data=data, principal=principal
        )

    return apply


def _updater_certificate(
    session: Session, principal: Principal, certificate_id: int, changes: dict[str, Any]
) -> Callable[[], None]:
    def apply() -> None:
        certificate_service.update_certificate(
            session=session,
            certificate_id=certificate_id,
            data=schemas.CertificateUpdate.model_validate(changes),
            principal=principal,
        )

    return apply


_PLANNERS = {
    ImportKind.UMKM: _plan_umkm,
    ImportKind.PRODUCTS: _plan_products,
    ImportKind.CAPACITY: _plan_capacity,
    ImportKind.CERTIFICATES: _plan_certificates,
}


def _no_progress(phase: str, done: int, total: int) -> None:
    del phase, done, total


def run_import(
    *,
    session: Session,
    principal: Principal,
    kind: ImportKind,
    filename: str,
    data: bytes,
    dry_run: bool,
    progress: Progress = _no_progress,
) -> ImportJob:
    """Check (and unless `dry_run`, write) a spreadsheet of `kind`; the job keeps the report.
    With an invalid row nothing is written: status `refused`."""
    try:
        table = read_table(filename, data)
    except FileError as exc:
        raise Unprocessable("file", f"{exc.id} / {exc.en}") from None
    sheet = _sheet(kind, table)
    office_id = owner_office(session, principal)
    plans = _PLANNERS[kind](session, principal, office_id, sheet, progress)
    counts = {status: 0 for status in ("new", "update", "unchanged", "invalid")}
    for plan in plans:
        counts[plan.status] += 1
    if dry_run:
        status = "checked"
    elif counts["invalid"]:
        status = "refused"
    else:
        status = "done"
        writing = [plan.apply for plan in plans if plan.apply is not None]
        for done, apply in enumerate(writing, start=1):
            apply()
            if kind != ImportKind.CAPACITY:
                progress("writing", done, len(writing))
    job = ImportJob(
        office_id=office_id,
        kind=kind.value,
        filename=filename[:255],
        dry_run=dry_run,
        status=status,
        created_by=principal.label,
        account_id=principal.account_id,
        counts=counts,
        rows=[plan.report() for plan in plans],
    )
    session.add(job)
    session.flush()
    return job


def get_job(*, session: Session, job_id: int) -> ImportJob:
    """The job (staff see their office's only: app.offices)."""
    job = session.get(ImportJob, job_id)
    if job is None:
        raise NotFound("import", job_id)
    return job


def refusal(job: ImportJob) -> Unprocessable:
    """The 422 for a refused import: every invalid row's column and reason."""
    errors = [
        {
            "field": error["column"],
            "location": f"file.row.{row['row']}",
            "message": f"{error['id']} / {error['en']}",
        }
        for row in job.rows
        for error in row.get("errors", ())
    ][:MAX_ERRORS_SHOWN]
    refused = Unprocessable("file", "")
    refused.detail = (
        f"import {job.id} refused: {job.counts['invalid']} invalid row(s), nothing was written "
        f"/ impor ditolak: {job.counts['invalid']} baris tidak sah, tidak ada yang disimpan"
    )
    refused.errors = errors
    return refused


# --- exports and templates -------------------------------------------------------------------


def _export_headers(kind: ImportKind) -> list[str]:
    return [column.header for column in COLUMNS[kind]]


def _export_rows(session: Session, kind: ImportKind, office_id: int | None) -> Iterable[list[Any]]:
    umkm_filter = [] if office_id is None else [Umkm.office_id == office_id]
    regency_names = {code: region.name for code, region in reference.regencies().items()}

    def ref(umkm: Umkm) -> list[Any]:
        return [umkm.register_code, umkm.nib, umkm.name, regency_names[umkm.regency_code]]

    if kind == ImportKind.UMKM:
        for umkm in session.scalars(select(Umkm).where(*umkm_filter).order_by(Umkm.id)):
            yield [
                *ref(umkm)[:2],
                umkm.name,
                regency_names[umkm.regency_code],
                umkm.owner_name,
                umkm.phone,
                umkm.email,
                umkm.address,
                umkm.koperasi,
                "ya" if umkm.has_exported else "tidak",
            ]
    elif kind == ImportKind.PRODUCTS:
        products = select(Product, Umkm).join(Umkm).where(*umkm_filter).order_by(Product.id)
        for product, umkm in session.execute(products):
            yield [
                *ref(umkm),
                product.name,
                product.hs_code,
                product.unit,
                product.unit_weight_kg,
                product.shelf_life_days,
                product.description,
            ]
    elif kind == ImportKind.CAPACITY:
        capacities = (
            select(Capacity, Product, Umkm)
            .join(Product, Product.id == Capacity.product_id)
            .join(Umkm, Umkm.id == Product.umkm_id)
            .where(*umkm_filter)
            .order_by(Product.id, Capacity.month)
        )
        for capacity, product, umkm in session.execute(capacities):
            yield [
                *ref(umkm),
                product.name,
                month_label(capacity.month),
                capacity.quantity,
                capacity.unit,
            ]
    else:
        certificates = (
            select(Certificate, Umkm).join(Umkm).where(*umkm_filter).order_by(Certificate.id)
        )
        names = {
            product_id: name
            for product_id, name in session.execute(
                select(Product.id, Product.name).join(Umkm).where(*umkm_filter)
            )
        }
        for certificate, umkm in session.execute(certificates):
            yield [
                *ref(umkm),
                names.get(certificate.product_id) if certificate.product_id else None,
                certificate.type,
                certificate.number,
                certificate.issuer,
                certificate.issued_on,
                certificate.expires_on,
            ]


_EXAMPLES: dict[ImportKind, list[Any]] = {
    ImportKind.UMKM: [
        "KT-0001",
        "9120001234567",
        "Dapur Salak Mama Ani",
        "Kota Balikpapan",
        "Ani Rahayu",
        "0812 5555 0101",
        "ani@example.id",
        "Jl. Sudirman 5",
        "Koperasi Maju Bersama",
        "tidak",
    ],
    ImportKind.PRODUCTS: [
        "KT-0001",
        "9120001234567",
        "Dapur Salak Mama Ani",
        "Kota Balikpapan",
        "Kue Salak",
        "19059030",
        "kg",
        None,
        "180",
        "Kue kering salak",
    ],
    ImportKind.CAPACITY: [
        "KT-0001",
        "9120001234567",
        "Dapur Salak Mama Ani",
        "Kota Balikpapan",
        "Kue Salak",
        "2027-01",
        "1.500",
        "kg",
    ],
    ImportKind.CERTIFICATES: [
        "KT-0001",
        "9120001234567",
        "Dapur Salak Mama Ani",
        "Kota Balikpapan",
        None,
        "HALAL",
        "ID00410000123450124",
        "BPJPH",
        "15/01/2026",
        "15/01/2030",
    ],
}


def export(*, session: Session, principal: Principal, kind: ImportKind, file_format: str) -> bytes:
    """The office's register of `kind` in the import's own columns (admins: every office)."""
    office_id = None if principal.office_id is None else owner_office(session, principal)
    rows = _export_rows(session, kind, office_id)
    return _write(kind, rows, file_format)


def template(kind: ImportKind, file_format: str) -> bytes:
    return _write(kind, [_EXAMPLES[kind]], file_format)


def _write(kind: ImportKind, rows: Iterable[Sequence[Any]], file_format: str) -> bytes:
    headers = _export_headers(kind)
    if file_format == "csv":
        return write_csv(headers, rows)
    return write_xlsx(headers, rows, sheet=kind.value)
