"""The console's home: what needs the officer today."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.api.deps import supply_index
from app.config import settings
from app.db import SessionDep
from app.services import attention
from app.web.auth import StaffUser
from app.web.templating import render

router = APIRouter()


@router.get("/console")
def home(http: Request, user: StaffUser, session: SessionDep) -> HTMLResponse:
    index = supply_index(http)
    today = index.today()
    return render(
        http,
        "console/home.html",
        {
            "today": today,
            "coverage": attention.open_request_coverage(session=session, index=index),
            "stale": attention.stale_umkm(
                session=session, today=today, stale_after_months=settings.stale_after_months
            ),
            "expiring": attention.expiring_certificates(session=session, today=today),
            "warning_days": attention.CERTIFICATE_WARNING_DAYS,
            "gaps": attention.biggest_gaps(session=session, index=index),
            "stale_after_months": settings.stale_after_months,
        },
    )
