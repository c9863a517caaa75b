"""Monthly capacity: idempotent set per month, bulk set, and the revision history."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.conditional import check_if_match, check_if_none_match, etag
from app.errors import NotFound, Unprocessable
from app.models import Capacity, CapacityRevision, Product
from app.months import month_label
from app.principal import Principal
from app.services import audit
from app.services.products import get_product, product_for
from app.units import GramOverflow, UnitError, from_grams, grams_to_kg, to_grams


@dataclass(frozen=True, slots=True)
class SetResult:
    capacity: Capacity
    changed: bool  # False when the same figure was already recorded (an idempotent repeat)


def set_month(
    session: Session,
    product: Product,
    month: date,
    quantity: Decimal,
    unit: str | None,
    principal: Principal,
    now: datetime,
    field_prefix: str = "",
    current: dict[date, Capacity] | None = None,
) -> SetResult:
    """Record one month's figure; a repeat of the current figure changes nothing. `current`:
    the product's months already loaded (a bulk write), else the month is read here. Nothing
    is flushed: the caller flushes once (the revision finds its audit event through the
    relationship, so one flush inserts them all)."""
    unit = unit or product.unit
    try:
        grams = to_grams(quantity, unit, product.unit_weight_kg)
    except GramOverflow as exc:
        raise Unprocessable(f"{field_prefix}quantity", str(exc)) from None
    except UnitError as exc:
        raise Unprocessable(f"{field_prefix}unit", str(exc)) from None
    if current is None:
        capacity = session.scalar(
            select(Capacity).where(Capacity.product_id == product.id, Capacity.month == month)
        )
    else:
        capacity = current.get(month)
    if capacity is not None and capacity.quantity == quantity and capacity.unit == unit:
        return SetResult(capacity, changed=False)
    before = (
        {}
        if capacity is None
        else {
            "quantity": capacity.quantity,
            "unit": capacity.unit,
            "quantity_g": capacity.quantity_g,
        }
    )
    if capacity is None:
        capacity = Capacity(product_id=product.id, month=month, revision=0)
        session.add(capacity)
        if current is not None:
            current[month] = capacity
    capacity.quantity = quantity
    capacity.unit = unit
    capacity.quantity_g = grams
    capacity.revision += 1
    capacity.updated_at = now
    capacity.updated_by = principal.label
    if product.capacity_updated_at is None or product.capacity_updated_at < now:
        product.capacity_updated_at = now
    product.supply_changed_at = datetime.now(UTC)
    after = {"quantity": quantity, "unit": unit, "quantity_g": grams}
    event = audit.record(
        session,
        principal=principal,
        action="update" if before else "create",
        resource="capacity",
        resource_id=f"{product.id}/{month_label(month)}",
        changes={k: (before.get(k), v) for k, v in after.items() if before.get(k) != v},
        flush=False,
    )
    session.add(
        CapacityRevision(
            product_id=product.id,
            month=month,
            revision=capacity.revision,
            quantity=quantity,
            unit=unit,
            quantity_g=grams,
            recorded_at=now,
            recorded_by=principal.label,
            audit_event=event,
        )
    )
    return SetResult(capacity, changed=True)


def set_capacity(
    *,
    session: Session,
    product_id: int,
    month: date,
    data: schemas.CapacitySet,
    principal: Principal,
) -> SetResult:
    # Lock the product: capacity writes for one product run one after another, so two
    # writers of the same month both land in the history and neither trips a unique key.
    product = get_product(session=session, product_id=product_id, for_update=True)
    result = set_month(
        session, product, month, data.quantity, data.unit, principal, datetime.now(UTC)
    )
    session.flush()
    return result


def capacity_etag(capacity: Capacity) -> str:
    return etag(
        "capacity", f"{capacity.product_id}/{month_label(capacity.month)}", capacity.revision
    )


def put_month(
    *,
    session: Session,
    principal: Principal,
    product_id: int,
    month: date,
    data: schemas.CapacitySet,
    if_match: str | None,
    if_none_match: str | None,
) -> tuple[schemas.CapacityRead, str]:
    """Set one month for a caller who may write the product, if If-Match names the month's
    current ETag (when given) and If-None-Match does not hold against it (`*`: the month has
    a figure; ETags: one of them is current), else 412. Returns the figure and its new ETag."""
    product_for(
        session=session, principal=principal, product_id=product_id, write=True, for_update=True
    )
    current = get_month(session=session, product_id=product_id, month=month)
    current_tag = None if current is None else capacity_etag(current)
    check_if_match(if_match, current_tag)
    check_if_none_match(if_none_match, current_tag)
    result = set_capacity(
        session=session, product_id=product_id, month=month, data=data, principal=principal
    )
    return to_read(result.capacity, unit=None, unit_weight_kg=None), capacity_etag(result.capacity)


def read_month(
    *, session: Session, principal: Principal, product_id: int, month: date
) -> tuple[schemas.CapacityRead, str]:
    """One month's figure and its ETag, for a caller who may see the product's figures."""
    product_for(
        session=session, principal=principal, product_id=product_id, write=False, private=True
    )
    current = get_month(session=session, product_id=product_id, month=month)
    if current is None:
        raise NotFound("capacity month", f"{month_label(month)} of product {product_id}")
    return to_read(current, unit=None, unit_weight_kg=None), capacity_etag(current)


def set_months(
    *, session: Session, principal: Principal, product_id: int, data: schemas.CapacityBulkSet
) -> schemas.Page[schemas.CapacityRead]:
    """`set_capacity_bulk` for a caller who may write the product; the figures as one page."""
    product_for(session=session, principal=principal, product_id=product_id, write=True)
    results = set_capacity_bulk(
        session=session, product_id=product_id, data=data, principal=principal
    )
    items = [to_read(r.capacity, unit=None, unit_weight_kg=None) for r in results]
    return schemas.Page[schemas.CapacityRead].of(items)


def capacity_page(
    *,
    session: Session,
    principal: Principal,
    product_id: int,
    from_month: date | None,
    to_month: date | None,
    unit: str | None,
) -> schemas.Page[schemas.CapacityRead]:
    """The months with a figure, oldest first, in `unit` when given, for a caller who may see
    the product's figures."""
    product = product_for(
        session=session, principal=principal, product_id=product_id, write=False, private=True
    )
    rows = list_capacity(
        session=session, product_id=product_id, from_month=from_month, to_month=to_month
    )
    items = [to_read(r, unit=unit, unit_weight_kg=product.unit_weight_kg) for r in rows]
    return schemas.Page[schemas.CapacityRead].of(items)


def history_page(
    *, session: Session, principal: Principal, product_id: int, month: date
) -> schemas.Page[schemas.CapacityRevisionRead]:
    """Every value the month has had, newest first, for a caller who may see the figures."""
    product_for(
        session=session, principal=principal, product_id=product_id, write=False, private=True
    )
    revisions, current = capacity_history(session=session, product_id=product_id, month=month)
    items = [revision_to_read(r, current) for r in revisions]
    return schemas.Page[schemas.CapacityRevisionRead].of(items)


def set_capacity_bulk(
    *, session: Session, product_id: int, data: schemas.CapacityBulkSet, principal: Principal
) -> list[SetResult]:
    """All months or none: any refusal raises before the request's transaction commits."""
    product = get_product(session=session, product_id=product_id, for_update=True)
    now = datetime.now(UTC)
    current = {
        row.month: row
        for row in session.scalars(select(Capacity).where(Capacity.product_id == product_id))
    }
    results = [
        set_month(
            session,
            product,
            item.month,
            item.quantity,
            item.unit,
            principal,
            now,
            field_prefix=f"items.{i}.",
            current=current,
        )
        for i, item in enumerate(data.items)
    ]
    session.flush()
    return results


def get_month(*, session: Session, product_id: int, month: date) -> Capacity | None:
    return session.scalar(
        select(Capacity).where(Capacity.product_id == product_id, Capacity.month == month)
    )


def list_capacity(
    *,
    session: Session,
    product_id: int,
    from_month: date | None = None,
    to_month: date | None = None,
) -> list[Capacity]:
    get_product(session=session, product_id=product_id)
    statement = select(Capacity).where(Capacity.product_id == product_id).order_by(Capacity.month)
    if from_month:
        statement = statement.where(Capacity.month >= from_month)
    if to_month:
        statement = statement.where(Capacity.month <= to_month)
    return list(session.scalars(statement))


def capacity_history(
    *, session: Session, product_id: int, month: date
) -> tuple[list[CapacityRevision], int | None]:
    """Every value the month has had, newest first, and the current revision number."""
    get_product(session=session, product_id=product_id)
    revisions = list(
        session.scalars(
            select(CapacityRevision)
            .where(CapacityRevision.product_id == product_id, CapacityRevision.month == month)
            .order_by(CapacityRevision.revision.desc())
        )
    )
    if not revisions:
        raise NotFound("capacity month", f"{month_label(month)} of product {product_id}")
    return revisions, revisions[0].revision


def to_read(
    capacity: Capacity, *, unit: str | None, unit_weight_kg: Decimal | None
) -> schemas.CapacityRead:
    """The figure as stored, or converted to `unit` when the caller asks for one."""
    quantity, shown_unit = capacity.quantity, capacity.unit
    if unit is not None and unit != capacity.unit:
        if capacity.quantity_g is None:
            raise Unprocessable(
                "unit", f"the {month_label(capacity.month)} figure has no known weight"
            )
        try:
            quantity = from_grams(capacity.quantity_g, unit, unit_weight_kg)
        except UnitError as exc:
            raise Unprocessable("unit", str(exc)) from None
        shown_unit = unit
    return schemas.CapacityRead(
        product_id=capacity.product_id,
        month=capacity.month,
        quantity=quantity,
        unit=shown_unit,
        quantity_kg=None if capacity.quantity_g is None else grams_to_kg(capacity.quantity_g),
        revision=capacity.revision,
        updated_at=capacity.updated_at,
        updated_by=capacity.updated_by,
    )


def revision_to_read(
    revision: CapacityRevision, current: int | None
) -> schemas.CapacityRevisionRead:
    return schemas.CapacityRevisionRead(
        product_id=revision.product_id,
        month=revision.month,
        revision=revision.revision,
        quantity=revision.quantity,
        unit=revision.unit,
        quantity_kg=None if revision.quantity_g is None else grams_to_kg(revision.quantity_g),
        recorded_at=revision.recorded_at,
        recorded_by=revision.recorded_by,
        audit_event_id=revision.audit_event_id,
        current=revision.revision == current,
    )
