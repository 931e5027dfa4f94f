"""A span class per event, so a range query reads a few short index ranges instead of every earlier event.

`span_class` is the smallest k (0 to 12) such that the event's interval lasts at most 4**k hours, or 13 for
anything longer. An event overlapping [L, U) with class k must start after L - 4**k hours, which bounds the index
range `(span_class, lower)` on both sides for every class. Existing rows are classed here; writers class new ones.
The server default, 13, is the one class that is right for every interval, so a row written by another tool is
found, only less cheaply.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 01:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONGEST_CLASS = 13

HOURS = {
    "sqlite": "((julianday(upper) - julianday(lower)) * 24)",
    "postgresql": "(extract(epoch FROM upper - lower) / 3600)",
}


def classify(hours: str) -> str:
    """SQL giving the class of an interval lasting `hours` (an SQL expression) hours."""
    steps = " ".join(f"WHEN {hours} <= {4 ** k} THEN {k}" for k in range(LONGEST_CLASS))
    return f"CASE {steps} ELSE {LONGEST_CLASS} END"


def upgrade() -> None:
    # Plain ALTERs, not a batch copy: copying `events` would drop the full-text triggers defined on it.
    op.add_column("events", sa.Column("span_class", sa.SmallInteger(), nullable=False,
                                      server_default=sa.text(str(LONGEST_CLASS))))
    op.execute(f"UPDATE events SET span_class = {classify(HOURS[op.get_bind().dialect.name])}")
    op.create_index("ix_events_span_class_lower", "events", ["span_class", "lower"])


def downgrade() -> None:
    op.drop_index("ix_events_span_class_lower", "events")
    op.execute("ALTER TABLE events DROP COLUMN span_class")
