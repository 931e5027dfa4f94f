"""`tracker db check`: orphans left by another tool, a stale search index, and their repair, on both engines."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from sqlalchemy import text

from tests.conftest import run, slugs
from tracker.store.database import Store


def _delete_behind_trackers_back(store: Store) -> None:
    """What another tool does with foreign keys off: events deleted, their links and the index left behind."""
    if store.dialect == "sqlite":
        assert store.location.sqlite_path is not None
        with closing(sqlite3.connect(store.location.sqlite_path)) as connection, connection:
            connection.execute("PRAGMA foreign_keys = OFF")  # sqlite3's own default, as most tools leave it
            connection.execute("DELETE FROM events WHERE slug LIKE 'crew-9%'")
            connection.execute("DELETE FROM event_search WHERE rowid = (SELECT min(id) FROM events)")
            connection.execute("DELETE FROM places WHERE name = 'International Space Station'")
        return
    with store.engine.begin() as connection:
        connection.execute(text("SET session_replication_role = replica"))  # no foreign key (nor index) triggers
        connection.execute(text("DELETE FROM events WHERE slug LIKE 'crew-9%'"))
        connection.execute(text("DELETE FROM places WHERE name = 'International Space Station'"))
        connection.execute(text("SET session_replication_role = DEFAULT"))


def test_a_sound_database_checks_clean(db: str) -> None:
    result = run("db", "check", db=db)
    assert result.exit_code == 0
    assert result.stdout.endswith("integrity, schema, foreign keys and search index are sound\n")


def test_orphans_and_a_stale_index_are_found_then_repaired(db: str, bundled_store: Store) -> None:
    _delete_behind_trackers_back(bundled_store)
    found = run("db", "check", db=db)
    assert found.exit_code == 1 and "(tracker db check --repair)" in found.stderr
    assert "event_agencies rows name a missing events row (event_id)" in found.stdout
    assert "events rows name a missing places row (place_id)" in found.stdout
    assert "search index: " in found.stdout
    repaired = run("db", "check", "--repair", db=db)
    assert repaired.exit_code == 0 and ": deleted\n" in repaired.stdout and ": place_id cleared\n" in repaired.stdout
    assert repaired.stdout.endswith("repaired\n")
    assert run("db", "check", db=db).exit_code == 0
    assert not any(slug.startswith("crew-9") for slug in slugs(db, "search", "Crew-9"))


def test_datasette_metadata_links_events_to_the_search_index(db: str) -> None:
    if not db.startswith("sqlite"):
        refused = run("db", "datasette-metadata", db=db)
        assert refused.exit_code == 2 and "Datasette reads SQLite files" in refused.stderr
        return
    metadata = json.loads(run("db", "datasette-metadata", db=db).stdout)
    [tables] = [database["tables"] for database in metadata["databases"].values()]
    assert tables["events"]["fts_table"] == "event_search" and tables["events"]["fts_pk"] == "id"
    assert tables["events_readable"]["fts_table"] == "event_search"
