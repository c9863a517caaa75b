"""An UMKM's monthly update: every product's capacity for this month and the next ones, on
one sheet, saved in one transaction through the capacity service (``set_capacity_bulk``:
idempotent per month, every change kept in the revision history and the audit trail)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, schemas
from app.errors import Unprocessable
from app.models import Capacity, Product
from app.months import add_months, first_of
from app.principal import Principal, check_umkm_access
from app.services import capacity as capacity_service
from app.services.products import product_for
from app.services.umkm import get_umkm
from app.units import UnitError, from_grams, to_grams

__all__ = ["MONTHS_ON_SHEET", "ProductSheet", "SheetMonth", "save_sheet", "sheet", "sheet_months"]

# This month and the five after it: requests are posted a few months ahead of their start.
MONTHS_ON_SHEET = 6
# An UMKM with more products than this updates the rest through the API (no phone page holds
# more on one screen anyway).
PRODUCTS_ON_SHEET = 50


@dataclass(frozen=True, slots=True)
class SheetMonth:
    month: date
    # what the field shows: the month's figure, else the last before it, in the product's
    # unit (in the figure's own unit when it cannot be converted: counted, no unit weight)
    quantity: Decimal | None
    unit: str
    reported: bool  # True: the month has its own figure; False: carried from an earlier month


@dataclass(slots=True)
class ProductSheet:
    product_id: int
    name: str
    unit: str  # the product's unit
    unit_weight_kg: Decimal | None
    months: list[SheetMonth] = field(default_factory=list)
    last_month: date | None = None  # the latest month with a figure at all


def sheet_months(today: date | None = None) -> list[date]:
    """The months of the sheet: this month (UTC, ``app.clock``) and the next ones."""
    start = first_of(today or clock.today())
    return [add_months(start, i) for i in range(MONTHS_ON_SHEET)]


def _products(session: Session, umkm_id: int) -> list[Product]:
    return list(
        session.scalars(
            select(Product)
            .where(Product.umkm_id == umkm_id)
            .order_by(Product.id)
            .limit(PRODUCTS_ON_SHEET)
        )
    )


def _in_product_unit(figure: Capacity | None, product: Product) -> tuple[Decimal | None, str]:
    """A figure in the product's unit, so every field of a product reads in one unit (a
    figure reported as 1,9 ton shows as 1.900 for a product sold by the kg)."""
    if figure is None:
        return None, product.unit
    if figure.unit == product.unit or figure.quantity_g is None:
        return figure.quantity, figure.unit
    try:
        converted = from_grams(figure.quantity_g, product.unit, product.unit_weight_kg)
    except UnitError:
        return figure.quantity, figure.unit
    return converted, product.unit


def sheet(
    *, session: Session, principal: Principal, umkm_id: int, months: list[date]
) -> list[ProductSheet]:
    """Each product of the UMKM with its figure for each of `months`, pre-filled: a month
    without a figure shows the last figure before it (``reported`` False), so the owner
    changes only what changed. 404 for an UMKM the caller may not see."""
    check_umkm_access(principal, umkm_id, write=True)
    get_umkm(session=session, umkm_id=umkm_id)
    products = _products(session, umkm_id)
    rows: dict[int, list[Capacity]] = {p.id: [] for p in products}
    if products:
        for row in session.scalars(
            select(Capacity)
            .where(Capacity.product_id.in_(rows), Capacity.month <= months[-1])
            .order_by(Capacity.product_id, Capacity.month)
        ):
            rows[row.product_id].append(row)
    sheets = []
    for product in products:
        product_sheet = ProductSheet(product.id, product.name, product.unit, product.unit_weight_kg)
        figures = rows[product.id]
        latest = session.scalar(
            select(Capacity.month)
            .where(Capacity.product_id == product.id)
            .order_by(Capacity.month.desc())
            .limit(1)
        )
        product_sheet.last_month = latest
        by_month = {row.month: row for row in figures}
        carried: Capacity | None = None
        for row in figures:
            if row.month < months[0]:
                carried = row
        for month in months:
            own = by_month.get(month)
            if own is not None:
                carried = own
            quantity, unit = _in_product_unit(own or carried, product)
            product_sheet.months.append(
                SheetMonth(month=month, quantity=quantity, unit=unit, reported=own is not None)
            )
        sheets.append(product_sheet)
    return sheets


def _changed_items(
    session: Session, product: Product, data: schemas.CapacityBulkSet
) -> list[schemas.CapacityMonthSet]:
    """The months whose figure changes: the same weight in another unit (1.900 kg typed over
    1,9 ton, as the sheet shows it) is not a change, and writes no revision."""
    current = {
        row.month: row
        for row in session.scalars(select(Capacity).where(Capacity.product_id == product.id))
    }
    changed = []
    for item in data.items:
        row = current.get(item.month)
        unit = item.unit or product.unit
        if row is not None:
            if row.quantity == item.quantity and row.unit == unit:
                continue
            try:
                grams = to_grams(item.quantity, unit, product.unit_weight_kg)
            except UnitError:
                grams = None
            if grams is not None and grams == row.quantity_g:
                continue
        changed.append(item)
    return changed


def save_sheet(
    *,
    session: Session,
    principal: Principal,
    umkm_id: int,
    figures: dict[int, schemas.CapacityBulkSet],
) -> int:
    """Set the figures of several products (product id -> its months) in the caller's one
    transaction: all or none. A product that is not the UMKM's is refused (404, as if it did
    not exist). Returns how many months changed (0: the same figures again)."""
    check_umkm_access(principal, umkm_id, write=True)
    changed = 0
    for product_id, data in sorted(figures.items()):
        product = product_for(
            session=session, principal=principal, product_id=product_id, write=True
        )
        if product.umkm_id != umkm_id:
            raise Unprocessable("product_id", f"product {product_id} is not one of UMKM {umkm_id}")
        items = _changed_items(session, product, data)
        if not items:
            continue
        results = capacity_service.set_capacity_bulk(
            session=session,
            product_id=product_id,
            data=schemas.CapacityBulkSet(items=items),
            principal=principal,
        )
        changed += sum(result.changed for result in results)
    return changed
