"""Dependencies and OpenAPI fragments shared by the routers."""

from typing import Annotated, Any

import pydantic_core
from fastapi import Path, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel

from app.errors import UnknownParameter
from app.schemas import Month
from app.schemas.types import no_control_text
from app.services.matching import SupplyIndex


class JsonBytes(Response):
    """JSON written by pydantic's core straight from plain data (dicts, lists, strings, numbers,
    dates), as FastAPI would write the route's response model, but without building the model:
    for the hot match routes. NaN and infinities become null, as in a model's JSON."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return pydantic_core.to_json(content, inf_nan_mode="null")


def supply_index(http: Request) -> SupplyIndex:
    """The process's supply index (made by `app.main.create_app`)."""
    index: SupplyIndex = http.app.state.supply_index
    return index


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
    400: _problem("The body could not be read as JSON"),
    401: _problem("No API key, or one that is not valid or has been revoked"),
    403: _problem("The key's role may not do this"),
    404: _problem("A resource named in the path or body does not exist"),
    409: _problem("Conflicts with existing data (e.g. a duplicate NIB)"),
    412: _problem("If-Match / If-None-Match did not hold: the record changed since it was read"),
    413: _problem("The request body is larger than the service accepts"),
    422: _problem("The input is invalid; `errors` names each field and the reason"),
    429: _problem("Too many failed authentications from this address; retry later"),
}


Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
HsPrefix = Annotated[
    str | None, Query(pattern=r"^\d{2,8}$", description="HS code or its leading digits")
]
TextFilter = Annotated[
    str | None, Query(min_length=1, max_length=200), AfterValidator(no_control_text)
]
ProvinceFilter = Annotated[
    str | None, Query(pattern=r"^\d{2}$", description="Kemendagri province code, e.g. 64")
]
MonthPath = Month
# Primary keys are 32-bit integers on PostgreSQL; larger ids cannot exist.
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]


_declared: dict[int, frozenset[str]] = {}


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(http: Request) -> None:
    """Refuse query parameters the operation does not have: `?staus=open` is a typo, not a
    request for everything. (async: it does no I/O, so it runs on the event loop instead of
    costing every request a trip to the thread pool.)"""
    route = http.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    names = _declared.get(id(route))
    if names is None:
        names = _declared[id(route)] = frozenset(_query_names(route.dependant))
    unknown = sorted(set(http.query_params) - names)
    if unknown:
        raise UnknownParameter(
            "; ".join(f"{name}: is not a query parameter of this operation" for name in unknown),
            errors=[
                {
                    "field": name,
                    "location": f"query.{name}",
                    "message": "is not a query parameter of this operation",
                }
                for name in unknown
            ],
        )
