"""Request ids, one JSON access-log line per request, and Prometheus metrics.

``RequestObserver`` is pure ASGI middleware (not ``BaseHTTPMiddleware``), so streamed
responses and the body-size limit keep working. For each HTTP request it

- takes ``X-Request-ID`` from the request when it is a sane token, else makes one, and echoes
  it in the response header of the same name;
- logs one JSON line on the ``app.access`` logger (time, request_id, method, route template,
  url with credentials redacted, status, latency_ms, client, account_id when the request
  authenticated); no API key reaches a log line;
- observes ``http_request_duration_seconds`` and counts ``http_requests_total``.

The account id is read from ``request.state.account_id``, which ``app.security.authenticate``
sets; the route template from the route Starlette matched (``scope["route"]``), so a label
never carries an id.

``GET /metrics`` answers in the Prometheus text format without authentication: it is meant
for a scraper on the same host and holds counts and timings only, no business data. With
several uvicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory before start;
/metrics then adds up the files every worker writes there.
"""

import json
import logging
import os
import re
import time
import uuid
import weakref
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services.matching import SupplyIndex

__all__ = [
    "REQUEST_ID_HEADER",
    "JsonFormatter",
    "RedactSecrets",
    "RequestObserver",
    "install",
    "logging_config",
    "observe_match",
]

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Requests no route matched share one label, so a scan of random URLs adds no series.
UNMATCHED_ROUTE = "<unmatched>"
access_logger = logging.getLogger("app.access")
# Query parameters whose values are credentials, whatever the route: never logged.
SECRET_PARAMETERS = frozenset(
    {
        "key",
        "api_key",
        "apikey",
        "api-key",
        "token",
        "access_token",
        "auth",
        "authorization",
        "password",
        "secret",
        "client_secret",
        "refresh_token",
        "id_token",
    }
)
# An API key as app.security makes them (td_<hex id>_<urlsafe secret>), anywhere in a line.
API_KEY_SHAPE = re.compile(r"td_[0-9A-Za-z]+_[0-9A-Za-z_\-]+")
REDACTED_KEY = "td_REDACTED"

# Seconds; from sub-millisecond health checks to a slow cold match.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, in seconds",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
MATCH_DURATION = Histogram(
    "match_duration_seconds",
    "Time spent in one SupplyIndex.query call (catch-up with the database included), seconds",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
# Route template -> the `endpoint` label of match_duration_seconds.
MATCH_ENDPOINTS = {
    "/api/v1/buyer-requests/{request_id}/matches": "request",
    "/api/v1/matches": "try",
    "/api/v1/umkm/{umkm_id}/opportunities": "opportunities",
}
# The scope of the request being served, visible in the thread pool that runs sync routes.
_current_scope: ContextVar[Scope | None] = ContextVar("temu_dagang_scope", default=None)


def route_template(scope: Scope) -> str:
    """The path template of the route that handled the request, include prefixes and all."""
    # Since FastAPI 0.137 scope["route"] of a route added by include_router() lacks the
    # prefix (fastapi/fastapi#16051); the full template is in FastAPI's effective route
    # context, where Sentry's integration reads it too.
    fastapi_scope = scope.get("fastapi")
    context = fastapi_scope.get("effective_route_context") if fastapi_scope else None
    for holder in (context, scope.get("route")):
        path = getattr(holder, "path_format", None) or getattr(holder, "path", None)
        if isinstance(path, str) and path:
            return path
    return UNMATCHED_ROUTE


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate: str = value.decode("latin-1")
            if SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestObserver:
    """ASGI middleware: request id, access log line and HTTP metrics for every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope)
        # request.state is this dict: routes and dependencies can read the id and leave the
        # account id here for the log line.
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500  # what the client gets if the app fails before it starts a response
        header = (REQUEST_ID_HEADER.lower().encode(), request_id.encode())

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        token = _current_scope.set(scope)
        try:
            await self.app(scope, receive, observing_send)
        finally:
            _current_scope.reset(token)
            self._observe(scope, state, request_id, status, time.perf_counter() - started)

    @staticmethod
    def _observe(
        scope: Scope, state: dict[str, Any], request_id: str, status: int, seconds: float
    ) -> None:
        route = route_template(scope)
        method = scope["method"]
        labels = {"method": method, "route": route, "status": str(status)}
        HTTP_DURATION.labels(**labels).observe(seconds)
        HTTP_REQUESTS.labels(**labels).inc()
        client = scope.get("client")
        url = redact_url(
            scope.get("root_path", "") + scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
        )
        access_logger.info(
            "%s %s %d",
            method,
            url,
            status,
            extra={
                "access": {
                    "request_id": request_id,
                    "method": method,
                    "path": route,
                    "url": url,
                    "status": status,
                    "latency_ms": round(seconds * 1000, 2),
                    "client": client[0] if client else None,
                    "account_id": state.get("account_id"),
                }
            },
        )


def redact(text: str) -> str:
    """`text` with every API key (``td_<id>_<secret>``) in it replaced by ``td_REDACTED``."""
    return API_KEY_SHAPE.sub(REDACTED_KEY, text)


def redact_url(path: str, query: str) -> str:
    """The URL for the access log: values of parameters that carry credentials (``key``,
    ``api_key``, ``token``, ...) replaced by ``REDACTED``, and anything shaped like an API key,
    wherever it is, replaced too. The rest of the query is kept as the client sent it."""
    if query:
        parts = []
        for part in query.split("&"):
            name, equals, _ = part.partition("=")
            if equals and unquote_plus(name).strip().lower() in SECRET_PARAMETERS:
                part = f"{name}=REDACTED"
            parts.append(part)
        path = f"{path}?{'&'.join(parts)}"
    return redact(path)


class RedactSecrets(logging.Filter):
    """Removes API keys from a record's message (arguments included) before any handler
    formats it; `logging_config` puts it on every handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if API_KEY_SHAPE.search(message):
            record.msg, record.args = redact(message), None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC ISO 8601), level, logger, message, and the
    fields of the record's ``access`` extra, if any, at the top level. API keys anywhere in
    the line (a traceback's text included) are redacted."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        access = getattr(record, "access", None)
        if isinstance(access, dict):
            line.update(access)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(line, ensure_ascii=False, default=str))


def logging_config() -> dict[str, Any]:
    """uvicorn's logging configuration plus JSON access lines on stdout (`serve` uses it)."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = json.loads(json.dumps(LOGGING_CONFIG))
    config["formatters"]["json"] = {"()": f"{__name__}.JsonFormatter"}
    config["handlers"]["access_json"] = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": "ext://sys.stdout",
    }
    config["filters"] = {"redact_secrets": {"()": f"{__name__}.RedactSecrets"}}
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "redact_secrets"]
    config["loggers"]["app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    config["loggers"]["app.access"] = {
        "handlers": ["access_json"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def observe_match(seconds: float) -> None:
    """``SupplyIndex``'s ``on_query`` hook: one observation of ``match_duration_seconds``.

    The ``endpoint`` label comes from the route of the request being served (request, try,
    opportunities; ``other`` outside those routes). Opportunities query once per open
    request, so each of those calls is one observation.
    """
    scope = _current_scope.get()
    endpoint = MATCH_ENDPOINTS.get(route_template(scope), "other") if scope else "other"
    MATCH_DURATION.labels(endpoint=endpoint).observe(seconds)


class IndexSizeCollector(Collector):
    """``match_index_products``: products in the supply index of the app last scraped."""

    def __init__(self) -> None:
        self.index: weakref.ref[SupplyIndex] | None = None

    def collect(self) -> Iterable[Metric]:
        index = self.index() if self.index is not None else None
        # Read without the index's lock: a scrape may see it mid-upsert.
        yield GaugeMetricFamily(
            "match_index_products",
            "Products in this process's in-memory matching index (0 until it is built)",
            value=index.size if index is not None else 0,
        )


_index_size = IndexSizeCollector()
REGISTRY.register(_index_size)


def _metrics_registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    # Several workers: add up what each one wrote to the shared directory.
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    registry.register(_index_size)
    return registry


def metrics(http: Request) -> Response:
    _index_size.index = weakref.ref(http.app.state.supply_index)
    return Response(generate_latest(_metrics_registry()), media_type=CONTENT_TYPE_LATEST)


def install(app: FastAPI) -> None:
    """Add the middleware (outermost, so it sees 413s and 500s too) and ``GET /metrics``."""
    app.add_middleware(RequestObserver)
    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
