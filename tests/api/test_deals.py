"""Deals in whole rupiah, deliveries month by month, committed capacity, access."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook
from sqlalchemy.orm import Session

from app.services.deals import committed_kg
from app.services.mission_report import XLSX_MEDIA_TYPE
from tests.api.helpers import (
    API,
    created,
    field_messages,
    make_buyer,
    make_product,
    make_umkm,
    problem,
)
from tests.conftest import bearer, make_token


def _parties(client: TestClient, **product: Any) -> dict[str, Any]:
    buyer = make_buyer(client)
    umkm = make_umkm(client)
    made = make_product(client, umkm["id"], name="cabai kering", hs_code="09042110", **product)
    return {"buyer_id": buyer["id"], "umkm_id": umkm["id"], "product_id": made["id"]}


def deal_body(parties: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        **parties,
        "quantity": 2,
        "unit": "ton",
        "start_month": "2027-01",
        "months": 6,
        "price_idr": 45_000,
        "price_unit": "kg",
        "stage": "agreed",
        **fields,
    }


def test_value_is_whole_rupiah_in_the_stated_price_unit(client: TestClient) -> None:
    parties = _parties(client)
    deal = created(client, "/deals", deal_body(parties))
    # 2 t = 2,000 kg a month × Rp45,000/kg × 6 months
    assert deal["value_idr"] == 540_000_000
    assert deal["quantity_kg"] == 2000 and deal["end_month"] == "2027-06"
    assert isinstance(deal["value_idr"], int)

    per_ton = created(client, "/deals", deal_body(parties, price_idr=44_500_000, price_unit="ton"))
    assert per_ton["value_idr"] == 2 * 44_500_000 * 6
    kuintal = created(
        client, "/deals", deal_body(parties, quantity=350, unit="kg", months=1, price_idr=333_333,
                                    price_unit="kuintal")
    )  # fmt: skip
    # 3.5 kuintal × Rp333,333 = Rp1,166,665.5 → half to even: Rp1,166,666
    assert kuintal["value_idr"] == 1_166_666

    patched = client.patch(f"{API}/deals/{deal['id']}", json={"months": 12}).json()
    assert patched["value_idr"] == 1_080_000_000
    assert client.get(f"{API}/deals/{deal['id']}").json()["value_idr"] == 1_080_000_000
    listed = client.get(f"{API}/deals", params={"umkm_id": parties["umkm_id"]}).json()
    assert listed["total"] == 3


def test_counted_units_need_a_unit_weight_and_prices_are_not_negative(client: TestClient) -> None:
    parties = _parties(client)
    body = problem(client.post(f"{API}/deals", json=deal_body(parties, unit="pcs")), 422)
    assert "counted unit" in field_messages(body)["unit"]
    body = problem(client.post(f"{API}/deals", json=deal_body(parties, price_unit="pcs")), 422)
    assert "counted unit" in field_messages(body)["price_unit"]
    body = problem(client.post(f"{API}/deals", json=deal_body(parties, price_idr=-1)), 422)
    assert "price_idr" in field_messages(body)
    problem(client.post(f"{API}/deals", json=deal_body(parties, price_idr=12.5)), 422)
    huge = deal_body(parties, quantity=99_999_999_999, price_idr=10**15, months=60)
    body = problem(client.post(f"{API}/deals", json=huge), 422)
    assert "worth more than" in field_messages(body)["price_idr"]
    problem(client.post(f"{API}/deals", json=deal_body(parties, unit="bushel")), 422)
    problem(client.post(f"{API}/deals", json=deal_body(parties, stage="signed")), 422)
    problem(client.post(f"{API}/deals", json=deal_body(parties, product_id=999999)), 404)
    other = make_umkm(client, name="Other")
    body = problem(client.post(f"{API}/deals", json=deal_body(parties, umkm_id=other["id"])), 422)
    assert "not a product of this UMKM" in field_messages(body)["product_id"]

    # with a unit weight, pieces convert both ways
    boxed = _parties(client, unit="pcs", unit_weight_kg=0.25)
    deal = created(
        client,
        "/deals",
        deal_body(boxed, quantity=400, unit="pcs", months=2, price_idr=60_000, price_unit="kg"),
    )
    assert deal["quantity_kg"] == 100 and deal["value_idr"] == 100 * 60_000 * 2
    problem(client.patch(f"{API}/deals/{deal['id']}", json={"price_idr": -5}), 422)


def test_deliveries_month_by_month_against_the_promise(client: TestClient) -> None:
    parties = _parties(client)
    negotiating = created(client, "/deals", deal_body(parties, stage="negotiating"))
    body = problem(
        client.post(
            f"{API}/deals/{negotiating['id']}/deliveries",
            json={"month": "2027-01", "quantity": 1},
        ),
        409,
    )
    assert "negotiating" in body["detail"]

    deal = created(client, "/deals", deal_body(parties, months=3))
    path = f"{API}/deals/{deal['id']}/deliveries"
    first = client.post(path, json={"month": "2027-01", "quantity": 1500, "unit": "kg"})
    assert first.status_code == 201, first.text
    client.post(path, json={"month": "2027-01", "quantity": 0.5})  # the deal's unit: ton
    client.post(path, json={"month": "2027-02", "quantity": 1200, "unit": "kg"})
    body = problem(client.post(path, json={"month": "2027-04", "quantity": 1}), 422)
    assert "outside the deal's months" in field_messages(body)["month"]
    problem(client.post(path, json={"month": "2027-02", "quantity": -3}), 422)

    listed = client.get(path).json()
    assert listed["total"] == 3
    assert [(m["month"], m["promised_kg"], m["delivered_kg"], m["shortfall_kg"])
            for m in listed["months"]] == [
        ("2027-01", 2000, 2000, 0),
        ("2027-02", 2000, 1200, 800),
        ("2027-03", 2000, 0, 2000),
    ]  # fmt: skip
    assert listed["promised_kg"] == 6000 and listed["delivered_kg"] == 3200
    # the first delivery moves an agreed deal to delivering
    assert client.get(f"{API}/deals/{deal['id']}").json()["stage"] == "delivering"


def test_committed_capacity_and_the_over_capacity_flag(
    client: TestClient, session: Session
) -> None:
    parties = _parties(client)
    product_id = parties["product_id"]
    client.put(
        f"{API}/products/{product_id}/capacity",
        json={"items": [{"month": f"2027-0{m}", "quantity": 3000} for m in (1, 2, 3)]},
    )
    first = created(client, "/deals", deal_body(parties, months=3))
    assert first["over_capacity"] is False
    months = [date(2027, 1, 1), date(2027, 3, 1), date(2027, 4, 1)]
    assert committed_kg(session, [product_id], months) == {
        (product_id, date(2027, 1, 1)): Decimal(2000),
        (product_id, date(2027, 3, 1)): Decimal(2000),
    }
    # a second deal for 2 t more is recorded, and flagged: 4 t a month against 3 t
    second = created(client, "/deals", deal_body(parties, months=1, start_month="2027-03"))
    assert second["over_capacity"] is True
    assert committed_kg(session, [product_id], months)[(product_id, date(2027, 3, 1))] == 4000
    # negotiating commits nothing; cancelling frees what was committed
    created(client, "/deals", deal_body(parties, stage="negotiating"))
    client.patch(f"{API}/deals/{first['id']}", json={"stage": "cancelled"})
    assert committed_kg(session, [product_id], months) == {
        (product_id, date(2027, 3, 1)): Decimal(2000)
    }
    assert (
        client.patch(f"{API}/deals/{second['id']}", json={"notes": "ok"}).json()["over_capacity"]
        is False
    )


def test_deal_access_by_role(client: TestClient, session: Session) -> None:
    mine = _parties(client)
    theirs = _parties(client)
    own_deal = created(client, "/deals", deal_body(mine))
    their_deal = created(client, "/deals", deal_body(theirs))
    owner = bearer(make_token(session, "umkm", umkm_id=mine["umkm_id"]))
    app_key = bearer(make_token(session, "client"))

    listed = client.get(f"{API}/deals", headers=owner).json()
    assert [d["id"] for d in listed["items"]] == [own_deal["id"]]
    assert client.get(f"{API}/deals/{own_deal['id']}", headers=owner).status_code == 200
    problem(client.get(f"{API}/deals/{their_deal['id']}", headers=owner), 404)
    recorded = client.post(
        f"{API}/deals/{own_deal['id']}/deliveries",
        json={"month": "2027-01", "quantity": 1},
        headers=owner,
    )
    assert recorded.status_code == 201 and recorded.json()["created_by"].startswith("test umkm")
    problem(
        client.post(
            f"{API}/deals/{their_deal['id']}/deliveries",
            json={"month": "2027-01", "quantity": 1},
            headers=owner,
        ),
        404,
    )
    problem(client.patch(f"{API}/deals/{own_deal['id']}", json={"months": 2}, headers=owner), 403)
    problem(client.post(f"{API}/deals", json=deal_body(mine), headers=owner), 403)
    # a client key sees no prices: no deals at all
    problem(client.get(f"{API}/deals", headers=app_key), 403)
    problem(client.get(f"{API}/deals/{own_deal['id']}", headers=app_key), 403)
    problem(client.get(f"{API}/deals/{own_deal['id']}/deliveries", headers=app_key), 403)


def test_mission_report_in_rupiah_with_deliveries_and_repeat_orders(
    client: TestClient, session: Session
) -> None:
    mission = created(
        client,
        "/missions",
        {"name": "Kaltim–Kalsel", "starts_on": "2026-06-10", "ends_on": "2026-06-11",
         "tables": 4, "status": "open"},
    )  # fmt: skip
    swiss, japan = make_buyer(client), make_buyer(client, name="Tokyo Foods", country="JP")
    kaltim = make_umkm(client, name="Cabai Kaltim")
    kalsel = make_umkm(client, name="Jahe Kalsel", regency_code="63.71")
    chili = make_product(client, kaltim["id"], name="cabai kering", hs_code="09042110")
    ginger = make_product(client, kalsel["id"], name="jahe", hs_code="09101100")
    for party in (
        {"buyer_id": swiss["id"]}, {"buyer_id": japan["id"]},
        {"umkm_id": kaltim["id"]}, {"umkm_id": kalsel["id"]},
    ):  # fmt: skip
        created(client, f"/missions/{mission['id']}/participants", party)
    for buyer, umkm in ((swiss, kaltim), (japan, kalsel), (japan, kaltim)):
        request = created(
            client,
            f"/missions/{mission['id']}/meeting-requests",
            {"buyer_id": buyer["id"], "umkm_id": umkm["id"]},
        )
        if umkm is not kaltim or buyer is swiss:
            client.patch(
                f"{API}/meeting-requests/{request['id']}",
                json={"status": "accepted"},
            )
    schedule = client.post(f"{API}/missions/{mission['id']}/schedule", json={"mode": "all"}).json()
    client.patch(
        f"{API}/meetings/{schedule['meetings'][0]['id']}",
        json={"held": True},
    )
    common = {"mission_id": mission["id"], "start_month": "2026-07", "signed_on": "2026-06-11"}
    chili_deal = created(client, "/deals", {
        "buyer_id": swiss["id"], "umkm_id": kaltim["id"], "product_id": chili["id"],
        "quantity": 10, "unit": "ton", "months": 12, "price_idr": 95_000, "price_unit": "kg",
        "stage": "delivering", **common,
    })  # fmt: skip
    assert chili_deal["value_idr"] == 11_400_000_000
    created(client, "/deals", {
        "buyer_id": japan["id"], "umkm_id": kalsel["id"], "product_id": ginger["id"],
        "quantity": 5, "unit": "ton", "months": 12, "price_idr": 38_500_000, "price_unit": "ton",
        "stage": "agreed", **common,
    })  # fmt: skip
    created(client, "/deals", {
        "buyer_id": japan["id"], "umkm_id": kaltim["id"], "product_id": chili["id"],
        "quantity": 1, "unit": "ton", "months": 1, "price_idr": 1, "price_unit": "kg",
        "stage": "cancelled", **common,
    })  # fmt: skip
    client.post(f"{API}/deals/{chili_deal['id']}/deliveries",
                json={"month": "2026-07", "quantity": 10})  # fmt: skip
    client.post(f"{API}/deals/{chili_deal['id']}/deliveries",
                json={"month": "2026-08", "quantity": 8})  # fmt: skip
    # a repeat order four months after the mission, and an unrelated pair's deal
    created(client, "/deals", {
        "buyer_id": swiss["id"], "umkm_id": kaltim["id"], "product_id": chili["id"],
        "quantity": 2, "unit": "ton", "months": 3, "start_month": "2027-01",
        "price_idr": 100_000, "price_unit": "kg", "stage": "agreed", "signed_on": "2026-10-20",
    })  # fmt: skip

    path = f"{API}/missions/{mission['id']}/report"
    report = client.get(path).json()
    assert (report["meetings_requested"], report["meetings_accepted"]) == (3, 2)
    assert (report["meetings_scheduled"], report["meetings_held"]) == (2, 1)
    assert report["deals"] == 2
    assert report["value_idr"] == 11_400_000_000 + 2_310_000_000
    assert report["value_text"] == "Rp13,7 miliar"
    assert report["value_agreed_idr"] == 13_710_000_000
    assert report["value_delivered_idr"] == 18_000 * 95_000
    assert [(g["key"], g["value_idr"]) for g in report["by_commodity"]] == [
        ("090421", 11_400_000_000), ("091011", 2_310_000_000)
    ]  # fmt: skip
    assert [(g["label"], g["value_text"]) for g in report["by_province"]] == [
        ("Kalimantan Timur", "Rp11,4 miliar"), ("Kalimantan Selatan", "Rp2,3 miliar")
    ]  # fmt: skip
    assert [g["key"] for g in report["by_buyer_country"]] == ["CH", "JP"]
    assert [(r["months"], r["deals"], r["value_idr"]) for r in report["repeat_orders"]] == [
        (3, 0, 0), (6, 1, 600_000_000), (12, 1, 600_000_000)
    ]  # fmt: skip
    english = client.get(path, params={"lang": "en"}).json()
    assert english["value_text"] == "IDR 13.7 billion"

    csv_report = client.get(path, params={"format": "csv"})
    assert csv_report.headers["content-type"].startswith("text/csv")
    assert 'total,all,Kaltim–Kalsel,2,13710000000,"Rp13,7 miliar"' in csv_report.text
    assert "repeat_orders,6m,,1,600000000,Rp600 juta" in csv_report.text
    assert client.get(path, headers={"Accept": "text/csv"}).text == csv_report.text
    problem(client.get(path, params={"format": "pdf"}), 422)
    problem(client.get(path, params={"lang": "fr"}), 422)
    owner = bearer(make_token(session, "umkm", umkm_id=kaltim["id"]))
    problem(client.get(path, headers=owner), 403)
    problem(client.get(path, headers=bearer(make_token(session, "client"))), 403)
    problem(client.get(f"{API}/missions/999999/report"), 404)


def test_a_deal_belongs_to_the_office_that_records_it(client: TestClient, session: Session) -> None:
    deal = created(client, "/deals", deal_body(_parties(client)))
    office_id = client.get(f"{API}/me").json()["office_id"]
    assert office_id is not None and deal["office_id"] == office_id
    assert client.get(f"{API}/deals/{deal['id']}").json()["office_id"] == office_id
    # an admin without an office records for the default office (the first one)
    admin = bearer(make_token(session, "admin"))
    by_admin = client.post(f"{API}/deals", json=deal_body(_parties(client)), headers=admin)
    assert by_admin.status_code == 201, by_admin.text
    first = min(o["id"] for o in client.get(f"{API}/offices", headers=admin).json()["items"])
    assert by_admin.json()["office_id"] == first


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def test_mission_report_as_a_workbook_with_rupiah_cells_and_totals(client: TestClient) -> None:
    mission = created(
        client, "/missions",
        {"name": "Kaltim–Kalsel", "starts_on": "2026-06-10", "ends_on": "2026-06-11"},
    )  # fmt: skip
    japan = make_buyer(client, name="Tokyo Foods", country="JP")
    swiss = make_buyer(client)
    kaltim = make_umkm(client, name="Cabai Kaltim")
    kalsel = make_umkm(client, name="Jahe Kalsel", regency_code="63.71")
    chili = make_product(client, kaltim["id"], name="cabai kering", hs_code="09042110")
    ginger = make_product(client, kalsel["id"], name="jahe", hs_code="09101100")
    common = {"mission_id": mission["id"], "start_month": "2026-07", "signed_on": "2026-06-11",
              "stage": "agreed", "unit": "ton", "price_unit": "kg"}  # fmt: skip
    for buyer, umkm, product, tons, price in (
        (swiss, kaltim, chili, 10, 95_000),  # Rp11.4 billion over 12 months
        (japan, kalsel, ginger, 5, 38_500),  # Rp2.31 billion
        (japan, kaltim, chili, 1, 10_000),  # Rp120 million
    ):
        created(client, "/deals", {
            "buyer_id": buyer["id"], "umkm_id": umkm["id"], "product_id": product["id"],
            "quantity": tons, "months": 12, "price_idr": price, **common,
        })  # fmt: skip
    path = f"{API}/missions/{mission['id']}/report"
    response = client.get(path, params={"format": "xlsx"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert f"mission-{mission['id']}-report.xlsx" in response.headers["content-disposition"]
    sheets = _sheets(response.content)
    assert list(sheets) == ["Ringkasan", "Komoditas", "Provinsi", "Negara pembeli", "Pesanan ulang"]
    summary = {row[0]: row[1:] for row in sheets["Ringkasan"][1:]}
    total = 11_400_000_000 + 2_310_000_000 + 120_000_000
    assert summary["Nilai transaksi (Rp)"] == [total, "Rp13,8 miliar"]
    assert summary["Jumlah transaksi"][0] == 3
    # rupiah are whole numbers in the cells, not text
    assert isinstance(summary["Nilai transaksi (Rp)"][0], int | float)
    commodities = sheets["Komoditas"]
    assert [row[0] for row in commodities[1:-1]] == ["090421", "091011"]
    assert commodities[1][2:4] == [2, 11_520_000_000]
    assert commodities[-1][0] == "Jumlah" and commodities[-1][2:5] == [3, total, "Rp13,8 miliar"]
    for name in ("Provinsi", "Negara pembeli"):
        rows = sheets[name]
        assert sum(row[3] for row in rows[1:-1]) == rows[-1][3] == total
    assert [row[0] for row in sheets["Negara pembeli"][1:-1]] == ["CH", "JP"]
    assert [row[0] for row in sheets["Pesanan ulang"][1:]] == [3, 6, 12]

    # by the Accept header too, and in English
    english = client.get(
        path, params={"lang": "en"}, headers={"Accept": XLSX_MEDIA_TYPE}
    )  # fmt: skip
    assert english.headers["content-type"] == XLSX_MEDIA_TYPE
    sheets = _sheets(english.content)
    assert list(sheets)[:2] == ["Summary", "Commodities"]
    assert sheets["Commodities"][-1][2:5] == [3, total, "IDR 13.8 billion"]
    # a browser's Accept still gets JSON
    browser = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.json()["value_idr"] == total
