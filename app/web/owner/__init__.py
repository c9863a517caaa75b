"""The UMKM owner's pages (a phone, 360 px, a weak connection): ``/owner/...``. Gettext
domain ``owner``. An owner sees only their own UMKM: the pages take the UMKM from the
signed-in account (``OwnerUser``), never from the address, and the services check the rest
(a product of another UMKM is 404, as in the API)."""

from fastapi import APIRouter

from app.web.owner import link, pages

router = APIRouter(include_in_schema=False)
router.include_router(link.router)
router.include_router(pages.router)
