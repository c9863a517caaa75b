"""SQLAlchemy 2 models. Every table and constraint also exists as an Alembic revision."""

from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    insert,
    inspect,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.sql.functions import FunctionElement

from app import clock, reference
from app.db import Base, UTCDateTime, utcnow
from app.months import add_months
from app.units import grams_to_kg


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Office(TimestampMixin, Base):
    """A dinas (trade office): owns the buyers, requests and UMKM its staff create."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # None only for the default office the migration made for rows older than offices.
    province_code: Mapped[str | None] = mapped_column(String(2))
    regency_code: Mapped[str | None] = mapped_column(String(5))


def _office_fk() -> Mapped[int]:
    # Always set by the services; nullable in the schema only because SQLite cannot add a
    # NOT NULL foreign key to a table others reference without copying it (see the migration).
    # No ON DELETE: SQLite does not report one added in place, and offices are never deleted.
    return mapped_column(ForeignKey("office.id"), index=True, nullable=True)


class Buyer(TimestampMixin, Base):
    __tablename__ = "buyer"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_fk()
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32))
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")

    requests: Mapped[list["BuyerRequest"]] = relationship(back_populates="buyer")


class BuyerRequest(TimestampMixin, Base):
    __tablename__ = "buyer_request"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("quota_g > 0", name="quota_positive"),
        CheckConstraint("months between 1 and 60", name="months_range"),
        CheckConstraint("status in ('open', 'matched', 'closed')", name="status_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_fk()
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyer.id", ondelete="RESTRICT"), index=True)
    product: Mapped[str] = mapped_column(String(200))
    hs_code: Mapped[str | None] = mapped_column(String(8), index=True)
    # The quota per month as the buyer gave it, and in whole grams for exact comparison.
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(16))
    unit_weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    quota_g: Mapped[int] = mapped_column(BigInteger)
    start_month: Mapped[date] = mapped_column(Date)  # first day of the month
    months: Mapped[int] = mapped_column(Integer)
    required_certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    incoterm: Mapped[str | None] = mapped_column(String(3))
    destination_country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Soft delete: hidden from every ORM query (app.offices), kept for the audit trail.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    buyer: Mapped[Buyer] = relationship(back_populates="requests")

    @property
    def quota_kg(self) -> Decimal:
        return grams_to_kg(self.quota_g)

    @property
    def end_month(self) -> date:
        """The last month of the continuity window."""
        return add_months(self.start_month, self.months - 1)


class Umkm(TimestampMixin, Base):
    __tablename__ = "umkm"
    __table_args__ = (
        Index("ix_umkm_office_register_code", "office_id", "register_code", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_fk()
    # The office's own number for the UMKM in its register (matches imports without an NIB).
    register_code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    nib: Mapped[str | None] = mapped_column(String(13), unique=True)
    owner_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(320))
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    regency_code: Mapped[str] = mapped_column(String(5), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    koperasi: Mapped[str | None] = mapped_column(String(200))
    has_exported: Mapped[bool] = mapped_column(Boolean, default=False)
    # Soft delete (a deleted UMKM has no products: they are merged away or never were).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("umkm.id"))

    products: Mapped[list["Product"]] = relationship(back_populates="umkm")
    certificates: Mapped[list["Certificate"]] = relationship(back_populates="umkm")

    @property
    def province_name(self) -> str:
        return reference.provinces()[self.province_code].name

    @property
    def regency_name(self) -> str:
        return reference.regencies()[self.regency_code].name


class Product(TimestampMixin, Base):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    umkm_id: Mapped[int] = mapped_column(ForeignKey("umkm.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    hs_code: Mapped[str | None] = mapped_column(String(8), index=True)
    unit: Mapped[str] = mapped_column(String(16), default="kg")
    unit_weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))
    shelf_life_days: Mapped[int | None] = mapped_column(Integer)
    # When a capacity figure of this product was last written (freshness of its data).
    capacity_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When anything the supply index holds for this product last changed: its name, HS
    # code, unit weight, capacity, certificates or its UMKM's region. Each such write also
    # appends to supply_change (SupplyChange), which match indexes catch up from.
    supply_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Soft delete: gone from every answer and from matching; its rows and audit stay.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    umkm: Mapped[Umkm] = relationship(back_populates="products")
    capacities: Mapped[list["Capacity"]] = relationship(back_populates="product")


class Capacity(Base):
    """What a product can supply in one month: the current figure (history in CapacityRevision)."""

    __tablename__ = "capacity"
    __table_args__ = (
        UniqueConstraint("product_id", "month"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(16))
    # None when the figure is in a counted unit and the product's unit weight is unknown.
    quantity_g: Mapped[int | None] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120))

    product: Mapped[Product] = relationship(back_populates="capacities")


class CapacityRevision(Base):
    """Every value a capacity month has had, oldest first; never updated or deleted."""

    __tablename__ = "capacity_revision"
    __table_args__ = (
        UniqueConstraint("product_id", "month", "revision"),
        Index("ix_capacity_revision_product_month", "product_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    unit: Mapped[str] = mapped_column(String(16))
    quantity_g: Mapped[int | None] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(120))
    audit_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("audit_event.id", ondelete="SET NULL")
    )
    # Lets a bulk write add revisions and their events in one flush (ids filled in by it).
    audit_event: Mapped["AuditEvent | None"] = relationship()


class Certificate(TimestampMixin, Base):
    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint(
            "expires_on is null or issued_on is null or expires_on >= issued_on",
            name="expiry_after_issue",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    umkm_id: Mapped[int] = mapped_column(ForeignKey("umkm.id", ondelete="CASCADE"), index=True)
    # None: the certificate covers the whole UMKM (NIB, halal for all products ...).
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(32))
    number: Mapped[str | None] = mapped_column(String(64))
    issuer: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)

    umkm: Mapped[Umkm] = relationship(back_populates="certificates")

    @property
    def expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < clock.today()


class Account(TimestampMixin, Base):
    """Who may call the API: a dinas officer (staff), an UMKM's owner (umkm) or an app (client)."""

    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("role in ('staff', 'umkm', 'client', 'admin')", name="role_valid"),
        CheckConstraint("role != 'staff' or office_id is not null", name="staff_has_office"),
        CheckConstraint("(role = 'umkm') = (umkm_id is not null)", name="umkm_role_has_umkm"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    umkm_id: Mapped[int | None] = mapped_column(
        ForeignKey("umkm.id", ondelete="RESTRICT"), index=True
    )
    # Staff: the office they work for; admins may have none (they see every office).
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Console sign-in (app/web): an optional e-mail (stored lower-case) as a second name to
    # sign in with, and an argon2id hash of the password (None: no console sign-in yet).
    # a unique index, not a constraint: SQLite adds an index in place (see the migration)
    email: Mapped[str | None] = mapped_column(String(320), unique=True, index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    keys: Mapped[list["ApiKey"]] = relationship(back_populates="account")


class ApiKey(Base):
    """A bearer token. Only a SHA-256 hash of its secret part is stored."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    # The token is "td_<public_id>_<secret>"; public_id finds the row, the secret proves it.
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship(back_populates="keys")


class WebSession(Base):
    """A signed-in browser (app/web). Only a SHA-256 hash of the cookie's token is stored.

    A session ends at `expires_at` (absolute), or once `last_seen_at` is older than the idle
    limit (settings ``web_session_idle_minutes``), or when it is deleted (sign-out, a new
    password)."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SignInLink(Base):
    """A one-use link that lets an account (an UMKM owner) set its password: only a SHA-256
    hash of the link's token is stored; valid until `expires_at` (7 days), spent at
    `used_at`, or withdrawn at `revoked_at`."""

    __tablename__ = "sign_in_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """One write: who, what (resource, id, before/after of changed fields) and when."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_resource", "resource", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id", ondelete="SET NULL"))
    # The office of the record written (of the actor when the record has none).
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete
    resource: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class current_transaction_id(FunctionElement[int]):
    """The writing transaction's id on PostgreSQL (``pg_current_xact_id()``), NULL elsewhere."""

    type = BigInteger()
    inherit_cache = True


@compiles(current_transaction_id)
def _no_transaction_id(element: current_transaction_id, compiler: Any, **kw: Any) -> str:
    return "NULL"


@compiles(current_transaction_id, "postgresql")
def _postgres_transaction_id(element: current_transaction_id, compiler: Any, **kw: Any) -> str:
    return "CAST(CAST(pg_current_xact_id() AS text) AS bigint)"


class SupplyChange(Base):
    """One write that changed what a match index holds for a product, appended in the write's
    own transaction: the change log match indexes catch up from (app.services.supply).

    ``transaction_id`` (PostgreSQL) tells a reader whether the row's transaction was committed
    at an earlier snapshot; on SQLite, where writers take turns, ``id`` order is commit order
    (AUTOINCREMENT: an id is never given out twice, even after the log is pruned)."""

    __tablename__ = "supply_change"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    # No foreign key: appending takes no lock on the product, and a deleted product's change
    # is simply skipped by the reader.
    product_id: Mapped[int] = mapped_column(Integer)
    transaction_id: Mapped[int | None] = mapped_column(
        BigInteger, default=current_transaction_id(), index=True
    )


@event.listens_for(Session, "after_flush")
def _log_supply_changes(session: Session, _context: Any) -> None:
    """Every product inserted, or whose ``supply_changed_at`` was set, gets a SupplyChange in
    the same transaction (bulk UPDATEs, which the session does not see, append their own:
    app.services.common.touch_supply)."""
    changed = [
        product.id
        for product in chain(session.new, session.dirty)
        if isinstance(product, Product)
        and (product in session.new or inspect(product).attrs.supply_changed_at.history.added)
    ]
    if changed:
        session.connection().execute(insert(SupplyChange), [{"product_id": i} for i in changed])


class ImportJob(Base):
    """One spreadsheet sent to POST /imports: what it held and what it did (or would do)."""

    __tablename__ = "import_job"
    __table_args__ = (
        CheckConstraint(
            "kind in ('umkm', 'products', 'capacity', 'certificates')", name="kind_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    dry_run: Mapped[bool] = mapped_column(Boolean)
    # done: written (or, for a dry run, checked); refused: invalid rows, nothing written.
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


# Trade missions, deals and deliveries live in their own module; importing it registers them.
from app.models_missions import Deal as Deal  # noqa: E402
from app.models_missions import Delivery as Delivery  # noqa: E402
from app.models_missions import Meeting as Meeting  # noqa: E402
from app.models_missions import MeetingRequest as MeetingRequest  # noqa: E402
from app.models_missions import Mission as Mission  # noqa: E402
from app.models_missions import MissionParticipant as MissionParticipant  # noqa: E402
