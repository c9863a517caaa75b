"""Import in the console: upload a register (UMKM, products, capacity, certificates), read
the dry-run report row by row, then import; download templates and exports. Gettext domain
``imports``."""

from fastapi import APIRouter

from app.principal import Role
from app.web import navigation
from app.web.i18n import N_
from app.web.imports import registers

router = APIRouter(include_in_schema=False)
router.include_router(registers.router)

navigation.register(
    navigation.NavItem(N_("Import"), "/console/imports", frozenset({Role.STAFF}), 60)
)
