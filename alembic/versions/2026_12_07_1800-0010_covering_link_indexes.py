"""Covering indexes for the filters: each link table indexed by the name it links and the event together
(`event_agencies (agency_id, event_id)`, `event_people (person_id, event_id)`, `event_sources (source_id,
event_id)`), replacing the indexes of the name alone.

A filter on an agency asks which events link to it. With the name alone in the index, every entry found pointed
back into the table for its event's id (SQLite's index of `agency_id` holds the row number, not `event_id`): at a
million events, `agency:X` for 15% of them read 150,000 rows of the table at random. With the event's id in the
index the answer is read from the index alone, in the order of the ids, and the same index still serves what the
old one did (deleting an agency finds its links by the first column).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 18:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINKS = (("event_agencies", "agency_id", "ix_event_agencies_agency_id", "ix_event_agencies_agency_id_event_id"),
         ("event_people", "person_id", "ix_event_people_person_id", "ix_event_people_person_id_event_id"),
         ("event_sources", "source_id", "ix_event_sources_source_id", "ix_event_sources_source_id_event_id"))
"""Each link table, the column naming what it links, the index of 0009 on that column and the covering one."""


def upgrade() -> None:
    for table, column, single, covering in LINKS:
        op.create_index(covering, table, [column, "event_id"])
        op.drop_index(single, table)


def downgrade() -> None:
    for table, column, single, covering in LINKS:
        op.create_index(single, table, [column])
        op.drop_index(covering, table)
