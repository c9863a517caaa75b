"""The FastAPI application."""

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from app import observability
from app.api import accounts, buyers, health, matches, reports, umkm
from app.api.deps import reject_unknown_query
from app.config import settings
from app.db import RetryAbortedTransactions, SessionFactory
from app.errors import install_error_handlers
from app.limits import BodySizeLimit
from app.services.matching import SupplyIndex

API_PREFIX = "/api/v1"
logger = logging.getLogger("app")


def _build_index(index: SupplyIndex) -> None:
    started = time.perf_counter()
    with SessionFactory() as session:
        count = index.build(session)
    logger.info("matching index: %d products in %.2f s", count, time.perf_counter() - started)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Cold build at start-up, so the first match does not pay for it.
    if settings.build_match_index:
        await run_in_threadpool(_build_index, app.state.supply_index)
    yield


def create_app() -> FastAPI:
    app = FastAPI(
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_query)],
        title="Temu Dagang",
        version="0.1.0",
        description=(
            "Buyer–UMKM export-readiness matchmaking: buyer requests with a monthly quota and "
            "continuity, UMKM capacity profiles, ranked matches with gap flags."
        ),
    )
    app.state.supply_index = observability.TimedSupplyIndex(
        stale_after_months=settings.stale_after_months
    )
    install_error_handlers(app)
    app.add_middleware(RetryAbortedTransactions)  # innermost: runs a request again as a whole
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    observability.install(app)  # after BodySizeLimit: outermost, so it logs 413s too
    app.include_router(health.router)
    app.include_router(buyers.router, prefix=API_PREFIX)
    app.include_router(umkm.router, prefix=API_PREFIX)
    app.include_router(matches.router, prefix=API_PREFIX)
    app.include_router(reports.router, prefix=API_PREFIX)
    app.include_router(accounts.router, prefix=API_PREFIX)
    return app


app = create_app()
