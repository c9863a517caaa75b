"""The rule constants that mutmut cannot mutate, mutated one at a time by hand.

mutmut 3 mutates code inside functions only: module constants (``_BAND_WIDTH``,
``_DIFFERENT_KIND_CAP``, ``BLOCKING`` ...) and dataclass defaults (``ReadinessRules``) are never
touched. This script applies each one-line change below to the file that holds its text
(wherever it lives after a move), runs the test that guards it, expects that test to fail, and
restores the file. Run by hand, not in CI:

    .venv/bin/python tools/constant_mutations.py          # all (about 5 minutes)
    .venv/bin/python tools/constant_mutations.py 3 7      # only numbers 3 and 7

A line "SURVIVED" is a promise no test keeps; "NOT FOUND" means the code moved or changed
its text: update the mutation here, not the test.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READINESS = "tests/api/test_rules_readiness.py::"
GUARD = "tests/api/test_rules_guard.py::"
BANDS = "tests/matching/test_score_bands.py::"
MATCHING = "tests/api/test_matching.py::"

# (what changes, the text as it is, the text mutated, the test that must fail)
MUTATIONS: list[tuple[str, str, str, str]] = [
    (
        "readiness plan 62 days -> 620 (now: > 10*stale_after_days)",
        "days > stale_after_days",
        "days > 10 * stale_after_days",
        READINESS + "test_plan_asks_for_capacity_after_two_months",
    ),
    (
        "plan_stale_after_months 2 -> 3",
        "plan_stale_after_months: int = 2",
        "plan_stale_after_months: int = 3",
        READINESS + "test_plan_asks_for_capacity_after_two_months",
    ),
    (
        "expiry_warning_days 180 -> 0",
        "expiry_warning_days: int = 180",
        "expiry_warning_days: int = 0",
        READINESS + "test_certificates_expiring_within_180_days_count_half",
    ),
    (
        "expiry_warning_days 180 -> 181",
        "expiry_warning_days: int = 180",
        "expiry_warning_days: int = 181",
        READINESS + "test_certificates_expiring_within_180_days_count_half",
    ),
    (
        "expiry_warning_days 180 -> 179",
        "expiry_warning_days: int = 180",
        "expiry_warning_days: int = 179",
        READINESS + "test_certificates_expiring_within_180_days_count_half",
    ),
    (
        "koperasi_points 30 -> 0",
        "koperasi_points: float = 30.0",
        "koperasi_points: float = 0.0",
        READINESS + "test_export_experience_and_koperasi_points",
    ),
    (
        "fresh_months 1 -> 3",
        "fresh_months: int = 1",
        "fresh_months: int = 3",
        READINESS + "test_freshness_falls_from_1_to_12_months",
    ),
    (
        "fresh_months 1 -> 0",
        "fresh_months: int = 1",
        "fresh_months: int = 0",
        READINESS + "test_freshness_falls_from_1_to_12_months",
    ),
    (
        "stale_months 12 -> 13",
        "stale_months: int = 12",
        "stale_months: int = 13",
        READINESS + "test_freshness_falls_from_1_to_12_months",
    ),
    (
        "reference_monthly_kg 1000 -> 1100",
        "reference_monthly_kg: float = 1000.0",
        "reference_monthly_kg: float = 1100.0",
        READINESS + "test_quantity_against_1000_kg_a_month",
    ),
    (
        "nib_points 60 -> 50",
        "nib_points: float = 60.0",
        "nib_points: float = 50.0",
        READINESS + "test_legality_points",
    ),
    (
        "hs_points 25 -> 20",
        "hs_points: float = 25.0",
        "hs_points: float = 20.0",
        READINESS + "test_legality_points",
    ),
    (
        "address_points 15 -> 10",
        "address_points: float = 15.0",
        "address_points: float = 10.0",
        READINESS + "test_legality_points",
    ),
    (
        "weight kualitas 0.25 -> 0.3",
        '"kualitas": 0.25',
        '"kualitas": 0.3',
        READINESS + "test_grade_floors",
    ),
    (
        "weight kuantitas 0.20 -> 0.25",
        '"kuantitas": 0.20',
        '"kuantitas": 0.25',
        READINESS + "test_grade_floors",
    ),
    (
        "weight kontinuitas 0.20 -> 0.25",
        '"kontinuitas": 0.20',
        '"kontinuitas": 0.25',
        READINESS + "test_grade_floors",
    ),
    (
        "weight legalitas 0.15 -> 0.2",
        '"legalitas": 0.15',
        '"legalitas": 0.2',
        READINESS + "test_grade_floors",
    ),
    (
        "weight kesegaran 0.10 -> 0.15",
        '"kesegaran_data": 0.10',
        '"kesegaran_data": 0.15',
        READINESS + "test_grade_floors",
    ),
    (
        "weight pengalaman 0.10 -> 0.15",
        '"pengalaman_ekspor": 0.10',
        '"pengalaman_ekspor": 0.15',
        READINESS + "test_grade_floors",
    ),
    (
        "grade A floor 80 -> 80.5",
        "            80.0,",
        "            80.5,",
        READINESS + "test_grade_floors",
    ),
    (
        "grade A floor 80 -> 79.5",
        "            80.0,",
        "            79.5,",
        READINESS + "test_grade_floors",
    ),
    (
        "grade B floor 65 -> 65.5",
        "            65.0,",
        "            65.5,",
        READINESS + "test_grade_floors",
    ),
    (
        "grade B floor 65 -> 64.5",
        "            65.0,",
        "            64.5,",
        READINESS + "test_grade_floors",
    ),
    (
        "grade C floor 45 -> 45.5",
        "            45.0,",
        "            45.5,",
        READINESS + "test_grade_floors",
    ),
    (
        "grade C floor 45 -> 44.5",
        "            45.0,",
        "            44.5,",
        READINESS + "test_grade_floors",
    ),
    (
        "grade D floor 0 -> 5",
        '            0.0,\n            "D"',
        '            5.0,\n            "D"',
        READINESS + "test_grade_meanings_in_indonesian",
    ),
    (
        "grade letter B -> X",
        '            "B",',
        '            "X",',
        READINESS + "test_grade_floors",
    ),
    (
        "grade meaning D (id) changed",
        "Tahap awal: mulai",
        "Tahap awal mulai",
        READINESS + "test_grade_meanings_in_indonesian",
    ),
    (
        "supply gap HS code[:6] -> [:4]",
        "code = code[:6]",
        "code = code[:4]",
        GUARD + "test_supply_gap_groups_hs_codes_at_six_digits",
    ),
    (
        "supply gap HS code[:6] -> [:8]",
        "code = code[:6]",
        "code = code[:8]",
        GUARD + "test_supply_gap_groups_hs_codes_at_six_digits",
    ),
    (
        "consortium months_short 0.5 -> 50",
        "if short > MEETS_TOLERANCE_KG)",
        "if short > 50)",
        GUARD + "test_a_consortium_short_beyond_the_tolerance_counts_the_month",
    ),
    (
        "consortium months_short 0.5 -> 0",
        "if short > MEETS_TOLERANCE_KG)",
        "if short > 0)",
        GUARD + "test_a_consortium_short_by_0_4_kg_meets_the_quota",
    ),
    (
        "consortium single supplier 0.5 -> 0",
        ">= quota - MEETS_TOLERANCE_KG for x",
        ">= quota - 0 for x",
        GUARD + "test_a_consortium_short_by_0_4_kg_meets_the_quota",
    ),
    (
        "consortium single supplier 0.5 -> 50",
        ">= quota - MEETS_TOLERANCE_KG for x",
        ">= quota - 50 for x",
        GUARD + "test_a_consortium_short_beyond_the_tolerance_counts_the_month",
    ),
    (
        "MEETS_TOLERANCE_KG 0.5 -> 0",
        "MEETS_TOLERANCE_KG = 0.5",
        "MEETS_TOLERANCE_KG = 0.0",
        GUARD + "test_a_consortium_short_by_0_4_kg_meets_the_quota",
    ),
    (
        "BLOCKING without EXPIRING_CERTIFICATION",
        "        EXPIRING_CERTIFICATION,\n        UNIT_NOT_CONVERTIBLE,\n    }",
        "        UNIT_NOT_CONVERTIBLE,\n    }",
        GUARD + "test_an_expiring_certificate_blocks_an_opportunity",
    ),
    (
        "BLOCKING without UNIT_NOT_CONVERTIBLE",
        "        EXPIRING_CERTIFICATION,\n        UNIT_NOT_CONVERTIBLE,\n    }",
        "        EXPIRING_CERTIFICATION,\n    }",
        GUARD + "test_an_unconvertible_capacity_unit_blocks_an_opportunity",
    ),
    (
        "BLOCKING with ESTIMATED_MONTHS",
        "        UNIT_NOT_CONVERTIBLE,\n    }",
        "        UNIT_NOT_CONVERTIBLE,\n        'ESTIMATED_MONTHS',\n    }",
        GUARD + "test_data_quality_notes_do_not_block",
    ),
    (
        "related band width 29.9 -> 35",
        "_BAND_WIDTH = np.array([29.9, 29.9, 40.0])",
        "_BAND_WIDTH = np.array([29.9, 35, 40.0])",
        BANDS + "test_scores_stay_in_the_band_of_their_fit_tier",
    ),
    (
        "lowest band width 29.9 -> 35",
        "_BAND_WIDTH = np.array([29.9, 29.9, 40.0])",
        "_BAND_WIDTH = np.array([35, 29.9, 40.0])",
        BANDS + "test_scores_stay_in_the_band_of_their_fit_tier",
    ),
    (
        "_DIFFERENT_KIND_CAP 0.45 -> 0.6",
        "_DIFFERENT_KIND_CAP = 0.45",
        "_DIFFERENT_KIND_CAP = 0.6",
        BANDS + "test_a_product_of_another_kind_never_fits_above_0_45",
    ),
    (
        "_DIFFERENT_KIND_CAP 0.45 -> 0.6 (cap binds test)",
        "_DIFFERENT_KIND_CAP = 0.45",
        "_DIFFERENT_KIND_CAP = 0.6",
        BANDS + "test_the_different_kind_cap_binds_under_the_same_hs_code",
    ),
    (
        "_DIFFERENT_KIND_CAP 0.45 -> 0.4",
        "_DIFFERENT_KIND_CAP = 0.45",
        "_DIFFERENT_KIND_CAP = 0.4",
        BANDS + "test_the_different_kind_cap_binds_under_the_same_hs_code",
    ),
    (
        "HS 6-digit fit 0.85 -> 0.6",
        "_HS_LEVEL_FIT = (0.3, 0.6, 0.85, 1.0)",
        "_HS_LEVEL_FIT = (0.3, 0.6, 0.6, 1.0)",
        BANDS + "test_six_shared_hs_digits_make_a_related_product",
    ),
    (
        "HS 4-digit fit 0.6 -> 0.5",
        "_HS_LEVEL_FIT = (0.3, 0.6, 0.85, 1.0)",
        "_HS_LEVEL_FIT = (0.3, 0.5, 0.85, 1.0)",
        BANDS + "test_hs_code_levels_when_the_words_say_nothing",
    ),
    (
        "HS 2-digit fit 0.3 -> 0.2",
        "_HS_LEVEL_FIT = (0.3, 0.6, 0.85, 1.0)",
        "_HS_LEVEL_FIT = (0.2, 0.6, 0.85, 1.0)",
        BANDS + "test_hs_code_levels_when_the_words_say_nothing",
    ),
    (
        "ETag W/ stripping removed",
        '(tag := part.strip().removeprefix("W/"))',
        "(tag := part.strip())",
        GUARD + "test_a_weak_etag_in_if_match_is_accepted",
    ),
    (
        "min_score >= -> >",
        "keep = np.flatnonzero(scored.score >= min_score)",
        "keep = np.flatnonzero(scored.score > min_score)",
        MATCHING + "test_filters_and_tried_demand",
    ),
]


def _holder(text: str) -> Path | None:
    """The one source file under app/ or matching/ that holds ``text``, exactly once."""
    found = [
        path
        for folder in ("app", "matching")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.read_text(encoding="utf-8").count(text) == 1
    ]
    return found[0] if len(found) == 1 else None


def main(chosen: list[str]) -> int:
    # A port nothing listens on: the PostgreSQL cases skip, SQLite runs them.
    env = dict(os.environ, TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:9/none")
    failures = 0
    for number, (label, old, new, test) in enumerate(MUTATIONS):
        if chosen and str(number) not in chosen:
            continue
        path = _holder(old)
        if path is None:
            print(f"[{number}] NOT FOUND {label}")
            failures += 1
            continue
        source = path.read_text(encoding="utf-8")
        path.write_text(source.replace(old, new), encoding="utf-8")
        try:
            result = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", test],
                cwd=ROOT, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
        finally:
            path.write_text(source, encoding="utf-8")
        verdict = {0: "SURVIVED", 1: "killed"}.get(result.returncode, f"error {result.returncode}")
        failures += result.returncode != 1
        print(f"[{number}] {verdict:9} {label} ({path.relative_to(ROOT)}) <- {test}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
