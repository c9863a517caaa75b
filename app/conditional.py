"""Optimistic concurrency: ETag on reads, If-Match / If-None-Match on writes (RFC 9110, 13.1).

A client that read a record sends its ETag back in If-Match; if the record changed in the
meantime the write is refused with 412 instead of silently overwriting the other change.
If-None-Match is the opposite test: ``*`` writes only if the record does not exist yet, a list
of ETags writes only if the record's current ETag is none of them (weak comparison, 13.1.2).
Writes without either header stay unconditional. Rows are locked (SELECT ... FOR UPDATE) before
the comparison, so two writers holding the same ETag cannot both pass it.
"""

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Header, Response

from app.errors import PreconditionFailed

IfMatch = Annotated[
    str | None,
    Header(
        max_length=512,
        description="the ETag you read; the write is refused with 412 if the record changed since",
    ),
]


def etag(resource: str, row_id: object, version: datetime | int) -> str:
    stamp = version.isoformat() if isinstance(version, datetime | date) else str(version)
    digest = hashlib.sha256(f"{resource}:{row_id}:{stamp}".encode()).hexdigest()[:20]
    return f'"{digest}"'


def _tags(header: str) -> list[str]:
    """The entity tags of an If-Match / If-None-Match value, weakness dropped."""
    return [tag for part in header.split(",") if (tag := part.strip().removeprefix("W/"))]


def check_if_match(if_match: str | None, current: str | None) -> None:
    """Raise 412 unless If-Match is absent or names the current ETag (or "*" and it exists)."""
    if if_match is None:
        return
    tags = _tags(if_match)
    if current is None:
        if tags:
            raise PreconditionFailed("If-Match was given but the record does not exist yet")
        return
    if "*" in tags or current in tags:
        return
    raise PreconditionFailed(
        f"the record changed since it was read (its ETag is now {current}); read it again and retry"
    )


def check_if_none_match(if_none_match: str | None, current: str | None) -> None:
    """Raise 412 if If-None-Match holds against the record: ``*`` and the record exists, or
    a listed ETag is its current one (RFC 9110, 13.1.2). An ETag list that does not name the
    current version, or a record that does not exist, lets the write go on."""
    if if_none_match is None or current is None:
        return
    tags = _tags(if_none_match)
    if "*" in tags:
        raise PreconditionFailed(f"If-None-Match is * and the record exists (ETag {current})")
    if current.removeprefix("W/") in tags:
        raise PreconditionFailed(f"If-None-Match names the record's current ETag {current}")


def set_etag(response: Response, value: str) -> None:
    response.headers["ETag"] = value


class Versioned(Protocol):
    id: Any
    updated_at: datetime


RowT = TypeVar("RowT", bound=Versioned)


def row_etag(resource: str, row: Versioned) -> str:
    return etag(resource, row.id, row.updated_at)


def guarded_write(
    response: Response | None,
    if_match: str | None,
    resource: str,
    lock: Callable[[], Versioned],
    write: Callable[[], RowT],
) -> RowT:
    """Lock the row, compare If-Match with its ETag, write, and send the new ETag."""
    check_if_match(if_match, row_etag(resource, lock()))
    row = write()
    if response is not None:
        set_etag(response, row_etag(resource, row))
    return row
