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
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from enum import IntEnum

from tracker.bundled import MCDOWELL_URL
from tracker.dates.ranges import DateRange
from tracker.dates.when import Precision, Span, When
from tracker.errors import InvalidDate
from tracker.factcheck.claims import (
    SEVERITY,
    CheckResult,
    Claim,
    ClaimedDate,
    ClaimedPlace,
    Finding,
    RecordedDate,
    TimeBasis,
    Verdict,
)
from tracker.factcheck.geography import is_located, within
from tracker.factcheck.vocabulary import Assertion
from tracker.names import fold
from tracker.records import EventKind, EventRecord, EventStatus, Outcome, RevisionRecord, RevisionStatus

_INSTANT = timedelta(microseconds=1)
_EASTMOST, _WESTMOST = timedelta(hours=14), timedelta(hours=12)
"""How far ahead of UTC (Kiribati) and behind it (Baker Island) Earth's civil days run."""


def judge(claim: Claim, event: EventRecord) -> CheckResult:
    """Compare `claim` with `event`: the date at the claim's precision, the places and people it states. The
    claim's date must have its year (see `check`)."""
    findings: list[Finding] = []
    matched: set[int] = set()
    difference = None
    if claim.date is not None:
        finding, difference, matched = _date_finding(claim.date, event, Assertion.PLANNED in claim.cues.asserts)
        findings.append(finding)
    place, earlier = _place_finding(claim, event)
    if place is not None:
        findings.append(place)
        matched |= earlier
    if claim.people:
        findings.append(_crew_finding(claim.people, event) or _people_finding(claim.people, event))
    findings += _assertion_findings(claim.cues.asserts, event)
    if not findings:
        findings.append(Finding("subject", Verdict.UNKNOWN, f"Nothing this claim states can be checked against "
                                                            f"{event.slug}."))
    verdict = max((finding.verdict for finding in findings), key=SEVERITY.__getitem__)
    sources = _unique([*event.sources, *(source for finding in findings for source in finding.sources)])
    return CheckResult(claim, verdict, event, tuple(findings), recorded_dates(event, matched), tuple(sources),
                       difference_days=difference)


class _Fit(IntEnum):
    APART = 0
    OVERLAPS = 1
    DURING = 2
    WITHIN = 3


def _fit(claimed: When, span: Span) -> _Fit:
    if claimed.contains(span.start) or _rounds_to(claimed, span):
        return _Fit.WITHIN
    if span.end is not None and span.start.upper <= claimed.lower and claimed.upper <= span.end.lower:
        return _Fit.DURING
    if DateRange(claimed.lower, claimed.upper).overlaps(span):
        return _Fit.OVERLAPS
    return _Fit.APART


_UNITS = {Precision.HOUR: timedelta(hours=1), Precision.MINUTE: timedelta(minutes=1)}


def _rounds_to(claimed: When, span: Span) -> bool:
    """Whether a time written to the hour or minute is the recorded, finer time rounded: "12:28" for a liftoff at
    12:27:57 (truncating, "12:27", is `contains`)."""
    unit = _UNITS.get(claimed.precision)
    if unit is None or span.end is not None or span.precision <= claimed.precision:
        return False
    return claimed.lower - unit / 2 <= span.lower < claimed.lower


def _reread(when: When, zone: str) -> When:
    """The same wall-clock date or time, read in `zone` (raises InvalidDate for a time a clock change skips)."""
    return When.parse(when.wall.isoformat()[: (4, 7, 10, 13, 16, 19)[when.precision - 1]], zone)


def _readings(claimed: ClaimedDate, when: When, zone: str | None, recorded: Precision) -> list[tuple[str, When]]:
    """The ways the claimed date may be meant: as written, at the place, or in UTC."""
    if claimed.basis is TimeBasis.AS_WRITTEN or zone is None:
        return [("written", when)]
    try:
        local = _reread(when, zone)
    except InvalidDate:
        return [("utc", when)]
    if claimed.basis is TimeBasis.LOCAL or (when.precision <= Precision.DAY and recorded <= Precision.DAY):
        return [("local", local)]
    return [("local", local), ("utc", when)]


def _period_finding(claimed: ClaimedDate, period: DateRange, event: EventRecord) -> Finding:
    """A claimed period against the record, on the event's own calendar: confirmed when the recorded date lies
    within it, contradicted when it lies outside, imprecise when the two only overlap."""
    bounds = period.read_in(event.span.start.zone or "UTC")
    assert bounds.lower is not None and bounds.upper is not None  # a period has both ends
    recorded = _happened(event)
    label = f"{claimed.text!r} ({period.label()})"
    if bounds.lower <= event.span.lower and event.span.upper <= bounds.upper:
        return Finding("date", Verdict.CONFIRMED, f"The record says {recorded}: within {label}.")
    if event.span.upper <= bounds.lower or bounds.upper <= event.span.lower:
        return Finding("date", Verdict.CONTRADICTED, f"The record says {recorded}: outside {label}.")
    return Finding("date", Verdict.IMPRECISE, f"The record says {recorded}, which only overlaps {label}.")


_PLANS = frozenset({RevisionStatus.PLANNED, RevisionStatus.POSTPONED, RevisionStatus.SCRUBBED})
"""Dates an event once had as plans: what a claim about a plan ("NASA planned to launch on ...") is checked against."""


def _date_finding(claimed: ClaimedDate, event: EventRecord,
                  asserts_plan: bool = False) -> tuple[Finding, int | None, set[int]]:
    when = claimed.when
    if when is None:
        raise ValueError("judge needs a claimed date with its year: use check() to supply it")
    if claimed.period is not None:
        return _period_finding(claimed, claimed.period, event), None, set()
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
    if not matched and _no_local_calendar(claimed, when, event) and abs(days) == 1:
        text = (f"{preface}The record says {recorded} (UTC): {when.label()} is one day off, and no local calendar "
                f"is known for {event.place or 'where it happened'}; somewhere on Earth it was already, or still, "
                f"{when.label()}. The record can neither confirm nor deny it.{status_note}")
        return Finding("date", Verdict.IMPRECISE, text), days, set()
    plans = [index for index in sorted(matched) if event.history[index].status in _PLANS]
    if asserts_plan and plans:
        text = (f"{preface}The record agrees: {_history_phrase(event.history[plans[0]])}; the event then "
                f"{recorded}.{status_note}")
        sources = tuple(source for index in plans if (source := event.history[index].source))
        return Finding("date", Verdict.CONFIRMED, text, sources), None, set(plans)
    parts = [_history_phrase(event.history[index]) for index in sorted(matched)]
    parts.append(f"{recorded}, {_difference_text(days, minutes)}")
    body = "; ".join(parts) if matched else f"The record says {parts[-1]}"
    text = preface + body[0].upper() + body[1:] + "." + status_note
    sources = tuple(source for index in sorted(matched) if (source := event.history[index].source))
    return Finding("date", Verdict.CONTRADICTED, text, sources), days, matched


def _no_local_calendar(claimed: ClaimedDate, when: When, event: EventRecord) -> bool:
    """Whether a claimed calendar day may be a local day the record cannot know: the event has no zone (an ocean,
    another world) and the claim names a day without a time or zone of its own."""
    if event.span.start.zone is not None or when.precision != Precision.DAY or claimed.clock is not None \
            or claimed.basis is TimeBasis.AS_WRITTEN:
        return False
    # The day in some zone of Earth (UTC-12 to UTC+14) overlaps the recorded interval.
    return when.lower - _EASTMOST < event.span.upper and when.upper + _WESTMOST > event.span.lower


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
    # Cancelled, scrubbed and planned events are findings of their own (`_assertion_findings`).
    notes = {EventStatus.UNCONFIRMED: "the record marks this event unconfirmed, so it confirms nothing",
             EventStatus.POSTPONED: "the record says this event was postponed"}
    return f" Note: {notes[event.status]}." if event.status in notes else ""


_NEVER_HAPPENED = {EventStatus.CANCELLED: "was cancelled: it never took place",
                   EventStatus.SCRUBBED: "was scrubbed: the attempt never took place"}
_ENDED = {Outcome.SUCCESS: "succeeded", Outcome.FAILURE: "failed", Outcome.PARTIAL: "only partly succeeded"}


def _assertion_findings(asserts: tuple[Assertion, ...], event: EventRecord) -> list[Finding]:
    """What the claim says became of the event, against the record: a claim that it happened against a record that
    it was cancelled (and the reverse), and a claimed success or failure against the recorded outcome. A record
    that does not say how an attempt ended confirms neither (imprecise), and contradicts nothing."""
    found = []
    said_cancelled = Assertion.CANCELLED in asserts
    if event.status in _NEVER_HAPPENED and not said_cancelled and Assertion.PLANNED not in asserts:
        found.append(Finding("status", Verdict.CONTRADICTED,
                             f"The record says this event {_NEVER_HAPPENED[event.status]}."))
    elif said_cancelled and event.status is EventStatus.OCCURRED:
        found.append(Finding("status", Verdict.CONTRADICTED, "The record says this event took place; it was not "
                                                             "called off."))
    elif event.status is EventStatus.PLANNED and Assertion.PLANNED not in asserts and not said_cancelled:
        found.append(Finding("status", Verdict.IMPRECISE, "The record says this event is planned, not yet done: it "
                                                          "cannot confirm that it happened."))
    for claimed, outcome in ((Assertion.SUCCESS, Outcome.SUCCESS), (Assertion.FAILURE, Outcome.FAILURE)):
        if claimed not in asserts:
            continue
        said = "succeeded" if outcome is Outcome.SUCCESS else "failed"
        if event.outcome is outcome:
            found.append(Finding("outcome", Verdict.CONFIRMED, f"The record says it {said}."))
        elif event.outcome is not None:
            verdict = Verdict.IMPRECISE if event.outcome is Outcome.PARTIAL else Verdict.CONTRADICTED
            found.append(Finding("outcome", verdict, f"The claim says it {said}; the record says it "
                                                     f"{_ENDED[event.outcome]}."))
        elif outcome is Outcome.FAILURE or event.kind is EventKind.LAUNCH:
            found.append(Finding("outcome", Verdict.IMPRECISE, f"The claim says it {said}; the record does not say "
                                                               "how it ended."))
    return found


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
    wrongly gives. A place contains the places the store's tree puts in it ("Florida" holds Kennedy Space
    Center); a place the claim names that nobody knows makes the verdict at most imprecise, naming the record's."""
    # A launch's place is where it left from: a station it went to ("à bord de l'ISS") is no claim about that.
    stated = [place for place in claim.places if not place.implied_by
              and not (event.kind is EventKind.LAUNCH and place.known and not is_located(place.name))]
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
    known = [place for place in claimed if place.known]
    inside = next((place for place in known if within(place.name, event.place)), None)
    if inside is not None:
        return Finding("place", Verdict.CONFIRMED, _as_recorded(inside.name, event.place)), set()
    if stated and any(within(name, event.place) for name in claim.cues.places):
        return Finding("place", Verdict.CONFIRMED, f"Place: {event.place}, as recorded (the claim also names "
                                                   f"{names})."), set()
    if not known:
        if all(_words_of(place.name) <= _words_of(event.place) for place in claimed):
            return Finding("place", Verdict.CONFIRMED, f"Place: {event.place}, as recorded ({names} for short)."), set()
        return Finding("place", Verdict.IMPRECISE, f"The record places it at {event.place}; tracker does not know "
                                                   f"where {names} is, so it can neither confirm nor deny it."), set()
    wrong = known[0]
    if not is_located(event.place):  # "Apollo 17 spacecraft", "Ocean splashdown": not placed in any region
        return Finding("place", Verdict.IMPRECISE, f"The record places it at {event.place}; tracker does not know "
                                                   f"whether that is in {wrong.name}."), set()
    return _contradicted_place(wrong, event)


def _words_of(name: str) -> set[str]:
    return set(fold(name).replace(",", " ").split())


def _as_recorded(claimed: str, recorded: str) -> str:
    if fold(claimed) == fold(recorded):
        return f"Place: {recorded}, as recorded."
    return f"Place: {recorded}, which is in {claimed}, as recorded."


def _contradicted_place(wrong: ClaimedPlace, event: EventRecord) -> tuple[Finding, set[int]]:
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


_CREWED = (EventKind.LAUNCH, EventKind.LANDING)


def _crew_finding(people: tuple[str, ...], event: EventRecord) -> Finding | None:
    """A person claimed aboard a flight whose crew the record lists (McDowell's list of who flew on it) but who is
    not among them: contradicted, naming the recorded crew. None when the record lists no crew for the event."""
    if event.kind not in _CREWED or not event.people or not any(MCDOWELL_URL in url for url in event.sources):
        return None
    recorded = {fold(person.name) for person in event.people}
    missing = [person for person in people if fold(person) not in recorded]
    if not missing:
        return None
    crew = ", ".join(person.name for person in event.people)
    return Finding("people", Verdict.CONTRADICTED, f"The record's crew for this flight is {crew}: "
                                                   f"{', '.join(missing)} was not aboard.", (MCDOWELL_URL,))


def _people_finding(people: tuple[str, ...], event: EventRecord) -> Finding:
    recorded = {fold(person.name) for person in event.people}
    missing = [name for name in people if fold(name) not in recorded]
    if not missing:
        return Finding("people", Verdict.CONFIRMED, f"People: {', '.join(people)}, as recorded.")
    named = ", ".join(person.name for person in event.people) or "no one"
    return Finding("people", Verdict.IMPRECISE, f"The record does not name {', '.join(missing)} among the people "
                                                f"of this event (it names {named}).")


def recorded_dates(event: EventRecord, matched: set[int]) -> tuple[RecordedDate, ...]:
    dates = [RecordedDate("current", event.span, event.place)]
    for index, revision in enumerate(event.history):
        dates.append(RecordedDate(revision.status.value, revision.span, revision.place, revision.source,
                                  revision.reason, index in matched))
    return tuple(dates)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
