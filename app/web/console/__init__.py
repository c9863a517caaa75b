"""The console for dinas staff (and admins): ``/console/...``. Gettext domain ``console``."""

from fastapi import APIRouter

from app.principal import Role
from app.web import navigation
from app.web.console import home
from app.web.i18n import N_

router = APIRouter(include_in_schema=False)
router.include_router(home.router)

navigation.register(navigation.NavItem(N_("Today"), "/console", frozenset({Role.STAFF}), 10))
