"""Form strings into what the API's schemas take (so the page refuses what the API refuses,
for the same reason), and the services' English refusals the mission pages show."""

from collections.abc import Mapping
from decimal import Decimal

from app.web import forms
from app.web.i18n import N_

__all__ = ["SERVICE_MESSAGES", "present", "whole"]

# What app.services.missions / deals / schedule say in a refusal a form can cause; listed so
# the catalogue translates them next to the field (app.web.forms.translate_message).
SERVICE_MESSAGES = (
    N_("is before starts_on"),
    N_("must be after day_start"),
    N_("two breaks overlap"),
    N_("a break lies outside day_start..day_end"),
    N_("no slot fits in the day between its breaks"),
    N_("a break must end after it starts"),
    N_("year must be between 2000 and 2099"),
    N_("is a request of another buyer"),
    N_("give exactly one of buyer_id and umkm_id"),
    N_("must be a month written YYYY-MM, e.g. 2027-01"),
    N_("must be a JSON number, not a string or boolean"),
)


def whole(text: str | None, lang: str) -> int | Decimal | str | None:
    """A whole number as people type it ("1.500" in id): an int when it is one, else what
    the schema will refuse with its own message ("Write a whole number")."""
    value = forms.parse_number(text, lang)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def present(values: Mapping[str, object]) -> dict[str, object]:
    """The fields that were filled in (a blank field is left to the schema's default, or to
    its "Fill this in")."""
    return {
        name: value
        for name, value in values.items()
        if value is not None and not (isinstance(value, str) and not value.strip())
    }
