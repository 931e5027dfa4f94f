"""Commands about who is in the store: agencies, people, and one agency's or person's timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tracker.cli.completion import complete_agency, complete_person
from tracker.cli.context import AppContext, pass_app
from tracker.cli.files import standard_output
from tracker.cli.output import Output, emit, output_options, show

LIST_FORMATS = ["rich", "plain", "json", "jsonl", "csv"]
list_format = click.option("--format", "format", type=click.Choice(LIST_FORMATS), default="rich", show_default=True,
                           help="rich for people; plain (tab-separated), json, jsonl (one a line) or csv (with a "
                                "header) for scripts.")


def _write_list(format: str, objects: list[dict[str, Any]], header: list[str],
                columns: Callable[[dict[str, Any]], list[Any]]) -> None:
    """Objects as a JSON array, JSON Lines, CSV (a `header` row, then the `columns` of each) or plain lines of
    the tab-separated `columns` of each; lists are joined by "; ". JSON and CSV keep every character to a file or
    a pipe and show escapes on a terminal, as the timeline's do; plain lines always show escapes, as the
    timeline's plain lines do."""
    import json

    from tracker.formats.jsonl import write_objects
    from tracker.render.text import visible

    stream = standard_output()
    if format == "json":
        stream.write(json.dumps(objects, ensure_ascii=False, indent=2) + "\n")
    elif format == "jsonl":
        write_objects(objects, stream)
    elif format == "csv":
        import csv

        from tracker.formats.csv import spreadsheet_safe

        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([spreadsheet_safe(_cell(cell)) for cell in columns(value)] for value in objects)
    else:
        for value in objects:
            click.echo("\t".join(visible(_cell(cell)) for cell in columns(value)))  # a tab in a name is a space


def _cell(value: Any) -> str:
    return "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)


@click.command("agencies")
@list_format
@click.option("--tree", is_flag=True, help="Each agency under the one it is part of (NASA's centres under NASA).")
@pass_app
def agencies_command(app: AppContext, format: str, tree: bool) -> None:
    """Every agency, with its names and how many events name it; --tree shows who is part of whom."""
    from tracker.store.directory import agencies

    if tree:
        _agency_tree(app, format)
        return
    with app.store().reading() as session:
        rows = agencies(session)
    if format == "rich":
        from tracker.render.directory import agencies_table

        show(agencies_table(rows))
        return
    from tracker.formats.jsonl import agency_to_json

    header = ["short_name", "name", "kind", "country", "aliases", "events"]
    _write_list(format, [agency_to_json(agency, count) for agency, count in rows], header,
                lambda agency: [agency[name] for name in header])


def _agency_tree(app: AppContext, format: str) -> None:
    """Every agency indented under the one it is part of; in the script formats, a depth column."""
    from tracker.store.trees import agency_forest

    with app.store().reading() as session:
        branches = agency_forest(session)
    if format == "rich":
        from tracker.render.directory import agency_tree

        show(agency_tree(branches))
        return
    header = ["depth", "short_name", "name", "events"]
    _write_list(format, [{"depth": branch.depth, "short_name": branch.short_name, "name": branch.name,
                          "events": branch.events} for branch in branches], header,
                lambda branch: [branch[name] for name in header])


@click.command("places")
@list_format
@pass_app
def places_command(app: AppContext, format: str) -> None:
    """Every place inside the one that holds it (sites in regions in countries, data/places.tsv), with its kind
    and how many events happen there; --place NAME takes in everything under NAME."""
    from tracker.store.trees import place_forest

    with app.store().reading() as session:
        branches = place_forest(session)
    if format == "rich":
        from tracker.render.directory import place_tree

        show(place_tree(branches))
        return
    header = ["depth", "name", "kind", "events"]
    _write_list(format, [{"depth": branch.depth, "name": branch.name, "kind": branch.kind, "events": branch.events}
                         for branch in branches], header, lambda branch: [branch[name] for name in header])


@click.command("people")
@list_format
@pass_app
def people_command(app: AppContext, format: str) -> None:
    """Every person, with other spellings, positions held and how many events name them."""
    from tracker.store.directory import people

    with app.store().reading() as session:
        rows = people(session)
    if format == "rich":
        from tracker.render.directory import people_table

        show(people_table(rows))
        return
    from tracker.formats.jsonl import person_to_json

    _write_list(format, [person_to_json(person, count) for person, count in rows],
                ["name", "nationality", "aliases", "positions", "events"],
                lambda person: [person["name"], person["nationality"], person["aliases"],
                                [f"{tenure['role']}, {tenure['agency']}" for tenure in person["tenures"]],
                                person["events"]])


@click.command("agency")
@click.argument("name", shell_complete=complete_agency)
@output_options
@pass_app
def agency_command(app: AppContext, /, name: str, output: Output) -> None:
    """One agency (by name, short name or alias): what it is part of, its parts, the agencies it took over from or
    that took over from it, and its timeline, its parts' events included (never its predecessors')."""
    from tracker.render.directory import agency_header
    from tracker.store.directory import agency
    from tracker.store.query import EventQuery, find_events
    from tracker.store.trees import agency_family

    with app.store().reading() as session:
        found = agency(session, name)
        family = agency_family(session, name)
        matches = find_events(session, EventQuery(agencies=(found.name,)))
    if output.format == "rich":
        show(agency_header(found, family), no_pager=True)
    shown = found.short_name or found.name
    emit(matches, f"Timeline of {shown}" + (" and its parts" if family.parts else ""), output)


@click.command("person")
@click.argument("name", shell_complete=complete_person)
@output_options
@pass_app
def person_command(app: AppContext, /, name: str, output: Output) -> None:
    """One person (by name or alias), the positions they held, and their timeline."""
    from tracker.render.directory import person_header
    from tracker.store.directory import person
    from tracker.store.query import EventQuery, find_events

    with app.store().reading() as session:
        found = person(session, name)
        matches = find_events(session, EventQuery(people=(found.name,)))
    if output.format == "rich":
        show(person_header(found), no_pager=True)
    emit(matches, f"Timeline of {found.name}", output)
