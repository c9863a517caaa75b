"""Trade-mission pages (TestClient, both databases): plan a mission with errors next to the
fields in Indonesian, add participants, accept meetings, run the scheduler, print the
agendas, record a deal and a delivery, read the report in rupiah; who may do it."""

import io
import re

from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook
from sqlalchemy.orm import Session

from tests.api.helpers import API, make_buyer, make_product, make_umkm
from tests.web.helpers import csrf_of, make_account, sign_in

MISSION_FORM = {
    "name": "Misi Dagang Uji",
    "starts_on": "2027-03-10",
    "ends_on": "2027-03-10",
    "venue": "Hotel Gran Senyiur",
    "city": "Balikpapan",
    "timezone": "Asia/Makassar",
    "slot_minutes": "30",
    "tables": "2",
    "day_start": "09:00",
    "day_end": "12:30",
    "break_start": "10:30",
    "break_end": "11:00",
    "max_meetings_per_participant": "3",
    "countries": "ch, sg",
    "notes": "",
}


def _error_of(html: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="f-{field}-error">([^<]*)</p>', html)
    assert found, f"no error next to {field}"
    return found.group(1)


def _signed_in_staff(page_client: TestClient, session: Session) -> str:
    make_account(session, name="Staf Misi")
    return sign_in(page_client, "Staf Misi")


def _plan(page_client: TestClient, csrf: str, **fields: str) -> int:
    answer = page_client.post(
        "/console/missions/new",
        data={**MISSION_FORM, **fields, "csrf_token": csrf, "provinces": ["64", "63"]},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[1])


def test_the_mission_form_shows_errors_next_to_the_fields_in_indonesian(
    page_client: TestClient, session: Session
) -> None:
    csrf = _signed_in_staff(page_client, session)
    form = page_client.get("/console/missions/new")
    assert form.status_code == 200 and 'for="f-name"' in form.text
    answer = page_client.post(
        "/console/missions/new",
        data={
            **MISSION_FORM,
            "name": "",
            "tables": "dua",
            "slot_minutes": "2,5",
            "csrf_token": csrf,
        },
    )
    assert answer.status_code == 422
    assert _error_of(answer.text, "name") == "Wajib diisi."
    assert _error_of(answer.text, "tables") == "Tulis bilangan bulat, misalnya 12."
    assert _error_of(answer.text, "slot_minutes") == "Tulis bilangan bulat, misalnya 12."
    assert 'aria-invalid="true"' in answer.text
    assert 'value="Hotel Gran Senyiur"' in answer.text  # what was typed stays
    # the service's rules, in Indonesian too
    answer = page_client.post(
        "/console/missions/new",
        data={**MISSION_FORM, "ends_on": "2027-03-09", "csrf_token": csrf},
    )
    assert answer.status_code == 422
    assert _error_of(answer.text, "ends_on") == "lebih awal dari hari pertama"
    answer = page_client.post(
        "/console/missions/new",
        data={**MISSION_FORM, "break_start": "08:00", "break_end": "08:30", "csrf_token": csrf},
    )
    assert _error_of(answer.text, "break_start") == "jeda berada di luar jam pertemuan"
    # English on request
    page_client.cookies.set("lang", "en")
    answer = page_client.post(
        "/console/missions/new", data={**MISSION_FORM, "name": "", "csrf_token": csrf}
    )
    assert _error_of(answer.text, "name") == "Fill this in."
    assert page_client.get(f"{API}/missions").status_code == 401  # nothing through the API


def test_staff_plans_schedules_prints_and_reports_a_mission(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    csrf = _signed_in_staff(page_client, session)
    mission_id = _plan(page_client, csrf)
    page = page_client.get(f"/console/missions/{mission_id}")
    assert page.status_code == 200
    assert "Misi Dagang Uji" in page.text and "Rencana misi tersimpan." in page.text
    assert "6 slot" in page.text  # 09:00–10:30 and 11:00–12:30 in 30 minutes
    buyer = make_buyer(client)
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"], unit="kg")
    for party in ({"buyer_id": str(buyer["id"])}, {"umkm_id": str(umkm["id"])}):
        answer = page_client.post(
            f"/console/missions/{mission_id}/participants",
            data={**party, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert answer.status_code == 303
    answer = page_client.post(
        f"/console/missions/{mission_id}/meeting-requests",
        data={"buyer_id": str(buyer["id"]), "umkm_id": str(umkm["id"]), "csrf_token": csrf},
    )
    assert "Permintaan pertemuan tercatat." in answer.text
    assert "menunggu" in answer.text and "Terima" in answer.text
    (request,) = client.get(f"{API}/missions/{mission_id}/meeting-requests").json()["items"]
    again = page_client.post(
        f"/console/missions/{mission_id}/meeting-requests",
        data={"buyer_id": str(buyer["id"]), "umkm_id": str(umkm["id"]), "csrf_token": csrf},
    )
    assert "Pertemuan ini tidak dapat diminta" in again.text
    answer = page_client.post(
        f"/console/meeting-requests/{request['id']}",
        data={"status": "accepted", "csrf_token": csrf},
    )
    assert "Pertemuan diterima." in answer.text
    answer = page_client.post(
        f"/console/missions/{mission_id}/schedule", data={"mode": "all", "csrf_token": csrf}
    )
    assert "Terjadwal 1 dari 1 pertemuan yang diterima." in answer.text
    schedule = client.get(f"{API}/missions/{mission_id}/schedule").json()
    assert schedule["scheduled"] == 1

    agenda = page_client.get(f"/console/missions/{mission_id}/agenda")
    assert agenda.status_code == 200
    assert agenda.text.count("Dapur Salak Mama Ani") == 2  # on the buyer's agenda, and its own
    start = schedule["meetings"][0]["slot_start"][11:16]
    assert start in agenda.text
    csv = page_client.get(f"/console/missions/{mission_id}/agenda.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "Swiss Sweets AG" in csv.text
    ics = page_client.get(f"/console/missions/{mission_id}/agenda.ics")
    assert ics.text.startswith("BEGIN:VCALENDAR")

    # a deal: errors next to the fields in Indonesian, then 3 ton a month at Rp42.000 per kg
    deal_form = {
        "buyer_id": str(buyer["id"]),
        "product_id": str(product["id"]),
        "quantity": "banyak",
        "unit": "ton",
        "start_month": "2027-04",
        "months": "12",
        "price_idr": "-5",
        "price_unit": "kg",
        "stage": "agreed",
        "signed_on": "2027-03-10",
        "notes": "",
        "csrf_token": csrf,
    }
    answer = page_client.post(f"/console/missions/{mission_id}/deals/new", data=deal_form)
    assert answer.status_code == 422
    assert _error_of(answer.text, "quantity") == "Tulis angka, misalnya 1.500 atau 2,5."
    assert _error_of(answer.text, "price_idr") == "Paling sedikit 0."
    answer = page_client.post(
        f"/console/missions/{mission_id}/deals/new",
        data={**deal_form, "quantity": "3", "price_idr": "42.000", "start_month": "2027-4"},
    )
    assert _error_of(answer.text, "start_month") == "Pilih bulan, misalnya 2027-01."
    answer = page_client.post(
        f"/console/missions/{mission_id}/deals/new",
        data={**deal_form, "quantity": "3", "price_idr": "42.000"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    deal_page = page_client.get(answer.headers["location"])
    # 3 ton × 12 months × Rp42.000 per kg = Rp1.512.000.000
    assert "Kesepakatan tercatat: Rp1,5 miliar." in deal_page.text
    assert "Rp42.000 per kg" in deal_page.text and "Rp1.512.000.000" in deal_page.text
    deal_id = int(answer.headers["location"].rsplit("/", 1)[1])
    answer = page_client.post(
        f"/console/deals/{deal_id}/deliveries",
        data={"month": "2027-04", "quantity": "2.500", "unit": "kg", "csrf_token": csrf},
    )
    assert "Pengiriman tercatat." in answer.text
    assert "Terkirim 2.500 kg dari 36.000 kg yang dijanjikan." in answer.text

    answer = page_client.post(
        f"/console/missions/{mission_id}/status", data={"status": "closed", "csrf_token": csrf}
    )
    assert "Status diubah." in answer.text and "Jalankan penjadwalan" not in answer.text
    assert client.get(f"{API}/missions/{mission_id}").json()["status"] == "closed"
    report = page_client.get(f"/console/missions/{mission_id}/report")
    assert report.status_code == 200
    assert re.search(r'id="report-total">Rp1,5 miliar<', report.text)
    assert "Rp1.512.000.000" in report.text
    page_client.cookies.set("lang", "en")
    report = page_client.get(f"/console/missions/{mission_id}/report")
    assert re.search(r'id="report-total">IDR 1.5 billion<', report.text)
    csv = page_client.get(f"/console/missions/{mission_id}/report.csv")
    assert csv.status_code == 200 and "1512000000" in csv.text
    xlsx = page_client.get(f"/console/missions/{mission_id}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    cells = [
        cell
        for name in workbook.sheet_names
        for row in workbook.get_sheet_by_name(name).to_python()
        for cell in row
    ]
    assert 1512000000 in cells  # the total, a number cell in whole rupiah
    assert page_client.get(f"/console/missions/{mission_id}/report.pdf").status_code == 422


def test_mission_pages_are_for_staff_and_writes_need_the_form_token(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    assert page_client.get("/console/missions", follow_redirects=False).status_code == 303
    umkm = make_umkm(client)
    make_account(session, "umkm", name="Pemilik", umkm_id=umkm["id"])
    sign_in(page_client, "Pemilik")
    assert page_client.get("/console/missions").status_code == 403
    page_client.cookies.clear()
    csrf = _signed_in_staff(page_client, session)
    refused = page_client.post("/console/missions/new", data=MISSION_FORM)
    assert refused.status_code == 403
    assert client.get(f"{API}/missions").json()["total"] == 0
    mission_id = _plan(page_client, csrf)
    assert "Misi Dagang Uji" in page_client.get("/console/missions").text
    assert page_client.get("/console/missions/999999").status_code == 404
    assert page_client.get("/console/missions/99999999999").status_code == 422
    assert page_client.get(f"/console/missions/{mission_id}/report").status_code == 200
    form_page = page_client.get(f"/console/missions/{mission_id}/deals/new")
    assert csrf_of(form_page.text) == csrf
