"""TimelineJS3 export: only the known date parts, display dates for imprecise slides, escaped HTML."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tracker.dates.when import Span, When
from tracker.formats.timelinejs import timeline_date, write_timelinejs
from tracker.records import EventKind, EventRecord, EventStatus


def event(slug: str = "crew-11-launch", start: str = "2025-08-01T15:43Z", end: str | None = None,
          zone: str | None = "America/New_York", **changes: object) -> EventRecord:
    values: dict[str, object] = {
        "slug": slug, "title": "SpaceX Crew-11 launch", "kind": EventKind.LAUNCH, "status": EventStatus.OCCURRED,
        "span": Span.parse(start, end, zone), "timezone": zone, "place": "Kennedy Space Center",
        "summary": "Falcon 9 from LC-39A.", "sources": ["https://www.nasa.gov/crew-11"],
    }
    values.update(changes)
    return EventRecord(**values)  # type: ignore[arg-type]


def slides(events: list[EventRecord]) -> list[dict[str, Any]]:
    stream = io.StringIO()
    assert write_timelinejs(events, stream) == len(events)
    document = json.loads(stream.getvalue())
    assert set(document) == {"events"}
    found: list[dict[str, Any]] = document["events"]
    return found


@pytest.mark.parametrize(
    ("written", "zone", "parts"),
    [
        ("2025", None, {"year": 2025}),
        ("2025-07", None, {"year": 2025, "month": 7}),
        ("2025-07-31", "America/New_York", {"year": 2025, "month": 7, "day": 31}),
        ("2025-08-01T15", None, {"year": 2025, "month": 8, "day": 1, "hour": 15}),
        ("2025-07-31T22:09", "America/New_York", {"year": 2025, "month": 8, "day": 1, "hour": 2, "minute": 9}),
        ("2025-08-01T11:43:42-04:00", None,
         {"year": 2025, "month": 8, "day": 1, "hour": 15, "minute": 43, "second": 42}),
    ],
)
def test_dates_hold_only_the_known_parts_times_in_utc(written: str, zone: str | None, parts: dict[str, int]) -> None:
    assert timeline_date(When.parse(written, zone)) == parts


def test_a_slide_carries_the_event() -> None:
    [slide] = slides([event()])
    assert slide["unique_id"] == "crew-11-launch"
    assert slide["group"] == "launch"
    assert slide["start_date"] == {"year": 2025, "month": 8, "day": 1, "hour": 15, "minute": 43}
    assert "end_date" not in slide
    assert slide["display_date"] == "1 Aug 2025 15:43 UTC"
    assert slide["text"]["headline"] == "SpaceX Crew-11 launch"
    assert slide["text"]["text"] == ('<p>Falcon 9 from LC-39A.</p><p>occurred · Kennedy Space Center</p>'
                                     '<p>Sources: <a href="https://www.nasa.gov/crew-11">https://www.nasa.gov/crew-11'
                                     '</a></p>')


@pytest.mark.parametrize(("end", "parts"), [
    ("2025-08", {"year": 2025, "month": 8, "day": 31}),
    ("2028-02", {"year": 2028, "month": 2, "day": 29}),
    ("2026", {"year": 2026, "month": 12, "day": 31}),
    ("2025-08-14", {"year": 2025, "month": 8, "day": 14}),
])
def test_an_inclusive_month_or_year_end_is_its_last_day(end: str, parts: dict[str, int]) -> None:
    [slide] = slides([event(start="2025-07", end=end, zone=None)])
    assert slide["start_date"] == {"year": 2025, "month": 7} and slide["end_date"] == parts


def test_timelinejs_does_not_link_the_links_again() -> None:
    assert all(slide["autolink"] is False for slide in slides([event(), event(slug="other")]))


def test_a_day_needs_no_display_date_but_a_month_or_a_quarter_does() -> None:
    day, month, quarter = slides([event("d", "2025-07-31"), event("m", "2025-07"),
                                  event("q", "2026-04", "2026-06")])
    assert "display_date" not in day
    assert month["display_date"] == "Jul 2025"
    assert quarter["start_date"] == {"year": 2026, "month": 4}
    assert quarter["end_date"] == {"year": 2026, "month": 6, "day": 30}
    assert quarter["display_date"] == "Apr 2026 – Jun 2026"


def test_text_is_escaped_html_and_only_web_links_are_links() -> None:
    [slide] = slides([event(title="<script>alert(1)</script>", summary="a & b\n[bold]x[/]\n\nsecond",
                            sources=["javascript:alert(1)", 'https://x.org/?a="b"'])])
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    text = slide["text"]["text"]
    assert text.startswith("<p>a &amp; b<br>[bold]x[/]</p><p>second</p>")
    assert "<a href=\"javascript" not in text and "javascript:alert(1)" in text
    assert '<a href="https://x.org/?a=&quot;b&quot;">' in text


def test_an_empty_timeline_is_valid_json() -> None:
    assert slides([]) == []


def test_unicode_is_written_as_is() -> None:
    stream = io.StringIO()
    write_timelinejs([event(title="Байконур שלום")], stream)
    assert "Байконур שלום" in stream.getvalue()
