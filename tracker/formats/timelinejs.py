"""TimelineJS3 (Knight Lab) export: `{"events": [...]}`, one slide per event, written one event at a time.

- `start_date` / `end_date` hold only the parts that are known (`year`, `month`, `day`, `hour`, `minute`,
  `second`), as numbers. Dates (year, month, day precision) are the calendar date as written, in the event's zone;
  times (hour and finer) are given in UTC, as tracker shows them. TimelineJS draws them as they are, without
  converting, so a time slide also gets a `display_date` that says "UTC".
- An end known only to the month or year is inclusive in tracker ("2025-08" is all of August) but TimelineJS
  draws `{year: 2025, month: 8}` as 1 August: `end_date` names the last day of the month (or 31 December).
- `display_date` is set, from `Span.label()`, for every slide that is not simply known to the day: months, years
  and periods ("Jul 2025 – Sep 2025") and times ("1 Aug 2025 15:43 UTC").
- `text.headline` is the title, `text.text` the summary, status and place, and links to the sources. TimelineJS
  renders both as HTML, so every value is escaped and only http(s) sources become links.
- `group` is the kind, `unique_id` the slug. `autolink` is off: the text already links its sources, and
  TimelineJS's own linking would wrap those links again (an empty anchor and a truncated copy for each).
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from html import escape
from typing import IO, Any

from tracker.dates.when import Precision, Span, When
from tracker.formats import WriteOptions
from tracker.records import EventRecord

_PARTS = ("year", "month", "day", "hour", "minute", "second")


def timeline_date(when: When) -> dict[str, int]:
    """The TimelineJS date object for a value: only the known parts; dates as written, times in UTC."""
    moment = when.wall if when.precision <= Precision.DAY else when.lower
    return {part: int(getattr(moment, part)) for part in _PARTS[: int(when.precision)]}


def timeline_end_date(when: When) -> dict[str, int]:
    """The TimelineJS date object for an inclusive end: a month or year ends on its last day, which TimelineJS
    would otherwise draw as its first."""
    parts = timeline_date(when)
    if when.precision == Precision.YEAR:
        parts.update(month=12, day=31)
    elif when.precision == Precision.MONTH:
        parts["day"] = calendar.monthrange(parts["year"], parts["month"])[1]
    return parts


def _needs_display_date(span: Span) -> bool:
    return any(when.precision != Precision.DAY for when in (span.start, span.end) if when is not None)


def _paragraphs(text: str) -> str:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks if block)


def _link(url: str) -> str:
    shown = escape(url)
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}">{shown}</a>'
    return shown


def timeline_text(event: EventRecord) -> str:
    """The slide's HTML body: the summary, then status and place, then the sources; all text escaped."""
    facts = " · ".join(escape(fact) for fact in (event.status.value, event.place or "") if fact)
    html = _paragraphs(event.summary) + f"<p>{facts}</p>"
    if event.sources:
        html += "<p>Sources: " + ", ".join(_link(url) for url in event.sources) + "</p>"
    return html


def timeline_event(event: EventRecord) -> dict[str, Any]:
    """The TimelineJS slide for one event."""
    slide: dict[str, Any] = {"unique_id": event.slug, "group": event.kind.value, "autolink": False,
                             "start_date": timeline_date(event.span.start)}
    if event.span.end is not None:
        slide["end_date"] = timeline_end_date(event.span.end)
    if _needs_display_date(event.span):
        slide["display_date"] = event.span.label()
    slide["text"] = {"headline": escape(event.title), "text": timeline_text(event)}
    return slide


def write_timelinejs(events: Iterable[EventRecord], stream: IO[str]) -> int:
    """Write `events` as a TimelineJS3 JSON document, one slide at a time (constant memory); returns the count."""
    count = 0
    stream.write('{"events": [')
    for event in events:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(timeline_event(event), ensure_ascii=False))
        count += 1
    stream.write("\n]}\n" if count else "]}\n")
    return count


def write(events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True,
          options: WriteOptions | None = None) -> int:
    """The registry's writer: `write_timelinejs`."""
    return write_timelinejs(events, stream)
