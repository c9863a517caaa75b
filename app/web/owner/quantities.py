"""Quantities as an owner types them on a phone: "1.500", "2,5 ton", "1.500 kg", "12 kuintal".

The number is read with Babel's ``parse_decimal`` in the page's locale, strictly (so "1.500"
is one thousand five hundred in Indonesian and "2,5" two and a half; "1.5" in Indonesian is
neither for sure, and is refused rather than guessed). The unit, when one is typed, is read
by ``app.units.normalise_unit`` (the pint-based units the API accepts: kg, g, ton, kuintal
and their spellings, pcs, pack, box, carton); without one the figure is in the unit shown
next to the field. Errors come back as a message in the page's language, for the field.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

from app.units import GramOverflow, UnitError, normalise_unit, to_grams
from app.web import i18n
from app.web.i18n import N_

__all__ = ["QuantityError", "TypedQuantity", "parse_quantity"]

# a number (digits with the locale's group and decimal signs), then optionally a unit word
_TYPED = re.compile(r"^(?P<number>[0-9][0-9.,\s\u00a0\u202f]*?)\s*(?P<unit>[^\W\d_]+)?\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")

NOT_A_NUMBER = N_(
    'Write a number, e.g. 1.500 or 2,5 (and a unit if it is not %(unit)s: "2,5 ton").'
)
UNKNOWN_UNIT = N_(
    '"%(unit)s" is not a unit we know: write kg, ton, kuintal, g, pcs, pack, box or carton.'
)
COUNTED_NO_WEIGHT = N_(
    '"%(unit)s" cannot be turned into kilograms for this product: write the figure in kg or ton.'
)


class QuantityError(ValueError):
    """What is wrong with the typed text, already in the page's language."""


@dataclass(frozen=True, slots=True)
class TypedQuantity:
    quantity: Decimal
    unit: str  # canonical spelling (app.units.normalise_unit)
    kg: Decimal | None  # None: a counted unit with no known unit weight


def parse_quantity(
    text: str | None, lang: str, *, unit: str, unit_weight_kg: Decimal | None = None
) -> TypedQuantity | None:
    """The quantity `text` means, in `unit` unless it names one; None when it is blank.
    QuantityError (in `lang`) when it is not a number, names an unknown unit, or names a
    counted unit that cannot be weighed."""
    t = i18n.translations(lang)
    if text is None or not text.strip():
        return None
    found = _TYPED.match(text.strip())
    if found is None:
        raise QuantityError(t.gettext(NOT_A_NUMBER) % {"unit": unit})
    number = _SPACES.sub("", found.group("number"))
    try:
        quantity = parse_decimal(number, locale=lang, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise QuantityError(t.gettext(NOT_A_NUMBER) % {"unit": unit}) from None
    typed_unit = found.group("unit")
    if typed_unit:
        try:
            unit = normalise_unit(typed_unit)
        except UnitError:
            raise QuantityError(t.gettext(UNKNOWN_UNIT) % {"unit": typed_unit}) from None
    try:
        kg: Decimal | None = Decimal(to_grams(quantity, unit, unit_weight_kg)) / 1000
    except GramOverflow:
        kg = None  # the schema and the service refuse it, naming the largest amount
    except UnitError:
        if typed_unit:
            raise QuantityError(t.gettext(COUNTED_NO_WEIGHT) % {"unit": unit}) from None
        kg = None  # the product's own counted unit: stored as such, as the API does
    return TypedQuantity(quantity=quantity, unit=unit, kg=kg)
