"""Evidence is only ever added: `field_changes` keeps every value an import, seed, update or edit replaced (and
every value a source offered that a user's edit outranked), with who made the change; `events.flight` links the
events of one flight (its launch, landings, dockings and spacewalks) by the launch's designation.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 15:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("flight", sa.String(length=40), nullable=True))
    op.create_index("ix_events_flight", "events", ["flight"])
    # A launch's own flight is its designation: the launches already stored join their flights' other events.
    op.execute("UPDATE events SET flight = designation WHERE kind = 'launch' AND designation IS NOT NULL")
    op.create_table(
        "field_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("recorded_iso", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_field_changes_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_field_changes_source_id_sources"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_changes")),
    )
    op.create_index("ix_field_changes_event_id", "field_changes", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_field_changes_event_id", "field_changes")
    op.drop_table("field_changes")
    op.drop_index("ix_events_flight", "events")
    op.execute("ALTER TABLE events DROP COLUMN flight")  # as 0005 drops its columns: the triggers stay
