"""Covering indexes for reading an event's lists: each link table indexed by its primary key's columns and the
position (`event_agencies (event_id, agency_id, role, position)`, `event_people (event_id, person_id, role,
position)`, `event_sources (event_id, source_id, position)`).

A record reads its agencies, people and sources in position order (store/rows.py). The primary key's index finds an
event's links by `event_id` but does not hold their position: SQLite went back to the table for each row's
position. With the position last, a list is one short range of this index, sorted by position in memory (one to
five rows), without a row of the table read.

The position goes last, not second, so this index keeps the primary key's order: the full-text index's names are
gathered from the link tables without an ORDER BY (migration 0002's triggers and the `event_search_source` view),
and an index in position order, chosen by SQLite for some of those statements and not others, made the view's
names differ in order from those the triggers had written (`tracker db check` then called them outdated).

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

LISTS = (("event_agencies", "ix_event_agencies_event_id_agency_id_role_position",
          ["event_id", "agency_id", "role", "position"]),
         ("event_people", "ix_event_people_event_id_person_id_role_position",
          ["event_id", "person_id", "role", "position"]),
         ("event_sources", "ix_event_sources_event_id_source_id_position", ["event_id", "source_id", "position"]))
"""Each link table, its index for reading lists and the index's columns."""


def upgrade() -> None:
    for table, name, columns in LISTS:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for table, name, _ in LISTS:
        op.drop_index(name, table)
