"""Each component and flag against numbers worked out by hand."""

import json
import math
from datetime import date

import numpy as np
import pytest

from matching import (
    estimate_matrix,
    estimate_row,
    format_kg,
    month_end,
    month_index,
    month_label,
    month_of,
    parse_month,
)

from .helpers import JAN_2025, TODAY, demand, index_of, product

NAN = math.nan


def only(matches):  # type: ignore[no-untyped-def]
    assert len(matches) == 1
    return matches[0]


def flag(match, code):  # type: ignore[no-untyped-def]
    found = [f for f in match.flags if f.code == code]
    assert len(found) == 1, [f.code for f in match.flags]
    return found[0]


def test_month_helpers() -> None:
    assert month_index(2025, 1) == 2025 * 12
    assert month_label(month_index(2024, 12)) == "2024-12"
    assert parse_month("2025-03") == month_index(2025, 3)
    with pytest.raises(ValueError):
        parse_month("2025-13")


@pytest.mark.parametrize(
    "label", ["2025", "2025-03-01", "20255-03", "925-03", "2025-ab", "abcd-03", "2025-", ""]
)
def test_parse_month_refuses_what_is_not_yyyy_mm(label: str) -> None:
    with pytest.raises(ValueError, match="expected YYYY-MM, got"):
        parse_month(label)


def test_a_demand_without_months_or_quota_is_refused_saying_which() -> None:
    with pytest.raises(ValueError, match="^months must be at least 1$"):
        demand("kue salak", months=0)
    with pytest.raises(ValueError, match=r"^monthly_quota_kg must be positive \(or None"):
        demand("kue salak", quota=0.0)


def test_month_bounds_labels_and_ends() -> None:
    assert parse_month(" 2025-12 ") == month_index(2025, 12) == 2025 * 12 + 11
    assert month_index(2025, 1) + 11 == month_index(2025, 12)
    for month in (0, 13):
        with pytest.raises(ValueError, match=f"month must be 1..12, got {month}"):
            month_index(2025, month)
    assert month_label(month_index(987, 3)) == "0987-03"
    assert month_of(date(2024, 2, 29)) == month_index(2024, 2)
    assert [month_end(month_index(y, m)) for y, m in ((2024, 2), (2025, 2), (2025, 12))] == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2025, 12, 31),
    ]


def test_kg_formatting() -> None:
    assert format_kg(1200, "id") == "1.200 kg"
    assert format_kg(1200, "en") == "1,200 kg"
    assert format_kg(1234567.5, "id") == "1.234.567,5 kg"


def test_coverage_continuity_and_gap_flag() -> None:
    # Window Jan..Apr 2025, quota 1000. Capacities 1200, 800, (none), 1000; Mar 2024 had 900,
    # so Mar 2025 is estimated from the year before: 900.
    # coverage = (1 + 0.8 + 0.9 + 1) / 4 = 0.925; continuity = 2/4 = 0.5
    capacities = {JAN_2025 - 10: 900.0, JAN_2025: 1200.0, JAN_2025 + 1: 800.0, JAN_2025 + 3: 1000.0}
    index = index_of(product(1, "Kue Salak", capacities=capacities))
    match = only(index.query(demand("kue salak"), today=TODAY))
    assert match.components.capacity_coverage == 0.925
    assert match.components.continuity == 0.5
    assert [(m.month, m.capacity_kg, m.estimated) for m in match.months] == [
        ("2025-01", 1200.0, False),
        ("2025-02", 800.0, False),
        ("2025-03", 900.0, True),
        ("2025-04", 1000.0, False),
    ]
    gap = flag(match, "CONTINUITY_GAP")
    # Feb: 1000 - 800 = 200 short; Mar: 1000 - 900 = 100 short
    assert gap.details["months"] == [
        {"month": "2025-02", "capacity_kg": 800.0, "shortfall_kg": 200.0},
        {"month": "2025-03", "capacity_kg": 900.0, "shortfall_kg": 100.0},
    ]
    assert gap.details["count"] == 2
    assert "Feb 2025 (kurang 200 kg)" in gap.message_id
    # average (1200 + 800 + 900 + 1000) / 4 = 975 >= ... below 1000 -> shortfall 25 kg (2.5%)
    shortfall = flag(match, "CAPACITY_SHORTFALL")
    assert shortfall.details == {
        "shortfall_kg_per_month": 25.0,
        "shortfall_pct": 2.5,
        "average_capacity_kg": 975.0,
        "quota_kg": 1000.0,
    }
    assert shortfall.message_id.startswith("Rata-rata kapasitas 975 kg/bulan, kurang 25 kg/bulan")
    assert "(2,5%)" in shortfall.message_id and "(2.5%)" in shortfall.message_en
    estimated = flag(match, "ESTIMATED_MONTHS")
    assert estimated.details["months"] == [
        {"month": "2025-03", "rule": "year_ago", "capacity_kg": 900.0}
    ]
    json.dumps([f.details for f in match.flags])  # plain values only


def test_shortfall_flags_keep_tenths_and_each_language_s_thousands() -> None:
    # average (800 + 825 + 812.5 + 812.5) / 4 = 812.5 kg, 187.5 kg (18.8 %) under 1,000 kg
    index = index_of(product(1, "Kue Salak", capacities=[800.0, 825.0, 812.5, 812.5]))
    match = only(index.query(demand("kue salak"), today=TODAY))
    assert [month.shortfall_kg for month in match.months] == [200.0, 175.0, 187.5, 187.5]
    shortfall = flag(match, "CAPACITY_SHORTFALL")
    assert shortfall.details == {
        "shortfall_kg_per_month": 187.5,
        "shortfall_pct": 18.8,
        "average_capacity_kg": 812.5,
        "quota_kg": 1000.0,
    }
    assert shortfall.message_id == (
        "Rata-rata kapasitas 812,5 kg/bulan, kurang 187,5 kg/bulan (18,8%) dari kuota "
        "1.000 kg/bulan."
    )
    gap = flag(match, "CONTINUITY_GAP")
    assert gap.message_id.startswith("Kapasitas di bawah kuota 1.000 kg pada 4 dari 4 bulan: ")
    assert gap.message_en.startswith("Capacity is below the 1,000 kg quota in 4 of 4 months: ")


def test_no_shortfall_flags_when_capacity_meets_quota() -> None:
    index = index_of(product(1, "Kue Salak", capacities=[1000, 1500, 2000, 1000]))
    match = only(index.query(demand("kue salak"), today=TODAY))
    assert match.components.capacity_coverage == 1.0
    assert match.components.continuity == 1.0
    assert {f.code for f in match.flags} == set()


def test_estimate_rules_recent_mean_and_no_data() -> None:
    # Reported Jan 600, Feb 900, Mar 1200, Apr missing, May 300. Apr: no year-ago figure ->
    # mean of Jan..Mar = 900. Jun (after the last report): mean of Feb, Mar, May = 800.
    row = [600.0, 900.0, 1200.0, NAN, 300.0, NAN]
    filled, rule, tail, tail_rule = estimate_row(row)
    assert filled == [600.0, 900.0, 1200.0, 900.0, 300.0, 800.0]
    assert rule == [0, 0, 0, 2, 0, 2]
    assert tail == 800.0 and tail_rule == 2
    # nothing reported before -> 0 kg, rule no_data
    assert estimate_row([NAN, 50.0]) == ([0.0, 50.0], [3, 0], 50.0, 2)


def test_vectorised_estimate_agrees_with_row_estimate() -> None:
    rng = np.random.default_rng(7)
    matrix = rng.uniform(0, 1000, size=(200, 30)).astype(np.float32)
    matrix[rng.random(matrix.shape) < 0.4] = np.nan
    filled, rule, tail, tail_rule = estimate_matrix(matrix)
    for r in range(len(matrix)):
        f, ru, t, tr = estimate_row(matrix[r].astype(float).tolist())
        np.testing.assert_allclose(filled[r], f, rtol=1e-5)
        assert rule[r].tolist() == ru
        assert tail[r] == pytest.approx(t, rel=1e-5) and tail_rule[r] == tr


def test_future_window_uses_year_ago_then_recent_mean() -> None:
    # Reported Jan..Jun 2025 = 100..600 kg; window Jan..Feb 2026 -> year-ago Jan 100, Feb 200.
    # Window Jul 2026: Jul 2025 not reported -> mean of Apr, May, Jun 2025 = 500.
    index = index_of(product(1, "Kue Salak", capacities=[100, 200, 300, 400, 500, 600]))
    match = only(index.query(demand("kue salak", start=JAN_2025 + 12, months=2), today=TODAY))
    assert [(m.capacity_kg, m.estimate_rule) for m in match.months] == [
        (100.0, "year_ago"),
        (200.0, "year_ago"),
    ]
    match = only(index.query(demand("kue salak", start=JAN_2025 + 18, months=1), today=TODAY))
    assert [(m.capacity_kg, m.estimate_rule) for m in match.months] == [(500.0, "recent_mean")]


def test_certification_missing_expiring_and_expired() -> None:
    # Window Jan..Apr 2026 ends 2026-04-30; today 2025-06-15.
    # HALAL valid to 2027 -> fit; BPOM_MD expires 2026-02-28 -> held but expiring;
    # PIRT expired 2025-05-01 -> missing; SNI never held -> missing. fit = 1/4 = 0.25
    p = product(
        1,
        "Kue Salak",
        certificates=[
            ("HALAL", date(2027, 1, 1)),
            ("BPOM_MD", date(2026, 2, 28)),
            ("PIRT", date(2025, 5, 1)),
        ],
    )
    index = index_of(p)
    wanted = demand("kue salak", start=JAN_2025 + 12, certs=["HALAL", "BPOM_MD", "PIRT", "SNI"])
    match = only(index.query(wanted, today=TODAY))
    assert match.components.certification_fit == 0.25
    missing = flag(match, "MISSING_CERTIFICATION")
    assert missing.details == {
        "types": ["PIRT", "SNI"],
        "expired": [{"type": "PIRT", "expires_on": "2025-05-01"}],
    }
    expiring = flag(match, "EXPIRING_CERTIFICATION")
    assert expiring.details == {
        "type": "BPOM_MD",
        "expires_on": "2026-02-28",
        "window_end_month": "2026-04",
    }
    assert "28 Feb 2026" in expiring.message_id and "Apr 2026" in expiring.message_id


def test_no_expiry_certificate_counts_and_no_requirement_is_full_fit() -> None:
    index = index_of(product(1, "Kue Salak", certificates=[("NIB", None)]))
    assert (
        only(
            index.query(demand("kue salak", certs=["NIB"]), today=TODAY)
        ).components.certification_fit
        == 1.0
    )
    assert only(index.query(demand("kue salak"), today=TODAY)).components.certification_fit == 1.0


def test_freshness_and_stale_flag() -> None:
    # today June 2025, stale after 2 months, decay to 0 at 12 months:
    # updated April (2 months) -> 1.0, no flag; January (5 months) -> (12-5)/(12-2) = 0.7;
    # never -> 0.
    index = index_of(
        product(1, "Kue Salak", updated=date(2025, 4, 30)),
        product(2, "Kue Salak", updated=date(2025, 1, 3)),
        product(3, "Kue Salak", updated=None),
    )
    by_id = {m.product_id: m for m in index.query(demand("kue salak"), today=TODAY)}
    assert by_id[1].components.freshness == 1.0
    assert by_id[1].components.months_since_update == 2
    assert not [f for f in by_id[1].flags if f.code == "STALE_CAPACITY"]
    assert by_id[2].components.freshness == 0.7
    stale = flag(by_id[2], "STALE_CAPACITY")
    assert stale.details == {
        "last_updated": "2025-01-03",
        "months_since_update": 5,
        "stale_after_months": 2,
    }
    assert "3 Jan 2025" in stale.message_id and "5 bulan" in stale.message_id
    assert by_id[3].components.freshness == 0.0
    never = flag(by_id[3], "STALE_CAPACITY")
    assert never.details["last_updated"] is None
    assert never.message_id == "Data kapasitas belum pernah diisi; mohon isi kapasitas bulanan."
    assert never.message_en == "Capacity has never been reported; please enter monthly capacity."


def test_unconvertible_units() -> None:
    index = index_of(
        product(1, "Kue Salak"), product(2, "Kue Salak", capacities=[], unit_convertible=False)
    )
    unknown_quota = index.query(demand("kue salak", quota=None), today=TODAY)
    for match in unknown_quota:
        assert match.components.capacity_coverage == 0.0 and match.components.continuity == 0.0
        unit = flag(match, "UNIT_NOT_CONVERTIBLE")
        assert unit.details == {"side": "demand"}
        assert unit.message_id == (
            "Satuan kuota pembeli tidak dapat dikonversi ke kg, sehingga cakupan kapasitas "
            "dan kontinuitas tidak dapat dihitung (dinilai 0)."
        )
    by_id = {m.product_id: m for m in index.query(demand("kue salak"), today=TODAY)}
    assert by_id[1].components.capacity_coverage == 1.0
    assert by_id[2].components.capacity_coverage == 0.0
    assert flag(by_id[2], "UNIT_NOT_CONVERTIBLE").details == {"side": "product"}
    assert by_id[2].months[0].capacity_kg is None
    assert not [f for f in by_id[2].flags if f.code == "ESTIMATED_MONTHS"]


def test_total_score_from_weights() -> None:
    # Same product (fit 1.0): coverage 1, continuity 1, no certs (1), fresh (1) -> weighted 1
    # -> score 60 + 40 * 1 = 100. Halve the capacity (500 of 1000 every month):
    # coverage 0.5, continuity 0 -> weighted = (0.35 + 0.25*0.5 + 0 + 0.15 + 0.05) / 1.0 = 0.675
    # -> score 60 + 40 * 0.675 = 87.0
    index = index_of(product(1, "Kue Salak"), product(2, "Kue Salak", capacities=[500.0] * 6))
    scores = {m.product_id: m.score for m in index.query(demand("kue salak"), today=TODAY)}
    assert scores == {1: 100.0, 2: 87.0}
