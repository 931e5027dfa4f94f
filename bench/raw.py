"""The raw baselines, one per engine: sqlite3 and psycopg, with the SQL of bench.rawdb.

Both keep the same tables and the same full-text content as tracker (titles, summaries, and the names of the
event's agencies, people and place), built in one statement once the rows are in, and answer the same questions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import rawdb

SQLITE_SEARCH = """
CREATE VIRTUAL TABLE event_search USING fts5(title, summary, names, tokenize = 'unicode61 remove_diacritics 2');
"""
SQLITE_FILL_SEARCH = """
INSERT INTO event_search (rowid, title, summary, names)
SELECT e.id, e.title, e.summary,
       coalesce((SELECT group_concat(a.name, ' ') FROM event_agencies l JOIN agencies a ON a.id = l.agency_id
                  WHERE l.event_id = e.id), '')
       || ' ' || coalesce((SELECT group_concat(a.name, ' ') FROM event_people l JOIN people a ON a.id = l.person_id
                            WHERE l.event_id = e.id), '')
       || ' ' || coalesce(p.name, '')
  FROM events e LEFT JOIN places p ON p.id = e.place_id
"""
POSTGRESQL_SEARCH = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TABLE event_search (event_id INTEGER PRIMARY KEY REFERENCES events (id), document tsvector NOT NULL);
"""
POSTGRESQL_FILL_SEARCH = """
INSERT INTO event_search (event_id, document)
SELECT e.id, setweight(to_tsvector('simple', unaccent(e.title)), 'A')
             || setweight(to_tsvector('simple', unaccent(coalesce(n.names, ''))), 'B')
             || setweight(to_tsvector('simple', unaccent(e.summary)), 'C')
  FROM events e LEFT JOIN LATERAL (
       SELECT string_agg(term, ' ') AS names FROM (
              SELECT a.name AS term FROM event_agencies l JOIN agencies a ON a.id = l.agency_id
               WHERE l.event_id = e.id
              UNION ALL SELECT a.name FROM event_people l JOIN people a ON a.id = l.person_id
               WHERE l.event_id = e.id
              UNION ALL SELECT p.name FROM places p WHERE p.id = e.place_id) AS terms) AS n ON true;
CREATE INDEX event_search_document ON event_search USING gin (document);
"""


class RawSQLite:
    """The baseline on a SQLite file, with the connection settings tracker uses (WAL, foreign keys)."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA busy_timeout = 10000")
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA journal_mode = WAL")

    def create(self) -> None:
        """Create the tables and the full-text index (empty)."""
        self.connection.executescript(rawdb.TABLES + SQLITE_SEARCH)

    def load(self, path: Path) -> int:
        """Import the CSV file in one transaction, then fill the full-text index; returns the event count."""
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        count = rawdb.Loader(cursor, "?").load(path)
        cursor.execute(SQLITE_FILL_SEARCH)
        cursor.execute("COMMIT")
        return count

    def week(self, lower: int, upper: int) -> list[Any]:
        """Events overlapping [lower, upper), with their lists: the same predicate and indexes as tracker."""
        sql = rawdb.select_events(rawdb.sqlite_list, "e.lower < ? AND e.upper > ?")
        return self.connection.execute(sql, (upper, lower)).fetchall()

    def week_bucketed(self, lower: int, upper: int) -> list[Any]:
        """The same events, found with one short index range per span class."""
        sql = rawdb.select_events(rawdb.sqlite_list, rawdb.bucketed_where("?"))
        return self.connection.execute(sql, rawdb.bucketed_params(lower, upper)).fetchall()

    def search(self, word: str) -> list[Any]:
        """Events whose text has a word starting with `word`, with their lists, in date order."""
        sql = rawdb.select_events(rawdb.sqlite_list,
                                  "e.id IN (SELECT rowid FROM event_search WHERE event_search MATCH ?)")
        return self.connection.execute(sql, (f'"{word}"*',)).fetchall()

    def export(self, path: Path) -> int:
        """Write every event as CSV, streaming from one cursor; returns the count."""
        rows: Iterator[Any] = self.connection.execute(rawdb.select_events(rawdb.sqlite_list, "1 = 1"))
        return rawdb.write_rows(rows, path)

    def plan(self, lower: int, upper: int, *, bucketed: bool = False) -> list[str]:
        """SQLite's query plan for the week query."""
        where = rawdb.bucketed_where("?") if bucketed else "e.lower < ? AND e.upper > ?"
        params = rawdb.bucketed_params(lower, upper) if bucketed else [upper, lower]
        sql = "EXPLAIN QUERY PLAN " + rawdb.select_events(rawdb.sqlite_list, where)
        return [str(row[-1]) for row in self.connection.execute(sql, params)]

    def count(self) -> int:
        """The events stored."""
        return int(self.connection.execute("SELECT count(*) FROM events").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


class RawPostgreSQL:
    """The baseline on a PostgreSQL database, through psycopg 3 (executemany runs in pipeline mode).

    JIT compilation is off for its sessions: the overlap predicate's row estimate is poor (tens of thousands of
    rows for a week's 70), which makes PostgreSQL JIT-compile the one-statement week query for about half a
    second, a cost any hand-tuned script would turn off.
    """

    dialect = "postgresql"

    def __init__(self, conninfo: str) -> None:
        import psycopg

        self.connection = psycopg.connect(conninfo, options="-c jit=off")

    def create(self) -> None:
        """Create the tables and the full-text table (empty)."""
        with self.connection.cursor() as cursor:
            cursor.execute(rawdb.TABLES + POSTGRESQL_SEARCH)
        self.connection.commit()

    def load(self, path: Path, *, copy: bool = False) -> int:
        """Import the CSV file in one transaction (with `copy`, each batch by COPY rather than executemany), then
        fill and index the full-text table."""
        with self.connection.cursor() as cursor:
            count = rawdb.Loader(cursor, "%s", copy=copy).load(path)
            cursor.execute(POSTGRESQL_FILL_SEARCH)
        self.connection.commit()
        return count

    def count(self) -> int:
        """The events stored."""
        row = self.connection.execute("SELECT count(*) FROM events").fetchone()
        self.connection.rollback()
        return int(row[0]) if row else 0

    def _fetch(self, where: str, params: Any) -> list[Any]:
        with self.connection.cursor() as cursor:
            cursor.execute(rawdb.select_events(rawdb.postgresql_list, where), params)
            rows = cursor.fetchall()
        self.connection.rollback()
        return rows

    def week(self, lower: int, upper: int) -> list[Any]:
        """Events overlapping [lower, upper), with their lists: the same predicate and indexes as tracker."""
        return self._fetch("e.lower < %s AND e.upper > %s", (upper, lower))

    def week_bucketed(self, lower: int, upper: int) -> list[Any]:
        """The same events, found with one short index range per span class."""
        return self._fetch(rawdb.bucketed_where("%s"), rawdb.bucketed_params(lower, upper))

    def search(self, word: str) -> list[Any]:
        """Events whose text has a word starting with `word`, with their lists, in date order."""
        where = "e.id IN (SELECT event_id FROM event_search WHERE document @@ to_tsquery('simple', %s))"
        return self._fetch(where, (f"{word}:*",))

    def export(self, path: Path) -> int:
        """Write every event as CSV, streaming through a server-side cursor; returns the count."""
        with self.connection.cursor(name="export") as cursor:
            cursor.itersize = 5_000
            cursor.execute(rawdb.select_events(rawdb.postgresql_list, "true"))
            count = rawdb.write_rows(iter(cursor), path)
        self.connection.rollback()
        return count

    def plan(self, lower: int, upper: int, *, bucketed: bool = False) -> list[str]:
        """EXPLAIN ANALYZE of the week query."""
        where = rawdb.bucketed_where("%s") if bucketed else "e.lower < %s AND e.upper > %s"
        params = rawdb.bucketed_params(lower, upper) if bucketed else [upper, lower]
        sql = "EXPLAIN ANALYZE " + rawdb.select_events(rawdb.postgresql_list, where)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            lines = [str(row[0]) for row in cursor.fetchall()]
        self.connection.rollback()
        return lines

    def analyze(self) -> None:
        """Refresh the planner's statistics (autovacuum would do it shortly after a bulk load)."""
        self.connection.autocommit = True
        self.connection.execute("ANALYZE")
        self.connection.autocommit = False

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


Raw = RawSQLite | RawPostgreSQL
