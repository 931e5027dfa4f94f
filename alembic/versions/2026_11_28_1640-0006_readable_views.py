"""Other tools on the same file: Datasette and sqlite-utils find the full-text index of `events`, and a readable
view of events.

- SQLite: both tools look for an events index by reading the definitions in `sqlite_master` for an FTS table whose
  definition says `content="events"`. `event_search` is not an external-content table (it holds each event's
  agency, people and place names, which no column of `events` has), so it cannot take that option; its definition
  says so in a comment instead, which FTS5 never reads and their detection does. Its rowid is the event id, as their
  queries expect. The table is created again with that comment and filled from `event_search_source` (the index
  content as the triggers compute it, migration 0004); its triggers name it and are untouched.
- `events_readable` (both engines): one row per event, with its precision and span class as words, its UTC
  bounds as ISO 8601 text, its place's name, and its agencies (by the short name events show) and people as JSON lists in their order.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 16:40:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_COLUMNS = "title, summary, names, tokenize = 'unicode61 remove_diacritics 2'"
LINK = '/* content="events": the search index of events, for Datasette and sqlite-utils (rowid = events.id) */ '
"""Before the column list: SQLite keeps a comment there in the table's definition (one after it is dropped), and
FTS5 never sees it (it reads only what is inside the parentheses)."""

PRECISIONS = {1: "year", 2: "month", 3: "day", 4: "hour", 5: "minute", 6: "second"}
SPAN_CLASSES = {0: "up to 1 hour", 1: "up to 4 hours", 2: "up to 16 hours", 3: "up to 3 days", 4: "up to 11 days",
                5: "up to 43 days", 6: "up to 171 days", 7: "up to 2 years", 8: "up to 8 years",
                9: "up to 30 years", 10: "up to 120 years", 11: "up to 479 years", 12: "up to 1914 years",
                13: "longer"}
"""Span class k holds intervals of at most 4**k hours (tracker/store/schema.py), rounded up to a readable unit."""


def _words(column: str, words: dict[int, str]) -> str:
    cases = " ".join(f"WHEN {value} THEN '{word}'" for value, word in words.items())
    return f"CASE {column} {cases} END"


def _names(link: str, table: str, owner: str, name: str, aggregate: str) -> str:
    """A JSON list of the names (`name`, an expression on `t`) of the `table` rows `link` attaches to the event,
    in their order."""
    return (f"(SELECT {aggregate} FROM (SELECT {name} AS name, l.position FROM {link} l JOIN {table} t "
            f"ON t.id = l.{owner} WHERE l.event_id = e.id ORDER BY l.position) AS named)")


def _readable_view(iso: str, aggregate: str) -> str:
    return f"""CREATE VIEW events_readable AS
        SELECT e.id, e.slug, e.title, e.kind, e.status, e.outcome, e.start_iso AS start, e.end_iso AS "end",
               {_words('e.precision', PRECISIONS)} AS precision,
               {_words('e.span_class', SPAN_CLASSES)} AS span_class,
               {iso.format(column='e.lower')} AS lower_utc, {iso.format(column='e.upper')} AS upper_utc,
               e.timezone, pl.name AS place,
               {_names('event_agencies', 'agencies', 'agency_id', 'coalesce(t.short_name, t.name)', aggregate)} AS agencies,
               {_names('event_people', 'people', 'person_id', 't.name', aggregate)} AS people,
               e.designation, e.summary
          FROM events e LEFT JOIN places pl ON pl.id = e.place_id"""


def _sqlite_search_table(definition: str) -> None:
    op.execute("DROP TABLE event_search")
    op.execute(definition)
    op.execute("INSERT INTO event_search (rowid, title, summary, names) "
               "SELECT id, title, summary, names FROM event_search_source")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_readable_view("to_char({column}, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                                  "coalesce(json_agg(named.name ORDER BY named.position), '[]'::json)"))
    else:
        _sqlite_search_table(f"CREATE VIRTUAL TABLE event_search USING fts5 {LINK}({FTS_COLUMNS})")
        # json_group_array keeps the order its rows come in: the subquery orders them.
        op.execute(_readable_view("strftime('%Y-%m-%dT%H:%M:%SZ', {column})", "json_group_array(named.name)"))


def downgrade() -> None:
    op.execute("DROP VIEW events_readable")
    if op.get_bind().dialect.name != "postgresql":
        _sqlite_search_table(f"CREATE VIRTUAL TABLE event_search USING fts5({FTS_COLUMNS})")
