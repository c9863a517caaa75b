"""supply change log: the sequence match indexes catch up from

Replaces catching up from product.supply_changed_at minus a 10 s margin, which missed any
write whose commit took longer than the margin. Nothing to backfill: an index built after
the upgrade reads every product, and catches up from the log from then on.

Revision ID: 038159e83367
Revises: 54a2ce982c7e
Create Date: 2026-11-29 18:12:37.935767
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "038159e83367"
down_revision: str | None = "54a2ce982c7e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "supply_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_change")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("supply_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supply_change_transaction_id"), ["transaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("supply_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supply_change_transaction_id"))
    op.drop_table("supply_change")
