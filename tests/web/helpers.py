"""Helpers for page tests (TestClient): accounts with passwords, signing in, CSRF tokens."""

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import schemas, security
from app.models import Account
from app.services import accounts, web_sessions

PASSWORD = "rahasia-123"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_account(
    session: Session,
    role: str = "staff",
    *,
    name: str = "",
    umkm_id: int | None = None,
    office_id: int | None = None,
    email: str | None = None,
    password: str = PASSWORD,
) -> Account:
    """An account of `role` with a console password."""
    account, _, _ = accounts.create_account(
        session=session,
        data=schemas.AccountCreate(
            name=name or f"page {role}",
            role=schemas.AccountRole(role),
            umkm_id=umkm_id,
            office_id=office_id,
        ),
        principal=security.SYSTEM,
    )
    if role != "client":
        web_sessions.set_password(
            session=session,
            account_id=account.id,
            password=password,
            principal=security.SYSTEM,
            email=email,
        )
    session.commit()
    return account


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, login: str, password: str = PASSWORD) -> str:
    """Sign `client` in; the CSRF token of the signed-in session."""
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"login": login, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return web_sessions.csrf_token_for(client.cookies["td_session"])
