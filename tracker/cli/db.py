"""`tracker db`: schema migrations, the bundled dataset, backups, checks, and metadata for Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli import SuggestingGroup, say
from tracker.cli.context import AppContext, pass_app


@click.group(cls=SuggestingGroup)
def db() -> None:
    """Manage the database: migrations, bundled data, backups."""


@db.command()
@click.argument("revision", default="head")
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Migrate the schema up to REVISION (default: the newest); a SQLite file is backed up first. A REVISION the
    database is already at or past does nothing."""
    store = app.store(prepare=False)
    before = store.revision()
    from tracker.ingest import seed_bundled

    store.upgrade(revision, notify=lambda message: say(message, err=True), seed=seed_bundled)
    after = store.revision()
    if after == before:
        newest = "the newest schema, " if revision == "head" else ""
        say(f"{store.location.masked} is already at {newest}{before or 'no schema'}, not older than "
                   f"{revision}: nothing done, no backup made (to go back: tracker db downgrade)")
        return
    say(f"{store.location.masked}: {before or 'empty'} -> {after}")


@db.command()
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def downgrade(app: AppContext, revision: str, yes: bool) -> None:
    """Migrate the schema down to REVISION ("base" removes every table and all data). A SQLite file is backed up
    first, and the backup named; a REVISION the database is already at or below does nothing."""
    from tracker.store.migrations import steps

    store = app.store(prepare=False)
    before = store.revision()
    if before is None or steps(before, revision) >= 0:
        say(f"{store.location.masked} is at {before or 'no schema'}, not newer than {revision}: nothing done")
        return
    if not yes:
        saved = "a backup is made first" if store.location.sqlite_path is not None else \
            "no backup is made: take one with pg_dump first"
        click.confirm(f"Downgrade {store.location.masked} to {revision}? Data in removed tables is lost ({saved})",
                      abort=True)
    store.downgrade(revision, notify=lambda message: say(message, err=True))
    say(f"{store.location.masked}: {before} -> {store.revision() or 'base'}")


@db.command()
@click.option("--format", "format", type=click.Choice(["plain", "json"]), default="plain", show_default=True,
              help='plain text, or JSON: {"revision": ..., "head": ...} (revision null for an empty database).')
@pass_app
def current(app: AppContext, format: str) -> None:
    """Print the schema revision the database is at."""
    revision = app.store(prepare=False).revision()
    if format == "json":
        import json

        from tracker.store.migrations import head

        click.echo(json.dumps({"revision": revision, "head": head()}))
        return
    click.echo(revision or "none (empty database)")


@db.command()
def history() -> None:
    """List the schema migrations, newest first."""
    from tracker.store.migrations import history as revisions

    for revision in revisions():
        click.echo(f"{revision.down or 'base'} -> {revision.id}  {revision.message.splitlines()[0]}")


@db.command()
@click.option("--without-catalogue", is_flag=True,
              help="Only the curated events, not the launch catalogue (GCAT's ~6,800 launches since 1957).")
@pass_app
def seed(app: AppContext, without_catalogue: bool) -> None:
    """Load the bundled dataset and launch catalogue into the database (safe to repeat: it never overwrites a field
    you edited nor removes history; where the bundled value differs from yours, yours stays and theirs is kept in
    the event's history, listed on standard error)."""
    from tracker.bundled import GCAT_CREDIT, MCDOWELL_CREDIT
    from tracker.cli.io import echo_conflicts
    from tracker.ingest import load_bundled_dataset

    with app.store().transaction() as session:
        report = load_bundled_dataset(session, catalogue=not without_catalogue)
    say(report.summary())
    echo_conflicts(report)
    if not without_catalogue:
        click.echo(f"launch history: {GCAT_CREDIT}", err=True)
        click.echo(f"crews and landings: {MCDOWELL_CREDIT}", err=True)


@db.command()
@click.option("--from", "origin", metavar="DIR_OR_URL",
              help="Take the files from a folder or another base URL (a mirror; an offline copy), where they sit "
                   "side by side under their own names (launchlog.tsv, orgs.tsv, sites.tsv, missions.tsv, rides.tsv, "
                   "each optionally .gz; with --upcoming: LL2 pages, upcoming.json, upcoming-2.json, ...). Default: "
                   "planet4589.org (and Launch Library 2).")
@click.option("--upcoming", is_flag=True,
              help="Read Launch Library 2's upcoming launches instead, as planned launches (the free tier allows 15 "
                   "requests an hour; one page of 100 launches is one request).")
@click.option("--pages", type=click.IntRange(1, 15), default=4, show_default=True,
              help="With --upcoming: read at most this many pages of 100 launches.")
@click.option("--dry-run", is_flag=True, help="Report what would change (new launches, changed dates, counts) and "
                                              "change nothing.")
@pass_app
def update(app: AppContext, origin: str | None, upcoming: bool, pages: int, dry_run: bool) -> None:
    """Bring the launch catalogue up to date: GCAT's launch log, organisation and site tables and McDowell's
    missions and rides lists, downloaded from planet4589.org (only files changed since the last update), read like
    the bundled copies and merged in one transaction. New launches are added, changed dates kept in history,
    curated launches merged by designation; a value you edited is kept. Nothing is written unless every file
    arrived whole and read cleanly."""
    from tracker.cli.io import download_progress, echo_conflicts

    store = app.store()
    lines: list[str] = []
    if upcoming:
        from tracker.update.origins import LL2_CREDIT
        from tracker.update.upcoming import update_upcoming

        done = update_upcoming(store, origin, dry_run=dry_run, pages=pages)
        sent = f" ({done.requests} request{'s' if done.requests != 1 else ''})" if done.requests else ""
        lines = [f"read {done.pages} page{'s' if done.pages != 1 else ''} of upcoming launches{sent}", *done.notes,
                 *done.moved]
        report, credit = done.report, f"upcoming launches: {LL2_CREDIT}"
    else:
        from tracker.bundled import GCAT_CREDIT
        from tracker.update.catalogue import update_catalogue

        result = update_catalogue(store, origin, dry_run=dry_run, progress=download_progress)
        lines = [*result.files, *result.notes]
        shown = 20  # the rest counted: a first update after a year adds hundreds
        lines += [f"{'would add' if dry_run else 'added'}: {line}" for line in result.new_events[:shown]]
        if len(result.new_events) > shown:
            lines.append(f"... and {len(result.new_events) - shown} more new events")
        dates = result.date_changes()
        lines += [f"date changed: {line}" for line in dates]
        others = [line for line in result.report.changes if line not in dates]
        lines += [f"changed: {line}" for line in others[:shown]]
        if len(others) > shown:
            lines.append(f"... and {len(others) - shown} more changed events")
        report, credit = result.report, f"launch history: {GCAT_CREDIT}"
    for line in lines:
        say(line, err=True)
    say(("dry run, nothing written: " if dry_run else "") + report.summary())
    echo_conflicts(report)
    click.echo(credit, err=True)


@db.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace TARGET if it exists, without asking.")
@pass_app
def backup(app: AppContext, target: Path, yes: bool) -> None:
    """Copy a SQLite database to TARGET, consistently even while others write (PostgreSQL: use pg_dump). The copy
    is checked (SQLite's integrity check, every table's rows) before it replaces TARGET: a damaged database is
    refused. An existing TARGET is replaced only when confirmed (or with --yes); never the database in use."""
    from tracker.cli.files import database_files, refuse_protected

    store = app.store()
    refuse_protected(target, database_files(store.location.sqlite_path))
    if store.location.sqlite_path is not None and target.exists() and not yes:
        click.confirm(f"{target} exists: replace it with a backup of {store.location.masked}?", abort=True,
                      err=True)
    store.backup(target)
    click.echo(f"backed up {store.location.masked} to {target}")


@db.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def restore(app: AppContext, source: Path, yes: bool) -> None:
    """Replace the SQLite database's content with a backup made by `tracker db backup` (asks first). The backup
    must pass SQLite's integrity check and hold exactly the schema of the revision it records: its tables and
    columns, indexes, triggers and views, nothing added."""
    store = app.store(prepare=False)
    if store.location.sqlite_path is not None and not yes:
        click.confirm(f"Replace everything in {store.location.masked} with {source}?", abort=True, err=True)
    revision = store.restore(source)
    click.echo(f"restored {store.location.masked} from {source} (schema {revision or 'empty'})")


@db.command("check")
@click.option("--repair", is_flag=True, help="Delete orphan rows (or clear a vanished place) and re-index search; "
                                             "refused while the schema differs from tracker's.")
@pass_app
def check_database(app: AppContext, repair: bool) -> None:
    """Check the database: the engine's integrity check (SQLite), the schema (tables, columns, indexes, triggers,
    views) against the one its revision should have, rows whose event, agency, person, place or source is gone,
    and the search index against the events. Exit status 1 while anything is left wrong."""
    from tracker.cli import Failure
    from tracker.errors import TrackerError
    from tracker.store import integrity

    store = app.store()
    refused: TrackerError | None = None
    with store.transaction() as session:
        found = integrity.check(session)
        if repair:
            try:
                integrity.repair(session)
            except TrackerError as exc:  # the findings are still told, before why nothing was repaired
                refused, repair = exc, False
    for finding in found:
        done = f": {finding.remedy}" if repair and finding.remedy else ""
        say(f"{finding.check}: {finding.problem}{done}")
    if refused is not None:
        raise Failure(str(refused))
    problems = [finding for finding in found if not finding.notice]
    left = [finding for finding in problems if not (repair and finding.remedy)]
    if not problems:
        compared = "schema, " if len(problems) == len(found) else ""
        say(f"{store.location.masked}: integrity, {compared}foreign keys and search index are sound")
    elif left:
        hint = "" if repair or not any(finding.remedy for finding in left) else " (tracker db check --repair)"
        raise Failure(f"{len(left)} problem{'s' if len(left) > 1 else ''} left in {store.location.masked}{hint}")
    else:
        say(f"{store.location.masked}: repaired")


@db.command("datasette-metadata")
@pass_app
def datasette_metadata(app: AppContext) -> None:
    """Print Datasette metadata (JSON) for this SQLite database: the credit and licence of every bundled source,
    what each table and column holds (coded columns in words), tracker's internal tables hidden, the search index
    of events and of the events_readable view (`?_search=`), and facets that answer quickly. Use: tracker db
    datasette-metadata > metadata.json; datasette tracker.db -m metadata.json."""
    import json

    from tracker.cli import BadInput
    from tracker.store.datasette import metadata

    path = app.location().sqlite_path
    if path is None:
        raise BadInput("Datasette reads SQLite files: give --db a SQLite file or sqlite:/// URL")
    click.echo(json.dumps(metadata(path.stem), indent=2, ensure_ascii=False))
