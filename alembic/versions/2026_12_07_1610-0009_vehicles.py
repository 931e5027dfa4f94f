"""What flew and where it was headed: each launch's vehicle as the catalogue names its type (`events.vehicle`,
"Ariane 5G"), the family a person would name (`events.vehicle_family`, "Ariane 5", indexed: `--vehicle` selects on
it), and its trajectory (`events.trajectory`: orbital, suborbital or lunar surface).

Plain ALTERs, never a batch copy: copying `events` would drop the full-text triggers defined on it. The vehicle
names are searchable through the event's aliases (the GCAT reader adds them), so the index needs no change.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRAJECTORIES = ("orbital", "suborbital", "lunar surface")


def upgrade() -> None:
    op.add_column("events", sa.Column("vehicle", sa.String(length=100), nullable=True))
    op.add_column("events", sa.Column("vehicle_family", sa.String(length=100), nullable=True))
    values = ", ".join(f"'{value}'" for value in TRAJECTORIES)
    op.execute("ALTER TABLE events ADD COLUMN trajectory VARCHAR(20) "
               f"CONSTRAINT ck_events_event_trajectory CHECK (trajectory IN ({values}))")
    op.create_index("ix_events_vehicle_family", "events", ["vehicle_family"])


def downgrade() -> None:
    op.drop_index("ix_events_vehicle_family", "events")
    for column in ("trajectory", "vehicle_family", "vehicle"):
        op.execute(f"ALTER TABLE events DROP COLUMN {column}")  # as 0005 drops its columns: the triggers stay
