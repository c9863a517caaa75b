"""The console for dinas staff (and admins): ``/console/...``. Gettext domain ``console``."""

from fastapi import APIRouter

from app.principal import Role
from app.web import navigation
from app.web.console import buyers, home, matches, requests
from app.web.i18n import N_

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(buyers.router)
router.include_router(requests.router)  # before matches: /console/requests/new is not an id
router.include_router(matches.router)

STAFF = frozenset({Role.STAFF})
navigation.register(
    navigation.NavItem(N_("Today"), "/console", STAFF, 10),
    navigation.NavItem(N_("Buyer requests"), "/console/requests", STAFF, 20),
    navigation.NavItem(N_("Buyers"), "/console/buyers", STAFF, 30),
)
