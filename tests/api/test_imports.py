"""Importing registers as offices keep them: CSV and XLSX files written here with Indonesian
headers, national phone numbers, regencies by name, "1.500" and "2,5", local units, and
broken rows; the dry-run report row by row, the idempotent second import, and the round trip
through export."""

import csv
import io
from typing import Any

import xlsxwriter
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

from tests.api.helpers import API, make_product, make_umkm, problem

UMKM_HEADERS = ["Kode", "NIB", "Nama UMKM", "Kabupaten/Kota", "No. HP", "Alamat", "Pernah Ekspor"]


def csv_file(headers: list[str], rows: list[list[Any]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_file(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("Daftar")
    sheet.write_row(0, 0, headers)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(number, column, value)
    workbook.close()
    return out.getvalue()


def send(client: TestClient, kind: str, name: str, content: bytes, *, dry_run: bool = False) -> Any:
    return client.post(
        f"{API}/imports",
        files={"file": (name, content)},
        data={"kind": kind, "dry_run": str(dry_run).lower()},
    )


def statuses(job: dict[str, Any]) -> list[tuple[int, str]]:
    return [(row["row"], row["status"]) for row in job["rows"]]


def umkm_total(client: TestClient) -> int:
    total: int = client.get(f"{API}/umkm").json()["total"]
    return total


BROKEN_REGISTER = [
    ["KT-001", "", "Dapur Salak Mama Ani", "Kota Balikpapan", "0812 5555 0101", "Jl. A", "ya"],
    ["KT-002", "9120001234567", "Amplang Bu Sri", "Kab. Kutai Timur", "+62 812-5555-0102", "", ""],
    ["KT-003", "", "Keripik Pisang Pak Budi", "Kutai Timur", "0812555", "", "tidak"],
    ["KT-004", "", "Kopi Robusta Lestari", "Kabupaten Atlantis", "", "", ""],
    ["KT-005", "", "", "Balikpapan", "", "", ""],
    ["KT-006", "", "Madu Hutan Berau", "Berau", "", "", "mungkin"],
    ["KT-002", "", "Amplang Bu Sri", "Kutai Timur", "", "", ""],
]


def test_dry_run_reports_every_row_and_writes_nothing(client: TestClient) -> None:
    make_umkm(client, name="Dapur Salak Mama Ani", regency_code="64.71")
    before = umkm_total(client)
    answer = send(
        client, "umkm", "register.csv", csv_file(UMKM_HEADERS, BROKEN_REGISTER), dry_run=True
    )
    assert answer.status_code == 201, answer.text
    job = answer.json()
    assert job["status"] == "checked" and job["dry_run"] is True
    assert statuses(job) == [
        (2, "update"),  # found by name + regency: the register code, phone ... are new
        (3, "new"),
        (4, "invalid"),
        (5, "invalid"),
        (6, "invalid"),
        (7, "invalid"),
        (8, "invalid"),  # KT-002 a second time
    ]
    assert job["counts"] == {"new": 1, "update": 1, "unchanged": 0, "invalid": 5}
    errors = {row["row"]: row["errors"][0] for row in job["rows"] if row["status"] == "invalid"}
    assert errors[4]["column"] == "No. HP" and "0812555" in errors[4]["en"]
    assert "nomor telepon" in errors[4]["id"]
    assert errors[5]["column"] == "Kabupaten/Kota"
    assert "Kabupaten Atlantis" in errors[5]["en"] and "tidak dikenal" in errors[5]["id"]
    assert errors[6]["column"] == "Nama UMKM" and errors[6]["id"] == "'Nama UMKM' wajib diisi"
    assert errors[7]["column"] == "Pernah Ekspor" and "ya/tidak" in errors[7]["id"]
    assert errors[8]["en"] == "the same record as row 3"
    assert umkm_total(client) == before
    again = client.get(f"{API}/imports/{job['id']}").json()
    assert again["rows"] == job["rows"]


def test_an_import_with_invalid_rows_is_refused_whole(client: TestClient) -> None:
    before = umkm_total(client)
    answer = send(client, "umkm", "register.csv", csv_file(UMKM_HEADERS, BROKEN_REGISTER))
    body = problem(answer, 422)
    assert "nothing was written" in body["detail"] and "tidak ada yang disimpan" in body["detail"]
    located = {(e["location"], e["field"]) for e in body["errors"]}
    assert ("file.row.4", "No. HP") in located and ("file.row.5", "Kabupaten/Kota") in located
    assert umkm_total(client) == before
    kept = client.get(f"{API}/imports/{body['import_id']}").json()
    assert kept["status"] == "refused"


def test_import_is_idempotent_and_reads_indonesian_habits(client: TestClient) -> None:
    rows = [row for row in BROKEN_REGISTER if row[0] in ("KT-001", "KT-002")][:2]
    content = xlsx_file(UMKM_HEADERS, rows)
    first = send(client, "umkm", "register.xlsx", content)
    assert first.status_code == 201, first.text
    assert first.json()["counts"] == {"new": 2, "update": 0, "unchanged": 0, "invalid": 0}
    found = client.get(f"{API}/umkm", params={"q": "Amplang Bu Sri"}).json()["items"]
    assert len(found) == 1
    sri = client.get(f"{API}/umkm/{found[0]['id']}").json()
    assert sri["regency_code"] == "64.08" and sri["phone"] == "+6281255550102"
    assert sri["register_code"] == "KT-002" and sri["nib"] == "9120001234567"
    ani_id = client.get(f"{API}/umkm", params={"q": "Mama Ani"}).json()["items"][0]["id"]
    ani = client.get(f"{API}/umkm/{ani_id}").json()
    assert ani["regency_code"] == "64.71" and ani["has_exported"] is True
    assert ani["phone"] == "+6281255550101"

    audit_before = client.get(f"{API}/audit").json()["total"]
    second = send(client, "umkm", "register.xlsx", content).json()
    assert second["counts"] == {"new": 0, "update": 0, "unchanged": 2, "invalid": 0}
    assert client.get(f"{API}/audit").json()["total"] == audit_before + 0
    # the same UMKM by register code with a new phone: an update, nothing duplicated
    changed = [["KT-002", "", "Amplang Bu Sri (baru)", "Kutai Timur", "0813 4444 0000", "", ""]]
    third = send(client, "umkm", "r.csv", csv_file(UMKM_HEADERS, changed)).json()
    assert statuses(third) == [(2, "update")]
    assert third["rows"][0]["changes"] == ["name", "phone"]
    assert client.get(f"{API}/umkm/{sri['id']}").json()["phone"] == "+6281344440000"
    assert umkm_total(client) == 2 + 0 * audit_before


PRODUCT_HEADERS = ["Kode", "Nama UMKM", "Kabupaten/Kota", "Nama Produk", "Kode HS", "Satuan"]
PRODUCT_HEADERS += ["Berat per Satuan (kg)"]


def _register_with_products(client: TestClient) -> None:
    send(client, "umkm", "u.csv", csv_file(UMKM_HEADERS, [BROKEN_REGISTER[1]]))
    products = [
        ["KT-002", "", "", "Amplang Ikan Pipih", "1905.90.30", "kuintal", None],
        ["KT-002", "", "", "Amplang Kemasan", "19059030", "pack", "0,25"],
        ["KT-002", "", "", "Kerupuk Ikat", "19059030", "pcs", None],
    ]
    answer = send(client, "products", "p.xlsx", xlsx_file(PRODUCT_HEADERS, products))
    assert answer.status_code == 201, answer.text
    assert answer.json()["counts"]["new"] == 3


CAPACITY_HEADERS = ["Kode", "Produk", "Satuan", "Jan 2027", "Februari 2027", "2027-03"]


def test_capacity_import_converts_units_and_keeps_the_history(client: TestClient) -> None:
    _register_with_products(client)
    rows = [
        ["KT-002", "Amplang Ikan Pipih", "kuintal", "1.500", "2,5", 12],
        ["KT-002", "Amplang Kemasan", "", "4.000", "", ""],  # the product's unit: pack
        ["KT-002", "Amplang Ikan Pipih", "ikat", "3", "", ""],
        ["KT-002", "Kerupuk Ikat", "", "100", "", ""],  # pcs without a unit weight
        ["KT-009", "Amplang Ikan Pipih", "kg", "1", "", ""],
        ["KT-002", "Amplang Ikan Pipih", "ton", "1.0.0", "", ""],
    ]
    content = csv_file(CAPACITY_HEADERS, rows, delimiter=",")
    check = send(client, "capacity", "kapasitas.csv", content, dry_run=True).json()
    assert statuses(check) == [
        (2, "new"),
        (3, "new"),
        (4, "invalid"),
        (5, "invalid"),
        (6, "invalid"),
        (7, "invalid"),
    ]
    reasons = {row["row"]: row["errors"][0] for row in check["rows"] if "errors" in row}
    assert reasons[4]["column"] == "Satuan" and "'ikat'" in reasons[4]["en"]
    assert "tidak dapat diubah ke kg" in reasons[4]["id"]
    assert "pcs" in reasons[5]["en"] and "unit weight" in reasons[5]["en"]
    assert "KT-009" in reasons[6]["en"] and "belum terdaftar" in reasons[6]["id"]
    assert reasons[7]["column"] == "Jan 2027" and reasons[7]["en"] == "'1.0.0' is not a number"

    good = csv_file(CAPACITY_HEADERS, rows[:2], delimiter=",")
    assert send(client, "capacity", "kapasitas.csv", good).status_code == 201
    # product= finds every amplang (matching's reading); take each product by its name
    amplang = client.get(f"{API}/products", params={"product": "amplang"}).json()["items"]
    by_name = {item["name"]: item["id"] for item in amplang}
    product_id = by_name["Amplang Ikan Pipih"]
    months = client.get(f"{API}/products/{product_id}/capacity").json()["items"]
    assert [(m["month"], m["quantity_kg"]) for m in months] == [
        ("2027-01", 150_000.0),  # 1.500 kuintal
        ("2027-02", 250.0),  # 2,5 kuintal
        ("2027-03", 1_200.0),
    ]
    january = client.get(f"{API}/products/{by_name['Amplang Kemasan']}/capacity/2027-01").json()
    assert january["quantity_kg"] == 1000.0  # 4.000 packs of 0,25 kg

    again = send(client, "capacity", "kapasitas.csv", good).json()
    assert again["counts"] == {"new": 0, "update": 0, "unchanged": 2, "invalid": 0}
    raised = [["KT-002", "Amplang Ikan Pipih", "kuintal", "1.600", "", ""]]
    send(client, "capacity", "k.csv", csv_file(CAPACITY_HEADERS, raised, delimiter=","))
    history = client.get(f"{API}/products/{product_id}/capacity/2027-01/history").json()
    assert [(h["revision"], h["quantity_kg"]) for h in history["items"]] == [
        (2, 160_000.0),
        (1, 150_000.0),
    ]
    assert all(h["audit_event_id"] for h in history["items"])


def test_export_round_trips_through_import(client: TestClient) -> None:
    _register_with_products(client)
    rows = [["KT-002", "Amplang Ikan Pipih", "kuintal", "1.500", "2,5", 12]]
    send(client, "capacity", "k.csv", csv_file(CAPACITY_HEADERS, rows, delimiter=","))
    umkm = make_umkm(client, name='Kopi Luwak, Cap "Rusa"', phone="+6281255550199")
    product = make_product(client, umkm["id"], name="=kopi bubuk")
    client.post(f"{API}/umkm/{umkm['id']}/certificates", json={"type": "HALAL", "number": "H-1"})
    client.put(f"{API}/products/{product['id']}/capacity/2027-05", json={"quantity": 2.5})
    for kind in ("umkm", "products", "capacity", "certificates"):
        for file_format in ("csv", "xlsx"):
            exported = client.get(f"{API}/exports/{kind}", params={"format": file_format})
            assert exported.status_code == 200, exported.text
            back = send(client, kind, f"export.{file_format}", exported.content, dry_run=True)
            assert back.status_code == 201, (kind, file_format, back.text)
            job = back.json()
            assert job["counts"]["unchanged"] >= 1, (kind, file_format, job)
            assert set(s for _, s in statuses(job)) == {"unchanged"}, (kind, file_format, job)
    exported = client.get(f"{API}/exports/products", params={"format": "xlsx"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0)
    table = sheet.to_python()
    assert table[0][:5] == ["Kode Register", "NIB", "Nama UMKM", "Kabupaten/Kota", "Produk"]
    assert [row[4] for row in table[1:] if str(row[4]).startswith("=")] == ["=kopi bubuk"]


def test_templates_are_downloadable_and_importable(client: TestClient) -> None:
    for kind in ("umkm", "products", "capacity", "certificates"):
        for file_format in ("xlsx", "csv"):
            template = client.get(f"{API}/imports/templates/{kind}", params={"format": file_format})
            assert template.status_code == 200
            assert "attachment" in template.headers["content-disposition"]
    template = client.get(f"{API}/imports/templates/umkm").content
    job = send(client, "umkm", "template.xlsx", template, dry_run=True).json()
    assert statuses(job) == [(2, "new")]


def test_files_that_cannot_be_read_are_refused_with_the_reason(client: TestClient) -> None:
    body = problem(send(client, "umkm", "register.pdf", b"%PDF-1.4"), 422)
    assert "file" in body["detail"] and ".xlsx" in body["detail"]
    body = problem(send(client, "umkm", "register.xlsx", b"not a zip"), 422)
    assert "cannot be read" in body["detail"]
    body = problem(send(client, "umkm", "r.csv", csv_file(["Produk"], [["x"]])), 422)
    assert "'Nama UMKM'" in body["detail"] and "'Kabupaten/Kota'" in body["detail"]
    body = problem(client.post(f"{API}/imports", data={"kind": "umkm"}), 422)
    assert "file" in str(body)
    body = problem(send(client, "people", "r.csv", b"a;b\n"), 422)
    assert "kind" in str(body)
