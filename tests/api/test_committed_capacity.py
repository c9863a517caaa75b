"""Committed capacity (issue 15): what an UMKM promised one buyer is not offered to the next.

An agreed or delivering deal commits its monthly quantity of the product; matches,
consortia, opportunities and readiness offer the rest, and cancelling or completing the deal
gives it back."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.helpers import API, created, make_buyer, make_product, make_request, make_umkm
from tests.conftest import bearer, make_token

WINDOW = ["2027-01", "2027-02", "2027-03"]


def _maker(client: TestClient, name: str, kg: float, product: str = "kue salak") -> dict[str, Any]:
    umkm = make_umkm(client, name=name)
    made = make_product(client, umkm["id"], name=product)
    items = [{"month": month, "quantity": kg} for month in WINDOW]
    response = client.put(f"{API}/products/{made['id']}/capacity", json={"items": items})
    assert response.status_code == 200, response.text
    return {"umkm_id": umkm["id"], "product_id": made["id"]}


def _world(client: TestClient) -> dict[str, Any]:
    """Two kue salak makers, 1,200 and 1,000 kg a month, and a request for 1,000 kg a month
    in Jan–Mar 2027 with no certificate asked."""
    ani = _maker(client, "Dapur Salak Mama Ani", 1200)
    yati = _maker(client, "Cake Salak Bu Yati", 1000, product="cake salak")
    buyer = make_buyer(client)
    request = make_request(
        client, buyer["id"], product="kue salak", quantity=1000, months=3,
        required_certifications=[],
    )  # fmt: skip
    return {"ani": ani, "yati": yati, "buyer": buyer, "request": request}


def _deal(client: TestClient, world: dict[str, Any], **fields: Any) -> dict[str, Any]:
    other = make_buyer(client, name="Tokyo Foods", country="JP")
    return created(
        client,
        "/deals",
        {
            "buyer_id": other["id"], **world["ani"], "quantity": 500, "unit": "kg",
            "start_month": "2027-01", "months": 2, "price_idr": 60_000, "price_unit": "kg",
            "stage": "agreed", **fields,
        },
    )  # fmt: skip


def _matches(client: TestClient, world: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = client.get(f"{API}/buyer-requests/{world['request']['id']}/matches", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _of(page: dict[str, Any], product_id: int) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in page["items"] if i["product_id"] == product_id)
    return found


def _months(item: dict[str, Any]) -> list[tuple[str, float, float, float]]:
    return [
        (m["month"], m["capacity_kg"], m["committed_kg"], m["shortfall_kg"]) for m in item["months"]
    ]


def test_an_agreed_deal_lowers_the_next_match_and_cancelling_restores_it(
    client: TestClient,
) -> None:
    world = _world(client)
    ani, yati = world["ani"]["product_id"], world["yati"]["product_id"]
    before = _matches(client, world)
    assert [i["product_id"] for i in before["items"][:2]] == [ani, yati]
    assert _months(_of(before, ani)) == [(m, 1200.0, 0.0, 0.0) for m in WINDOW]
    assert "COMMITTED_CAPACITY" not in {f["code"] for f in _of(before, ani)["flags"]}

    # negotiating commits nothing: the very same page
    deal = _deal(client, world, stage="negotiating")
    assert _matches(client, world) == before

    # agreed: 500 kg of Jan and Feb are promised, 700 kg are left in those months
    client.patch(f"{API}/deals/{deal['id']}", json={"stage": "agreed"}).raise_for_status()
    after = _matches(client, world)
    assert [i["product_id"] for i in after["items"][:2]] == [yati, ani]
    item = _of(after, ani)
    assert _months(item) == [
        ("2027-01", 700.0, 500.0, 300.0),
        ("2027-02", 700.0, 500.0, 300.0),
        ("2027-03", 1200.0, 0.0, 0.0),
    ]
    # coverage (0.7 + 0.7 + 1) / 3; the quota is met in March only
    assert item["components"]["capacity_coverage"] == 0.8
    assert item["components"]["continuity"] == 0.333
    assert item["components"]["months_meeting_quota"] == 1
    assert item["quota_note_id"] == "memenuhi kuota 1 dari 3 bulan"
    assert item["score"] < _of(before, ani)["score"]
    flags = {f["code"]: f for f in item["flags"]}
    committed = flags["COMMITTED_CAPACITY"]
    assert committed["message_id"] == (
        "Kapasitas 2 bulan sebagian sudah terikat kontrak: Jan 2027–Feb 2027: kapasitas "
        "1.200 kg, 500 kg sudah terikat kontrak (tersedia 700 kg)."
    )
    assert committed["message_en"] == (
        "Part of the capacity for 2 months is already committed under contract: "
        "Jan 2027–Feb 2027: capacity 1,200 kg, 500 kg already committed under contract "
        "(700 kg available)."
    )
    assert committed["months"] == [
        {"month": m, "capacity_kg": 1200.0, "committed_kg": 500.0, "available_kg": 700.0}
        for m in ("2027-01", "2027-02")
    ]
    assert [(m["month"], m["shortfall_kg"]) for m in flags["CONTINUITY_GAP"]["months"]] == [
        ("2027-01", 300.0),
        ("2027-02", 300.0),
    ]
    # the other maker's figures did not move
    assert _of(after, yati) == {**_of(before, yati), "rank": 1}

    # cancelling gives it all back: the same ranking and numbers as before the deal
    client.patch(f"{API}/deals/{deal['id']}", json={"stage": "cancelled"}).raise_for_status()
    assert _matches(client, world) == before


def test_every_deal_write_that_moves_a_commitment_is_in_the_next_match(
    client: TestClient,
) -> None:
    world = _world(client)
    ani = world["ani"]["product_id"]
    before = _matches(client, world)
    deal = _deal(client, world)  # created agreed: committed at once
    assert [m[1] for m in _months(_of(_matches(client, world), ani))] == [700.0, 700.0, 1200.0]
    path = f"{API}/deals/{deal['id']}"
    client.patch(path, json={"quantity": 0.3, "unit": "ton"}).raise_for_status()
    assert [m[1] for m in _months(_of(_matches(client, world), ani))] == [900.0, 900.0, 1200.0]
    client.patch(path, json={"start_month": "2027-02"}).raise_for_status()
    assert [m[1] for m in _months(_of(_matches(client, world), ani))] == [1200.0, 900.0, 900.0]
    client.patch(path, json={"months": 1}).raise_for_status()
    assert [m[1] for m in _months(_of(_matches(client, world), ani))] == [1200.0, 900.0, 1200.0]
    # a first delivery moves it to delivering: still committed
    delivered = client.post(f"{path}/deliveries", json={"month": "2027-02", "quantity": 0.1})
    assert delivered.status_code == 201, delivered.text
    assert client.get(path).json()["stage"] == "delivering"
    assert [m[1] for m in _months(_of(_matches(client, world), ani))] == [1200.0, 900.0, 1200.0]
    # over-commitment is accepted and flagged; nothing is left, never less than 0
    over = client.patch(path, json={"quantity": 1500, "unit": "kg"}).json()
    assert over["over_capacity"] is True
    item = _of(_matches(client, world), ani)
    assert _months(item)[1] == ("2027-02", 0.0, 1500.0, 1000.0)
    assert (
        "kapasitas 1.200 kg, 1.500 kg sudah terikat kontrak (tersedia 0 kg)"
        in ({f["code"]: f for f in item["flags"]}["COMMITTED_CAPACITY"]["message_id"])
    )
    # completing the deal frees the product
    client.patch(path, json={"stage": "completed"}).raise_for_status()
    assert _matches(client, world) == before


def test_a_client_key_sees_that_capacity_is_committed_but_no_figures(
    client: TestClient, session: Session
) -> None:
    world = _world(client)
    _deal(client, world)
    page = _matches(client, world, **bearer(make_token(session, "client")))
    item = _of(page, world["ani"]["product_id"])
    assert [m["committed_kg"] for m in item["months"]] == [None, None, None]
    flag = {f["code"]: f for f in item["flags"]}["COMMITTED_CAPACITY"]
    assert flag["message_id"] == (
        "Sebagian kapasitas 2 bulan sudah terikat kontrak: 2027-01, 2027-02."
    )
    assert flag["months"] == [{"month": "2027-01"}, {"month": "2027-02"}]
    assert "kg" not in flag["message_en"]


def test_consortia_opportunities_and_readiness_offer_what_is_left(client: TestClient) -> None:
    world = _world(client)
    ani, ani_umkm = world["ani"]["product_id"], world["ani"]["umkm_id"]
    request_id = world["request"]["id"]
    third = _maker(client, "Salak Ibu Rina", 450)

    def opportunity() -> dict[str, Any]:
        body = client.get(f"{API}/umkm/{ani_umkm}/opportunities").json()
        found: dict[str, Any] = next(i for i in body["items"] if i["request_id"] == request_id)
        return found

    def coverage() -> float:
        body = client.get(f"{API}/umkm/{ani_umkm}/readiness").json()
        requests = body["dimensions"]["kuantitas"]["requests"]
        return float(next(r["coverage"] for r in requests if r["request_id"] == request_id))

    def consortia() -> dict[str, Any]:
        response = client.get(f"{API}/buyer-requests/{request_id}/consortia")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    assert opportunity()["qualifies"] is True and coverage() == 1.0
    grouped = consortia()
    assert set(grouped["single_suppliers"]) == {ani, world["yati"]["product_id"]}

    # 900 kg of Ani's 1,200 promised every month: 300 kg left
    _deal(client, world, quantity=900, months=3)
    found = opportunity()
    assert found["qualifies"] is False
    assert {f["code"] for f in found["to_fix"]} >= {"CAPACITY_SHORTFALL", "CONTINUITY_GAP"}
    assert found["components"]["capacity_coverage"] == 0.3
    assert coverage() == 0.3
    grouped = consortia()
    assert grouped["single_suppliers"] == [world["yati"]["product_id"]]
    # a group with Ani counts her 300 kg, not 1,200
    with_ani = [
        member
        for group in grouped["items"]
        for member in group["members"]
        if member["product_id"] == ani
    ]
    assert with_ani, grouped
    assert all(
        [a["capacity_kg"] for a in member["allocation"]] == [300.0] * 3 for member in with_ani
    )
    # Ani (300) and Rina (450) together no longer make 1,000 kg
    pair = next(
        (
            g
            for g in grouped["items"]
            if {m["product_id"] for m in g["members"]} == {ani, third["product_id"]}
        ),
        None,
    )
    assert pair is None or pair["meets_quota"] is False
