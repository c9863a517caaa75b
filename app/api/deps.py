"""Dependencies and OpenAPI fragments shared by the routers."""

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel

from app.schemas import Month


class FieldError(BaseModel):
    field: str
    location: str
    message: str
    type: str | None = None


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "model": Problem,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _problem("No API key, or one that is not valid or has been revoked"),
    403: _problem("The key's role may not do this"),
    404: _problem("A resource named in the path or body does not exist"),
    409: _problem("Conflicts with existing data (e.g. a duplicate NIB)"),
    413: _problem("The request body is larger than the service accepts"),
    422: _problem("The input is invalid; `errors` names each field and the reason"),
    429: _problem("Too many failed authentications from this address; retry later"),
}


Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
HsPrefix = Annotated[
    str | None, Query(pattern=r"^\d{2,8}$", description="HS code or its leading digits")
]
TextFilter = Annotated[str | None, Query(min_length=1, max_length=200)]
ProvinceFilter = Annotated[
    str | None, Query(pattern=r"^\d{2}$", description="Kemendagri province code, e.g. 64")
]
MonthPath = Month
# Primary keys are 32-bit integers on PostgreSQL; larger ids cannot exist.
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
