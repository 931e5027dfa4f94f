"""The label rule on both engines: the SQL of store/query.py selects, counts, pages and buckets exactly what
DateRange.membership says, for events in many zones at every precision, against ranges read in several zones."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from tracker.dates.ranges import LOCAL, DateRange
from tracker.dates.when import Span
from tracker.errors import InvalidDate
from tracker.records import EventKind, EventRecord, EventStatus, Membership
from tracker.store.database import Store
from tracker.store.query import EventQuery, count_events, counts_by_start, find_events, page_of_events
from tracker.store.write import import_events

ZONES = [None, "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Paris"]


def _random_events(count: int, seed: int) -> list[EventRecord]:
    """Dates near the turn of a few months, at every precision, in zones far east and far west of UTC."""
    rng = random.Random(seed)
    events = []
    for number in range(count):
        moment = datetime(2025, 7, 1) + timedelta(minutes=rng.randrange(92 * 1440))  # noqa: DTZ001 - a wall clock
        day = f"{moment:%Y-%m-%d}"
        start = rng.choice([day[:4], day[:7], day, day, f"{day}T{moment:%H}", f"{day}T{moment:%H:%M}"])
        zone = rng.choice(ZONES)
        end = None
        if rng.random() < 0.25:
            later = moment + timedelta(hours=rng.choice([2, 30, 24 * 9]))
            later_day = f"{later:%Y-%m-%d}"
            end = rng.choice([later_day, f"{later_day}T{later:%H:%M}"]) if len(start) >= 10 else later_day[:len(start)]
        try:
            span = Span.parse(start, end, zone)
        except InvalidDate:  # an end a clock change or the start makes impossible: drawn again next time
            continue
        events.append(EventRecord(slug=f"event-{number}", title=f"Event {number}", kind=EventKind.OTHER,
                                  status=EventStatus.OCCURRED, span=span, timezone=zone))
    return events


def _random_ranges(rng: random.Random, count: int) -> list[DateRange]:
    ranges = []
    for _ in range(count):
        lower = datetime(2025, 6, 25, tzinfo=UTC) + timedelta(hours=rng.randrange(100 * 24))
        if rng.random() < 0.7:
            lower = lower.replace(hour=0)
        upper = lower + timedelta(hours=rng.choice([1, 5, 24, 48, 24 * 7, 24 * 31]))
        shape = rng.random()
        found = DateRange(lower if shape > 0.1 else None, upper if shape < 0.9 or shape <= 0.1 else None)
        ranges.append(found.read_in(rng.choice(["Asia/Tokyo", "America/Los_Angeles"])) if rng.random() < 0.3
                      else found)
    return ranges


def test_sql_and_python_agree_on_every_range(store: Store) -> None:
    events = _random_events(300, seed=5)
    with store.transaction() as session:
        import_events(session, events)
    rng = random.Random(17)
    with store.reading() as session:
        for range_ in _random_ranges(rng, 40):
            expected = {event.slug: membership for event in events
                        if (membership := range_.membership(event.span)) is not None}
            within = {slug for slug, membership in expected.items() if membership == Membership.WITHIN}
            found = {match.event.slug: match.membership for match in find_events(session, EventQuery(range_))}
            assert found == expected, range_
            strict = EventQuery(range_, strict=True)
            assert {match.event.slug for match in find_events(session, strict)} == within, range_
            assert count_events(session, EventQuery(range_)) == len(expected), range_
            assert count_events(session, strict) == len(within), range_
            paged = {match.event.slug: match.membership for match in page_of_events(session, EventQuery(range_),
                                                                                    limit=1000)}
            assert paged == expected, range_


def test_each_events_own_clocks_agree_too(store: Store) -> None:
    events = _random_events(200, seed=8)
    with store.transaction() as session:
        import_events(session, events)
    rng = random.Random(3)
    with store.reading() as session:
        for range_ in _random_ranges(rng, 20):
            local = range_.read_in(LOCAL) if range_.zone is None else range_
            expected = {event.slug for event in events if local.membership(event.span) is not None}
            assert {match.event.slug for match in find_events(session, EventQuery(local))} == expected, local


@pytest.mark.parametrize(("start", "zone", "bucket"), [
    ("2025-08-01", "Asia/Tokyo", 1),  # printed 1 Aug: August's bar, though it begins on 31 July in UTC
    ("2025-07-31", "America/New_York", 0),  # printed 31 Jul: July's bar, though it ends on 1 August in UTC
    ("2025-08-01T05:00", "Asia/Tokyo", 0),  # known to the hour: its instant, 31 July 20:00 UTC
])
def test_the_density_strip_counts_an_event_under_its_printed_date(store: Store, start: str, zone: str,
                                                                  bucket: int) -> None:
    event = EventRecord(slug="the-event", title="The event", kind=EventKind.OTHER, status=EventStatus.OCCURRED,
                        span=Span.parse(start, None, zone), timezone=zone)
    with store.transaction() as session:
        import_events(session, [event])
    edges = [datetime(2025, 7, 1, tzinfo=UTC), datetime(2025, 8, 1, tzinfo=UTC), datetime(2025, 9, 1, tzinfo=UTC)]
    summer = EventQuery(DateRange(edges[0], edges[-1]))
    with store.reading() as session:
        counts = counts_by_start(session, summer, edges)
    assert counts == [1 if index == bucket else 0 for index in range(2)]
