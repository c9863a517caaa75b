"""Readiness and the supply-gap report against figures computed by hand (today: 2026-11-22)."""

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm, problem

LAST_12 = ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]


def _world(client: TestClient) -> dict[str, Any]:
    ready = make_umkm(client, name="Salak A", nib="9964710000001", address="Jl. Salak 1")
    cake = make_product(client, ready["id"], name="kue salak", hs_code="19059030")
    items = [{"month": m, "quantity": 500} for m in LAST_12]
    assert client.put(f"{API}/products/{cake['id']}/capacity", json={"items": items}).is_success
    certificates = f"{API}/umkm/{ready['id']}/certificates"
    client.post(certificates, json={"type": "HALAL", "expires_on": "2028-01-01"})
    client.post(certificates, json={"type": "BPOM_MD", "expires_on": "2026-01-01"})  # expired

    empty = make_umkm(client, name="Salak B")  # no NIB, no address, no capacity, no certificate
    make_product(client, empty["id"], name="cake salak", hs_code="19059030")

    buyer = make_buyer(client)
    big = make_request(
        client,
        buyer["id"],
        product="cake salak",
        hs_code=None,
        quantity=1000,
        start_month="2027-01",
        months=3,
        required_certifications=["NIB", "HALAL", "BPOM_MD"],
    )
    small = make_request(
        client,
        buyer["id"],
        product="kue salak",
        hs_code=None,
        quantity=400,
        start_month="2027-01",
        months=3,
        required_certifications=["HALAL", "BPOM_MD"],
    )
    vanilla = make_request(
        client,
        buyer["id"],
        product="vanilla beans",
        hs_code="09051000",
        quantity=100,
        start_month="2027-02",
        months=2,
        required_certifications=[],
    )
    return {"ready": ready, "empty": empty, "big": big, "small": small, "vanilla": vanilla}


def test_readiness_figures(client: TestClient) -> None:
    world = _world(client)
    body = client.get(f"{API}/umkm/{world['ready']['id']}/readiness").json()
    dims = {name: dim["score"] for name, dim in body["dimensions"].items()}
    # kualitas: HALAL valid (1) + BPOM_MD expired (0) of the two asked for = 50
    # kuantitas: 500 kg (estimated from a year before) covers 0.5 of 1,000 and all of 400 = 75
    # kontinuitas: 12 of 12 months, no variation = 100; legalitas 60 + 25 + 15 = 100
    # freshness 100 (written today); experience 0 (never exported, no koperasi)
    assert dims == {
        "kualitas": 50.0,
        "kuantitas": 75.0,
        "kontinuitas": 100.0,
        "legalitas": 100.0,
        "kesegaran_data": 100.0,
        "pengalaman_ekspor": 0.0,
    }
    # 0.25*50 + 0.20*75 + 0.20*100 + 0.15*100 + 0.10*100 + 0.10*0 = 72.5
    assert (body["overall"], body["grade"]) == (72.5, "B")
    assert body["dimensions"]["kualitas"]["expired"] == [
        {"type": "BPOM_MD", "expires_on": "2026-01-01"}
    ]

    plan = body["development_plan"]
    # BPOM MD alone opens the 400 kg request; the 1,000 kg one also needs 500 kg more a month.
    assert (plan[0]["action"], plan[0]["subject"]) == ("obtain", "BPOM_MD")
    assert plan[0]["requests_unlocked"] == [world["small"]["id"]]
    assert plan[0]["requests_helped"] == [world["big"]["id"], world["small"]["id"]]
    assert plan[0]["message_en"] == (
        "Obtain BPOM MD: qualifies for 1 open request, 400 kg per month"
    )
    assert plan[0]["message_id"] == (
        "Urus BPOM MD: memenuhi syarat untuk 1 permintaan terbuka, 400 kg per bulan"
    )
    raise_capacity = next(p for p in plan if p["action"] == "raise_capacity")
    assert raise_capacity["details"]["raise_kg_per_month"] == 500.0
    assert raise_capacity["details"]["months"] == ["2027-01", "2027-02", "2027-03"]
    assert raise_capacity["requests_unlocked"] == []
    assert "Jan 2027–Mar 2027 by up to 500 kg per month" in raise_capacity["message_en"]


def test_readiness_of_an_umkm_with_no_data(client: TestClient) -> None:
    world = _world(client)
    body = client.get(f"{API}/umkm/{world['empty']['id']}/readiness").json()
    dims = {name: dim["score"] for name, dim in body["dimensions"].items()}
    # Only the HS code on its one product counts: legalitas 25; overall 0.15 * 25 = 3.75
    assert dims == {
        "kualitas": 0.0,
        "kuantitas": 0.0,
        "kontinuitas": 0.0,
        "legalitas": 25.0,
        "kesegaran_data": 0.0,
        "pengalaman_ekspor": 0.0,
    }
    assert body["overall"] == 3.8 and body["grade"] == "D"
    assert body["dimensions"]["kesegaran_data"]["last_update"] is None
    assert body["dimensions"]["kualitas"]["missing"] == ["BPOM_MD", "HALAL"]
    assert any(p["action"] == "update_capacity" for p in body["development_plan"])
    problem(client.get(f"{API}/umkm/999999/readiness"), 404)


def test_supply_gap_by_product(client: TestClient) -> None:
    _world(client)
    report = client.get(
        f"{API}/reports/supply-gap",
        params={"group_by": "product", "from": "2027-01", "to": "2027-03"},
    )
    assert report.status_code == 200, report.text
    groups = {g["label"]: g for g in report.json()["groups"]}
    salak = next(g for label, g in groups.items() if "salak" in label)
    # Demand 1,000 + 400 a month; only Salak A has capacity (500, estimated): short 900 a month.
    assert [
        (m["month"], m["demand_kg"], m["capacity_kg"], m["shortfall_kg"], m["umkm"])
        for m in salak["months"]
    ] == [
        ("2027-01", 1400.0, 500.0, 900.0, 1),
        ("2027-02", 1400.0, 500.0, 900.0, 1),
        ("2027-03", 1400.0, 500.0, 900.0, 1),
    ]
    assert (
        salak["requests"],
        salak["demand_kg"],
        salak["shortfall_kg"],
        salak["months_short"],
    ) == (2, 4200.0, 2700.0, 3)
    # Nobody makes vanilla: the whole demand (Feb and Mar, 100 kg) is short.
    vanilla = next(g for label, g in groups.items() if "vanil" in label.lower())
    assert [(m["month"], m["shortfall_kg"]) for m in vanilla["months"]] == [
        ("2027-01", 0.0),
        ("2027-02", 100.0),
        ("2027-03", 100.0),
    ]
    assert vanilla["umkm"] == 0


def test_supply_gap_by_province_and_csv(client: TestClient) -> None:
    _world(client)
    params = {"group_by": "province", "from": "2027-01", "to": "2027-02"}
    groups = {
        g["group"]: g
        for g in client.get(f"{API}/reports/supply-gap", params=params).json()["groups"]
    }
    assert groups["64"]["label"] == "Kalimantan Timur"
    assert groups["64"]["months"][0]["demand_kg"] == 1400.0
    assert groups["none"]["months"][1]["shortfall_kg"] == 100.0  # vanilla, from February

    response = client.get(
        f"{API}/reports/supply-gap", params=params, headers={"Accept": "text/csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    row = next(r for r in rows if (r["group"], r["month"]) == ("64", "2027-01"))
    assert (row["demand_kg"], row["capacity_kg"], row["shortfall_kg"]) == (
        "1400.0",
        "500.0",
        "900.0",
    )
    problem(
        client.get(f"{API}/reports/supply-gap", params={"from": "2027-05", "to": "2027-01"}), 422
    )
    problem(client.get(f"{API}/reports/supply-gap", params={"group_by": "colour"}), 422)
