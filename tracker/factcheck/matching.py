"""Checking claims against the record: does what a text says about when an event happened (and where, and who took
part) agree with what the tracker knows, and on whose authority? Pure logic over records: no database, no terminal.

A `Claim` names its subject (a slug, or `Cues`: names, mission designators, kind words), a date at its own
precision, and perhaps places and people. `check` finds the event a claim means among candidate records (or says
it cannot tell), supplies a missing year from the record, and `judge` compares claim and record.

Rules chosen where the request was silent:

- A claim's verdict is the worst of its findings (date, place, people): contradicted, then imprecise, then
  confirmed. A claim that names no event clearly, or whose year cannot be settled, is `unknown`.
- A date is confirmed when the claimed period contains the recorded one ("August 2025" contains 1 Aug 2025 15:43
  UTC: confirmed at month precision, and the explanation says so) or lies inside a recorded span's certain part;
  imprecise when the two only overlap (the record is coarser: "the record only knows Jul 2025"); contradicted when
  they do not meet, with the difference in calendar days and any earlier date in the history that the claim matches.
- A date written without a zone may mean the calendar (or clock) at the event's place or UTC. Against a recorded
  time, either reading confirms, and the explanation says which when only one does; against a recorded calendar
  date (no time), the place's calendar is what the record means, so only it is used.
- A place is contradicted when it is another known place, unless the claim also names the recorded one ("Johnson
  Space Center in Houston"); a place in the event's history is named as superseded. A place the record does not
  give is imprecise (the record cannot confirm it).
- A person the record does not name is imprecise, never contradicted: records list the participants, not everyone
  involved. An event the record marks unconfirmed confirms nothing: its date is at best imprecise.
- A subject fits "about equally" when its score is within `MARGIN` of the best: then nothing is guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from tracker.errors import InvalidDate
from tracker.factcheck.mentions import designator_family, event_designators, summary_designators, title_stems
from tracker.names import fold
from tracker.dates.ranges import parse_date
from tracker.records import EventKind, EventRecord, EventStatus, RevisionRecord, RevisionStatus
from tracker.dates.when import Precision, Span, When


class Verdict(StrEnum):
    """What the record says of a claim."""

    CONFIRMED = "confirmed"  # the record agrees, at the claim's precision
    CONTRADICTED = "contradicted"  # the record says otherwise
    IMPRECISE = "imprecise"  # the record is too coarse (or silent) to confirm what the claim says
    UNKNOWN = "unknown"  # no event clearly matches, or the claim cannot be settled


_SEVERITY = {Verdict.CONFIRMED: 0, Verdict.IMPRECISE: 1, Verdict.CONTRADICTED: 2, Verdict.UNKNOWN: 3}


class Reading(StrEnum):
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
    reading: Reading = Reading.EITHER
    day_words: str = ""
    clock: Clock | None = None
    year_supplied: bool = False

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
        return day if clock.offset is None else When(day.wall, day.precision, None, clock.offset)
    precision = Precision.MINUTE if clock.minute is not None else Precision.HOUR
    wall = day.wall.replace(hour=clock.hour, minute=clock.minute or 0)
    return When(wall, precision, None, clock.offset if clock.offset is not None else 0)


@dataclass(frozen=True)
class ClaimedPlace:
    """A place a claim puts the event at, by its name in the store. `implied_by` says why when the text does not
    state it but implies it (a draft that last placed `person` there)."""

    name: str
    implied_by: str = ""
    person: str = ""


@dataclass(frozen=True)
class Cues:
    """Everything in a claim that may name its subject: known names (as the store spells them), kinds of event,
    mission designators ("crew-11") and other content words (stems)."""

    people: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    kinds: tuple[EventKind, ...] = ()
    designators: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        """Whether anything names a subject (content words alone do not)."""
        return bool(self.people or self.agencies or self.places or self.kinds or self.designators)


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


@dataclass(frozen=True)
class Candidate:
    """An event a claim may mean, with how well it fits and why."""

    event: EventRecord
    score: float
    reasons: tuple[str, ...] = ()


MIN_SCORE = 2.0  # a person, a designator, or a kind with something else
MARGIN = 1.0  # candidates closer than this to the best fit "about equally"
_WEIGHTS = {"designator": 4.0, "summary designator": 1.0, "person": 2.0, "place": 1.5, "former place": 0.5,
            "agency": 0.5, "kind": 2.0, "words": 1.5, "words cap": 3.0}


def rank(claim: Claim, events: Iterable[EventRecord]) -> list[Candidate]:
    """The events that fit the claim's cues, best first. A designator the claim names ("Crew-11") rules out events
    that do not have it; one of a known family that no event has ("Crew-99") rules out every event."""
    pool = list({event.slug: event for event in events}.values())
    cues = claim.cues
    titled = {event.slug: event_designators(event) for event in pool}
    known = set().union(*titled.values()) if titled else set()
    families = {designator_family(value) for value in known}
    wanted = {value for value in cues.designators if value in known}
    if not wanted and any(designator_family(value) in families for value in cues.designators):
        return []
    stems = {event.slug: title_stems(event) for event in pool}
    frequency = Counter(word for owned in stems.values() for word in owned if word in cues.words)
    ranked = []
    for event in pool:
        if wanted and not wanted & titled[event.slug]:
            continue
        score, reasons = _score(cues, event, wanted, stems[event.slug], frequency)
        if score > 0:
            ranked.append(Candidate(event, score, tuple(reasons)))
    return sorted(ranked, key=lambda candidate: (-candidate.score, candidate.event.span.lower, candidate.event.slug))


def _score(cues: Cues, event: EventRecord, wanted: set[str], stems: frozenset[str],
           frequency: Counter[str]) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    if wanted:
        score += _WEIGHTS["designator"]
        reasons.append(", ".join(sorted(wanted)))
    loose = set(cues.designators) - wanted
    if loose & summary_designators(event):
        score += _WEIGHTS["summary designator"]
    people = {fold(person.name) for person in event.people}
    agencies = {fold(agency.name) for agency in event.agencies}
    for name in cues.people:
        if fold(name) in people:
            score += _WEIGHTS["person"]
            reasons.append(name)
    for name in cues.agencies:
        if fold(name) in agencies:
            score += _WEIGHTS["agency"]
            reasons.append(name)
    for name in cues.places:
        if event.place and fold(name) == fold(event.place):
            score += _WEIGHTS["place"]
            reasons.append(name)
        elif any(revision.place and fold(revision.place) == fold(name) for revision in event.history):
            score += _WEIGHTS["former place"]
    if event.kind in cues.kinds:
        score += _WEIGHTS["kind"]
        reasons.append(event.kind.value)
    shared = [word for word in cues.words if word in stems]
    if shared:
        # Rare words say more: "Endeavour" names one docking, "Dragon" several.
        score += min(sum(_WEIGHTS["words"] / frequency[word] for word in shared), _WEIGHTS["words cap"])
    return score, reasons


def pick(ranked: Sequence[Candidate]) -> tuple[EventRecord | None, tuple[Candidate, ...]]:
    """The one event that fits clearly (None if none does), and the candidates that fit about equally well when
    several do."""
    viable = [candidate for candidate in ranked if candidate.score >= MIN_SCORE]
    if not viable:
        return None, ()
    close = tuple(candidate for candidate in viable if viable[0].score - candidate.score < MARGIN)
    return (viable[0].event, ()) if len(close) == 1 else (None, close)


def context_years(event: EventRecord) -> set[int]:
    """Every year the event's dates fall in, current and past, by the place's calendar and by UTC."""
    spans = [event.span, *(revision.span for revision in event.history if revision.span is not None)]
    years = set()
    for span in spans:
        for value in (span.start, span.end):
            if value is not None:
                years |= {value.local().year, value.lower.year, (value.upper - _INSTANT).astimezone(UTC).year,
                          (value.upper - _INSTANT).astimezone(value.local().tzinfo).year}
    return years


_INSTANT = timedelta(microseconds=1)


def check(claim: Claim, events: Sequence[EventRecord]) -> CheckResult:
    """The verdict on `claim` among the candidate `events`: the event it names by slug, else the one its cues fit
    clearly; UNKNOWN with the candidates when none or several fit, or when a missing year cannot be settled."""
    event = next((candidate for candidate in events if claim.slug and candidate.slug == claim.slug), None)
    preface = f"No event has the slug {claim.slug!r}. " if claim.slug and event is None else ""
    if event is None:
        ranked = rank(claim, events)
        event, tied = pick(ranked)
        if event is None:
            return _unresolved(claim, ranked, tied, preface)
    if claim.date is not None and claim.date.when is None:
        years = context_years(event)
        if len(years) != 1:
            shown = " and ".join(str(year) for year in sorted(years))
            return _refused(claim, event, f"{claim.date.text!r} has no year, and the dates recorded for "
                                          f"{event.slug} fall in {shown}: write the year.")
        try:
            claim = replace(claim, date=claim.date.in_year(years.pop()))
        except InvalidDate as exc:
            return _refused(claim, event, f"{exc}.")
    return judge(claim, event)


def _unresolved(claim: Claim, ranked: list[Candidate], tied: tuple[Candidate, ...], preface: str) -> CheckResult:
    if tied:
        shown = _by_closeness(claim, [candidate.event for candidate in tied])
        slugs = ", ".join(event.slug for event in shown[:6]) + (", …" if len(shown) > 6 else "")
        text = (f"{preface}Several events fit about equally ({slugs}): name one by its slug, as in "
                f"`tracker check {shown[0].slug} DATE`.")
        return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                           candidates=tuple(shown))
    near = _by_closeness(claim, [candidate.event for candidate in ranked])[:3]
    text = f"{preface}No recorded event matches this claim."
    return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                       candidates=tuple(near))


def _by_closeness(claim: Claim, events: list[EventRecord]) -> list[EventRecord]:
    when = claim.date.when if claim.date is not None else None
    if when is None:
        return events
    return sorted(events, key=lambda event: abs((event.span.lower - when.lower).total_seconds()))


def _refused(claim: Claim, event: EventRecord, text: str) -> CheckResult:
    return CheckResult(claim, Verdict.UNKNOWN, event, (Finding("date", Verdict.UNKNOWN, text),),
                       _recorded(event, set()), tuple(event.sources))


def judge(claim: Claim, event: EventRecord) -> CheckResult:
    """Compare `claim` with `event`: the date at the claim's precision, the places and people it states. The
    claim's date must have its year (see `check`)."""
    findings: list[Finding] = []
    matched: set[int] = set()
    difference = None
    if claim.date is not None:
        finding, difference, matched = _date_finding(claim.date, event)
        findings.append(finding)
    place, earlier = _place_finding(claim, event)
    if place is not None:
        findings.append(place)
        matched |= earlier
    if claim.people:
        findings.append(_people_finding(claim.people, event))
    if not findings:
        findings.append(Finding("subject", Verdict.UNKNOWN, f"Nothing this claim states can be checked against "
                                                            f"{event.slug}."))
    verdict = max((finding.verdict for finding in findings), key=_SEVERITY.__getitem__)
    sources = _unique([*event.sources, *(source for finding in findings for source in finding.sources)])
    return CheckResult(claim, verdict, event, tuple(findings), _recorded(event, matched), tuple(sources),
                       difference_days=difference)


class _Fit(IntEnum):
    APART = 0
    OVERLAPS = 1
    DURING = 2
    WITHIN = 3


def _fit(claimed: When, span: Span) -> _Fit:
    if claimed.contains(span.start):
        return _Fit.WITHIN
    if span.end is not None and span.start.upper <= claimed.lower and claimed.upper <= span.end.lower:
        return _Fit.DURING
    if claimed.lower < span.upper and span.lower < claimed.upper:
        return _Fit.OVERLAPS
    return _Fit.APART


def _reread(when: When, zone: str) -> When:
    """The same wall-clock date or time, read in `zone` (raises InvalidDate for a time a clock change skips)."""
    return When.parse(when.wall.isoformat()[: (4, 7, 10, 13, 16, 19)[when.precision - 1]], zone)


def _readings(claimed: ClaimedDate, when: When, zone: str | None, recorded: Precision) -> list[tuple[str, When]]:
    """The ways the claimed date may be meant: as written, at the place, or in UTC."""
    if claimed.reading is Reading.AS_WRITTEN or zone is None:
        return [("written", when)]
    try:
        local = _reread(when, zone)
    except InvalidDate:
        return [("utc", when)]
    if claimed.reading is Reading.LOCAL or (when.precision <= Precision.DAY and recorded <= Precision.DAY):
        return [("local", local)]
    return [("local", local), ("utc", when)]


def _date_finding(claimed: ClaimedDate, event: EventRecord) -> tuple[Finding, int | None, set[int]]:
    when = claimed.when
    if when is None:
        raise ValueError("judge needs a claimed date with its year: use check() to supply it")
    zone = event.span.start.zone
    readings = _readings(claimed, when, zone, event.span.precision)
    fits = {name: _fit(reading, event.span) for name, reading in readings}
    best = max(fits.values())
    preface = (f"{claimed.text!r} has no year: read as {when.label()}, the year of the record. "
               if claimed.year_supplied else "")
    recorded = _happened(event)
    status_note = _status_note(event)
    if best >= _Fit.DURING:
        verdict = Verdict.IMPRECISE if event.status is EventStatus.UNCONFIRMED else Verdict.CONFIRMED
        text = preface + _agreement_text(when, event, fits, best, recorded, readings) + status_note
        return Finding("date", verdict, text), None, set()
    if best == _Fit.OVERLAPS:
        text = (f"{preface}The record only knows {event.span.label(with_local=True)}, coarser than "
                f"{when.label()}: it can neither confirm nor deny it.{status_note}")
        return Finding("date", Verdict.IMPRECISE, text), None, set()
    matched = {index for index, revision in enumerate(event.history) if _matches_revision(claimed, when, zone,
                                                                                          revision, event)}
    days, minutes = min((_difference(reading, event.span) for _, reading in readings), key=lambda pair: abs(pair[0]))
    parts = [_history_phrase(event.history[index]) for index in sorted(matched)]
    parts.append(f"{recorded}, {_difference_text(days, minutes)}")
    body = "; ".join(parts) if matched else f"The record says {parts[-1]}"
    text = preface + body[0].upper() + body[1:] + "." + status_note
    sources = tuple(source for index in sorted(matched) if (source := event.history[index].source))
    return Finding("date", Verdict.CONTRADICTED, text, sources), days, matched


def _agreement_text(when: When, event: EventRecord, fits: dict[str, _Fit], best: _Fit, recorded: str,
                    readings: list[tuple[str, When]]) -> str:
    if best == _Fit.DURING:
        text = f"{when.label()} falls within the recorded span: {recorded}."
    elif when.precision < event.span.precision:
        text = f"Confirmed at {when.precision.label} precision: {recorded}."
    else:
        text = f"The date agrees with the record: {recorded}."
    agreeing = [name for name, fit in fits.items() if fit == best]
    if len(fits) == 1 or len(agreeing) == len(fits):
        return text
    place = event.place or event.span.start.zone
    zone = event.span.start.zone
    reading = dict(readings)[agreeing[0]]
    if when.precision > Precision.DAY:
        how = (f"read as local time at {place} ({zone})" if agreeing[0] == "local" else "read as UTC")
        return f"{text} The time is {how}; it does not match read the other way."
    local_day = When.from_instant(event.span.lower, Precision.DAY, zone).label()
    utc_day = When.from_instant(event.span.lower, Precision.DAY).label()
    if agreeing[0] == "local":
        return (f"{text} {reading.label()} is the local date at {place} ({zone}); in UTC it was {utc_day}, so the "
                "claim is right by the place's calendar.")
    return (f"{text} {reading.label()} is the UTC date; at {place} ({zone}) it was {local_day}, so the claim is "
            "right in UTC.")


def _matches_revision(claimed: ClaimedDate, when: When, zone: str | None, revision: RevisionRecord,
                      event: EventRecord) -> bool:
    if revision.span is None or revision.span == event.span:
        return False
    readings = _readings(claimed, when, zone, revision.span.precision)
    return max(_fit(reading, revision.span) for _, reading in readings) >= _Fit.OVERLAPS


def _difference(reading: When, span: Span) -> tuple[int, int]:
    """Calendar days from the claim to the record in the claim's clock (positive: the record is later), and the
    minutes between their starts (for claims of the same day)."""
    zone = reading.tz
    claim_first = reading.lower.astimezone(zone).date()
    claim_last = (reading.upper - _INSTANT).astimezone(zone).date()
    record_first = span.lower.astimezone(zone).date()
    record_last = (span.upper - _INSTANT).astimezone(zone).date()
    minutes = int((span.lower - reading.lower).total_seconds() // 60)
    if record_first > claim_last:
        return (record_first - claim_last).days, minutes
    if record_last < claim_first:
        return -(claim_first - record_last).days, minutes
    return 0, minutes


def _difference_text(days: int, minutes: int) -> str:
    if days == 0:
        hours, rest = divmod(abs(minutes), 60)
        amount = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
        return f"the same day but {amount} {'later' if minutes > 0 else 'earlier'} than claimed"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'later' if days > 0 else 'earlier'} than claimed"


_VERBS = {EventKind.LAUNCH: "launched", EventKind.LANDING: "landed", EventKind.DOCKING: "docked",
          EventKind.UNDOCKING: "undocked"}


def _happened(event: EventRecord) -> str:
    """The recorded date as a phrase: "launched on 1 Aug 2025 15:43 UTC (11:43 EDT)", "took place in Jul 2025"."""
    verb = _VERBS.get(event.kind, "took place")
    span = event.span
    if span.end is not None:
        return f"{verb} {span.label(with_local=True)}"
    preposition = "on" if span.precision >= Precision.DAY else "in"
    return f"{verb} {preposition} {span.label(with_local=True)}"


def _status_note(event: EventRecord) -> str:
    if event.status is EventStatus.OCCURRED:
        return ""
    notes = {EventStatus.UNCONFIRMED: "the record marks this event unconfirmed, so it confirms nothing",
             EventStatus.CANCELLED: "the record says this event was cancelled",
             EventStatus.PLANNED: "the record says this event is planned, not yet done",
             EventStatus.SCRUBBED: "the record says this attempt was scrubbed",
             EventStatus.POSTPONED: "the record says this event was postponed"}
    return f" Note: {notes[event.status]}."


def _history_phrase(revision: RevisionRecord) -> str:
    label = revision.span.label(with_local=True) if revision.span else ""
    reason = f" ({revision.reason})" if revision.reason else ""
    if revision.status is RevisionStatus.PLANNED:
        return f"{label} was the planned date"
    if revision.status is RevisionStatus.SCRUBBED:
        return f"the attempt on {label} was scrubbed{reason}"
    if revision.status is RevisionStatus.POSTPONED:
        return f"{label} was an earlier target, postponed{reason}"
    return f"{label} was reported but superseded{reason}"


def _place_finding(claim: Claim, event: EventRecord) -> tuple[Finding | None, set[int]]:
    """The verdict on the places a claim states (or implies), and which revisions of the history hold the place it
    wrongly gives."""
    stated = [place for place in claim.places if not place.implied_by]
    participants = {fold(person.name) for person in event.people}
    implied = [place for place in claim.places if place.implied_by and fold(place.person) in participants]
    if stated:
        claimed = stated
    elif implied and event.kind in (EventKind.MEETING, EventKind.VISIT):
        claimed = implied
    else:
        return None, set()
    names = ", ".join(place.name for place in claimed)
    if event.place is None:
        if not stated:
            return None, set()
        return Finding("place", Verdict.IMPRECISE, f"The record gives no place for this event, so it cannot "
                                                   f"confirm {names}."), set()
    recorded = fold(event.place)
    if any(fold(place.name) == recorded for place in claimed):
        return Finding("place", Verdict.CONFIRMED, f"Place: {event.place}, as recorded."), set()
    if stated and any(fold(name) == recorded for name in claim.cues.places):
        return Finding("place", Verdict.CONFIRMED, f"Place: {event.place}, as recorded (the claim also names "
                                                   f"{names})."), set()
    wrong = claimed[0]
    if wrong.implied_by:
        text = f"The text puts it in {wrong.name} ({wrong.implied_by}); the record places it at {event.place}"
    else:
        text = f"The record places it at {event.place}, not {wrong.name}"
    indices = {index for index, revision in enumerate(event.history)
               if revision.place and fold(revision.place) == fold(wrong.name)}
    earlier = [event.history[index] for index in sorted(indices)]
    if earlier:
        reasons = "; ".join(_unique([revision.reason for revision in earlier if revision.reason]))
        text += f"; {wrong.name} was reported earlier and superseded" + (f" ({reasons})" if reasons else "")
    sources = tuple(_unique([revision.source for revision in earlier if revision.source]))
    return Finding("place", Verdict.CONTRADICTED, text + ".", sources), indices


def _people_finding(people: tuple[str, ...], event: EventRecord) -> Finding:
    recorded = {fold(person.name) for person in event.people}
    missing = [name for name in people if fold(name) not in recorded]
    if not missing:
        return Finding("people", Verdict.CONFIRMED, f"People: {', '.join(people)}, as recorded.")
    named = ", ".join(person.name for person in event.people) or "no one"
    return Finding("people", Verdict.IMPRECISE, f"The record does not name {', '.join(missing)} among the people "
                                                f"of this event (it names {named}).")


def _recorded(event: EventRecord, matched: set[int]) -> tuple[RecordedDate, ...]:
    dates = [RecordedDate("current", event.span, event.place)]
    for index, revision in enumerate(event.history):
        dates.append(RecordedDate(revision.status.value, revision.span, revision.place, revision.source,
                                  revision.reason, index in matched))
    return tuple(dates)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


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


def all_confirmed(results: Sequence[CheckResult]) -> bool:
    """Whether every result is confirmed (what exit status 0 means; imprecise and unknown are not)."""
    return all(result.verdict is Verdict.CONFIRMED for result in results)


def tally(results: Sequence[CheckResult]) -> dict[Verdict, int]:
    """How many results have each verdict, in the order verdicts are declared (zeros left out)."""
    counts = Counter(result.verdict for result in results)
    return {verdict: counts[verdict] for verdict in Verdict if counts[verdict]}

