"""The event card: everything recorded about one event — each date with its history and sources, participants
and their roles, the place with its local time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.bundled import GCAT_CREDIT, GCAT_URL, MCDOWELL_CREDIT, MCDOWELL_URL
from tracker.records import EventRecord, FieldChangeRecord
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


_LISTS = frozenset({"agencies", "people", "sources", "aliases"})


def _list_difference(change: FieldChangeRecord) -> tuple[list[str], list[str]]:
    """The items a change to a list field added and removed, as the history keeps them (joined by "; ")."""
    before = change.before.split("; ") if change.before else []
    after = change.after.split("; ") if change.after else []
    return [item for item in after if item not in before], [item for item in before if item not in after]


def _changes(changes: Sequence[FieldChangeRecord], notes: SourceNotes) -> RenderableType:
    """Each replaced or declined value on a line: "summary: My notes → (empty) — user, 7 Dec 2026 …"."""
    lines: list[RenderableType] = [Text("Changes (oldest first)", style="italic")]
    for change in changes:
        line = Text(f"{change.field}: ", style="dim")
        added, removed = _list_difference(change) if change.field in _LISTS else (None, None)
        if added is not None and removed is not None and change.applied:
            line.append_text(literal("; ".join(f"+ {item}" for item in added) + ("; " if added and removed else "")
                                     + "; ".join(f"− {item}" for item in removed)))
        else:
            line.append_text(literal(change.before or "(empty)", "strike" if change.applied else ""))
            line.append(" → " if change.applied else " kept; offered: ", style="dim")
            line.append_text(literal(change.after or "(empty)", "" if change.applied else "strike"))
        details = [change.author, change.reason if change.reason != change.author else "",
                   notes.cite(change.source) if change.source else "",
                   f"recorded {change.recorded.label()}" if change.recorded else ""]
        line.append_text(literal("  " + ", ".join(part for part in details if part), "dim"))
        lines.append(line)
    return Group(*lines)


def _flight(event: EventRecord, flight: Sequence[EventRecord]) -> RenderableType:
    """The flight's events in date order, this one marked: launch, docking, spacewalks, landing."""
    lines: list[RenderableType] = [Text(f"The flight {event.flight} (oldest first)", style="italic")]
    for other in flight:
        symbol, style = KIND_SYMBOLS[other.kind]
        line = Text("→ " if other.slug == event.slug else "  ", style="bold")
        line.append(f"{other.span.label()}  ", style="dim").append(f"{symbol} ", style=style)
        line.append_text(literal(other.title, "bold" if other.slug == event.slug else ""))
        line.append_text(literal(f"  {other.slug}", "dim"))
        lines.append(line)
    return Group(*lines)


def event_card(event: EventRecord, titles: Mapping[str, str] | None = None,
               changes: Sequence[FieldChangeRecord] = (), flight: Sequence[EventRecord] = (),
               alias: str | None = None) -> RenderableType:
    """A panel with the event's title, facts, date history, the other values it had (`changes`) and the other
    events of its flight (`flight`: its launch, dockings, spacewalks and return), then its sources numbered below
    it (a source known by title only, with `titles` giving it, is shown by its title): URLs stay whole at any
    width. Its slug, and a readable `alias` that opens it too (`apollo-11-launch`), are under the panel."""
    notes = SourceNotes(titles)
    for url in event.sources:
        notes.cite(url)
    parts: list[RenderableType] = [literal(event.title, "bold"), _facts(event)]
    if event.history:
        parts.append(_history(event, notes))
    if changes:
        parts.append(_changes(changes, notes))
    if len(flight) > 1:
        parts.append(_flight(event, flight))
    slugs = f"{event.slug} · {alias}" if alias else event.slug
    card: list[RenderableType] = [Panel(Wrapped(Group(*parts)), subtitle=literal(slugs, "dim"),
                                        subtitle_align="right")]
    if notes.numbers:
        card.append(notes.listing())
    if GCAT_URL in event.sources:
        card.append(Text(f"Launch data: {GCAT_CREDIT}", style="dim"))
    if MCDOWELL_URL in event.sources:
        card.append(Text(f"Crew and return data: {MCDOWELL_CREDIT}", style="dim"))
    return Group(*card)
