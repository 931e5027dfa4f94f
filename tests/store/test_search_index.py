"""Bulk imports index each new event once (migration 0004) and leave the index exactly as the per-row triggers
would: same content, triggers still firing for every later write, nothing left suspended after a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.orm import Session

from tracker.cli import cli
from tracker.dates.when import Span
from tracker.editing import add_event
from tracker.records import (
    AgencyRecord,
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Participant,
    PersonRecord,
    PlaceRecord,
)
from tracker.store.database import Location, Store
from tracker.store.query import EventQuery, find_events
from tracker.store.schema import Event
from tracker.store.search_index import BULK_SEARCH_HASH_BYTES, bulk_load, indexed_once
from tracker.store.stats import counts
from tracker.store.write import import_events, write_dataset

HEADER = "slug,title,kind,status,start,end,timezone,place,agencies,people,summary,sources"


def index_content(session: Session) -> list[tuple[object, ...]]:
    """Every row of the full-text index, in event order, as comparable values.

    On PostgreSQL each document is compared as its words with the weights of their occurrences, without their
    positions: a position depends on the order in which string_agg meets an event's names, which PostgreSQL
    leaves to the plan (the trigger function and the bulk view may be planned differently), and search matches
    and ranks (ts_rank) by words and weights."""
    if session.get_bind().dialect.name == "postgresql":
        sql = ("SELECT event_id, (SELECT string_agg(lexeme || ':' || (SELECT string_agg(weight, '' ORDER BY weight) "
               "FROM unnest(weights) AS weight), ' ' ORDER BY lexeme) FROM unnest(document)) "
               "FROM event_search ORDER BY event_id")
    else:
        sql = "SELECT rowid, title, summary, names FROM event_search ORDER BY rowid"
    return [tuple(row) for row in session.execute(text(sql))]


def is_suspended(session: Session) -> bool:
    """Whether the insert triggers are suspended for this transaction (on SQLite: dropped, or told to skip)."""
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(text("SELECT current_setting('tracker.search_suspended', true)")) == "on"
    triggers = session.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                                   "('event_search_insert', 'event_search_event_agencies_insert', "
                                   "'event_search_event_people_insert')"))
    return triggers != 3 or bool(session.scalar(text("SELECT count(*) FROM event_search_suspended")))


def slugs(store: Store, words: str) -> list[str]:
    with store.session() as session:
        return [match.event.slug for match in find_events(session, EventQuery(text=words))]


def record(slug: str, title: str, agency: str = "NASA", person: str = "Oleg Platonov") -> EventRecord:
    return EventRecord(slug, title, EventKind.OTHER, EventStatus.PLANNED, Span.parse("2030-01-01"),
                       place="Baikonur", agencies=[Participant(agency, "operator")], people=[Participant(person)])


def test_a_bulk_import_writes_the_index_the_triggers_would(bundled_store: Store) -> None:
    with bundled_store.transaction() as session:  # the bundled dataset went in through the bulk path
        bulk = index_content(session)
        # Make the triggers index every event again, from the same rows.
        session.execute(text("UPDATE events SET title = title"))
        assert index_content(session) == bulk
        assert len(bulk) == counts(session)["events"]


def test_rows_other_tools_insert_are_still_indexed(bundled_store: Store) -> None:
    with bundled_store.engine.begin() as connection:
        event_id = connection.execute(text(
            "INSERT INTO events (slug, title, kind, status, start_iso, precision, lower, upper, summary, created_at, "
            "updated_at) VALUES ('outside', 'Written by hand', 'other', 'planned', '2030', 1, '2030-01-01', "
            "'2031-01-01', '', '2026-01-01', '2026-01-01') RETURNING id")).scalar_one()
        connection.execute(text("INSERT INTO event_agencies (event_id, agency_id, role, position) "
                                "SELECT :event, id, '', 0 FROM agencies WHERE short_key = 'roscosmos'"),
                           {"event": event_id})
    assert slugs(bundled_store, "Роскосмос hand") == ["outside"]


def test_triggers_fire_for_edits_in_the_transaction_that_bulk_imported(bundled_store: Store) -> None:
    with bundled_store.transaction() as session:
        import_events(session, [record("quokka-one", "Quokka one"), record("quokka-two", "Quokka two")])
        assert not is_suspended(session)
        session.execute(text("UPDATE events SET title = 'Wombat one' WHERE slug = 'quokka-one'"))
        session.execute(text("DELETE FROM event_people WHERE event_id = (SELECT id FROM events "
                             "WHERE slug = 'quokka-two')"))
    assert slugs(bundled_store, "quokka") == ["quokka-two"]
    assert slugs(bundled_store, "wombat platonov") == ["quokka-one"]
    assert slugs(bundled_store, "quokka platonov") == []


def test_a_block_that_fails_leaves_nothing_suspended_and_nothing_written(store: Store) -> None:
    with store.transaction() as session:
        with pytest.raises(RuntimeError), indexed_once(session):
            session.add(Event(slug="lost", title="Lost numbat", kind=EventKind.OTHER, status=EventStatus.PLANNED,
                              start_iso="2030", precision=1, lower=Span.parse("2030").lower,
                              upper=Span.parse("2030").upper))
            session.flush()
            raise RuntimeError("interrupted")
        assert not is_suspended(session)
        assert session.scalar(text("SELECT count(*) FROM events")) == 0
        add_event(session, record("kept", "Kept bilby"), create_missing=True)  # a later write, indexed as usual
    assert slugs(store, "bilby") == ["kept"]
    assert slugs(store, "numbat") == []


def test_an_import_that_fails_midway_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    rows = [f"e{n},Event {n} dingo,launch,occurred,2025-01-01,,,Baikonur,NASA (operator),P {n % 9},," for n in
            range(2500)]  # more than one batch of 2,000 is written before the bad row is read
    rows.append("bad,Bad,launch,occurred,2025-13-01,,,,,,,")
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    result = CliRunner().invoke(cli, ["--db", store.location.url, "import", "--create-names", str(path)])
    assert result.exit_code == 2
    assert "line 2502, column start" in result.stderr
    with store.session() as session:
        assert counts(session)["events"] == 0
        assert index_content(session) == []
    with store.transaction() as session:
        add_event(session, record("after", "After dingo"), create_missing=True)
        assert not is_suspended(session)
    assert slugs(store, "dingo") == ["after"]


def test_sqlite_insert_triggers_come_back_as_they_were(sqlite_url: str) -> None:
    store = Store(Location(sqlite_url))
    store.prepare(notify=lambda message: None)
    triggers = text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    with store.session() as session:
        before = session.execute(triggers).all()
    with store.transaction() as session:
        import_events(session, [record("quokka-one", "Quokka one")])
    with store.session() as session:
        assert session.execute(triggers).all() == before
    store.close()


def schema(session: Session) -> list[tuple[object, ...]]:
    """Every index and trigger with its definition, by name; on PostgreSQL, with whether each trigger fires."""
    if session.get_bind().dialect.name == "postgresql":
        sql = ("SELECT 'index', indexname, tablename, indexdef, '' FROM pg_indexes WHERE schemaname = current_schema() "
               "UNION ALL SELECT 'trigger', tgname, tgrelid::regclass::text, pg_get_triggerdef(oid), tgenabled::text "
               "FROM pg_trigger WHERE NOT tgisinternal ORDER BY 2")
    else:
        sql = "SELECT type, name, tbl_name, sql, '' FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
    return [tuple(row) for row in session.execute(text(sql))]


def test_an_empty_store_is_loaded_without_its_secondary_indexes_and_insert_triggers(store: Store) -> None:
    postgresql = store.engine.dialect.name == "postgresql"
    with store.transaction() as session:
        before = schema(session)
        with bulk_load(session) as bulk:
            during = {name: enabled for _, name, _, _, enabled in schema(session)}
        assert bulk and schema(session) == before
    dropped = {name for _, name, _, _, _ in before} - during.keys()
    assert {"ix_events_lower_upper", "ix_event_agencies_agency_id_event_id",
            "ix_event_sources_source_id_event_id"} <= dropped
    assert not {"uq_events_slug", "ix_events_designation"} & dropped  # the load looks events up by both
    if postgresql:
        assert "ix_event_search_document" in dropped and "event_search_pkey" in during
        assert [during[name] for name in ("event_search_event", "event_search_event_agencies",
                                          "event_search_event_people", "event_search_agencies")] == ["D", "D", "D", "O"]
    else:
        assert {"event_search_insert", "event_search_event_agencies_insert"} <= dropped


def test_a_store_holding_events_is_written_without_the_bulk_path(bundled_store: Store) -> None:
    with bundled_store.transaction() as session:
        before = schema(session)
        with bulk_load(session) as bulk:
            assert not bulk and schema(session) == before


def test_an_import_into_an_empty_store_builds_indexes_after_the_load_as_they_were(store: Store) -> None:
    with store.session() as session:
        before = schema(session)
    events = [record(f"e{n}", f"Quokka {n}", person=f"Person {n % 7}") for n in range(4500)]  # three batches
    events.append(record("e3", "Wombat three", agency="ESA"))  # named again in the load: updated, then indexed
    with store.transaction() as session:
        report = import_events(session, events)
        assert not is_suspended(session)
        assert schema(session) == before
        bulk = index_content(session)
        session.execute(text("UPDATE events SET title = title"))  # the triggers index every event again
        assert index_content(session) == bulk and len(bulk) == 4500
    assert (report.created["events"], report.updated) == (4500, 1)
    assert slugs(store, "wombat esa") == ["e3"]
    assert sorted(slugs(store, "quokka")) == sorted(f"e{n}" for n in range(4500) if n != 3)


def test_names_indexed_from_the_records_are_those_the_triggers_give(store: Store) -> None:
    # Links given out of id order, one agency in two roles, aliases given out of folded order on every kind.
    dataset = Dataset(
        agencies=[AgencyRecord("Zeta Agency", "ZA", aliases=["Zed", "Ängel", "alpha"]), AgencyRecord("Alpha Agency"),
                  AgencyRecord("Гагарин Центр", aliases=["GCTC"])],
        people=[PersonRecord("Yuri Bolt", aliases=["Юрий", "Bolt Y."]), PersonRecord("Anna Ek")],
        places=[PlaceRecord("Baikonur", "Asia/Almaty", aliases=["Байконур", "Tyuratam"])],
        events=[EventRecord(f"e{n}", f"Quokka {n}", EventKind.OTHER, EventStatus.PLANNED, Span.parse("2030-01-01"),
                            place="Baikonur" if n % 2 else None, aliases=["Q one", "Q uno"] if n % 3 else [],
                            agencies=[Participant("Гагарин Центр", "host"), Participant("ZA", "operator"),
                                      Participant("Alpha Agency"), Participant("Zeta Agency", "customer")],
                            people=[Participant("Anna Ek"), Participant("Юрий", "commander")][: n % 3])
                for n in range(6)])
    with store.transaction() as session:
        write_dataset(session, dataset)
        bulk = index_content(session)
        session.execute(text("UPDATE events SET title = title"))  # the triggers index every event again
        assert index_content(session) == bulk and len(bulk) == 6


def test_a_bulk_load_that_fails_leaves_every_index_and_trigger(store: Store) -> None:
    with store.session() as session:
        before = schema(session)

    def failing() -> Iterator[EventRecord]:
        yield from (record(f"e{n}", f"Quokka {n}") for n in range(2500))
        raise RuntimeError("the file could not be read further")

    with pytest.raises(RuntimeError), store.transaction() as session:
        import_events(session, failing())
    with store.session() as session:
        assert schema(session) == before
        assert counts(session)["events"] == 0 and index_content(session) == []
    with store.transaction() as session:  # the next import into the still empty store takes the bulk path again
        import_events(session, [record("after", "After quokka")])
    assert slugs(store, "quokka") == ["after"]


SEARCH_CONFIGURATION = text("SELECT k, v FROM event_search_config ORDER BY k")


def test_a_sqlite_bulk_load_indexes_with_a_larger_hash_then_leaves_the_configuration_as_it_was(
        sqlite_url: str) -> None:
    store = Store(Location(sqlite_url))
    store.prepare(notify=lambda message: None)
    with store.session() as session:
        before = session.execute(SEARCH_CONFIGURATION).all()
    assert [key for key, _ in before] == ["version"]
    with store.transaction() as session:
        with bulk_load(session) as bulk:
            assert bulk
            assert ("hashsize", BULK_SEARCH_HASH_BYTES) in session.execute(SEARCH_CONFIGURATION).all()
        assert session.execute(SEARCH_CONFIGURATION).all() == before
    with store.transaction() as session:  # still empty: the bulk path again
        import_events(session, [record(f"e{n}", f"Quokka {n}") for n in range(2500)])  # two batches
    with store.session() as session:
        assert session.execute(SEARCH_CONFIGURATION).all() == before
    assert len(slugs(store, "quokka")) == 2500
    store.close()


def test_a_failed_sqlite_bulk_load_leaves_the_search_configuration_as_it_was(sqlite_url: str) -> None:
    store = Store(Location(sqlite_url))
    store.prepare(notify=lambda message: None)
    with store.session() as session:
        before = session.execute(SEARCH_CONFIGURATION).all()

    def failing() -> Iterator[EventRecord]:
        yield from (record(f"e{n}", f"Quokka {n}") for n in range(2500))
        raise RuntimeError("the file could not be read further")

    with pytest.raises(RuntimeError), store.transaction() as session:
        import_events(session, failing())
    with store.session() as session:
        assert session.execute(SEARCH_CONFIGURATION).all() == before
    store.close()


def test_a_search_hash_size_the_owner_set_is_kept_by_a_sqlite_bulk_load(sqlite_url: str) -> None:
    store = Store(Location(sqlite_url))
    store.prepare(notify=lambda message: None)
    with store.transaction() as session:
        session.execute(text("INSERT INTO event_search (event_search, rank) VALUES ('hashsize', 2097152)"))
    with store.transaction() as session:
        with bulk_load(session) as bulk:
            assert bulk and ("hashsize", 2097152) in session.execute(SEARCH_CONFIGURATION).all()
        import_events(session, [record("quokka-one", "Quokka one")])
    with store.session() as session:
        assert session.execute(SEARCH_CONFIGURATION).all() == [("hashsize", 2097152), ("version", 4)]
    store.close()


def test_a_postgresql_role_that_does_not_own_the_tables_imports_without_the_bulk_path(
        empty_postgres_url: str) -> None:
    store = Store(Location(empty_postgres_url))
    store.prepare(notify=lambda message: None)
    role = f"tracker_test_writer_{os.getpid()}"  # roles belong to the server: unique, and dropped after
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{role}"')
        connection.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        connection.exec_driver_sql(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
        connection.exec_driver_sql(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    try:
        with store.transaction() as session:
            session.execute(text(f'SET LOCAL ROLE "{role}"'))
            before = schema(session)
            with bulk_load(session) as bulk:
                assert not bulk  # it could neither drop the indexes nor disable the triggers
            import_events(session, [record("quokka-one", "Quokka one"), record("quokka-two", "Quokka two")])
            assert schema(session) == before
        assert slugs(store, "quokka platonov") == ["quokka-one", "quokka-two"]
    finally:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f'DROP OWNED BY "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')
        store.close()


def test_an_import_leaves_the_postgresql_sessions_planner_settings_as_they_were(empty_postgres_url: str) -> None:
    store = Store(Location(empty_postgres_url))
    store.prepare(notify=lambda message: None)
    with store.transaction() as session:
        before = session.scalar(text("SELECT current_setting('plan_cache_mode')"))
        import_events(session, [record("quokka-one", "Quokka one")])  # its rows copied with generic plans
        assert session.scalar(text("SELECT current_setting('plan_cache_mode')")) == before == "force_custom_plan"
    store.close()
