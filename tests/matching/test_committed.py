"""Committed capacity in the index: what signed deals hold is not offered again."""

import dataclasses
from datetime import date

from matching import Demand, MatchIndex, SupplyColumns, SupplyProduct, month_index

TODAY = date(2026, 11, 22)
JAN = month_index(2027, 1)


def _products(committed: dict[int, float]) -> list[SupplyProduct]:
    """Ani reports Jan and Feb 2027 (1,200 kg) and her Mar 2026 figure (900 kg); March is
    estimated; Yati reports 1,000 kg a month."""
    ani = SupplyProduct(
        product_id=1, umkm_id=10, name="kue salak", capacity_updated_on=TODAY,
        capacity_kg={JAN: 1200.0, JAN + 1: 1200.0, JAN - 10: 900.0}, committed_kg=committed,
    )  # fmt: skip
    yati = SupplyProduct(
        product_id=2, umkm_id=11, name="kue salak", capacity_updated_on=TODAY,
        capacity_kg={JAN + m: 1000.0 for m in range(3)},
    )  # fmt: skip
    return [ani, yati]


def _query(index: MatchIndex, start: int = JAN, months: int = 3) -> list[dict[str, object]]:
    demand = Demand("kue salak", None, 1000.0, start, months)
    return [dataclasses.asdict(m) for m in index.query(demand, today=TODAY)]


# Jan 500 and Mar 300 committed; Feb over-committed; and months far past the capacity axis
COMMITTED = {JAN: 500.0, JAN + 1: 1500.0, JAN + 2: 300.0, JAN + 30: 250.0, JAN + 40: 100.5}


def test_available_is_reported_or_estimated_minus_committed() -> None:
    index = MatchIndex().fit(_products(COMMITTED))
    ani = next(m for m in index.query(Demand("kue salak", None, 1000.0, JAN, 3), today=TODAY)
               if m.product_id == 1)  # fmt: skip
    # Jan 1,200 - 500; Feb 1,200 - 1,500: nothing left; Mar estimated (a year ago) 900 - 300
    assert [(m.capacity_kg, m.committed_kg, m.estimated) for m in ani.months] == [
        (700.0, 500.0, False),
        (0.0, 1500.0, False),
        (600.0, 300.0, True),
    ]
    assert ani.components.capacity_coverage == round((0.7 + 0 + 0.6) / 3, 3)
    flag = next(f for f in ani.flags if f.code == "COMMITTED_CAPACITY")
    # the capacity before the deals is shown even where they took it all
    assert [(r["month"], r["capacity_kg"], r["available_kg"]) for r in flag.details["months"]] == [  # type: ignore[index, union-attr]
        ("2027-01", 1200.0, 700.0),
        ("2027-02", 1200.0, 0.0),
        ("2027-03", 900.0, 600.0),
    ]
    assert "Feb 2027: kapasitas 1.200 kg, 1.500 kg sudah terikat kontrak (tersedia 0 kg)" in (
        flag.message_id
    )
    # far past the reported months the estimate (the mean of the last 3 reports, 1,100 kg)
    # is cut too
    far = next(m for m in index.query(Demand("kue salak", None, 1000.0, JAN + 40, 1),
                                      today=TODAY) if m.product_id == 1)  # fmt: skip
    assert (far.months[0].capacity_kg, far.months[0].committed_kg) == (999.5, 100.5)


def test_built_and_upserted_indexes_agree_and_freeing_restores_the_ranking() -> None:
    plain = MatchIndex().fit(_products({}))
    built = MatchIndex().fit(_products(COMMITTED))
    from_columns = MatchIndex().fit_columns(SupplyColumns.from_products(_products(COMMITTED)))
    upserted = MatchIndex().fit(_products({}))
    upserted.upsert(_products(COMMITTED)[0])
    windows = [(JAN, 3), (JAN + 1, 2), (JAN + 28, 14), (JAN - 2, 6)]
    for start, months in windows:
        expected = _query(built, start, months)
        assert _query(from_columns, start, months) == expected
        assert _query(upserted, start, months) == expected
    # over Jan and Feb Ani meets the quota with room to spare, until the deals
    assert [m["product_id"] for m in _query(plain, JAN, 2)] == [1, 2]
    assert [m["product_id"] for m in _query(built, JAN, 2)] == [2, 1]
    # the deals end: every figure is back
    upserted.upsert(_products({})[0])
    for start, months in windows:
        assert _query(upserted, start, months) == _query(plain, start, months)
    # a removed product's slot, reused, holds nothing of the old commitments
    upserted.upsert(_products(COMMITTED)[0])
    upserted.remove(1)
    upserted.upsert(dataclasses.replace(_products({})[0], product_id=3))

    def months_of(index: MatchIndex, product_id: int) -> object:
        return next(m["months"] for m in _query(index) if m["product_id"] == product_id)

    assert months_of(upserted, 3) == months_of(plain, 1)


def test_a_wider_month_axis_keeps_what_deals_hold() -> None:
    """A capacity report far past the month axis widens it and estimates every slot again;
    the deals' kilograms still come off Ani's months."""
    index = MatchIndex().fit(_products(COMMITTED))
    before = _query(index, JAN, 3)
    yati = _products({})[1]
    far = JAN + 60  # past the axis and its headroom
    index.upsert(dataclasses.replace(yati, capacity_kg={**yati.capacity_kg, far: 1000.0}))
    assert index.slots_.month0 + index.slots_.n_months > far
    ani = next(m for m in index.query(Demand("kue salak", None, 1000.0, JAN, 3), today=TODAY)
               if m.product_id == 1)  # fmt: skip
    assert [month.capacity_kg for month in ani.months] == [700.0, 0.0, 600.0]
    assert dataclasses.asdict(ani) == next(m for m in before if m["product_id"] == 1)


def test_counted_capacity_still_says_what_the_deals_hold() -> None:
    # capacity in counted units with no unit weight: no kg figure to offer or to subtract
    # from, yet the 1,500 kg a signed deal holds is named, in each language's number format
    counted = SupplyProduct(
        product_id=3, umkm_id=12, name="kue salak", capacity_updated_on=TODAY,
        capacity_kg={}, unit_convertible=False, committed_kg={JAN: 1500.0},
    )  # fmt: skip
    demand = Demand("kue salak", None, 1000.0, JAN, 3)
    [match] = MatchIndex().fit([counted]).query(demand, today=TODAY)
    flag = next(f for f in match.flags if f.code == "COMMITTED_CAPACITY")
    assert flag.details["months"] == [
        {"month": "2027-01", "capacity_kg": None, "committed_kg": 1500.0, "available_kg": None}
    ]
    assert flag.message_id == (
        "Kapasitas 1 bulan sebagian sudah terikat kontrak: Jan 2027: 1.500 kg sudah terikat "
        "kontrak."
    )
    assert flag.message_en == (
        "Part of the capacity for 1 month is already committed under contract: "
        "Jan 2027: 1,500 kg already committed under contract."
    )
