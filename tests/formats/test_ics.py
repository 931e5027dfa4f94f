"""iCalendar export: parsed back with icalendar to check what a calendar application will see."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from tracker.dates import when
from tracker.dates.when import Span, When
from tracker.formats import WriteOptions
from tracker.formats.ics import write_ics
from tracker.records import EventKind, EventRecord, EventStatus, Participant, RevisionRecord, RevisionStatus


def event(slug: str = "crew-11-launch", start: str = "2025-08-01T15:43Z", end: str | None = None,
          zone: str | None = "America/New_York", **changes: object) -> EventRecord:
    values: dict[str, object] = {
        "slug": slug, "title": "SpaceX Crew-11 launch", "kind": EventKind.LAUNCH, "status": EventStatus.OCCURRED,
        "span": Span.parse(start, end, zone), "timezone": zone, "place": "Kennedy Space Center",
        "summary": "Falcon 9 from LC-39A.",
        "agencies": [Participant("NASA", "customer"), Participant("SpaceX", "launch provider")],
        "people": [Participant("Zena Cardman", "commander")],
        "sources": ["https://www.nasa.gov/crew-11", "https://spacex.com/launches"],
    }
    values.update(changes)
    return EventRecord(**values)  # type: ignore[arg-type]


EXPORTED = datetime(2026, 12, 7, 17, 30, 5, tzinfo=UTC)


def written(events: list[EventRecord], **options: object) -> str:
    stream = io.StringIO(newline="")
    assert write_ics(events, stream, WriteOptions(now=EXPORTED, **options)) == len(events)  # type: ignore[arg-type]
    return stream.getvalue()


def parsed(events: list[EventRecord], **options: object) -> list[Event]:
    calendar = Calendar.from_ical(written(events, **options))
    return [component for component in calendar.walk("VEVENT") if isinstance(component, Event)]


def test_a_timed_event_is_in_utc_with_a_stable_uid() -> None:
    [vevent] = parsed([event()])
    start = vevent.decoded("dtstart")
    assert isinstance(start, datetime) and start == datetime(2025, 8, 1, 15, 43, tzinfo=UTC)
    assert vevent.decoded("dtend") == datetime(2025, 8, 1, 15, 44, tzinfo=UTC)
    assert str(vevent["uid"]) == "crew-11-launch@tracker"
    assert "DTSTART:20250801T154300Z" in written([event()])


def test_a_day_is_an_all_day_event_and_the_end_day_is_exclusive() -> None:
    [single, span] = parsed([event("one", "2025-07-31"), event("two", "2025-07-28", "2025-08-01")])
    assert single.decoded("dtstart") == date(2025, 7, 31) and not isinstance(single.decoded("dtstart"), datetime)
    assert single.decoded("dtend") == date(2025, 8, 1)
    assert span.decoded("dtstart") == date(2025, 7, 28)
    assert span.decoded("dtend") == date(2025, 8, 2)
    assert "DTSTART;VALUE=DATE:20250728" in written([event("two", "2025-07-28", "2025-08-01")])


IMPRECISE = [
    ("2025-07", None, date(2025, 7, 1), date(2025, 8, 1), "month", "When: Jul 2025 (known to the month)"),
    ("2026", None, date(2026, 1, 1), date(2027, 1, 1), "year", "When: 2026 (known to the year)"),
    ("2026-04", "2026-06", date(2026, 4, 1), date(2026, 7, 1), "month", "(known to the month)"),
    ("2026-04-10", "2026-06", date(2026, 4, 10), date(2026, 7, 1), "month", "(known to the month)"),
]


@pytest.mark.parametrize(("start", "end", "first", "after", "precision", "stated"), IMPRECISE)
def test_months_and_years_are_one_approximate_day_and_say_so(start: str, end: str | None, first: date,
                                                             after: date, precision: str, stated: str) -> None:
    [vevent] = parsed([event(start=start, end=end)])
    assert (vevent.decoded("dtstart"), vevent.decoded("dtend")) == (first, date.fromordinal(first.toordinal() + 1))
    assert not isinstance(vevent.decoded("dtstart"), datetime)
    assert str(vevent["summary"]) == f"SpaceX Crew-11 launch (date known to the {precision})"
    assert str(vevent["transp"]) == "TRANSPARENT"  # approximate: it blocks no time in the calendar
    assert stated in str(vevent["description"])


@pytest.mark.parametrize(("start", "end", "first", "after", "precision", "stated"), IMPRECISE)
def test_with_spans_months_and_years_cover_the_whole_period(start: str, end: str | None, first: date,
                                                            after: date, precision: str, stated: str) -> None:
    [vevent] = parsed([event(start=start, end=end)], ics_spans=True)
    assert (vevent.decoded("dtstart"), vevent.decoded("dtend")) == (first, after)
    assert str(vevent["summary"]) == f"SpaceX Crew-11 launch (date known to the {precision})"


def test_precise_dates_are_not_marked_approximate() -> None:
    for vevent in parsed([event("a"), event("b", start="2025-07-31")]):
        assert str(vevent["summary"]) == "SpaceX Crew-11 launch" and "transp" not in vevent


def test_a_span_mixing_a_date_and_a_time_is_all_day() -> None:
    [vevent] = parsed([event(start="2025-07-31", end="2025-08-01T15:43Z")])
    assert (vevent.decoded("dtstart"), vevent.decoded("dtend")) == (date(2025, 7, 31), date(2025, 8, 2))


def test_the_properties_carry_the_event() -> None:
    [vevent] = parsed([event()])
    assert str(vevent["summary"]) == "SpaceX Crew-11 launch"
    assert str(vevent["location"]) == "Kennedy Space Center"
    assert str(vevent["url"]) == "https://www.nasa.gov/crew-11"
    assert vevent.categories == ["launch"]
    assert str(vevent["status"]) == "CONFIRMED"
    description = str(vevent["description"])
    assert description.startswith("Falcon 9 from LC-39A.\n\nWhen: 1 Aug 2025 15:43 UTC")
    assert "Status: occurred" in description
    assert "Agencies: NASA (customer), SpaceX (launch provider)" in description
    assert "People: Zena Cardman (commander)" in description
    assert description.endswith("Sources:\nhttps://www.nasa.gov/crew-11\nhttps://spacex.com/launches")


@pytest.mark.parametrize(
    ("status", "ical"),
    [(EventStatus.OCCURRED, "CONFIRMED"), (EventStatus.PLANNED, "TENTATIVE"), (EventStatus.POSTPONED, "TENTATIVE"),
     (EventStatus.UNCONFIRMED, "TENTATIVE"), (EventStatus.SCRUBBED, "CANCELLED"),
     (EventStatus.CANCELLED, "CANCELLED")],
)
def test_statuses_map_to_rfc_5545(status: EventStatus, ical: str) -> None:
    [vevent] = parsed([event(status=status)])
    assert str(vevent["status"]) == ical


def test_dtstamp_is_the_export_time_and_last_modified_comes_from_the_history() -> None:
    records = [event(start="1957-10-04T19:28:34Z"), event("later", history=[
        RevisionRecord(RevisionStatus.SCRUBBED, Span.parse("2025-07-31T16:09Z"), recorded=When.parse("2025-07-31")),
        RevisionRecord(RevisionStatus.PLANNED, Span.parse("2025-07-30"), recorded=When.parse("2025-06-01")),
    ])]
    assert written(records) == written(records)  # the same events at the same time: the same bytes
    first, second = parsed(records)
    assert first.decoded("dtstamp") == second.decoded("dtstamp") == EXPORTED  # not 1957
    assert "DTSTAMP:20261207T173005Z" in written(records)
    assert "last-modified" not in first
    assert second.decoded("last-modified") == datetime(2025, 7, 31, tzinfo=UTC)


def test_dtstamp_defaults_to_now_in_utc() -> None:
    stream = io.StringIO(newline="")
    write_ics([event()], stream)
    [vevent] = Calendar.from_ical(stream.getvalue()).walk("VEVENT")
    assert vevent.decoded("dtstamp") == when.utc_now().replace(microsecond=0)  # tracker's one clock
    assert vevent.decoded("dtstamp").utcoffset() == timedelta(0)


def test_geo_where_the_place_has_coordinates() -> None:
    coordinates = {"Kennedy Space Center": (28.5728722, -80.6489808)}
    known, unknown = parsed([event("a"), event("b", place="Somewhere")], coordinates=coordinates)
    assert (known["geo"].latitude, known["geo"].longitude) == pytest.approx((28.5728722, -80.6489808))
    assert "geo" not in unknown


def test_awkward_text_survives_and_control_characters_are_dropped() -> None:
    title = 'Crew-11; "go", [bold]x[/] שלום\x1b[31m'
    [vevent] = parsed([event(title=title, summary="one\r\ntwo\x00", place="Baïkonour, site 31")])
    assert str(vevent["summary"]) == 'Crew-11; "go", [bold]x[/] שלום[31m'
    assert str(vevent["location"]) == "Baïkonour, site 31"
    assert str(vevent["description"]).startswith("one\ntwo\n\n")


def test_lines_end_with_crlf_and_the_calendar_is_complete() -> None:
    text = written([event(), event("b", summary="x" * 200)])
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "PRODID:" in text and "VERSION:2.0" in text


def test_no_sources_means_no_url() -> None:
    [vevent] = parsed([event(sources=[], place=None)])
    assert "url" not in vevent and "location" not in vevent


def test_an_empty_calendar_is_valid() -> None:
    calendar = Calendar.from_ical(written([]))
    assert list(calendar.walk("VEVENT")) == []


def test_events_are_written_one_at_a_time() -> None:
    stream = io.StringIO(newline="")
    seen: list[int] = []

    def generated() -> Iterator[EventRecord]:
        for index in range(3):
            seen.append(stream.getvalue().count("BEGIN:VEVENT"))
            yield event(f"e{index}")

    assert write_ics(generated(), stream) == 3
    assert seen == [0, 1, 2]
