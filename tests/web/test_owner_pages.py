"""The owner's phone pages (TestClient, SQLite and PostgreSQL): sign-in links, the monthly
update, certificates, opportunities, and that an owner sees only their own UMKM."""

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import clock, security
from app.models import Account, Capacity, CapacityRevision, Certificate, SignInLink
from app.observability import redact_url
from app.services import sign_in_links
from app.services.sign_in_links import LinkRefused, LinkState
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm
from tests.conftest import TODAY
from tests.web.helpers import csrf_of, make_account, sign_in

# the sheet of TODAY (2026-11-22): November 2026 to April 2027
THIS_MONTH = "2026-11"
NEXT_MONTH = "2026-12"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with clock.fixed(TODAY):
        yield


def _owner(session: Session, umkm_id: int, name: str = "Ani Pemilik") -> Account:
    """An owner account without a PIN yet (as staff create it)."""
    account = make_account(session, "umkm", name=name, umkm_id=umkm_id)
    account.password_hash = None
    session.commit()
    return account


def _link(session: Session, account_id: int) -> str:
    new = sign_in_links.create_link(
        session=session, account_id=account_id, principal=security.SYSTEM
    )
    session.commit()
    return new.token


def _set_pin(client: TestClient, token: str, pin: str = "246810", again: str | None = None) -> Any:
    page = client.get(f"/owner/link/{token}")
    assert page.status_code == 200, page.text
    return client.post(
        f"/owner/link/{token}",
        data={"password": pin, "password_again": again or pin, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" type="text" value="([^"]*)"', html)
    assert found, f"no field {name}"
    return found.group(1)


# ---------------------------------------------------------------- sign-in links


def test_a_link_sets_a_pin_signs_in_and_then_the_pin_signs_in(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    umkm = make_umkm(client)
    owner = _owner(session, umkm["id"])
    token = _link(session, owner.id)
    opened = page_client.get(f"/owner/link/{token}")
    assert opened.status_code == 200
    assert "Buat PIN Anda" in opened.text and "Ani Pemilik" in opened.text
    assert opened.headers["referrer-policy"] == "no-referrer"
    # opening (a chat app's preview does so) does not spend the link
    assert page_client.get(f"/owner/link/{token}").status_code == 200
    answer = _set_pin(page_client, token)
    assert answer.status_code == 303 and answer.headers["location"] == "/owner/capacity"
    landed = page_client.get("/owner/capacity")
    assert landed.status_code == 200
    assert "PIN Anda sudah tersimpan" in landed.text
    page_client.cookies.clear()
    sign_in(page_client, "Ani Pemilik", "246810")
    assert page_client.get("/owner").status_code == 200


def test_a_used_link_is_refused_in_indonesian(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    owner = _owner(session, make_umkm(client)["id"])
    token = _link(session, owner.id)
    assert _set_pin(page_client, token).status_code == 303
    page_client.cookies.clear()
    again = page_client.get(f"/owner/link/{token}")
    assert again.status_code == 410
    assert "Tautan ini sudah dipakai." in again.text
    # and a form posted from a tab opened before is refused too
    csrf = csrf_of(page_client.get("/sign-in").text)
    posted = page_client.post(
        f"/owner/link/{token}",
        data={"password": "135790", "password_again": "135790", "csrf_token": csrf},
    )
    assert posted.status_code == 410 and "sudah dipakai" in posted.text
    page_client.cookies.clear()
    sign_in(page_client, "Ani Pemilik", "246810")  # the first PIN still holds


def test_an_expired_link_is_refused(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    owner = _owner(session, make_umkm(client)["id"])
    token = _link(session, owner.id)
    link = session.scalars(select(SignInLink).where(SignInLink.account_id == owner.id)).one()
    assert link.expires_at - link.created_at == timedelta(days=7)
    session.execute(
        update(SignInLink)
        .where(SignInLink.id == link.id)
        .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    session.commit()
    refused = page_client.get(f"/owner/link/{token}")
    assert refused.status_code == 410
    assert "Tautan ini sudah kedaluwarsa (tautan berlaku 7 hari)." in refused.text


def test_a_revoked_or_replaced_link_is_refused(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    owner = _owner(session, make_umkm(client)["id"])
    first = _link(session, owner.id)
    second = _link(session, owner.id)  # a new link withdraws the open one
    refused = page_client.get(f"/owner/link/{first}")
    assert refused.status_code == 410 and "sudah dibatalkan oleh petugas dinas" in refused.text
    link_id = session.scalars(
        select(SignInLink.id).where(SignInLink.account_id == owner.id).order_by(SignInLink.id)
    ).all()[-1]
    staff_page = TestClient(page_client.app)
    make_account(session, "staff", name="Staf Tautan")
    csrf = sign_in(staff_page, "Staf Tautan")
    revoked = staff_page.post(
        f"/console/links/{link_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert page_client.get(f"/owner/link/{second}").status_code == 410


def test_unknown_links_and_links_of_disabled_accounts(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    unknown = page_client.get("/owner/link/bukan-tautan")
    assert unknown.status_code == 404 and "Tautan ini tidak dikenal." in unknown.text
    assert page_client.get("/owner/link/" + "x" * 500).status_code == 404
    owner = _owner(session, make_umkm(client)["id"])
    token = _link(session, owner.id)
    session.execute(
        update(Account).where(Account.id == owner.id).values(disabled_at=datetime.now(UTC))
    )
    session.commit()
    assert page_client.get(f"/owner/link/{token}").status_code == 404


def test_link_rules_in_the_service(session: Session, client: TestClient) -> None:
    owner = _owner(session, make_umkm(client)["id"])
    token = _link(session, owner.id)
    # the token is in the link's path: the access log redacts it like an API key
    assert redact_url(f"/owner/link/{token}", "") == "/owner/link/td_REDACTED"
    assert sign_in_links.check_link(session=session, token=token).id == owner.id
    sign_in_links.use_link(session=session, token=token, password="112233")
    with pytest.raises(LinkRefused) as used:
        sign_in_links.use_link(session=session, token=token, password="445566")
    assert used.value.state == LinkState.USED
    staff = make_account(session, "staff", name="Staf Bukan Pemilik")
    with pytest.raises(Exception) as not_owner:
        sign_in_links.create_link(session=session, account_id=staff.id, principal=security.SYSTEM)
    assert "UMKM owner accounts" in str(not_owner.value)


def test_the_pin_form_explains_its_errors(
    page_client: TestClient, session: Session, client: TestClient
) -> None:
    owner = _owner(session, make_umkm(client)["id"])
    token = _link(session, owner.id)
    short = _set_pin(page_client, token, pin="1234")
    assert short.status_code == 422
    assert "Pilih paling sedikit 6 angka atau huruf" in short.text
    differ = _set_pin(page_client, token, pin="123456", again="654321")
    assert differ.status_code == 422
    assert 'id="f-password_again-error">Kedua isian berbeda' in differ.text
    assert _set_pin(page_client, token).status_code == 303  # not spent by the refusals


# ---------------------------------------------------------------- the monthly update


@pytest.fixture
def owner_with_products(
    page_client: TestClient, session: Session, client: TestClient
) -> dict[str, Any]:
    """An owner signed in, with two products: kakao (1,9 ton in October) and nanas (none)."""
    umkm = make_umkm(client, name="Kelompok Tani Kakao Uji")
    kakao = make_product(client, umkm["id"], name="Biji Kakao Fermentasi", hs_code="18010010")
    nanas = make_product(client, umkm["id"], name="Nanas Segar", hs_code="08043000")
    put = client.put(
        f"{API}/products/{kakao['id']}/capacity/2026-10", json={"quantity": 1.9, "unit": "ton"}
    )
    assert put.status_code == 200, put.text
    make_account(session, "umkm", name="Pemilik Kakao", umkm_id=umkm["id"])
    csrf = sign_in(page_client, "Pemilik Kakao")
    return {"umkm": umkm, "kakao": kakao["id"], "nanas": nanas["id"], "csrf": csrf}


def _revisions(session: Session, product_id: int) -> int:
    return (
        session.scalar(select(func.count()).where(CapacityRevision.product_id == product_id)) or 0
    )


def test_the_sheet_is_prefilled_with_the_last_figures(
    page_client: TestClient, owner_with_products: dict[str, Any]
) -> None:
    page = page_client.get("/owner/capacity")
    assert page.status_code == 200
    kakao, nanas = owner_with_products["kakao"], owner_with_products["nanas"]
    # October's 1,9 ton carried into November to April, in the product's unit (kg)
    for month in (THIS_MONTH, NEXT_MONTH, "2027-04"):
        assert _field(page.text, f"q-{kakao}-{month}") == "1.900"
    assert "2027-05" not in page.text
    assert "angka terakhir" in page.text
    assert 'class="unit">kg<' in page.text and 'class="unit">ton<' not in page.text
    assert _field(page.text, f"q-{nanas}-{THIS_MONTH}") == ""
    assert "<legend>Nanas Segar</legend>" in page.text
    assert '<label for="f-q-' in page.text and "November 2026" in page.text


def test_two_products_in_one_save_then_the_same_again_changes_nothing(
    page_client: TestClient, session: Session, owner_with_products: dict[str, Any]
) -> None:
    kakao, nanas = owner_with_products["kakao"], owner_with_products["nanas"]
    form = {
        "csrf_token": owner_with_products["csrf"],
        f"q-{kakao}-2027-03": "1.500",
        f"q-{nanas}-2027-01": "2,5 ton",
    }
    saved = page_client.post("/owner/capacity", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    march = session.scalars(
        select(Capacity).where(Capacity.product_id == kakao, Capacity.month == date(2027, 3, 1))
    ).one()
    assert (march.quantity, march.unit, march.quantity_g) == (Decimal(1500), "kg", 1_500_000)
    january = session.scalars(
        select(Capacity).where(Capacity.product_id == nanas, Capacity.month == date(2027, 1, 1))
    ).one()
    assert (january.quantity, january.unit, january.quantity_g) == (
        Decimal("2.5"),
        "ton",
        2_500_000,
    )
    assert march.updated_by == "Pemilik Kakao"
    shown = page_client.get("/owner/capacity")
    assert "Tersimpan. Angka yang berubah: 2." in shown.text
    assert _field(shown.text, f"q-{kakao}-2027-03") == "1.500"
    assert _field(shown.text, f"q-{nanas}-2027-01") == "2.500"  # 2,5 ton, in kg
    before = _revisions(session, kakao), _revisions(session, nanas)
    again = page_client.post("/owner/capacity", data=form, follow_redirects=False)
    assert again.status_code == 303
    assert "angkanya sama seperti sebelumnya" in page_client.get("/owner/capacity").text
    assert (_revisions(session, kakao), _revisions(session, nanas)) == before


def test_the_whole_sheet_confirms_carried_figures_and_keeps_history(
    page_client: TestClient, session: Session, owner_with_products: dict[str, Any]
) -> None:
    kakao = owner_with_products["kakao"]
    page = page_client.get("/owner/capacity")
    form = {"csrf_token": owner_with_products["csrf"]}
    form |= {
        name: value
        for name, value in re.findall(r'name="(q-[^"]+)" type="text" value="([^"]*)"', page.text)
    }
    form[f"q-{kakao}-{THIS_MONTH}"] = "2 ton"
    assert page_client.post("/owner/capacity", data=form).status_code == 200
    rows = session.scalars(
        select(Capacity).where(Capacity.product_id == kakao).order_by(Capacity.month)
    ).all()
    assert [(r.month.isoformat()[:7], r.quantity, r.unit) for r in rows] == [
        ("2026-10", Decimal("1.9"), "ton"),
        ("2026-11", Decimal(2), "ton"),
        ("2026-12", Decimal(1900), "kg"),
        ("2027-01", Decimal(1900), "kg"),
        ("2027-02", Decimal(1900), "kg"),
        ("2027-03", Decimal(1900), "kg"),
        ("2027-04", Decimal(1900), "kg"),
    ]
    # November shows 2.000 (kg) now; sending the sheet as shown changes nothing
    shown = page_client.get("/owner/capacity").text
    assert _field(shown, f"q-{kakao}-{THIS_MONTH}") == "2.000"
    before = _revisions(session, kakao)
    same = {"csrf_token": owner_with_products["csrf"]} | dict(
        re.findall(r'name="(q-[^"]+)" type="text" value="([^"]*)"', shown)
    )
    assert page_client.post("/owner/capacity", data=same).status_code == 200
    assert _revisions(session, kakao) == before
    form[f"q-{kakao}-{THIS_MONTH}"] = "2.100 kg"
    assert page_client.post("/owner/capacity", data=form).status_code == 200
    history = page_client.get(f"/owner/products/{kakao}")
    assert history.status_code == 200 and "2.100 kg" in history.text
    assert _revisions(session, kakao) == 1 + 6 + 1  # October, the six months, November again


def test_a_bad_figure_is_explained_next_to_its_field_and_nothing_is_saved(
    page_client: TestClient, session: Session, owner_with_products: dict[str, Any]
) -> None:
    kakao, nanas = owner_with_products["kakao"], owner_with_products["nanas"]
    form = {
        "csrf_token": owner_with_products["csrf"],
        f"q-{kakao}-2027-03": "1.500",
        f"q-{nanas}-2027-01": "banyak",
        f"q-{nanas}-2027-02": "3 lb",
    }
    refused = page_client.post("/owner/capacity", data=form)
    assert refused.status_code == 422
    name = f"q-{nanas}-2027-01"
    assert (
        f'<p class="field-error" id="f-{name}-error">Tulis angka, misalnya 1.500 atau 2,5 '
        in refused.text
    )
    assert f'aria-describedby="f-{name}-error"' in refused.text
    assert '"lb" bukan satuan yang kami kenal' in html.unescape(refused.text)
    assert "Isian yang perlu diperbaiki: 2. Belum ada yang disimpan." in refused.text
    assert _field(refused.text, name) == "banyak"  # what was typed stays
    assert _revisions(session, nanas) == 0
    assert (
        session.scalar(
            select(func.count()).where(
                Capacity.product_id == kakao, Capacity.month > date(2026, 10, 1)
            )
        )
        == 0
    )


def test_english_page_reads_english_numbers(
    page_client: TestClient, session: Session, owner_with_products: dict[str, Any]
) -> None:
    page_client.cookies.set("lang", "en")
    nanas = owner_with_products["nanas"]
    form = {"csrf_token": owner_with_products["csrf"], f"q-{nanas}-2027-01": "1,500"}
    assert page_client.post("/owner/capacity", data=form, follow_redirects=False).status_code == 303
    assert "Saved. Figures changed: 1." in page_client.get("/owner/capacity").text
    row = session.scalars(select(Capacity).where(Capacity.product_id == nanas)).one()
    assert row.quantity == Decimal(1500)


# ---------------------------------------------------------------- only their own UMKM


def test_an_owner_never_sees_another_umkms_pages_or_writes_its_figures(
    page_client: TestClient,
    session: Session,
    client: TestClient,
    owner_with_products: dict[str, Any],
) -> None:
    other = make_umkm(client, name="UMKM Tetangga")
    theirs = make_product(client, other["id"], name="Kopi Tetangga", hs_code="19059030")
    assert page_client.get(f"/owner/products/{theirs['id']}").status_code == 404
    assert page_client.get(f"/owner/products/{owner_with_products['kakao']}").status_code == 200
    # a field naming another UMKM's product is not on the owner's sheet: it is never read
    form = {"csrf_token": owner_with_products["csrf"], f"q-{theirs['id']}-2027-01": "999"}
    page_client.post("/owner/capacity", data=form)
    assert _revisions(session, theirs["id"]) == 0
    page = page_client.get("/owner/capacity")
    assert "Kopi Tetangga" not in page.text and "UMKM Tetangga" not in page.text
    for staff_page in ("/console", "/console/accounts"):
        assert page_client.get(staff_page).status_code == 403


def test_staff_cannot_open_the_owner_pages(page_client: TestClient, session: Session) -> None:
    make_account(session, "staff", name="Staf Penasaran")
    sign_in(page_client, "Staf Penasaran")
    for owner_page in ("/owner", "/owner/capacity", "/owner/certificates"):
        assert page_client.get(owner_page).status_code == 403


# ---------------------------------------------------------------- certificates


def test_certificates_listed_with_expiry_and_a_new_one_added(
    page_client: TestClient,
    session: Session,
    client: TestClient,
    owner_with_products: dict[str, Any],
) -> None:
    umkm_id = owner_with_products["umkm"]["id"]
    for kind, expires in (("HALAL", "2026-10-01"), ("BPOM_MD", "2027-01-05")):
        created = client.post(
            f"{API}/umkm/{umkm_id}/certificates",
            json={"type": kind, "number": f"NO-{kind}", "expires_on": expires},
        )
        assert created.status_code == 201, created.text
    page = page_client.get("/owner/certificates")
    assert page.status_code == 200
    assert re.search(r'certificate expired">\s*<strong>Halal</strong>', page.text)
    assert "kedaluwarsa 1 Oktober 2026" in page.text
    assert re.search(r'certificate expiring">\s*<strong>BPOM MD</strong>', page.text)
    assert "Segera kedaluwarsa" in page.text
    added = page_client.post(
        "/owner/certificates",
        data={
            "csrf_token": owner_with_products["csrf"],
            "type": "PIRT",
            "number": "2066471010123-27",
            "expires_on": "2031-05-01",
            "product_id": str(owner_with_products["kakao"]),
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    stored = session.scalars(
        select(Certificate).where(Certificate.umkm_id == umkm_id, Certificate.type == "PIRT")
    ).one()
    assert stored.product_id == owner_with_products["kakao"]
    assert stored.expires_on == date(2031, 5, 1)
    listed = page_client.get("/owner/certificates")
    assert "Sertifikat ditambahkan." in listed.text and "berlaku sampai 1 Mei 2031" in listed.text


def test_a_certificate_form_error_is_in_indonesian_next_to_the_field(
    page_client: TestClient, session: Session, owner_with_products: dict[str, Any]
) -> None:
    refused = page_client.post(
        "/owner/certificates",
        data={"csrf_token": owner_with_products["csrf"], "type": "", "expires_on": "besok"},
    )
    assert refused.status_code == 422
    assert '<p class="field-error" id="f-type-error">Wajib diisi.</p>' in refused.text
    assert 'id="f-expires_on-error"' in refused.text
    assert "Sertifikat belum ditambahkan" in refused.text


# ---------------------------------------------------------------- opportunities


def test_opportunities_say_what_is_missing_in_indonesian(
    page_client: TestClient, client: TestClient, owner_with_products: dict[str, Any]
) -> None:
    buyer = make_buyer(client, name="Zaan Cacao BV", country="NL")
    make_request(
        client,
        buyer["id"],
        product="Cocoa beans, fermented (biji kakao fermentasi)",
        hs_code="18010010",
        quantity=10,
        unit="ton",
        start_month="2027-03",
        months=6,
        required_certifications=["NIB"],
    )
    page = page_client.get("/owner/opportunities")
    assert page.status_code == 200
    assert "Cocoa beans, fermented (biji kakao fermentasi)" in page.text
    assert "Produk Anda: Biji Kakao Fermentasi" in page.text
    assert "10.000 kg per bulan, Maret 2027 sampai Agustus 2027, tujuan NL" in page.text
    assert "Yang masih kurang:" in page.text
    assert "Belum memiliki sertifikat yang diminta: NIB" in page.text
    assert "Rata-rata kapasitas" in page.text  # 1,9 ton a month against 10 ton
