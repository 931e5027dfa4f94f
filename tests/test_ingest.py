"""Writing records: names resolved the way users write them, idempotent re-writes, and date history kept."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.dates.when import Span
from tracker.errors import InvalidImport
from tracker.formats.json import write_events
from tracker.ingest import _NameWatch, import_document
from tracker.names import fold
from tracker.records import (
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Participant,
    RevisionRecord,
    RevisionStatus,
)
from tracker.store.database import Location, Store
from tracker.store.directory import KnownNames
from tracker.store.query import events_between
from tracker.store.stats import counts
from tracker.store.write import BATCH, OnConflict, import_events

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
    with store.reading() as session:
        [event] = events_between(session)
        assert event.place == "Kennedy Space Center"
        assert [(item.name, item.role) for item in event.agencies] == [("Roscosmos", "partner")]
        assert counts(session)["agencies"] == 1


def numbered(count: int, agency: str = "Agence Spatiale", person: str = "Zoë Ortiz") -> list[EventRecord]:
    """Events naming the same agency, person and place, each spelled several ways."""
    spellings = [(agency, person, "Île Kourou"), (agency.upper(), person.lower(), "ile kourou"),
                 (agency.lower(), "ZOE ORTIZ", "ÎLE  KOUROU")]
    return [EventRecord(f"event-{n}", f"Event {n}", EventKind.LAUNCH, EventStatus.OCCURRED, Span.parse("2025-08-01"),
                        place=spellings[n % 3][2], agencies=[Participant(spellings[n % 3][0], "operator")],
                        people=[Participant(spellings[n % 3][1]), Participant(f"Person {n % 7}")],
                        sources=[f"https://example.org/{n % 5}"])
            for n in range(count)]


def test_names_created_in_bulk_are_one_each_and_resolve_afterwards(store: Store) -> None:
    with store.transaction() as session:
        report = import_events(session, numbered(6))
    assert report.created == {"events": 6, "agencies": 1, "people": 7, "places": 1, "sources": 5}
    people = [{"name": "ZOE ortiz", "aliases": ["Zoe O."]}]
    assert write(store, {"people": people, "events": [launch(people=[{"name": "zoe o."}])]}).startswith(
        "1 events created")
    with store.reading() as session:
        events = {event.slug: event for event in events_between(session)}
        assert counts(session)["people"] == 7  # "ZOE ortiz" is Zoë Ortiz, who gained an alias
    assert events["event-1"].place == "Île Kourou"
    assert [item.name for item in events["event-2"].agencies] == ["Agence Spatiale"]
    assert [item.name for item in events["event-2"].people] == ["Zoë Ortiz", "Person 2"]
    assert [item.name for item in events["crew-11-launch"].people] == ["Zoë Ortiz"]


def test_importing_again_after_a_bulk_import_finds_every_event_unchanged(store: Store) -> None:
    records = numbered(BATCH + 10)
    with store.transaction() as session:
        assert import_events(session, records).created["events"] == BATCH + 10
    with store.reading() as session:
        before = counts(session)
    with store.transaction() as session:
        summary = import_events(session, records).summary()
    assert summary == f"0 events created, 0 updated, {BATCH + 10} unchanged, 0 skipped"
    with store.reading() as session:
        assert counts(session) == before


def test_rewriting_the_same_records_changes_nothing(store: Store) -> None:
    document = {"places": PLACES, "agencies": AGENCIES, "events": [launch()]}
    assert write(store, document).startswith("1 events created")
    with store.reading() as session:
        before = counts(session)
    assert write(store, document) == "0 events created, 0 updated, 1 unchanged, 0 skipped"
    with store.reading() as session:
        assert counts(session) == before


def test_a_changed_date_is_kept_in_the_history(store: Store) -> None:
    write(store, {"places": PLACES, "events": [launch(start="2025-07-31T16:09Z")]})
    assert write(store, {"events": [launch()]}).startswith("0 events created, 1 updated")
    with store.reading() as session:
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
    with store.reading() as session:
        assert events_between(session)[0].title == "Crew-11 launch"


def test_an_invalid_record_writes_nothing(store: Store) -> None:
    document = {"places": PLACES, "events": [launch(), launch(slug="bad", start="2025-02-30")]}
    with pytest.raises(InvalidImport, match=r"events\[1\]\.start: invalid date '2025-02-30'"):
        write(store, document)
    with store.reading() as session:
        assert set(counts(session).values()) == {0}  # no event, place, agency, person, source or revision


def test_local_dates_are_read_in_the_place_zone(store: Store) -> None:
    write(store, {"places": PLACES, "events": [launch(start="2025-07-31")]})
    with store.reading() as session:
        [event] = events_between(session)
    assert event.span.lower.isoformat() == "2025-07-31T04:00:00+00:00"


def test_bundled_dataset_exports_and_reimports_identically(bundled_store: Store, tmp_path: Path) -> None:
    with bundled_store.reading() as session:
        first = io.StringIO()
        write_events(events_between(session), first)
    fresh = Store(Location(f"sqlite:///{tmp_path / 'again.db'}"))
    fresh.prepare(lambda message: None)
    write(fresh, json.loads(first.getvalue()))
    with fresh.reading() as session:
        second = io.StringIO()
        write_events(events_between(session), second)
    fresh.close()
    assert second.getvalue() == first.getvalue()
    assert '"slug": "crew-11-launch"' in first.getvalue()


_SPELLINGS = ["NASA", "nasa", "Nasa ", "ESA", "Roscosmos", "Émile Ek", "Emile Ek", "emile  ek", "Baikonur", "Kourou"]


@given(st.lists(st.tuples(st.lists(st.sampled_from(_SPELLINGS), max_size=3),
                          st.lists(st.sampled_from(_SPELLINGS), max_size=3),
                          st.one_of(st.none(), st.sampled_from(_SPELLINGS)),
                          st.lists(st.one_of(st.none(), st.sampled_from(_SPELLINGS)), max_size=2)), max_size=12))
def test_the_name_watch_notes_each_name_once_in_first_spelling_and_order(
        named: list[tuple[list[str], list[str], str | None, list[str | None]]]) -> None:
    known = KnownNames({"agency": {"esa": "ESA"}, "person": {"emile ek": "Émile Ek"}, "place": {"kourou": "Kourou"}})
    events = [EventRecord(f"e{index}", "E", EventKind.OTHER, EventStatus.PLANNED, Span.parse("2030"), place=place,
                          agencies=[Participant(name) for name in agencies],
                          people=[Participant(name) for name in people],
                          history=[RevisionRecord(RevisionStatus.SCRUBBED, place=earlier) for earlier in history])
              for index, (agencies, people, place, history) in enumerate(named)]
    expected: dict[tuple[str, str], str] = {}  # every name looked at, as the watch is documented to note them
    for event in events:
        for kind, name in ([("agency", item.name) for item in event.agencies]
                           + [("person", item.name) for item in event.people]
                           + [("place", place) for place in [event.place, *(item.place for item in event.history)]
                              if place]):
            expected.setdefault((kind, fold(name)), "" if known.knows(kind, name) else name)
    watch = _NameWatch(known, Dataset())
    assert list(watch.watch(events)) == events
    assert list(watch.seen.items()) == list(expected.items())
