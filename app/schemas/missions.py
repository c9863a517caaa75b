"""Trade missions, their participants, meeting requests and schedule; deals and deliveries;
the mission report."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

from app.schemas.base import ReadSchema, Schema, UpdateSchema
from app.schemas.types import (
    CountryCode,
    Day,
    DecimalOut,
    Id,
    LongText,
    Month,
    Name,
    ProvinceCode,
    Quantity,
    ShortText,
    Unit,
)


class MissionStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class MeetingRequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class DealStage(StrEnum):
    NEGOTIATING = "negotiating"
    AGREED = "agreed"
    DELIVERING = "delivering"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# Indonesia's three zones (no daylight saving): WIB, WITA, WIT.
TIMEZONE_OFFSETS_HOURS = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}
TimeZoneName = Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$"),
    Field(description="local time HH:MM", examples=["09:00"]),
]


def _mission_year(value: date) -> date:
    if not 2000 <= value.year <= 2099:
        raise ValueError("year must be between 2000 and 2099")
    return value


MissionDay = Annotated[Day, AfterValidator(_mission_year)]
Priority = Annotated[StrictInt, Field(ge=1, le=100, description="1..100, higher first")]


class Break(Schema):
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _ordered(self) -> "Break":
        if self.end <= self.start:
            raise ValueError("a break must end after it starts")
        return self


class SlotSettings(Schema):
    """The fields that cut a mission's days into slots (checked together by the service)."""

    slot_minutes: StrictInt | None = Field(default=None, ge=5, le=240)
    tables: StrictInt | None = Field(default=None, ge=1, le=500)
    day_start: ClockTime | None = None
    day_end: ClockTime | None = None
    breaks: list[Break] | None = Field(default=None, max_length=10)
    max_meetings_per_participant: StrictInt | None = Field(default=None, ge=1, le=100)


class MissionCreate(Schema):
    name: Name
    starts_on: MissionDay
    ends_on: MissionDay
    venue: ShortText | None = None
    city: ShortText | None = None
    timezone: TimeZoneName = "Asia/Jakarta"
    status: MissionStatus = MissionStatus.PLANNED
    slot_minutes: StrictInt = Field(default=20, ge=5, le=240)
    tables: StrictInt = Field(default=10, ge=1, le=500)
    day_start: ClockTime = "09:00"
    day_end: ClockTime = "16:00"
    breaks: list[Break] = Field(default_factory=list, max_length=10)
    max_meetings_per_participant: StrictInt = Field(default=8, ge=1, le=100)
    provinces: list[ProvinceCode] = Field(default_factory=list, max_length=38)
    countries: list[CountryCode] = Field(default_factory=list, max_length=50)
    notes: LongText | None = None


class MissionUpdate(UpdateSchema):
    not_nullable = (
        "name",
        "starts_on",
        "ends_on",
        "timezone",
        "status",
        "slot_minutes",
        "tables",
        "day_start",
        "day_end",
        "breaks",
        "max_meetings_per_participant",
        "provinces",
        "countries",
    )

    name: Name | None = None
    starts_on: MissionDay | None = None
    ends_on: MissionDay | None = None
    venue: ShortText | None = None
    city: ShortText | None = None
    timezone: TimeZoneName | None = None
    status: MissionStatus | None = None
    slot_minutes: StrictInt | None = Field(default=None, ge=5, le=240)
    tables: StrictInt | None = Field(default=None, ge=1, le=500)
    day_start: ClockTime | None = None
    day_end: ClockTime | None = None
    breaks: list[Break] | None = Field(default=None, max_length=10)
    max_meetings_per_participant: StrictInt | None = Field(default=None, ge=1, le=100)
    provinces: list[ProvinceCode] | None = Field(default=None, max_length=38)
    countries: list[CountryCode] | None = Field(default=None, max_length=50)
    notes: LongText | None = None


class BreakRead(ReadSchema):
    start: str
    end: str


class MissionRead(ReadSchema):
    id: int
    office_id: int  # the organising office
    name: str
    starts_on: date
    ends_on: date
    venue: str | None
    city: str | None
    timezone: str
    status: str
    slot_minutes: int
    tables: int
    day_start: str
    day_end: str
    breaks: list[BreakRead]
    max_meetings_per_participant: int
    provinces: list[str]
    countries: list[str]
    notes: str | None
    slots: int = Field(description="meeting slots over all days, breaks left out")
    created_at: datetime
    updated_at: datetime


class Availability(Schema):
    """A stretch of local time (no zone: the mission's own) in which a participant can meet."""

    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ordered(self) -> "Availability":
        if not 2000 <= self.start.year <= 2099 or not 2000 <= self.end.year <= 2099:
            raise ValueError("year must be between 2000 and 2099")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("give local times without a zone, e.g. 2027-03-10T09:00")
        if self.end <= self.start:
            raise ValueError("must end after it starts")
        return self


class ParticipantCreate(Schema):
    buyer_id: Id | None = None
    umkm_id: Id | None = None
    availability: list[Availability] = Field(
        default_factory=list, max_length=50, description="empty: available in every slot"
    )

    @model_validator(mode="after")
    def _one_party(self) -> "ParticipantCreate":
        if (self.buyer_id is None) == (self.umkm_id is None):
            raise ValueError("give exactly one of buyer_id and umkm_id")
        return self


class AvailabilityRead(ReadSchema):
    start: str
    end: str


class ParticipantRead(ReadSchema):
    id: int
    mission_id: int
    kind: str
    buyer_id: int | None
    umkm_id: int | None
    name: str
    availability: list[AvailabilityRead]


class MeetingRequestCreate(Schema):
    buyer_id: Id
    umkm_id: Id
    buyer_request_id: Id | None = None
    priority: Priority | None = None


class MeetingRequestUpdate(UpdateSchema):
    not_nullable = ("status", "priority")

    status: MeetingRequestStatus | None = None
    priority: Priority | None = None


class MeetingRequestRead(ReadSchema):
    id: int
    mission_id: int
    buyer_id: int
    umkm_id: int
    buyer_request_id: int | None
    priority: int
    status: str
    source: str
    match_score: DecimalOut | None
    created_at: datetime
    updated_at: datetime


class ScheduleMode(StrEnum):
    ALL = "all"
    UNBOOKED = "unbooked"


class ScheduleRun(Schema):
    mode: ScheduleMode = ScheduleMode.ALL
    time_limit_seconds: float | None = Field(
        default=None,
        ge=1,
        le=600,
        description="the longest the solver may search (default and most: the service's "
        "SCHEDULE_TIME_LIMIT_SECONDS setting, 20 s unless set); the answer says whether the "
        "schedule is proven optimal or the best found within it",
    )


class MeetingRead(ReadSchema):
    id: int
    slot_start: datetime = Field(description="local time at the venue, with its offset")
    slot_end: datetime
    table: int
    buyer_id: int
    umkm_id: int
    meeting_request_id: int
    held: bool | None


class AgendaItem(ReadSchema):
    meeting_id: int
    slot_start: datetime
    slot_end: datetime
    table: int
    with_buyer_id: int | None
    with_umkm_id: int | None
    with_name: str
    meeting_request_id: int


class AgendaRead(ReadSchema):
    participant_id: int
    kind: str
    buyer_id: int | None
    umkm_id: int | None
    name: str
    meetings: list[AgendaItem]
    idle_slots: int


class ScheduleRead(ReadSchema):
    mission_id: int
    mission_name: str
    requested: int = Field(description="accepted meeting requests")
    scheduled: int
    unscheduled_request_ids: list[int]
    idle_slots: int
    solver: str | None = None
    optimal: bool | None = Field(
        default=None,
        description="every objective tier proven best (POST only); false: the best schedule "
        "found within the time limit",
    )
    solution: Literal["optimal", "best_within_limit"] | None = Field(
        default=None, description="POST only: proven optimal, or the best found within the limit"
    )
    most_meetings_proven: bool | None = Field(
        default=None,
        description="POST only: no schedule holds more (priority-weighted) meetings, even when "
        "fewer idle slots might still be found",
    )
    time_limit_seconds: float | None = Field(default=None, description="POST only")
    solution_note_id: str | None = None
    solution_note_en: str | None = None
    seconds: float | None = None
    meetings: list[MeetingRead]
    agendas: list[AgendaRead]


class MeetingUpdate(Schema):
    held: StrictBool | None


# ---------------------------------------------------------------- deals and deliveries

PriceIdr = Annotated[
    StrictInt,
    Field(ge=0, le=10**15, description="whole rupiah per `price_unit`, never negative"),
]


class DealCreate(Schema):
    buyer_id: Id
    umkm_id: Id
    product_id: Id
    mission_id: Id | None = None
    buyer_request_id: Id | None = None
    quantity: Quantity = Field(description="per month, in `unit`")
    unit: Unit
    start_month: Month
    months: StrictInt = Field(ge=1, le=60)
    price_idr: PriceIdr
    price_unit: Unit = Field(description="what `price_idr` is the price of: kg, ton, pcs ...")
    stage: DealStage = DealStage.NEGOTIATING
    signed_on: Day | None = None
    notes: LongText | None = None


class DealUpdate(UpdateSchema):
    not_nullable = ("quantity", "unit", "start_month", "months", "price_idr", "price_unit", "stage")

    quantity: Quantity | None = None
    unit: Unit | None = None
    start_month: Month | None = None
    months: StrictInt | None = Field(default=None, ge=1, le=60)
    price_idr: PriceIdr | None = None
    price_unit: Unit | None = None
    stage: DealStage | None = None
    signed_on: Day | None = None
    notes: LongText | None = None


class DealRead(ReadSchema):
    id: int
    office_id: int  # the office that recorded it
    buyer_id: int
    umkm_id: int
    product_id: int
    mission_id: int | None
    buyer_request_id: int | None
    quantity: DecimalOut
    unit: str
    quantity_kg: DecimalOut = Field(description="per month")
    start_month: Month
    end_month: Month
    months: int
    price_idr: int
    price_unit: str
    value_idr: int = Field(description="whole rupiah over all months")
    stage: str
    signed_on: date | None
    over_capacity: bool
    notes: str | None
    created_at: datetime
    updated_at: datetime


class DeliveryCreate(Schema):
    month: Month
    quantity: Quantity
    unit: Unit | None = Field(default=None, description="defaults to the deal's unit")
    delivered_on: Day | None = None
    notes: LongText | None = None


class DeliveryRead(ReadSchema):
    id: int
    deal_id: int
    month: Month
    quantity: DecimalOut
    unit: str
    quantity_kg: DecimalOut
    delivered_on: date | None
    notes: str | None
    created_at: datetime
    created_by: str


class DeliveryMonth(ReadSchema):
    month: Month
    promised_kg: DecimalOut
    delivered_kg: DecimalOut
    shortfall_kg: DecimalOut


class DeliveryList(ReadSchema):
    deal_id: int
    items: list[DeliveryRead]
    total: int
    months: list[DeliveryMonth]
    promised_kg: DecimalOut
    delivered_kg: DecimalOut


# ---------------------------------------------------------------- the report


class ValueGroup(ReadSchema):
    key: str
    label: str
    deals: int
    value_idr: int
    value_text: str


class RepeatOrders(ReadSchema):
    months: int
    deals: int
    pairs: int
    value_idr: int


class MissionReport(ReadSchema):
    mission_id: int
    mission_name: str
    status: str
    lang: str
    meetings_requested: int
    meetings_accepted: int
    meetings_scheduled: int
    meetings_held: int
    deals: int
    value_idr: int
    value_text: str
    value_agreed_idr: int
    value_delivered_idr: int
    by_commodity: list[ValueGroup]
    by_province: list[ValueGroup]
    by_buyer_country: list[ValueGroup]
    repeat_orders: list[RepeatOrders]
