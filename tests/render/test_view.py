"""One timeline view: agencies in colours of their own, gaps marked only when long for the view, and span bars
on one scale that the view explains."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from rich.console import Console

from tracker.dates.ranges import DateRange
from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus, Match, Membership
from tracker.render.style import AGENCY_PALETTE, AgencyColours, agency_style
from tracker.render.timeline import timeline_parts


def test_agencies_that_share_a_usual_colour_get_distinct_ones_in_one_view() -> None:
    names = ["Roscosmos", "SpaceX", "NASA", "Boeing", "JAXA", "ESA", "ISRO", "CNSA", "CSA", "Axiom"]
    assert len({agency_style(name) for name in names}) < len(names)  # the premise: some share one usually
    colours = AgencyColours()
    assert len({colours(name) for name in names}) == len(names) == len(AGENCY_PALETTE)
    assert colours("NASA") == colours("NASA")  # stable within the view


def test_the_first_agency_keeps_its_usual_colour() -> None:
    assert AgencyColours()("Roscosmos") == agency_style("Roscosmos")


def _text(days: list[int], shown: DateRange, end_of_first: str | None = None) -> str:
    """The timeline, as text, of events on these days after 1 July 2025 (the first lasting to `end_of_first`)."""
    events = [Match(EventRecord(f"e{day}", f"Event {day}", EventKind.OTHER, EventStatus.OCCURRED,
                                Span.parse(f"{date(2025, 7, 1) + timedelta(days=day)}T00:00Z",
                                           end_of_first if index == 0 else None)), Membership.WITHIN)
              for index, day in enumerate(days)]
    console = Console(width=120, color_system=None)
    with console.capture() as captured:
        for part in timeline_parts(events, "Heading", shown=shown):
            console.print(part)
    return captured.get()


QUARTER = DateRange(datetime(2025, 7, 1, tzinfo=UTC), datetime(2025, 10, 1, tzinfo=UTC))


def test_a_gap_short_for_the_view_is_not_marked() -> None:
    assert "without events" not in _text([0, 1, 2, 3, 9, 10, 11], QUARTER)  # 6 days in a quarter


def test_a_gap_long_for_the_view_is_marked() -> None:
    assert "12 days without events" in _text([0, 1, 2, 3, 15, 16, 17], QUARTER)


def test_span_bars_are_explained_once_on_the_views_scale() -> None:
    text = _text([0, 5, 10], QUARTER, end_of_first="2025-07-10T00:00Z")
    assert text.count("spans are drawn to one scale: a full bar is 92 days") == 1
    assert "━━━ 9 days" in text  # the event's own bar: 9 of 92 days is 3 of 30 cells


def test_no_legend_without_spans() -> None:
    assert "drawn to one scale" not in _text([0, 5, 10], QUARTER)
