from fastapi.testclient import TestClient

from tests.api.helpers import API, problem


def test_unknown_route_and_method_are_problems(client: TestClient) -> None:
    assert problem(client.get(f"{API}/nothing-here"), 404)["title"] == "Not found"
    problem(client.delete(f"{API}/buyers"), 405)


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        f"{API}/buyers", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert "JSON" in problem(response, 422)["detail"]


def test_unknown_fields_are_refused(client: TestClient) -> None:
    body = problem(
        client.post(f"{API}/buyers", json={"name": "X", "country": "CH", "colour": "red"}), 422
    )
    assert body["errors"][0]["field"] == "colour"


def test_ids_outside_the_key_range_are_422_not_500(client: TestClient) -> None:
    problem(client.get(f"{API}/buyers/99999999999999"), 422)


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
