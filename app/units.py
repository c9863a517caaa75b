"""Quantities: mass units convert to kg through pint; counted units through a unit weight.

Amounts are stored as whole grams (integers) so that quotas and capacities compare exactly on
every database.
"""

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from functools import cache

import pint


class CountedUnit(StrEnum):
    PCS = "pcs"
    PACK = "pack"
    BOX = "box"
    CARTON = "carton"


# The names users send, mapped to pint's: the units the README lists, and nothing else
# (imperial units such as "lb" are refused, with a message listing the accepted ones). "ton"
# in Indonesian trade is the metric tonne; pint's own "ton" is the US short ton, so it must
# never reach pint as is.
MASS_UNIT_ALIASES: dict[str, str] = {
    "kg": "kilogram",
    "kilogram": "kilogram",
    "g": "gram",
    "gram": "gram",
    "ton": "tonne",
    "tonne": "tonne",
    "t": "tonne",
    "kuintal": "kuintal",
    "kwintal": "kuintal",
    "quintal": "kuintal",
}
MASS_UNITS = ("kg", "g", "ton", "kuintal")
UNITS = (*MASS_UNITS, *(u.value for u in CountedUnit))
GRAMS_PER_KG = 1000
THOUSANDTH = Decimal("0.001")


# The largest amount in grams the BigInteger columns (quota_g, quantity_g) hold, and in kg.
MAX_GRAMS = 2**63 - 1
MAX_KG = Decimal(MAX_GRAMS) / GRAMS_PER_KG


class UnitError(ValueError):
    """The unit is unknown, or the quantity cannot be converted to kg."""


class GramOverflow(UnitError):
    """The quantity weighs more than an amount may (MAX_KG); the message names the largest
    amount of its unit that is accepted."""


@cache
def _registry() -> "pint.UnitRegistry[Decimal]":
    registry: pint.UnitRegistry[Decimal] = pint.UnitRegistry(non_int_type=Decimal)
    # 1 kuintal (kwintal) = 100 kg, the unit Indonesian farm-gate trade quotes in.
    registry.define("kuintal = 100 * kilogram")
    return registry


def normalise_unit(unit: str) -> str:
    """The canonical spelling of a unit, or UnitError naming what is accepted."""
    name = unit.strip().lower()
    if name in CountedUnit.__members__.values() or name in MASS_UNIT_ALIASES:
        return {
            "kilogram": "kg",
            "gram": "g",
            "tonne": "ton",
            "t": "ton",
            "kwintal": "kuintal",
            "quintal": "kuintal",
        }.get(name, name)
    raise UnitError(
        f"unknown unit '{unit}'; use a mass unit ({', '.join(MASS_UNITS)}, or one of the "
        f"spellings {', '.join(a for a in MASS_UNIT_ALIASES if a not in MASS_UNITS)}) "
        f"or a counted unit ({', '.join(u.value for u in CountedUnit)})"
    )


def is_counted(unit: str) -> bool:
    return unit in CountedUnit.__members__.values()


@cache
def kg_per_mass_unit(unit: str) -> Decimal:
    magnitude = _registry().Quantity(Decimal(1), MASS_UNIT_ALIASES[unit]).to("kilogram").magnitude
    return Decimal(magnitude)


def to_grams(quantity: Decimal, unit: str, unit_weight_kg: Decimal | None) -> int:
    """Whole grams for `quantity` `unit`; counted units need the weight of one unit in kg."""
    unit = normalise_unit(unit)
    if is_counted(unit):
        if unit_weight_kg is None:
            raise UnitError(
                f"'{unit}' is a counted unit and no unit weight is known, so the quantity "
                "cannot be converted to kg; set unit_weight_kg or send a mass unit"
            )
        kg = quantity * unit_weight_kg
    else:
        kg = quantity * kg_per_mass_unit(unit)
    grams = (kg * GRAMS_PER_KG).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    if grams > MAX_GRAMS:
        per_unit = kg / quantity
        largest = (MAX_KG / per_unit).quantize(THOUSANDTH, rounding=ROUND_DOWN)
        raise GramOverflow(
            f"{quantity} {unit} weighs more than the {MAX_KG} kg an amount may; "
            f"the largest accepted amount is {largest} {unit}"
        )
    return int(grams)


def largest_unit_weight(quantity: Decimal) -> Decimal:
    """The largest weight of one unit, in kg, at which `quantity` units still fit MAX_KG."""
    return (MAX_KG / quantity).quantize(THOUSANDTH, rounding=ROUND_DOWN)


def from_grams(grams: int, unit: str, unit_weight_kg: Decimal | None) -> Decimal:
    """`grams` expressed in `unit` (the other way round from to_grams)."""
    unit = normalise_unit(unit)
    kg = Decimal(grams) / GRAMS_PER_KG
    if is_counted(unit):
        if unit_weight_kg is None or unit_weight_kg == 0:
            raise UnitError(
                f"'{unit}' is a counted unit and no unit weight is known, so kg cannot be "
                "converted to it"
            )
        return (kg / unit_weight_kg).quantize(THOUSANDTH)
    return (kg / kg_per_mass_unit(unit)).quantize(THOUSANDTH)


def grams_to_kg(grams: int) -> Decimal:
    return Decimal(grams) / GRAMS_PER_KG
