"""Small builders: each test makes the rows it needs through the API."""

from typing import Any

from fastapi.testclient import TestClient

API = "/api/v1"


def created(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(API + path, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def make_buyer(client: TestClient, **fields: Any) -> dict[str, Any]:
    return created(client, "/buyers", {"name": "Swiss Sweets AG", "country": "CH", **fields})


def make_request(client: TestClient, buyer_id: int, **fields: Any) -> dict[str, Any]:
    body = {
        "buyer_id": buyer_id,
        "product": "cake salak",
        "hs_code": "19059030",
        "quantity": 1500,
        "unit": "kg",
        "start_month": "2027-01",
        "months": 12,
        "required_certifications": ["NIB", "HALAL", "BPOM_MD"],
        **fields,
    }
    return created(client, "/buyer-requests", body)


def make_umkm(client: TestClient, **fields: Any) -> dict[str, Any]:
    return created(
        client, "/umkm", {"name": "Dapur Salak Mama Ani", "regency_code": "64.71", **fields}
    )


def make_product(client: TestClient, umkm_id: int, **fields: Any) -> dict[str, Any]:
    return created(
        client, f"/umkm/{umkm_id}/products", {"name": "kue salak", "hs_code": "19059030", **fields}
    )


def problem(response: Any, status: int) -> dict[str, Any]:
    """Assert an RFC 9457 problem with `status` and return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def field_messages(body: dict[str, Any]) -> dict[str, str]:
    return {error["field"]: error["message"] for error in body.get("errors", [])}
