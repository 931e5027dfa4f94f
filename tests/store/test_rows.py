"""Reading records from rows: what was written comes back whole, in order, across batches, on both engines."""

from __future__ import annotations

from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus, Participant, RevisionRecord, RevisionStatus
from tracker.store.database import Store
from tracker.store.query import EventQuery, iter_events
from tracker.store.rows import records_by_slug
from tracker.store.write import import_events


def _event(number: int) -> EventRecord:
    """An event whose lists differ from its neighbours', so a record given another's rows would show."""
    agencies = [Participant(f"Agency {number % 7}", "operator"), Participant(f"Agency {number % 5 + 10}")]
    people = [Participant(f"Person {number}", "commander")] if number % 3 else []
    history = [RevisionRecord(RevisionStatus.SCRUBBED, Span.parse(f"{2000 + number % 20}-03-01"), reason="weather")]
    return EventRecord(slug=f"event-{number:04d}", title=f"Event {number}", kind=EventKind.LAUNCH,
                       status=EventStatus.OCCURRED, span=Span.parse(f"{2000 + number % 20}-03-0{1 + number % 9}"),
                       summary="" if number % 2 else f"Summary {number}", agencies=agencies, people=people,
                       sources=[f"https://example.org/{number}", f"https://example.org/shared/{number % 4}"],
                       history=history if number % 4 == 0 else [])


def test_records_come_back_whole_across_batches(store: Store) -> None:
    written = {record.slug: record for record in map(_event, range(1, 1101))}
    with store.transaction() as session:
        import_events(session, written.values())
    with store.reading() as session:
        read = {match.event.slug: match.event for match in iter_events(session, EventQuery(), batch=250)}
    assert read == written


def test_records_by_slug_reads_only_the_slugs_asked_for(store: Store) -> None:
    with store.transaction() as session:
        import_events(session, map(_event, range(1, 31)))
    with store.reading() as session:
        found = records_by_slug(session, ["event-0004", "event-0017", "no-such-event"])
    assert sorted(found) == ["event-0004", "event-0017"]
    assert found["event-0004"] == _event(4)
