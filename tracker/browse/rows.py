"""How one event looks in the browser's list: the timeline's own lines (tracker.render.timeline.matched_lines,
"possibly within range" marked as there) beside its kind's marker, cut to the width, and the month or year rule
that opens a new period."""

from __future__ import annotations

from rich.text import Text

from tracker.dates.when import Precision
from tracker.records import EventRecord, Match
from tracker.render.style import KIND_SYMBOLS
from tracker.render.timeline import matched_lines

MOST_LINES = 4
"""Lines one event takes at most in the list (its card has everything)."""


def match_lines(match: Match) -> list[Text]:
    """The lines of one event: its kind's marker on the first, the rail on the others; at most MOST_LINES."""
    event = match.event
    symbol, style = KIND_SYMBOLS[event.kind]
    lines = matched_lines(match)
    if len(lines) > MOST_LINES:
        hidden = len(lines) - MOST_LINES + 1
        lines = [*lines[:MOST_LINES - 1], Text(f"… {hidden} more lines: Enter opens the card", style="dim italic")]
    shown = []
    for index, line in enumerate(lines):
        prefix = Text(symbol, style=style) if index == 0 else Text("│", style="dim")
        shown.append(prefix.append(" ").append_text(line))
    return shown


def period_of(event: EventRecord, *, by_year: bool) -> str:
    """The heading of the rule above the first event of a period: "July 2025", or "2025" by year (and for an event
    known only to the year)."""
    start = event.span.start
    if by_year or start.precision == Precision.YEAR:
        return f"{start.wall.year}"
    local = start.wall if start.precision <= Precision.DAY else start.lower
    return f"{local:%B} {local.year}"
