"""Quantities as owners type them: Indonesian numbers, units through app.units (pint)."""

from decimal import Decimal

import pytest

from app.web.owner.quantities import QuantityError, parse_quantity


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "kg"),
    [
        ("1.500", "1500", "kg", "1500"),
        ("2,5 ton", "2.5", "ton", "2500"),
        ("1,5", "1.5", "kg", "1.5"),
        ("1.500 kg", "1500", "kg", "1500"),
        ("1.500kg", "1500", "kg", "1500"),
        (" 12 kuintal ", "12", "kuintal", "1200"),
        ("2,5 Ton", "2.5", "ton", "2500"),
        ("750 g", "750", "g", "0.75"),
        ("1.234.567,5", "1234567.5", "kg", "1234567.5"),
        ("0", "0", "kg", "0"),
    ],
)
def test_indonesian_numbers_and_units(text: str, quantity: str, unit: str, kg: str) -> None:
    typed = parse_quantity(text, "id", unit="kg")
    assert typed is not None
    assert typed.quantity == Decimal(quantity)
    assert typed.unit == unit
    assert typed.kg == Decimal(kg)


def test_a_figure_without_unit_is_in_the_unit_shown() -> None:
    typed = parse_quantity("2,5", "id", unit="ton")
    assert typed is not None and (typed.quantity, typed.unit, typed.kg) == (
        Decimal("2.5"),
        "ton",
        Decimal(2500),
    )


def test_english_pages_read_english_numbers() -> None:
    typed = parse_quantity("1,500", "en", unit="kg")
    assert typed is not None and typed.quantity == Decimal(1500)
    typed = parse_quantity("2.5 ton", "en", unit="kg")
    assert typed is not None and typed.kg == Decimal(2500)


def test_blank_means_leave_as_it_is() -> None:
    assert parse_quantity("", "id", unit="kg") is None
    assert parse_quantity("   ", "id", unit="kg") is None
    assert parse_quantity(None, "id", unit="kg") is None


@pytest.mark.parametrize("text", ["banyak", "-5", "1.5", "1,5,5", "kg", "2,5 ton lagi"])
def test_not_a_number_is_refused_in_indonesian(text: str) -> None:
    with pytest.raises(QuantityError) as refused:
        parse_quantity(text, "id", unit="kg")
    assert str(refused.value) == (
        'Tulis angka, misalnya 1.500 atau 2,5 (dan satuannya jika bukan kg: "2,5 ton").'
    )


def test_an_unknown_unit_is_named() -> None:
    with pytest.raises(QuantityError) as refused:
        parse_quantity("5 lb", "id", unit="kg")
    assert str(refused.value).startswith('"lb" bukan satuan yang kami kenal')
    with pytest.raises(QuantityError) as english:
        parse_quantity("5 lb", "en", unit="kg")
    assert str(english.value).startswith('"lb" is not a unit we know')


def test_a_counted_unit_needs_a_unit_weight() -> None:
    with pytest.raises(QuantityError) as refused:
        parse_quantity("10 pcs", "id", unit="kg")
    assert "tidak bisa diubah ke kilogram" in str(refused.value)
    typed = parse_quantity("10 pcs", "id", unit="kg", unit_weight_kg=Decimal("0.5"))
    assert typed is not None and typed.kg == Decimal(5)
    # the product's own counted unit without a weight is kept as the API keeps it
    own = parse_quantity("10", "id", unit="pcs")
    assert own is not None and (own.quantity, own.unit, own.kg) == (Decimal(10), "pcs", None)


def test_a_refused_save_shows_field_errors_or_the_message_and_other_errors_go_on() -> None:
    """`forms.refused`: what a form page shows when a service refuses a save."""
    import pydantic

    from app.errors import Conflict, NotFound, Unprocessable
    from app.web import forms

    class Shape(pydantic.BaseModel):
        months: int

    try:
        Shape.model_validate({"months": "banyak"})
    except pydantic.ValidationError as exc:
        assert list(forms.refused(exc, "id")) == ["months"]
    named = forms.refused(Unprocessable("quantity", "must be more than 0"), "en")
    assert named == {"quantity": "must be more than 0"}
    conflict = Conflict("the buyer was changed by someone else")
    assert forms.refused(conflict, "en", statuses=(409, 422)) == {
        "": "the buyer was changed by someone else"
    }
    with pytest.raises(Conflict):  # not a form's business: the error pages answer it
        forms.refused(conflict, "en")
    with pytest.raises(NotFound):
        forms.refused(NotFound("deal", 7), "en", statuses=(409, 422))
