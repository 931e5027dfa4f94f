"""The SQLite search index keeps its words' first one, two and three letters as index entries of their own
(FTS5's `prefix='1 2 3'`), so a word of three letters or fewer being typed (`a`, `ag`, `age`) is one entry to read
rather than every word it begins merged anew.

Every word is matched as a prefix (store/search.py). Without a prefix index FTS5 answers `a*` by reading and merging
the entries of every indexed word beginning with "a" (most of a million events), again for each event it is asked
about: a filter typed in the browser could not test events one by one in date order and stop at a page's end. With
it, testing one event against a short prefix is a look-up in one entry (store/query.py, `page_ids`). Longer
prefixes are left as they were: they begin far fewer words.

The table is made again with the option and refilled from its own content (the rowid, title, summary and names it
holds), the comment Datasette and sqlite-utils read kept; its triggers name it and are untouched. PostgreSQL's GIN
index already finds a prefix's words in its sorted tree of words: nothing changes there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 20:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK = '/* content="events": the search index of events, for Datasette and sqlite-utils (rowid = events.id) */ '
COLUMNS = "title, summary, names, tokenize = 'unicode61 remove_diacritics 2'"
"""The definition of migration 0006, which the downgrade restores."""
PREFIXES = ", prefix = '1 2 3'"


def _remake(columns: str) -> None:
    """`event_search` made again with `columns`, holding what it held."""
    op.execute("CREATE TEMPORARY TABLE event_search_kept AS SELECT rowid AS id, title, summary, names "
               "FROM event_search")
    op.execute("DROP TABLE event_search")
    op.execute(f"CREATE VIRTUAL TABLE event_search USING fts5 {LINK}({columns})")
    op.execute("INSERT INTO event_search (rowid, title, summary, names) "
               "SELECT id, title, summary, names FROM event_search_kept ORDER BY id")
    op.execute("DROP TABLE event_search_kept")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        _remake(COLUMNS + PREFIXES)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        _remake(COLUMNS)
