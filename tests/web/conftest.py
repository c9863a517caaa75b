from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.web import auth
from tests.conftest import app_on_session


@pytest.fixture(autouse=True)
def _fresh_sign_in_limits() -> None:
    auth.reset_sign_in_failures()


@pytest.fixture
def page_client(session: Session) -> Iterator[TestClient]:
    """A browser-like client of the pages (cookies kept, no API key)."""
    with TestClient(app_on_session(session), raise_server_exceptions=True) as client:
        yield client
