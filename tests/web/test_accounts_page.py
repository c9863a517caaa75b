"""The staff accounts page (TestClient, SQLite and PostgreSQL): owner accounts, sign-in links
as a URL and a WhatsApp message, revoking links and keys, and who may do it."""

import html
import re
from urllib.parse import unquote

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import security
from app.models import Account, ApiKey, SignInLink
from app.offices import scope_session
from app.services.offices import ensure_office
from tests.api.helpers import API, make_umkm
from tests.web.helpers import make_account, sign_in


def _staff(page_client: TestClient, session: Session, name: str = "Staf Akun") -> str:
    make_account(session, "staff", name=name)
    return sign_in(page_client, name)


def test_staff_create_an_owner_account_and_give_a_whatsapp_link(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    umkm = make_umkm(client, name="Dapur Salak Mama Ani", phone="+62 812-3456-7890")
    csrf = _staff(page_client, session)
    page = page_client.get("/console/accounts")
    assert page.status_code == 200
    assert "Akun pemilik UMKM baru" in page.text
    assert f'<option value="{umkm["id"]}">Dapur Salak Mama Ani</option>' in page.text
    created = page_client.post(
        "/console/accounts",
        data={"csrf_token": csrf, "name": "Ani Susanti", "umkm_id": str(umkm["id"])},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    owner = session.scalars(select(Account).where(Account.name == "Ani Susanti")).one()
    assert (owner.role, owner.umkm_id, owner.password_hash) == ("umkm", umkm["id"], None)
    listed = page_client.get("/console/accounts")
    assert "Akun Ani Susanti dibuat. Sekarang beri pemiliknya tautan masuk." in listed.text
    row = listed.text[listed.text.index(f'id="account-{owner.id}"') :]
    assert "Pemilik UMKM" in row[:2000] and "Belum" in row[:2000]
    given = page_client.post(f"/console/accounts/{owner.id}/link", data={"csrf_token": csrf})
    assert given.status_code == 200
    assert given.headers["cache-control"] == "no-store"
    url = re.search(r'id="link-url" type="text" readonly value="([^"]+)"', given.text)
    assert url and url.group(1).startswith("http://testserver/owner/link/")
    wa = re.search(r'href="(https://wa\.me/[^"]+)"', given.text)
    assert wa and wa.group(1).startswith("https://wa.me/6281234567890?text=")
    message = unquote(html.unescape(wa.group(1)).split("?text=", 1)[1])
    assert message.startswith("Halo Ani Susanti, ini tautan Anda ke Temu Dagang")
    assert url.group(1) in message
    # the link works for the owner
    owner_client = TestClient(page_client.app)
    opened = owner_client.get(url.group(1).removeprefix("http://testserver"))
    assert opened.status_code == 200 and "Ani Susanti" in opened.text
    shown = page_client.get("/console/accounts").text
    assert "Berlaku sampai" in shown


def test_the_form_explains_its_errors_in_indonesian(
    page_client: TestClient, session: Session
) -> None:
    csrf = _staff(page_client, session)
    refused = page_client.post(
        "/console/accounts", data={"csrf_token": csrf, "name": "", "umkm_id": ""}
    )
    assert refused.status_code == 422
    assert '<p class="field-error" id="f-name-error">Wajib diisi.</p>' in refused.text
    assert "Akun belum dibuat" in refused.text
    missing = page_client.post(
        "/console/accounts", data={"csrf_token": csrf, "name": "Budi", "umkm_id": ""}
    )
    assert missing.status_code == 422 and 'id="f-umkm_id-error"' in missing.text
    gone = page_client.post(
        "/console/accounts", data={"csrf_token": csrf, "name": "Budi", "umkm_id": "999999"}
    )
    assert gone.status_code == 422 and 'id="f-umkm_id-error"' in gone.text


def test_revoke_a_key_and_disable_an_account(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    umkm = make_umkm(client)
    owner = make_account(session, "umkm", name="Pemilik Dicabut", umkm_id=umkm["id"])
    key = session.scalars(select(ApiKey).where(ApiKey.account_id == owner.id)).one()
    csrf = _staff(page_client, session)
    revoked = page_client.post(
        f"/console/keys/{key.id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    session.refresh(key)
    assert key.revoked_at is not None
    assert "Kunci sudah dicabut." in page_client.get("/console/accounts").text
    disabled = page_client.post(
        f"/console/accounts/{owner.id}/disable", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert disabled.status_code == 303
    session.refresh(owner)
    assert owner.disabled_at is not None
    # a disabled owner gets no link
    refused = page_client.post(f"/console/accounts/{owner.id}/link", data={"csrf_token": csrf})
    assert refused.status_code == 409


def test_another_office_does_not_see_or_touch_the_accounts(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    umkm = make_umkm(client, name="UMKM Kantor A")
    owner = make_account(session, "umkm", name="Pemilik Kantor A", umkm_id=umkm["id"])
    office_b = ensure_office(session, name="Dinas Kantor B", province_code="63")
    session.commit()
    make_account(session, "staff", name="Staf Kantor B", office_id=office_b.id)
    # the test's one session was scoped to office A by the API call above; a real request
    # has a session of its own, unscoped until its caller is known
    scope_session(session, security.SYSTEM)
    csrf = sign_in(page_client, "Staf Kantor B")
    page = page_client.get("/console/accounts")
    assert page.status_code == 200
    assert "Pemilik Kantor A" not in page.text and "UMKM Kantor A" not in page.text
    link = page_client.post(f"/console/accounts/{owner.id}/link", data={"csrf_token": csrf})
    assert link.status_code == 404
    scope_session(session, security.SYSTEM)  # the test reads every office
    assert session.scalars(select(SignInLink).where(SignInLink.account_id == owner.id)).all() == []
    key = session.scalars(select(ApiKey).where(ApiKey.account_id == owner.id)).one()
    assert (
        page_client.post(f"/console/keys/{key.id}/revoke", data={"csrf_token": csrf}).status_code
        == 404
    )


def test_owners_and_strangers_are_kept_out(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    assert page_client.get("/console/accounts", follow_redirects=False).status_code == 303
    umkm = make_umkm(client)
    make_account(session, "umkm", name="Pemilik Ingin Tahu", umkm_id=umkm["id"])
    csrf = sign_in(page_client, "Pemilik Ingin Tahu")
    assert page_client.get("/console/accounts").status_code == 403
    own = session.scalars(select(Account).where(Account.name == "Pemilik Ingin Tahu")).one()
    posted = page_client.post(f"/console/accounts/{own.id}/link", data={"csrf_token": csrf})
    assert posted.status_code == 403
    assert session.scalars(select(SignInLink)).all() == []
    # and without the CSRF token nothing happens, even for staff
    staff_client = TestClient(page_client.app)
    make_account(session, "staff", name="Staf Tanpa Token")
    sign_in(staff_client, "Staf Tanpa Token")
    assert staff_client.post(f"/console/accounts/{own.id}/link").status_code == 403
    assert session.scalars(select(SignInLink)).all() == []
    assert security.SYSTEM.role is None  # the helpers' principal: not a page user
    assert client.get(f"{API}/accounts").status_code == 200  # the API keeps its own keys
