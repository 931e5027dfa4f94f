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


def _drop_search_triggers(store: Store) -> None:
    """What a tool tidying triggers does: the triggers that keep the index on new and changed events are gone."""
    with store.engine.begin() as connection:
        if store.dialect == "sqlite":
            for name in ("event_search_insert", "event_search_update", "event_search_event_people_insert"):
                connection.execute(text(f"DROP TRIGGER {name}"))
        else:
            connection.execute(text("DROP TRIGGER event_search_event ON events"))
            connection.execute(text("DROP FUNCTION event_search_on_event()"))


def _found_then_rebuilt(db: str, missing: str) -> None:
    found = run("db", "check", db=db)
    assert found.exit_code == 1, found.output
    assert "search index: dropped or disabled by another tool: " in found.stdout and f"no {missing}" in found.stdout
    assert "schema:" not in found.stdout  # the index is told once, as what it is
    repaired = run("db", "check", "--repair", db=db)
    assert repaired.exit_code == 0, repaired.output
    assert ": made again with its triggers, every event re-indexed\n" in repaired.stdout
    assert run("db", "check", db=db).exit_code == 0
    assert "apollo-11-moon-landing" in slugs(db, "search", "Apollo 11 Armstrong")
    # New events are indexed again: the triggers are back.
    added = run("add", "--title", "Zvezdochka returns", "--start", "2025-03-01", db=db)
    assert added.exit_code == 0, added.output
    assert slugs(db, "search", "Zvezdochka") == ["zvezdochka-returns-2025-03-01"]


def test_an_index_disabled_by_sqlite_utils_is_found_and_made_again(bundled_store: Store) -> None:
    import sqlite_utils

    if bundled_store.dialect != "sqlite":
        return  # PostgreSQL's: test_a_dropped_postgresql_index_table_is_made_again
    assert bundled_store.location.sqlite_path is not None
    tool = sqlite_utils.Database(bundled_store.location.sqlite_path)
    assert tool["events"].detect_fts() == "event_search"
    tool["events"].disable_fts()  # what `sqlite-utils disable-fts tracker.db events` does: the triggers stay
    tool.close()
    broken = run("search", "Apollo", db=bundled_store.location.url)
    assert broken.exit_code != 0 and "no such table: event_search" in broken.stderr
    _found_then_rebuilt(bundled_store.location.url, "table event_search")
    tool = sqlite_utils.Database(bundled_store.location.sqlite_path)
    assert tool["events"].detect_fts() == "event_search"  # found again by sqlite-utils and Datasette
    tool.close()


def test_dropped_index_triggers_are_found_and_made_again(db: str, bundled_store: Store) -> None:
    _drop_search_triggers(bundled_store)
    _found_then_rebuilt(db, "function event_search_on_event()" if bundled_store.dialect == "postgresql"
                        else "trigger event_search_insert")


def test_a_dropped_postgresql_index_table_is_made_again(db: str, bundled_store: Store) -> None:
    if bundled_store.dialect != "postgresql":
        return  # SQLite's: test_an_index_disabled_by_sqlite_utils_is_found_and_made_again
    with bundled_store.engine.begin() as connection:
        connection.execute(text("DROP TABLE event_search"))
    _found_then_rebuilt(db, "table event_search")
