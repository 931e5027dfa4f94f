"""The `tracker` command: parse options, call the core, hand results to render. No SQL, no domain logic.

Heavy libraries (SQLAlchemy, rich) are imported inside the commands that need them, so `tracker --help` and
`tracker --version` stay fast.
"""

from __future__ import annotations

import sys
from typing import IO, Any

import click

from tracker import __version__
from tracker.cli.context import AppContext
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord, NotFound, TrackerError

USAGE_ERRORS = (InvalidDate, InvalidRecord, InvalidImport, NotFound)


class Failure(click.ClickException):
    """A failure reported as one line on stderr, `error: <what>`, exit status 1 (the store, the environment)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        if "://" in message:
            from tracker.store import mask_urls_in

            message = mask_urls_in(message)
        super().__init__(message)

    def show(self, file: IO[Any] | None = None) -> None:
        # Errors go to stderr so they never mix with output a script is reading.
        click.echo(f"error: {self.format_message()}", err=True)


class BadInput(Failure):
    """A failure caused by what the user gave (a date, a file, a name): exit status 2."""

    exit_code = 2


class TrackerGroup(click.Group):
    """The command group that turns tracker's errors into one-line messages (tracebacks only with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if isinstance(ctx.obj, AppContext) and ctx.obj.debug:
                raise
            if isinstance(exc, USAGE_ERRORS):
                raise BadInput(_one_line(exc)) from exc
            if isinstance(exc, TrackerError):
                raise Failure(_one_line(exc)) from exc
            if _is_database_error(exc):
                raise Failure(f"database error: {_one_line(exc)}") from exc
            raise


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
@click.option("--db", "database", metavar="URL",
              help="Database URL or SQLite file path (default: $TRACKER_DATABASE_URL, else the per-user file).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(context: click.Context, database: str | None, debug: bool) -> None:
    """A timeline of space events: launches, dockings, visits, meetings, appointments.

    Dates keep the precision they are known to, their history (plans, scrubs, slips) and their sources.
    """
    context.obj = AppContext(database, debug)
    context.call_on_close(context.obj.close)


def _register() -> None:
    from tracker.cli import check, db, directory, events, info, io

    cli.add_command(events.timeline)
    cli.add_command(events.search)
    cli.add_command(events.show_event)
    cli.add_command(events.on_this_day)
    cli.add_command(directory.agencies_command)
    cli.add_command(directory.agency_command)
    cli.add_command(directory.people_command)
    cli.add_command(directory.person_command)
    cli.add_command(io.import_command)
    cli.add_command(io.export_command)
    cli.add_command(io.add_command)
    cli.add_command(io.edit_command)
    cli.add_command(io.delete_command)
    cli.add_command(info.info)
    cli.add_command(db.db)
    cli.add_command(check.check)


_register()


def main() -> None:
    """Run the command line."""
    cli(prog_name="tracker")


def _one_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _is_database_error(exc: Exception) -> bool:
    import sqlite3

    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return isinstance(exc, sqlite3.Error) or (sqlalchemy_exc is not None and
                                               isinstance(exc, sqlalchemy_exc.SQLAlchemyError))
