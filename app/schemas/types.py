"""Constrained field types: bad input is refused at the edge with a message naming the
reason, and the limits show in OpenAPI."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import phonenumbers
from annotated_types import GroupedMetadata
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from app import clock, reference
from app.months import month_label, parse_month
from app.units import UnitError, normalise_unit
from matching.certificates import CERTIFICATE_TYPES, certificate_code


def _certification_type(value: Any) -> str:
    """The code of a certificate type written as officers write it ("bpom md" -> BPOM_MD)."""
    code = certificate_code(value) if isinstance(value, str) else None
    if code is None:
        raise ValueError(
            f"Input should be a certificate type: one of {', '.join(CERTIFICATE_TYPES)} "
            "(any letter case; spaces or hyphens allowed, e.g. 'bpom md', 'Halal', 'P-IRT')"
        )
    return code


#: Certificates buyers ask for and UMKM hold: the codes of the reviewed
#: matching/data/certificate_types.csv (with its Indonesian and English names). Input may be
#: any alias of the file in any letter case ("bpom md", "Halal", "P-IRT"); it is stored and
#: answered as the code, and OpenAPI lists the codes.
CertificationType = Annotated[
    str,
    BeforeValidator(_certification_type),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(CERTIFICATE_TYPES),
            "title": "CertificationType",
            "description": "certificate code; aliases in any letter case are accepted too "
            '("bpom md", "Halal", "P-IRT")',
        }
    ),
]


class RequestStatus(StrEnum):
    OPEN = "open"
    MATCHED = "matched"
    CLOSED = "closed"


class Incoterm(StrEnum):
    """Incoterms 2020."""

    EXW = "EXW"
    FCA = "FCA"
    CPT = "CPT"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CIF = "CIF"


def _month(value: Any) -> date:
    # str.isdigit() and int() take any script's digits ("٢٠٢٧-٠٣"): only ASCII ones are a
    # month here, as the documented pattern says.
    if isinstance(value, str) and not value.isascii():
        raise ValueError("must be a month written YYYY-MM in ASCII digits, e.g. 2027-01")
    return parse_month(value)


Month = Annotated[
    date,
    BeforeValidator(_month),
    PlainSerializer(month_label, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^20\d{2}-(0[1-9]|1[0-2])$", "examples": ["2027-01"]}
    ),
]


def _hs_code(value: str) -> str:
    if not reference.hs_code_exists(value):
        raise ValueError(f"HS code {value} is not in the HS 2022 / BTKI 2022 reference data")
    return value


HsCode = Annotated[
    str,
    BeforeValidator(lambda v: v.replace(".", "").replace(" ", "") if isinstance(v, str) else v),
    StringConstraints(pattern=r"^\d{2}(\d{2}){0,3}$"),
    AfterValidator(_hs_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}(\d{2}){0,3}$",
            "description": "HS code of 2, 4, 6 or 8 digits (dots allowed on input)",
            "examples": ["19059030"],
        }
    ),
]


def _country(value: str) -> str:
    if value not in reference.countries():
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return value


CountryCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$", "examples": ["CH"]}),
]


def _currency(value: str) -> str:
    if value not in reference.currency_codes():
        raise ValueError(f"'{value}' is not an ISO 4217 currency code in use")
    return value


CurrencyCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    AfterValidator(_currency),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{3}$", "examples": ["IDR"]}),
]


def _regency(value: str) -> str:
    if value not in reference.regencies():
        raise ValueError(f"'{value}' is not a Kemendagri kabupaten/kota code")
    return value


RegencyCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
    StringConstraints(pattern=r"^\d{2}\.\d{2}$"),
    AfterValidator(_regency),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}\.\d{2}$",
            "examples": ["64.71"],
            "description": "Kemendagri kabupaten/kota code",
        }
    ),
]


def _province(value: str) -> str:
    if value not in reference.provinces():
        raise ValueError(f"'{value}' is not a Kemendagri province code")
    return value


ProvinceCode = Annotated[str, StringConstraints(pattern=r"^\d{2}$"), AfterValidator(_province)]


def _phone(value: str) -> str:
    if not value.startswith("+"):
        raise ValueError("must be in international form, starting with + and the country code")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"is not a phone number ({exc})") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid phone number for its country code")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=32),
    AfterValidator(_phone),
    WithJsonSchema({"type": "string", "maxLength": 32, "examples": ["+6281234567890"]}),
]


def _unit(value: str) -> str:
    try:
        return normalise_unit(value)
    except UnitError as exc:
        raise ValueError(str(exc)) from None


Unit = Annotated[
    str,
    StringConstraints(max_length=16),
    AfterValidator(_unit),
    WithJsonSchema(
        {
            "type": "string",
            "examples": ["kg"],
            "description": "kg, g, ton, kuintal, or a counted unit: pcs, pack, box, carton",
        }
    ),
]

# Control characters (C0, DEL, C1): PostgreSQL refuses NUL in text, and none belongs in a
# name or a search. Line breaks and tabs are allowed in multi-line text only.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> str:
    """ValueError when `value` holds a control character (NUL, ESC, a line break ...)."""
    if (found := _CONTROL.search(value)) is not None:
        raise ValueError(f"must not contain control characters (found U+{ord(found[0]):04X})")
    return value


def no_control_text(value: str | None) -> str | None:
    """no_control_characters for an optional value (a query filter)."""
    return None if value is None else no_control_characters(value)


def _no_control_but_lines(value: str) -> str:
    if (found := _CONTROL_BUT_LINES.search(value)) is not None:
        raise ValueError(f"must not contain control characters (found U+{ord(found[0]):04X})")
    return value


@dataclass(frozen=True, slots=True)
class TextLimits(GroupedMetadata):
    """Text for a column of ``max_length`` characters (the column's own length, so that the
    database never refuses it), stripped, at least ``min_length`` characters, and without
    control characters; ``multiline`` text may hold line breaks and tabs."""

    max_length: int
    min_length: int = 1
    multiline: bool = False

    def __iter__(self) -> Iterator[Any]:
        yield StringConstraints(
            strip_whitespace=not self.multiline,
            min_length=self.min_length,
            max_length=self.max_length,
        )
        yield AfterValidator(_no_control_but_lines if self.multiline else no_control_characters)


Name = Annotated[str, TextLimits(200)]
ShortText = Annotated[str, TextLimits(200)]
City = Annotated[str, TextLimits(120)]
AccountName = Annotated[str, TextLimits(120)]
CertificateNumber = Annotated[str, TextLimits(64)]
LongText = Annotated[str, TextLimits(5000, min_length=0, multiline=True)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Nib = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d{13}$"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{13}$", "description": "Nomor Induk Berusaha: 13 digits"}
    ),
]


def _number(value: Decimal) -> float:
    return float(value)


# Decimals travel as JSON numbers (pydantic's default would be strings).
JsonDecimal = PlainSerializer(_number, return_type=float, when_used="json")


def _json_number(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON number, not a string or boolean")
    return value


JsonNumber = BeforeValidator(_json_number)


def _number_schema(*, positive: bool, max_digits: int, decimal_places: int) -> WithJsonSchema:
    """The documented limits of a decimal sent as a JSON number."""
    largest = Decimal(10) ** (max_digits - decimal_places) - Decimal(10) ** -decimal_places
    lower = {"exclusiveMinimum": 0} if positive else {"minimum": 0}
    return WithJsonSchema(
        {
            "type": "number",
            **lower,
            "maximum": float(largest),
            "description": f"at most {decimal_places} decimal places",
        }
    )


@dataclass(frozen=True, slots=True)
class DecimalLimits(GroupedMetadata):
    """A decimal that travels as a JSON number: refused when sent as a string or boolean,
    at most ``max_digits`` digits of which ``decimal_places`` after the point, above 0
    (``positive``) or at least 0, with those limits documented in its JSON schema."""

    positive: bool
    max_digits: int
    decimal_places: int

    def __iter__(self) -> Iterator[Any]:
        yield JsonNumber
        yield Field(
            gt=0 if self.positive else None,
            ge=None if self.positive else 0,
            max_digits=self.max_digits,
            decimal_places=self.decimal_places,
        )
        yield JsonDecimal
        yield _number_schema(
            positive=self.positive,
            max_digits=self.max_digits,
            decimal_places=self.decimal_places,
        )


Quantity = Annotated[Decimal, DecimalLimits(positive=True, max_digits=14, decimal_places=3)]
NonNegativeQuantity = Annotated[
    Decimal, DecimalLimits(positive=False, max_digits=14, decimal_places=3)
]
UnitWeight = Annotated[Decimal, DecimalLimits(positive=True, max_digits=10, decimal_places=3)]
Price = Annotated[Decimal, DecimalLimits(positive=True, max_digits=14, decimal_places=2)]
DecimalOut = Annotated[Decimal, JsonDecimal]


def _iso_day(value: Any) -> Any:
    if not isinstance(value, str | date):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]

# Certificates: an issue date lies in the past (today at the latest) and after EARLIEST_ISSUE;
# an expiry date before LATEST_EXPIRY (a later one is a typing slip such as 9999).
EARLIEST_ISSUE = date(1900, 1, 1)
LATEST_EXPIRY = date(2100, 12, 31)


def _issued(value: date) -> date:
    if value > clock.today():
        raise ValueError(
            f"is in the future; a certificate is issued on {clock.today()} at the latest"
        )
    if value < EARLIEST_ISSUE:
        raise ValueError(f"is before {EARLIEST_ISSUE}")
    return value


def _expiry(value: date) -> date:
    if value > LATEST_EXPIRY:
        raise ValueError(f"is after {LATEST_EXPIRY}, the latest expiry date accepted")
    if value < EARLIEST_ISSUE:
        raise ValueError(f"is before {EARLIEST_ISSUE}")
    return value


IssueDay = Annotated[
    Day,
    AfterValidator(_issued),
    WithJsonSchema({"type": "string", "format": "date", "description": "today at the latest"}),
]
ExpiryDay = Annotated[
    Day,
    AfterValidator(_expiry),
    WithJsonSchema(
        {"type": "string", "format": "date", "description": f"{LATEST_EXPIRY} at the latest"}
    ),
]
Id = Annotated[StrictInt, Field(gt=0, le=2_147_483_647)]


def _unique_certifications(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("lists a certification more than once")
    return values


Certifications = Annotated[
    list[CertificationType],
    Field(max_length=len(CERTIFICATE_TYPES)),
    AfterValidator(_unique_certifications),
]
