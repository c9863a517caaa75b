"""Issue 13, the input an outside caller sends: amounts too heavy to store, text longer than
its column, control characters, capacity figures and NIBs a client key must not read, months,
units, certificate dates, duplicate JSON keys and the 405 Allow header. Every test runs on
SQLite and PostgreSQL (the `client` fixture)."""

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import String
from sqlalchemy.orm import Session

from app import clock, models, schemas
from matching import CERTIFICATE_TYPES
from tests.api.helpers import (
    API,
    field_messages,
    make_buyer,
    make_product,
    make_request,
    make_umkm,
    problem,
)
from tests.api.test_matching import _salak_world
from tests.conftest import bearer, make_token

LARGEST_QUANTITY = 99999999999.999  # Numeric(14, 3)
LARGEST_UNIT_WEIGHT = 9999999.999  # Numeric(10, 3)


def _largest_named(message: str) -> Decimal:
    """The amount a message names after "the largest accepted ...": the first number after it."""
    tail = message.split("the largest accepted", 1)[1]
    number = next(word for word in tail.split() if word[0].isdigit())
    return Decimal(number)


# 1. Amounts that weigh more than a gram column holds


def test_capacity_too_heavy_to_store_is_422_naming_the_largest_amount(client: TestClient) -> None:
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"], unit="pcs", unit_weight_kg=LARGEST_UNIT_WEIGHT)
    path = f"{API}/products/{product['id']}/capacity"
    body = problem(
        client.put(f"{path}/2027-01", json={"quantity": LARGEST_QUANTITY, "unit": "pcs"}), 422
    )
    message = field_messages(body)["quantity"]
    largest = _largest_named(message)
    assert message.endswith("pcs")
    # The amount named is accepted, a thousandth more is not.
    stored = client.put(f"{path}/2027-01", json={"quantity": float(largest), "unit": "pcs"})
    assert stored.status_code == 200, stored.text
    assert Decimal(str(stored.json()["quantity_kg"])) <= Decimal(2**63 - 1) / 1000
    problem(
        client.put(f"{path}/2027-02", json={"quantity": float(largest + Decimal("0.001"))}), 422
    )
    # The bulk PUT names the item.
    bulk = client.put(
        path,
        json={
            "items": [
                {"month": "2027-03", "quantity": 1},
                {"month": "2027-04", "quantity": LARGEST_QUANTITY},
            ]
        },
    )
    assert "the largest accepted amount" in field_messages(problem(bulk, 422))["items.1.quantity"]
    # Nothing of the refused bulk PUT was stored.
    months = client.get(path).json()["items"]
    assert [m["month"] for m in months] == ["2027-01"]


def test_buyer_request_and_tried_demand_too_heavy_are_422(client: TestClient) -> None:
    buyer = make_buyer(client)
    heavy = {
        "product": "kue salak",
        "quantity": 99999999999.999,
        "unit": "pcs",
        "unit_weight_kg": 9999999.999,
        "start_month": "2027-01",
        "months": 3,
    }
    body = problem(
        client.post(f"{API}/buyer-requests", json={"buyer_id": buyer["id"], **heavy}), 422
    )
    largest = _largest_named(field_messages(body)["quantity"])
    ok = client.post(
        f"{API}/buyer-requests", json={"buyer_id": buyer["id"], **heavy, "quantity": float(largest)}
    )
    assert ok.status_code == 201, ok.text
    request = make_request(
        client, buyer["id"], unit="pcs", unit_weight_kg=1, quantity=LARGEST_QUANTITY
    )
    patched = client.patch(
        f"{API}/buyer-requests/{request['id']}", json={"unit_weight_kg": 9999999.999}
    )
    assert "the largest accepted amount" in field_messages(problem(patched, 422))["quantity"]
    tried = client.post(f"{API}/matches", json=heavy)
    assert "the largest accepted amount" in field_messages(problem(tried, 422))["quantity"]


def test_unit_weight_that_makes_capacity_too_heavy_is_422(client: TestClient) -> None:
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"], unit="pcs", unit_weight_kg=1)
    path = f"{API}/products/{product['id']}"
    put = client.put(f"{path}/capacity/2027-01", json={"quantity": LARGEST_QUANTITY})
    assert put.status_code == 200, put.text
    body = problem(client.patch(path, json={"unit_weight_kg": LARGEST_UNIT_WEIGHT}), 422)
    message = field_messages(body)["unit_weight_kg"]
    largest = _largest_named(message)
    assert "2027-01" in message
    problem(client.patch(path, json={"unit_weight_kg": float(largest + Decimal("0.001"))}), 422)
    ok = client.patch(path, json={"unit_weight_kg": float(largest)})
    assert ok.status_code == 200, ok.text
    assert client.get(f"{path}/capacity").json()["items"][0]["quantity_kg"] > 9e14
    # The heaviest figure stored is matched and grouped like any other.
    buyer = make_buyer(client)
    request = make_request(
        client, buyer["id"], product="kue salak", quantity=LARGEST_QUANTITY, unit="ton",
        start_month="2027-01", months=1, required_certifications=[],
    )  # fmt: skip
    matches = client.get(f"{API}/buyer-requests/{request['id']}/matches")
    assert matches.status_code == 200, matches.text
    assert matches.json()["items"][0]["product_id"] == product["id"]
    consortia = client.get(f"{API}/buyer-requests/{request['id']}/consortia")
    assert consortia.status_code == 200, consortia.text


# 2. Text longer than its column


# Input models and the tables their fields are stored in.
STORED_AS: list[tuple[type[BaseModel], type[models.Base], dict[str, str]]] = [
    (schemas.BuyerCreate, models.Buyer, {}),
    (schemas.BuyerUpdate, models.Buyer, {}),
    (schemas.BuyerRequestCreate, models.BuyerRequest, {}),
    (schemas.BuyerRequestUpdate, models.BuyerRequest, {}),
    (schemas.UmkmCreate, models.Umkm, {}),
    (schemas.UmkmUpdate, models.Umkm, {}),
    (schemas.ProductCreate, models.Product, {}),
    (schemas.ProductUpdate, models.Product, {}),
    (schemas.CertificateCreate, models.Certificate, {}),
    (schemas.CertificateUpdate, models.Certificate, {}),
    (schemas.AccountCreate, models.Account, {"key_name": "name"}),
    (schemas.ApiKeyCreate, models.ApiKey, {}),
]


def _string_schema(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The string alternative of a field's JSON schema (``anyOf`` with null), if any."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            return dict(option)
    return None


def test_every_input_string_is_as_long_as_its_column() -> None:
    """Free text may be as long as its column and no longer; fields whose pattern or format
    fixes their form (codes, e-mail, phone) must fit their column through it."""
    checked = 0
    for model, table, renamed in STORED_AS:
        properties = model.model_json_schema()["properties"]
        columns = table.__table__.columns
        for field, schema in properties.items():
            column = columns.get(renamed.get(field, field))
            if column is None or not isinstance(column.type, String) or not column.type.length:
                continue
            string = _string_schema(schema)
            if string is None or "enum" in string:  # an enum: its values are checked below
                continue
            length = column.type.length
            if "pattern" in string or "format" in string or "examples" in string:
                assert string.get("maxLength", 0) <= length, (model.__name__, field)
                continue
            assert string.get("maxLength") == length, (model.__name__, field, length)
            checked += 1
    assert checked >= 20
    # Enumerations fit their columns.
    certificate_type = models.Certificate.__table__.columns["type"].type
    assert isinstance(certificate_type, String)
    assert max(len(t) for t in CERTIFICATE_TYPES) <= (certificate_type.length or 0)
    # The columns that copy an account's label (name and key) are as long as the name.
    for table, column in [
        (models.AuditEvent, "actor"),
        (models.Capacity, "updated_by"),
        (models.CapacityRevision, "recorded_by"),
        (models.ApiKey, "created_by"),
    ]:
        kind = table.__table__.columns[column].type
        assert isinstance(kind, String) and kind.length == 120


def test_text_at_its_column_length_is_stored_and_longer_is_422(client: TestClient) -> None:
    problem(
        client.post(f"{API}/buyers", json={"name": "B", "country": "DE", "city": "c" * 121}), 422
    )
    buyer = make_buyer(client, city="c" * 120)
    assert buyer["city"] == "c" * 120
    umkm = make_umkm(client)
    certificates = f"{API}/umkm/{umkm['id']}/certificates"
    body = problem(client.post(certificates, json={"type": "HALAL", "number": "n" * 65}), 422)
    assert "64" in field_messages(body)["number"]
    stored = client.post(certificates, json={"type": "HALAL", "number": "n" * 64})
    assert stored.status_code == 201, stored.text


@pytest.mark.parametrize("length", [113, 120])
def test_an_account_with_the_longest_name_writes_and_is_audited(
    client: TestClient, length: int
) -> None:
    name = "x" * length
    created = client.post(f"{API}/accounts", json={"name": name, "role": "staff"})
    assert created.status_code == 201, created.text
    token = created.json()["key"]["token"]
    key_id = created.json()["key"]["id"]
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"])
    written = client.put(
        f"{API}/products/{product['id']}/capacity/2027-01",
        json={"quantity": 5},
        headers=bearer(token),
    )
    assert written.status_code == 200, written.text
    label = written.json()["updated_by"]
    assert len(label) <= 120 and label.endswith(f" (key {key_id})") and label.startswith("x" * 100)
    renamed = client.patch(f"{API}/umkm/{umkm['id']}", json={"name": "Baru"}, headers=bearer(token))
    assert renamed.status_code == 200, renamed.text
    audit = client.get(f"{API}/audit", params={"resource": "umkm", "id": str(umkm["id"])})
    assert label in [event["actor"] for event in audit.json()["items"]]
    problem(client.post(f"{API}/accounts", json={"name": "x" * 121, "role": "staff"}), 422)


# 3. Control characters


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/buyers", {"name": "Swiss\x00Sweets", "country": "CH"}, "name"),
        ("/buyers", {"name": "Swiss Sweets", "country": "CH", "city": "Z\x00rich"}, "city"),
        ("/umkm", {"name": "Dapur\x1bSalak", "regency_code": "64.71"}, "name"),
        ("/umkm", {"name": "Dapur", "regency_code": "64.71", "address": "Jl.\x00 1"}, "address"),
        ("/umkm", {"name": "Dapur", "regency_code": "64.71", "koperasi": "K\x00"}, "koperasi"),
        ("/accounts", {"name": "app\x00", "role": "client"}, "name"),
        ("/buyers", {"name": "B", "country": "CH", "email": "a\x00@example.com"}, "email"),
        ("/buyers", {"name": "B", "country": "CH", "phone": "+6281234\x00567890"}, "phone"),
        (
            "/buyers",
            {"name": "B", "country": "CH", "preferred_language": "e\x00"},
            "preferred_language",
        ),
    ],
)
def test_control_characters_in_body_text_are_422(
    client: TestClient, path: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(API + path, json=body)
    message = field_messages(problem(response, 422))[field]
    # Free text says why; e-mail, phone and language have their own forms, which refuse it.
    if field not in ("email", "phone", "preferred_language"):
        assert "control characters" in message


def test_line_breaks_are_kept_in_multiline_text(client: TestClient) -> None:
    umkm = make_umkm(client, address="Jl. Salak 1\nSamarinda\tRT 2")
    assert umkm["address"] == "Jl. Salak 1\nSamarinda\tRT 2"
    problem(client.post(f"{API}/umkm", json={"name": "a\nb", "regency_code": "64.71"}), 422)


def test_control_characters_in_query_filters_are_422(client: TestClient, session: Session) -> None:
    make_umkm(client, name="ab")
    client_key = bearer(make_token(session, "client"))
    for path, params, headers in [
        ("/umkm", {"q": "a\x00b"}, client_key),
        ("/umkm", {"q": "a\x00b"}, {}),
        ("/umkm", {"koperasi": "\x00"}, {}),
        ("/umkm", {"product": "kue\x00"}, client_key),
        ("/products", {"product": "kue\x00"}, {}),
        ("/buyers", {"q": "a\x00"}, {}),
        ("/buyer-requests", {"product": "a\x00"}, client_key),
        ("/audit", {"resource": "umkm\x00"}, {}),
    ]:
        response = client.get(API + path, params=params, headers=headers)
        body = problem(response, 422)
        assert "control characters" in body["detail"], (path, body)
    # The filter without the NUL still finds the row (a NUL never cut a LIKE short).
    assert client.get(f"{API}/umkm", params={"q": "ab"}).json()["total"] == 1


# 4. Clients read no capacity figures


def _kg_figures(value: Any, path: str = "") -> list[str]:
    """Where a JSON value holds a figure in kg other than the buyer's quota, or a message
    with one in it."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}"
            figure = (key.endswith("_kg") and key != "quota_kg") or key == "load"
            if (figure and item is not None) or (key.startswith("message_") and " kg" in str(item)):
                found.append(here)
            else:
                found.extend(_kg_figures(item, here))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_kg_figures(item, f"{path}[{i}]"))
    return found


def _flag_codes(items: list[dict[str, Any]]) -> list[list[str]]:
    return [[flag["code"] for flag in item["flags"]] for item in items]


def test_clients_read_no_capacity_figures_in_matches(client: TestClient, session: Session) -> None:
    world = _salak_world(client)
    client_key = bearer(make_token(session, "client"))
    demand = {"product": "kue salak", "quantity": 1, "unit": "ton", "start_month": "2027-01",
              "months": 4, "required_certifications": ["NIB", "HALAL"]}  # fmt: skip
    for method, path, body in [
        ("GET", f"/buyer-requests/{world['request']['id']}/matches", None),
        ("POST", "/matches", demand),
    ]:
        staff = client.request(method, API + path, json=body)
        seen = client.request(method, API + path, json=body, headers=client_key)
        assert staff.status_code == seen.status_code == 200, seen.text
        assert _kg_figures(staff.json()["items"])  # staff see the figures
        assert _kg_figures(seen.json()) == [], path
        schemas.MatchList.model_validate_json(seen.content)
        # Same ranking, scores, shares and flag codes.
        for key in ("product_id", "score", "components"):
            assert [i[key] for i in seen.json()["items"]] == [i[key] for i in staff.json()["items"]]
        assert _flag_codes(seen.json()["items"]) == _flag_codes(staff.json()["items"])
        yati = next(i for i in seen.json()["items"] if i["product_id"] == world["yati_cake"]["id"])
        shortfall = next(f for f in yati["flags"] if f["code"] == "CAPACITY_SHORTFALL")
        assert shortfall["shortfall_pct"] == 60.0 and "60" in shortfall["message_en"]


def test_clients_read_no_capacity_figures_in_opportunities(
    client: TestClient, session: Session
) -> None:
    world = _salak_world(client)
    path = f"{API}/umkm/{world['yati']['id']}/opportunities"
    staff = client.get(path).json()
    own = client.get(path, headers=bearer(make_token(session, "umkm", world["yati"]["id"]))).json()
    seen = client.get(path, headers=bearer(make_token(session, "client")))
    assert seen.status_code == 200, seen.text
    assert _kg_figures(staff["items"]) and _kg_figures(own["items"])
    assert _kg_figures(seen.json()) == []
    schemas.OpportunityList.model_validate_json(seen.content)
    assert _flag_codes(seen.json()["items"]) == _flag_codes(staff["items"])
    assert [i["to_fix"][0]["code"] for i in seen.json()["items"]] == [
        i["to_fix"][0]["code"] for i in staff["items"]
    ]


def test_clients_read_no_capacity_figures_in_consortia(
    client: TestClient, session: Session
) -> None:
    world = _salak_world(client)
    path = f"{API}/buyer-requests/{world['request']['id']}/consortia"
    staff = client.get(path).json()
    seen = client.get(path, headers=bearer(make_token(session, "client")))
    assert seen.status_code == 200, seen.text
    assert staff["items"] and _kg_figures(staff["items"])
    assert _kg_figures(seen.json()) == []
    schemas.ConsortiumList.model_validate_json(seen.content)
    assert [[m["product_id"] for m in g["members"]] for g in seen.json()["items"]] == [
        [m["product_id"] for m in g["members"]] for g in staff["items"]
    ]
    assert [g["meets_quota"] for g in seen.json()["items"]] == [
        g["meets_quota"] for g in staff["items"]
    ]


def test_clients_read_gap_flags_as_counts_months_and_certificate_types(
    client: TestClient, session: Session
) -> None:
    """A client's flags keep the count, the months and the missing certificate types; only
    the kilograms leave, and the messages say the rest in both languages."""
    umkm = make_umkm(client, name="Salak Gaps")
    product = make_product(client, umkm["id"])
    items = [{"month": m, "quantity": kg} for m, kg in (("2027-01", 1000), ("2027-02", 300))]
    assert client.put(f"{API}/products/{product['id']}/capacity", json={"items": items}).is_success
    request = make_request(
        client, make_buyer(client)["id"], quantity=1000, start_month="2027-01", months=3,
        required_certifications=["HALAL"],
    )  # fmt: skip
    path = f"{API}/buyer-requests/{request['id']}/matches"
    staff = {f["code"]: f for f in client.get(path).json()["items"][0]["flags"]}
    answer = client.get(path, headers=bearer(make_token(session, "client")))
    assert answer.status_code == 200, answer.text
    seen = {f["code"]: f for f in answer.json()["items"][0]["flags"]}
    assert seen.keys() == staff.keys() >= {"CONTINUITY_GAP", "ESTIMATED_MONTHS"}

    gap = staff["CONTINUITY_GAP"]
    short = ", ".join(row["month"] for row in gap["months"])
    assert "2027-02" in short and (gap["count"], gap["window_months"]) == (len(gap["months"]), 3)
    assert seen["CONTINUITY_GAP"]["months"] == [{"month": row["month"]} for row in gap["months"]]
    assert seen["CONTINUITY_GAP"]["message_id"] == (
        f"Kapasitas di bawah kuota pada {gap['count']} dari 3 bulan: {short}."
    )
    assert seen["CONTINUITY_GAP"]["message_en"] == (
        f"Capacity is below the quota in {gap['count']} of 3 months: {short}."
    )
    estimated = staff["ESTIMATED_MONTHS"]
    listed = ", ".join(row["month"] for row in estimated["months"])
    assert listed == "2027-03"
    assert seen["ESTIMATED_MONTHS"]["message_id"] == (
        f"Kapasitas 1 bulan tidak dilaporkan dan diperkirakan: {listed}."
    )
    assert seen["ESTIMATED_MONTHS"]["message_en"] == (
        f"Capacity of 1 month(s) was not reported and is estimated: {listed}."
    )
    missing = seen["MISSING_CERTIFICATION"]
    assert missing["types"] == ["HALAL"]
    assert (missing["message_id"], missing["message_en"]) == (
        staff["MISSING_CERTIFICATION"]["message_id"],
        staff["MISSING_CERTIFICATION"]["message_en"],
    )


# 5. Clients read no NIB


def test_clients_read_no_nib_in_certificates(client: TestClient, session: Session) -> None:
    umkm = make_umkm(client, nib="1234567890123")
    certificates = f"{API}/umkm/{umkm['id']}/certificates"
    nib = client.post(certificates, json={"type": "NIB", "number": "1234567890123"}).json()
    halal = client.post(certificates, json={"type": "HALAL", "number": "ID00110012345"}).json()
    client_key = bearer(make_token(session, "client"))
    own_key = bearer(make_token(session, "umkm", umkm["id"]))
    listed = client.get(certificates, headers=client_key)
    assert listed.status_code == 200, listed.text
    numbers = {c["type"]: c["number"] for c in listed.json()["items"]}
    assert numbers == {"NIB": None, "HALAL": "ID00110012345"}
    assert "1234567890123" not in listed.text
    one = client.get(f"{API}/certificates/{nib['id']}", headers=client_key)
    assert one.status_code == 200 and one.json()["number"] is None
    assert "1234567890123" not in one.text
    assert client.get(f"{API}/certificates/{halal['id']}", headers=client_key).json()["number"]
    # Staff and the UMKM itself read it.
    for headers in ({}, own_key):
        assert client.get(f"{API}/certificates/{nib['id']}", headers=headers).json()["number"] == (
            "1234567890123"
        )
        listed = client.get(certificates, headers=headers).json()["items"]
        assert {c["type"]: c["number"] for c in listed}["NIB"] == "1234567890123"


# 6. Months, units, certificate dates, duplicate keys


def test_months_in_other_digits_are_422(client: TestClient) -> None:
    buyer = make_buyer(client)
    body = problem(
        client.post(
            f"{API}/buyer-requests",
            json={"buyer_id": buyer["id"], "product": "kue", "quantity": 1, "unit": "kg",
                  "start_month": "٢٠٢٧-٠٣", "months": 1},
        ),
        422,
    )  # fmt: skip
    assert "ASCII" in field_messages(body)["start_month"]
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"])
    capacity = client.put(f"{API}/products/{product['id']}/capacity/٢٠٢٧-٠٣", json={"quantity": 1})
    problem(capacity, 422)
    fullwidth = client.put(
        f"{API}/products/{product['id']}/capacity/２０２７-０３", json={"quantity": 1}
    )
    problem(fullwidth, 422)


def test_undocumented_units_are_422_listing_the_accepted_ones(client: TestClient) -> None:
    umkm = make_umkm(client)
    body = problem(
        client.post(f"{API}/umkm/{umkm['id']}/products", json={"name": "kue", "unit": "lb"}), 422
    )
    message = field_messages(body)["unit"]
    for unit in ("kg", "g", "ton", "kuintal", "pcs", "pack", "box", "carton"):
        assert unit in message
    for unit in ("kg", "kilogram", "gram", "tonne", "t", "kwintal", "quintal", "Pcs"):
        product = client.post(f"{API}/umkm/{umkm['id']}/products", json={"name": "k", "unit": unit})
        assert product.status_code == 201, (unit, product.text)


def test_certificate_dates_out_of_range_are_422(client: TestClient) -> None:
    umkm = make_umkm(client)
    certificates = f"{API}/umkm/{umkm['id']}/certificates"
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    for field, day in [
        ("issued_on", "9999-01-01"),
        ("issued_on", tomorrow),
        ("issued_on", "1899-12-31"),
        ("expires_on", "9999-12-31"),
        ("expires_on", "2101-01-01"),
    ]:
        body = problem(client.post(certificates, json={"type": "HALAL", field: day}), 422)
        assert field in field_messages(body), (field, day)
    ok = client.post(
        certificates,
        json={"type": "HALAL", "issued_on": clock.today().isoformat(), "expires_on": "2100-12-31"},
    )
    assert ok.status_code == 201, ok.text
    patched = client.patch(
        f"{API}/certificates/{ok.json()['id']}", json={"issued_on": "9999-01-01"}
    )
    problem(patched, 422)


def test_duplicate_json_keys_are_422_naming_the_key(client: TestClient) -> None:
    response = client.post(
        f"{API}/buyers",
        content=b'{"name": "A", "country": "CH", "name": "B"}',
        headers={"content-type": "application/json"},
    )
    assert field_messages(problem(response, 422)) == {
        "name": "appears more than once in one JSON object"
    }
    # FastAPI reads a body without a content type as JSON too.
    untyped = client.post(f"{API}/buyers", content=b'{"name": "A", "country": "CH", "name": "B"}')
    assert "content-type" not in untyped.request.headers
    assert "name" in field_messages(problem(untyped, 422))
    umkm = make_umkm(client)
    product = make_product(client, umkm["id"])
    nested = client.put(
        f"{API}/products/{product['id']}/capacity",
        content=json.dumps({"items": [{"month": "2027-01", "quantity": 1}]})
        .replace('"quantity": 1', '"quantity": 1, "quantity": 1000')
        .encode(),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert "quantity" in field_messages(problem(nested, 422))
    assert client.get(f"{API}/products/{product['id']}/capacity").json()["items"] == []
    # The same key in two objects is fine; a body that is not JSON is answered as before.
    fine = client.put(
        f"{API}/products/{product['id']}/capacity",
        json={"items": [{"month": "2027-01", "quantity": 1}, {"month": "2027-02", "quantity": 2}]},
    )
    assert fine.status_code == 200, fine.text
    broken = client.post(
        f"{API}/buyers", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert field_messages(problem(broken, 422)) == {"9": "JSON decode error"}


# 7. 405 names HEAD where GET is allowed


def test_405_allow_lists_head_with_get(client: TestClient) -> None:
    response = client.delete(f"{API}/buyers")
    problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert client.head(f"{API}/buyers").status_code == 200
    only_post = client.get(f"{API}/matches")
    problem(only_post, 405)
    assert only_post.headers["allow"] == "POST"
