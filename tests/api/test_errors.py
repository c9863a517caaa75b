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


def test_numbers_must_be_numbers_and_dates_dates(client: TestClient) -> None:
    umkm = client.post(f"{API}/umkm", json={"name": "U", "regency_code": "64.71"}).json()
    product = client.post(f"{API}/umkm/{umkm['id']}/products", json={"name": "kue"}).json()
    body = problem(
        client.put(f"{API}/products/{product['id']}/capacity/2027-01", json={"quantity": "400"}),
        422,
    )
    assert body["errors"][0]["message"] == "must be a JSON number, not a string or boolean"
    body = problem(
        client.post(f"{API}/umkm/{umkm['id']}/certificates", json={"type": "PIRT", "issued_on": 0}),
        422,
    )
    assert body["errors"][0]["message"] == "must be a date written YYYY-MM-DD"
    body = problem(
        client.post(
            f"{API}/umkm", json={"name": "U", "regency_code": "64.71", "has_exported": "yes"}
        ),
        422,
    )
    assert body["errors"][0]["field"] == "has_exported"


def test_unknown_query_parameters_are_refused(client: TestClient) -> None:
    body = problem(client.get(f"{API}/buyer-requests", params={"staus": "open"}), 422)
    assert body["errors"] == [
        {
            "field": "staus",
            "location": "query.staus",
            "message": "is not a query parameter of this operation",
        }
    ]


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.delete(f"{API}/buyers/1")
    problem(response, 405)
    assert (
        response.headers["allow"] == "GET, HEAD, PATCH"
    )  # HEAD: every GET route answers it (issue 13)
