"""The FastAPI application."""

from fastapi import FastAPI

from app.api import accounts, buyers, health, umkm
from app.config import settings
from app.errors import install_error_handlers
from app.limits import BodySizeLimit

API_PREFIX = "/api/v1"


def create_app() -> FastAPI:
    app = FastAPI(
        title="Temu Dagang",
        version="0.1.0",
        description=(
            "Buyer–UMKM export-readiness matchmaking: buyer requests with a monthly quota and "
            "continuity, UMKM capacity profiles, ranked matches with gap flags."
        ),
    )
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(health.router)
    app.include_router(buyers.router, prefix=API_PREFIX)
    app.include_router(umkm.router, prefix=API_PREFIX)
    app.include_router(accounts.router, prefix=API_PREFIX)
    return app


app = create_app()
