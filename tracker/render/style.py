"""The look every view shares: a symbol and colour per kind of event, a style per status, a stable colour per
agency, and how a duration is written. Timeline, card, directory and the browser all take them from here."""

from __future__ import annotations

import zlib
from datetime import timedelta

from tracker.dates.when import Span
from tracker.records import EventKind, EventStatus, Outcome

KIND_SYMBOLS = {
    EventKind.LAUNCH: ("▲", "bold bright_red"),
    EventKind.LANDING: ("▼", "bold green"),
    EventKind.DOCKING: ("◆", "bold cyan"),
    EventKind.UNDOCKING: ("◇", "cyan"),
    EventKind.SPACEWALK: ("✶", "bold magenta"),
    EventKind.VISIT: ("●", "bold yellow"),
    EventKind.MEETING: ("◉", "bold bright_yellow"),
    EventKind.APPOINTMENT: ("★", "bold blue"),
    EventKind.ANNOUNCEMENT: ("■", "bright_blue"),
    EventKind.OTHER: ("○", "white"),
}

STATUS_STYLES = {
    EventStatus.PLANNED: "italic cyan",
    EventStatus.SCRUBBED: "bold red",
    EventStatus.POSTPONED: "yellow",
    EventStatus.CANCELLED: "red strike",
    EventStatus.UNCONFIRMED: "italic magenta",
}

OUTCOME_MARKS = {
    Outcome.FAILURE: ("✗ failure", "bold red"),
    Outcome.PARTIAL: ("◐ partial failure", "yellow"),
}
"""How an attempt that did not fully succeed is marked (a success is the expected case and goes unmarked)."""

AGENCY_PALETTE = ("bright_blue", "bright_green", "bright_magenta", "bright_cyan", "orange3", "gold3",
                  "deep_pink3", "spring_green3", "dodger_blue2", "salmon1")


def agency_style(name: str) -> str:
    """A colour for an agency that is the same on every run (a checksum of the name, not Python's hash)."""
    return AGENCY_PALETTE[zlib.crc32(name.encode()) % len(AGENCY_PALETTE)]


class AgencyColours:
    """The agencies' colours within one view: each keeps its usual colour (agency_style) unless another agency of
    the view already has it, and then takes the first colour no agency of the view has; so up to ten agencies in
    one view never share a colour."""

    def __init__(self) -> None:
        self.given: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        """The colour of `name` in this view."""
        if name not in self.given:
            taken = set(self.given.values())
            free = [colour for colour in AGENCY_PALETTE if colour not in taken]
            usual = agency_style(name)
            self.given[name] = usual if usual in free or not free else free[0]
        return self.given[name]


def duration_label(span: Span) -> str:
    """How long a span lasts, in the largest sensible unit: "5 days", "3 h 5 min", "167 days"."""
    return length_label(span.duration() or timedelta(0))


def length_label(length: timedelta) -> str:
    """A length of time in the largest sensible unit: "5 days", "3 h 5 min", "12 min"."""
    if length >= timedelta(days=2):
        return f"{length.days} days"
    if length >= timedelta(hours=1):
        hours, rest = divmod(int(length.total_seconds()) // 60, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{max(1, int(length.total_seconds()) // 60)} min"
