"""Reports in the console: the supply-gap report as a table and a chart, downloadable as CSV
and XLSX. Gettext domain ``reports``."""

from fastapi import APIRouter

from app.principal import Role
from app.web import navigation
from app.web.i18n import N_
from app.web.reports import supply_gap

router = APIRouter(include_in_schema=False)
router.include_router(supply_gap.router)

navigation.register(
    navigation.NavItem(N_("Reports"), "/console/reports/supply-gap", frozenset({Role.STAFF}), 40)
)
