"""offices and imports

Every buyer, buyer request, UMKM, staff account and audit event belongs to an office; rows
older than offices go to one default office made here. UMKM get the office's own register
code; spreadsheet imports are kept in import_job.

Revision ID: b7e14a0ff1ce
Revises: 3a440506dab4
Create Date: 2026-11-29 18:30:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "b7e14a0ff1ce"
down_revision: str | None = "3a440506dab4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_OFFICE = "Kantor bawaan (default office)"
OWNED = ("buyer", "buyer_request", "umkm")


def upgrade() -> None:
    office = op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("regency_code", sa.String(length=5), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("name", name=op.f("uq_office_name")),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        office, [{"id": 1, "name": DEFAULT_OFFICE, "created_at": now, "updated_at": now}]
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('office', 'id'), 1)")

    # Added in place, nullable: on SQLite, making them NOT NULL means copying the table, and
    # dropping the old copy would cascade-delete its children (products, keys, revisions).
    for table in (*OWNED, "account"):
        _add_office_column(table)
        op.execute(f"UPDATE {table} SET office_id = 1")
        op.create_index(op.f(f"ix_{table}_office_id"), table, ["office_id"])
    op.add_column("umkm", sa.Column("register_code", sa.String(length=40), nullable=True))
    # Soft delete and merges: in place too (see above)
    for table in ("umkm", "buyer_request"):
        op.add_column(
            table, sa.Column("deleted_at", app.db.UTCDateTime(timezone=True), nullable=True)
        )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE umkm ADD COLUMN merged_into_id INTEGER "
            "CONSTRAINT fk_umkm_merged_into_id_umkm REFERENCES umkm (id)"
        )
    else:
        op.add_column("umkm", sa.Column("merged_into_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_umkm_merged_into_id_umkm"), "umkm", "umkm", ["merged_into_id"], ["id"]
        )
    op.create_index(
        op.f("ix_umkm_office_register_code"), "umkm", ["office_id", "register_code"], unique=True
    )
    _add_office_column("audit_event")
    op.execute("UPDATE audit_event SET office_id = 1")
    op.create_index(op.f("ix_audit_event_office_id"), "audit_event", ["office_id"])
    _replace_account_checks(
        (
            ("role_valid", "role in ('staff', 'umkm', 'client', 'admin')"),
            ("staff_has_office", "role != 'staff' or office_id is not null"),
        ),
        drop=("role_valid",),
    )

    op.create_table(
        "import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "kind in ('umkm', 'products', 'capacity', 'certificates')",
            name=op.f("ck_import_job_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_import_job_account_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
            name=op.f("fk_import_job_office_id_office"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
    )
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_job_account_id"), ["account_id"])
        batch_op.create_index(batch_op.f("ix_import_job_office_id"), ["office_id"])


def _add_office_column(table: str) -> None:
    name = f"fk_{table}_office_id_office"
    if op.get_bind().dialect.name == "sqlite":  # a column constraint: no copy of the table
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN office_id INTEGER "
            f"CONSTRAINT {name} REFERENCES office (id)"
        )
        return
    op.add_column(table, sa.Column("office_id", sa.Integer(), nullable=True))
    op.create_foreign_key(op.f(name), table, "office", ["office_id"], ["id"])


def _replace_account_checks(add: tuple[tuple[str, str], ...], drop: tuple[str, ...]) -> None:
    """Change the account table's check constraints. SQLite copies the table to do so, and
    dropping the old copy cascades to api_key and nulls audit_event.account_id: those are
    kept aside and put back (in the same transaction)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE keep_api_key AS SELECT * FROM api_key")
        op.execute(
            "CREATE TEMPORARY TABLE keep_audit_account AS "
            "SELECT id, account_id FROM audit_event WHERE account_id IS NOT NULL"
        )
    with op.batch_alter_table("account", schema=None) as batch_op:
        for name in drop:
            batch_op.drop_constraint(batch_op.f(f"ck_account_{name}"), type_="check")
        for name, condition in add:
            batch_op.create_check_constraint(batch_op.f(f"ck_account_{name}"), condition)
    if sqlite:
        op.execute("DELETE FROM api_key")
        op.execute("INSERT INTO api_key SELECT * FROM keep_api_key")
        op.execute(
            "UPDATE audit_event SET account_id = (SELECT k.account_id FROM keep_audit_account k "
            "WHERE k.id = audit_event.id) WHERE id IN (SELECT id FROM keep_audit_account)"
        )
        op.execute("DROP TABLE keep_api_key")
        op.execute("DROP TABLE keep_audit_account")


def downgrade() -> None:
    op.drop_table("import_job")
    admins = "SELECT id FROM account WHERE role = 'admin'"
    op.execute(f"DELETE FROM api_key WHERE account_id IN ({admins})")
    op.execute(f"UPDATE audit_event SET account_id = NULL WHERE account_id IN ({admins})")
    op.execute("DELETE FROM account WHERE role = 'admin'")
    _replace_account_checks(
        (("role_valid", "role in ('staff', 'umkm', 'client')"),),
        drop=("role_valid", "staff_has_office"),
    )
    op.drop_index(op.f("ix_audit_event_office_id"), table_name="audit_event")
    _drop_office_column("audit_event")
    op.drop_index(op.f("ix_umkm_office_register_code"), table_name="umkm")
    op.drop_column("umkm", "register_code")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_umkm_merged_into_id_umkm"), "umkm", type_="foreignkey")
    with op.batch_alter_table("umkm", schema=None) as batch_op:
        batch_op.drop_column("merged_into_id")
    for table in ("umkm", "buyer_request"):
        op.drop_column(table, "deleted_at")
    for table in reversed((*OWNED, "account")):
        op.drop_index(op.f(f"ix_{table}_office_id"), table_name=table)
        _drop_office_column(table)
    op.drop_table("office")


def _drop_office_column(table: str) -> None:
    """SQLite cannot drop a column holding a foreign key in place: it copies the table (and
    the copy's drop cascades to its children: downgrade a SQLite database holding data from
    a backup instead)."""
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f(f"fk_{table}_office_id_office"), table, type_="foreignkey")
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_column("office_id")
