"""Windows of a long result read by key (what the browser scrolls through), counts, and counts per bucket."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from tracker.dates.ranges import EVERY_DATE, DateRange
from tracker.records import EventKind, Membership
from tracker.store.database import Store
from tracker.store.query import (
    EventQuery,
    count_events,
    counts_by_start,
    event_key,
    find_events,
    page_of_events,
)


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


QUERIES = [
    EventQuery(EVERY_DATE),
    EventQuery(DateRange(utc(2025, 7, 1), utc(2025, 9, 1))),
    EventQuery(DateRange(utc(2025, 7, 1), utc(2025, 9, 1)), strict=True),
    EventQuery(EVERY_DATE, kinds=(EventKind.LAUNCH,)),
    EventQuery(EVERY_DATE, text="crew"),
    EventQuery(DateRange(utc(2025, 1, 1), None), agencies=("NASA",)),
]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_forward_and_back_give_the_whole_result_in_order(bundled_store: Store, query: EventQuery) -> None:
    with bundled_store.session() as session:
        every = [match.event.slug for match in find_events(session, query)]
        forward: list[str] = []
        page = page_of_events(session, query, limit=3)
        while page:
            forward.extend(match.event.slug for match in page)
            page = page_of_events(session, query, after=event_key(page[-1].event), limit=3)
        backward: list[str] = []
        page = page_of_events(session, query, before=event_key(page_of_events(session, query, limit=10_000)[-1]
                                                                .event), limit=4)
        while page:
            backward[:0] = [match.event.slug for match in page]
            page = page_of_events(session, query, before=event_key(page[0].event), limit=4)
        assert count_events(session, query) == len(every)
    assert len(every) > 3
    assert forward == every
    assert backward == every[:-1]  # everything before the last event


def test_a_page_keeps_the_within_rule(bundled_store: Store) -> None:
    july = EventQuery(DateRange(utc(2025, 7, 28), utc(2025, 8, 4)))
    with bundled_store.session() as session:
        expected = {match.event.slug: match.membership for match in find_events(session, july)}
        paged = {match.event.slug: match.membership for match in page_of_events(session, july, limit=100)}
    assert paged == expected
    assert Membership.POSSIBLY in paged.values() or Membership.WITHIN in paged.values()


def test_a_page_from_an_instant_starts_at_the_first_event_starting_then(bundled_store: Store) -> None:
    instant = utc(2025, 8, 1)
    with bundled_store.session() as session:
        later = [match.event for match in find_events(session, EventQuery(EVERY_DATE))
                 if match.event.span.lower >= instant]
        page = page_of_events(session, EventQuery(EVERY_DATE), after=(instant, instant, ""), limit=2)
    assert [match.event.slug for match in page] == [event.slug for event in later[:2]]


def test_after_and_before_together_are_refused(bundled_store: Store) -> None:
    key = (utc(2025, 1, 1), utc(2025, 1, 2), "")
    with bundled_store.session() as session, pytest.raises(ValueError, match="not both"):
        page_of_events(session, EventQuery(), after=key, before=key)


def test_counts_by_start_put_each_event_in_the_bucket_of_its_start(bundled_store: Store) -> None:
    edges = [utc(2025, month, 1) for month in range(1, 13)]
    query = EventQuery(EVERY_DATE, kinds=(EventKind.LAUNCH, EventKind.DOCKING))
    with bundled_store.session() as session:
        counts = counts_by_start(session, query, edges)
        starts = [match.event.span.lower for match in find_events(session, query)]
        assert counts_by_start(session, query, edges[:1]) == []
    expected = [sum(1 for start in starts if low <= start < high) for low, high in itertools.pairwise(edges)]
    assert counts == expected
    assert sum(counts) > 0
