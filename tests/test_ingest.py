"""Writing records: names resolved the way users write them, idempotent re-writes, and date history kept."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tracker.errors import InvalidImport
from tracker.formats.json import write_events
from tracker.ingest import OnConflict, import_document
from tracker.query import events_between
from tracker.records import RevisionStatus
from tracker.stats import counts
from tracker.store import Location, Store

PLACES = [{"name": "Kennedy Space Center", "timezone": "America/New_York",
           "aliases": ["KSC", "Centre spatial Kennedy"]}]
AGENCIES = [{"name": "Roscosmos State Corporation", "short_name": "Roscosmos", "kind": "space agency", "country": "RU",
             "aliases": ["Роскосмос"]}]


def launch(**changes: Any) -> dict[str, Any]:
    event = {"slug": "crew-11-launch", "title": "Crew-11 launch", "kind": "launch", "status": "occurred",
             "start": "2025-08-01T15:43Z", "place": "KSC", "agencies": [{"name": "роскосмос", "role": "partner"}],
             "people": [{"name": "Oleg Platonov", "role": "mission specialist"}],
             "sources": ["https://example.org/crew-11"]}
    event.update(changes)
    return event


def write(store: Store, document: Any, on_conflict: OnConflict = OnConflict.UPDATE) -> str:
    with store.transaction() as session:
        return import_document(session, document, "test.json", on_conflict).summary()


def test_names_resolve_by_alias_case_and_accent_insensitively(store: Store) -> None:
    write(store, {"places": PLACES, "agencies": AGENCIES, "events": [launch(place="centre SPATIAL kennedy")]})
    with store.session() as session:
        [event] = events_between(session)
        assert event.place == "Kennedy Space Center"
        assert [(item.name, item.role) for item in event.agencies] == [("Roscosmos", "partner")]
        assert counts(session)["agencies"] == 1


def test_rewriting_the_same_records_changes_nothing(store: Store) -> None:
    document = {"places": PLACES, "agencies": AGENCIES, "events": [launch()]}
    assert write(store, document).startswith("1 events created")
    with store.session() as session:
        before = counts(session)
    assert write(store, document) == "0 events created, 0 updated, 1 unchanged, 0 skipped"
    with store.session() as session:
        assert counts(session) == before


def test_a_changed_date_is_kept_in_the_history(store: Store) -> None:
    write(store, {"places": PLACES, "events": [launch(start="2025-07-31T16:09Z")]})
    assert write(store, {"events": [launch()]}).startswith("0 events created, 1 updated")
    with store.session() as session:
        [event] = events_between(session)
    assert event.span.start.iso() == "2025-08-01T15:43Z"
    [revision] = event.history
    assert revision.status == RevisionStatus.SUPERSEDED
    assert revision.span is not None and revision.span.start.iso() == "2025-07-31T16:09Z"


def test_skip_and_fail_leave_a_changed_event_alone(store: Store) -> None:
    write(store, {"places": PLACES, "events": [launch()]})
    assert "1 skipped" in write(store, {"events": [launch(title="Another title")]}, OnConflict.SKIP)
    with pytest.raises(InvalidImport, match="'crew-11-launch' already exists"):
        write(store, {"events": [launch(title="Another title")]}, OnConflict.FAIL)
    with store.session() as session:
        assert events_between(session)[0].title == "Crew-11 launch"


def test_an_invalid_record_writes_nothing(store: Store) -> None:
    document = {"places": PLACES, "events": [launch(), launch(slug="bad", start="2025-02-30")]}
    with pytest.raises(InvalidImport, match=r"events\[1\]\.start: invalid date '2025-02-30'"):
        write(store, document)
    with store.session() as session:
        assert counts(session)["events"] == 0
        assert counts(session)["places"] == 0


def test_local_dates_are_read_in_the_place_zone(store: Store) -> None:
    write(store, {"places": PLACES, "events": [launch(start="2025-07-31")]})
    with store.session() as session:
        [event] = events_between(session)
    assert event.span.lower.isoformat() == "2025-07-31T04:00:00+00:00"


def test_bundled_dataset_exports_and_reimports_identically(bundled_store: Store, tmp_path: Path) -> None:
    with bundled_store.session() as session:
        first = io.StringIO()
        write_events(events_between(session), first)
    fresh = Store(Location(f"sqlite:///{tmp_path / 'again.db'}"))
    fresh.prepare(lambda message: None)
    write(fresh, json.loads(first.getvalue()))
    with fresh.session() as session:
        second = io.StringIO()
        write_events(events_between(session), second)
    fresh.close()
    assert second.getvalue() == first.getvalue()
    assert '"slug": "crew-11-launch"' in first.getvalue()
