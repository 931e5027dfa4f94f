"""The event card: everything recorded about one event — each date with its history and sources, participants
and their roles, the place with its local time."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.bundled import GCAT_CREDIT, GCAT_URL
from tracker.records import EventRecord
from tracker.render.layout import ByWidth, SourceNotes, Wrapped, indented
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


def _history(event: EventRecord, notes: SourceNotes) -> RenderableType:
    table = Table(title="Date history (oldest first)", title_justify="left", expand=True, show_lines=False)
    for name in ("status", "date", "place", "why", "source", "recorded"):
        table.add_column(name, overflow="fold", no_wrap=name in ("status", "source"))
    stacked: list[RenderableType] = [Text("Date history (oldest first)", style="italic")]
    for revision in event.history:
        cited = notes.cite(revision.source) if revision.source else ""
        recorded = revision.recorded.label() if revision.recorded else ""
        date = Text(revision.span.label(with_local=True) if revision.span else "", style="strike")
        table.add_row(revision.status.value, date, literal(revision.place or "", "strike"),
                      literal(revision.reason), cited, recorded)
        line = Text(f"{revision.status.value} ", style="dim italic").append_text(date)
        if revision.place:
            line.append(" at ", style="dim").append_text(literal(revision.place, "strike"))
        details = " ".join(part for part in (cited, f"recorded {recorded}" if recorded else "") if part)
        line.append(f"  {details}" if details else "", style="dim")
        stacked.append(line)
        if revision.reason:
            stacked.append(indented(literal(revision.reason, "dim")))
    current = Text(event.span.label(with_local=True), style="bold")
    table.add_row("current", current, literal(event.place or ""), "", "", "")
    now = Text("current ", style="dim italic").append_text(current)
    if event.place:
        now.append(" at ", style="dim").append_text(literal(event.place))
    stacked.append(now)
    return ByWidth(table, Group(*stacked))


def event_card(event: EventRecord, titles: Mapping[str, str] | None = None) -> RenderableType:
    """A panel with the event's title, facts and date history, then its sources numbered below it (a source known by
    title only, with `titles` giving it, is shown by its title): URLs stay whole at any width."""
    notes = SourceNotes(titles)
    for url in event.sources:
        notes.cite(url)
    parts: list[RenderableType] = [literal(event.title, "bold"), _facts(event)]
    if event.history:
        parts.append(_history(event, notes))
    card: list[RenderableType] = [Panel(Wrapped(Group(*parts)), subtitle=literal(event.slug, "dim"),
                                        subtitle_align="right")]
    if notes.numbers:
        card.append(notes.listing())
    if GCAT_URL in event.sources:
        card.append(Text(f"Launch data: {GCAT_CREDIT}", style="dim"))
    return Group(*card)
