"""Reading records from rows: what was written comes back whole, in order, across batches, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event

from tracker.dates.ranges import LOCAL, DateRange
from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus, Participant, RevisionRecord, RevisionStatus
from tracker.store.database import Store
from tracker.store.query import EventQuery, _between_in_date_order, iter_events, within_rule
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



def test_a_prepared_statement_sends_the_driver_what_sqlalchemy_sends(bundled_store: Store) -> None:
    # The week's statement runs as SQL compiled once and bound by PreparedRows: the same SQL, the same parameters
    # converted the same way (datetimes as the stored text on SQLite) and the same rows as SQLAlchemy's own
    # execution of it, for ranges in UTC and on each event's clocks, on both engines.
    ranges = [DateRange(datetime(2025, 7, 28, tzinfo=UTC), datetime(2025, 8, 4, tzinfo=UTC)),
              DateRange(datetime(1969, 7, 16, 13, 32, 5, 7, tzinfo=UTC), datetime(1969, 7, 24, tzinfo=UTC)),
              DateRange(datetime(2025, 7, 1, tzinfo=UTC), datetime(2025, 8, 1, tzinfo=UTC), zone=LOCAL)]
    sent: list[tuple[str, object]] = []

    def record(connection: object, cursor: object, statement: str, parameters: object, *_: object) -> None:
        sent.append((statement, parameters))

    with bundled_store.reading() as connection:
        event.listen(connection, "before_cursor_execute", record)
        for range_ in ranges:
            params = within_rule(range_).params
            prepared = _between_in_date_order(range_.zone == LOCAL)
            expected = connection.execute(prepared.statement, params).all()
            assert expected
            assert prepared.execute(connection, params, {}).all() == expected
            assert sent[-1] == sent[-2]
