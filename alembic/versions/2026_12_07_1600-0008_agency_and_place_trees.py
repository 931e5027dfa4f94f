"""Who is part of whom, and what is inside what: agencies and places become trees, and agencies have a history.

- `agencies.parent_id`: the agency this one is part of (NASA's Marshall Space Flight Center -> NASA), from the
  Parent column of GCAT's orgs.tsv; NULL for a top-level agency.
- `places.parent_id`: the place this one is inside (Kennedy Space Center -> Florida -> United States), from
  data/places.tsv; `places.kind`: country, region, city or site (NULL when not known).
- `agency_successions`: an agency that took over from another (NACA -> NASA on 1958-10-01), with the date at its
  precision as ISO text and the source that says so. A successor is not a parent: the predecessor's events stay
  its own.

Trees are read with recursive CTEs (tracker/store/trees.py). Plain ALTERs on both engines, never a batch copy:
copying a table would drop the full-text triggers defined on it, and dropping `agencies` with foreign keys on would
empty the tables that refer to it. SQLite's ALTER TABLE adds a foreign key only inline with the column, where
schema reflection sees neither its name nor its ON DELETE; so the column is added bare and its constraint written
into the table's definition, as SQLite's documentation describes for adding a FOREIGN KEY constraint without
copying the table (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
the stored rows do not change, the schema version is bumped, and the definition is checked. The downgrade takes
the constraint out the same way, then drops the column: 0007's definitions come back exactly (a test checks).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 16:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TREES = ("agencies", "places")


def _constraint(table: str) -> str:
    return f", CONSTRAINT fk_{table}_parent_id_{table} FOREIGN KEY(parent_id) REFERENCES {table} (id) ON DELETE SET NULL"


def _sqlite_rewrite_definition(table: str, *, with_constraint: bool) -> None:
    """Add the parent's foreign key to `table`'s stored definition (or take it out): the documented writable-schema
    procedure, for a change that leaves every stored row as it is."""
    connection = op.get_bind()
    sql = str(connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                         (table,)).scalar_one())
    changed = sql[:-1] + _constraint(table) + ")" if with_constraint else sql.replace(_constraint(table), "")
    if changed == sql:
        raise RuntimeError(f"the definition of {table} is not the one migration 0008 expects")
    version = int(connection.exec_driver_sql("PRAGMA schema_version").scalar_one())
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    connection.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (changed, table))
    connection.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    connection.exec_driver_sql("PRAGMA writable_schema = OFF")
    # The new definition must parse; a foreign key changes nothing on disk (SQLite's documented procedure for
    # changing constraints), so the whole-file integrity check, minutes on a large store, is not needed.
    connection.exec_driver_sql(f"SELECT * FROM {table} LIMIT 0").all()


def _add_parent(table: str) -> None:
    constraint = f"fk_{table}_parent_id_{table}"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN parent_id INTEGER")
        _sqlite_rewrite_definition(table, with_constraint=True)
    else:
        op.add_column(table, sa.Column("parent_id", sa.Integer(), nullable=True))
        op.create_foreign_key(constraint, table, table, ["parent_id"], ["id"], ondelete="SET NULL")
    op.create_index(f"ix_{table}_parent_id", table, ["parent_id"])


def upgrade() -> None:
    for table in TREES:
        _add_parent(table)
    op.add_column("places", sa.Column("kind", sa.String(length=20), nullable=True))
    op.create_table(
        "agency_successions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("date_iso", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["predecessor_id"], ["agencies.id"],
                                name=op.f("fk_agency_successions_predecessor_id_agencies"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["successor_id"], ["agencies.id"],
                                name=op.f("fk_agency_successions_successor_id_agencies"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_agency_successions_source_id_sources"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_successions")),
        sa.UniqueConstraint("predecessor_id", "successor_id", name="uq_agency_successions_pair"),
    )
    op.create_index("ix_agency_successions_successor_id", "agency_successions", ["successor_id"])
    op.create_index("ix_agency_successions_predecessor_id", "agency_successions", ["predecessor_id"])


def downgrade() -> None:
    op.drop_index("ix_agency_successions_predecessor_id", "agency_successions")
    op.drop_index("ix_agency_successions_successor_id", "agency_successions")
    op.drop_table("agency_successions")
    op.execute("ALTER TABLE places DROP COLUMN kind")
    for table in reversed(TREES):
        op.drop_index(f"ix_{table}_parent_id", table)
        if op.get_bind().dialect.name == "sqlite":
            _sqlite_rewrite_definition(table, with_constraint=False)
        else:
            op.drop_constraint(f"fk_{table}_parent_id_{table}", table, type_="foreignkey")
        op.execute(f"ALTER TABLE {table} DROP COLUMN parent_id")
