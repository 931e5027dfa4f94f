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
    """Migrate the schema up to REVISION (default: the newest)."""
    store = app.store(prepare=False)
    before = store.revision()
    from tracker.ingest import seed_bundled

    store.upgrade(revision, notify=lambda message: say(message, err=True), seed=seed_bundled)
    say(f"{store.location.masked}: {before or 'empty'} -> {store.revision()}")


@db.command()
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def downgrade(app: AppContext, revision: str, yes: bool) -> None:
    """Migrate the schema down to REVISION ("base" removes every table and all data)."""
    store = app.store(prepare=False)
    if not yes:
        click.confirm(f"Downgrade {store.location.masked} to {revision}? Data in removed tables is lost", abort=True)
    before = store.revision()
    store.downgrade(revision)
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
    """Load the bundled dataset and launch catalogue into the database (safe to repeat: unchanged events stay as
    they are)."""
    from tracker.bundled import GCAT_CREDIT
    from tracker.ingest import load_bundled_dataset

    with app.store().transaction() as session:
        report = load_bundled_dataset(session, catalogue=not without_catalogue)
    say(report.summary())
    if not without_catalogue:
        click.echo(f"launch history: {GCAT_CREDIT}", err=True)


@db.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace TARGET if it exists, without asking.")
@pass_app
def backup(app: AppContext, target: Path, yes: bool) -> None:
    """Copy a SQLite database to TARGET, consistently even while others write (PostgreSQL: use pg_dump). An
    existing TARGET is replaced only when confirmed (or with --yes); never the database in use."""
    from tracker.cli.files import database_files, refuse_protected

    refuse_protected(target, database_files(app.location().sqlite_path))
    if target.exists() and not yes:
        click.confirm(f"{target} exists: replace it with a backup of {app.location().masked}?", abort=True,
                      err=True)
    app.store().backup(target)
    click.echo(f"backed up {app.store().location.masked} to {target}")


@db.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def restore(app: AppContext, source: Path, yes: bool) -> None:
    """Replace the SQLite database's content with a backup made by `tracker db backup` (asks first)."""
    store = app.store(prepare=False)
    if not yes:
        click.confirm(f"Replace everything in {store.location.masked} with {source}?", abort=True, err=True)
    revision = store.restore(source)
    click.echo(f"restored {store.location.masked} from {source} (schema {revision or 'empty'})")


@db.command("check")
@click.option("--repair", is_flag=True, help="Delete orphan rows (or clear a vanished place) and re-index search.")
@pass_app
def check_database(app: AppContext, repair: bool) -> None:
    """Check the database: the engine's integrity check (SQLite), rows whose event, agency, person, place or source
    is gone, and the search index against the events. Exit status 1 while anything is left wrong."""
    from tracker.cli import Failure
    from tracker.store import integrity

    store = app.store()
    with store.transaction() as session:
        found = integrity.check(session)
        if repair:
            integrity.repair(session)
    for finding in found:
        done = f": {finding.remedy}" if repair and finding.remedy else ""
        say(f"{finding.check}: {finding.problem}{done}")
    left = [finding for finding in found if not (repair and finding.remedy)]
    if not found:
        say(f"{store.location.masked}: integrity, foreign keys and search index are sound")
    elif left:
        hint = "" if repair or not any(finding.remedy for finding in left) else " (tracker db check --repair)"
        raise Failure(f"{len(left)} problem{'s' if len(left) > 1 else ''} left in {store.location.masked}{hint}")
    else:
        say(f"{store.location.masked}: repaired")


@db.command("datasette-metadata")
@pass_app
def datasette_metadata(app: AppContext) -> None:
    """Print Datasette metadata (JSON) for this SQLite database: the search index of events and of the
    events_readable view, so `?_search=` works. Use: tracker db datasette-metadata > metadata.json; datasette
    tracker.db -m metadata.json."""
    import json

    from tracker.cli import BadInput

    path = app.location().sqlite_path
    if path is None:
        raise BadInput("Datasette reads SQLite files: give --db a SQLite file or sqlite:/// URL")
    search = {"fts_table": "event_search", "fts_pk": "id"}
    metadata = {"databases": {path.stem: {"tables": {
        "events": {**search, "label_column": "title",
                   "description": "Space events; lower/upper are the UTC bounds of the interval each date covers."},
        "events_readable": {**search, "description": "Events with precision, span class, agencies and people "
                                                      "in words."},
        "agencies": {"label_column": "name"}, "people": {"label_column": "name"},
        "places": {"label_column": "name"}, "sources": {"label_column": "url"},
    }}}}
    click.echo(json.dumps(metadata, indent=2))
