"""Rupiah formatting in Indonesian and English."""

import pytest

from app.money import format_idr, format_idr_full


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (13_700_000_000, "Rp13,7 miliar", "IDR 13.7 billion"),
        (1_300_000_000, "Rp1,3 miliar", "IDR 1.3 billion"),
        (2_000_000_000, "Rp2 miliar", "IDR 2 billion"),
        (13_650_000_000, "Rp13,7 miliar", "IDR 13.7 billion"),
        (13_649_999_999, "Rp13,6 miliar", "IDR 13.6 billion"),
        (540_000_000, "Rp540 juta", "IDR 540 million"),
        (1_250_000_000_000, "Rp1,3 triliun", "IDR 1.3 trillion"),
        (999_999_999, "Rp1 miliar", "IDR 1 billion"),
        (949_000_000, "Rp949 juta", "IDR 949 million"),
        (1_000_000, "Rp1 juta", "IDR 1 million"),
        (999_999, "Rp999.999", "IDR 999,999"),
        (950_000, "Rp950.000", "IDR 950,000"),
        (0, "Rp0", "IDR 0"),
        (-1_500_000, "-Rp1,5 juta", "-IDR 1.5 million"),
    ],
)
def test_short_rupiah(amount: int, indonesian: str, english: str) -> None:
    assert format_idr(amount, "id") == indonesian
    assert format_idr(amount, "en") == english


def test_full_rupiah() -> None:
    assert format_idr_full(13_700_000_000, "id") == "Rp13.700.000.000"
    assert format_idr_full(13_700_000_000, "en") == "IDR 13,700,000,000"
