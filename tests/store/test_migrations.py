"""Migrations: one head that the models name, models and DDL agree, and up/down/up works on every engine."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from tests.conftest import engines
from tracker.bundled import alembic_directory
from tracker.ingest import load_bundled_dataset
from tracker.store import integrity, migrations
from tracker.store.database import Location, Store
from tracker.store.query import EventQuery, count_events, event_by_slug
from tracker.store.tables import SCHEMA_REVISION, is_modelled, metadata


def test_one_head_and_it_is_the_revision_the_models_describe() -> None:
    scripts = ScriptDirectory(str(alembic_directory()))
    assert scripts.get_heads() == [SCHEMA_REVISION]
    assert migrations.head() == SCHEMA_REVISION


def test_models_match_the_migrated_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": is_modelled})
        assert compare_metadata(context, metadata) == []


def test_upgrade_downgrade_upgrade(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("head")
    assert store.revision() == SCHEMA_REVISION
    store.downgrade("base")
    assert store.revision() is None
    with store.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    store.upgrade("head")
    assert store.revision() == SCHEMA_REVISION
    with store.engine.connect() as connection:
        assert {"events", "date_revisions", "agencies", "people", "places", "sources"} <= set(
            inspect(connection).get_table_names())
    store.close()


def test_history_lists_every_revision_newest_first() -> None:
    listed = list(migrations.history())
    assert listed[0].id == SCHEMA_REVISION
    assert listed[-1].down is None


def search_machinery(store: Store) -> list[tuple[str, str]]:
    """The definitions of every trigger, view and function that keeps the full-text index, by name."""
    if store.dialect == "postgresql":
        sql = ("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
               "UNION ALL SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'event_search%' "
               "UNION ALL SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1")
    else:
        sql = "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view', 'table') ORDER BY name"
    with store.engine.connect() as connection:
        return [(name, definition) for name, definition in connection.execute(text(sql))]


def test_bulk_indexing_downgrades_to_the_exact_triggers_of_0002(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0003")
    before = search_machinery(store)
    store.upgrade("0004")
    upgraded = search_machinery(store)
    assert upgraded != before
    store.downgrade("0003")
    assert search_machinery(store) == before
    store.close()


def test_the_catalogue_columns_downgrade_to_the_exact_search_machinery_of_0004(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0004")
    before = search_machinery(store)
    store.upgrade("0005")
    assert search_machinery(store) != before
    store.downgrade("0004")
    assert search_machinery(store) == before
    store.close()


def test_the_readable_view_downgrades_to_the_exact_search_machinery_of_0005(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0005")
    before = search_machinery(store)
    store.upgrade("0006")
    assert search_machinery(store) != before
    store.downgrade("0005")
    assert search_machinery(store) == before
    store.close()


def test_events_readable_names_precision_span_and_participants_in_words(bundled_store: Store) -> None:
    with bundled_store.engine.connect() as connection:
        row = connection.execute(text(
            "SELECT slug, precision, span_class, lower_utc, upper_utc, agencies, people, place "
            "FROM events_readable WHERE slug = 'crew-9-undocking'")).mappings().one()
    agencies = row["agencies"] if isinstance(row["agencies"], list) else json.loads(row["agencies"])
    people = row["people"] if isinstance(row["people"], list) else json.loads(row["people"])
    assert (row["precision"], row["span_class"]) == ("minute", "up to 1 hour")
    assert (row["lower_utc"], row["upper_utc"]) == ("2025-03-18T05:05:00Z", "2025-03-18T05:06:00Z")
    assert agencies == ["NASA", "SpaceX", "Roscosmos"]
    assert people == ["Nick Hague", "Aleksandr Gorbunov", "Butch Wilmore", "Suni Williams"]
    assert row["place"] == "International Space Station"


@engines("sqlite")  # sqlite-utils reads SQLite files
def test_sqlite_utils_finds_the_search_index_of_events(bundled_store: Store) -> None:
    import sqlite_utils  # the [test] extra installs it
    database = sqlite_utils.Database(str(bundled_store.location.sqlite_path))
    assert database.table("events").detect_fts() == "event_search"
    found = [row["slug"] for row in database.table("events").search("gorbunov")]
    assert "crew-9-undocking" in found


def whole_schema(store: Store) -> list[tuple[str, ...]]:
    """Every table, column, constraint, index, trigger, view and search function, as the database describes them."""
    if store.dialect == "postgresql":
        sql = ("SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
               "FROM information_schema.columns WHERE table_schema = 'public' "
               "UNION ALL SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), '', '' "
               "FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
               "UNION ALL SELECT tablename, indexname, indexdef, '', '' FROM pg_indexes WHERE schemaname = 'public' "
               "ORDER BY 1, 2, 3")
        with store.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))] + search_machinery(store)
    with store.engine.connect() as connection:
        indexes = [(name, sql or "") for name, sql in connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"))]
    return search_machinery(store) + indexes


def test_the_trees_downgrade_to_the_exact_schema_of_0007(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0007")
    before = whole_schema(store)
    store.upgrade("0008")
    upgraded = whole_schema(store)
    assert upgraded != before
    assert any("agency_successions" in row[0] for row in upgraded)
    store.downgrade("0007")
    assert whole_schema(store) == before
    store.upgrade("0008")
    assert whole_schema(store) == upgraded
    store.close()


def test_a_parent_deleted_leaves_its_parts_without_one(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO agencies (id, name, name_key, kind) VALUES "
                                "(1, 'NASA', 'nasa', 'space agency'), (2, 'MSFC', 'msfc', 'other')"))
        connection.execute(text("UPDATE agencies SET parent_id = 1 WHERE id = 2"))
        connection.execute(text("DELETE FROM agencies WHERE id = 1"))
        assert connection.execute(text("SELECT parent_id FROM agencies WHERE id = 2")).scalar_one() is None


COVERING = {"ix_event_agencies_agency_id_event_id", "ix_event_people_person_id_event_id",
            "ix_event_sources_source_id_event_id"}
SINGLE = {"ix_event_agencies_agency_id", "ix_event_people_person_id", "ix_event_sources_source_id"}


def link_indexes(store: Store) -> dict[str, list[str]]:
    """The indexes of the three link tables, each with its columns in order."""
    with store.engine.connect() as connection:
        inspector = inspect(connection)
        return {index["name"]: [str(column) for column in index["column_names"]]
                for table in ("event_agencies", "event_people", "event_sources")
                for index in inspector.get_indexes(table) if index["name"] is not None}


def test_the_covering_link_indexes_come_with_0010_and_go_with_its_downgrade(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0009")
    before = whole_schema(store)
    assert link_indexes(store).keys() >= SINGLE and not COVERING & link_indexes(store).keys()
    store.upgrade("0010")
    upgraded = link_indexes(store)
    assert upgraded["ix_event_agencies_agency_id_event_id"] == ["agency_id", "event_id"]
    assert upgraded["ix_event_people_person_id_event_id"] == ["person_id", "event_id"]
    assert upgraded["ix_event_sources_source_id_event_id"] == ["source_id", "event_id"]
    assert not SINGLE & upgraded.keys()
    store.downgrade("0009")
    assert whole_schema(store) == before
    store.close()


def test_the_search_prefix_index_comes_with_0011_and_goes_with_its_downgrade(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0010")
    with store.transaction() as session:
        load_bundled_dataset(session, catalogue=False)
    before = whole_schema(store)
    found = search_counts(store)
    store.upgrade("0011")
    upgraded = whole_schema(store)
    if store.dialect == "sqlite":
        definition = dict(upgraded)["event_search"]
        assert "prefix = '1 2 3'" in definition and 'content="events"' in definition
    else:
        assert upgraded == before  # PostgreSQL's GIN index finds prefixes as it is
    assert search_counts(store) == found
    store.downgrade("0010")
    assert whole_schema(store) == before
    assert search_counts(store) == found
    store.close()


def search_counts(store: Store) -> list[int]:
    """How many events a few words and prefixes match, through the search the commands use."""
    with store.session() as session:
        counts = [count_events(session, EventQuery(text=words)) for words in ("a", "ap", "apo", "apollo 11", "crew")]
    assert all(counts)
    return counts


LIST_INDEXES = {"ix_event_agencies_event_id_agency_id_role_position": ["event_id", "agency_id", "role", "position"],
                  "ix_event_people_event_id_person_id_role_position": ["event_id", "person_id", "role", "position"],
                  "ix_event_sources_event_id_source_id_position": ["event_id", "source_id", "position"]}


def test_the_list_indexes_come_with_0012_and_go_with_its_downgrade(database_url: str) -> None:
    store = Store(Location(database_url))
    store.upgrade("0011")
    with store.transaction() as session:
        load_bundled_dataset(session, catalogue=False)
    before = whole_schema(store)
    assert not LIST_INDEXES.keys() & link_indexes(store).keys()
    store.upgrade("0012")
    upgraded = link_indexes(store)
    assert {name: upgraded[name] for name in LIST_INDEXES} == LIST_INDEXES
    assert crew_of(store) == ["Nick Hague", "Aleksandr Gorbunov", "Butch Wilmore", "Suni Williams"]
    with store.session() as session:  # the search index's names, gathered in no order, still read as written
        assert integrity.check(session) == []
    store.downgrade("0011")
    assert whole_schema(store) == before
    assert crew_of(store) == ["Nick Hague", "Aleksandr Gorbunov", "Butch Wilmore", "Suni Williams"]
    store.upgrade("0012")
    assert link_indexes(store) == upgraded
    store.close()


def crew_of(store: Store) -> list[str]:
    """The people of one bundled event in their order, as records read them (with or without 0012's indexes)."""
    with store.session() as session:
        return [person.name for person in event_by_slug(session, "crew-9-undocking").people]
