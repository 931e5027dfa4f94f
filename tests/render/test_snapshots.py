"""The rendered timeline, pinned: the week of the NASA-Roscosmos talks as a person sees it at 100 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_rendered_week_snapshot(db: str) -> None:
    out = run("timeline", "2025-07-28..2025-08-03", width=100, db=db, terminal=True).stdout
    expected = (Path(__file__).parent / "snapshots" / "week-2025-07-28.txt").read_text()
    assert [line.rstrip() for line in out.splitlines()] == expected.splitlines()


def test_the_timeline_streams_piece_by_piece_from_the_events() -> None:
    from itertools import count

    from tracker.dates.when import Span
    from tracker.records import EventKind, EventRecord, EventStatus, Match
    from tracker.render.timeline import WINDOW, timeline_parts

    made = count()

    def events() -> object:
        for day in range(1, 10_000):
            next(made)
            yield Match(EventRecord(f"e{day}", f"Event {day}", EventKind.OTHER, EventStatus.OCCURRED,
                                    Span.parse(f"{1900 + day // 365}-01-01")))

    parts = timeline_parts(events(), "Heading")  # type: ignore[arg-type]
    heading = next(parts)
    assert getattr(heading, "plain", None) == "Heading"
    next(parts)  # the first year's rule: only the first window of events has been read
    assert next(made) == WINDOW  # events made so far: the window, of the 9,999 to come
