"""console sign-in: passwords, web sessions, sign-in links (issue 16)

``account`` gains an optional e-mail (a unique index) and an argon2id password hash;
``web_session`` holds signed-in browsers (a hash of the cookie's token, absolute and idle
expiry); ``sign_in_link`` holds one-use links for owners to set a password (7 days).
Columns and indexes are added in place, never as a batch copy: on SQLite the copy drops the
old ``account`` table, and with foreign keys on that would delete every API key.

Revision ID: e4b7c9a1d2f0
Revises: 9c1e7d2b4a60
Create Date: 2026-11-29 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "e4b7c9a1d2f0"
down_revision: str | None = "9c1e7d2b4a60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("account", sa.Column("email", sa.String(length=320), nullable=True))
    op.add_column("account", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column(
        "account",
        sa.Column("password_changed_at", app.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index(op.f("ix_account_email"), "account", ["email"], unique=True)
    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_web_session_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_session_token_hash")),
    )
    op.create_index(op.f("ix_web_session_account_id"), "web_session", ["account_id"])
    op.create_index(op.f("ix_web_session_expires_at"), "web_session", ["expires_at"])
    op.create_table(
        "sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("expires_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_sign_in_link_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_link_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_link_account_id"), "sign_in_link", ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_link_account_id"), table_name="sign_in_link")
    op.drop_table("sign_in_link")
    op.drop_index(op.f("ix_web_session_expires_at"), table_name="web_session")
    op.drop_index(op.f("ix_web_session_account_id"), table_name="web_session")
    op.drop_table("web_session")
    op.drop_index(op.f("ix_account_email"), table_name="account")
    # SQLite >= 3.35 drops a plain column in place
    op.drop_column("account", "password_changed_at")
    op.drop_column("account", "password_hash")
    op.drop_column("account", "email")
