"""soft delete of products

A product that no deal names can be deleted (``DELETE /products/{id}``): ``deleted_at`` hides
it from every answer and from matching, while its capacity history and audit stay. Nullable,
added in place on both databases.

Revision ID: 9c1e7d2b4a60
Revises: 5d2c8e41a7f3
Create Date: 2026-11-29 20:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "9c1e7d2b4a60"
down_revision: str | None = "5d2c8e41a7f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# In place, never as a batch copy: on SQLite the copy drops the old table, and with foreign
# keys on that would delete every product's capacity, certificates and deals.


def upgrade() -> None:
    op.add_column(
        "product", sa.Column("deleted_at", app.db.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("product", "deleted_at")  # SQLite >= 3.35 drops a plain column in place
