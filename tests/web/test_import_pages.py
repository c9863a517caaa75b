"""Import pages (TestClient, both databases): check a register (dry run, row by row, in the
page's language), import it, refused files and rows; templates and exports; CSRF."""

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.spreadsheets import read_table
from tests.api.test_imports import BROKEN_REGISTER, UMKM_HEADERS, csv_file, umkm_total, xlsx_file
from tests.web.helpers import make_account, sign_in

GOOD_REGISTER = [
    ["KT-101", "", "Amplang Bu Sri", "Kab. Kutai Timur", "0812 5555 0102", "", "tidak"],
    ["KT-102", "", "Madu Hutan Berau", "Berau", "", "", "ya"],
]


def _rows(html: str) -> list[tuple[str, str]]:
    """(row number, status badge) of the report table."""
    return re.findall(
        r'<tr class="row-\w+"><td class="num">(\d+)</td><td>[^<]*</td>\s*'
        r'<td><span class="badge[^"]*">([^<]+)</span>',
        html,
    )


def test_check_then_import_a_register(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    make_account(session, name="Staf Impor")
    csrf = sign_in(page_client, "Staf Impor")
    before = umkm_total(client)
    page = page_client.get("/console/imports")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    content = xlsx_file(UMKM_HEADERS, GOOD_REGISTER)
    checked = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "action": "check", "csrf_token": csrf},
        files={"file": ("daftar.xlsx", content)},
    )
    assert checked.status_code == 200
    assert "Pemeriksaan daftar.xlsx: belum ada yang disimpan" in checked.text
    assert _rows(checked.text) == [("2", "baru"), ("3", "baru")]
    assert "Impor baris-baris ini" in checked.text
    assert umkm_total(client) == before
    # htmx: only the report comes back, to go under the form that keeps the file
    partial = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "action": "import"},
        files={"file": ("daftar.xlsx", content)},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf},
    )
    assert partial.status_code == 200 and "<html" not in partial.text
    assert "daftar.xlsx sudah diimpor" in partial.text
    assert umkm_total(client) == before + 2
    again = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "action": "check", "csrf_token": csrf},
        files={"file": ("daftar.xlsx", content)},
    )
    assert _rows(again.text) == [("2", "tidak berubah"), ("3", "tidak berubah")]
    assert "Tidak ada yang perlu diimpor" in again.text


def test_invalid_rows_are_explained_and_nothing_is_imported(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    make_account(session, name="Staf Impor")
    csrf = sign_in(page_client, "Staf Impor")
    before = umkm_total(client)
    content = csv_file(UMKM_HEADERS, BROKEN_REGISTER)
    checked = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "action": "check", "csrf_token": csrf},
        files={"file": ("daftar.csv", content)},
    )
    statuses = dict(_rows(checked.text))
    assert statuses["3"] == "baru" and statuses["4"] == "tidak sah" and statuses["5"] == "tidak sah"
    assert "<strong>Nama UMKM</strong>: &#39;Nama UMKM&#39; wajib diisi" in checked.text
    assert "Impor baris-baris ini" not in checked.text
    refused = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "action": "import", "csrf_token": csrf},
        files={"file": ("daftar.csv", content)},
    )
    assert refused.status_code == 422
    assert "daftar.csv ditolak: tidak ada yang disimpan" in refused.text
    assert umkm_total(client) == before
    page_client.cookies.set("lang", "en")
    checked = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "action": "check", "csrf_token": csrf},
        files={"file": ("daftar.csv", content)},
    )
    assert (
        "<strong>Kabupaten/Kota</strong>: " in checked.text and "Kabupaten Atlantis" in checked.text
    )
    assert "the same record as row 3" in checked.text


def test_unreadable_or_missing_files_and_forms_without_the_token(
    page_client: TestClient, session: Session
) -> None:
    make_account(session, name="Staf Impor")
    csrf = sign_in(page_client, "Staf Impor")
    answer = page_client.post(
        "/console/imports", data={"kind": "umkm", "csrf_token": csrf}, files={}
    )
    assert answer.status_code == 422 and "Pilih berkas lembar kerja" in answer.text
    answer = page_client.post(
        "/console/imports",
        data={"kind": "umkm", "csrf_token": csrf},
        files={"file": ("daftar.pdf", b"%PDF-1.4")},
    )
    assert answer.status_code == 422 and "tidak didukung" in answer.text
    refused = page_client.post(
        "/console/imports",
        data={"kind": "umkm"},
        files={"file": ("daftar.csv", csv_file(UMKM_HEADERS, GOOD_REGISTER))},
    )
    assert refused.status_code == 403


def test_templates_and_exports_download(
    page_client: TestClient, client: TestClient, session: Session
) -> None:
    make_account(session, name="Staf Impor")
    sign_in(page_client, "Staf Impor")
    template = page_client.get("/console/imports/templates/umkm.xlsx")
    assert template.status_code == 200
    assert "Nama UMKM" in read_table("t.xlsx", template.content).headers
    exported = page_client.get("/console/exports/umkm.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert page_client.get("/console/exports/nothing.csv").status_code == 422
