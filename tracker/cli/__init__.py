"""The `tracker` command: parse options, call the core, hand results to render. No SQL, no domain logic.

Heavy libraries (SQLAlchemy, rich) are imported inside the commands that need them, so `tracker --help` and
`tracker --version` stay fast.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from tracker import __version__
from tracker.cli.context import AppContext
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord, NotFound, TrackerError

USAGE_ERRORS = (InvalidDate, InvalidRecord, InvalidImport, NotFound)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    from tracker.cli import db, events, info, io

    cli.add_command(events.timeline)
    cli.add_command(io.import_command)
    cli.add_command(info.info)
    cli.add_command(db.db)


_register()


def _fail(message: str, status: int) -> NoReturn:
    if "://" in message:
        from tracker.store import mask_urls_in

        message = mask_urls_in(message)
    # Errors go to stderr so they never mix with output a script is reading.
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


def main() -> None:
    """Run the command line, turning every expected failure into a one-line error and an exit status."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", 1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except USAGE_ERRORS as exc:
        if debug:
            raise
        _fail(_one_line(exc), 2)
    except TrackerError as exc:
        if debug:
            raise
        _fail(_one_line(exc), 1)
    except Exception as exc:
        if debug or not _is_database_error(exc):
            raise
        _fail(f"database error: {_one_line(exc)}", 1)


def _one_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _is_database_error(exc: Exception) -> bool:
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError)
