"""The UMKM directory in the console: search by name, product, regency (by its name) and
koperasi; an UMKM's page with products, capacity history, certificates, readiness grade and
development plan. Gettext domain ``directory``."""

from fastapi import APIRouter

from app.principal import Role
from app.web import navigation
from app.web.directory import umkm
from app.web.i18n import N_

router = APIRouter(include_in_schema=False)
router.include_router(umkm.router)

navigation.register(
    navigation.NavItem(N_("UMKM directory"), "/console/umkm", frozenset({Role.STAFF}), 30)
)
