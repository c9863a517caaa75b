"""The FastAPI application."""

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from app import observability, web
from app.api import (
    accounts,
    buyers,
    capacity,
    certificates,
    deals,
    duplicates,
    health,
    imports,
    matches,
    missions,
    offices,
    products,
    reports,
    umkm,
)
from app.api.deps import reject_unknown_query
from app.backup import server_lock
from app.config import settings
from app.db import RetryAbortedTransactions, SessionFactory
from app.edge import CorsMiddleware, HeadAsGet, ServerErrorAsProblem
from app.errors import TooManyFailures, install_error_handlers, problem
from app.jsonbody import NoDuplicateKeys
from app.limits import BodySizeLimit
from app.services.matching import SupplyIndex

API_PREFIX = "/api/v1"
logger = logging.getLogger("app")


def _build_index(index: SupplyIndex) -> None:
    started = time.perf_counter()
    with SessionFactory() as session:
        count = index.build(session)
    logger.info("supply index: %d products in %.2f s", count, time.perf_counter() - started)


def _save_index(index: SupplyIndex) -> None:
    with SessionFactory() as session:
        index.save_snapshot(session)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # While the server runs, `temu-dagang restore` refuses to replace its SQLite file.
    with server_lock(settings.database_url):
        # Cold build at start-up, so the first match does not pay for it.
        if settings.build_match_index:
            await run_in_threadpool(_build_index, app.state.supply_index)
        yield
        if settings.match_snapshot and app.state.supply_index.built:
            # the next start loads it and reads only the changes since (issue 17)
            await run_in_threadpool(_save_index, app.state.supply_index)


async def _too_many_failures(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TooManyFailures)
    response = problem(exc.status, exc.slug, exc.title, exc.detail)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def create_app() -> FastAPI:
    app = FastAPI(
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
        title="Temu Dagang",
        # /docs is served from the app's own copy of Swagger UI (app.web.pages), so it works
        # offline; ReDoc is left out (one reference page is enough).
        docs_url=None,
        redoc_url=None,
        version="0.1.0",
        description=(
            "Buyer–UMKM export-readiness matchmaking: buyer requests with a monthly quota and "
            "continuity, UMKM capacity profiles, ranked matches with gap flags."
        ),
    )
    app.state.supply_index = SupplyIndex(
        stale_after_months=settings.stale_after_months,
        on_query=observability.observe_match,
        snapshot_path=settings.match_snapshot or None,
    )
    # A path with a trailing slash is a 404, not a redirect built from the Host header.
    app.router.redirect_slashes = False
    install_error_handlers(app)
    app.add_exception_handler(TooManyFailures, _too_many_failures)
    # Each add_middleware wraps the ones before: the last added sees the request first.
    app.add_middleware(RetryAbortedTransactions)  # innermost: runs a request again as a whole
    app.add_middleware(ServerErrorAsProblem)  # innermost: a 500 passes CORS and the log
    app.add_middleware(HeadAsGet)
    app.add_middleware(NoDuplicateKeys)  # inside BodySizeLimit: reads bodies within the limit
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        uploads=(f"{API_PREFIX}/imports", settings.max_import_bytes),
    )
    if origins := settings.cors_origins:
        app.add_middleware(
            CorsMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"]
            + ["X-Request-ID"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID"],
            max_age=600,
        )
    observability.install(app)  # outermost, so it logs 413s, preflights and 500s too
    app.include_router(health.router)
    app.include_router(buyers.router, prefix=API_PREFIX)
    app.include_router(umkm.router, prefix=API_PREFIX)
    app.include_router(products.router, prefix=API_PREFIX)
    app.include_router(capacity.router, prefix=API_PREFIX)
    app.include_router(certificates.router, prefix=API_PREFIX)
    app.include_router(matches.router, prefix=API_PREFIX)
    app.include_router(reports.router, prefix=API_PREFIX)
    app.include_router(accounts.router, prefix=API_PREFIX)
    app.include_router(missions.router, prefix=API_PREFIX)
    app.include_router(deals.router, prefix=API_PREFIX)
    app.include_router(offices.router, prefix=API_PREFIX)
    app.include_router(imports.router, prefix=API_PREFIX)
    app.include_router(duplicates.router, prefix=API_PREFIX)
    web.install(app)  # the pages: after the error handlers, which it extends for HTML
    return app


app = create_app()
