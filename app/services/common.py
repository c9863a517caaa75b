"""Helpers shared by the service modules."""

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from app import schemas
from app.db import Base
from app.errors import NotFound
from app.models import Product, SupplyChange, Umkm

ModelT = TypeVar("ModelT", bound=Base)
ReadT = TypeVar("ReadT", bound=BaseModel)
# Writes lock rows FOR NO KEY UPDATE, the lock an UPDATE of non-key columns takes: no write
# changes a key, and unlike FOR UPDATE it lets the KEY SHARE lock of another transaction's
# foreign-key check through (a product's second UPDATE in a transaction checks its UMKM: under
# FOR UPDATE that deadlocked with a rename of the UMKM). Rows are locked in one order: the
# UMKM, then its products by id, then (through the product lock) their capacity months.
ROW_LOCK = {"key_share": True}


def get_or_404(
    session: Session, model: type[ModelT], row_id: int, resource: str, *, for_update: bool = False
) -> ModelT:
    """The row, or 404. `for_update` locks it (PostgreSQL) and re-reads it, for writes."""
    if for_update:
        row = session.get(model, row_id, with_for_update=ROW_LOCK, populate_existing=True)
    else:
        row = session.get(model, row_id)
    if row is None:
        raise NotFound(resource, row_id)
    return row


def paginate(
    session: Session, statement: Select[ModelT], *, limit: int, offset: int
) -> tuple[list[ModelT], int]:
    """One page of `statement` and the total count of rows it selects."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.scalars(statement.limit(limit).offset(offset)).all()
    return list(rows), int(total or 0)


def page(
    session: Session,
    statement: Select[ModelT],
    read: type[ReadT],
    *,
    limit: int,
    offset: int,
) -> schemas.Page[ReadT]:
    """One page of `statement`, each row as `read`, with the total count of rows."""
    rows, total = paginate(session, statement, limit=limit, offset=offset)
    page_type: type[schemas.Page[ReadT]] = schemas.Page[read]  # type: ignore[valid-type]
    return page_type.of(rows, total=total, limit=limit, offset=offset)


def apply_changes(row: Base, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set changed attributes; returns {field: (before, after)} for the ones that changed."""
    changed = {}
    for name, value in changes.items():
        before = getattr(row, name)
        if before != value:
            setattr(row, name, value)
            changed[name] = (before, value)
    return changed


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def touch_supply(
    session: Session, *, product_ids: Collection[int] = (), umkm_id: int | None = None
) -> None:
    """Mark products whose matching data changed, so every supply index reloads them: stamp
    them and append them to the supply change log, in the caller's transaction. For a whole
    UMKM, lock it, then its products in id order (ROW_LOCK's order)."""
    ids = set(product_ids)
    if umkm_id is not None:
        session.execute(select(Umkm.id).where(Umkm.id == umkm_id).with_for_update(key_share=True))
        ids.update(
            session.scalars(
                select(Product.id)
                .where(Product.umkm_id == umkm_id)
                .order_by(Product.id)
                .with_for_update(key_share=True)
            )
        )
    if ids:
        session.execute(
            update(Product)
            .where(Product.id.in_(sorted(ids)))
            .values(supply_changed_at=datetime.now(UTC))
        )
        session.execute(insert(SupplyChange), [{"product_id": i} for i in sorted(ids)])
