from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.helpers import API, field_messages, make_product, make_umkm, problem
from tests.conftest import bearer, make_token


def test_product_create_read_update(client: TestClient) -> None:
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"], unit="box", unit_weight_kg=0.5, shelf_life_days=30)
    assert (product["unit"], product["unit_weight_kg"]) == ("box", 0.5)
    updated = client.patch(f"{API}/products/{product['id']}", json={"name": "bolu salak"})
    assert updated.json()["name"] == "bolu salak"
    listed = client.get(f"{API}/umkm/{umkm['id']}/products").json()
    assert [p["name"] for p in listed["items"]] == ["bolu salak"]

    body = problem(client.post(f"{API}/umkm/999999/products", json={"name": "x"}), 404)
    assert body["detail"] == "UMKM 999999 does not exist"
    body = problem(
        client.post(
            f"{API}/umkm/{umkm['id']}/products",
            json={"name": "x", "unit": "kg", "unit_weight_kg": 2},
        ),
        422,
    )
    assert "applies only to counted units" in field_messages(body)["unit_weight_kg"]


def test_capacity_put_is_idempotent_and_keeps_history(client: TestClient, session: Session) -> None:
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"])
    url = f"{API}/products/{product['id']}/capacity/2026-12"
    ani = bearer(make_token(session, "umkm", umkm_id=umkm["id"], name="Ani"))

    first = client.put(url, json={"quantity": 400, "unit": "kg"}, headers=ani)
    assert first.status_code == 200
    again = client.put(url, json={"quantity": 400.000, "unit": "kg"}, headers=ani)
    assert again.json()["revision"] == 1  # the same figure twice is one change
    assert again.json()["updated_by"].startswith("Ani (key ")

    changed = client.put(url, json={"quantity": 0.35, "unit": "ton"})  # the staff key
    assert changed.json()["revision"] == 2
    assert changed.json()["quantity_kg"] == 350.0

    history = client.get(f"{url}/history").json()
    assert history["total"] == 2
    assert [
        (h["quantity_kg"], h["recorded_by"].split(" (")[0], h["current"]) for h in history["items"]
    ] == [(350.0, "test staff", True), (400.0, "Ani", False)]
    months = client.get(f"{API}/products/{product['id']}/capacity").json()
    assert [(m["month"], m["quantity"], m["unit"]) for m in months["items"]] == [
        ("2026-12", 0.35, "ton")
    ]
    problem(client.get(f"{API}/products/{product['id']}/capacity/2026-11/history"), 404)


def test_capacity_unit_conversion_both_ways(client: TestClient) -> None:
    umkm = make_umkm(client)
    pieces = make_product(client, umkm["id"], unit="pcs", unit_weight_kg=0.25)
    # 2,000 pcs of 0.25 kg = 500 kg; the unit defaults to the product's.
    response = client.put(
        f"{API}/products/{pieces['id']}/capacity/2027-01", json={"quantity": 2000}
    )
    assert (response.json()["unit"], response.json()["quantity_kg"]) == ("pcs", 500.0)
    # 0.75 ton of a pcs product = 750 kg, shown back in pcs = 3,000 pcs.
    client.put(
        f"{API}/products/{pieces['id']}/capacity/2027-02", json={"quantity": 0.75, "unit": "ton"}
    )
    in_pcs = client.get(f"{API}/products/{pieces['id']}/capacity", params={"unit": "pcs"}).json()
    assert [(m["month"], m["quantity"]) for m in in_pcs["items"]] == [
        ("2027-01", 2000.0),
        ("2027-02", 3000.0),
    ]
    in_kuintal = client.get(
        f"{API}/products/{pieces['id']}/capacity", params={"unit": "kuintal"}
    ).json()
    assert [m["quantity"] for m in in_kuintal["items"]] == [5.0, 7.5]

    # A new unit weight re-prices counted figures: 2,000 pcs of 0.3 kg = 600 kg.
    client.patch(f"{API}/products/{pieces['id']}", json={"unit_weight_kg": 0.3})
    months = client.get(f"{API}/products/{pieces['id']}/capacity").json()["items"]
    assert [m["quantity_kg"] for m in months] == [600.0, 750.0]

    unweighed = make_product(client, umkm["id"], name="anyaman rotan", unit="pcs")
    body = problem(
        client.put(f"{API}/products/{unweighed['id']}/capacity/2027-01", json={"quantity": 50}), 422
    )
    assert "'pcs' is a counted unit and no unit weight is known" in field_messages(body)["unit"]


def test_capacity_refusals(client: TestClient) -> None:
    product = make_product(client, make_umkm(client)["id"])
    base = f"{API}/products/{product['id']}/capacity"
    body = problem(client.put(f"{base}/2027-01", json={"quantity": -1}), 422)
    assert "greater than or equal to 0" in field_messages(body)["quantity"]
    body = problem(client.put(f"{base}/2027-1", json={"quantity": 1}), 422)
    assert "YYYY-MM" in field_messages(body)["month"]
    body = problem(client.put(f"{base}/2027-01", json={"quantity": 1, "unit": "liter"}), 422)
    assert "unknown unit" in field_messages(body)["unit"]
    problem(client.put(f"{API}/products/999999/capacity/2027-01", json={"quantity": 1}), 404)


def test_bulk_capacity_is_all_or_none(client: TestClient) -> None:
    product = make_product(client, make_umkm(client)["id"])
    url = f"{API}/products/{product['id']}/capacity"
    response = client.put(
        url,
        json={
            "items": [
                {"month": "2027-01", "quantity": 100},
                {"month": "2027-02", "quantity": 2, "unit": "kuintal"},
                {"month": "2027-03", "quantity": 0},
            ]
        },
    )
    assert response.status_code == 200
    assert [m["quantity_kg"] for m in response.json()["items"]] == [100.0, 200.0, 0.0]

    refused = client.put(
        url,
        json={
            "items": [
                {"month": "2027-04", "quantity": 100},
                {"month": "2027-05", "quantity": 5, "unit": "pcs"},
            ]
        },
    )
    body = problem(refused, 422)
    assert "items.1.unit" in field_messages(body)
    months = [m["month"] for m in client.get(url).json()["items"]]
    assert months == ["2027-01", "2027-02", "2027-03"]  # 2027-04 was not kept

    body = problem(
        client.put(
            url,
            json={
                "items": [
                    {"month": "2027-04", "quantity": 1},
                    {"month": "2027-04", "quantity": 2},
                ]
            },
        ),
        422,
    )
    assert "same month more than once" in body["detail"]
