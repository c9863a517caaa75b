"""Rules a user relies on, each pinned by a case that fails when the rule drifts.

Which flags block a deal (opportunities), the consortium's half-kilogram tolerance, the HS
grouping of the supply-gap report and weak ETags in If-Match: every case sits just inside or
just outside the rule, so moving a threshold or dropping a code changes an answer.
"""

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm, problem

WINDOW = ["2027-01", "2027-02", "2027-03", "2027-04"]


def _capacity(client: TestClient, product_id: int, figures: list[float], unit: str = "kg") -> None:
    items = [
        {"month": month, "quantity": kg, "unit": unit}
        for month, kg in zip(WINDOW, figures, strict=True)
    ]
    response = client.put(f"{API}/products/{product_id}/capacity", json={"items": items})
    assert response.status_code == 200, response.text


def _certify(client: TestClient, umkm_id: int, **expiry: str | None) -> None:
    for cert_type, expires_on in expiry.items():
        body: dict[str, Any] = {"type": cert_type}
        if expires_on is not None:
            body["expires_on"] = expires_on
        response = client.post(f"{API}/umkm/{umkm_id}/certificates", json=body)
        assert response.status_code == 201, response.text


def _request(client: TestClient, quantity: float, months: int = 4, **fields: Any) -> int:
    body = {
        "product": "kue salak",
        "hs_code": None,
        "quantity": quantity,
        "unit": "kg",
        "start_month": WINDOW[0],
        "months": months,
        "required_certifications": ["NIB", "HALAL"],
        **fields,
    }
    return int(make_request(client, make_buyer(client)["id"], **body)["id"])


def _opportunity(client: TestClient, umkm_id: int, request_id: int) -> dict[str, Any]:
    response = client.get(f"{API}/umkm/{umkm_id}/opportunities")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = next(
        item for item in response.json()["items"] if item["request_id"] == request_id
    )
    return found


# ------------------------------------------------------------------ what blocks a deal


def test_an_expiring_certificate_blocks_an_opportunity(client: TestClient) -> None:
    """Halal valid today but ending in February, before the April delivery: renew first."""
    request_id = _request(client, 1000)
    expiring = make_umkm(client, name="Salak Expiring")
    _certify(client, expiring["id"], NIB=None, HALAL="2027-02-28")
    _capacity(client, make_product(client, expiring["id"])["id"], [1000] * 4)
    valid = make_umkm(client, name="Salak Valid")
    _certify(client, valid["id"], NIB=None, HALAL=None)
    _capacity(client, make_product(client, valid["id"])["id"], [1000] * 4)

    blocked = _opportunity(client, expiring["id"], request_id)
    assert blocked["qualifies"] is False
    assert [(f["code"], f["type"], f["expires_on"]) for f in blocked["to_fix"]] == [
        ("EXPIRING_CERTIFICATION", "HALAL", "2027-02-28")
    ]
    # The same UMKM with a certificate that lasts the window has nothing to fix.
    clear = _opportunity(client, valid["id"], request_id)
    assert (clear["qualifies"], clear["to_fix"]) == (True, [])


def test_an_unconvertible_capacity_unit_blocks_an_opportunity(client: TestClient) -> None:
    """Capacity in boxes whose weight was removed cannot be set against a quota in kg."""
    request_id = _request(client, 1000)
    umkm = make_umkm(client, name="Salak in Boxes")
    _certify(client, umkm["id"], NIB=None, HALAL=None)
    product = make_product(client, umkm["id"], unit="box", unit_weight_kg=0.5)
    _capacity(client, product["id"], [2000] * 4, unit="box")  # 1,000 kg a month
    assert _opportunity(client, umkm["id"], request_id)["qualifies"] is True

    forgotten = client.patch(f"{API}/products/{product['id']}", json={"unit_weight_kg": None})
    assert forgotten.status_code == 200, forgotten.text
    blocked = _opportunity(client, umkm["id"], request_id)
    assert blocked["qualifies"] is False
    assert [(f["code"], f["side"]) for f in blocked["to_fix"]] == [
        ("UNIT_NOT_CONVERTIBLE", "product")
    ]


def test_data_quality_notes_do_not_block(client: TestClient) -> None:
    """Estimated months are a note for the officer, not a gap between the UMKM and a deal."""
    request_id = _request(client, 1000)
    umkm = make_umkm(client, name="Salak Estimated")
    _certify(client, umkm["id"], NIB=None, HALAL=None)
    product = make_product(client, umkm["id"])
    items = [{"month": "2026-03", "quantity": 1200}] + [
        {"month": m, "quantity": 1000} for m in ("2027-01", "2027-02", "2027-04")
    ]
    assert client.put(f"{API}/products/{product['id']}/capacity", json={"items": items}).is_success
    found = _opportunity(client, umkm["id"], request_id)
    assert "ESTIMATED_MONTHS" in {f["code"] for f in found["flags"]}
    assert (found["qualifies"], found["to_fix"]) == (True, [])


# ------------------------------------------------------------------ consortium tolerance


def _consortium(client: TestClient, figures: list[float]) -> tuple[dict[str, Any], int]:
    umkm = make_umkm(client, name="Salak Nearly")
    product = make_product(client, umkm["id"])
    _capacity(client, product["id"], figures)
    request_id = _request(client, 1000, required_certifications=[])
    response = client.get(f"{API}/buyer-requests/{request_id}/consortia")
    assert response.status_code == 200, response.text
    return response.json(), int(product["id"])


def test_a_consortium_short_by_0_4_kg_meets_the_quota(client: TestClient) -> None:
    # 999.6 kg against 1,000 kg: within the half-kilogram tolerance in every month.
    body, product_id = _consortium(client, [999.6] * 4)
    best = body["items"][0]
    assert [m["shortfall_kg"] for m in best["months"]] == [0.4] * 4
    assert (best["meets_quota"], best["months_short"]) == (True, 0)
    assert body["single_suppliers"] == [product_id]
    assert body["note"] == "a group meets the quota in every month and the buyer's rules"


def test_a_consortium_short_beyond_the_tolerance_counts_the_month(client: TestClient) -> None:
    # Short by 0.4 kg (tolerated), 0.6 kg and 10 kg (two months short), then enough.
    body, _ = _consortium(client, [999.6, 999.4, 990.0, 1000.0])
    best = body["items"][0]
    assert [m["shortfall_kg"] for m in best["months"]] == [0.4, 0.6, 10.0, 0.0]
    assert (best["meets_quota"], best["months_short"]) == (False, 2)
    assert best["shortfall_kg"] == 11.0
    assert body["single_suppliers"] == []
    assert body["note"].startswith("no group can meet the quota in every month")


# ------------------------------------------------------------------ supply gap by HS code


def test_supply_gap_groups_hs_codes_at_six_digits(client: TestClient) -> None:
    buyer = make_buyer(client)["id"]

    def ask(product: str, hs_code: str | None, kg: int) -> None:
        make_request(
            client, buyer, product=product, hs_code=hs_code, quantity=kg,
            start_month="2027-01", months=1, required_certifications=[],
        )  # fmt: skip

    ask("pineapple cake", "19059030", 100)  # 1905.90, first of two 8-digit lines
    ask("banana cake", "19059040", 200)  # 1905.90 too: the same group
    ask("crispbread", "19051000", 400)  # 1905.10: shares four digits only, a group of its own
    ask("zqxv wprt", None, 800)  # no HS code and no glossary word: "unknown"
    response = client.get(
        f"{API}/reports/supply-gap", params={"group_by": "hs", "from": "2027-01", "to": "2027-01"}
    )
    assert response.status_code == 200, response.text
    groups = {g["group"]: g for g in response.json()["groups"]}
    assert {key: (g["requests"], g["demand_kg"]) for key, g in groups.items()} == {
        "190590": (2, 300.0),
        "190510": (1, 400.0),
        "unknown": (1, 800.0),
    }
    assert groups["unknown"]["label"] == "HS code unknown"
    assert "crispbread" in groups["190510"]["label"].lower()
    # Sorted by shortfall, largest first: nobody makes any of it.
    assert [g["group"] for g in response.json()["groups"]] == ["unknown", "190510", "190590"]


def test_supply_gap_shows_a_shortfall_of_a_fraction_of_a_kilogram(client: TestClient) -> None:
    umkm = make_umkm(client, name="Salak Nearly")
    _capacity(client, make_product(client, umkm["id"])["id"], [999.6, 999.6, 1000.0, 1000.0])
    make_request(
        client, make_buyer(client)["id"], product="kue salak", hs_code=None, quantity=1000,
        start_month="2027-01", months=4, required_certifications=[],
    )  # fmt: skip
    params = {"from": "2027-01", "to": "2027-04"}
    report = client.get(f"{API}/reports/supply-gap", params=params)
    assert report.status_code == 200, report.text
    [group] = report.json()["groups"]
    assert [m["shortfall_kg"] for m in group["months"]] == [0.4, 0.4, 0.0, 0.0]
    assert (group["shortfall_kg"], group["months_short"]) == (0.8, 2)


# ------------------------------------------------------------------ weak ETags


def test_a_weak_etag_in_if_match_is_accepted(client: TestClient) -> None:
    buyer = make_buyer(client)
    url = f"{API}/buyers/{buyer['id']}"
    tag = client.get(url).headers["ETag"]
    assert not tag.startswith("W/")
    # RFC 9110 8.8.3: a proxy may weaken the tag on the way; If-Match compares the opaque part.
    changed = client.patch(
        url, json={"name": "Swiss Sweets GmbH"}, headers={"If-Match": f"W/{tag}"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Swiss Sweets GmbH"
    # The old tag, weak or strong, now names a version that is gone.
    for stale in (tag, f"W/{tag}"):
        problem(client.patch(url, json={"name": "x"}, headers={"If-Match": stale}), 412)
    fresh = changed.headers["ETag"]
    listed = f'"0000", W/{fresh}'
    assert client.patch(url, json={"name": "y"}, headers={"If-Match": listed}).status_code == 200


def test_supply_gap_groups_products_by_glossary_concept(client: TestClient) -> None:
    buyer = make_buyer(client)["id"]
    for product, kg in (
        ("keripik pisang", 100), ("banana chips", 200),  # chips + pisang, in two languages
        ("dried anchovy", 400), ("ikan teri kering", 800),  # one concept: ikan_teri
        ("Zqxv Wprt", 1600),  # no glossary word: grouped by its normalised text, shown as written
    ):  # fmt: skip
        make_request(
            client, buyer, product=product, hs_code=None, quantity=kg, start_month="2027-01",
            months=1, required_certifications=[],
        )  # fmt: skip
    url = f"{API}/reports/supply-gap"
    params = {"group_by": "product", "from": "2027-01", "to": "2027-01"}
    report = client.get(url, params=params)
    assert report.status_code == 200, report.text
    assert [
        (g["group"], g["label"], g["requests"], g["demand_kg"]) for g in report.json()["groups"]
    ] == [
        ("zqxv wprt", "Zqxv Wprt", 1, 1600.0),
        # what the product is includes its state (issue 12): dried anchovies, banana chips
        ("ikan_teri:state=dried", "ikan teri (kering / dried)", 2, 1200.0),
        ("chips+pisang:state=chips", "chips + pisang (keripik / chips)", 2, 300.0),
    ]
    as_csv = client.get(url, params=params, headers={"Accept": "text/csv"})
    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.text.split("\n") == [
        "group_by,group,label,month,demand_kg,capacity_kg,shortfall_kg,requests,umkm",
        "product,zqxv wprt,Zqxv Wprt,2027-01,1600.0,0.0,1600.0,1,0",
        "product,ikan_teri:state=dried,ikan teri (kering / dried),2027-01,1200.0,0.0,1200.0,2,0",
        "product,chips+pisang:state=chips,chips + pisang (keripik / chips),"
        "2027-01,300.0,0.0,300.0,2,0",
        "",
    ]


def test_supply_gap_groups_unread_products_by_their_hs_code(client: TestClient) -> None:
    """Words the glossary cannot read, with an HS code: grouped by its six digits, labelled
    with the code's description; without one, by the words themselves."""
    buyer = make_buyer(client)["id"]
    for product, hs_code, kg in (
        ("Zqxv Wprt", "19059030", 100), ("Qqrb Vxx", "19059040", 200),  # both 1905.90
        ("Zqxv Wprt", None, 400),
    ):  # fmt: skip
        make_request(
            client, buyer, product=product, hs_code=hs_code, quantity=kg, start_month="2027-01",
            months=1, required_certifications=[],
        )  # fmt: skip
    params = {"group_by": "product", "from": "2027-01", "to": "2027-01"}
    report = client.get(f"{API}/reports/supply-gap", params=params)
    assert report.status_code == 200, report.text
    assert [
        (g["group"], g["label"][:41], g["requests"], g["demand_kg"])
        for g in report.json()["groups"]
    ] == [
        ("zqxv wprt", "Zqxv Wprt", 1, 400.0),
        ("hs:190590", "Food preparations; bakers' wares n.e.c. i", 2, 300.0),
    ]


def test_supply_gap_without_to_covers_twelve_months_from_from(client: TestClient) -> None:
    make_request(
        client, make_buyer(client)["id"], product="kue salak", quantity=100,
        start_month="2027-06", months=12, required_certifications=[],
    )  # fmt: skip
    report = client.get(f"{API}/reports/supply-gap", params={"from": "2027-03"})
    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["from"], body["to"]) == ("2027-03", "2028-02")
    assert [m["month"] for m in body["groups"][0]["months"]][::11] == ["2027-03", "2028-02"]
    # June 2027 to February 2028 of the request's twelve months fall in the report: 9 x 100 kg.
    assert [g["demand_kg"] for g in body["groups"]] == [900.0]
