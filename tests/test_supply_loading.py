"""The columnar loader (cold build) and the per-product loader (catch-up) read the same supply."""

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Buyer, Capacity, Certificate, Deal, Product, Umkm
from app.services import supply
from app.services.supply import load_supply, load_supply_columns
from matching import Demand, MatchIndex, SupplyColumns, month_index

TODAY = date(2026, 11, 22)


def add_supply(session: Session) -> list[int]:
    """Two UMKM (one with UMKM-wide certificates), products with and without capacity, one in
    counted units with no unit weight, one never updated; returns the product ids."""
    siti = Umkm(name="UD Siti", province_code="64", regency_code="64.72")
    budi = Umkm(name="CV Budi", province_code="35", regency_code="35.07")
    session.add_all([siti, budi])
    session.flush()
    updated = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
    products = [
        Product(umkm_id=siti.id, name="Kue Salak", hs_code="19059090", capacity_updated_at=updated),
        Product(umkm_id=siti.id, name="Dodol Salak", description="salak pondoh", unit="pcs"),
        Product(umkm_id=budi.id, name="Bolu Salak", capacity_updated_at=updated),
        Product(umkm_id=budi.id, name="Produk Unggulan", description="cabe rawit kering"),
    ]
    session.add_all(products)
    session.flush()
    kue, dodol, bolu, _ = products
    for i, kg in enumerate([1200, 800, 950, 1000, 400]):
        month = date(2026, 9 + i, 1) if i < 4 else date(2027, 1, 1)
        session.add(
            Capacity(product_id=kue.id, month=month, quantity=Decimal(kg), unit="kg",
                     quantity_g=kg * 1000, updated_by="test")
        )  # fmt: skip
    session.add(
        Capacity(product_id=dodol.id, month=date(2026, 12, 1), quantity=Decimal(500),
                 unit="pcs", quantity_g=None, updated_by="test")
    )  # fmt: skip
    session.add(
        Capacity(product_id=bolu.id, month=date(2025, 12, 1), quantity=Decimal("700.5"),
                 unit="kg", quantity_g=700_500, updated_by="test")
    )  # fmt: skip
    session.add_all(
        [
            Certificate(umkm_id=siti.id, type="HALAL", expires_on=date(2027, 2, 28)),
            Certificate(umkm_id=siti.id, type="NIB", expires_on=None),
            Certificate(umkm_id=siti.id, product_id=kue.id, type="BPOM_MD",
                        expires_on=date(2026, 1, 1)),
            Certificate(umkm_id=budi.id, product_id=bolu.id, type="HALAL",
                        expires_on=date(2029, 1, 1)),
            Certificate(umkm_id=budi.id, product_id=bolu.id, type="HALAL",
                        expires_on=date(2026, 12, 1)),
        ]
    )  # fmt: skip
    session.flush()
    return [p.id for p in products]


def demands() -> list[Demand]:
    start = month_index(2026, 12)
    return [
        Demand(text, None, 1000.0, start, 4, ("HALAL", "BPOM_MD", "NIB"))
        for text in ("kue salak", "snake fruit cake", "chili", "dodol")
    ]


def test_columnar_and_per_product_loaders_give_the_same_matches(session: Session) -> None:
    add_supply(session)
    per_product = MatchIndex().fit(load_supply(session))
    columnar = MatchIndex().fit_columns(load_supply_columns(session))
    assert len(columnar) == len(per_product) == 4
    found = 0
    for demand in demands():
        expected = [dataclasses.asdict(m) for m in per_product.query(demand, today=TODAY)]
        assert [dataclasses.asdict(m) for m in columnar.query(demand, today=TODAY)] == expected
        found += len(expected)
    assert found >= 4


def test_columnar_loader_reads_every_field(session: Session) -> None:
    ids = add_supply(session)
    columns = load_supply_columns(session)
    expected = SupplyColumns.from_products(load_supply(session))
    kue, dodol, bolu, other = (ids.index(i) for i in ids)
    assert columns.product_id.tolist() == ids == expected.product_id.tolist()
    for field in ("umkm_id", "capacity_updated_on", "unit_convertible"):
        assert getattr(columns, field).tolist() == getattr(expected, field).tolist(), field
    for field in ("name", "description", "hs_code", "province_code", "regency_code"):
        assert list(getattr(columns, field)) == list(getattr(expected, field)), field
    assert columns.capacity_updated_on[kue] == date(2026, 10, 31).toordinal()
    assert columns.capacity_updated_on[other] == -1
    assert columns.unit_convertible.tolist() == [True, False, True, True]

    def capacity(c: SupplyColumns) -> set[tuple[int, int, float]]:
        return set(
            zip(c.capacity_row.tolist(), c.capacity_month.tolist(), c.capacity_kg.tolist(),
                strict=True)
        )  # fmt: skip

    assert capacity(columns) == capacity(expected)
    assert (bolu, month_index(2025, 12), 700.5) in capacity(columns)

    def certificates(c: SupplyColumns) -> list[tuple[int, str, int]]:
        return sorted(
            zip(c.certificate_row.tolist(), c.certificate_type,
                c.certificate_expires_on.tolist(), strict=True)
        )  # fmt: skip

    assert certificates(columns) == certificates(expected)
    # the UMKM-wide HALAL and NIB hold for both of UD Siti's products
    assert (dodol, "NIB", -1) in certificates(columns)
    assert (kue, "HALAL", date(2027, 2, 28).toordinal()) in certificates(columns)


def test_columnar_loader_keeps_one_string_per_distinct_value(session: Session) -> None:
    """The driver makes a new string for every row: the loader keeps one per distinct value
    of a column, so that a million products do not hold a million copies of "64"."""
    add_supply(session)
    columns = load_supply_columns(session)
    # UD Siti's two products: one province and one regency string between them
    assert columns.province_code[0] == columns.province_code[1] == "64"
    assert columns.province_code[0] is columns.province_code[1]
    assert columns.regency_code[0] is columns.regency_code[1]
    assert columns.province_code[2] == "35"


def test_columnar_loader_on_an_empty_database(session: Session) -> None:
    columns = load_supply_columns(session)
    assert len(columns) == 0 and len(columns.capacity_row) == 0
    assert MatchIndex().fit_columns(columns).query(demands()[0], today=TODAY) == []


def test_capacity_read_in_chunks_and_with_large_ids(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The capacity rows come back as aggregated texts, a chunk of ids at a time: chunks of
    two rows give the same columns as one chunk, and a product id past 131,071 (where id *
    16,384 leaves a 32-bit integer) keeps its capacity."""
    add_supply(session)
    far = Product(id=300_000, umkm_id=session.scalars(select(Umkm.id)).first(), name="Lada")
    session.add(far)
    session.flush()
    session.add(
        Capacity(product_id=far.id, month=date(2026, 11, 1), quantity=Decimal(250), unit="kg",
                 quantity_g=250_000, updated_by="test")
    )  # fmt: skip
    session.flush()
    whole = load_supply_columns(session)
    monkeypatch.setattr(supply, "_CAPACITY_CHUNK", 2)
    chunked = load_supply_columns(session)
    for field in ("capacity_row", "capacity_month", "capacity_kg"):
        assert sorted(getattr(chunked, field).tolist()) == sorted(getattr(whole, field).tolist())
    assert len(whole.capacity_row) == 7  # the counted-unit month has no kg
    row = whole.product_id.tolist().index(300_000)
    assert [
        (m, kg) for r, m, kg in zip(whole.capacity_row.tolist(), whole.capacity_month.tolist(),
                                    whole.capacity_kg.tolist(), strict=True) if r == row
    ] == [(month_index(2026, 11), 250.0)]  # fmt: skip


def add_deals(session: Session, ids: list[int]) -> None:
    """Deals on Kue Salak and Bolu Salak in every stage: agreed and delivering ones commit
    (two overlapping on one month add up), the others do not."""
    kue, _, bolu, _ = ids
    buyer = Buyer(name="Swiss Sweets AG", country="CH")
    session.add(buyer)
    session.flush()
    umkm_of = {p: u for p, u in session.execute(select(Product.id, Product.umkm_id))}

    def deal(product_id: int, start: date, months: int, grams: int, stage: str) -> Deal:
        return Deal(
            buyer_id=buyer.id, umkm_id=umkm_of[product_id], product_id=product_id,
            quantity=Decimal(grams) / 1000, unit="kg", quantity_g=grams, start_month=start,
            months=months, price_idr=10_000, price_unit="kg", value_idr=1, stage=stage,
        )  # fmt: skip

    session.add_all(
        [
            deal(kue, date(2026, 12, 1), 3, 500_000, "agreed"),
            deal(kue, date(2027, 1, 1), 1, 250_500, "delivering"),
            deal(kue, date(2026, 12, 1), 12, 900_000, "negotiating"),
            deal(kue, date(2026, 12, 1), 12, 900_000, "cancelled"),
            deal(bolu, date(2026, 11, 1), 2, 100_000, "completed"),
            deal(bolu, date(2027, 2, 1), 40, 50_000, "agreed"),
        ]
    )
    session.flush()


def test_both_loaders_subtract_the_same_commitments(session: Session) -> None:
    ids = add_supply(session)
    add_deals(session, ids)
    kue, _, bolu, _ = ids
    columns = load_supply_columns(session)
    expected = SupplyColumns.from_products(load_supply(session))

    def committed(c: SupplyColumns) -> list[tuple[int, int, float]]:
        return sorted(
            zip(c.committed_row.tolist(), c.committed_month.tolist(), c.committed_kg.tolist(),
                strict=True)
        )  # fmt: skip

    assert committed(columns) == committed(expected)
    kue_row = ids.index(kue)
    assert [(month, kg) for row, month, kg in committed(columns) if row == kue_row] == [
        (month_index(2026, 12), 500.0),
        (month_index(2027, 1), 750.5),  # two deals add up
        (month_index(2027, 2), 500.0),
    ]
    assert sum(1 for row, _, _ in committed(columns) if row == ids.index(bolu)) == 40

    per_product = MatchIndex().fit(load_supply(session))
    columnar = MatchIndex().fit_columns(load_supply_columns(session))
    # and an index that learned the products without deals and caught up by upserts
    caught_up = MatchIndex().fit_columns(load_supply_columns(session))
    for product in load_supply(session, ids):
        caught_up.upsert(product)
    for demand in demands():
        expected_matches = [dataclasses.asdict(m) for m in per_product.query(demand, today=TODAY)]
        assert [dataclasses.asdict(m) for m in columnar.query(demand, today=TODAY)] == (
            expected_matches
        )
        assert [dataclasses.asdict(m) for m in caught_up.query(demand, today=TODAY)] == (
            expected_matches
        )
    kue_match = next(m for m in columnar.query(demands()[0], today=TODAY) if m.product_id == kue)
    # Dec 1000 reported - 500 committed; Jan 400 reported - 750.5 committed: none left
    assert [(m.month, m.capacity_kg, m.committed_kg) for m in kue_match.months[:2]] == [
        ("2026-12", 500.0, 500.0),
        ("2027-01", 0.0, 750.5),
    ]
