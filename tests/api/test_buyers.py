from fastapi.testclient import TestClient

from tests.api.helpers import API, field_messages, make_buyer, make_request, problem


def test_create_read_update_list_buyers(client: TestClient) -> None:
    buyer = make_buyer(
        client,
        city="Zürich",
        email="buying@salak.example.com",
        phone="+41 44 668 18 00",
        preferred_language="de",
        country="ch",
    )
    assert buyer["country"] == "CH"
    assert buyer["phone"] == "+41446681800"  # stored in E.164
    make_buyer(client, name="Xiamen Snack Trading", country="CN")

    response = client.patch(f"{API}/buyers/{buyer['id']}", json={"city": "Basel"})
    assert response.status_code == 200
    assert response.json()["city"] == "Basel"
    assert client.get(f"{API}/buyers/{buyer['id']}").json()["city"] == "Basel"

    page = client.get(f"{API}/buyers", params={"country": "CN"}).json()
    assert page["total"] == 1
    assert [b["name"] for b in page["items"]] == ["Xiamen Snack Trading"]
    page = client.get(f"{API}/buyers", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1


def test_buyer_refusals_name_field_and_reason(client: TestClient) -> None:
    body = problem(client.post(f"{API}/buyers", json={"name": "X", "country": "XX"}), 422)
    assert "not an ISO 3166-1 alpha-2" in field_messages(body)["country"]

    body = problem(
        client.post(f"{API}/buyers", json={"name": "X", "country": "CH", "phone": "0812345678"}),
        422,
    )
    assert "international form" in field_messages(body)["phone"]

    body = problem(
        client.post(f"{API}/buyers", json={"name": "X", "country": "CH", "email": "not-an-email"}),
        422,
    )
    assert "email" in body["detail"]

    body = problem(client.post(f"{API}/buyers", json={"country": "CH"}), 422)
    assert field_messages(body)["name"] == "Field required"

    buyer = make_buyer(client)
    body = problem(client.patch(f"{API}/buyers/{buyer['id']}", json={"name": None}), 422)
    assert "name may be left out but not set to null" in body["detail"]

    body = problem(client.get(f"{API}/buyers/999999"), 404)
    assert body["detail"] == "buyer 999999 does not exist"


def test_request_defaults_and_conversion(client: TestClient) -> None:
    buyer = make_buyer(client)
    request = make_request(
        client,
        buyer["id"],
        quantity=1.5,
        unit="ton",
        target_price=6.50,
        currency="chf",
        incoterm="FOB",
    )
    assert request["quota_kg"] == 1500.0  # a metric tonne, not the US short ton
    assert request["destination_country"] == "CH"  # the buyer's country by default
    assert request["status"] == "open"
    assert request["start_month"] == "2027-01" and request["end_month"] == "2027-12"
    assert request["currency"] == "CHF"

    in_kuintal = make_request(client, buyer["id"], quantity=15, unit="kuintal")
    assert in_kuintal["quota_kg"] == 1500.0
    in_pcs = make_request(client, buyer["id"], quantity=3000, unit="pcs", unit_weight_kg=0.5)
    assert in_pcs["quota_kg"] == 1500.0


def test_request_refusals(client: TestClient) -> None:
    buyer = make_buyer(client)
    base = {
        "buyer_id": buyer["id"],
        "product": "cake salak",
        "quantity": 100,
        "unit": "kg",
        "start_month": "2027-01",
        "months": 6,
    }
    cases = [
        ({"quantity": 0}, "quantity", "greater than 0"),
        ({"quantity": -5}, "quantity", "greater than 0"),
        ({"start_month": "2027-13"}, "start_month", "YYYY-MM"),
        ({"start_month": "01-2027"}, "start_month", "YYYY-MM"),
        ({"months": 0}, "months", "greater than or equal to 1"),
        ({"hs_code": "19059099"}, "hs_code", "not in the HS 2022"),
        ({"hs_code": "190"}, "hs_code", "pattern"),
        (
            {"required_certifications": ["HALAL", "KOSHER_X"]},
            "required_certifications.1",
            "Input should be",
        ),
        (
            {"required_certifications": ["HALAL", "HALAL"]},
            "required_certifications",
            "more than once",
        ),
        ({"unit": "liter"}, "unit", "unknown unit 'liter'"),
        ({"destination_country": "ZZ"}, "destination_country", "alpha-2"),
        ({"currency": "XYZ"}, "currency", "ISO 4217"),
    ]
    for change, field, message in cases:
        body = problem(client.post(f"{API}/buyer-requests", json={**base, **change}), 422)
        messages = field_messages(body)
        assert field in messages, (change, body)
        assert message in messages[field], (change, messages[field])

    body = problem(client.post(f"{API}/buyer-requests", json={**base, "unit": "pcs"}), 422)
    assert field_messages(body)["unit"].startswith("'pcs' is a counted unit")

    body = problem(client.post(f"{API}/buyer-requests", json={**base, "target_price": 5}), 422)
    assert "target_price needs a currency" in body["detail"]

    body = problem(client.post(f"{API}/buyer-requests", json={**base, "buyer_id": 999999}), 404)
    assert body["detail"] == "buyer 999999 does not exist"


def test_request_update_close_and_filters(client: TestClient) -> None:
    swiss = make_buyer(client)
    chinese = make_buyer(client, name="Xiamen Snack Trading", country="CN")
    cake = make_request(client, swiss["id"])
    make_request(client, chinese["id"], product="peyek kepiting", hs_code="19059080")

    response = client.patch(
        f"{API}/buyer-requests/{cake['id']}",
        json={"quantity": 2, "unit": "ton", "status": "closed"},
    )
    assert response.status_code == 200
    closed = response.json()
    assert closed["quota_kg"] == 2000.0
    assert closed["status"] == "closed" and closed["closed_at"] is not None

    def products(**params: object) -> list[str]:
        page = client.get(f"{API}/buyer-requests", params=params).json()
        return sorted(item["product"] for item in page["items"])

    assert products(status="open") == ["peyek kepiting"]
    assert products(country="CH") == ["cake salak"]
    assert products(hs_code="190590") == ["cake salak", "peyek kepiting"]
    assert products(product="PEYEK") == ["peyek kepiting"]
    problem(client.get(f"{API}/buyer-requests", params={"status": "lost"}), 422)
    problem(client.get(f"{API}/buyer-requests", params={"limit": 0}), 422)
