"""Merging duplicate UMKM records, and soft deletes kept in the audit trail."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.helpers import API, make_buyer, make_product, make_request, make_umkm, problem
from tests.conftest import bearer, make_token


def test_merge_moves_everything_to_the_record_kept(client: TestClient, session: Session) -> None:
    keep = make_umkm(client, name="Dapur Salak Mama Ani", nib="9120001234567")
    duplicate = make_umkm(
        client, name="Dapur Salak Mama Ani", phone="+6281255550101", address="Jl. Salak 1"
    )
    product = make_product(client, duplicate["id"], name="dodol salak")
    client.put(f"{API}/products/{product['id']}/capacity/2027-01", json={"quantity": 400})
    client.put(f"{API}/products/{product['id']}/capacity/2027-01", json={"quantity": 450})
    certificate = client.post(
        f"{API}/umkm/{duplicate['id']}/certificates", json={"type": "PIRT"}
    ).json()
    owner = bearer(make_token(session, "umkm", umkm_id=duplicate["id"], name="Mama Ani"))

    merged = client.post(f"{API}/umkm/{keep['id']}/merge", json={"duplicate_id": duplicate["id"]})
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["nib"] == "9120001234567"  # the kept record's own value stays
    assert body["phone"] == "+6281255550101" and body["address"] == "Jl. Salak 1"  # filled in
    moved = client.get(f"{API}/products/{product['id']}").json()
    assert moved["umkm_id"] == keep["id"]
    history = client.get(f"{API}/products/{product['id']}/capacity/2027-01/history").json()
    assert [h["quantity_kg"] for h in history["items"]] == [450.0, 400.0]
    assert client.get(f"{API}/certificates/{certificate['id']}").json()["umkm_id"] == keep["id"]
    # the owner's account follows the business
    assert client.get(f"{API}/me", headers=owner).json()["umkm_id"] == keep["id"]
    problem(client.get(f"{API}/umkm/{duplicate['id']}"), 404)
    assert [u["id"] for u in client.get(f"{API}/umkm").json()["items"]] == [keep["id"]]

    trail = client.get(f"{API}/audit", params={"resource": "umkm", "id": str(keep["id"])})
    merge = trail.json()["items"][0]
    assert merge["action"] == "merge"
    assert merge["changes"]["merged_from"]["after"] == duplicate["id"]
    assert merge["changes"]["products_moved"]["after"] == [product["id"]]
    gone = client.get(f"{API}/audit", params={"resource": "umkm", "id": str(duplicate["id"])})
    deleted = gone.json()["items"][0]
    assert deleted["action"] == "delete"
    assert deleted["changes"]["merged_into_id"]["after"] == keep["id"]


def test_merge_refusals(client: TestClient) -> None:
    keep = make_umkm(client, name="A")
    other = make_umkm(client, name="B")
    make_product(client, keep["id"], name="Kue Salak")
    make_product(client, other["id"], name="kue salak")
    body = problem(
        client.post(f"{API}/umkm/{keep['id']}/merge", json={"duplicate_id": other["id"]}), 409
    )
    assert "kue salak" in body["detail"].lower()
    problem(client.post(f"{API}/umkm/{keep['id']}/merge", json={"duplicate_id": keep["id"]}), 422)
    problem(client.post(f"{API}/umkm/{keep['id']}/merge", json={"duplicate_id": 999999}), 404)


def test_soft_delete_hides_the_record_and_keeps_it_in_the_audit(client: TestClient) -> None:
    lonely = make_umkm(client, name="Salah Ketik", nib="9120001234999")
    client.delete(f"{API}/umkm/{lonely['id']}").raise_for_status()
    problem(client.get(f"{API}/umkm/{lonely['id']}"), 404)
    problem(client.delete(f"{API}/umkm/{lonely['id']}"), 404)
    # the NIB is free again: the UMKM can be registered properly
    again = make_umkm(client, name="Salak Ketik", nib="9120001234999")
    assert again["nib"] == "9120001234999"
    trail = client.get(f"{API}/audit", params={"resource": "umkm", "id": str(lonely["id"])})
    assert [e["action"] for e in trail.json()["items"]] == ["delete", "create"]
    assert trail.json()["items"][0]["changes"]["nib"]["before"] == "9120001234999"

    with_products = make_umkm(client, name="Punya Produk")
    make_product(client, with_products["id"])
    body = problem(client.delete(f"{API}/umkm/{with_products['id']}"), 409)
    assert "merge" in body["detail"]

    buyer = make_buyer(client)
    request = make_request(client, buyer["id"])
    assert client.delete(f"{API}/buyer-requests/{request['id']}").status_code == 204
    problem(client.get(f"{API}/buyer-requests/{request['id']}"), 404)
    problem(client.get(f"{API}/buyer-requests/{request['id']}/matches"), 404)
    assert client.get(f"{API}/buyer-requests").json()["total"] == 0
    deleted = client.get(
        f"{API}/audit", params={"resource": "buyer_request", "id": str(request["id"])}
    ).json()["items"][0]
    assert deleted["action"] == "delete" and deleted["changes"]["product"]["before"] == "cake salak"


def test_deals_move_with_a_merge_and_keep_their_request(client: TestClient) -> None:
    keep = make_umkm(client, name="Cabai Kering Bu Ani", nib="9120001230001")
    duplicate = make_umkm(client, name="Cabe Kering Bu Ani")
    chili = make_product(client, duplicate["id"], name="cabai kering", hs_code="09042110")
    buyer = make_buyer(client, name="Banjar Rempah", country="ID")
    request = make_request(client, buyer["id"], product="cabai kering", hs_code=None)
    deal = client.post(
        f"{API}/deals",
        json={
            "buyer_id": buyer["id"], "umkm_id": duplicate["id"], "product_id": chili["id"],
            "buyer_request_id": request["id"], "quantity": 500, "unit": "kg",
            "start_month": "2027-01", "months": 3, "price_idr": 60_000, "price_unit": "kg",
            "stage": "agreed",
        },
    )  # fmt: skip
    assert deal.status_code == 201, deal.text
    body = problem(client.delete(f"{API}/buyer-requests/{request['id']}"), 409)
    assert "1 deal(s)" in body["detail"]
    merged = client.post(f"{API}/umkm/{keep['id']}/merge", json={"duplicate_id": duplicate["id"]})
    assert merged.status_code == 200, merged.text
    moved = client.get(f"{API}/deals/{deal.json()['id']}").json()
    assert (moved["umkm_id"], moved["product_id"]) == (keep["id"], chili["id"])


def test_a_deleted_product_leaves_lists_and_matching_but_not_the_audit(
    client: TestClient,
) -> None:
    umkm = make_umkm(client, name="Dapur Salak Mama Ani")
    typo = make_product(client, umkm["id"], name="kue salak (salah input)")
    kept = make_product(client, umkm["id"], name="kue salak")
    for product in (typo, kept):
        items = [{"month": "2027-01", "quantity": 1000, "unit": "kg"}]
        put = client.put(f"{API}/products/{product['id']}/capacity", json={"items": items})
        assert put.status_code == 200, put.text
    demand = {
        "product": "kue salak", "quantity": 500, "unit": "kg", "start_month": "2027-01",
        "months": 1,
    }  # fmt: skip
    before = client.post(f"{API}/matches", json=demand).json()
    assert {item["product_id"] for item in before["items"]} == {typo["id"], kept["id"]}

    assert client.delete(f"{API}/products/{typo['id']}").status_code == 204
    problem(client.get(f"{API}/products/{typo['id']}"), 404)
    problem(client.delete(f"{API}/products/{typo['id']}"), 404)
    listed = client.get(f"{API}/umkm/{umkm['id']}/products").json()
    assert [item["id"] for item in listed["items"]] == [kept["id"]]
    after = client.post(f"{API}/matches", json=demand).json()
    assert [item["product_id"] for item in after["items"]] == [kept["id"]]
    trail = client.get(f"{API}/audit", params={"resource": "product", "id": str(typo["id"])})
    assert trail.json()["items"][0]["action"] == "delete"

    buyer = make_buyer(client, name="Swiss Sweets AG", country="CH")
    deal = client.post(
        f"{API}/deals",
        json={
            "buyer_id": buyer["id"], "umkm_id": umkm["id"], "product_id": kept["id"],
            "quantity": 500, "unit": "kg", "start_month": "2027-01", "months": 1,
            "price_idr": 85_000, "price_unit": "kg", "stage": "agreed",
        },
    )  # fmt: skip
    assert deal.status_code == 201, deal.text
    body = problem(client.delete(f"{API}/products/{kept['id']}"), 409)
    assert "1 deal(s)" in body["detail"]
