"""What the browser asks of the store, through the functions the commands use: pages of a query in date order,
counts, counts per bucket, names for completion, one event, claims checked, a query's events for export. Each
call opens a session of its own, so calls can run in worker threads while the screen stays live."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime

from tracker.factcheck.candidates import check_claims, load_lexicon
from tracker.factcheck.claims import CheckResult
from tracker.factcheck.reading import read_claims
from tracker.records import EventRecord, Match
from tracker.store.database import Store
from tracker.store.directory import every_name
from tracker.store.interrupt import Cancellation, asked
from tracker.store.query import (
    EventKey,
    EventQuery,
    count_events,
    counts_by_start,
    event_by_slug,
    event_named,
    iter_events,
    page_of_events,
    source_titles,
)
from tracker.vehicles import bundled_vehicle_families

_END_OF_TIME = datetime.max.replace(tzinfo=UTC)


class StoreReader:
    """The browser's window on a store."""

    def __init__(self, store: Store, today: Callable[[], date]) -> None:
        self.store = store
        self.today = today

    def page(self, query: EventQuery, *, after: EventKey | None = None, before: EventKey | None = None,
             limit: int = 100, cancellation: Cancellation | None = None) -> list[Match]:
        """Up to `limit` matches in date order, from the start, after `after` or before `before`; the statements stop
        (raising) once `cancellation` is cancelled."""
        with asked(self.store, cancellation) as session:
            return page_of_events(session, query, after=after, before=before, limit=limit)

    def count(self, query: EventQuery, cancellation: Cancellation | None = None) -> int:
        """How many events match `query` (stopped, raising, once `cancellation` is cancelled)."""
        with asked(self.store, cancellation) as session:
            return count_events(session, query)

    def density(self, query: EventQuery, edges: Sequence[datetime],
                cancellation: Cancellation | None = None) -> list[int]:
        """How many matches of `query` start between each pair of `edges` (stopped, raising, once `cancellation` is
        cancelled)."""
        with asked(self.store, cancellation) as session:
            return counts_by_start(session, query, edges)

    def extent(self) -> tuple[datetime, datetime] | None:
        """The first and the last start in the store (what "every date" spans), None when it is empty."""
        with self.store.reading() as session:
            first = page_of_events(session, EventQuery(), limit=1)
            last = page_of_events(session, EventQuery(), before=(_END_OF_TIME, _END_OF_TIME, ""), limit=1)
        if not first or not last:
            return None
        return first[0].event.span.lower, last[0].event.span.lower

    def names(self) -> dict[str, list[str]]:
        """Known names by filter field (agency, person, place, vehicle family), with aliases, for completion."""
        with self.store.reading() as session:
            known = every_name(session)
        found = {field: [name for spelled, others in names.items() for name in (spelled, *others)]
                 for field, names in (("agency", known.agencies), ("person", known.people), ("place", known.places))}
        found["vehicle"] = [name for family in bundled_vehicle_families().families
                            for name in (family.name, *family.names)]
        return found

    def event(self, slug: str) -> EventRecord:
        """The whole record of the event `slug` (for its card)."""
        with self.store.reading() as session:
            return event_by_slug(session, slug)

    def named(self, name: str) -> EventRecord:
        """The event `name` designates, by slug or by name, as `tracker show NAME` finds it; raises NotFound
        saying which events it fits, or the closest slugs."""
        with self.store.reading() as session:
            return event_named(session, name)

    def check(self, claim: str) -> list[CheckResult]:
        """The verdicts on `claim`, as `tracker check CLAIM` reads and checks it."""
        with self.store.reading() as session:
            lexicon = load_lexicon(session, for_text=claim)
            return check_claims(session, read_claims(claim, lexicon, today=self.today()))

    def titles(self, urls: Sequence[str]) -> dict[str, str]:
        """The title of each of `urls` known by one (an article kept under a URN), as `tracker show` and `tracker
        check` show such sources."""
        with self.store.reading() as session:
            return source_titles(session, urls)

    def export(self, query: EventQuery, write: Callable[[Iterable[EventRecord]], int]) -> int:
        """Hand every event matching `query`, streamed in date order, to `write`; how many it wrote."""
        with self.store.reading() as session:
            return write(match.event for match in iter_events(session, query))
