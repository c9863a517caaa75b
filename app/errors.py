"""One error family, rendered as RFC 9457 problem details (application/problem+json)."""

import logging
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "urn:temu-dagang:problem:"
logger = logging.getLogger(__name__)


class AppError(Exception):
    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, *, errors: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)


class NotFound(AppError):
    status = 404
    slug = "not-found"
    title = "Not found"

    def __init__(self, resource: str, resource_id: object) -> None:
        super().__init__(f"{resource} {resource_id} does not exist")


class Forbidden(AppError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class Conflict(AppError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class Unprocessable(AppError):
    """Well-formed input that cannot be acted on; names the field at fault."""

    status = 422
    slug = "validation-error"
    title = "Request validation failed"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            f"{field}: {message}",
            errors=[{"field": field, "location": f"body.{field}", "message": message}],
        )


class UnknownParameter(AppError):
    """A query parameter the operation does not have."""

    status = 422
    slug = "validation-error"
    title = "Request validation failed"


class Unauthorized(AppError):
    status = 401
    slug = "unauthorized"
    title = "Unauthorized"


class TooManyFailures(AppError):
    """429; ``retry_after``: seconds until the address may fail again (Retry-After)."""

    status = 429
    slug = "too-many-failed-authentications"
    title = "Too many failed authentications"

    def __init__(self, detail: str, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PreconditionFailed(AppError):
    status = 412
    slug = "precondition-failed"
    title = "Precondition failed"


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        # loc is ("body", "quantity") or ("query", "limit"); the field is what follows.
        field = ".".join(loc[1:]) or loc[0] if loc else ""
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        errors.append(
            {
                "field": field,
                "location": ".".join(loc),
                "message": message,
                "type": error.get("type"),
            }
        )
    return errors


async def _validation_handler(http: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    detail = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
    )
    return problem(422, "validation-error", "Request validation failed", detail, errors=errors)


async def _app_error_handler(http: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    extra: dict[str, Any] = {"errors": exc.errors} if exc.errors else {}
    return problem(exc.status, exc.slug, exc.title, exc.detail, **extra)


def _allowed_methods(http: Request) -> str | None:
    """The methods the documented API offers on this path (Starlette's own 405 names only
    those of the first route that matched the path)."""
    app = http.app
    patterns = getattr(app.state, "path_methods", None)
    if patterns is None:
        patterns = []
        for template, operations in app.openapi()["paths"].items():
            regex = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
            methods = {m.upper() for m in operations if m.upper() != "PARAMETERS"}
            if "GET" in methods:  # every GET route answers HEAD too (app.edge)
                methods.add("HEAD")
            patterns.append((re.compile(f"^{regex}$"), sorted(methods)))
        app.state.path_methods = patterns
    allowed = sorted(
        {m for regex, methods in patterns if regex.match(http.url.path) for m in methods}
    )
    return ", ".join(allowed) if allowed else None


async def _http_handler(http: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 413: "Content too large"}
    response = problem(
        exc.status_code,
        "http-" + str(exc.status_code),
        titles.get(exc.status_code, "HTTP error"),
        str(exc.detail),
    )
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405 and (allowed := _allowed_methods(http)):
        response.headers["Allow"] = allowed
    return response


async def _integrity_handler(http: Request, exc: Exception) -> JSONResponse:
    # Services check uniqueness and parents first; this catches the race between two writers.
    logger.warning("integrity error: %s", exc)
    return problem(
        409,
        "conflict",
        "Conflict",
        "the change conflicts with data written at the same time; read and retry",
    )


async def _operational_handler(http: Request, exc: Exception) -> JSONResponse:
    logger.error("database unavailable: %s", exc)
    return problem(
        503,
        "database-unavailable",
        "Service unavailable",
        "the database did not answer; retry shortly",
    )


async def _unexpected_handler(http: Request, exc: Exception) -> JSONResponse:
    # A bug: the transaction was rolled back by the session dependency; say so plainly.
    logger.exception("unhandled error on %s %s", http.method, http.url.path)
    return problem(
        500,
        "internal-error",
        "Internal server error",
        "the service failed on this request; nothing it was asked to write was kept",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(AppError, _app_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(IntegrityError, _integrity_handler)
    app.add_exception_handler(OperationalError, _operational_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
