"""The timeline: events in date order, grouped by month, each with its date at its precision, kind, title,
status, agencies, people and roles, and any dates it had before (planned, scrubbed, superseded)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from tracker.records import EventKind, EventRecord, EventStatus, Participant, RevisionRecord
from tracker.render.text import literal
from tracker.when import Precision

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

AGENCY_PALETTE = ("bright_blue", "bright_green", "bright_magenta", "bright_cyan", "orange3", "gold3",
                  "deep_pink3", "spring_green3", "dodger_blue2", "salmon1")


def agency_style(name: str) -> str:
    """A colour for an agency that is the same on every run (a checksum of the name, not Python's hash)."""
    return AGENCY_PALETTE[zlib.crc32(name.encode()) % len(AGENCY_PALETTE)]


def _month_heading(event: EventRecord) -> str:
    start = event.span.start
    if start.precision == Precision.YEAR:
        return f"{start.wall.year}"
    local = start.wall if start.precision <= Precision.DAY else start.lower
    return f"{local:%B} {local.year}"


def _participants(items: list[Participant], style_of: object = None) -> Text:
    line = Text()
    for index, item in enumerate(items):
        if index:
            line.append(", ")
        style = agency_style(item.name) if style_of == "agency" else "bold"
        line.append_text(literal(item.name, style))
        if item.role:
            line.append_text(literal(f" ({item.role})", "dim"))
    return line


def _revision_line(revision: RevisionRecord) -> Text:
    line = Text("↳ ", style="dim")
    line.append(revision.status.value, style="dim italic")
    if revision.span is not None:
        line.append(" ")
        line.append(revision.span.label(), style="dim strike")
    if revision.place:
        line.append(" at ", style="dim")
        line.append_text(literal(revision.place, "dim strike"))
    if revision.reason:
        line.append_text(literal(f" — {revision.reason}", "dim"))
    return line


def event_lines(event: EventRecord) -> Iterator[Text]:
    """The lines one event takes in the timeline, beside its kind's marker."""
    head = Text()
    head.append(event.span.label(), style="bold")
    head.append("  ")
    head.append_text(literal(event.title, "bold" if event.status == EventStatus.OCCURRED else ""))
    head.append(f"  {event.kind.value}", style="dim")
    if event.status != EventStatus.OCCURRED:
        head.append(f"  [{event.status.value}]", style=STATUS_STYLES.get(event.status, ""))
    yield head
    details = Text()
    if event.place:
        details.append("@ ", style="dim")
        details.append_text(literal(event.place))
    if event.agencies:
        details.append("  " if event.place else "")
        details.append_text(_participants(event.agencies, "agency"))
    if details:
        yield details
    if event.people:
        yield _participants(event.people)
    for revision in event.history:
        yield _revision_line(revision)


def _event_row(event: EventRecord) -> Table:
    symbol, style = KIND_SYMBOLS[event.kind]
    row = Table.grid(padding=(0, 1))
    row.add_column(width=1)
    row.add_column(ratio=1)
    row.add_row(Text(symbol, style=style), Group(*event_lines(event)))
    return row


def timeline(events: Iterable[EventRecord], heading: str) -> RenderableType:
    """The whole timeline: a heading, then events grouped under a rule for each month."""
    parts: list[RenderableType] = [Text(heading, style="bold underline")]
    current = None
    count = 0
    for event in events:
        month = _month_heading(event)
        if month != current:
            parts.append(Rule(month, align="left", style="dim"))
            current = month
        parts.append(Padding(_event_row(event), (0, 0, 1, 0)))
        count += 1
    if count == 0:
        parts.append(Text("No events in this range.", style="italic"))
    return Group(*parts)
