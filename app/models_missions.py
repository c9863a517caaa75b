"""Trade missions (misi dagang): participants, meeting requests, the schedule of meetings,
and what follows a mission: deals in rupiah and their deliveries month by month.

Imported by ``app.models`` so the tables are on ``Base.metadata``.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow
from app.months import add_months
from app.units import grams_to_kg


class _Stamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def _office_fk() -> Mapped[int]:
    # Always set by the services; nullable in the schema only because SQLite cannot add a
    # NOT NULL foreign key in place (see migration 5d2c8e41a7f3, as app.models._office_fk).
    return mapped_column(ForeignKey("office.id"), index=True, nullable=True)


class Mission(_Stamped, Base):
    """A trade mission: days at a venue, cut into meeting slots at numbered tables."""

    __tablename__ = "mission"
    __table_args__ = (
        CheckConstraint("status in ('planned', 'open', 'closed')", name="status_valid"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("slot_minutes between 5 and 240", name="slot_minutes_range"),
        CheckConstraint("tables between 1 and 500", name="tables_range"),
        CheckConstraint("max_meetings_per_participant >= 1", name="cap_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organising office (it alone plans the mission); the offices taking part are those
    # of its participants (app.offices).
    office_id: Mapped[int] = _office_fk()
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    # IANA zone of the venue: slot times are local wall-clock times there.
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=20)
    tables: Mapped[int] = mapped_column(Integer, default=10)
    day_start: Mapped[str] = mapped_column(String(5), default="09:00")  # "HH:MM" local
    day_end: Mapped[str] = mapped_column(String(5), default="16:00")
    # [{"start": "12:00", "end": "13:00"}], every day of the mission
    breaks: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    max_meetings_per_participant: Mapped[int] = mapped_column(Integer, default=8)
    provinces: Mapped[list[str]] = mapped_column(JSON, default=list)  # Kemendagri codes
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO alpha-2
    notes: Mapped[str | None] = mapped_column(Text)

    participants: Mapped[list["MissionParticipant"]] = relationship(
        back_populates="mission", order_by="MissionParticipant.id"
    )


class MissionParticipant(Base):
    """A buyer or an UMKM taking part, with the times it is available (empty: all day)."""

    __tablename__ = "mission_participant"
    __table_args__ = (
        UniqueConstraint("mission_id", "buyer_id"),
        UniqueConstraint("mission_id", "umkm_id"),
        CheckConstraint("(buyer_id is null) <> (umkm_id is null)", name="buyer_or_umkm"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"), index=True
    )
    buyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyer.id", ondelete="RESTRICT"), index=True
    )
    umkm_id: Mapped[int | None] = mapped_column(
        ForeignKey("umkm.id", ondelete="RESTRICT"), index=True
    )
    # [{"start": "2027-03-10T09:00", "end": "2027-03-10T12:00"}], local times, not overlapping
    availability: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    mission: Mapped[Mission] = relationship(back_populates="participants")

    @property
    def kind(self) -> str:
        return "buyer" if self.buyer_id is not None else "umkm"


class MeetingRequest(_Stamped, Base):
    """A buyer and an UMKM who should meet at a mission; only accepted ones are scheduled."""

    __tablename__ = "meeting_request"
    __table_args__ = (
        UniqueConstraint("mission_id", "buyer_id", "umkm_id"),
        CheckConstraint("status in ('pending', 'accepted', 'declined')", name="status_valid"),
        CheckConstraint("priority between 1 and 100", name="priority_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"), index=True
    )
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyer.id", ondelete="RESTRICT"))
    umkm_id: Mapped[int] = mapped_column(ForeignKey("umkm.id", ondelete="RESTRICT"), index=True)
    buyer_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyer_request.id", ondelete="SET NULL")
    )
    # 1..100; by default the match score of the pair (50 when there is none)
    priority: Mapped[int] = mapped_column(Integer, default=50)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # "manual" or "suggested" (from the matches)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    match_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))


class Meeting(Base):
    """One scheduled meeting. The unique constraints are the rule "no double booking": a buyer,
    an UMKM and a table each hold at most one meeting per slot start."""

    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("buyer_participant_id", "starts_at"),
        UniqueConstraint("umkm_participant_id", "starts_at"),
        UniqueConstraint("mission_id", "table_no", "starts_at"),
        CheckConstraint("table_no >= 1", name="table_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"), index=True
    )
    meeting_request_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_request.id", ondelete="CASCADE"), unique=True
    )
    buyer_participant_id: Mapped[int] = mapped_column(
        ForeignKey("mission_participant.id", ondelete="CASCADE")
    )
    umkm_participant_id: Mapped[int] = mapped_column(
        ForeignKey("mission_participant.id", ondelete="CASCADE")
    )
    table_no: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # None: not yet known; True: it took place; False: a no-show.
    held: Mapped[bool | None] = mapped_column(Boolean)

    request: Mapped[MeetingRequest] = relationship()


class Deal(_Stamped, Base):
    """What a buyer and an UMKM signed: a monthly quantity of one product over some months at
    a price in whole rupiah per `price_unit`. ``value_idr`` is computed on every write."""

    __tablename__ = "deal"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("quantity_g > 0", name="quantity_g_positive"),
        CheckConstraint("months between 1 and 60", name="months_range"),
        CheckConstraint("price_idr >= 0", name="price_not_negative"),
        CheckConstraint("value_idr >= 0", name="value_not_negative"),
        CheckConstraint(
            "stage in ('negotiating', 'agreed', 'delivering', 'completed', 'cancelled')",
            name="stage_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The office of the staff who recorded it; the offices of its buyer and UMKM see it too.
    office_id: Mapped[int] = _office_fk()
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyer.id", ondelete="RESTRICT"), index=True)
    umkm_id: Mapped[int] = mapped_column(ForeignKey("umkm.id", ondelete="RESTRICT"), index=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="RESTRICT"), index=True
    )
    mission_id: Mapped[int | None] = mapped_column(
        ForeignKey("mission.id", ondelete="SET NULL"), index=True
    )
    buyer_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyer_request.id", ondelete="SET NULL")
    )
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))  # per month, in `unit`
    unit: Mapped[str] = mapped_column(String(16))
    quantity_g: Mapped[int] = mapped_column(BigInteger)  # per month, whole grams
    start_month: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    price_idr: Mapped[int] = mapped_column(BigInteger)  # whole rupiah per `price_unit`
    price_unit: Mapped[str] = mapped_column(String(16))
    value_idr: Mapped[int] = mapped_column(BigInteger)  # whole rupiah, all months
    stage: Mapped[str] = mapped_column(String(16), default="negotiating", index=True)
    signed_on: Mapped[date | None] = mapped_column(Date)
    # Set when the deal commits more than the product's capacity in some month: accepted,
    # because officers record what was signed, but flagged.
    over_capacity: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    deliveries: Mapped[list["Delivery"]] = relationship(
        back_populates="deal", order_by="Delivery.id"
    )

    @property
    def quantity_kg(self) -> Decimal:
        return grams_to_kg(self.quantity_g)

    @property
    def end_month(self) -> date:
        return add_months(self.start_month, self.months - 1)


class Delivery(Base):
    """A quantity delivered against a deal in one of its months."""

    __tablename__ = "delivery"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("quantity_g > 0", name="quantity_g_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deal.id", ondelete="CASCADE"), index=True)
    month: Mapped[date] = mapped_column(Date)
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(16))
    quantity_g: Mapped[int] = mapped_column(BigInteger)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))

    deal: Mapped[Deal] = relationship(back_populates="deliveries")

    @property
    def quantity_kg(self) -> Decimal:
        return grams_to_kg(self.quantity_g)
