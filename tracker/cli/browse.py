"""`tracker browse`: the interactive timeline. Textual is imported only when the command runs, and only after the
terminal is known to be interactive."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.files import output_file, protected_files
from tracker.cli.options import Filters, event_filters, select_events, today

if TYPE_CHECKING:
    from tracker.browse.app import BrowseApp
    from tracker.records import EventRecord


def _is_interactive() -> bool:
    """Whether both ends of the session are a terminal (a screen application needs keys in and a screen out)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _filter_line(filters: Filters) -> str:
    """The --agency, --person, --kind, --status, --outcome, --place, --vehicle and --trajectory options as
    filter-line terms, so that they show in the browser and can be edited there; --search words are kept as free
    words."""
    terms = []
    for field, values in (("agency", filters.agencies), ("person", filters.people), ("kind", filters.kinds),
                          ("status", filters.statuses), ("outcome", filters.outcomes), ("place", filters.places),
                          ("vehicle", filters.vehicles), ("trajectory", filters.trajectories)):
        for value in values:
            terms.append(f'{field}:"{value}"' if " " in value else f"{field}:{value}")
    if filters.text:
        terms.append(filters.text)
    return " ".join(terms)


@click.command("browse")
@click.argument("period", required=False, metavar="[RANGE]")
@event_filters
@pass_app
def browse(app: AppContext, /, period: str | None, filters: Filters) -> None:
    """Browse the timeline in a full-screen view: zoom (+ -) from decades to days, move ([ ]), go to a date (g) or
    today (t), filter as you type (/), open an event's card (Enter), check a claim (c), export what is shown (e).
    ? lists every key. RANGE and the filters are those of `tracker timeline`."""
    if not _is_interactive():
        from tracker.cli import BadInput

        raise BadInput("tracker browse needs an interactive terminal; use `tracker timeline` (same RANGE and "
                       "filters) for output to a pipe or file")
    if app.colour == "never":
        os.environ["NO_COLOR"] = "1"  # the one switch Textual reads: --color never (or the file's) means it
    make_browser(app, period, filters, protected_files(click.get_current_context())).run()


def make_browser(app: AppContext, period: str | None, filters: Filters, protected: list[Path]) -> BrowseApp:
    """The browser on the store `app` selects, showing RANGE `period` (every date, the cursor on today, when none
    is given) with the filters given: the names, kinds, statuses, outcomes, places and words go in the filter line,
    where they can be changed; the range, --source and --strict hold for the whole session."""
    from dataclasses import replace

    from tracker.browse.app import BrowseApp
    from tracker.browse.reader import StoreReader
    from tracker.browse.view import View
    from tracker.store.directory import AGENCIES, PEOPLE, PLACES, resolve, resolve_vehicles

    store = app.store()
    plain = replace(filters, agencies=(), people=(), kinds=(), statuses=(), outcomes=(), places=(), vehicles=(),
                    trajectories=(), text=None, exact_agencies=False)
    with store.reading() as session:
        selection = select_events(session, plain, period)  # reads the range and checks --source now
        # An unknown name is a one-line error now, not a message on the screen.
        resolve(session, AGENCIES, filters.agencies)
        resolve(session, PEOPLE, filters.people)
        resolve(session, PLACES, filters.places)
        resolve_vehicles(session, filters.vehicles)
    given = period or " ".join(filter(None, [filters.start and f"--from {filters.start}",
                                              filters.end and f"--to {filters.end}",
                                              filters.around and f"--around {filters.around}"]))
    view = View.of(selection.range, f"read from {given!r}" if given else "no range given")
    if filters.exact_agencies and not filters.agencies:
        raise click.UsageError("--exact-agency goes with --agency NAME (the agency to take without its parts)")
    # --exact-agency holds for the session: agency: terms typed in the filter line are taken without their parts.
    query = replace(selection.query, exact_agencies=filters.exact_agencies)
    return BrowseApp(StoreReader(store, today), view, query, today=today,
                     exporter=functools.partial(_export, protected=protected),
                     filter_text=_filter_line(filters), start_at_today=not given)


def _export(path: Path, records: Iterable[EventRecord], *, protected: list[Path]) -> int:
    """Write `records` to `path` in the format its suffix names, whole or not at all, never over the `protected`
    files (the database in use)."""
    from tracker.formats import FORMATS

    chosen = next(found for found in FORMATS.values() if found.writes and path.suffix.lower() in found.suffixes)
    with output_file(path, protected) as stream:
        return chosen.writer()(records, stream, chosen.name == "csv")
