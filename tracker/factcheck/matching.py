"""Which event a claim means: candidates ranked by the claim's cues (designators, names, kind words, content
words), one picked only when it fits clearly; then the claim is judged against it (verdicts.py).

A subject fits "about equally" when its score is within `MARGIN` of the best: then nothing is guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, timedelta

from tracker.errors import InvalidDate
from tracker.factcheck.claims import CheckResult, Claim, Cues, Finding, Verdict
from tracker.factcheck.geography import within
from tracker.factcheck.mentions import event_designators, event_names, summary_designators, title_stems, unexplained
from tracker.factcheck.verdicts import judge, recorded_dates
from tracker.factcheck.vocabulary import Assertion
from tracker.names import fold
from tracker.records import EventRecord, Outcome


@dataclass(frozen=True)
class Candidate:
    """An event a claim may mean, with how well it fits and why."""

    event: EventRecord
    score: float
    reasons: tuple[str, ...] = ()
    identified: bool = False
    """Whether the fit rests on a name: a designator, the event's own name, or a person it names (never on
    common words alone, which are not enough to call a claim right or wrong)."""


MIN_SCORE = 2.0  # a person, a designator, or a kind with something else
MARGIN = 1.0  # candidates closer than this to the best fit "about equally"
_WEIGHTS = {"name": 4.0, "designator": 4.0, "vehicle": 2.0, "summary designator": 1.0, "person": 2.0, "place": 1.5,
            "former place": 0.5, "agency": 0.5, "outcome": 1.5, "manner": 1.0, "kind": 2.0, "words": 1.5,
            "words cap": 3.0}


def rank(claim: Claim, events: Iterable[EventRecord]) -> list[Candidate]:
    """The events that fit the claim's cues, best first. Identity is respected: a designator the claim names
    ("Crew-11", "Artemis I") rules out events that do not have it (Arabic and Roman numerals alike; "MS-28" is
    Soyuz MS-28 or Progress MS-28, "Soyuz MS-28" only the first), and one of a known family that no event has
    ("Crew-99") rules out every event; a verb rules out events of another kind ("launched" is never judged
    against a splashdown)."""
    every = list({event.slug: event for event in events}.values())
    cues = claim.cues
    titled = {event.slug: event_designators(event) for event in every}
    known = set().union(*titled.values()) if titled else set()  # of every kind: Apollo 11 is known by its launch
    pool = [event for event in every if _kind_fits(cues, event)]
    wanted = {value for value in cues.designators if any(_same_mission(value, held) for held in known)}
    if cues.designators and not wanted:
        return []  # a mission the store does not hold: never judged against another one
    exact = {value for value in wanted if any(value in titled[event.slug] for event in pool)}
    stems = {event.slug: title_stems(event) for event in pool}
    frequency = Counter(word for owned in stems.values() for word in owned if word in cues.words)
    ranked = []
    for event in pool:
        held = {value for value in wanted if any(_same_mission(value, own) for own in titled[event.slug])}
        if wanted and not held:
            continue
        if exact and not exact & titled[event.slug]:
            continue  # "Explorer 1" is Explorer 1 when the store holds it, not Dynamics Explorer 1
        score, reasons = _score(cues, event, held, stems[event.slug], frequency)
        named = [name for name in event_names(event) if _says(cues.unnamed, name)]
        if named:
            score += _WEIGHTS["name"]
            reasons.append(" ".join(named[0]))
        people = {fold(person.name) for person in event.people}
        vehicle = bool(event.vehicle_family) and fold(event.vehicle_family or "") in {
            fold(name) for name in cues.vehicles}
        if vehicle:
            score += _WEIGHTS["vehicle"]
            reasons.append(event.vehicle_family or "")
        if _SPLASHDOWN.search(claim.text) and _SPLASHDOWN.search(event.title):
            score += _WEIGHTS["manner"]  # "splashed down": the return to the sea, not the landing on the Moon
            reasons.append("splashdown")
        if Assertion.FAILURE in cues.asserts and event.outcome is Outcome.FAILURE:
            score += _WEIGHTS["outcome"]  # "Challenger exploded": the Challenger that failed
            reasons.append("failed")
        identified = bool(held or named or vehicle or any(fold(name) in people for name in cues.people))
        if score > 0:
            ranked.append(Candidate(event, score, tuple(reasons), identified))
    return sorted(ranked, key=lambda candidate: (-candidate.score, candidate.event.span.lower, candidate.event.slug))


def _says(unnamed: str, name: tuple[str, ...]) -> bool:
    """Whether the words of `name` (folded) are among the claim's own words, whole and in order."""
    words = f" {' '.join(_WORD.findall(unnamed))} "
    return f" {' '.join(name)} " in words


_WORD = re.compile(r"[^\W_]+")
_SPLASHDOWN = re.compile(r"splash|amerri", re.IGNORECASE)


def _kind_fits(cues: Cues, event: EventRecord) -> bool:
    """Whether the event is of a kind the claim's verbs allow (any kind when it has none)."""
    return not cues.kinds or event.kind in cues.kinds


def _same_mission(claimed: str, held: str) -> bool:
    """Whether two designators name one mission: equal, or one the other with a programme word before it
    ("ms-28" and "soyuz-ms-28"), never two programmes' ("soyuz-ms-28" and "progress-ms-28")."""
    return claimed == held or held.endswith("-" + claimed) or claimed.endswith("-" + held)


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
        if event.place and within(name, event.place):
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


def pick(ranked: Sequence[Candidate], first: bool = False,
         first_success: bool = False) -> tuple[EventRecord | None, tuple[Candidate, ...]]:
    """The one event that fits clearly (None if none does), and the candidates that fit about equally well when
    several do. With `first` (a claim about a first flight), the earliest of those named alike is the one; with
    `first_success` (a success "for the first time"), the earliest of them that succeeded."""
    viable = [candidate for candidate in ranked if candidate.score >= MIN_SCORE]
    if not viable:
        return None, ()
    close = tuple(candidate for candidate in viable if viable[0].score - candidate.score < MARGIN)
    named = [candidate for candidate in close if candidate.identified]
    if first and len(close) > 1 and named:
        return min(named, key=lambda candidate: candidate.event.span.lower).event, ()
    if first_success and named:
        succeeded = [candidate for candidate in named if candidate.event.outcome is Outcome.SUCCESS]
        if succeeded:  # "Falcon 1 reached orbit for the first time": the first of its launches that did
            return min(succeeded, key=lambda candidate: candidate.event.span.lower).event, ()
    return (viable[0].event, ()) if len(close) == 1 else (None, close)


def _singled_out_by_date(claim: Claim, tied: tuple[Candidate, ...]) -> EventRecord | None:
    """Of candidates that fit a claim's words about equally, the only one whose record agrees with the claimed
    date (confirmed or imprecise when judged: the local or the UTC day, at the claim's precision); None when no
    date is claimed, or none or several agree. A tie broken this way never yields a contradiction: a claim whose
    subject is unclear is never called wrong."""
    when = claim.date.when if claim.date is not None else None
    if when is None or not tied or claim.slug:
        return None
    on_date = replace(claim, places=(), people=())  # only the date decides here
    agreeing = [candidate.event for candidate in tied
                if judge(on_date, candidate.event).verdict in (Verdict.CONFIRMED, Verdict.IMPRECISE)]
    return agreeing[0] if len(agreeing) == 1 else None


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
    clearly; UNKNOWN with the candidates when none or several fit, when a missing year cannot be settled, or when
    the claim could not be read (its `problem`)."""
    if claim.problem:
        return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("claim", Verdict.UNKNOWN, claim.problem),))
    event = next((candidate for candidate in events if claim.slug and candidate.slug == claim.slug), None)
    preface = f"No event has the slug {claim.slug!r}. " if claim.slug and event is None else ""
    if event is None:
        ranked = rank(claim, events)
        asserts = claim.cues.asserts
        first_success = Assertion.FIRST_TIME in asserts and Assertion.SUCCESS in asserts
        # "The first Saturn V", "Le premier vol d'Ariane 5": a first of a vehicle; "the first crewed flight around
        # the Moon" says nothing of which event a sentence is about.
        first = Assertion.FIRST in asserts and bool(claim.cues.vehicles or claim.cues.people) and not first_success
        event, tied = pick(ranked, first=first, first_success=first_success)
        if event is None:
            event = _singled_out_by_date(claim, tied)
        if event is None:
            return _unresolved(claim, ranked, tied, preface, _of_other_kinds(claim, events))
        chosen = next(candidate for candidate in ranked if candidate.event.slug == event.slug)
        if not chosen.identified:
            return _unidentified(claim, chosen)
        unread = unexplained(claim.cues, event)
        if unread:
            return _unread(claim, event, unread)
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


def _of_other_kinds(claim: Claim, events: Sequence[EventRecord]) -> list[EventRecord]:
    """The events of the mission a claim names that are of another kind than its verb says (Apollo 11's launch for
    "Apollo 11 landed"): not what the claim is about, but what a writer should know the store holds."""
    if not claim.cues.kinds or not claim.cues.designators:
        return []
    return [event for event in events if not _kind_fits(claim.cues, event) and any(
        _same_mission(claimed, held) for claimed in claim.cues.designators for held in event_designators(event))]


def _unresolved(claim: Claim, ranked: list[Candidate], tied: tuple[Candidate, ...], preface: str,
                other_kinds: list[EventRecord]) -> CheckResult:
    if tied:
        shown = _by_closeness(claim, [candidate.event for candidate in tied])
        slugs = ", ".join(event.slug for event in shown[:6]) + (", …" if len(shown) > 6 else "")
        text = (f"{preface}Several events fit about equally ({slugs}): name one by its slug, as in "
                f"`tracker check {shown[0].slug} DATE`.")
        return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                           candidates=tuple(shown))
    if other_kinds:
        kinds = " or ".join(kind.value for kind in claim.cues.kinds)
        held = "; ".join(f"{event.title} ({event.slug}, {event.kind.value})" for event in other_kinds[:3])
        text = (f"{preface}No recorded event matches this claim: tracker holds no {kinds} of this mission, only "
                f"other events of it ({held}).")
        return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                           candidates=tuple(other_kinds[:3]))
    near = _by_closeness(claim, [candidate.event for candidate in ranked])[:3]
    text = f"{preface}No recorded event matches this claim."
    return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                       candidates=tuple(near))


def _unidentified(claim: Claim, chosen: Candidate) -> CheckResult:
    """Unknown: the closest event fits only by common words, never enough to call the claim right or wrong."""
    text = (f"No event is named in this claim: {chosen.event.title} ({chosen.event.slug}) shares only common words "
            "with it. Name the mission, the person or the event (or its slug).")
    return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                       candidates=(chosen.event,))


def _unread(claim: Claim, event: EventRecord, words: list[str]) -> CheckResult:
    """Unknown: the claim says something of the event in words tracker does not read as any kind of event."""
    shown = ", ".join(repr(word) for word in words[:3])
    text = (f"The claim names {event.title} ({event.slug}), but says of it something tracker cannot read "
            f"({shown}): it holds no such event, so it neither confirms nor denies it.")
    return CheckResult(claim, Verdict.UNKNOWN, findings=(Finding("subject", Verdict.UNKNOWN, text),),
                       candidates=(event,))


def _by_closeness(claim: Claim, events: list[EventRecord]) -> list[EventRecord]:
    when = claim.date.when if claim.date is not None else None
    if when is None:
        return events
    return sorted(events, key=lambda event: abs((event.span.lower - when.lower).total_seconds()))


def _refused(claim: Claim, event: EventRecord, text: str) -> CheckResult:
    return CheckResult(claim, Verdict.UNKNOWN, event, (Finding("date", Verdict.UNKNOWN, text),),
                       recorded_dates(event, set()), tuple(event.sources))
