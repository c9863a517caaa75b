"""The staff console's pages over HTTP (TestClient, SQLite and PostgreSQL): what an officer
reads on them and what the forms refuse, in Indonesian."""

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook
from sqlalchemy.orm import Session

from app import schemas
from app.services import offices
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm
from tests.web.helpers import csrf_of, make_account, sign_in


def _capacity(client: TestClient, product_id: int, figures: dict[str, float]) -> None:
    items = [{"month": month, "quantity": kg, "unit": "kg"} for month, kg in figures.items()]
    response = client.put(f"{API}/products/{product_id}/capacity", json={"items": items})
    assert response.status_code == 200, response.text


def _world(client: TestClient) -> dict[str, Any]:
    """Two cake makers (one estimated in March), a buyer asking 1 t a month, Jan–Apr 2027."""
    ani = make_umkm(client, name="Dapur Salak Mama Ani", phone="+6281234567890")
    ani_cake = make_product(client, ani["id"], name="kue salak")
    for cert in ("NIB", "HALAL"):
        client.post(f"{API}/umkm/{ani['id']}/certificates", json={"type": cert})
    client.post(
        f"{API}/umkm/{ani['id']}/certificates",
        json={"type": "BPOM_MD", "number": "MD 123", "expires_on": "2026-12-31"},
    )
    _capacity(client, ani_cake["id"], {"2027-01": 1200, "2027-02": 800, "2027-04": 1000,
                                       "2026-11": 1000})  # fmt: skip
    yati = make_umkm(client, name="Cake Salak Teritip Bu Yati")
    yati_cake = make_product(client, yati["id"], name="cake salak")
    _capacity(client, yati_cake["id"], {m: 400 for m in ("2027-01", "2027-02", "2027-03",
                                                         "2027-04", "2026-11")})  # fmt: skip
    never = make_umkm(client, name="Keripik Tanpa Data")
    make_product(client, never["id"], name="keripik pisang", hs_code="20089990")
    buyer = make_buyer(client, name="Kyoto Kashi KK", country="JP")
    return {"ani": ani, "yati": yati, "buyer": buyer, "never": never}


def _staff(page_client: TestClient, session: Session) -> str:
    make_account(session, name="Rina Staf")
    return sign_in(page_client, "Rina Staf")


def _form(csrf: str, buyer_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf,
        "buyer_id": str(buyer_id),
        "product": "snake fruit cake",
        "hs_code": "",
        "quantity": "1",
        "unit": "ton",
        "unit_weight_kg": "",
        "start_month": "2027-01",
        "months": "4",
        "required_certifications": ["NIB", "HALAL"],
        "destination_country": "",
        "notes": "",
        **fields,
    }


def _error_of(html: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="f-{field}-error">([^<]*)</p>', html)
    assert found, f"no error next to {field}"
    return found.group(1)


def test_staff_creates_a_request_and_reads_its_ranked_matches(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    csrf = _staff(page_client, session)
    form = page_client.get("/console/requests/new")
    assert form.status_code == 200
    assert "Kuota per bulan" in form.text and "Kyoto Kashi KK" in form.text
    answer = page_client.post(
        "/console/requests/new", data=_form(csrf, world["buyer"]["id"]), follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    match_url = answer.headers["location"]
    page = page_client.get(match_url)
    assert page.status_code == 200
    html = page.text
    assert "Permintaan tersimpan" in html  # the flash in the status region
    ranks = re.findall(r"<h3>(\d+)\. ([^<]+)</h3>", html)
    assert ranks[:2] == [("1", "Dapur Salak Mama Ani"), ("2", "Cake Salak Teritip Bu Yati")]
    assert "memenuhi kuota 3 dari 4 bulan" in html  # Ani: Jan, Feb est.? no: Jan, Apr + est.
    assert 'class="badge bad">Bulan di bawah kuota' in html
    assert "+6281234567890" in html  # the office's own UMKM: its contact
    # a chart per candidate: reported and estimated months drawn apart, the quota line
    assert html.count('<svg class="chart" role="img"') == len(ranks)
    assert 'class="bar reported' in html and 'class="bar estimated' in html
    assert 'class="level"' in html and "kuota 1.000 kg" in html


def test_validation_errors_are_next_to_the_field_in_indonesian(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    csrf = _staff(page_client, session)
    answer = page_client.post(
        "/console/requests/new",
        data=_form(
            csrf, world["buyer"]["id"], product="", quantity="banyak", months="0",
            start_month="2027-13", required_certifications=["HALAL"],
        ),
    )  # fmt: skip
    assert answer.status_code == 422
    html = answer.text
    assert "Permintaan belum disimpan" in html
    assert _error_of(html, "product") == "Wajib diisi."
    assert _error_of(html, "quantity") == "Tulis angka, misalnya 1.500 atau 2,5."
    assert _error_of(html, "months") == "Paling sedikit 1."
    assert "start_month" in html and _error_of(html, "start_month")
    assert 'value="banyak"' in html  # what was typed stays in the field
    assert 'aria-describedby="f-quantity-error"' in html or 'f-quantity-error"' in html
    english = page_client.post(
        "/console/requests/new",
        data=_form(csrf, world["buyer"]["id"], product=""),
        headers={"Accept-Language": "en"},
    )
    assert _error_of(english.text, "product") == "Fill this in."


def test_quantities_as_indonesians_write_them(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    csrf = _staff(page_client, session)
    answer = page_client.post(
        "/console/requests/new",
        data=_form(csrf, world["buyer"]["id"], quantity="1.500", unit="kg"),
        follow_redirects=False,
    )
    request_id = int(answer.headers["location"].rsplit("/", 1)[1])
    stored = client.get(f"{API}/buyer-requests/{request_id}").json()
    assert stored["quantity"] == 1500 and stored["quota_kg"] == 1500
    edit = page_client.get(f"/console/requests/{request_id}/edit").text
    assert 'value="1.500"' in edit
    answer = page_client.post(
        f"/console/requests/{request_id}/edit",
        data=_form(csrf_of(edit), world["buyer"]["id"], quantity="2,5", unit="ton"),
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert client.get(f"{API}/buyer-requests/{request_id}").json()["quota_kg"] == 2500


def test_close_and_reopen_a_request(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    request = make_request(client, world["buyer"]["id"])
    csrf = _staff(page_client, session)
    page_client.post(
        f"/console/requests/{request['id']}/status",
        data={"csrf_token": csrf, "status": "closed"},
        follow_redirects=False,
    )
    assert client.get(f"{API}/buyer-requests/{request['id']}").json()["status"] == "closed"
    page = page_client.get(f"/console/requests/{request['id']}").text
    assert "Permintaan ditutup." in page and "Buka lagi" in page
    link = f'/console/requests/{request["id"]}"'
    assert link not in page_client.get("/console/requests?status=open").text
    assert link in page_client.get("/console/requests").text


def test_exports_in_the_page_language(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    request = make_request(
        client, world["buyer"]["id"], product="snake fruit cake", hs_code=None,
        quantity=1, unit="ton", start_month="2027-01", months=4,
    )  # fmt: skip
    _staff(page_client, session)
    csv = page_client.get(f"/console/requests/{request['id']}/matches.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Peringkat,UMKM,Produk")
    assert lines[1].startswith("1,Dapur Salak Mama Ani,kue salak")
    assert "+6281234567890" in lines[1]
    xlsx = page_client.get(
        f"/console/requests/{request['id']}/matches.xlsx", headers={"Accept-Language": "en"}
    )
    assert xlsx.headers["content-disposition"].endswith(f'matches-{request["id"]}.xlsx"')
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][:3] == ["Rank", "UMKM", "Product"]
    assert rows[1][1] == "Dapur Salak Mama Ani"


def test_consortium_proposal_page(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    request = make_request(
        client, world["buyer"]["id"], product="kue salak", hs_code=None,
        quantity=1500, unit="kg", start_month="2027-01", months=4, required_certifications=[],
    )  # fmt: skip
    _staff(page_client, session)
    page = page_client.get(f"/console/requests/{request['id']}/consortia")
    assert page.status_code == 200
    assert "Usulan konsorsium" in page.text
    assert "Dapur Salak Mama Ani" in page.text and "Cake Salak Teritip Bu Yati" in page.text


def test_home_lists_what_needs_the_officer(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    make_request(client, world["buyer"]["id"], product="kue salak", hs_code=None,
                 quantity=1, unit="ton", start_month="2027-01", months=4)  # fmt: skip
    _staff(page_client, session)
    home = page_client.get("/console").text
    assert "Permintaan pembeli yang terbuka" in home and "kue salak" in home
    assert "Keripik Tanpa Data" in home and "belum pernah diperbarui" in home
    assert "BPOM_MD" in home and "dalam 39 hari" in home  # 31 Dec 2026, today 22 Nov
    assert "Kesenjangan pasokan terbesar" in home


def test_buyers_create_search_edit(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    csrf = _staff(page_client, session)
    refused = page_client.post(
        "/console/buyers/new", data={"csrf_token": csrf, "name": "Hamburg Handel", "country": "ZZ"}
    )
    assert refused.status_code == 422 and _error_of(refused.text, "country")
    answer = page_client.post(
        "/console/buyers/new",
        data={"csrf_token": csrf, "name": "Hamburg Handel", "country": "DE", "city": "Hamburg"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    buyer_url = answer.headers["location"]
    assert "Hamburg Handel" in page_client.get("/console/buyers?q=hamburg").text
    assert "Hamburg Handel" not in page_client.get("/console/buyers?q=kyoto").text
    page_client.post(
        buyer_url + "/edit",
        data={"csrf_token": csrf, "name": "Hamburg Handel GmbH", "country": "DE"},
    )
    assert "Hamburg Handel GmbH" in page_client.get(buyer_url).text


def test_another_offices_request_is_not_found(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    world = _world(client)
    request = make_request(client, world["buyer"]["id"])
    other = offices.ensure_office(
        session, name="Dinas Perdagangan Kota Surabaya", province_code="35"
    )
    make_account(session, name="Staf Surabaya", office_id=other.id)
    sign_in(page_client, "Staf Surabaya")
    answer = page_client.get(f"/console/requests/{request['id']}")
    assert answer.status_code == 404
    assert "bukan untuk Anda lihat" in answer.text
    assert "Kyoto Kashi KK" not in page_client.get("/console/buyers").text


def test_pages_need_staff(page_client: TestClient, client: TestClient, session: Session) -> None:
    umkm = make_umkm(client)
    make_account(session, "umkm", name="Pemilik Ani", umkm_id=umkm["id"])
    sign_in(page_client, "Pemilik Ani")
    for path in ("/console", "/console/requests", "/console/buyers/new"):
        assert page_client.get(path).status_code == 403
    assert schemas.RequestStatus.CLOSED.value == "closed"


def test_the_menu_marks_only_the_page_one_is_on(page_client: TestClient, session: Session) -> None:
    """'Hari ini' (/console) is the current menu item on the home page only; on the list of
    requests it is 'Permintaan pembeli', and nothing else."""
    _staff(page_client, session)
    current = re.compile(r'<a href="([^"]+)" aria-current="page">')
    assert current.findall(page_client.get("/console").text) == ["/console"]
    assert current.findall(page_client.get("/console/requests").text) == ["/console/requests"]
    assert current.findall(page_client.get("/console/requests/new").text) == ["/console/requests"]
