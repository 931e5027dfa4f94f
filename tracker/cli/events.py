"""Commands that show events: timeline, search, show, on-this-day."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tracker.cli.completion import complete_slug
from tracker.cli.context import AppContext, pass_app
from tracker.cli.files import standard_output
from tracker.cli.options import Filters, event_filters, select_events, today
from tracker.cli.output import FORMATS, Output, emit, emit_rows, emit_texts, output_options, show, waiting

if TYPE_CHECKING:
    pass

@click.command()
@click.argument("period", required=False, metavar="[RANGE]")
@click.option("--first", is_flag=True,
              help='Only the earliest matching event: with --vehicle "Falcon Heavy", its first flight.')
@event_filters
@output_options
@pass_app
def timeline(app: AppContext, /, period: str | None, first: bool, filters: Filters, output: Output) -> None:
    """Events in date order. RANGE is one period (2025-07, 2025, "last week") or FROM..TO (2025-07-28..2025-08-03).

    An event whose imprecise date only overlaps the range (dated "July 2025" against 28-31 July) is shown marked
    "~ possibly within range"; --strict hides it.
    """
    from dataclasses import replace
    from itertools import chain, islice

    from tracker.store.query import iter_events, nearest_events

    with app.store().reading() as session:  # open while the events stream out
        selection = select_events(session, filters, period, say_range=output.format != "rich")
        query = replace(selection.query, limit=1) if first else selection.query
        matches = iter_events(session, query)
        with waiting("reading the timeline"):
            head = list(islice(matches, 1))
        nearest = nearest_events(session, query) if not head else (None, None)
        heading = f"Timeline: {selection.range.label()}" + (f" · {selection.scope}" if selection.scope else "") \
            + (", the earliest match" if first else "")
        emit(chain(head, matches), heading, output, nearest=nearest, shown=selection.range, notice=selection.notice)


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Best matches first, or a timeline of them in date order.")
@event_filters
@output_options
@pass_app
def search(app: AppContext, /, words: tuple[str, ...], sort: str, filters: Filters, output: Output) -> None:
    """Events matching WORDS in titles, summaries, and names and aliases of agencies, people and places; best
    matches first (--sort date for a timeline of them)."""
    from dataclasses import replace
    from itertools import chain, islice

    from tracker.exports.csv import stored_rows
    from tracker.exports.json import stored_json
    from tracker.formats import FORMATS as FILE_FORMATS
    from tracker.store.export import exports_stored
    from tracker.store.query import counted_events

    text = " ".join(words)
    ranked = sort == "relevance"
    order = "best first" if ranked else "in date order"
    written = FILE_FORMATS.get(output.format)
    with app.store().reading() as session:  # open while the matches stream out
        selection = select_events(session, filters, ranked=ranked, say_range=output.format != "rich")
        query = replace(selection.query, text=text, ranked=ranked)
        if written is not None and written.texts and exports_stored(query):
            # For scripts: the same bytes, each hit's JSON written by the database (nor a count, which only the
            # heading shows).
            with waiting(f"searching for {text!r}"):
                texts = stored_json(session, query)
                first_text = list(islice(texts, 1))
            emit_texts(chain(first_text, texts), output, notice=selection.notice)
            return
        if output.format == "csv" and exports_stored(query):
            # The same bytes, the list cells made by the database (exports/csv.py).
            with waiting(f"searching for {text!r}"):
                rows = stored_rows(session, query, neutralise=True)
                first_row = list(islice(rows, 1))
            emit_rows(chain(first_row, rows), notice=selection.notice)
            return
        with waiting(f"searching for {text!r}"):
            found, matches = counted_events(session, query)
            first = list(islice(matches, 1))  # ranked by SQL, then read a batch at a time
        scope = f" · {selection.scope}" if selection.scope else ""
        emit(chain(first, matches), f"Search: {text!r} ({found} found, {order}){scope}", output, ranked=ranked,
             notice=selection.notice)


@click.command("show")
@click.argument("slug", metavar="SLUG_OR_NAME", shell_complete=complete_slug)
@click.option("--format", "output", type=click.Choice(["rich", "json"]), default="rich", show_default=True)
@click.option("--no-pager", is_flag=True, help="Never page the card, even when it is taller than the terminal.")
@pass_app
def show_event(app: AppContext, slug: str, output: str, no_pager: bool) -> None:
    """The event card: every date with its history and sources, participants and roles, place and local time. The
    event is named by its slug or by a name it goes by ("Apollo 11"). On a terminal, a card taller than the screen
    goes through the pager, as the timeline does."""
    from tracker.store.alias_slugs import shown_alias
    from tracker.store.query import event_named, field_changes, flight_events, source_titles

    with app.store().reading() as session:
        event = event_named(session, slug)
        alias = shown_alias(session, event)
        changes = field_changes(session, event.slug)
        flight = flight_events(session, [event.flight]) if event.flight else []
        titles = source_titles(session, [*event.sources, *(item.source for item in event.history if item.source),
                                         *(item.source for item in changes if item.source)])
    if output == "json":
        import json

        from tracker.formats.json import event_to_json

        standard_output().write(json.dumps(event_to_json(event), ensure_ascii=False, indent=2) + "\n")
        return
    from tracker.render.card import event_card

    show(event_card(event, titles, changes, flight, alias), no_pager=no_pager)


@click.command("on-this-day")
@click.argument("day", required=False)
@click.option("--format", "output", type=click.Choice(FORMATS), default="rich", show_default=True)
@click.option("--no-pager", is_flag=True, help="Never page long output.")
@pass_app
def on_this_day(app: AppContext, day: str | None, output: str, no_pager: bool) -> None:
    """Events of other years on the same calendar day (DAY defaults to today). Events known only to the month or
    year are left out: they cannot be said to fall on that day."""
    from tracker.dates.ranges import parse_date
    from tracker.store.query import on_this_day as anniversaries

    when = parse_date(day, today=today()) if day else None
    month, date_of_month = (when.wall.month, when.wall.day) if when else (today().month, today().day)
    with app.store().reading() as session:
        matches = anniversaries(session, month, date_of_month)
    heading = f"On this day: {date_of_month} {_month_name(month)}"
    emit(matches, heading, Output(output, no_pager), gaps=False)  # a year between anniversaries is no gap


def _month_name(month: int) -> str:
    import calendar

    return calendar.month_name[month]

