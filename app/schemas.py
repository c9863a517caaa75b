"""Request and response models (pydantic v2). Constrained types refuse bad input at the edge."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from app import reference
from app.units import UnitError, normalise_unit


class CertificationType(StrEnum):
    """Certificates buyers ask for. SKP: Sertifikat Kelayakan Pengolahan (fish processing);
    SVLK: timber legality (wood and rattan goods); GACC: China customs registration."""

    NIB = "NIB"
    PIRT = "PIRT"
    BPOM_MD = "BPOM_MD"
    HALAL = "HALAL"
    SNI = "SNI"
    HACCP = "HACCP"
    ISO_22000 = "ISO_22000"
    ORGANIC = "ORGANIC"
    GACC = "GACC"
    FDA = "FDA"
    SKP = "SKP"
    SVLK = "SVLK"


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


# ---------------------------------------------------------------- constrained field types


def parse_month(value: Any) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    if not isinstance(value, str) or len(value) != 7 or value[4] != "-":
        raise ValueError("must be a month written YYYY-MM, e.g. 2027-01")
    year, month = value[:4], value[5:]
    if not (year.isdigit() and month.isdigit()) or not 1 <= int(month) <= 12:
        raise ValueError("must be a month written YYYY-MM, e.g. 2027-01")
    if not 2000 <= int(year) <= 2099:
        raise ValueError("year must be between 2000 and 2099")
    return date(int(year), int(month), 1)


def month_label(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


Month = Annotated[
    date,
    BeforeValidator(parse_month),
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
    WithJsonSchema({"type": "string", "examples": ["+6281234567890"]}),
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

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
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


Quantity = Annotated[
    Decimal,
    JsonNumber,
    Field(gt=0, max_digits=14, decimal_places=3),
    JsonDecimal,
    _number_schema(positive=True, max_digits=14, decimal_places=3),
]
NonNegativeQuantity = Annotated[
    Decimal,
    JsonNumber,
    Field(ge=0, max_digits=14, decimal_places=3),
    JsonDecimal,
    _number_schema(positive=False, max_digits=14, decimal_places=3),
]
UnitWeight = Annotated[
    Decimal,
    JsonNumber,
    Field(gt=0, max_digits=10, decimal_places=3),
    JsonDecimal,
    _number_schema(positive=True, max_digits=10, decimal_places=3),
]
Price = Annotated[
    Decimal,
    JsonNumber,
    Field(gt=0, max_digits=14, decimal_places=2),
    JsonDecimal,
    _number_schema(positive=True, max_digits=14, decimal_places=2),
]
DecimalOut = Annotated[Decimal, JsonDecimal]


def _iso_day(value: Any) -> Any:
    if not isinstance(value, str | date):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
Id = Annotated[StrictInt, Field(gt=0, le=2_147_483_647)]


# ---------------------------------------------------------------- base classes


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReadSchema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UpdateSchema(Schema):
    """All fields optional; a field the table needs may be left out but not set to null."""

    not_nullable: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> "UpdateSchema":
        for name in self.not_nullable:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} may be left out but not set to null")
        return self


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


# ---------------------------------------------------------------- buyers


class BuyerCreate(Schema):
    name: Name
    country: CountryCode
    city: ShortText | None = None
    contact_name: ShortText | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    preferred_language: Language = "en"


class BuyerUpdate(UpdateSchema):
    not_nullable = ("name", "country", "preferred_language")

    name: Name | None = None
    country: CountryCode | None = None
    city: ShortText | None = None
    contact_name: ShortText | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    preferred_language: Language | None = None


class BuyerRead(ReadSchema):
    id: int
    name: str
    country: str
    city: str | None
    contact_name: str | None
    email: str | None
    phone: str | None
    preferred_language: str
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- buyer requests


def _unique_certifications(values: list[CertificationType]) -> list[CertificationType]:
    if len(set(values)) != len(values):
        raise ValueError("lists a certification more than once")
    return values


Certifications = Annotated[
    list[CertificationType], Field(max_length=12), AfterValidator(_unique_certifications)
]


class BuyerRequestCreate(Schema):
    buyer_id: Id
    product: Name
    hs_code: HsCode | None = None
    quantity: Quantity = Field(description="the quota per month, in `unit`")
    unit: Unit
    unit_weight_kg: UnitWeight | None = Field(
        default=None, description="weight of one unit in kg; needed when `unit` is counted"
    )
    start_month: Month
    months: StrictInt = Field(ge=1, le=60, description="consecutive months the quota is delivered")
    required_certifications: Certifications = []
    target_price: Price | None = Field(default=None, description="per `unit`, in `currency`")
    currency: CurrencyCode | None = None
    incoterm: Incoterm | None = None
    destination_country: CountryCode | None = Field(
        default=None, description="defaults to the buyer's country"
    )
    notes: LongText | None = None

    @model_validator(mode="after")
    def _price_has_currency(self) -> "BuyerRequestCreate":
        if self.target_price is not None and self.currency is None:
            raise ValueError("target_price needs a currency")
        return self


class BuyerRequestUpdate(UpdateSchema):
    not_nullable = (
        "product",
        "quantity",
        "unit",
        "start_month",
        "months",
        "required_certifications",
        "destination_country",
        "status",
    )

    product: Name | None = None
    hs_code: HsCode | None = None
    quantity: Quantity | None = None
    unit: Unit | None = None
    unit_weight_kg: UnitWeight | None = None
    start_month: Month | None = None
    months: StrictInt | None = Field(default=None, ge=1, le=60)
    required_certifications: Certifications | None = None
    target_price: Price | None = None
    currency: CurrencyCode | None = None
    incoterm: Incoterm | None = None
    destination_country: CountryCode | None = None
    notes: LongText | None = None
    status: RequestStatus | None = None


class BuyerRequestRead(ReadSchema):
    id: int
    buyer_id: int
    product: str
    hs_code: str | None
    quantity: DecimalOut
    unit: str
    unit_weight_kg: DecimalOut | None
    quota_kg: DecimalOut
    start_month: Month
    end_month: Month
    months: int
    required_certifications: list[str]
    target_price: DecimalOut | None
    currency: str | None
    incoterm: str | None
    destination_country: str
    status: str
    notes: str | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


# ---------------------------------------------------------------- UMKM


class UmkmCreate(Schema):
    name: Name
    nib: Nib | None = None
    owner_name: ShortText | None = None
    phone: Phone | None = None
    email: EmailStr | None = None
    regency_code: RegencyCode
    province_code: ProvinceCode | None = Field(
        default=None, description="optional; must agree with regency_code, which implies it"
    )
    address: LongText | None = None
    koperasi: ShortText | None = Field(default=None, description="cooperative it belongs to")
    has_exported: StrictBool = False

    @model_validator(mode="after")
    def _province_agrees(self) -> "UmkmCreate":
        implied = reference.regencies()[self.regency_code].province_code
        if self.province_code is not None and self.province_code != implied:
            raise ValueError(
                f"province_code {self.province_code} does not contain regency {self.regency_code}"
            )
        return self


class UmkmUpdate(UpdateSchema):
    not_nullable = ("name", "regency_code", "has_exported")

    name: Name | None = None
    nib: Nib | None = None
    owner_name: ShortText | None = None
    phone: Phone | None = None
    email: EmailStr | None = None
    regency_code: RegencyCode | None = None
    address: LongText | None = None
    koperasi: ShortText | None = None
    has_exported: StrictBool | None = None


class UmkmRead(ReadSchema):
    id: int
    name: str
    nib: str | None
    owner_name: str | None
    phone: str | None
    email: str | None
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    address: str | None
    koperasi: str | None
    has_exported: bool
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- products


class ProductCreate(Schema):
    name: Name
    description: LongText | None = None
    hs_code: HsCode | None = None
    unit: Unit = "kg"
    unit_weight_kg: UnitWeight | None = Field(
        default=None, description="net weight of one unit in kg, for pcs, pack, box, carton"
    )
    shelf_life_days: StrictInt | None = Field(default=None, ge=1, le=3650)


class ProductUpdate(UpdateSchema):
    not_nullable = ("name", "unit")

    name: Name | None = None
    description: LongText | None = None
    hs_code: HsCode | None = None
    unit: Unit | None = None
    unit_weight_kg: UnitWeight | None = None
    shelf_life_days: StrictInt | None = Field(default=None, ge=1, le=3650)


class ProductRead(ReadSchema):
    id: int
    umkm_id: int
    name: str
    description: str | None
    hs_code: str | None
    unit: str
    unit_weight_kg: DecimalOut | None
    shelf_life_days: int | None
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- capacity


class CapacitySet(Schema):
    quantity: NonNegativeQuantity = Field(description="what the product can supply that month")
    unit: Unit | None = Field(default=None, description="defaults to the product's unit")


class CapacityMonthSet(CapacitySet):
    month: Month


class CapacityBulkSet(Schema):
    items: Annotated[list[CapacityMonthSet], Field(min_length=1, max_length=120)]

    @model_validator(mode="after")
    def _months_unique(self) -> "CapacityBulkSet":
        months = [item.month for item in self.items]
        if len(set(months)) != len(months):
            raise ValueError("items name the same month more than once")
        return self


class CapacityRead(BaseModel):
    product_id: int
    month: Month
    quantity: DecimalOut
    unit: str
    quantity_kg: DecimalOut | None = Field(
        description="null when the unit is counted and the product's unit weight is unknown"
    )
    revision: int
    updated_at: datetime
    updated_by: str


class CapacityRevisionRead(BaseModel):
    product_id: int
    month: Month
    revision: int
    quantity: DecimalOut
    unit: str
    quantity_kg: DecimalOut | None
    recorded_at: datetime
    recorded_by: str
    audit_event_id: int | None = Field(description="the audit event of this change")
    current: bool


# ---------------------------------------------------------------- certificates


class CertificateCreate(Schema):
    type: CertificationType
    number: ShortText | None = None
    issuer: ShortText | None = None
    issued_on: Day | None = None
    expires_on: Day | None = None
    product_id: Id | None = Field(
        default=None, description="the product it covers; null covers the whole UMKM"
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> "CertificateCreate":
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValueError("expires_on is before issued_on")
        return self


class CertificateUpdate(UpdateSchema):
    not_nullable = ("type",)

    type: CertificationType | None = None
    number: ShortText | None = None
    issuer: ShortText | None = None
    issued_on: Day | None = None
    expires_on: Day | None = None


class CertificateRead(ReadSchema):
    id: int
    umkm_id: int
    product_id: int | None
    type: str
    number: str | None
    issuer: str | None
    issued_on: date | None
    expires_on: date | None
    expired: bool
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- UMKM, public view


class UmkmPublicRead(ReadSchema):
    """What any client may see of an UMKM: no contacts, no NIB."""

    id: int
    name: str
    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    koperasi: str | None
    has_exported: bool


# ---------------------------------------------------------------- accounts and keys


class AccountRole(StrEnum):
    STAFF = "staff"
    UMKM = "umkm"
    CLIENT = "client"


class AccountCreate(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    role: AccountRole
    umkm_id: Id | None = Field(default=None, description="required for, and only for, umkm")
    key_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
    ] = "default"


class AccountRead(ReadSchema):
    id: int
    name: str
    role: str
    umkm_id: int | None
    disabled_at: datetime | None
    created_at: datetime


class ApiKeyCreate(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class ApiKeyRead(ReadSchema):
    id: int
    account_id: int
    name: str
    public_id: str
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    token: str = Field(description="the bearer token; shown this once and never again")


class AccountCreated(BaseModel):
    account: AccountRead
    key: ApiKeyCreated


class AuditEventRead(ReadSchema):
    id: int
    at: datetime
    actor: str
    account_id: int | None
    api_key_id: int | None
    action: str
    resource: str
    resource_id: str
    changes: dict[str, Any]


# ---------------------------------------------------------------- matching


class MatchDemand(Schema):
    """A demand to try without storing it (the body of POST /matches)."""

    product: Name
    hs_code: HsCode | None = None
    quantity: Quantity = Field(description="the quota per month, in `unit`")
    unit: Unit
    unit_weight_kg: UnitWeight | None = None
    start_month: Month
    months: StrictInt = Field(ge=1, le=60)
    required_certifications: Certifications = []


class DemandRead(BaseModel):
    request_id: int | None
    product: str
    hs_code: str | None
    quota_kg: float
    start_month: str
    end_month: str
    months: int
    required_certifications: list[str]


class MatchComponentsRead(BaseModel):
    """Each 0..1. months_since_update: calendar months since capacity was last written."""

    product_fit: float
    capacity_coverage: float
    continuity: float
    certification_fit: float
    freshness: float
    months_since_update: int | None


class MonthSupplyRead(BaseModel):
    month: str
    capacity_kg: float | None
    estimated: bool
    estimate_rule: str | None
    shortfall_kg: float | None


class MatchFlagRead(BaseModel):
    """A gap: its code, the numbers behind it (further fields), and one line each in
    Indonesian and English."""

    model_config = ConfigDict(extra="allow")

    code: str
    message_id: str
    message_en: str


class MatchRead(BaseModel):
    rank: int
    umkm_id: int
    umkm_name: str
    province_code: str
    regency_code: str
    product_id: int
    product_name: str
    score: float = Field(description="0..100")
    components: MatchComponentsRead
    months: list[MonthSupplyRead]
    flags: list[MatchFlagRead]


class MatchList(BaseModel):
    request: DemandRead
    items: list[MatchRead]
    total: int


class OpportunityRead(BaseModel):
    """An open buyer request ranked for one UMKM, with what it would have to fix."""

    rank: int
    request_id: int
    request_product: str
    destination_country: str
    quota_kg: float
    start_month: str
    end_month: str
    months: int
    required_certifications: list[str]
    product_id: int
    product_name: str
    score: float
    qualifies: bool = Field(description="no capacity, continuity or certificate gap")
    components: MatchComponentsRead
    to_fix: list[MatchFlagRead] = Field(description="the gaps that stand between it and the deal")
    flags: list[MatchFlagRead]


class OpportunityList(BaseModel):
    umkm_id: int
    items: list[OpportunityRead]
    total: int


# ---------------------------------------------------------------- readiness and reports


class PlanItem(BaseModel):
    rank: int
    action: str = Field(description="obtain | renew | raise_capacity | update_capacity")
    subject: str
    requests_helped: list[int]
    requests_unlocked: list[int] = Field(description="requests this change alone would open")
    demand_helped_kg_per_month: float
    demand_unlocked_kg_per_month: float
    details: dict[str, Any] | None = None
    message_id: str
    message_en: str


class ReadinessRead(BaseModel):
    umkm_id: int
    as_of: date
    overall: float = Field(description="0..100, weighted mean of the dimensions")
    grade: str
    grade_meaning_id: str
    grade_meaning_en: str
    dimensions: dict[str, dict[str, Any]] = Field(
        description="kualitas, kuantitas, kontinuitas, legalitas, kesegaran_data, "
        "pengalaman_ekspor: each a 0..100 `score` with the figures behind it"
    )
    weights: dict[str, float]
    open_requests_considered: int
    development_plan: list[PlanItem]


class SupplyGapMonth(BaseModel):
    month: str
    demand_kg: float
    capacity_kg: float
    shortfall_kg: float
    requests: int
    umkm: int


class SupplyGapGroup(BaseModel):
    group: str
    label: str
    requests: int
    umkm: int
    demand_kg: float
    capacity_kg: float
    shortfall_kg: float
    months_short: int
    months: list[SupplyGapMonth]


class SupplyGapReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    group_by: str
    from_month: str = Field(alias="from")
    to_month: str = Field(alias="to")
    groups: list[SupplyGapGroup]


# ---------------------------------------------------------------- consortia


class ConsortiumAllocation(BaseModel):
    month: str
    allocation_kg: float = Field(description="asked of this member; never above its capacity")
    capacity_kg: float
    estimated: bool


class ConsortiumMemberRead(BaseModel):
    umkm_id: int
    umkm_name: str
    product_id: int
    product_name: str
    province_code: str
    score: float
    load: float = Field(description="largest share of its capacity it is asked for (0..1)")
    allocation: list[ConsortiumAllocation]
    missing_certifications: list[str]
    expiring_certifications: list[dict[str, Any]]


class ConsortiumMonth(BaseModel):
    month: str
    quota_kg: float
    total_kg: float
    shortfall_kg: float


class ConsortiumRead(BaseModel):
    rank: int
    meets_quota: bool
    optimal: bool = Field(description="false when the solver's time limit cut the search")
    members: list[ConsortiumMemberRead]
    months: list[ConsortiumMonth]
    shortfall_kg: float
    months_short: int


class ConsortiumList(BaseModel):
    request_id: int
    quota_kg: float
    months: list[str]
    candidates: int
    single_suppliers: list[int] = Field(description="products that meet the quota alone")
    note: str
    items: list[ConsortiumRead]
