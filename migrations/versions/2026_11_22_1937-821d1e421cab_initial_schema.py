"""initial schema

Revision ID: 821d1e421cab
Revises:
Create Date: 2026-11-22 19:37:28.416269
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "821d1e421cab"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "buyer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("preferred_language", sa.String(length=8), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyer")),
    )
    with op.batch_alter_table("buyer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buyer_country"), ["country"], unique=False)

    op.create_table(
        "umkm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("nib", sa.String(length=13), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("regency_code", sa.String(length=5), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("koperasi", sa.String(length=200), nullable=True),
        sa.Column("has_exported", sa.Boolean(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_umkm")),
        sa.UniqueConstraint("nib", name=op.f("uq_umkm_nib")),
    )
    with op.batch_alter_table("umkm", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_umkm_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_umkm_regency_code"), ["regency_code"], unique=False)

    op.create_table(
        "buyer_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=200), nullable=False),
        sa.Column("hs_code", sa.String(length=8), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_weight_kg", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("quota_g", sa.BigInteger(), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("required_certifications", sa.JSON(), nullable=False),
        sa.Column("target_price", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("incoterm", sa.String(length=3), nullable=True),
        sa.Column("destination_country", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("closed_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status in ('open', 'matched', 'closed')", name=op.f("ck_buyer_request_status_valid")
        ),
        sa.CheckConstraint("months between 1 and 60", name=op.f("ck_buyer_request_months_range")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_buyer_request_quantity_positive")),
        sa.CheckConstraint("quota_g > 0", name=op.f("ck_buyer_request_quota_positive")),
        sa.ForeignKeyConstraint(
            ["buyer_id"],
            ["buyer.id"],
            name=op.f("fk_buyer_request_buyer_id_buyer"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyer_request")),
    )
    with op.batch_alter_table("buyer_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buyer_request_buyer_id"), ["buyer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_buyer_request_hs_code"), ["hs_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_buyer_request_status"), ["status"], unique=False)

    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("umkm_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("hs_code", sa.String(length=8), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_weight_kg", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("shelf_life_days", sa.Integer(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["umkm_id"], ["umkm.id"], name=op.f("fk_product_umkm_id_umkm"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
    )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_hs_code"), ["hs_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_umkm_id"), ["umkm_id"], unique=False)

    op.create_table(
        "capacity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("quantity_g", sa.BigInteger(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_capacity_quantity_not_negative")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_capacity_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity")),
        sa.UniqueConstraint("product_id", "month", name=op.f("uq_capacity_product_id_month")),
    )
    op.create_table(
        "capacity_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("quantity_g", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_capacity_revision_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_revision")),
        sa.UniqueConstraint(
            "product_id",
            "month",
            "revision",
            name=op.f("uq_capacity_revision_product_id_month_revision"),
        ),
    )
    with op.batch_alter_table("capacity_revision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_capacity_revision_product_month", ["product_id", "month"], unique=False
        )

    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("umkm_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("issuer", sa.String(length=200), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "expires_on is null or issued_on is null or expires_on >= issued_on",
            name=op.f("ck_certificate_expiry_after_issue"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_certificate_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["umkm_id"], ["umkm.id"], name=op.f("fk_certificate_umkm_id_umkm"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_umkm_id"), ["umkm_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_umkm_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_product_id"))

    op.drop_table("certificate")
    with op.batch_alter_table("capacity_revision", schema=None) as batch_op:
        batch_op.drop_index("ix_capacity_revision_product_month")

    op.drop_table("capacity_revision")
    op.drop_table("capacity")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_umkm_id"))
        batch_op.drop_index(batch_op.f("ix_product_hs_code"))

    op.drop_table("product")
    with op.batch_alter_table("buyer_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buyer_request_status"))
        batch_op.drop_index(batch_op.f("ix_buyer_request_hs_code"))
        batch_op.drop_index(batch_op.f("ix_buyer_request_buyer_id"))

    op.drop_table("buyer_request")
    with op.batch_alter_table("umkm", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_umkm_regency_code"))
        batch_op.drop_index(batch_op.f("ix_umkm_province_code"))

    op.drop_table("umkm")
    with op.batch_alter_table("buyer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buyer_country"))

    op.drop_table("buyer")
