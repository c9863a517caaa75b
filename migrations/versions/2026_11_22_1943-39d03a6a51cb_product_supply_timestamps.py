"""product supply timestamps

Revision ID: 39d03a6a51cb
Revises: 821d1e421cab
Create Date: 2026-11-22 19:43:10.680866
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "39d03a6a51cb"
down_revision: str | None = "821d1e421cab"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("capacity_updated_at", app.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("supply_changed_at", app.db.UTCDateTime(timezone=True), nullable=True)
        )
    # Existing rows: capacity last written at its latest figure; supply changed when the row did.
    op.execute(
        "UPDATE product SET capacity_updated_at = "
        "(SELECT max(capacity.updated_at) FROM capacity WHERE capacity.product_id = product.id)"
    )
    op.execute("UPDATE product SET supply_changed_at = updated_at")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.alter_column(
            "supply_changed_at", existing_type=app.db.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.create_index(
            batch_op.f("ix_product_supply_changed_at"), ["supply_changed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_supply_changed_at"))
        batch_op.drop_column("supply_changed_at")
        batch_op.drop_column("capacity_updated_at")
