"""Commands about who is in the store: agencies, people, and one agency's or person's timeline."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import Output, emit, output_options, show


@click.command("agencies")
@pass_app
def agencies_command(app: AppContext) -> None:
    """Every agency, with its names and how many events name it."""
    from tracker.render.directory import agencies_table
    from tracker.store.directory import agencies

    with app.store().session() as session:
        rows = agencies(session)
    show(agencies_table(rows))


@click.command("people")
@pass_app
def people_command(app: AppContext) -> None:
    """Every person, with other spellings, positions held and how many events name them."""
    from tracker.render.directory import people_table
    from tracker.store.directory import people

    with app.store().session() as session:
        rows = people(session)
    show(people_table(rows))


@click.command("agency")
@click.argument("name")
@output_options
@pass_app
def agency_command(app: AppContext, /, name: str, output: Output) -> None:
    """One agency (by name, short name or alias) and its timeline."""
    from tracker.render.directory import agency_header
    from tracker.store.directory import agency
    from tracker.store.query import EventQuery, find_events

    with app.store().session() as session:
        found = agency(session, name)
        matches = find_events(session, EventQuery(agencies=(found.name,)))
    if output.format == "rich":
        show(agency_header(found), no_pager=True)
    emit(matches, f"Timeline of {found.short_name or found.name}", output)


@click.command("person")
@click.argument("name")
@output_options
@pass_app
def person_command(app: AppContext, /, name: str, output: Output) -> None:
    """One person (by name or alias), the positions they held, and their timeline."""
    from tracker.render.directory import person_header
    from tracker.store.directory import person
    from tracker.store.query import EventQuery, find_events

    with app.store().session() as session:
        found = person(session, name)
        matches = find_events(session, EventQuery(people=(found.name,)))
    if output.format == "rich":
        show(person_header(found), no_pager=True)
    emit(matches, f"Timeline of {found.name}", output)
