"""Forms: numbers as people type them, and pydantic's errors as messages next to each field,
in the page's language.

A page reads its form fields as strings, builds the API's own pydantic schema from them (so
the page and the API refuse the same input for the same reason), and on ``ValidationError``
shows ``field_errors(exc, lang)`` next to the fields. An ``AppError`` from a service that
names fields (``errors=[{"field": ...}]``) is shown the same way (``app_error_fields``).
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from pydantic import ValidationError

from app.errors import AppError
from app.web import i18n
from app.web.i18n import N_

__all__ = ["app_error_fields", "field_errors", "parse_number", "refused", "translate_message"]

# pydantic's error types as people read them; %(name)s takes the error's context.
MESSAGES: dict[str, str] = {
    "missing": N_("Fill this in."),
    "string_too_short": N_("Fill this in."),
    "string_too_long": N_("At most %(max_length)s characters."),
    "too_short": N_("Choose at least %(min_length)s."),
    "too_long": N_("At most %(max_length)s items."),
    "greater_than": N_("Must be more than %(gt)s."),
    "greater_than_equal": N_("Must be at least %(ge)s."),
    "less_than": N_("Must be less than %(lt)s."),
    "less_than_equal": N_("Must be at most %(le)s."),
    "int_parsing": N_("Write a whole number, e.g. 12."),
    "int_type": N_("Write a whole number, e.g. 12."),
    "int_from_float": N_("Write a whole number, e.g. 12."),
    "decimal_parsing": N_("Write a number, e.g. 1.500 or 2,5."),
    "decimal_type": N_("Write a number, e.g. 1.500 or 2,5."),
    "float_parsing": N_("Write a number, e.g. 1.500 or 2,5."),
    "decimal_max_places": N_("At most %(decimal_places)s decimals."),
    "decimal_max_digits": N_("The number is too large."),
    "enum": N_("Choose one of the options."),
    "literal_error": N_("Choose one of the options."),
    "string_pattern_mismatch": N_("This is not written the expected way."),
    "date_parsing": N_("Write a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Write a date as YYYY-MM-DD."),
    "value_error": N_("This value is not valid."),
}


# The API's own messages (app/schemas/types.py, app/months.py) as a person at a form reads
# them: (a pattern of the API's message, the page's message id).
API_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^must be a JSON number", N_("Write a number, e.g. 1.500 or 2,5.")),
        (r"^must be a month written YYYY-MM", N_("Choose a month, e.g. 2027-01.")),
        (r"^year must be between 2000 and 2099", N_("The year must be between 2000 and 2099.")),
        (r"^must be a date written YYYY-MM-DD", N_("Write a date as YYYY-MM-DD.")),
        (r"is not an ISO 3166-1 alpha-2 country code", N_("Choose a country from the list.")),
        (r"is not an ISO 4217 currency code", N_("Choose a currency from the list.")),
        (r"^HS code .* is not in the HS 2022", N_("This HS code is not in the HS 2022 list.")),
        (
            r"^must be in international form",
            N_("Write the number with + and the country code, e.g. +62 812 3456 7890."),
        ),
        (r"is not a (valid )?phone number", N_("This is not a valid phone number.")),
        (r"^lists a certification more than once", N_("A certificate is listed twice.")),
        (r"^must not contain control characters", N_("Remove the special characters.")),
        (r"^Input should be a certificate type", N_("Choose one of the options.")),
    )
)


def translate_message(message: str, lang: str) -> str:
    """An API message (a schema's or a service's, in English) in `lang`: its page message
    when API_MESSAGES knows it, a catalogue's translation when one has it, else as it is."""
    t = i18n.translations(lang)
    for pattern, page_message in API_MESSAGES:
        if pattern.search(message):
            return str(t.gettext(page_message))
    return str(t.gettext(message))


def _field_name(location: tuple[int | str, ...]) -> str:
    names = [str(part) for part in location if isinstance(part, str)]
    return names[0] if names else ""


def field_errors(exc: ValidationError, lang: str) -> dict[str, str]:
    """One message per field (the first error of each), translated to `lang`."""
    t = i18n.translations(lang)
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = _field_name(error["loc"])
        if field in errors:
            continue
        kind = error["type"]
        if kind == "value_error":
            # a validator's own message ("must be a month written YYYY-MM, e.g. 2027-01")
            text = str(error["msg"]).removeprefix("Value error, ")
            errors[field] = translate_message(text, lang)
            continue
        template = MESSAGES.get(kind)
        if template is None:
            errors[field] = str(error["msg"])
            continue
        context: dict[str, Any] = {
            key: i18n.format_number(value, lang)
            if isinstance(value, int | float | Decimal)
            else value
            for key, value in (error.get("ctx") or {}).items()
        }
        try:
            errors[field] = t.gettext(template) % context
        except (KeyError, TypeError, ValueError):
            errors[field] = t.gettext(template)
    return errors


def app_error_fields(exc: AppError, lang: str) -> dict[str, str]:
    """The per-field messages of a service's refusal (``Unprocessable`` and the like)."""
    return {
        str(error["field"]): translate_message(str(error["message"]), lang)
        for error in exc.errors
        if error.get("field")
    }


def parse_number(text: str | None, lang: str) -> Decimal | str | None:
    """A number as people write it in `lang`: "1.500" and "2,5" in id, "1,500" and "2.5" in
    en. Blank: None. Not a number: the text itself, so the schema refuses it with its own
    message (and the form shows what was typed)."""
    if text is None or not text.strip():
        return None
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    # strict: "1.5" in id is neither 1,5 nor 15 for sure, so it is refused, not guessed
    try:
        return parse_decimal(cleaned, locale=lang, strict=True)
    except (NumberFormatError, InvalidOperation):
        return text


def refused(
    exc: ValidationError | AppError, lang: str, *, statuses: tuple[int, ...] = (422,)
) -> dict[str, str]:
    """What a form page shows when a save is refused: the fields of a ValidationError, or of an
    AppError of one of ``statuses`` (with its message over the form, under "", when it names
    no field). Any other AppError is raised again, for the service's error pages."""
    if isinstance(exc, ValidationError):
        return field_errors(exc, lang)
    if exc.status not in statuses:
        raise exc
    return app_error_fields(exc, lang) or {"": translate_message(exc.detail, lang)}
