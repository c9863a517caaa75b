from fastapi.testclient import TestClient

from tests.api.helpers import API, field_messages, make_product, make_umkm, problem


def test_certificates_of_umkm_and_product(client: TestClient) -> None:
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"])
    url = f"{API}/umkm/{umkm['id']}/certificates"
    nib = client.post(url, json={"type": "NIB", "number": "9120001234567"})
    assert nib.status_code == 201 and nib.json()["product_id"] is None
    halal = client.post(
        url,
        json={
            "type": "HALAL",
            "product_id": product["id"],
            "issued_on": "2023-01-10",
            "expires_on": "2024-01-10",
        },
    )
    assert halal.json()["expired"] is True
    listed = client.get(url, params={"product_id": product["id"]}).json()
    assert [c["type"] for c in listed["items"]] == ["HALAL"]

    renewed = client.patch(
        f"{API}/certificates/{halal.json()['id']}", json={"expires_on": "2099-01-10"}
    )
    assert renewed.json()["expired"] is False
    assert client.delete(f"{API}/certificates/{nib.json()['id']}").status_code == 204
    assert client.get(url).json()["total"] == 1


def test_certificate_refusals(client: TestClient) -> None:
    umkm = make_umkm(client)
    other = make_umkm(client, name="Other")
    foreign_product = make_product(client, other["id"])
    url = f"{API}/umkm/{umkm['id']}/certificates"
    body = problem(client.post(url, json={"type": "KOSHER_X"}), 422)
    assert "type" in field_messages(body)
    body = problem(
        client.post(url, json={"type": "HALAL", "product_id": foreign_product["id"]}), 422
    )
    assert field_messages(body)["product_id"] == (
        f"product {foreign_product['id']} is not a product of UMKM {umkm['id']}"
    )
    body = problem(
        client.post(
            url, json={"type": "PIRT", "issued_on": "2025-05-01", "expires_on": "2025-01-01"}
        ),
        422,
    )
    assert "expires_on is before issued_on" in body["detail"]
    problem(client.post(f"{API}/umkm/999999/certificates", json={"type": "NIB"}), 404)
