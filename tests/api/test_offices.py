"""Two offices on one instance: each office's staff see and change only their own buyers,
requests, UMKM (and what hangs from them), accounts and audit trail; matching searches every
office's UMKM; admins create offices and see everything."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import schemas, security
from app.offices import shared_umkm_ids
from app.services import accounts
from tests.api.helpers import API, problem
from tests.conftest import bearer, make_token

OFFICE_B = {"name": "Dinas Perindustrian dan Perdagangan Kota Balikpapan", "province_code": "64"}


def _staff_token(session: Session, office_id: int, name: str) -> str:
    _, _, token = accounts.create_account(
        session=session,
        data=schemas.AccountCreate(name=name, role=schemas.AccountRole.STAFF, office_id=office_id),
        principal=security.SYSTEM,
    )
    session.commit()
    return token


MISSION = {
    "name": "Misi Dagang",
    "starts_on": "2027-03-10",
    "ends_on": "2027-03-10",
    "timezone": "Asia/Makassar",
    "slot_minutes": 30,
    "tables": 2,
    "day_start": "09:00",
    "day_end": "11:00",
}


def _made(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    made: dict[str, Any] = response.json()
    return made


def _mission(
    client: TestClient, headers: dict[str, str], tag: str, buyer_id: int, umkm_id: int
) -> dict[str, Any]:
    """A mission with the buyer and the UMKM taking part, one accepted meeting request, the
    schedule (one meeting) and a deal agreed there with a delivery."""
    mission = _made(
        client.post(f"{API}/missions", json={**MISSION, "name": f"Misi {tag}"}, headers=headers)
    )
    path = f"{API}/missions/{mission['id']}"
    for party in ({"buyer_id": buyer_id}, {"umkm_id": umkm_id}):
        _made(client.post(f"{path}/participants", json=party, headers=headers))
    request = _made(
        client.post(
            f"{path}/meeting-requests",
            json={"buyer_id": buyer_id, "umkm_id": umkm_id},
            headers=headers,
        )
    )
    _made(
        client.patch(
            f"{API}/meeting-requests/{request['id']}", json={"status": "accepted"}, headers=headers
        )
    )
    schedule = _made(client.post(f"{path}/schedule", json={"mode": "all"}, headers=headers))
    return {
        "mission_id": mission["id"],
        "meeting_request_id": request["id"],
        "meeting_id": schedule["meetings"][0]["id"],
    }


def _deal(
    client: TestClient, headers: dict[str, str], records: dict[str, Any], mission_id: int
) -> int:
    deal = _made(
        client.post(
            f"{API}/deals",
            json={
                "buyer_id": records["buyer_id"],
                "umkm_id": records["umkm_id"],
                "product_id": records["product_id"],
                "mission_id": mission_id,
                "quantity": 100,
                "unit": "kg",
                "start_month": "2027-04",
                "months": 3,
                "price_idr": 85000,
                "price_unit": "kg",
                "stage": "agreed",
            },
            headers=headers,
        )
    )
    _made(
        client.post(
            f"{API}/deals/{deal['id']}/deliveries",
            json={"month": "2027-04", "quantity": 60},
            headers=headers,
        )
    )
    return int(deal["id"])


def _records(client: TestClient, headers: dict[str, str], tag: str) -> dict[str, Any]:
    """A buyer, a request, an UMKM with a product, capacity and a certificate, an account;
    a mission with a meeting request and a meeting, and a deal with a delivery."""
    umkm = client.post(
        f"{API}/umkm",
        json={"name": f"UMKM {tag}", "regency_code": "64.71", "phone": "+6281255550101"},
        headers=headers,
    ).json()
    product = client.post(
        f"{API}/umkm/{umkm['id']}/products",
        json={"name": f"amplang {tag}", "hs_code": "19059030"},
        headers=headers,
    ).json()
    client.put(
        f"{API}/products/{product['id']}/capacity",
        json={"items": [{"month": f"2027-{m:02d}", "quantity": 2000} for m in range(1, 13)]},
        headers=headers,
    )
    certificate = client.post(
        f"{API}/umkm/{umkm['id']}/certificates", json={"type": "HALAL"}, headers=headers
    ).json()
    buyer = client.post(
        f"{API}/buyers", json={"name": f"Buyer {tag}", "country": "CH"}, headers=headers
    ).json()
    request = client.post(
        f"{API}/buyer-requests",
        json={
            "buyer_id": buyer["id"],
            "product": "amplang",
            "hs_code": "19059030",
            "quantity": 1000,
            "unit": "kg",
            "start_month": "2027-01",
            "months": 6,
        },
        headers=headers,
    ).json()
    account = client.post(
        f"{API}/accounts", json={"name": f"app {tag}", "role": "client"}, headers=headers
    ).json()
    register = f"Kode,Nama UMKM,Kabupaten/Kota\nR-{tag},UMKM {tag},Kota Balikpapan\n".encode()
    job = client.post(
        f"{API}/imports",
        files={"file": ("r.csv", register)},
        data={"kind": "umkm", "dry_run": "true"},
        headers=headers,
    ).json()
    records = {
        "umkm_id": umkm["id"],
        "product_id": product["id"],
        "certificate_id": certificate["id"],
        "buyer_id": buyer["id"],
        "request_id": request["id"],
        "account_id": account["account"]["id"],
        "key_id": account["key"]["id"],
        "import_id": job["id"],
        "month": "2027-03",
    }
    records |= _mission(client, headers, tag, buyer["id"], umkm["id"])
    records["deal_id"] = _deal(client, headers, records, records["mission_id"])
    return records


@pytest.fixture
def offices(client: TestClient, session: Session) -> dict[str, Any]:
    """Office A (the default office of the `client` fixture's staff key) and office B made by
    an admin, each with its own staff key and records."""
    admin = bearer(make_token(session, "admin", name="kemendag admin"))
    office_b = client.post(f"{API}/offices", json=OFFICE_B, headers=admin)
    assert office_b.status_code == 201, office_b.text
    staff_a = {"Authorization": client.headers["Authorization"]}
    staff_b = bearer(_staff_token(session, office_b.json()["id"], "staff balikpapan"))
    office_a = client.get(f"{API}/offices", headers=staff_a).json()["items"][0]
    return {
        "admin": admin,
        "a": {"headers": staff_a, "office": office_a, **_records(client, staff_a, "A")},
        "b": {"headers": staff_b, "office": office_b.json(), **_records(client, staff_b, "B")},
    }


def _ids_of(items: list[dict[str, Any]]) -> set[int]:
    return {item["id"] for item in items}


LISTS = {
    "/buyers": "buyer_id",
    "/buyer-requests": "request_id",
    "/umkm": "umkm_id",
    "/products": "product_id",
    "/accounts": "account_id",
    "/missions": "mission_id",
    "/deals": "deal_id",
}


def test_lists_hold_no_row_of_the_other_office(client: TestClient, offices: dict[str, Any]) -> None:
    a, b = offices["a"], offices["b"]
    for path, key in LISTS.items():
        seen_by_b = _ids_of(
            client.get(API + path, params={"limit": 200}, headers=b["headers"]).json()["items"]
        )
        seen_by_a = _ids_of(
            client.get(API + path, params={"limit": 200}, headers=a["headers"]).json()["items"]
        )
        assert b[key] in seen_by_b and a[key] not in seen_by_b, path
        assert a[key] in seen_by_a and b[key] not in seen_by_a, path
        everything = client.get(API + path, params={"limit": 200}, headers=offices["admin"])
        assert {a[key], b[key]} <= _ids_of(everything.json()["items"]), path
    # every total counts only the office's own rows
    for path in LISTS:
        page = client.get(API + path, params={"limit": 200}, headers=b["headers"]).json()
        assert page["total"] == len(page["items"]), path
    # a mission's own lists: the other office's mission is not found at all
    for sub in ("participants", "meeting-requests", "schedule", "report"):
        problem(client.get(f"{API}/missions/{a['mission_id']}/{sub}", headers=b["headers"]), 404)
        assert (
            client.get(f"{API}/missions/{b['mission_id']}/{sub}", headers=b["headers"]).status_code
            == 200
        ), sub
    problem(client.get(f"{API}/deals/{a['deal_id']}/deliveries", headers=b["headers"]), 404)
    offices_b = client.get(f"{API}/offices", headers=b["headers"]).json()["items"]
    assert [o["id"] for o in offices_b] == [b["office"]["id"]]
    for sub in ("products", "certificates"):
        problem(client.get(f"{API}/umkm/{a['umkm_id']}/{sub}", headers=b["headers"]), 404)


def _operations(client: TestClient) -> list[tuple[str, str]]:
    paths = client.get("/openapi.json").json()["paths"]
    return sorted(
        (method.upper(), path.removeprefix(API))
        for path, operations in paths.items()
        for method in operations
        if "{" in path and path.startswith(API) and "{kind}" not in path
    )


BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/buyers/{buyer_id}"): {"city": "Bern"},
    ("PATCH", "/buyer-requests/{request_id}"): {"months": 3},
    ("PATCH", "/umkm/{umkm_id}"): {"address": "Jl. Baru 1"},
    ("POST", "/umkm/{umkm_id}/products"): {"name": "keripik"},
    ("PATCH", "/products/{product_id}"): {"description": "renyah"},
    ("PUT", "/products/{product_id}/capacity/{month}"): {"quantity": 321},
    ("PUT", "/products/{product_id}/capacity"): {"items": [{"month": "2027-03", "quantity": 5}]},
    ("POST", "/umkm/{umkm_id}/certificates"): {"type": "PIRT"},
    ("PATCH", "/certificates/{certificate_id}"): {"number": "P-IRT 2"},
    ("POST", "/accounts/{account_id}/keys"): {"name": "second"},
    ("PATCH", "/offices/{office_id}"): {"regency_code": "64.71"},
    ("POST", "/umkm/{umkm_id}/merge"): {"duplicate_id": 1},
    ("PATCH", "/missions/{mission_id}"): {"venue": "Dome Balikpapan"},
    ("POST", "/missions/{mission_id}/participants"): {"buyer_id": 1},
    ("POST", "/missions/{mission_id}/meeting-requests"): {"buyer_id": 1, "umkm_id": 1},
    ("PATCH", "/meeting-requests/{meeting_request_id}"): {"status": "declined"},
    ("POST", "/missions/{mission_id}/schedule"): {"mode": "all"},
    ("PATCH", "/meetings/{meeting_id}"): {"held": True},
    ("PATCH", "/deals/{deal_id}"): {"stage": "cancelled"},
    ("POST", "/deals/{deal_id}/deliveries"): {"month": "2027-05", "quantity": 10},
}


def test_every_route_answers_404_on_the_other_offices_ids(
    client: TestClient, offices: dict[str, Any]
) -> None:
    a, b = offices["a"], offices["b"]
    ids = {**a, "office_id": a["office"]["id"]}
    audit_before = client.get(f"{API}/audit", params={"limit": 1}, headers=offices["admin"])
    operations = _operations(client)
    assert len(operations) >= 38  # every route with an id in its path
    for method, template in operations:
        path = API + template.format(**ids)
        body = BODIES.get((method, template))
        response = client.request(method, path, json=body, headers=b["headers"])
        if template.startswith("/offices/") and method == "PATCH":
            problem(response, 403)  # offices are the admins' to change
            continue
        problem(response, 404)
        # and the owner still reaches it (reads), so the 404 is the office rule, not a typo
        if method == "GET":
            assert client.get(path, headers=a["headers"]).status_code == 200, path
    audit_after = client.get(f"{API}/audit", params={"limit": 1}, headers=offices["admin"])
    assert audit_after.json()["total"] == audit_before.json()["total"]  # nothing was written


def test_offices_taking_part_share_the_mission_to_read(
    client: TestClient, session: Session, offices: dict[str, Any]
) -> None:
    a, b = offices["a"], offices["b"]
    mission = f"{API}/missions/{a['mission_id']}"
    assert shared_umkm_ids(session, b["office"]["id"]) == []
    # before B takes part, A's UMKM is closed to B
    problem(client.get(f"{API}/umkm/{a['umkm_id']}", headers=b["headers"]), 404)
    # A (the organiser) invites B's UMKM: office B now takes part
    joined = client.post(
        f"{mission}/participants", json={"umkm_id": b["umkm_id"]}, headers=a["headers"]
    )
    assert joined.status_code == 201 and joined.json()["name"] == "UMKM B", joined.text
    assert shared_umkm_ids(session, b["office"]["id"]) == [a["umkm_id"]]
    assert shared_umkm_ids(session, a["office"]["id"]) == [b["umkm_id"]]
    assert client.get(mission, headers=b["headers"]).json()["office_id"] == a["office"]["id"]
    assert a["mission_id"] in _ids_of(
        client.get(f"{API}/missions", headers=b["headers"]).json()["items"]
    )
    schedule = client.get(f"{mission}/schedule", headers=b["headers"])
    assert schedule.status_code == 200 and len(schedule.json()["meetings"]) == 1
    names = {
        p["name"]
        for p in client.get(f"{mission}/participants", headers=b["headers"]).json()["items"]
    }
    assert names == {"Buyer A", "UMKM A", "UMKM B"}
    report = client.get(f"{mission}/report", headers=b["headers"])
    assert report.status_code == 200
    assert report.json()["deals"] == 1 and report.json()["value_idr"] == 100 * 85000 * 3
    # the participating UMKM's contacts, both ways
    umkm_a = client.get(f"{API}/umkm/{a['umkm_id']}", headers=b["headers"])
    assert umkm_a.status_code == 200 and umkm_a.json()["phone"] == "+6281255550101"
    assert client.get(f"{API}/umkm/{b['umkm_id']}", headers=a["headers"]).status_code == 200
    # but only to read: the UMKM stays its own office's to change
    problem(
        client.patch(f"{API}/umkm/{a['umkm_id']}", json={"address": "x"}, headers=b["headers"]),
        404,
    )
    problem(
        client.post(
            f"{API}/umkm/{a['umkm_id']}/products", json={"name": "x"}, headers=b["headers"]
        ),
        404,
    )
    # nor does it enter B's register: lists and exports hold B's own UMKM only
    listed = client.get(f"{API}/umkm", params={"limit": 200}, headers=b["headers"]).json()
    assert _ids_of(listed["items"]) == {b["umkm_id"]}
    exported = client.get(
        f"{API}/exports/umkm", params={"format": "csv"}, headers=b["headers"]
    ).content.decode()
    assert "UMKM A" not in exported
    # and only the organising office plans the mission
    for method, path, body in (
        ("PATCH", mission, {"venue": "Dome"}),
        ("POST", f"{mission}/participants", {"buyer_id": b["buyer_id"]}),
        ("POST", f"{mission}/schedule", {"mode": "all"}),
        ("PATCH", f"{API}/meeting-requests/{a['meeting_request_id']}", {"status": "declined"}),
        ("PATCH", f"{API}/meetings/{a['meeting_id']}", {"held": True}),
    ):
        assert (
            "organises"
            in problem(client.request(method, path, json=body, headers=b["headers"]), 403)["detail"]
        ), path
    assert client.patch(mission, json={"venue": "Dome"}, headers=a["headers"]).status_code == 200
    # a deal of A's buyer with B's UMKM, recorded by A: B sees it too (its UMKM's office)
    deal = client.post(
        f"{API}/deals",
        json={
            "buyer_id": a["buyer_id"],
            "umkm_id": b["umkm_id"],
            "product_id": b["product_id"],
            "mission_id": a["mission_id"],
            "quantity": 10,
            "unit": "kg",
            "start_month": "2027-04",
            "months": 1,
            "price_idr": 50000,
            "price_unit": "kg",
        },
        headers=a["headers"],
    )
    assert deal.status_code == 201 and deal.json()["office_id"] == a["office"]["id"], deal.text
    seen_by_b = _ids_of(client.get(f"{API}/deals", headers=b["headers"]).json()["items"])
    assert deal.json()["id"] in seen_by_b and a["deal_id"] not in seen_by_b
    # the shared mission does not open A's other records to B
    problem(client.get(f"{API}/deals/{a['deal_id']}", headers=b["headers"]), 404)
    problem(client.get(f"{API}/buyers/{a['buyer_id']}", headers=b["headers"]), 404)
    problem(client.get(f"{API}/products/{a['product_id']}", headers=b["headers"]), 404)


def test_exports_hold_only_the_offices_own_register(
    client: TestClient, offices: dict[str, Any]
) -> None:
    a, b = offices["a"], offices["b"]
    for kind in ("umkm", "products", "capacity", "certificates"):
        exported = client.get(
            f"{API}/exports/{kind}", params={"format": "csv"}, headers=b["headers"]
        ).content.decode()
        assert "UMKM B" in exported and "UMKM A" not in exported, kind
    # the same name in the other office's register is a new UMKM of this office
    register = b"Nama UMKM,Kabupaten/Kota\nUMKM A,Kota Balikpapan\n"
    job = client.post(
        f"{API}/imports",
        files={"file": ("r.csv", register)},
        data={"kind": "umkm", "dry_run": "true"},
        headers=b["headers"],
    ).json()
    assert job["rows"][0]["status"] == "new" and job["office_id"] == b["office"]["id"]
    del a


def test_matching_searches_every_office_but_shows_public_fields(
    client: TestClient, offices: dict[str, Any]
) -> None:
    a, b = offices["a"], offices["b"]
    matches = client.get(
        f"{API}/buyer-requests/{b['request_id']}/matches", headers=b["headers"]
    ).json()
    found = {m["umkm_id"]: m for m in matches["items"]}
    assert {a["umkm_id"], b["umkm_id"]} <= found.keys()
    text = str(found[a["umkm_id"]])
    assert "+6281255550101" not in text and "phone" not in text
    # the other office's UMKM record itself stays closed
    problem(client.get(f"{API}/umkm/{a['umkm_id']}", headers=b["headers"]), 404)


def test_audit_trail_names_the_office(client: TestClient, offices: dict[str, Any]) -> None:
    a, b = offices["a"], offices["b"]
    events_b = client.get(f"{API}/audit", params={"limit": 200}, headers=b["headers"]).json()
    assert events_b["items"] and {e["office_id"] for e in events_b["items"]} == {b["office"]["id"]}
    created = [e for e in events_b["items"] if e["resource"] == "umkm" and e["action"] == "create"]
    assert [e["resource_id"] for e in created] == [str(b["umkm_id"])]
    events_a = client.get(f"{API}/audit", params={"limit": 200}, headers=a["headers"]).json()
    assert str(b["umkm_id"]) not in {
        e["resource_id"] for e in events_a["items"] if e["resource"] == "umkm"
    }
    everything = client.get(f"{API}/audit", params={"limit": 200}, headers=offices["admin"])
    assert {a["office"]["id"], b["office"]["id"]} <= {
        e["office_id"] for e in everything.json()["items"]
    }


def test_records_belong_to_the_creators_office(client: TestClient, offices: dict[str, Any]) -> None:
    b = offices["b"]
    for path, key in (
        ("/buyers", "buyer_id"),
        ("/buyer-requests", "request_id"),
        ("/umkm", "umkm_id"),
    ):
        record = client.get(f"{API}{path}/{b[key]}", headers=b["headers"]).json()
        assert record["office_id"] == b["office"]["id"], path
    me = client.get(f"{API}/accounts", params={"role": "client"}, headers=b["headers"]).json()
    assert {acc["office_id"] for acc in me["items"]} == {b["office"]["id"]}


def test_staff_cannot_borrow_the_other_offices_buyer(
    client: TestClient, offices: dict[str, Any]
) -> None:
    a, b = offices["a"], offices["b"]
    body = problem(
        client.post(
            f"{API}/buyer-requests",
            json={
                "buyer_id": a["buyer_id"],
                "product": "kopi",
                "quantity": 1,
                "unit": "ton",
                "start_month": "2027-01",
                "months": 2,
            },
            headers=b["headers"],
        ),
        404,
    )
    assert "buyer" in body["detail"]
    # nor make an account in it
    problem(
        client.post(
            f"{API}/accounts",
            json={"name": "x", "role": "staff", "office_id": a["office"]["id"]},
            headers=b["headers"],
        ),
        404,
    )


def test_staff_cannot_make_an_admin(client: TestClient, offices: dict[str, Any]) -> None:
    b = offices["b"]
    body = problem(
        client.post(
            f"{API}/accounts", json={"name": "boss", "role": "admin"}, headers=b["headers"]
        ),
        403,
    )
    assert "admin" in body["detail"]
    made = client.post(
        f"{API}/accounts",
        json={"name": "second admin", "role": "admin"},
        headers=offices["admin"],
    )
    assert made.status_code == 201 and made.json()["account"]["role"] == "admin"
    me = client.get(f"{API}/me", headers=b["headers"]).json()
    assert me["office_id"] == b["office"]["id"]


def test_an_nib_stays_unique_across_offices(client: TestClient, offices: dict[str, Any]) -> None:
    a, b = offices["a"], offices["b"]
    client.patch(f"{API}/umkm/{a['umkm_id']}", json={"nib": "1234567890123"}, headers=a["headers"])
    body = problem(
        client.post(
            f"{API}/umkm",
            json={"name": "Copy", "regency_code": "64.71", "nib": "1234567890123"},
            headers=b["headers"],
        ),
        409,
    )
    assert "1234567890123" in body["detail"]


def test_offices_are_created_and_changed_by_admins_only(
    client: TestClient, offices: dict[str, Any]
) -> None:
    admin, b = offices["admin"], offices["b"]
    problem(client.post(f"{API}/offices", json={"name": "X", "province_code": "64"}), 403)
    errors = problem(
        client.post(
            f"{API}/offices",
            json={"name": "Dinas X", "province_code": "64", "regency_code": "32.73"},
            headers=admin,
        ),
        422,
    )
    assert "32.73" in str(errors)
    problem(
        client.post(
            f"{API}/offices", json={"name": "Dinas Y", "province_code": "99"}, headers=admin
        ),
        422,
    )
    problem(client.post(f"{API}/offices", json=OFFICE_B, headers=admin), 409)
    changed = client.patch(
        f"{API}/offices/{b['office']['id']}", json={"regency_code": "64.71"}, headers=admin
    )
    assert changed.status_code == 200 and changed.json()["regency_code"] == "64.71"
    problem(
        client.patch(
            f"{API}/offices/{b['office']['id']}", json={"regency_code": "32.73"}, headers=admin
        ),
        422,
    )
    assert client.get(f"{API}/offices/{b['office']['id']}", headers=b["headers"]).status_code == 200


def test_regions_are_found_by_name(client: TestClient) -> None:
    found = client.get(f"{API}/regions", params={"q": "kutai"}).json()
    names = {r["name"] for r in found}
    assert {
        "Kabupaten Kutai Timur",
        "Kabupaten Kutai Barat",
        "Kabupaten Kutai Kartanegara",
    } <= names
    assert all(r["province_code"] == "64" for r in found)
    province = client.get(f"{API}/regions", params={"q": "kalimantan timur"}).json()
    assert province[0] == {
        "code": "64",
        "name": "Kalimantan Timur",
        "kind": "province",
        "province_code": "64",
        "province_name": "Kalimantan Timur",
    }
    assert [
        r["code"] for r in client.get(f"{API}/regions", params={"q": "Kota Balikpapan"}).json()
    ] == ["64.71"]
    assert re.fullmatch(r"\d{2}\.\d{2}", found[0]["code"])


def test_a_deal_recorded_by_the_buyers_office_commits_the_other_offices_product(
    client: TestClient, offices: dict[str, Any]
) -> None:
    """Office A records a deal of its buyer with office B's UMKM: the capacity it commits
    leaves B's product in every office's next match, and cancelling gives it back."""
    a, b = offices["a"], offices["b"]

    def months_of_b(headers: dict[str, str]) -> list[tuple[str, float, float]]:
        page = client.get(f"{API}/buyer-requests/{a['request_id']}/matches", headers=headers)
        if page.status_code == 404:  # B's staff match B's own request instead
            page = client.get(f"{API}/buyer-requests/{b['request_id']}/matches", headers=headers)
        item = next(i for i in page.json()["items"] if i["product_id"] == b["product_id"])
        return [(m["month"], m["capacity_kg"], m["committed_kg"]) for m in item["months"]]

    # the mission's deal of B (100 kg a month, Apr–Jun, delivering) is already committed
    before = months_of_b(a["headers"])
    assert before == [
        (f"2027-{m:02d}", 1900.0 if m >= 4 else 2000.0, 100.0 if m >= 4 else 0.0)
        for m in range(1, 7)
    ]
    # B's UMKM takes part in A's mission, so A may record a deal with it
    joined = client.post(
        f"{API}/missions/{a['mission_id']}/participants",
        json={"umkm_id": b["umkm_id"]},
        headers=a["headers"],
    )
    assert joined.status_code == 201, joined.text
    deal = _made(
        client.post(
            f"{API}/deals",
            json={
                "buyer_id": a["buyer_id"], "umkm_id": b["umkm_id"], "product_id": b["product_id"],
                "quantity": 1.5, "unit": "ton", "start_month": "2027-01", "months": 3,
                "price_idr": 85000, "price_unit": "kg", "stage": "agreed",
            },
            headers=a["headers"],
        )
    )  # fmt: skip
    after = [(m, 500.0, 1500.0) for m, _, _ in before[:3]] + before[3:]
    assert months_of_b(a["headers"]) == after
    assert months_of_b(b["headers"]) == after
    cancelled = client.patch(
        f"{API}/deals/{deal['id']}", json={"stage": "cancelled"}, headers=a["headers"]
    )
    assert cancelled.status_code == 200, cancelled.text
    assert months_of_b(a["headers"]) == before
