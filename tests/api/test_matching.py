"""Matches over the API: ranking, the numbers in the gap flags, writes seen by the next match."""

import json
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import schemas
from app.demo import load_demo_data
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm, problem
from tests.conftest import TODAY, bearer, make_token


def _capacity(client: TestClient, product_id: int, figures: dict[str, float]) -> None:
    items = [{"month": month, "quantity": kg, "unit": "kg"} for month, kg in figures.items()]
    response = client.put(f"{API}/products/{product_id}/capacity", json={"items": items})
    assert response.status_code == 200, response.text


def _salak_world(client: TestClient) -> dict[str, Any]:
    """Two kue salak makers and a peyek maker; a request for 1,000 kg/month, Jan–Apr 2027."""
    ani = make_umkm(client, name="Dapur Salak Mama Ani")
    ani_cake = make_product(client, ani["id"], name="kue salak")
    client.post(f"{API}/umkm/{ani['id']}/certificates", json={"type": "NIB"})
    client.post(
        f"{API}/umkm/{ani['id']}/certificates", json={"type": "HALAL", "expires_on": "2027-02-28"}
    )
    _capacity(
        client,
        ani_cake["id"],
        {"2027-01": 1200, "2027-02": 800, "2027-04": 1000, "2026-03": 900, "2026-11": 1000},
    )
    yati = make_umkm(client, name="Cake Salak Teritip Bu Yati")
    yati_cake = make_product(client, yati["id"], name="cake salak")
    _capacity(
        client,
        yati_cake["id"],
        {m: 400 for m in ("2027-01", "2027-02", "2027-03", "2027-04", "2026-11")},
    )
    manggar = make_umkm(client, name="KUB Peyek Kepiting Manggar", regency_code="64.71")
    peyek = make_product(client, manggar["id"], name="peyek kepiting", hs_code="19059080")
    for cert in ("NIB", "HALAL"):
        client.post(f"{API}/umkm/{manggar['id']}/certificates", json={"type": cert})
    _capacity(
        client,
        peyek["id"],
        {m: 5000 for m in ("2027-01", "2027-02", "2027-03", "2027-04", "2026-11")},
    )
    buyer = make_buyer(client)
    request = make_request(
        client,
        buyer["id"],
        product="snake fruit cake",
        hs_code=None,
        quantity=1,
        unit="ton",
        start_month="2027-01",
        months=4,
        required_certifications=["NIB", "HALAL"],
    )
    return {
        "ani": ani,
        "ani_cake": ani_cake,
        "yati": yati,
        "yati_cake": yati_cake,
        "peyek": peyek,
        "request": request,
    }


def test_ranking_and_gap_numbers(client: TestClient) -> None:
    world = _salak_world(client)
    response = client.get(f"{API}/buyer-requests/{world['request']['id']}/matches")
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    ranked = [item["product_id"] for item in items]
    # Both cake makers rank above the peyek maker, whatever its capacity and certificates.
    assert ranked[:2] == [world["ani_cake"]["id"], world["yati_cake"]["id"]]
    assert world["peyek"]["id"] not in ranked[:2]

    ani = items[0]
    # Jan 1200 (reported), Feb 800, Mar estimated from Mar 2026 = 900, Apr 1000:
    # coverage (1 + 0.8 + 0.9 + 1) / 4 = 0.925; continuity 2/4 months meet 1,000 kg.
    assert ani["components"]["capacity_coverage"] == 0.925
    assert ani["components"]["continuity"] == 0.5
    assert [
        (m["month"], m["capacity_kg"], m["estimated"], m["shortfall_kg"]) for m in ani["months"]
    ] == [
        ("2027-01", 1200.0, False, 0.0),
        ("2027-02", 800.0, False, 200.0),
        ("2027-03", 900.0, True, 100.0),
        ("2027-04", 1000.0, False, 0.0),
    ]
    flags = {flag["code"]: flag for flag in ani["flags"]}
    gap = flags["CONTINUITY_GAP"]
    assert [(m["month"], m["shortfall_kg"]) for m in gap["months"]] == [
        ("2027-02", 200.0),
        ("2027-03", 100.0),
    ]
    assert "Feb 2027" in gap["message_en"] and "kurang 200 kg" in gap["message_id"]
    # Halal expires 2027-02-28, before the window ends in April: expiring, not missing.
    assert flags["EXPIRING_CERTIFICATION"]["type"] == "HALAL"
    assert flags["EXPIRING_CERTIFICATION"]["expires_on"] == "2027-02-28"
    assert "MISSING_CERTIFICATION" not in flags
    assert flags["ESTIMATED_MONTHS"]["months"][0]["month"] == "2027-03"

    yati = {flag["code"]: flag for flag in items[1]["flags"]}
    # 400 kg a month against 1,000: 600 kg (60 %) short; no NIB, no halal.
    assert yati["CAPACITY_SHORTFALL"]["shortfall_kg_per_month"] == 600.0
    assert yati["CAPACITY_SHORTFALL"]["shortfall_pct"] == 60.0
    assert set(yati["MISSING_CERTIFICATION"]["types"]) == {"NIB", "HALAL"}


def test_match_responses_are_exactly_the_documented_shape(client: TestClient) -> None:
    """The match routes write their JSON without building the response model: it must still be
    what `MatchList` declares in OpenAPI, field for field (nothing missing, nothing extra)."""
    world = _salak_world(client)
    tried = client.post(
        f"{API}/matches",
        json={"product": "kue salak", "quantity": 800, "unit": "kg", "start_month": "2027-01",
              "months": 4, "required_certifications": ["NIB"]},
    )  # fmt: skip
    for response in (client.get(f"{API}/buyer-requests/{world['request']['id']}/matches"), tried):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert len(body["items"]) >= 2  # the two cake makers at least
        model = schemas.MatchList.model_validate_json(response.content)
        assert json.loads(model.model_dump_json()) == body


def test_a_write_is_in_the_very_next_match(client: TestClient) -> None:
    world = _salak_world(client)
    url = f"{API}/buyer-requests/{world['request']['id']}/matches"
    assert client.get(url).json()["items"][1]["product_id"] == world["yati_cake"]["id"]
    # Bu Yati now reports 1,500 kg for every month and gets NIB and halal: she leads.
    _capacity(
        client,
        world["yati_cake"]["id"],
        {m: 1500 for m in ("2027-01", "2027-02", "2027-03", "2027-04")},
    )
    for cert in ("NIB", "HALAL"):
        client.post(f"{API}/umkm/{world['yati']['id']}/certificates", json={"type": cert})
    first = client.get(url).json()["items"][0]
    assert first["product_id"] == world["yati_cake"]["id"]
    assert [f["code"] for f in first["flags"]] == []
    assert first["components"]["capacity_coverage"] == 1.0


def test_a_rename_is_in_the_very_next_match(client: TestClient) -> None:
    """Match pages keep names from earlier pages: renaming an UMKM or a product, or moving the
    UMKM to another regency, shows in the next match all the same."""
    world = _salak_world(client)
    url = f"{API}/buyer-requests/{world['request']['id']}/matches"
    yati_cake = world["yati_cake"]["id"]

    def yati() -> tuple[str, str, str]:
        item = next(i for i in client.get(url).json()["items"] if i["product_id"] == yati_cake)
        return item["umkm_name"], item["product_name"], item["regency_code"]

    # twice: the first match builds the index, the second catches up with what the build may
    # have missed; from then on the names of unchanged products are kept between pages
    for _ in range(2):
        assert yati() == ("Cake Salak Teritip Bu Yati", "cake salak", "64.71")
    for path, body, expected in (
        (f"/umkm/{world['yati']['id']}", {"name": "Kue Salak Ibu Yati"},
         ("Kue Salak Ibu Yati", "cake salak", "64.71")),
        (f"/products/{yati_cake}", {"name": "cake salak pandan"},
         ("Kue Salak Ibu Yati", "cake salak pandan", "64.71")),
        (f"/umkm/{world['yati']['id']}", {"regency_code": "63.71"},
         ("Kue Salak Ibu Yati", "cake salak pandan", "63.71")),
    ):  # fmt: skip
        assert client.patch(API + path, json=body).status_code == 200
        assert yati() == expected


def test_filters_and_tried_demand(client: TestClient) -> None:
    world = _salak_world(client)
    url = f"{API}/buyer-requests/{world['request']['id']}/matches"
    assert len(client.get(url, params={"limit": 1}).json()["items"]) == 1
    assert client.get(url, params={"province": "63"}).json()["items"] == []
    ranked = client.get(url).json()["items"]
    # Each score as the floor keeps it and everything above; a floor above the best keeps none.
    floors = [ranked[1]["score"], ranked[0]["score"], ranked[0]["score"] + 0.1]
    kept = [
        [item["product_id"] for item in client.get(url, params={"min_score": f}).json()["items"]]
        for f in floors
    ]
    assert kept == [[item["product_id"] for item in ranked if item["score"] >= f] for f in floors]
    assert [len(k) for k in kept] == [2, 1, 0]

    tried = client.post(
        f"{API}/matches",
        json={
            "product": "kue salak",
            "quantity": 1000,
            "unit": "kg",
            "start_month": "2027-01",
            "months": 4,
            "required_certifications": ["NIB", "HALAL"],
        },
    )
    assert tried.status_code == 200, tried.text
    assert [i["product_id"] for i in tried.json()["items"][:2]] == [
        world["ani_cake"]["id"],
        world["yati_cake"]["id"],
    ]
    assert tried.json()["request"]["request_id"] is None
    problem(
        client.post(
            f"{API}/matches",
            json={
                "product": "x",
                "quantity": 5,
                "unit": "pcs",
                "start_month": "2027-01",
                "months": 1,
            },
        ),
        422,
    )
    problem(client.get(f"{API}/buyer-requests/999999/matches"), 404)
    problem(client.get(url, params={"min_score": 101}), 422)


def test_opportunities_show_what_to_fix(client: TestClient, session: Session) -> None:
    world = _salak_world(client)
    yati = bearer(make_token(session, "umkm", umkm_id=world["yati"]["id"]))
    response = client.get(f"{API}/umkm/{world['yati']['id']}/opportunities", headers=yati)
    assert response.status_code == 200, response.text
    [opportunity] = response.json()["items"]
    assert opportunity["request_id"] == world["request"]["id"]
    assert opportunity["qualifies"] is False
    assert {f["code"] for f in opportunity["to_fix"]} == {
        "CAPACITY_SHORTFALL",
        "CONTINUITY_GAP",
        "MISSING_CERTIFICATION",
    }
    problem(client.get(f"{API}/umkm/{world['ani']['id']}/opportunities", headers=yati), 404)
    problem(client.get(f"{API}/buyer-requests/{world['request']['id']}/matches", headers=yati), 403)


def test_demo_swiss_cake_salak_request(client: TestClient, session: Session) -> None:
    load_demo_data(session=session, today=TODAY)
    session.commit()
    requests = client.get(f"{API}/buyer-requests", params={"country": "CH"}).json()["items"]
    swiss = next(r for r in requests if "salak" in r["product"].lower())
    items = client.get(f"{API}/buyer-requests/{swiss['id']}/matches").json()["items"]
    names = [item["product_name"].lower() for item in items]
    makers = [
        i for i, name in enumerate(names) if "cake" in name or "kue" in name or "bolu" in name
    ]
    assert len(makers) >= 3 and makers == list(range(len(makers)))  # cake makers first
    assert all(item["regency_code"] == "64.71" for item in items[: len(makers)])
    first = {flag["code"]: flag for flag in items[0]["flags"]}
    assert first["CONTINUITY_GAP"]["months"][0]["shortfall_kg"] > 0
    assert any(
        "MISSING_CERTIFICATION" in {f["code"] for f in item["flags"]}
        for item in items[: len(makers)]
    )

    anchovy = next(
        r
        for r in client.get(f"{API}/buyer-requests").json()["items"]
        if r["product"].lower().startswith("dried anchovy")
    )
    top = client.get(f"{API}/buyer-requests/{anchovy['id']}/matches").json()["items"][0]
    assert "teri" in top["product_name"].lower()  # English request, Indonesian product name
    assert date.fromisoformat(f"{top['months'][0]['month']}-01") >= date(2027, 1, 1)


def test_matching_with_no_products_yet(client: TestClient) -> None:
    request = make_request(client, make_buyer(client)["id"])
    response = client.get(f"{API}/buyer-requests/{request['id']}/matches")
    assert response.status_code == 200 and response.json()["items"] == []
    consortia = client.get(f"{API}/buyer-requests/{request['id']}/consortia").json()
    assert consortia["items"] == [] and "no UMKM product" in consortia["note"]
    # The first product is matched at once.
    product = make_product(client, make_umkm(client)["id"], name="cake salak")
    items = client.get(f"{API}/buyer-requests/{request['id']}/matches").json()["items"]
    assert [item["product_id"] for item in items] == [product["id"]]
