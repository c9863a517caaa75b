"""Quota arithmetic in whole grams (issue 12 item 3, issue 13): a capacity equal to the quota
is never short, no flag says "short 0 kg", figures above 2^24 kg keep every kilogram, and each
match says how many of the window's months meet the quota."""

import pytest

from matching import CAPACITY_SHORTFALL, CONTINUITY_GAP, Match, MatchIndex

from .helpers import TODAY, demand, index_of, product


def _codes(match: Match) -> set[str]:
    return {flag.code for flag in match.flags}


@pytest.mark.parametrize("kg", [1000.04, 0.001, 12_345.678, 16_777_217.0, 987_654_321.123])
def test_capacity_equal_to_the_quota_is_never_short(kg: float) -> None:
    index = index_of(product(1, "Kue Salak", capacities=[kg] * 6))
    (match,) = index.query(demand("kue salak", quota=kg, months=4), today=TODAY)
    assert not _codes(match) & {CAPACITY_SHORTFALL, CONTINUITY_GAP}
    assert match.components.months_meeting_quota == 4
    assert match.components.continuity == 1.0 and match.components.capacity_coverage == 1.0
    assert [month.shortfall_kg for month in match.months] == [0.0] * 4
    assert (match.quota_note_id, match.quota_note_en) == (
        "memenuhi kuota 4 dari 4 bulan",
        "meets the quota in 4 of 4 months",
    )


def test_equal_capacity_is_not_short_after_an_upsert_nor_when_estimated() -> None:
    index = index_of(product(2, "Kue Salak", capacities=[5.0]))
    # reported for January only: February..April are estimated from it (recent mean)
    index.upsert(product(1, "Kue Salak", capacities=[1000.04]))
    matches = index.query(demand("kue salak", quota=1000.04, months=4), today=TODAY)
    match = next(m for m in matches if m.product_id == 1)
    assert [month.estimated for month in match.months] == [False, True, True, True]
    assert not _codes(match) & {CAPACITY_SHORTFALL, CONTINUITY_GAP}
    assert match.components.months_meeting_quota == 4


def test_one_kilogram_above_two_to_the_24_is_kept() -> None:
    # float32 holds 16,777,217 kg as 16,777,216 kg: one kilogram short of its own figure
    index = index_of(
        product(1, "Kue Salak", capacities=[16_777_217.0] * 4),
        product(2, "Kue Salak Bu Sri", capacities=[16_777_216.0] * 4),
    )
    matches = {
        m.product_id: m
        for m in index.query(demand("kue salak", quota=16_777_217.0, months=4), today=TODAY)
    }
    assert matches[1].components.months_meeting_quota == 4
    assert not _codes(matches[1]) & {CAPACITY_SHORTFALL, CONTINUITY_GAP}
    assert matches[2].components.months_meeting_quota == 0
    gap = next(flag for flag in matches[2].flags if flag.code == CONTINUITY_GAP)
    assert "(kurang 1 kg)" in gap.message_id and "(short 1 kg)" in gap.message_en


def test_forty_grams_short_is_said_in_grams_never_as_zero_kg() -> None:
    index = index_of(product(1, "Kue Salak", capacities=[1000.0, 1000.04, 1000.0, 1000.04]))
    (match,) = index.query(demand("kue salak", quota=1000.04, months=4), today=TODAY)
    assert match.components.months_meeting_quota == 2
    assert (match.quota_note_id, match.quota_note_en) == (
        "memenuhi kuota 2 dari 4 bulan",
        "meets the quota in 2 of 4 months",
    )
    assert [month.shortfall_kg for month in match.months] == [0.04, 0.0, 0.04, 0.0]
    flags = {flag.code: flag for flag in match.flags}
    gap = flags[CONTINUITY_GAP]
    assert "kurang 0,04 kg" in gap.message_id and "short 0.04 kg" in gap.message_en
    assert "0 kg)" not in gap.message_id + gap.message_en
    assert [row["shortfall_kg"] for row in gap.details["months"]] == [0.04, 0.04]  # type: ignore[index]
    shortfall = flags[CAPACITY_SHORTFALL]
    assert shortfall.details["shortfall_kg_per_month"] == 0.02
    assert "0,02 kg" in shortfall.message_id and "0.02 kg" in shortfall.message_en


def test_no_kg_figure_gives_no_month_count() -> None:
    index = index_of(product(1, "Kue Salak", capacities=[500.0] * 6))
    (match,) = index.query(demand("kue salak", quota=None), today=TODAY)
    assert match.components.months_meeting_quota is None
    assert (match.quota_note_id, match.quota_note_en) == (
        "kuota tidak dapat dibandingkan: tidak ada angka kg",
        "the quota cannot be compared: no kg figure",
    )


def test_months_meeting_quota_counts_the_window() -> None:
    capacities = [1200.0, 800.0, 1000.0, 999.999, 1000.001, 0.0, 3000.0, 1000.0, 10.0, 1000.0]
    index = MatchIndex().fit([product(1, "Kue Salak", capacities=capacities)])
    (match,) = index.query(demand("kue salak", quota=1000.0, months=10), today=TODAY)
    assert match.components.months_meeting_quota == 6
    assert match.components.continuity == 0.6
    assert match.quota_note_id == "memenuhi kuota 6 dari 10 bulan"
