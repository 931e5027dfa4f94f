"""Covering indexes for reading an event's lists: each link table indexed by the event, the position and what the
row links (`event_agencies (event_id, position, agency_id, role)`, `event_people (event_id, position, person_id,
role)`, `event_sources (event_id, position, source_id)`).

A record reads its agencies, people and sources in position order (store/rows.py). The primary key's index finds an
event's links by `event_id`, but holds neither their position nor their order by it: SQLite went back to the table
for each row's position and sorted them. With the position second in the index, a list is one short range of the
index, read in order, with everything the join needs.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 22:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTS = (("event_agencies", "ix_event_agencies_event_id_position", ["event_id", "position", "agency_id", "role"]),
         ("event_people", "ix_event_people_event_id_position", ["event_id", "position", "person_id", "role"]),
         ("event_sources", "ix_event_sources_event_id_position", ["event_id", "position", "source_id"]))
"""Each link table, its index for reading lists in order and the index's columns."""


def upgrade() -> None:
    for table, name, columns in LISTS:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for table, name, _ in LISTS:
        op.drop_index(name, table)
