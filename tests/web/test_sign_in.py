"""Sign-in, sessions, CSRF, roles and languages of the pages (TestClient, both databases)."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.config import settings
from app.models import WebSession
from app.services import web_sessions
from tests.api.helpers import make_umkm
from tests.web.helpers import PASSWORD, csrf_of, make_account, sign_in


def test_sign_in_page_is_indonesian_with_labelled_inputs(page_client: TestClient) -> None:
    page = page_client.get("/sign-in")
    assert page.status_code == 200
    assert '<html lang="id">' in page.text
    assert "Nama atau e-mail" in page.text and "Kata sandi atau PIN" in page.text
    for name in ("login", "password"):
        assert f'<label for="f-{name}">' in page.text and f'id="f-{name}"' in page.text
    assert 'aria-live="polite"' in page.text


def test_staff_signs_in_by_name_or_email_and_lands_on_the_console(
    page_client: TestClient, session: Session
) -> None:
    make_account(session, name="Sari Staf", email="Sari@Dinas.example.org")
    token = csrf_of(page_client.get("/sign-in").text)
    answer = page_client.post(
        "/sign-in",
        data={"login": "sari@dinas.example.org", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/console"
    cookie = answer.headers["set-cookie"]
    assert "td_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in this test
    home = page_client.get("/console")
    assert home.status_code == 200 and "Sari Staf" in home.text
    page_client.cookies.clear()
    sign_in(page_client, "SARI STAF")  # the name, in any case
    assert page_client.get("/console").status_code == 200


def test_session_cookie_is_secure_over_https(session: Session) -> None:
    from tests.conftest import app_on_session

    make_account(session, name="Https Staf")
    with TestClient(app_on_session(session), base_url="https://testserver") as client:
        token = csrf_of(client.get("/sign-in").text)
        answer = client.post(
            "/sign-in",
            data={"login": "Https Staf", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_is_refused_then_rate_limited(
    page_client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_account(session, name="Budi Staf")
    monkeypatch.setattr(settings, "sign_in_failures_per_minute", 3)
    token = csrf_of(page_client.get("/sign-in").text)
    form = {"login": "Budi Staf", "password": "salah-sekali", "csrf_token": token}
    for _ in range(3):
        answer = page_client.post("/sign-in", data=form)
        assert answer.status_code == 401
        assert "Nama/e-mail atau kata sandi salah." in answer.text
    blocked = page_client.post("/sign-in", data=form | {"password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits
    assert "Terlalu banyak percobaan masuk yang gagal" in blocked.text
    assert int(blocked.headers["retry-after"]) >= 1


def test_a_client_account_cannot_sign_in(page_client: TestClient, session: Session) -> None:
    client_account = make_account(session, "client", name="Aplikasi Mitra")
    # a client has no password; even one set by hand does not open the console
    session.execute(
        update(type(client_account))
        .where(type(client_account).id == client_account.id)
        .values(password_hash=web_sessions.hash_password(PASSWORD))
    )
    session.commit()
    token = csrf_of(page_client.get("/sign-in").text)
    answer = page_client.post(
        "/sign-in", data={"login": "Aplikasi Mitra", "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 403
    assert "Akun klien memakai kunci API" in answer.text
    assert "td_session" not in page_client.cookies


def test_an_owner_lands_on_the_owner_pages_and_not_the_console(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    umkm = make_umkm(client)
    make_account(session, "umkm", name="Ibu Pemilik", umkm_id=umkm["id"])
    token = csrf_of(page_client.get("/sign-in").text)
    answer = page_client.post(
        "/sign-in",
        data={"login": "Ibu Pemilik", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/owner"
    refused = page_client.get("/console")
    assert refused.status_code == 403
    assert "Halaman ini bukan untuk akun Anda." in refused.text


def test_pages_need_a_session(page_client: TestClient) -> None:
    answer = page_client.get("/console", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/console"
    htmx = page_client.get("/console", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.headers["hx-redirect"] == "/sign-in?next=/console"


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(
    page_client: TestClient, session: Session
) -> None:
    make_account(session, name="Nina Staf")
    token = csrf_of(page_client.get("/sign-in").text)
    form = {"login": "Nina Staf", "password": PASSWORD, "csrf_token": token}
    answer = page_client.post(
        "/sign-in", data=form | {"next": "/console?x"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/console?x"
    for target in ("//evil.example", "https://evil.example/", "/\\evil.example"):
        token = csrf_of(page_client.get("/sign-in").text)  # each sign-in makes a new session
        answer = page_client.post(
            "/sign-in", data=form | {"next": target, "csrf_token": token}, follow_redirects=False
        )
        assert answer.headers["location"] == "/console"


def test_a_post_without_the_csrf_token_is_refused(
    page_client: TestClient, session: Session
) -> None:
    make_account(session, name="Dewi Staf")
    csrf = sign_in(page_client, "Dewi Staf")
    refused = page_client.post("/sign-out", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert "Formulir ini sudah kedaluwarsa atau tidak berasal dari situs ini" in refused.text
    wrong = page_client.post("/sign-out", data={"csrf_token": "x" * 64}, follow_redirects=False)
    assert wrong.status_code == 403
    assert page_client.get("/console").status_code == 200  # still signed in
    by_header = page_client.post(
        "/sign-out", headers={"X-CSRF-Token": csrf}, follow_redirects=False
    )
    assert by_header.status_code == 303
    assert page_client.get("/console", follow_redirects=False).status_code == 303


def test_sign_in_itself_needs_the_token_of_the_sign_in_page(
    page_client: TestClient, session: Session
) -> None:
    make_account(session, name="Eko Staf")
    answer = page_client.post("/sign-in", data={"login": "Eko Staf", "password": PASSWORD})
    assert answer.status_code == 403


def test_sign_out_ends_the_session_in_the_database(
    page_client: TestClient, session: Session
) -> None:
    account = make_account(session, name="Fajar Staf")
    csrf = sign_in(page_client, "Fajar Staf")
    stolen = page_client.cookies["td_session"]
    page_client.post("/sign-out", data={"csrf_token": csrf})
    assert (
        session.scalars(select(WebSession).where(WebSession.account_id == account.id)).all() == []
    )
    page_client.cookies.set("td_session", stolen)
    assert page_client.get("/console", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("which", ["idle", "absolute"])
def test_an_expired_session_asks_to_sign_in_again(
    page_client: TestClient, session: Session, which: str
) -> None:
    account = make_account(session, name="Gita Staf")
    sign_in(page_client, "Gita Staf")
    assert page_client.get("/console").status_code == 200
    past = datetime.now(UTC) - timedelta(seconds=settings.web_session_idle_seconds + 5)
    column = "last_seen_at" if which == "idle" else "expires_at"
    session.execute(
        update(WebSession).where(WebSession.account_id == account.id).values({column: past})
    )
    session.commit()
    answer = page_client.get("/console", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/console&expired=true"
    assert "Sesi Anda telah berakhir" in page_client.get(answer.headers["location"]).text


def test_a_new_password_ends_every_session(page_client: TestClient, session: Session) -> None:
    from app import security

    account = make_account(session, name="Hadi Staf")
    sign_in(page_client, "Hadi Staf")
    web_sessions.set_password(
        session=session, account_id=account.id, password="baru-456789", principal=security.SYSTEM
    )
    session.commit()
    assert page_client.get("/console", follow_redirects=False).status_code == 303


def test_passwords_are_stored_as_argon2id_hashes(session: Session) -> None:
    account = make_account(session, name="Indah Staf")
    assert account.password_hash is not None
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash


def test_language_switch_and_accept_language(page_client: TestClient) -> None:
    english = page_client.get("/sign-in", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.text and "Name or e-mail" in english.text
    switched = page_client.get("/lang/en?next=/sign-in", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/sign-in"
    assert "Password or PIN" in page_client.get("/sign-in").text
    page_client.get("/lang/id?next=/sign-in")
    page = page_client.get("/sign-in", headers={"Accept-Language": "en"})
    assert "Kata sandi atau PIN" in page.text  # the switch wins over the browser


def test_unknown_page_answers_html_for_a_browser(page_client: TestClient) -> None:
    answer = page_client.get("/console/no-such-page", headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert "Halaman ini tidak ada." in answer.text
    api = page_client.get("/api/v1/no-such-thing")
    assert api.headers["content-type"] == "application/problem+json"


def test_docs_are_served_from_the_app(page_client: TestClient) -> None:
    docs = page_client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn.jsdelivr.net" not in docs.text and "fastapi.tiangolo.com" not in docs.text
    assert page_client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert page_client.get("/static/vendor/htmx/htmx.min.js").status_code == 200
    assert page_client.get("/redoc").status_code == 404


def test_two_owners_of_one_name_and_pin_are_never_signed_in_as_a_guess(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    """Names are not unique and PINs are short: when the password opens two accounts of the
    name typed, nobody is signed in; the page asks for the e-mail, which tells them apart."""
    first = make_umkm(client, name="Kue Salak Bu Ani")["id"]
    second = make_umkm(client, name="Amplang Bu Ani")["id"]
    make_account(session, "umkm", name="Ani", umkm_id=first, password="123456")
    make_account(
        session, "umkm", name="ani", umkm_id=second, password="123456", email="ani@amplang.example"
    )
    token = csrf_of(page_client.get("/sign-in").text)
    answer = page_client.post(
        "/sign-in",
        data={"login": "Ani", "password": "123456", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 409
    assert "Masuk dengan e-mail Anda" in answer.text
    assert "td_session=" not in answer.headers.get("set-cookie", "")
    signed = page_client.post(
        "/sign-in",
        data={"login": "ani@amplang.example", "password": "123456", "csrf_token": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/owner"
    assert page_client.get("/owner").status_code == 200
