from fastapi.testclient import TestClient

from tests.api.helpers import API, field_messages, make_product, make_umkm, problem


def test_create_umkm_derives_province(client: TestClient) -> None:
    umkm = make_umkm(client, nib="9120001234567", phone="+62 812-5555-0101", koperasi="KUB Salak")
    assert umkm["province_code"] == "64"
    assert umkm["province_name"] == "Kalimantan Timur"
    assert umkm["regency_name"] == "Kota Balikpapan"
    assert umkm["phone"] == "+6281255550101"
    assert umkm["has_exported"] is False

    moved = client.patch(f"{API}/umkm/{umkm['id']}", json={"regency_code": "63.71"}).json()
    assert (moved["province_code"], moved["regency_name"]) == ("63", "Kota Banjarmasin")


def test_umkm_refusals(client: TestClient) -> None:
    body = problem(client.post(f"{API}/umkm", json={"name": "X", "regency_code": "64.99"}), 422)
    assert "not a Kemendagri kabupaten/kota code" in field_messages(body)["regency_code"]

    body = problem(
        client.post(f"{API}/umkm", json={"name": "X", "regency_code": "64.71", "nib": "12345"}), 422
    )
    assert "nib" in field_messages(body)

    body = problem(
        client.post(
            f"{API}/umkm", json={"name": "X", "regency_code": "64.71", "province_code": "63"}
        ),
        422,
    )
    assert "does not contain regency 64.71" in body["detail"]

    make_umkm(client, nib="9120001234567")
    body = problem(
        client.post(
            f"{API}/umkm", json={"name": "Other", "regency_code": "64.72", "nib": "9120001234567"}
        ),
        409,
    )
    assert "NIB 9120001234567 is already registered" in body["detail"]


def test_list_umkm_filters(client: TestClient) -> None:
    salak = make_umkm(client)
    make_product(client, salak["id"])
    chili = make_umkm(client, name="Kelompok Tani Cabai Rawit", regency_code="63.03")
    make_product(client, chili["id"], name="cabai rawit", hs_code="07096010")

    def names(**params: object) -> list[str]:
        return [u["name"] for u in client.get(f"{API}/umkm", params=params).json()["items"]]

    assert names(province="63") == ["Kelompok Tani Cabai Rawit"]
    assert names(hs_code="0709") == ["Kelompok Tani Cabai Rawit"]
    assert names(product="salak") == ["Dapur Salak Mama Ani"]
    assert names(regency="64.71") == ["Dapur Salak Mama Ani"]
    assert client.get(f"{API}/umkm").json()["total"] == 2
