"""Windows of a long result read by key (what the browser scrolls through), counts, and counts per bucket."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tracker.dates.ranges import EVERY_DATE, DateRange
from tracker.records import EventKind, Membership
from tracker.store import query as store_query
from tracker.store.database import Store
from tracker.store.interrupt import Cancellation, Interrupted, interruption
from tracker.store.query import (
    EventQuery,
    count_events,
    counts_by_start,
    event_key,
    find_events,
    page_ids,
    page_of_events,
)
from tracker.store.schema import Event
from tracker.store.search import Spelled, matching_events, spelled_out


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


LINKED = [
    EventQuery(EVERY_DATE, agencies=("NASA",)),
    EventQuery(EVERY_DATE, people=("Jared Isaacman", "Suni Williams")),
    EventQuery(EVERY_DATE, agencies=("NASA",), kinds=(EventKind.LAUNCH, EventKind.LANDING)),
    EventQuery(DateRange(utc(1990, 1, 1), utc(2030, 1, 1)), sources=("nasa.gov",)),
    EventQuery(EVERY_DATE, kinds=(EventKind.LAUNCH,)),
    EventQuery(EVERY_DATE, places=("Florida",), kinds=(EventKind.LAUNCH, EventKind.LANDING)),
]


def _paged(session: Session, query: EventQuery, plan: str | None, limit: int) -> tuple[list[int], list[int]]:
    """Every id of `query` read page by page forward, and backward from the end, by `plan`."""
    forward: list[int] = []
    page = page_ids(session, query, limit=limit, plan=plan)
    while page:
        forward.extend(page)
        last = session.get(Event, page[-1])
        assert last is not None
        page = page_ids(session, query, after=(last.lower, last.upper, last.slug), limit=limit, plan=plan)
    backward: list[int] = []
    page = page_ids(session, query, before=(_END, _END, ""), limit=limit, plan=plan)
    while page:
        backward[:0] = reversed(page)
        first = session.get(Event, page[-1])
        assert first is not None
        page = page_ids(session, query, before=(first.lower, first.upper, first.slug), limit=limit, plan=plan)
    return forward, backward


_END = datetime.max.replace(tzinfo=UTC)


@pytest.mark.parametrize("plan", ["walk", "gather", None])
@pytest.mark.parametrize("query", LINKED)
def test_every_plan_pages_through_the_unpaged_result_of_a_filter(bundled_store: Store, query: EventQuery,
                                                                  plan: str | None) -> None:
    with bundled_store.session() as session:
        every = [session.scalars(select(Event.id).where(Event.slug == match.event.slug)).one()
                 for match in find_events(session, query)]
        forward, backward = _paged(session, query, plan, limit=4)
    assert len(every) > 4
    assert forward == every
    assert backward == every


def test_a_walk_out_of_budget_gives_the_page_gathered(bundled_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    query = EventQuery(EVERY_DATE, people=("Jared Isaacman",))
    with bundled_store.session() as session:
        gathered = _paged(session, query, "gather", limit=5)
        monkeypatch.setattr(store_query, "WALK_STEPS", 1)  # the walk stops at once: the page is gathered
        assert _paged(session, query, "walk first", limit=5) == gathered
        assert len(find_events(session, query)) == len(gathered[0]) > 5
        assert session.scalar(select(func.count(Event.id))) > 100  # the session still answers


def test_a_cancelled_question_stops_its_statement_and_the_next(store: Store) -> None:
    cancellation = Cancellation()
    slow = (text("SELECT pg_sleep(30)") if store.dialect == "postgresql" else
            text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
                 "SELECT count(*) FROM n"))
    failed: list[BaseException] = []

    def ask() -> None:
        with store.session() as session, cancellation.watching(session):
            try:
                session.execute(slow)
            except Exception as exc:
                failed.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=ask)
    thread.start()
    time.sleep(0.3)
    cancellation.cancel()
    thread.join(20)
    assert not thread.is_alive() and time.monotonic() - started < 20
    assert len(failed) == 1 and interruption(failed[0])
    with store.session() as session:
        assert session.scalar(text("SELECT 1")) == 1  # other questions go on
        with pytest.raises(Interrupted), cancellation.watching(session):
            pass


EDGES = {
    "decades": [utc(year, 1, 1) for year in range(1950, 2040, 10)],
    "years": [utc(year, 1, 1) for year in range(1995, 2031)],
    "months": [utc(2025, month, 1) for month in range(1, 13)],
    "days": [utc(2025, 7, day) for day in range(1, 32)],
    "hours": [utc(2025, 7, 31, hour) for hour in range(24)],
    "unaligned": [utc(2025, 7, 1, 13, 30), utc(2025, 7, 20), utc(2025, 8, 11, 5)],
}


@pytest.mark.parametrize("edges", EDGES.values(), ids=EDGES.keys())
@pytest.mark.parametrize("query", [EventQuery(EVERY_DATE), EventQuery(EVERY_DATE, agencies=("NASA",))],
                         ids=["every event", "NASA"])
def test_counts_by_prefix_are_the_counts_edge_by_edge(bundled_store: Store, monkeypatch: pytest.MonkeyPatch,
                                                     edges: list[datetime], query: EventQuery) -> None:
    """Edges on whole units are counted by the prefix of each start; the same counts as testing every edge."""
    with bundled_store.session() as session:
        by_prefix = counts_by_start(session, query, edges)
        monkeypatch.setattr(store_query, "_aligned_prefix", lambda edges: None)
        edge_by_edge = counts_by_start(session, query, edges)
    assert by_prefix == edge_by_edge
    assert len(by_prefix) == len(edges) - 1


def test_the_prefix_of_edges_is_their_coarsest_whole_unit() -> None:
    assert [store_query._aligned_prefix(edges) for edges in EDGES.values()] == [3, 4, 7, 10, 13, None]


WORDS = [
    EventQuery(EVERY_DATE, text="a"),
    EventQuery(EVERY_DATE, text="ap"),
    EventQuery(EVERY_DATE, text="crew"),
    EventQuery(EVERY_DATE, text="a s", kinds=(EventKind.LAUNCH,)),
    EventQuery(DateRange(utc(1990, 1, 1), utc(2030, 1, 1)), text="launch", agencies=("NASA",)),
]


@pytest.mark.parametrize("plan", ["walk", "walk set", "gather", None])
@pytest.mark.parametrize("query", WORDS, ids=lambda query: query.text)
def test_every_plan_pages_through_the_unpaged_result_of_words(bundled_store: Store, query: EventQuery,
                                                              plan: str | None) -> None:
    with bundled_store.session() as session:
        every = [session.scalars(select(Event.id).where(Event.slug == match.event.slug)).one()
                 for match in find_events(session, query)]
        forward, backward = _paged(session, query, plan, limit=7)
        # Around a moment in the middle, as the browser opens on today: the pages after and before it.
        middle = session.get(Event, every[len(every) // 2])
        assert middle is not None
        key = (middle.lower, middle.lower, "")
        after = page_ids(session, query, after=key, limit=7, plan=plan)
        before = page_ids(session, query, before=key, limit=5, plan=plan)
    assert len(every) > 7
    assert forward == every
    assert backward == every
    at = every.index(after[0])
    assert after == every[at:at + 7] and before == every[at - 5:at][::-1]


def test_words_out_of_walking_time_give_the_same_pages(bundled_store: Store,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A prefix the index keeps, walked event by event: the walk stopped at once by its time, the next plan finds
    the same pages."""
    query = EventQuery(EVERY_DATE, text="ap")
    with bundled_store.session() as session:
        gathered = _paged(session, query, "gather", limit=6)
        monkeypatch.setattr(store_query, "WORDS_WALK_SECONDS", 0.0)
        assert _paged(session, query, None, limit=6) == gathered
        assert len(gathered[0]) > 6
        assert session.scalar(select(func.count(Event.id))) > 100  # the session still answers


def test_a_longer_prefix_is_asked_as_the_words_it_begins(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        spelled = spelled_out(session, "laun a")
        assert spelled is not None

        def matched(spelled: Spelled | None) -> set[int]:
            return set(session.scalars(select(matching_events(session, "laun a", spelled).subquery().c.event_id)))

        assert matched(spelled) == matched(None) and len(matched(None)) > 10
        if bundled_store.dialect == "postgresql":
            assert spelled == {}  # an event's own words are tested: nothing to spell
            return
        assert set(spelled) == {"laun"}  # "a" is an entry of the prefix index
        assert "launch" in spelled["laun"] and all(term.startswith("laun") for term in spelled["laun"])
        assert spelled_out(session, "космос") is None  # not plain ASCII: left to the index's own reading
        assert spelled_out(session, "zzzzq") is None  # begins no word
