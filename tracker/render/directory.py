"""Tables of agencies and people, and the header shown above one agency's or person's timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tracker.records import AgencyRecord, PersonRecord
from tracker.render.layout import ByWidth, indented
from tracker.render.style import agency_style
from tracker.render.text import literal

if TYPE_CHECKING:
    from tracker.store.trees import AgencyFamily, Branch, Succession

WIDE_TABLE = 120
"""Below this many columns the directory tables give way to a block per entry: six columns need room."""


def agencies_table(rows: list[tuple[AgencyRecord, int]]) -> RenderableType:
    """Agencies with their kind, country, other names and how many events name them: a table on a wide terminal,
    a short block each on a narrow one."""
    table = Table(title="Agencies", title_justify="left")
    for name in ("short name", "name", "kind", "country", "also known as", "events"):
        table.add_column(name, overflow="fold", justify="right" if name == "events" else "left")
    stacked: list[RenderableType] = [Text("Agencies", style="italic")]
    for agency, count in rows:
        shown = literal(agency.short_name or "", agency_style(agency.short_name or agency.name))
        table.add_row(shown, literal(agency.name), agency.kind.value, literal(agency.country or ""),
                      literal(", ".join(agency.aliases)), str(count))
        line = shown.copy().append("  " if agency.short_name else "").append_text(literal(agency.name))
        line.append_text(literal(f" — {agency.kind.value}" + (f", {agency.country}" if agency.country else ""),
                                 "dim"))
        stacked.append(line.append(f" · {_events(count)}", style="dim"))
        if agency.aliases:
            stacked.append(indented(literal(f"also {', '.join(agency.aliases)}", "dim")))
    return ByWidth(table, Group(*stacked), threshold=WIDE_TABLE)


def people_table(rows: list[tuple[PersonRecord, int]]) -> RenderableType:
    """People with their nationality, other spellings, current positions and how many events name them: a table
    on a wide terminal, a short block each on a narrow one."""
    table = Table(title="People", title_justify="left")
    for name in ("name", "nationality", "also known as", "positions", "events"):
        table.add_column(name, overflow="fold", justify="right" if name == "events" else "left")
    stacked: list[RenderableType] = [Text("People", style="italic")]
    for person, count in rows:
        positions = "; ".join(f"{tenure.role}, {tenure.agency}" for tenure in person.tenures)
        table.add_row(literal(person.name, "bold"), literal(person.nationality or ""),
                      literal(", ".join(person.aliases)),
                      literal(positions), str(count))
        line = literal(person.name, "bold").append_text(
            literal(f" ({person.nationality})" if person.nationality else "", "dim"))
        stacked.append(line.append(f" · {_events(count)}", style="dim"))
        details = [part for part in (positions, f"also {', '.join(person.aliases)}" if person.aliases else "")
                   if part]
        if details:
            stacked.append(indented(literal("; ".join(details), "dim")))
    return ByWidth(table, Group(*stacked), threshold=WIDE_TABLE)


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def agency_header(agency: AgencyRecord, family: AgencyFamily | None = None) -> RenderableType:
    """Who an agency is, above its timeline: its names, what it is part of, its parts (one a line, indented by
    depth), and the agencies before and after it with the date and source of each change."""
    line = literal(agency.name, f"bold {agency_style(agency.short_name or agency.name)}")
    if agency.short_name:
        line.append_text(literal(f" ({agency.short_name})"))
    line.append_text(literal(f" — {agency.kind.value}" + (f", {agency.country}" if agency.country else ""), "dim"))
    if agency.aliases:
        line.append_text(literal(f"\nalso: {', '.join(agency.aliases)}", "dim"))
    if family is None:
        return line
    parts: list[RenderableType] = [line]
    if family.part_of:
        parts.append(literal(f"part of: {' › '.join(family.part_of)}"))
    for title, steps in (("before", family.predecessors), ("after", family.successors)):
        if steps:
            parts.append(Text(f"{title}:", style="bold"))
            parts += [_succession(step) for step in steps]
    if family.parts:
        parts.append(Text(f"parts ({len(family.parts)}), whose events its timeline includes:", style="bold"))
        parts += [_branch(branch, base=1) for branch in family.parts]
    return Group(*parts)


def _succession(step: Succession) -> Text:
    row = Text("  • ")
    row.append_text(literal(step.short_name or step.name))
    if step.short_name:
        row.append_text(literal(f" ({step.name})", "dim"))
    row.append(f"  {step.date.label() if step.date else 'date not known'}", style="dim")
    if step.note:
        row.append_text(literal(f" — {step.note}", "dim"))
    if step.source:
        row.append_text(literal(f"\n    source: {step.source}", "dim"))
    return row


def _branch(branch: Branch, base: int = 0) -> Text:
    row = Text("  " * (branch.depth - base + 1) + "• ")
    row.append_text(literal(branch.short_name or branch.name, agency_style(branch.short_name or branch.name)))
    if branch.short_name:
        row.append_text(literal(f"  {branch.name}", "dim"))
    return row.append(f" · {_events(branch.events)}", style="dim")


def agency_tree(branches: list[Branch]) -> RenderableType:
    """Every agency indented under the one it is part of, with how many events name it."""
    return Group(Text("Agencies, each under the one it is part of", style="italic"),
                 *(_branch(branch) for branch in branches))


def person_header(person: PersonRecord) -> RenderableType:
    """Who a person is and the positions they held, above their timeline."""
    parts: list[RenderableType] = []
    line = literal(person.name, "bold")
    if person.nationality:
        line.append_text(literal(f" ({person.nationality})", "dim"))
    if person.aliases:
        line.append_text(literal(f"\nalso: {', '.join(person.aliases)}", "dim"))
    parts.append(line)
    for tenure in person.tenures:
        start = tenure.start.label() if tenure.start else "?"
        end = tenure.end.label() if tenure.end else "present"
        row = Text("  • ")
        row.append_text(literal(f"{tenure.role}, {tenure.agency}"))
        row.append(f"  {start} – {end}", style="dim")
        parts.append(row)
    return Group(*parts)


def place_tree(branches: list[Branch]) -> RenderableType:
    """Every place indented under the place that holds it, with its kind and how many events happen there."""
    rows = [Text("Places, each inside the one that holds it", style="italic")]
    for branch in branches:
        row = Text("  " * branch.depth + "• ").append_text(literal(branch.name))
        rows.append(row.append(f" — {branch.kind or 'place'} · {_events(branch.events)}", style="dim"))
    return Group(*rows)
