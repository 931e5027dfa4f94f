"""Derived data never goes stale: stored bounds, span classes and the search index agree with what the rows say
after every kind of write, and a write that would silently move stored dates is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tracker.dates.when import Span
from tracker.errors import InvalidImport
from tracker.ingest import import_document
from tracker.store.database import Store
from tracker.store.query import EventQuery, find_events
from tracker.store.schema import Event, Place
from tracker.store.tables import span_class


def write(store: Store, document: dict[str, object]) -> None:
    with store.transaction() as session:
        import_document(session, document, "test")


def assert_derived_columns_agree(store: Store) -> None:
    """Every event's bounds and span class are what its stored text means in its zone now."""
    with store.reading() as session:
        rows = session.execute(select(Event.slug, Event.start_iso, Event.end_iso, Event.timezone, Place.timezone,
                                      Event.lower, Event.upper, Event.span_class).outerjoin(Place)).all()
    assert rows
    for slug, start, end, own, place_zone, lower, upper, klass in rows:
        span = Span.parse(start, end, own or place_zone)
        assert (span.lower, span.upper, span_class(span.lower, span.upper)) == (lower, upper, klass), slug


def searched(store: Store, words: str) -> list[str]:
    with store.reading() as session:
        return [match.event.slug for match in find_events(session, EventQuery(text=words))]


TOKYO = {"places": [{"name": "Testville", "timezone": "Asia/Tokyo"}],
         "events": [{"slug": "local", "title": "Local meeting", "start": "2025-03-09T02:30", "place": "Testville"},
                    {"slug": "day", "title": "Local day", "start": "2025-03-25", "place": "Testville"},
                    {"slug": "month", "title": "Local month", "start": "2025-07", "place": "Testville"},
                    {"slug": "fixed", "title": "Fixed launch", "start": "2025-03-09T02:30Z", "place": "Testville"}]}


def test_a_zone_change_that_would_move_stored_dates_is_refused(store: Store) -> None:
    write(store, TOKYO)
    moving = r"'Testville'.*Asia/Tokyo to America/New_York.*3 stored event.*\(day, local, month\)"
    with pytest.raises(InvalidImport, match=moving):
        write(store, {"places": [{"name": "Testville", "timezone": "America/New_York"}]})
    assert_derived_columns_agree(store)
    with store.reading() as session:
        assert session.scalar(select(Place.timezone).where(Place.name == "Testville")) == "Asia/Tokyo"


def test_a_zone_change_moving_nothing_is_taken(store: Store) -> None:
    write(store, {"places": [{"name": "Testville", "timezone": "Asia/Tokyo"}],
                  "events": [{"slug": "fixed", "title": "Fixed", "start": "2025-03-09T02:30Z", "place": "Testville"}]})
    write(store, {"places": [{"name": "Testville", "timezone": "America/New_York"}]})
    assert_derived_columns_agree(store)


def test_every_write_keeps_bounds_classes_and_search_in_step(store: Store) -> None:
    write(store, TOKYO)
    write(store, {"events": [{**TOKYO["events"][0], "start": "2025-03-10", "end": "2025-03-12",  # type: ignore[dict-item]
                              "title": "Renamed meeting", "aliases": ["Conclave"]}]})
    assert_derived_columns_agree(store)
    assert searched(store, "conclave") == ["local"] and searched(store, "renamed") == ["local"]
    write(store, {"places": [{"name": "Testville", "aliases": ["Bourg"]}]})
    assert set(searched(store, "bourg")) == {"local", "day", "month", "fixed"}
    with store.transaction() as session:
        session.execute(text("UPDATE places SET name = 'Newtown' WHERE name = 'Testville'"))
        session.execute(text("UPDATE events SET aliases = 'Synod' WHERE slug = 'local'"))
    assert set(searched(store, "newtown")) == {"local", "day", "month", "fixed"}
    assert searched(store, "synod") == ["local"] and searched(store, "conclave") == []


@pytest.mark.parametrize("instant", ["0999-03-01T10:00:05+00:00", "2025-07-31T00:00:00+00:00",
                                     "2025-07-31T01:02:03.000456+09:00", "9999-12-31T23:59:59+00:00",
                                     "0001-01-01T00:00:00.000001+00:00", "2025-07-31T01:02:03-00:30"])
def test_bulk_inserts_store_instants_as_the_columns_own_processing_does(instant: str) -> None:
    from datetime import datetime

    from sqlalchemy.dialects import sqlite

    from tracker.store.write import _instant_binder

    dialect = sqlite.dialect()
    columns_own = Event.__table__.c.lower.type.dialect_impl(dialect).bind_processor(dialect)
    assert columns_own is not None
    value = datetime.fromisoformat(instant)
    assert _instant_binder(dialect)(value) == columns_own(value)
    assert _instant_binder(dialect)(None) is None
