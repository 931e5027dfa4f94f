"""Span classes (migration 0003): range queries split by class find exactly what the plain overlap rule finds."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.dates.ranges import DateRange
from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus
from tracker.store.database import Store
from tracker.store.query import EventQuery, find_events
from tracker.store.schema import Event
from tracker.store.tables import LONGEST_SPAN_CLASS, span_class
from tracker.store.write import import_events

START = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (timedelta(minutes=1), 0),
        (timedelta(hours=1), 0),
        (timedelta(hours=1, seconds=1), 1),
        (timedelta(hours=4), 1),
        (timedelta(hours=4, seconds=1), 2),
        (timedelta(days=1), 3),  # 24 hours: more than 16, at most 64
        (timedelta(days=366), 7),  # 8,784 hours: at most 4**7 = 16,384
        (timedelta(days=365 * 40), 10),  # 350,400 hours: more than 4**9
        (timedelta(hours=4 ** 12), 12),
        (timedelta(hours=4 ** 12 + 1), LONGEST_SPAN_CLASS),
        (timedelta(days=365 * 5000), LONGEST_SPAN_CLASS),
    ],
)
def test_span_class_is_the_smallest_power_of_four_hours_that_holds_the_interval(duration: timedelta,
                                                                                expected: int) -> None:
    assert span_class(START, START + duration) == expected


def _random_text(rng: random.Random, low: int, high: int) -> str:
    """A date between years `low` and `high` at a random precision: year, month, day or minute (UTC)."""
    moment = datetime(low, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange((high - low) * 525_600))
    day = f"{moment.year:04d}-{moment:%m-%d}"
    return rng.choice([day[:4], day[:7], day, f"{day}T{moment:%H:%M}Z"])


def _random_events(count: int, seed: int) -> list[EventRecord]:
    """Events of every shape: minutes, days, months, years, spans of days to centuries, a few of millennia."""
    rng = random.Random(seed)
    events = []
    for number in range(count):
        start = _random_text(rng, 1950, 2050)
        shape = rng.random()
        if shape < 0.7:
            span = Span.parse(start)
        elif shape < 0.97:
            end_year = int(start[:4]) + rng.choice([0, 1, 5, 30, 200])
            span = Span.parse(start, _random_text(rng, end_year + 1, end_year + 2))
        else:
            span = Span.parse(_random_text(rng, 1, 3), _random_text(rng, 4000, 4001))
        events.append(EventRecord(slug=f"event-{number}", title=f"Event {number}", kind=EventKind.OTHER,
                                  status=EventStatus.OCCURRED, span=span))
    return events


def test_range_queries_find_exactly_the_events_that_overlap(store: Store) -> None:
    events = _random_events(400, seed=7)
    with store.transaction() as session:
        import_events(session, events)
    rng = random.Random(11)
    with store.reading() as session:
        for _ in range(60):
            lower = datetime(1948, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(105 * 8766))
            upper = lower + timedelta(hours=rng.choice([1, 24, 24 * 7, 24 * 31, 24 * 3650]))
            expected = {event.slug for event in events if event.span.lower < upper and event.span.upper > lower}
            found = {match.event.slug for match in find_events(session, EventQuery(DateRange(lower, upper)))}
            assert found == expected, (lower, upper)


def test_the_migration_classes_existing_events_as_writers_do(store: Store) -> None:
    with store.transaction() as session:
        import_events(session, _random_events(200, seed=3))
    store.downgrade("0002")
    store.upgrade("head")
    with store.reading() as session:
        for lower, upper, stored in session.execute(select(Event.lower, Event.upper, Event.span_class)):
            assert stored == span_class(lower, upper), (lower, upper)


def test_ranges_at_the_start_of_the_calendar_find_their_events(store: Store) -> None:
    # A range in year 2 puts the earliest possible start of the longer classes before year 1: they are clamped.
    events = [EventRecord(slug="first-century", title="First century", kind=EventKind.OTHER,
                          status=EventStatus.OCCURRED, span=Span.parse("0001", "0100")),
              EventRecord(slug="a-day-in-year-2", title="A day", kind=EventKind.OTHER, status=EventStatus.OCCURRED,
                          span=Span.parse("0002-03-04"))]
    with store.transaction() as session:
        import_events(session, events)
    lower, upper = datetime(2, 3, 1, tzinfo=UTC), datetime(2, 3, 8, tzinfo=UTC)
    with store.reading() as session:
        found = [match.event.slug for match in find_events(session, EventQuery(DateRange(lower, upper)))]
    assert found == ["first-century", "a-day-in-year-2"]
