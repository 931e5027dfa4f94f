"""Tables of agencies and people, and the header shown above one agency's or person's timeline."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tracker.records import AgencyRecord, PersonRecord
from tracker.render.layout import ByWidth, indented
from tracker.render.style import agency_style
from tracker.render.text import literal

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


def agency_header(agency: AgencyRecord) -> RenderableType:
    """Who an agency is, above its timeline."""
    line = literal(agency.name, f"bold {agency_style(agency.short_name or agency.name)}")
    if agency.short_name:
        line.append_text(literal(f" ({agency.short_name})"))
    line.append_text(literal(f" — {agency.kind.value}" + (f", {agency.country}" if agency.country else ""), "dim"))
    if agency.aliases:
        line.append_text(literal(f"\nalso: {', '.join(agency.aliases)}", "dim"))
    return line


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
