"""Checking claims against a store: the names it knows (for reading claims), the events a claim may mean (found
with the timeline's own queries and full-text search, never by loading everything), and `factcheck`'s verdicts."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tracker.dates.ranges import EVERY_DATE, DateRange
from tracker.errors import NotFound
from tracker.factcheck.claims import CheckResult, Claim, Verdict
from tracker.factcheck.geography import using_tree
from tracker.factcheck.matching import check
from tracker.factcheck.mentions import Lexicon, numeral_forms, text_words
from tracker.factcheck.vocabulary import Assertion
from tracker.records import EventKind, EventRecord, Outcome
from tracker.store.directory import every_name, is_known_place
from tracker.store.query import (
    EventQuery,
    close_slugs,
    event_by_slug,
    find_events,
    first_launch,
    flight_events,
    nearest_events,
)
from tracker.store.trees import place_contents

if TYPE_CHECKING:
    from tracker.store.reading import Reader

_LIMIT = 60  # events per cue: enough to rank (the best first), bounded however large the store
_WORD_QUERIES = 6  # content words looked up one by one in the full-text index
_NEAR = timedelta(days=45)


def load_lexicon(session: Reader, for_text: str | None = None) -> Lexicon:
    """Every name and alias of the store's people, agencies (by short name, as events show them) and places; with
    `for_text`, the agencies and places that text may name (see Lexicon.build)."""
    names = every_name(session, None if for_text is None else text_words(for_text))
    return Lexicon.build(people=names.people, agencies=names.agencies, places=names.places,
                         vehicles=names.vehicles, for_text=for_text)


_CACHED_QUERIES = 256
"""Candidate queries whose answers are kept (the most recently used): a draft names the same people again and
again, but a file of 100,000 claims asks as many different questions, and keeping every answer grew to gigabytes."""


class _Finder:
    """Runs each candidate query once while it is among the `_CACHED_QUERIES` last used."""

    def __init__(self, session: Reader) -> None:
        self.session = session
        self._cache: OrderedDict[EventQuery, list[EventRecord]] = OrderedDict()
        self._known_places: dict[str, bool] = {}

    def events(self, query: EventQuery) -> list[EventRecord]:
        if query in self._cache:
            self._cache.move_to_end(query)
            return self._cache[query]
        found = [match.event for match in find_events(self.session, query)]
        self._cache[query] = found
        if len(self._cache) > _CACHED_QUERIES:
            self._cache.popitem(last=False)
        return found

    def _store_places(self, names: tuple[str, ...]) -> list[str]:
        """The claim's place names that are store places: `--place` takes in everything inside each."""
        return [name for name in dict.fromkeys(names) if self._is_place(name)]

    def _is_place(self, name: str) -> bool:
        if name not in self._known_places:
            self._known_places[name] = is_known_place(self.session, name)
        return self._known_places[name]

    def candidates(self, claim: Claim) -> list[EventRecord]:
        """The events any cue of `claim` points at: its slug, people, places, missions, words, kinds."""
        found: dict[str, EventRecord] = {}
        if claim.slug:
            try:
                event = event_by_slug(self.session, claim.slug)
                found[event.slug] = event
            except NotFound:
                pass
        cues = claim.cues
        # A claim naming a mission is about an event that has it (matching.rank keeps no other): those are all
        # the candidates it needs.
        queries = [EventQuery(text=written, ranked=True, limit=_LIMIT) for value in cues.designators
                   for written in numeral_forms(value)]
        if not queries:
            queries += [EventQuery(people=(name,), limit=_LIMIT) for name in cues.people]
            queries += [EventQuery(places=(name,), limit=_LIMIT) for name in self._store_places(cues.places)]
            queries += [EventQuery(text=word, ranked=True, limit=_LIMIT) for word in cues.words[:_WORD_QUERIES]]
            queries += [EventQuery(text=name, ranked=True, limit=_LIMIT) for name in cues.written[:_WORD_QUERIES]]
        if (cues.kinds or cues.agencies) and not cues.designators:
            queries.append(EventQuery(self._around(claim), kinds=cues.kinds, agencies=cues.agencies[:1],
                                      limit=_LIMIT))
        for vehicle in cues.vehicles:
            self._add_launches_of(vehicle, claim, found, queries)
        for query in queries:
            try:
                events = self.events(query)
            except NotFound:  # a vehicle family no stored launch has ("New Glenn" after the catalogue ends)
                continue
            for event in events:
                found.setdefault(event.slug, event)
        if cues.designators:  # the named mission's other events: its landing, its spacewalks
            flights = sorted({event.designation for event in found.values()
                              if event.kind is EventKind.LAUNCH and event.designation})
            for event in flight_events(self.session, flights):
                found.setdefault(event.slug, event)
        return list(found.values())

    def _add_launches_of(self, vehicle: str, claim: Claim, found: dict[str, EventRecord],
                         queries: list[EventQuery]) -> None:
        """A vehicle's first launch, for a claim about a first flight; else a query for its launches around the
        claimed date."""
        asserts = claim.cues.asserts
        if Assertion.FIRST_TIME in asserts and Assertion.SUCCESS in asserts:  # its first launch that succeeded
            queries.append(EventQuery(EVERY_DATE, kinds=(EventKind.LAUNCH,), vehicles=(vehicle,),
                                      outcomes=(Outcome.SUCCESS,), limit=1))
        if Assertion.FIRST in asserts:
            try:
                first = first_launch(self.session, vehicle)
            except NotFound:
                return
            found.setdefault(first.slug, first)
            return
        queries.append(EventQuery(self._around(claim), kinds=(EventKind.LAUNCH,), vehicles=(vehicle,),
                                  limit=_LIMIT))

    @staticmethod
    def _around(claim: Claim) -> DateRange:
        """A year either side of the claimed date, to keep a kind-only search ("a launch in 2024") small."""
        when = claim.date.when if claim.date is not None else None
        if when is None:
            return EVERY_DATE
        return DateRange(when.lower - timedelta(days=366), when.upper + timedelta(days=366))

    def nearby(self, claim: Claim) -> list[EventRecord]:
        """For a claim no event matches: events of the kinds it names closest to its date, or the slugs closest to
        the one it gave."""
        if claim.slug:
            close = close_slugs(self.session, claim.slug)
            if close:
                return [event_by_slug(self.session, slug) for slug in close]
        when = claim.date.when if claim.date is not None else None
        if when is None:
            return []
        query = EventQuery(DateRange(_shifted(when.lower, -_NEAR), _shifted(when.upper, _NEAR)), kinds=claim.cues.kinds,
                           limit=_LIMIT)
        events = self.events(query)
        if not events:
            before, after = nearest_events(self.session, EventQuery(DateRange(when.lower, when.upper),
                                                                    kinds=claim.cues.kinds))
            events = [event for event in (before, after) if event is not None]
        return sorted(events, key=lambda event: abs((event.span.lower - when.lower).total_seconds()))[:3]


def check_claims(session: Reader, claims: Iterable[Claim]) -> list[CheckResult]:
    """The verdict on each claim, in order, all at once (see `checked`)."""
    return list(checked(session, claims))


def checked(session: Reader, claims: Iterable[Claim]) -> Iterator[CheckResult]:
    """The verdict on each claim, in order, each as soon as it is made (see `factcheck.check`), with the nearest
    events as candidates when no event matches at all. Nothing is kept from one claim to the next but the
    answers of recent queries, so a file of any length is checked in flat memory."""
    finder = _Finder(session)
    with using_tree(place_contents(session)):  # the store's tree of places: "Moon" holds the Sea of Tranquility
        for claim in claims:
            result = check(claim, finder.candidates(claim) if not claim.problem else [])
            if result.verdict is Verdict.UNKNOWN and result.event is None and not result.candidates:
                result = replace(result, candidates=tuple(finder.nearby(claim)))
            yield result


def draft_results(session: Reader, claims: Iterable[Claim]) -> Iterator[CheckResult]:
    """The verdicts on the claims found in a draft, each as soon as it is made. Tentative claims (sentences without
    a date) are kept only when their event is clear and something could be checked, and only the first time the
    same place is said of the same event."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for result in checked(session, claims):
        if result.claim.tentative:
            if result.event is None or result.verdict is Verdict.UNKNOWN:
                continue
            key = (result.event.slug, tuple(place.name for place in result.claim.places))
            if key in seen:
                continue
            seen.add(key)
        yield result


def _shifted(instant: datetime, by: timedelta) -> datetime:
    """`instant` moved by `by`, stopping at the first or last instant a datetime holds (a claim dated 0001-01-01)."""
    try:
        return instant + by
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC) if by < timedelta(0) else datetime.max.replace(tzinfo=UTC)
