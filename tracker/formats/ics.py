"""iCalendar (RFC 5545) export, built with the `icalendar` library, one VEVENT written at a time.

- Dates known to the day, month or year become all-day events (`DTSTART;VALUE=DATE`) covering the whole period
  as written in the event's zone: "2025-07" runs from 1 July to `DTEND` 1 August (DTEND is exclusive), and the
  description says the date is only known to the month. An inclusive end day "2025-08-01" gives DTEND 2025-08-02.
- Events whose start and end are both known to the hour or finer are timed, in UTC, from the first instant of the
  start to the first instant after the end (a minute-precision launch lasts that minute).
- A span mixing a date with a time is written as all-day, over the local days it touches.
- UID is `<slug>@tracker`, stable across exports. DTSTAMP is taken from the event's data, not the clock, so
  the same events always give the same bytes: the latest `recorded` date of its history, else its start.
- STATUS: occurred -> CONFIRMED; planned, postponed, unconfirmed -> TENTATIVE; scrubbed, cancelled -> CANCELLED
  (the description states tracker's own status).
- Control characters other than tab and line feed are removed from text (RFC 5545 forbids them).

Lines end with CRLF as the RFC requires: open output files with `newline=""`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import IO

from dateutil.relativedelta import relativedelta
from icalendar import Calendar, Event

from tracker.dates.when import Precision, Span, When
from tracker.records import EventRecord, EventStatus, Participant

PRODID = "-//tracker//space-event timeline//EN"

_STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.OCCURRED: "CONFIRMED",
    EventStatus.SCRUBBED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.UNCONFIRMED: "TENTATIVE",
}
_STEP = {Precision.YEAR: relativedelta(years=1), Precision.MONTH: relativedelta(months=1),
         Precision.DAY: relativedelta(days=1)}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\x00-\x1f\x7f]+")


def _clean(text: str) -> str:
    """Text an iCalendar TEXT value may hold: line breaks as LF, no other control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _first_day(when: When) -> date:
    return when.wall.date() if when.precision <= Precision.DAY else when.local().date()


def _day_after(when: When) -> date:
    if when.precision <= Precision.DAY:
        return (when.wall + _STEP[when.precision]).date()
    return when.local().date() + timedelta(days=1)


def ics_bounds(span: Span) -> tuple[date, date] | tuple[datetime, datetime]:
    """DTSTART and the exclusive DTEND for a span: dates for all-day events, UTC datetimes for timed ones."""
    first, last = span.start, span.end or span.start
    if first.precision > Precision.DAY and last.precision > Precision.DAY:
        return first.lower, last.upper
    start, end = _first_day(first), _day_after(last)
    return start, max(end, start + timedelta(days=1))


def _stamp(event: EventRecord) -> datetime:
    recorded = [revision.recorded.lower for revision in event.history if revision.recorded is not None]
    return max(recorded) if recorded else event.span.lower


def _names(items: list[Participant]) -> str:
    return ", ".join(f"{item.name} ({item.role})" if item.role else item.name for item in items)


def _known_to(span: Span) -> str:
    coarsest = min(span.start.precision, (span.end or span.start).precision)
    return f" (known to the {coarsest.label})" if coarsest < Precision.DAY else ""


def ics_description(event: EventRecord) -> str:
    """The DESCRIPTION text: summary, when (with its precision), status, agencies, people, then the sources."""
    parts = [event.summary.strip()] if event.summary.strip() else []
    facts = [f"When: {event.span.label(with_local=True)}{_known_to(event.span)}", f"Status: {event.status.value}"]
    if event.agencies:
        facts.append(f"Agencies: {_names(event.agencies)}")
    if event.people:
        facts.append(f"People: {_names(event.people)}")
    parts.append("\n".join(facts))
    if event.sources:
        parts.append("\n".join(["Sources:", *event.sources]))
    return _clean("\n\n".join(parts))


def ics_event(event: EventRecord) -> Event:
    """The VEVENT for one event."""
    component = Event()
    component.add("uid", f"{event.slug}@tracker")
    component.add("dtstamp", _stamp(event))
    start, end = ics_bounds(event.span)
    component.add("dtstart", start)
    component.add("dtend", end)
    component.add("summary", _clean(event.title))
    if event.place:
        component.add("location", _clean(event.place))
    component.add("description", ics_description(event))
    if event.sources and _URI.fullmatch(event.sources[0]):
        component.add("url", event.sources[0])
    component.add("categories", [event.kind.value])
    component.add("status", _STATUS[event.status])
    return component


def _frame() -> tuple[str, str]:
    """The calendar's opening lines (through its own properties) and its closing line."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    text = calendar.to_ical().decode("utf-8")
    tail = "END:VCALENDAR\r\n"
    assert text.endswith(tail)
    return text[: -len(tail)], tail


def write_ics(events: Iterable[EventRecord], stream: IO[str]) -> int:
    """Write `events` as one VCALENDAR, one VEVENT at a time (constant memory); returns how many were written."""
    head, tail = _frame()
    stream.write(head)
    count = 0
    for event in events:
        stream.write(ics_event(event).to_ical().decode("utf-8"))
        count += 1
    stream.write(tail)
    return count


def write(events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True) -> int:
    """The registry's writer: `write_ics`."""
    return write_ics(events, stream)
