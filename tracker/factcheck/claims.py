"""What a claim is and what checking it gives: the types the fact-checker reads text into and answers with, and
their JSON form. No logic that needs the store or the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from tracker.dates.ranges import DateRange, parse_date
from tracker.dates.when import Precision, Span, When
from tracker.factcheck.vocabulary import Assertion
from tracker.records import EventKind, EventRecord


class Verdict(StrEnum):
    """What the record says of a claim."""

    CONFIRMED = "confirmed"  # the record agrees, at the claim's precision
    CONTRADICTED = "contradicted"  # the record says otherwise
    IMPRECISE = "imprecise"  # the record is too coarse (or silent) to confirm what the claim says
    UNKNOWN = "unknown"  # no event clearly matches, or the claim cannot be settled


SEVERITY = {Verdict.CONFIRMED: 0, Verdict.IMPRECISE: 1, Verdict.CONTRADICTED: 2, Verdict.UNKNOWN: 3}


class TimeBasis(StrEnum):
    """How a claimed date is placed in time."""

    AS_WRITTEN = "as written"  # a zone or offset was written (or the date is ISO with a time: UTC)
    LOCAL = "local"  # "local time": the event's place
    EITHER = "either"  # nothing said: the place's calendar or clock, or UTC


@dataclass(frozen=True)
class Clock:
    """A time of day written beside a date, and the offset written with it (minutes east of UTC), if any.

    `hour` is None for a zone written after a date without a time ("31 July 2025 UTC").
    """

    hour: int | None
    minute: int | None = None
    offset: int | None = None


@dataclass(frozen=True)
class ClaimedDate:
    """A date as a claim states it. `when` is None while the year is missing ("31 juillet"): `day_words` keep the
    date without its year so that `in_year` can complete it."""

    text: str
    when: When | None
    basis: TimeBasis = TimeBasis.EITHER
    day_words: str = ""
    clock: Clock | None = None
    year_supplied: bool = False
    period: DateRange | None = None
    """A decade, a season or a part of one ("the late 1960s", "summer 1969"): the claim says the event falls within
    it; `when` is then the period's first year, for finding candidates."""

    def in_year(self, year: int) -> ClaimedDate:
        """This date in `year`; raises InvalidDate when it does not exist there (29 February, a wrong weekday)."""
        day = parse_date(f"{self.day_words} {year}", today=date(year, 12, 31))
        return replace(self, when=at_clock(day, self.clock), year_supplied=True)


def at_clock(day: When, clock: Clock | None) -> When:
    """`day` at the time of `clock`, in the offset written (UTC when none was: the place's clock is tried when
    judging); `day` itself, in the written offset, when the clock has no time."""
    if clock is None:
        return day
    if clock.hour is None:
        return day if clock.offset is None else When(day.wall, day.precision, None, clock.offset).checked()
    precision = Precision.MINUTE if clock.minute is not None else Precision.HOUR
    wall = day.wall.replace(hour=clock.hour, minute=clock.minute or 0)
    return When(wall, precision, None, clock.offset if clock.offset is not None else 0).checked()


@dataclass(frozen=True)
class ClaimedPlace:
    """A place a claim puts the event at, by its name in the store. `implied_by` says why when the text does not
    state it but implies it (a draft that last placed `person` there)."""

    name: str
    implied_by: str = ""
    person: str = ""
    known: bool = True
    """False for a name written as a place ("from Wenchang") that the store does not know."""


@dataclass(frozen=True)
class Cues:
    """Everything in a claim that may name its subject: known names (as the store spells them), kinds of event,
    mission designators ("crew-11") and other content words (stems)."""

    people: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    """Launch vehicle families named ("Saturn V", "Ariane 5"): a first flight is the family's earliest launch."""
    kinds: tuple[EventKind, ...] = ()
    designators: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    asserts: tuple[Assertion, ...] = ()
    """What the text says became of the event: success, failure, a first flight, a plan, a cancellation."""
    written: tuple[str, ...] = ()
    """Names as written that may be an event's own: places ("Mir", the station) and capitalised words tracker does
    not know ("Hubble", "Buran"), looked up in the full-text index."""
    unnamed: str = ""
    """The clause folded, with its dates and the people, agencies and places it names blanked: where an event's
    own name ("Mir", "Explorer 1") is looked for, so that "Yuri" of "Yuri Gagarin" never names a satellite."""
    carried: bool = False
    """Whether the missions and people are the draft's last subject, carried into a clause naming none of its own
    ("He landed the same day")."""

    @property
    def any(self) -> bool:
        """Whether anything names a subject (content words alone do not)."""
        return bool(self.people or self.agencies or self.places or self.vehicles or self.kinds or self.designators)


@dataclass(frozen=True)
class Claim:
    """What a text says about an event: its subject (`slug`, or `subject` words and their `cues`), a date, places
    and people. `text` is the claim or sentence as written; `where` locates it ("line 3", "row 2").

    `people` are checked against the record; names in `cues` only help find the event. A `tentative` claim (a
    draft's sentence without a date) is reported only when its subject is clear.
    """

    text: str
    date: ClaimedDate | None = None
    slug: str | None = None
    subject: str = ""
    cues: Cues = field(default_factory=Cues)
    places: tuple[ClaimedPlace, ...] = ()
    people: tuple[str, ...] = ()
    where: str = ""
    tentative: bool = False
    problem: str = ""
    """Why the claim could not be read (a file's row with an ambiguous date): it is reported, not checked."""

    def reading(self) -> str:
        """What the checker read in the claim, for a person to check the checker: the names it went by (and whether
        they were carried from an earlier sentence), the kinds of event and what was asserted, and the date as
        written. Empty for a claim given by slug."""
        cues = self.cues
        names = [*cues.designators, *cues.people, *cues.vehicles]
        parts = []
        if names:
            parts.append(", ".join(names) + (" (from an earlier sentence)" if cues.carried else ""))
        if cues.kinds:
            parts.append(" or ".join(kind.value for kind in cues.kinds))
        if cues.asserts:
            parts.append(", ".join(assertion.value for assertion in cues.asserts))
        if self.date is not None:
            parts.append(f"date {self.date.text!r}")
        return " · ".join(parts)


@dataclass(frozen=True)
class Finding:
    """The verdict on one aspect of a claim ("date", "place", "people", "subject"), why, and on whose authority."""

    aspect: str
    verdict: Verdict
    explanation: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordedDate:
    """A date the record holds for the event: the current one ("current") or one from its history, with the place
    and source that go with it, and whether the claim matches it."""

    status: str
    span: Span | None
    place: str | None = None
    source: str | None = None
    reason: str = ""
    matches_claim: bool = False


@dataclass(frozen=True)
class CheckResult:
    """A claim, the event it was checked against (if one was found) and the verdict, with the recorded dates and
    the sources behind it. `candidates` are the events that might be meant when none was chosen."""

    claim: Claim
    verdict: Verdict
    event: EventRecord | None = None
    findings: tuple[Finding, ...] = ()
    recorded: tuple[RecordedDate, ...] = ()
    sources: tuple[str, ...] = ()
    candidates: tuple[EventRecord, ...] = ()
    difference_days: int | None = None

    @property
    def explanation(self) -> str:
        """Every finding's explanation, in order, as one text."""
        return " ".join(finding.explanation for finding in self.findings)


def sources_cited(results: Iterable[CheckResult]) -> set[str]:
    """Every source the results cite, for the claim and for each recorded date."""
    urls = {url for result in results for url in result.sources}
    urls.update(item.source for result in results for item in result.recorded if item.source)
    return urls


def result_to_json(result: CheckResult) -> dict[str, Any]:
    """The JSON object for one checked claim: the claim, the event's slug, the verdict, the recorded dates, the
    sources and the explanation (with each finding, the difference in days and any candidates)."""
    claim = result.claim
    when = claim.date.when if claim.date is not None else None
    return {
        "claim": claim.text,
        "where": claim.where or None,
        "subject": result.event.slug if result.event else None,
        "title": result.event.title if result.event else None,
        "verdict": result.verdict.value,
        "claimed": {"text": claim.date.text, "date": when.iso() if when else None,
                    "precision": when.precision.label if when else None} if claim.date else None,
        "claimed_places": [place.name for place in claim.places],
        "read": claim.reading() or None,
        "recorded": [
            {"status": item.status, "date": item.span.start.iso() if item.span else None,
             "end": item.span.end.iso() if item.span and item.span.end else None,
             "label": item.span.label(with_local=True) if item.span else None, "place": item.place,
             "source": item.source, "reason": item.reason or None, "matches_claim": item.matches_claim}
            for item in result.recorded
        ],
        "sources": list(result.sources),
        "explanation": result.explanation,
        "findings": [{"aspect": finding.aspect, "verdict": finding.verdict.value, "explanation": finding.explanation}
                     for finding in result.findings],
        "difference_days": result.difference_days,
        "candidates": [{"slug": event.slug, "title": event.title, "date": event.span.start.iso()}
                       for event in result.candidates],
    }


def tally(results: Sequence[CheckResult]) -> dict[Verdict, int]:
    """How many results have each verdict, in the order verdicts are declared (zeros left out)."""
    counts = Counter(result.verdict for result in results)
    return {verdict: counts[verdict] for verdict in Verdict if counts[verdict]}

