"""The audit trail: every write records who, what (before/after of changed fields) and when."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import schemas
from app.db import Base
from app.models import AuditEvent
from app.principal import Principal
from app.services.common import apply_changes, page


def _plain(value: Any) -> Any:
    """JSON-safe copy of a column value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record(
    session: Session,
    *,
    principal: Principal,
    action: str,
    resource: str,
    resource_id: object,
    changes: dict[str, tuple[Any, Any]],
    office_id: int | None = None,
    flush: bool = True,
) -> AuditEvent:
    """Add an audit event; `changes` maps each changed field to (before, after). The event
    names `office_id` (the office of the record) or else the office of the actor."""
    event = AuditEvent(
        actor=principal.label,
        account_id=principal.account_id,
        api_key_id=principal.api_key_id,
        office_id=office_id if office_id is not None else principal.office_id,
        action=action,
        resource=resource,
        resource_id=str(resource_id),
        changes={
            name: {"before": _plain(before), "after": _plain(after)}
            for name, (before, after) in changes.items()
        },
    )
    session.add(event)
    if flush:  # callers that need event.id at once; bulk writers flush once at the end
        session.flush()
    return event


Changes = dict[str, tuple[Any, Any]]


def update(
    session: Session,
    *,
    principal: Principal,
    row: Base,
    resource: str,
    resource_id: object,
    changes: dict[str, Any],
    then: Callable[[Changes], None] | None = None,
) -> Changes:
    """Apply `changes` to `row`, let `then` check the result and add what follows from it
    (it may raise, and may add derived fields to the changed ones), record one ``update``
    audit event when anything changed, and flush. Returns {field: (before, after)}."""
    changed = apply_changes(row, changes)
    if then is not None:
        then(changed)
    if changed:
        record(
            session,
            principal=principal,
            action="update",
            resource=resource,
            resource_id=resource_id,
            changes=changed,
            office_id=getattr(row, "office_id", None),
        )
    session.flush()
    return changed


def created(row: object, fields: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    return {name: (None, getattr(row, name)) for name in fields}


def list_events(
    *,
    session: Session,
    limit: int,
    offset: int,
    resource: str | None = None,
    resource_id: str | None = None,
    account_id: int | None = None,
) -> schemas.Page[schemas.AuditEventRead]:
    statement = select(AuditEvent).order_by(AuditEvent.id.desc())
    if resource:
        statement = statement.where(AuditEvent.resource == resource)
    if resource_id:
        statement = statement.where(AuditEvent.resource_id == resource_id)
    if account_id:
        statement = statement.where(AuditEvent.account_id == account_id)
    return page(session, statement, schemas.AuditEventRead, limit=limit, offset=offset)
