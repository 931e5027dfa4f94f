"""`tracker db`: schema migrations, the bundled dataset, backups."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app


@click.group()
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

    store.upgrade(revision, notify=lambda message: click.echo(message, err=True), seed=seed_bundled)
    click.echo(f"{store.location.masked}: {before or 'empty'} -> {store.revision()}")


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
    click.echo(f"{store.location.masked}: {before} -> {store.revision() or 'base'}")


@db.command()
@pass_app
def current(app: AppContext) -> None:
    """Print the schema revision the database is at."""
    click.echo(app.store(prepare=False).revision() or "none (empty database)")


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
    click.echo(report.summary())
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
