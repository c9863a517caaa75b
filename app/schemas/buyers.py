"""Buyers and their requests."""

from datetime import datetime

from pydantic import EmailStr, Field, StrictInt, model_validator

from app.schemas.base import ReadSchema, Schema, UpdateSchema
from app.schemas.types import (
    Certifications,
    City,
    CountryCode,
    CurrencyCode,
    DecimalOut,
    HsCode,
    Id,
    Incoterm,
    Language,
    LongText,
    Month,
    Name,
    Phone,
    Price,
    Quantity,
    RequestStatus,
    ShortText,
    Unit,
    UnitWeight,
)


class BuyerCreate(Schema):
    name: Name
    country: CountryCode
    city: City | None = None
    contact_name: ShortText | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    preferred_language: Language = "en"


class BuyerUpdate(UpdateSchema):
    not_nullable = ("name", "country", "preferred_language")

    name: Name | None = None
    country: CountryCode | None = None
    city: City | None = None
    contact_name: ShortText | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    preferred_language: Language | None = None


class BuyerRead(ReadSchema):
    id: int
    office_id: int
    name: str
    country: str
    city: str | None
    contact_name: str | None
    email: str | None
    phone: str | None
    preferred_language: str
    created_at: datetime
    updated_at: datetime


class DemandFields(Schema):
    """What a buyer asks for, month by month: the fields a stored buyer request and a demand
    tried without storing it (POST /matches) share."""

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


class BuyerRequestCreate(DemandFields):
    buyer_id: Id
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
    office_id: int
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
