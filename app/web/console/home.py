"""The console's home: what needs the officer today."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.db import SessionDep
from app.web.auth import StaffUser
from app.web.templating import render

router = APIRouter()


@router.get("/console")
def home(http: Request, user: StaffUser, session: SessionDep) -> HTMLResponse:
    return render(http, "console/home.html", {})
