from decimal import Decimal

import pytest

from app.units import UnitError, from_grams, normalise_unit, to_grams


@pytest.mark.parametrize(
    ("quantity", "unit", "weight", "grams"),
    [
        ("1", "ton", None, 1_000_000),  # metric tonne, never pint's US short ton
        ("2.5", "kuintal", None, 250_000),
        ("750", "g", None, 750),
        ("1.234", "kg", None, 1234),
        ("12", "pcs", "0.25", 3000),
        ("3", "carton", "12.5", 37_500),
    ],
)
def test_to_grams(quantity: str, unit: str, weight: str | None, grams: int) -> None:
    assert to_grams(Decimal(quantity), unit, Decimal(weight) if weight else None) == grams


def test_from_grams_goes_back() -> None:
    assert from_grams(1_500_000, "ton", None) == Decimal("1.5")
    assert from_grams(3000, "pcs", Decimal("0.25")) == Decimal("12")


def test_refusals_say_why() -> None:
    with pytest.raises(UnitError, match="unknown unit 'liter'"):
        normalise_unit("liter")
    with pytest.raises(UnitError, match="counted unit and no unit weight"):
        to_grams(Decimal(1), "box", None)
