"""What an officer reads beside a match: why the product fits, its state, the months that
meet the quota — and that a product in the wrong state never outranks one in the right state."""

from fastapi.testclient import TestClient

from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm


def _months(client: TestClient, product_id: int, kg: float) -> None:
    items = [{"month": f"2027-0{m}", "quantity": kg, "unit": "kg"} for m in range(1, 5)]
    response = client.put(f"{API}/products/{product_id}/capacity", json={"items": items})
    assert response.status_code == 200, response.text


def test_fermented_cocoa_request_ranks_fermented_beans_first_and_says_why(
    client: TestClient,
) -> None:
    # The unfermented maker has four times the capacity: it must still rank below.
    asalan = make_umkm(client, name="Tani Kakao Asalan Sangatta", regency_code="64.08")
    asalan_beans = make_product(client, asalan["id"], name="Biji Kakao Asalan", hs_code="18010090")
    _months(client, asalan_beans["id"], 4000)
    fermented = make_umkm(client, name="KUB Kakao Fermentasi Kaliorang", regency_code="64.08")
    fermented_beans = make_product(
        client, fermented["id"], name="Biji Kakao Fermentasi", hs_code="18010010"
    )
    _months(client, fermented_beans["id"], 1000)
    buyer = make_buyer(client, name="Rotterdam Cocoa BV", country="NL")
    request = make_request(
        client,
        buyer["id"],
        product="fermented cocoa beans",
        hs_code=None,
        quantity=1000,
        unit="kg",
        start_month="2027-01",
        months=4,
        required_certifications=[],
    )

    body = client.get(f"{API}/buyer-requests/{request['id']}/matches").json()
    ranked = [item["product_id"] for item in body["items"]]
    assert ranked == [fermented_beans["id"], asalan_beans["id"]]
    first, second = body["items"]
    assert first["state_status"] == "agrees"
    assert first["components"]["months_meeting_quota"] == 4
    assert first["quota_note_id"] == "memenuhi kuota 4 dari 4 bulan"
    assert first["quota_note_en"] == "meets the quota in 4 of 4 months"
    assert second["state_status"] == "contradicts"
    assert second["score"] < 60  # out of the same-product band, whatever its capacity
    assert second["fit_reason_id"].startswith("beda olahan")
    assert second["fit_reason_en"].startswith("different process")
    [state] = second["states"]
    assert (state["dimension"], state["status"]) == ("fermentation", "contradicts")


def test_capacity_equal_to_the_quota_is_not_short(client: TestClient) -> None:
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"], name="kue salak")
    _months(client, product["id"], 1000.04)
    body = client.post(
        f"{API}/matches",
        json={
            "product": "kue salak",
            "quantity": 1000.04,
            "unit": "kg",
            "start_month": "2027-01",
            "months": 4,
        },
    ).json()
    [item] = body["items"]
    codes = {flag["code"] for flag in item["flags"]}
    assert not codes & {"CAPACITY_SHORTFALL", "CONTINUITY_GAP"}
    assert item["components"]["months_meeting_quota"] == 4
    assert all(month["shortfall_kg"] in (0, None) for month in item["months"])
