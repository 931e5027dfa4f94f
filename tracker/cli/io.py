"""Commands that bring data in: `tracker import`."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app


class _DryRunError(Exception):
    """Raised inside the import transaction so that a dry run rolls back everything it did."""


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--on-conflict", type=click.Choice(["update", "skip", "fail"]), default="update", show_default=True,
              help="What to do with an event whose slug exists with other content.")
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@pass_app
def import_command(app: AppContext, path: Path, on_conflict: str, dry_run: bool) -> None:
    """Import a tracker JSON document (docs/data-format.md): all of it, or nothing if any record is invalid."""
    import json

    from tracker.errors import InvalidImport
    from tracker.ingest import ImportReport, OnConflict, import_document

    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidImport([f"not UTF-8 text (byte {exc.start})"], str(path)) from None
    except json.JSONDecodeError as exc:
        raise InvalidImport([f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"],
                            str(path)) from None
    report = ImportReport()
    try:
        with app.store().transaction() as session:
            report = import_document(session, document, str(path), OnConflict(on_conflict))
            if dry_run:
                raise _DryRunError
    except _DryRunError:
        click.echo(f"dry run, nothing written: {report.summary()}")
        return
    click.echo(report.summary())
