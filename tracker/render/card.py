"""The event card: everything recorded about one event — each date with its history and sources, participants
and their roles, the place with its local time."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.bundled import GCAT_CREDIT, GCAT_URL
from tracker.records import EventRecord
from tracker.render.style import KIND_SYMBOLS, STATUS_STYLES, agency_style, duration_label
from tracker.render.text import literal


def _facts(event: EventRecord) -> Table:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(ratio=1)
    symbol, style = KIND_SYMBOLS[event.kind]
    facts.add_row("when", Text(event.span.label(with_local=True), style="bold"))
    facts.add_row("precision", event.span.precision.label + (f", lasting {duration_label(event.span)}"
                                                             if event.span.end else ""))
    facts.add_row("kind", Text(f"{symbol} {event.kind.value}", style=style))
    facts.add_row("status", Text(event.status.value, style=STATUS_STYLES.get(event.status, "green")))
    if event.place:
        zone = event.span.start.zone
        facts.add_row("place", literal(event.place + (f"  ({zone})" if zone else "")))
    for label, items, styled in (("agencies", event.agencies, True), ("people", event.people, False)):
        if items:
            names = Text()
            for index, item in enumerate(items):
                names.append("\n" if index else "")
                names.append_text(literal(item.name, agency_style(item.name) if styled else "bold"))
                if item.role:
                    names.append_text(literal(f" — {item.role}", "dim"))
            facts.add_row(label, names)
    if event.summary:
        facts.add_row("summary", literal(event.summary))
    return facts


def _history(event: EventRecord) -> Table:
    table = Table(title="Date history (oldest first)", title_justify="left", expand=True, show_lines=False)
    for name in ("status", "date", "place", "why", "source", "recorded"):
        table.add_column(name, overflow="fold")
    for revision in event.history:
        table.add_row(
            revision.status.value,
            Text(revision.span.label(with_local=True) if revision.span else "", style="strike"),
            literal(revision.place or "", "strike"),
            literal(revision.reason),
            literal(revision.source or ""),
            revision.recorded.label() if revision.recorded else "",
        )
    table.add_row("current", Text(event.span.label(with_local=True), style="bold"), literal(event.place or ""),
                  "", "", "")
    return table


def event_card(event: EventRecord) -> RenderableType:
    """A panel with the event's facts, its date history and its sources."""
    parts: list[RenderableType] = [_facts(event)]
    if event.history:
        parts.append(_history(event))
    if event.sources:
        sources = Text("Sources\n", style="bold")
        for url in event.sources:
            sources.append("  • ")
            sources.append_text(literal(url, "underline"))
            sources.append("\n")
        if GCAT_URL in event.sources:
            sources.append(f"Launch data: {GCAT_CREDIT}\n", style="dim")
        parts.append(sources)
    return Panel(Group(*parts), title=literal(event.title, "bold"), subtitle=literal(event.slug, "dim"),
                 title_align="left", subtitle_align="right")
