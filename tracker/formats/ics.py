"""iCalendar (RFC 5545) export, built with the `icalendar` library, one VEVENT written at a time.

- Dates known to the day become all-day events (`DTSTART;VALUE=DATE`) as written in the event's zone; an
  inclusive end day "2025-08-01" gives DTEND 2025-08-02 (DTEND is exclusive).
- Dates known only to the month, year (or coarser) are approximate: a calendar would show "2025-07" as a block
  filling all of July, which says something false (that it lasted a month). Such an event becomes a single all-day
  event on the first day of the period, marked approximate: its SUMMARY ends "(date known to the month)", it is
  TRANSPARENT (it blocks no time) and the description says so too. With `spans` (`export --ics-spans`) it covers
  the whole period instead, from 1 July to DTEND 1 August.
- Events whose start and end are both known to the hour or finer are timed, in UTC, from the first instant of the
  start to the first instant after the end (a minute-precision launch lasts that minute).
- A span mixing a date with a time is written as all-day, over the local days it touches.
- UID is `<slug>@tracker`, stable across exports. DTSTAMP is when the calendar was exported, in UTC, as RFC 5545
  asks of a calendar that is published rather than sent as a scheduling message; LAST-MODIFIED is the latest
  `recorded` date of the event's history, when it has one.
- GEO is the latitude and longitude of the event's place when the store knows them.
- STATUS: occurred -> CONFIRMED; planned, postponed, unconfirmed -> TENTATIVE; scrubbed, cancelled -> CANCELLED
  (the description states tracker's own status).
- Control characters other than tab and line feed are removed from text (RFC 5545 forbids them).

Lines end with CRLF as the RFC requires: open output files with `newline=""`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import IO

from dateutil.relativedelta import relativedelta
from icalendar import Calendar, Event

from tracker.dates import when as clock
from tracker.dates.when import Precision, Span, When
from tracker.formats import WriteOptions
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


def coarsest(span: Span) -> Precision:
    """The precision of the less precise of a span's two dates."""
    return min(span.start.precision, (span.end or span.start).precision)


def ics_bounds(span: Span, *, spans: bool = False) -> tuple[date, date] | tuple[datetime, datetime]:
    """DTSTART and the exclusive DTEND for a span: dates for all-day events, UTC datetimes for timed ones. A span
    known only to the month or coarser is its first day alone, unless `spans`: then the whole period."""
    first, last = span.start, span.end or span.start
    if first.precision > Precision.DAY and last.precision > Precision.DAY:
        return first.lower, last.upper
    start = _first_day(first)
    if coarsest(span) < Precision.DAY and not spans:
        return start, start + timedelta(days=1)
    return start, max(_day_after(last), start + timedelta(days=1))


def _modified(event: EventRecord) -> datetime | None:
    recorded = [revision.recorded.lower for revision in event.history if revision.recorded is not None]
    return max(recorded) if recorded else None


def _names(items: list[Participant]) -> str:
    return ", ".join(f"{item.name} ({item.role})" if item.role else item.name for item in items)


def _known_to(span: Span) -> str:
    known = coarsest(span)
    return f" (known to the {known.label})" if known < Precision.DAY else ""


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


def ics_event(event: EventRecord, *, stamp: datetime | None = None, spans: bool = False,
              coordinates: Mapping[str, tuple[float, float]] | None = None) -> Event:
    """The VEVENT for one event, stamped `stamp` (now when not given); `spans` and `coordinates` as
    `WriteOptions` says."""
    component = Event()
    component.add("uid", f"{event.slug}@tracker")
    component.add("dtstamp", stamp or clock.utc_now())
    modified = _modified(event)
    if modified is not None:
        component.add("last-modified", modified)
    start, end = ics_bounds(event.span, spans=spans)
    component.add("dtstart", start)
    component.add("dtend", end)
    known = coarsest(event.span)
    approximate = known < Precision.DAY
    component.add("summary", _clean(event.title) + (f" (date known to the {known.label})" if approximate else ""))
    if approximate:
        component.add("transp", "TRANSPARENT")
    if event.place:
        component.add("location", _clean(event.place))
        geo = (coordinates or {}).get(event.place)
        if geo is not None:
            component.add("geo", geo)
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


def write_ics(events: Iterable[EventRecord], stream: IO[str], options: WriteOptions | None = None) -> int:
    """Write `events` as one VCALENDAR, one VEVENT at a time (constant memory); returns how many were written."""
    options = options or WriteOptions()
    stamp = (options.now or clock.utc_now()).astimezone(UTC).replace(microsecond=0)
    head, tail = _frame()
    stream.write(head)
    count = 0
    for event in events:
        component = ics_event(event, stamp=stamp, spans=options.ics_spans, coordinates=options.coordinates)
        stream.write(component.to_ical().decode("utf-8"))
        count += 1
    stream.write(tail)
    return count


def write(events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True,
          options: WriteOptions | None = None) -> int:
    """The registry's writer: `write_ics`."""
    return write_ics(events, stream, options)
