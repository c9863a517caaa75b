"""missions and deals belong to offices

A mission's ``office_id`` (the organising office, a plain nullable integer until now) becomes a
foreign key to office; a deal gets the ``office_id`` of the office that recorded it. Rows older
than this go to the default office (the one revision b7e14a0ff1ce made, id 1).

Both columns stay nullable in the schema, as the office columns of b7e14a0ff1ce do: the code
always sets them (``Mapped[int]`` in the model), but SQLite cannot add a NOT NULL foreign key in
place (a REFERENCES column added by ALTER TABLE must default to NULL), and the batch copy that
would make it NOT NULL drops the old table, which cascade-deletes its children (participants,
meeting requests, meetings and deliveries) and nulls ``deal.mission_id``. So on SQLite the
columns are added in place with a column constraint; ``mission.office_id`` is dropped in place
first (SQLite >= 3.35, the column has no constraint) and its values put back.

Revision ID: 5d2c8e41a7f3
Revises: b7e14a0ff1ce
Create Date: 2026-11-29 19:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2c8e41a7f3"
down_revision: str | None = "b7e14a0ff1ce"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_OFFICE_ID = 1
VALID = "office_id IN (SELECT id FROM office)"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    # missions: keep an office that exists, the default office otherwise
    op.execute(
        f"UPDATE mission SET office_id = {DEFAULT_OFFICE_ID} "
        f"WHERE office_id IS NULL OR NOT ({VALID})"
    )
    op.drop_index(op.f("ix_mission_office_id"), table_name="mission")
    if _sqlite():
        op.execute(
            "CREATE TEMPORARY TABLE keep_mission_office AS SELECT id, office_id FROM mission"
        )
        op.execute("ALTER TABLE mission DROP COLUMN office_id")  # in place: no constraint on it
        _add_office_column("mission")
        op.execute(
            "UPDATE mission SET office_id = (SELECT k.office_id FROM keep_mission_office k "
            "WHERE k.id = mission.id)"
        )
        op.execute("DROP TABLE keep_mission_office")
    else:
        op.create_foreign_key(
            op.f("fk_mission_office_id_office"), "mission", "office", ["office_id"], ["id"]
        )
    op.create_index(op.f("ix_mission_office_id"), "mission", ["office_id"])

    # deals: recorded before offices, by the default office
    _add_office_column("deal")
    op.execute(f"UPDATE deal SET office_id = {DEFAULT_OFFICE_ID}")
    op.create_index(op.f("ix_deal_office_id"), "deal", ["office_id"])


def _add_office_column(table: str) -> None:
    name = f"fk_{table}_office_id_office"
    if _sqlite():  # a column constraint: no copy of the table
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN office_id INTEGER "
            f"CONSTRAINT {name} REFERENCES office (id)"
        )
        return
    op.add_column(table, sa.Column("office_id", sa.Integer(), nullable=True))
    op.create_foreign_key(op.f(name), table, "office", ["office_id"], ["id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_deal_office_id"), table_name="deal")
    op.drop_index(op.f("ix_mission_office_id"), table_name="mission")
    if _sqlite():
        # SQLite cannot drop a column holding a foreign key in place, and the batch copy's drop
        # of the old table would cascade to the children: rebuild the two columns by hand.
        _drop_sqlite_office_column_keeping_children()
    else:
        op.drop_constraint(op.f("fk_deal_office_id_office"), "deal", type_="foreignkey")
        op.drop_column("deal", "office_id")
        op.drop_constraint(op.f("fk_mission_office_id_office"), "mission", type_="foreignkey")
    op.create_index(op.f("ix_mission_office_id"), "mission", ["office_id"])


def _drop_sqlite_office_column_keeping_children() -> None:
    """The children of mission and deal are kept aside while batch mode copies the two tables
    (the copy's drop of the old table deletes them), and put back in the same transaction."""
    children = ("mission_participant", "meeting_request", "meeting", "delivery")
    for child in children:
        op.execute(f"CREATE TEMPORARY TABLE keep_{child} AS SELECT * FROM {child}")
    op.execute("CREATE TEMPORARY TABLE keep_deal_mission AS SELECT id, mission_id FROM deal")
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.drop_column("office_id")
    op.execute("CREATE TEMPORARY TABLE keep_mission_office AS SELECT id, office_id FROM mission")
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.drop_column("office_id")
    op.execute("ALTER TABLE mission ADD COLUMN office_id INTEGER")
    op.execute(
        "UPDATE mission SET office_id = (SELECT k.office_id FROM keep_mission_office k "
        "WHERE k.id = mission.id)"
    )
    op.execute("DROP TABLE keep_mission_office")
    op.execute(
        "UPDATE deal SET mission_id = (SELECT k.mission_id FROM keep_deal_mission k "
        "WHERE k.id = deal.id)"
    )
    for child in children:
        op.execute(f"DELETE FROM {child}")
        op.execute(f"INSERT INTO {child} SELECT * FROM keep_{child}")
        op.execute(f"DROP TABLE keep_{child}")
    op.execute("DROP TABLE keep_deal_mission")
