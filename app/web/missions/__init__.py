"""Trade missions in the console (issue 15 through issue 16): plan a mission, add
participants, review the suggested meetings, run the scheduler, print the agendas, record
deals and deliveries, read the report. Gettext domain ``missions``."""

from fastapi import APIRouter

from app.principal import Role
from app.web import navigation
from app.web.i18n import N_
from app.web.missions import deals, missions

router = APIRouter(include_in_schema=False)
router.include_router(missions.router)
router.include_router(deals.router)

navigation.register(
    navigation.NavItem(N_("Trade missions"), "/console/missions", frozenset({Role.STAFF}), 50)
)
