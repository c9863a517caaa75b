"""Who may do what: every write route is checked against every role, found from the app itself.

A route added later without a rule here fails `test_every_write_route_has_a_rule`.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import security
from app.config import settings
from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm, problem
from tests.conftest import bearer, make_token

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# POSTs that compute and store nothing.
READ_ONLY_POSTS: set[str] = {f"{API}/matches"}

# For each write route: the body to send, and who owns the target ("umkm" = the UMKM in the
# path or of the product/certificate in it; "staff" = only staff may do it at all).
WRITES: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {
    ("POST", "/buyers"): ("staff", {"name": "B", "country": "CH"}),
    ("PATCH", "/buyers/{buyer_id}"): ("staff", {"city": "Bern"}),
    ("POST", "/buyer-requests"): ("staff", None),  # filled in with the buyer's id
    ("PATCH", "/buyer-requests/{request_id}"): ("staff", {"months": 3}),
    ("POST", "/umkm"): ("staff", {"name": "U", "regency_code": "64.71"}),
    ("PATCH", "/umkm/{umkm_id}"): ("umkm", {"address": "Jl. Baru 1"}),
    ("POST", "/umkm/{umkm_id}/products"): ("umkm", {"name": "amplang"}),
    ("PATCH", "/products/{product_id}"): ("umkm", {"description": "renyah"}),
    ("PUT", "/products/{product_id}/capacity/{month}"): ("umkm", {"quantity": 321}),
    ("PUT", "/products/{product_id}/capacity"): (
        "umkm",
        {"items": [{"month": "2027-03", "quantity": 5}]},
    ),
    ("POST", "/umkm/{umkm_id}/certificates"): ("umkm", {"type": "PIRT"}),
    ("PATCH", "/certificates/{certificate_id}"): ("umkm", {"number": "P-IRT 2"}),
    ("DELETE", "/certificates/{certificate_id}"): ("umkm", None),
    ("POST", "/accounts"): ("staff", {"name": "c", "role": "client"}),
    ("POST", "/accounts/{account_id}/disable"): ("staff", None),
    ("POST", "/accounts/{account_id}/keys"): ("staff", {"name": "second"}),
    ("POST", "/keys/{key_id}/revoke"): ("staff", None),
    ("POST", "/missions"): (
        "staff",
        {"name": "M", "starts_on": "2027-03-10", "ends_on": "2027-03-10"},
    ),
    ("PATCH", "/missions/{mission_id}"): ("staff", {"tables": 3}),
    ("POST", "/missions/{mission_id}/participants"): ("staff", None),  # filled in: the buyer
    ("POST", "/missions/{mission_id}/meeting-requests"): ("staff", None),  # filled in
    ("POST", "/missions/{mission_id}/meeting-requests/suggest"): ("staff", None),
    ("PATCH", "/meeting-requests/{meeting_request_id}"): (
        "staff",
        {"status": "accepted"},
    ),
    ("POST", "/missions/{mission_id}/schedule"): ("staff", {"mode": "all"}),
    ("PATCH", "/meetings/{meeting_id}"): ("staff", {"held": True}),
    ("POST", "/deals"): ("staff", None),  # filled in with the UMKM's deal
    ("PATCH", "/deals/{deal_id}"): ("staff", {"months": 2}),
    ("POST", "/deals/{deal_id}/deliveries"): ("umkm", {"month": "2027-02", "quantity": 5}),
    ("POST", "/imports"): ("staff", None),  # multipart: the key is checked first
    ("POST", "/umkm/{umkm_id}/merge"): ("staff", {"duplicate_id": 1}),
    ("DELETE", "/umkm/{umkm_id}"): ("staff", None),
    ("DELETE", "/products/{product_id}"): ("staff", None),
    ("DELETE", "/buyer-requests/{request_id}"): (
        "staff",
        None,
    ),  # multipart: the key is checked first
    ("POST", "/offices"): ("admin", {"name": "Dinas Baru", "province_code": "64"}),
    ("PATCH", "/offices/{office_id}"): ("admin", {"regency_code": "64.71"}),
}


def _write_routes(client: TestClient) -> list[tuple[str, str]]:
    """Every write operation the service documents in its OpenAPI schema."""
    paths = client.get("/openapi.json").json()["paths"]
    return sorted(
        (method.upper(), path.removeprefix(API))
        for path, operations in paths.items()
        for method in operations
        if method.upper() in WRITE_METHODS and path not in READ_ONLY_POSTS
    )


def test_every_write_route_has_a_rule(client: TestClient) -> None:
    assert set(_write_routes(client)) == set(WRITES)


_MISSION = {"name": "Misi", "starts_on": "2027-03-10", "ends_on": "2027-03-10"}


def _deal(world: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "buyer_id": world["buyer_id"],
        "umkm_id": world[name]["umkm_id"],
        "product_id": world[name]["product_id"],
        "quantity": 1,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 3,
        "price_idr": 50_000,
        "price_unit": "kg",
        "stage": "agreed",
    }


def _world(client: TestClient, session: Session) -> dict[str, Any]:
    """Two UMKM (a and b) with a product and certificate each, a buyer, a request, a key."""
    world: dict[str, Any] = {}
    for name in ("a", "b"):
        umkm = make_umkm(client, name=f"UMKM {name}")
        product = make_product(client, umkm["id"])
        certificate = client.post(
            f"{API}/umkm/{umkm['id']}/certificates",
            json={"type": "HALAL", "product_id": product["id"]},
        ).json()
        world[name] = {
            "umkm_id": umkm["id"],
            "product_id": product["id"],
            "certificate_id": certificate["id"],
        }
        world[name]["token"] = make_token(session, "umkm", umkm_id=umkm["id"], name=f"owner {name}")
    buyer = make_buyer(client)
    world["buyer_id"] = buyer["id"]
    world["request_id"] = make_request(client, buyer["id"])["id"]
    world["mission_id"] = client.post(f"{API}/missions", json=_MISSION).json()["id"]
    client.post(
        f"{API}/missions/{world['mission_id']}/participants", json={"buyer_id": buyer["id"]}
    )
    for name in ("a", "b"):
        client.post(
            f"{API}/missions/{world['mission_id']}/participants",
            json={"umkm_id": world[name]["umkm_id"]},
        )
        world[name]["deal_id"] = client.post(f"{API}/deals", json=_deal(world, name)).json()["id"]
    world["meeting_request_id"] = client.post(
        f"{API}/missions/{world['mission_id']}/meeting-requests",
        json={"buyer_id": buyer["id"], "umkm_id": world["a"]["umkm_id"]},
    ).json()["id"]
    account = client.post(f"{API}/accounts", json={"name": "spare", "role": "client"}).json()
    world["account_id"] = account["account"]["id"]
    world["key_id"] = account["key"]["id"]
    world["client_token"] = make_token(session, "client")
    return world


def _call(
    client: TestClient,
    method: str,
    template: str,
    world: dict[str, Any],
    target: str,
    headers: dict[str, str],
) -> Any:
    ids = {
        **world[target],
        "buyer_id": world["buyer_id"],
        "request_id": world["request_id"],
        "account_id": world["account_id"],
        "key_id": world["key_id"],
        "office_id": 1,
        "month": "2027-02",
        "mission_id": world["mission_id"],
        "meeting_request_id": world["meeting_request_id"],
        "meeting_id": 1,
    }
    owner, body = WRITES[(method, template)]
    if template == "/buyer-requests":
        body = {
            "buyer_id": world["buyer_id"],
            "product": "kopi",
            "quantity": 1,
            "unit": "ton",
            "start_month": "2027-01",
            "months": 2,
        }
    if template == "/missions/{mission_id}/participants":
        body = {"buyer_id": world["buyer_id"]}
    if template == "/missions/{mission_id}/meeting-requests":
        body = {"buyer_id": world["buyer_id"], "umkm_id": world[target]["umkm_id"]}
    if template == "/deals":
        body = _deal(world, target)
    return client.request(method, API + template.format(**ids), json=body, headers=headers)


@pytest.fixture
def no_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "auth_failures_per_minute", 10_000)


@pytest.mark.usefixtures("no_rate_limit")
def test_no_key_bad_key_and_revoked_key_get_401_on_every_write(
    client: TestClient, session: Session
) -> None:
    world = _world(client, session)
    revoked = make_token(session, "staff", name="leaver")
    public_id = revoked.split("_")[1]
    key_id = next(
        k["id"]
        for k in client.get(f"{API}/accounts", params={"role": "staff"}).json()["items"]
        if k["name"] == "leaver"
    )
    keys = client.get(f"{API}/accounts/{key_id}/keys").json()["items"]
    assert keys[0]["public_id"] == public_id
    client.post(f"{API}/keys/{keys[0]['id']}/revoke")
    for method, template in WRITES:
        for headers, message in (
            ({"Authorization": ""}, "no API key"),
            ({"Authorization": "Bearer td_000000000000_guess"}, "not valid"),
            (bearer(revoked), "revoked"),
        ):
            response = _call(client, method, template, world, "a", headers)
            body = problem(response, 401)
            assert message in body["detail"], (method, template, body)


@pytest.mark.usefixtures("no_rate_limit")
def test_client_role_writes_nothing(client: TestClient, session: Session) -> None:
    world = _world(client, session)
    for method, template in WRITES:
        response = _call(client, method, template, world, "a", bearer(world["client_token"]))
        problem(response, 403)


def test_umkm_account_touches_only_its_own_umkm(client: TestClient, session: Session) -> None:
    world = _world(client, session)
    own, other = bearer(world["a"]["token"]), world["b"]
    before = client.get(f"{API}/audit", params={"limit": 200}).json()["total"]
    for (method, template), (owner, _) in WRITES.items():
        refused = _call(client, method, template, world, "b", own)
        if owner in ("staff", "admin"):
            problem(refused, 403)
        else:  # another UMKM's records are hidden: 404, never 403, never a change
            problem(refused, 404)
    assert client.get(f"{API}/audit", params={"limit": 200}).json()["total"] == before
    assert client.get(f"{API}/certificates/{other['certificate_id']}").status_code == 200

    for (method, template), (owner, _) in WRITES.items():
        if owner == "umkm" and method != "DELETE":
            allowed = _call(client, method, template, world, "a", own)
            assert allowed.status_code in (200, 201), (method, template, allowed.text)


def test_every_write_is_audited_with_before_and_after(client: TestClient) -> None:
    umkm = make_umkm(client, phone="+6281255550101")
    client.patch(f"{API}/umkm/{umkm['id']}", json={"address": "Jl. Sudirman 5"})
    product = make_product(client, umkm["id"])
    client.put(f"{API}/products/{product['id']}/capacity/2027-01", json={"quantity": 400})
    client.put(f"{API}/products/{product['id']}/capacity/2027-01", json={"quantity": 450})

    events = client.get(f"{API}/audit", params={"resource": "umkm", "id": str(umkm["id"])})
    actions = [(e["action"], e["changes"].get("address")) for e in events.json()["items"]]
    assert actions == [
        ("update", {"before": None, "after": "Jl. Sudirman 5"}),
        ("create", {"before": None, "after": None}),
    ]
    capacity = client.get(
        f"{API}/audit", params={"resource": "capacity", "id": f"{product['id']}/2027-01"}
    ).json()
    assert [(e["action"], e["changes"]["quantity_g"]) for e in capacity["items"]] == [
        ("update", {"before": 400_000, "after": 450_000}),
        ("create", {"before": None, "after": 400_000}),
    ]
    history = client.get(f"{API}/products/{product['id']}/capacity/2027-01/history").json()
    assert history["items"][0]["audit_event_id"] == capacity["items"][0]["id"]
    assert all(e["actor"].startswith("test staff") for e in capacity["items"])


def test_reads_respect_roles(client: TestClient, session: Session) -> None:
    world = _world(client, session)
    own = bearer(world["a"]["token"])
    app_client = bearer(world["client_token"])
    problem(client.get(f"{API}/buyers", headers=own), 403)
    problem(client.get(f"{API}/buyers", headers=app_client), 403)
    problem(client.get(f"{API}/umkm/{world['b']['umkm_id']}", headers=own), 404)
    assert client.get(f"{API}/umkm/{world['a']['umkm_id']}", headers=own).json()["phone"] is None

    public = client.get(f"{API}/umkm/{world['a']['umkm_id']}", headers=app_client).json()
    assert "phone" not in public and "nib" not in public and public["name"] == "UMKM a"
    capacity = f"{API}/products/{world['a']['product_id']}/capacity"
    problem(client.get(capacity, headers=app_client), 403)
    assert client.get(capacity, headers=own).status_code == 200
    assert client.get(f"{API}/me", headers=own).json()["umkm_id"] == world["a"]["umkm_id"]


def test_client_cannot_raise_its_own_role(client: TestClient, session: Session) -> None:
    app_client = bearer(make_token(session, "client"))
    problem(
        client.post(f"{API}/accounts", json={"name": "me", "role": "staff"}, headers=app_client),
        403,
    )


def test_failed_authentication_is_rate_limited(
    anonymous_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "auth_failures_per_minute", 3)
    for _ in range(3):
        problem(anonymous_client.get(f"{API}/buyers"), 401)
    body = problem(anonymous_client.get(f"{API}/buyers"), 429)
    assert "failed authentications" in body["detail"]
    security._failures.storage.reset()


def test_large_bodies_are_refused(client: TestClient) -> None:
    body = problem(
        client.post(
            f"{API}/buyers",
            content=b"{" + b" " * 2_000_000 + b"}",
            headers={"content-type": "application/json"},
        ),
        413,
    )
    assert "larger than" in body["detail"]
