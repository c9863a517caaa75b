"""Spreadsheet imports: the job and its row-by-row report."""

from datetime import datetime
from typing import Any

from pydantic import Field

from app.schemas.base import ReadSchema


class ImportJobRead(ReadSchema):
    id: int
    office_id: int
    kind: str
    filename: str
    dry_run: bool
    status: str = Field(
        description="checked (a dry run), done (written), refused (invalid rows: nothing written)"
    )
    created_at: datetime
    created_by: str
    counts: dict[str, int] = Field(description="rows per status: new, update, unchanged, invalid")
    rows: list[dict[str, Any]] = Field(
        description="per spreadsheet row: row (its number), status, key, and for invalid rows "
        "errors [{column, id (Indonesian), en (English)}]; for updates the changed fields"
    )
