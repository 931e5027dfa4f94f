"""Records -> store -> records, on SQLite and PostgreSQL: whatever is written comes back equal, history included."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.dates.when import Span, When
from tracker.names import fold
from tracker.records import EventKind, EventRecord, EventStatus, Outcome, Participant, RevisionRecord, RevisionStatus
from tracker.store.database import Store
from tracker.store.rows import records_by_slug
from tracker.store.write import import_events

words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=24).map(
    str.strip).filter(bool)
texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
"""Free text: anything a format accepts (they refuse NUL, which PostgreSQL cannot store)."""
SPANS = [("2025", None), ("2025-07", None), ("2025-07-31", None), ("2025-08-01T15:43Z", None),
         ("2025-08-01T11:43:07-04:00", None), ("1957-10-04T19:28:34Z", None), ("2025-07-28", "2025-08-03"),
         ("2024-06-05T14:52Z", "2024-09-07T04:01Z"), ("2025-07-31T12:09", None)]
"""Dates as written: at every precision, with and without an offset (local ones read in the event's zone)."""
_numbers: Iterator[int] = itertools.count()


@st.composite
def events(draw: st.DrawFn) -> EventRecord:
    zone = draw(st.sampled_from([None, "America/New_York", "Asia/Almaty"]))
    spans = st.sampled_from(SPANS).map(lambda texts: Span.parse(*texts, zone))
    span = draw(spans)
    revisions = st.builds(RevisionRecord, st.sampled_from(RevisionStatus), spans | st.none(), st.none(),
                          texts, st.none(), st.just(When.parse("2025-08-01T12:00:00Z")))
    number = next(_numbers)  # one launch per designation: records sharing one are linked as one event
    return EventRecord(
        slug=f"event-{number}",
        title=draw(words),
        kind=draw(st.sampled_from(EventKind)),
        status=draw(st.sampled_from(EventStatus)),
        span=span,
        timezone=zone,  # local dates are read in the event's own zone (it has no place here)
        summary=draw(texts),
        agencies=draw(st.lists(st.builds(Participant, words, st.sampled_from(["", "launch provider", "host"])),
                               max_size=3, unique_by=lambda item: (fold(item.name), item.role))),
        people=draw(st.lists(st.builds(Participant, words, st.sampled_from(["", "commander"])), max_size=2,
                             unique_by=lambda item: (fold(item.name), item.role))),
        sources=draw(st.lists(st.from_regex(r"https://example\.org/[a-z]{1,8}", fullmatch=True), max_size=2,
                              unique=True)),
        history=draw(st.lists(revisions, max_size=2)),
        outcome=draw(st.none() | st.sampled_from(Outcome)),
        designation=draw(st.none() | st.just(f"{1957 + number % 60}-{number:03d}")),
        aliases=draw(st.lists(words, max_size=2, unique_by=fold)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(events(), min_size=1, max_size=4))
def test_records_come_back_as_they_were_written(store: Store, records: list[EventRecord]) -> None:
    # Names are matched case- and accent-insensitively, so one spelling per folded name is written.
    with store.transaction() as session:
        import_events(session, records)
    with store.reading() as session:
        back = records_by_slug(session, [record.slug for record in records])
    for record in records:
        assert back[record.slug] == _spelled_as_stored(record, back[record.slug])


def _spelled_as_stored(record: EventRecord, stored: EventRecord) -> EventRecord:
    """`record` with each name as the store spells it: a name written twice in two cases is one entry."""
    from dataclasses import replace

    agencies = {fold(item.name): item.name for item in stored.agencies}
    people = {fold(item.name): item.name for item in stored.people}
    return replace(record,
                   agencies=[Participant(agencies.get(fold(item.name), item.name), item.role)
                             for item in record.agencies],
                   people=[Participant(people.get(fold(item.name), item.name), item.role)
                           for item in record.people])
