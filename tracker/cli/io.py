"""Commands that bring data in and take it out: import, export, add, edit, delete."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from tracker.cli import say
from tracker.cli.completion import complete_agency, complete_person, complete_place, complete_slug
from tracker.cli.context import AppContext, pass_app
from tracker.cli.files import STANDARD_OUTPUT, output_file, protected_files
from tracker.cli.options import Filters, event_filters, grouped, select_events
from tracker.formats import readable, writable
from tracker.records import EventKind, EventStatus, RevisionStatus

if TYPE_CHECKING:
    from tracker.errors import InvalidImport
    from tracker.records import EventRecord, Participant
    from tracker.store.write import ImportReport



@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for large files when stderr is a terminal; otherwise nothing is drawn."""
    if total < 5000 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=total)
        yield lambda done: bar.update(task, completed=done)


@contextmanager
def download_progress(what: str, total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for a download over 1 MB (or of unknown size) when stderr is a terminal."""
    if (total is not None and total < 1_000_000) or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"downloading {what}", total=total)
        yield lambda done: bar.update(task, completed=done)


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "file_format", type=click.Choice(readable()),
              help="Default: from the file's content and name (.csv: csv, a GCAT launch log: gcat, McDowell's "
              "missions.tsv: mcdowell; otherwise json); for standard input (PATH -), from its content.")
@click.option("--on-conflict", type=click.Choice(["update", "skip", "fail"]), default="update", show_default=True,
              help="What to do with an event whose slug exists with other content.")
@click.option("--delimiter", help="CSV delimiter (default: detected among comma, semicolon and tab).")
@click.option("--orgs", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="GCAT: the organisation table (default: orgs.tsv beside the launch log).")
@click.option("--sites", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="GCAT: the launch-site table (default: sites.tsv beside the launch log).")
@click.option("--rides", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="McDowell: the crew rides table (default: rides.tsv beside the missions list).")
@click.option("--dry-run", is_flag=True, help="Report what would change (and the names it would create), and change "
              "nothing.")
@click.option("--replace", "replace_all", is_flag=True,
              help="Make each record the whole truth about its event: fields the file leaves out are emptied "
                   "(without it, only the fields the file states change). The old values go to history either way.")
@click.option("--create-names", is_flag=True,
              help="CSV, JSON: create the agencies, people and places the file names that the store does not know "
                   "(without it they are listed, with the closest known names, and nothing is imported; "
                   "create_names = true in the configuration file makes it the default).")
@pass_app
def import_command(app: AppContext, path: Path, file_format: str | None, on_conflict: str, delimiter: str | None,
                   orgs: Path | None, sites: Path | None, rides: Path | None, dry_run: bool, replace_all: bool,
                   create_names: bool) -> None:
    """Import events from a CSV, tracker JSON, Launch Library 2, GCAT or McDowell (missions.tsv) file: all of it,
    or nothing if any row is invalid. A stored event changes only in the fields the file states (--replace: in
    every field); every value replaced goes to its history. Re-importing the same file changes nothing."""
    from tracker.cli.streams import is_standard_input, renamed, spooled_standard_input
    from tracker.errors import InvalidImport, TrackerError
    from tracker.formats import ReadOptions
    from tracker.ingest import NewNames, import_file
    from tracker.store.write import OnConflict

    companions = {name: given for name, given in (("orgs", orgs), ("sites", sites), ("rides", rides))
                  if given is not None}
    from tracker.cli.settings import settings

    new_names = NewNames(create=create_names or settings().create_names)
    with contextlib.ExitStack() as stack:
        source = path
        if is_standard_input(path):
            # Read once into a temporary file: its first bytes tell its format, and messages name it as typed.
            source = stack.enter_context(spooled_standard_input())
            file_format = file_format or _format_of_standard_input(source)
            _refuse_missing_companions(file_format, companions)
        try:
            report = import_file(app.store(), source, file_format=file_format, on_conflict=OnConflict(on_conflict),
                                 options=ReadOptions(delimiter=delimiter, companions=companions), dry_run=dry_run,
                                 progress=_progress, new_names=new_names, replace_all=replace_all)
        except InvalidImport as exc:
            if source != path:
                exc.source = renamed(exc.source, source)
                exc.problems = [renamed(problem, source) for problem in exc.problems]
            _report_problems(exc)
        except TrackerError as exc:
            if source == path:
                raise
            exc.args = tuple(renamed(arg, source) if isinstance(arg, str) else arg for arg in exc.args)
            raise
    if dry_run:
        for line in new_names.lines():
            say(f"would create: {line.removeprefix('new ')}")
        echo_changes(report, "would update")
    say(f"dry run, nothing written: {report.summary()}" if dry_run else report.summary())
    echo_conflicts(report)


def _format_of_standard_input(path: Path) -> str:
    """The format standard input's content shows; BadInput asking for --format when it shows none."""
    from tracker.cli import BadInput
    from tracker.formats import format_in

    found = format_in(path)
    if found is None:
        raise BadInput("standard input: cannot tell its format from its content: give --format "
                       f"({', '.join(readable())})")
    return found


COMPANION_OPTIONS = {"gcat": ("orgs", "sites"), "mcdowell": ("rides",)}
"""The tables a format reads beside its file, each also given by an option of its name (--orgs)."""


def _refuse_missing_companions(file_format: str, companions: dict[str, Path]) -> None:
    """BadInput when a format read from standard input lacks the tables it would find beside a file: standard
    input has nothing beside it."""
    from tracker.cli import BadInput
    from tracker.formats import FORMATS

    if file_format == "nasa-eva":
        raise BadInput("standard input: NASA's EVA table is read with McDowell's rides.tsv and missions.tsv beside "
                       "it: give it as a file")
    missing = [f"--{name}" for name in COMPANION_OPTIONS.get(file_format, ()) if name not in companions]
    if missing:
        raise BadInput(f"standard input: a {FORMATS[file_format].label} file read from standard input needs "
                       f"{' and '.join(missing)} (read from a file, they are found beside it)")


def echo_changes(report: ImportReport, verb: str) -> None:
    """One line per updated event, naming the fields that change and those emptied, stored text made visible."""
    for line in report.changes:
        say(f"{verb} {line}")
    if report.more_changes:
        say(f"{verb} {report.more_changes:,} more events")


def echo_conflicts(report: ImportReport) -> None:
    """One line on standard error per field where the user's own value was kept against another author's."""
    for line in report.conflicts:
        say(f"kept: {line}", err=True)
    if report.more_conflicts:
        say(f"kept: {report.more_conflicts:,} more of your values", err=True)


def _report_problems(exc: InvalidImport) -> NoReturn:
    """Every problem on its own line (InvalidImport keeps at most 20, then a count), then exit 2."""
    from tracker.errors import UnknownNames

    for problem in exc.problems:
        say(f"error: {exc.source}: {problem}", err=True)
    if isinstance(exc, UnknownNames):
        click.echo("error: nothing was imported: correct the names, or pass --create-names to create them", err=True)
    else:
        click.echo("error: nothing was imported", err=True)
    sys.exit(2)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for the block. Exporting stored rows makes no reference cycles (rows,
    tuples and strings, freed as each row is written), and the collector's passes over every batch held in memory
    were a tenth of the export's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@click.command("export")
@click.argument("period", required=False, metavar="[RANGE]")
@event_filters
@click.option("--format", "file_format", type=click.Choice(writable()), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write to this file (complete or not at all; never the database in use); - for standard output.")
@click.option("--raw", is_flag=True, help="CSV: do not neutralise cells that spreadsheets would run as formulas.")
@click.option("--lists", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help='CSV: list cells (agencies, people, sources, aliases) as "NASA (customer); SpaceX" text, or as '
                   'JSON arrays for pandas and other tools (json.loads); both import back.')
@click.option("--ics-spans", is_flag=True,
              help="ICS: a date known only to the month or year covers the whole period, not its first day alone.")
@pass_app
def export_command(app: AppContext, /, period: str | None, file_format: str, output: Path | None, raw: bool,
                   lists: str, ics_spans: bool, filters: Filters) -> None:
    """Export events (all, or those the range and filters select), streaming: memory stays flat."""
    from tracker.cli import BadInput
    from tracker.formats import FORMATS, WriteOptions

    if lists != "text" and file_format != "csv":
        raise BadInput(f"--lists {lists} applies to CSV, not {file_format} (JSON formats write lists as arrays)")
    if ics_spans and file_format != "ics":
        raise BadInput(f"--ics-spans applies to ICS, not {file_format}")
    from tracker.exports.csv import stored_rows
    from tracker.exports.json import stored_json
    from tracker.formats.csv import write_rows
    from tracker.store.export import exports_stored, stored_events
    from tracker.store.query import iter_events

    with app.store().reading() as session:
        selection = select_events(session, filters, period, say_range=True)
        if selection.notice is not None:
            click.echo(f"note: {selection.notice}", err=True)
        options = WriteOptions(lists="json" if lists == "json" else "text", ics_spans=ics_spans)
        if file_format == "ics":
            from tracker.store.directory import place_coordinates

            options = WriteOptions(ics_spans=ics_spans, coordinates=place_coordinates(session))
        with output_file(output, protected_files(click.get_current_context())) as stream:
            written = FORMATS[file_format]
            if file_format == "csv" and options.lists == "text" and exports_stored(selection.query):
                # The same bytes, the list cells made by the database (exports/csv.py).
                with _collector_paused():
                    count = write_rows(stored_rows(session, selection.query, not raw), stream)
            elif written.texts and exports_stored(selection.query):
                with _collector_paused():
                    count = written.texts_writer()(stored_json(session, selection.query), stream, not raw, options)
            elif written.values and exports_stored(selection.query):
                # The same bytes from the stored columns, without a record per event (a 100,000-event store:
                # 3.0 s rather than 5.0 s for the whole command, in CSV).
                with _collector_paused():
                    values = stored_events(session, selection.query, history=written.values == "history")
                    count = written.values_writer()(values, stream, not raw, options)
            else:
                events = (match.event for match in iter_events(session, selection.query))
                count = FORMATS[file_format].writer()(events, stream, not raw, options)
    if output is not None and output != STANDARD_OUTPUT:
        say(f"exported {count} events to {output}", err=True)


def _participants(values: tuple[str, ...]) -> list[Participant] | None:
    from tracker.records import Participant

    found = []
    for value in values:
        name, _, role = value.partition(":")
        if not name.strip():
            raise click.BadParameter(f"{value!r} names no one: give a name (and a role after a colon)")
        found.append(Participant(name.strip(), role.strip()))
    return found or None


@dataclass(frozen=True)
class EventFields:
    """The options describing an event's fields (`add`, `edit`); None where not given."""

    title: str | None = None
    kind: str | None = None
    status: str | None = None
    start: str | None = None
    end: str | None = None
    timezone: str | None = None
    place: str | None = None
    agencies: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    summary: str | None = None
    create_missing: bool = False


event_fields = grouped([
    click.option("--title"),
    click.option("--kind", type=click.Choice([kind.value for kind in EventKind])),
    click.option("--status", type=click.Choice([status.value for status in EventStatus])),
    click.option("--start", metavar="DATE", help="ISO 8601 at its precision: 2025, 2025-07-31, 2025-08-01T15:43Z."),
    click.option("--end", metavar="DATE", help="For events that last; inclusive at its precision."),
    click.option("--timezone", metavar="ZONE", help="IANA zone local dates are read in (default: the place's)."),
    click.option("--place", metavar="NAME", shell_complete=complete_place),
    click.option("--agency", "agencies", multiple=True, metavar="NAME[:ROLE]", shell_complete=complete_agency,
                 help="Repeatable."),
    click.option("--person", "people", multiple=True, metavar="NAME[:ROLE]", shell_complete=complete_person,
                 help="Repeatable."),
    click.option("--source", "sources", multiple=True, metavar="URL", help="Repeatable."),
    click.option("--summary"),
    click.option("--create-missing", is_flag=True, help="Create agencies, people and places not yet known."),
], EventFields, "fields")
"""Add the options describing an event's fields; the command receives them as `fields: EventFields`."""


def _record(fields: EventFields, base: EventRecord | None, place_zone: str | None,
            slug: str | None = None) -> EventRecord:
    """The record the options describe, on top of `base` (the stored event, when editing); local dates are read
    in --timezone, else the event's own zone, else its place's."""
    from tracker.dates import when
    from tracker.dates.when import Span
    from tracker.formats.json import derive_slug
    from tracker.records import EventRecord, status_by_date

    zone = fields.timezone or (base.timezone if base else None)
    start = fields.start or (base.span.start.iso() if base else None)
    end = fields.end if fields.end is not None else (base.span.end.iso() if base and base.span.end else None)
    if not start or not ((fields.title or "").strip() or base):
        raise click.UsageError("an event needs --title and --start")
    if slug is not None and not slug.strip():
        raise click.BadParameter("a slug cannot be empty or only spaces", param_hint="--slug")
    span = Span.parse(start, end or None, zone or place_zone)
    given: dict[str, Any] = {name: value for name, value in {
        "title": fields.title, "summary": fields.summary, "timezone": fields.timezone, "place": fields.place,
        "kind": EventKind(fields.kind) if fields.kind else None,
        "status": EventStatus(fields.status) if fields.status else None,
        "agencies": _participants(fields.agencies), "people": _participants(fields.people),
        "sources": list(fields.sources) or None,
    }.items() if value is not None}
    if base is not None:
        return replace(base, span=span, **given)
    return EventRecord(slug=slug or derive_slug(fields.title or "", span.start), span=span,
                       **{"kind": EventKind.OTHER, "status": status_by_date(span, when.utc_now()), **given})


@click.command("add")
@event_fields
@click.option("--slug", help="Stable id (default: from the title and date).")
@pass_app
def add_command(app: AppContext, /, slug: str | None, fields: EventFields) -> None:
    """Add one event and print its slug."""
    from tracker.editing import add_event

    with app.store().transaction() as session:
        record = _record(fields, None, _zone_of_place(session, fields.place), slug)
        slug = add_event(session, record, create_missing=fields.create_missing)
    say(slug)


def _zone_of_place(session: Any, place: str | None) -> str | None:
    from tracker.names import fold
    from tracker.store.directory import place_zones

    return place_zones(session).get(fold(place)) if place else None


@click.command("edit")
@click.argument("slug", shell_complete=complete_slug)
@event_fields
@click.option("--reason", default="", help="Why the date or place changed (kept in the history).")
@click.option("--as", "revision_status", type=click.Choice([status.value for status in RevisionStatus]),
              default="superseded", show_default=True, help="What became of the old date.")
@pass_app
def edit_command(app: AppContext, /, slug: str, reason: str, revision_status: str, fields: EventFields) -> None:
    """Change an event. A new date or place keeps the old one in the history, with --reason and --source."""
    from tracker.editing import Correction, edit_event
    from tracker.store.query import event_by_slug

    with app.store().transaction() as session:
        current = event_by_slug(session, slug)
        changed = _record(replace(fields, sources=()), current, _zone_of_place(session, fields.place or current.place))
        source = fields.sources[0] if fields.sources else None
        updated = edit_event(session, slug, changed, Correction(reason, source, RevisionStatus(revision_status)),
                             create_missing=fields.create_missing)
    say(f"{slug}: {updated.span.label()}" + (f" (was {current.span.label()})"
                                                    if updated.span != current.span else ""))


@click.command("delete")
@click.argument("slug", shell_complete=complete_slug)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@pass_app
def delete_command(app: AppContext, slug: str, yes: bool) -> None:
    """Delete an event and everything attached to it."""
    from tracker.editing import delete_event
    from tracker.errors import TrackerError
    from tracker.render.text import visible
    from tracker.store.query import event_by_slug

    store = app.store()
    shown = None
    if not yes:
        # Asked before the write transaction: a person thinking it over must not hold the lock other writers wait
        # for. The stored title is shown through `visible`: its escape sequences are not obeyed.
        with store.reading() as session:
            shown = event_by_slug(session, slug)
        click.confirm(f"Delete {visible(slug)} ({visible(shown.title)}, {shown.span.label()})?", abort=True,
                      err=True)
    with store.transaction() as session:
        if shown is not None and event_by_slug(session, slug) != shown:
            raise TrackerError(f"{slug} changed while you were asked; nothing deleted: run the command again")
        delete_event(session, slug)
    click.echo(f"deleted {visible(slug)}")
