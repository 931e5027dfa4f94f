"""The `tracker` command: parse options, call the core, hand results to render. No SQL, no domain logic.

Heavy libraries (SQLAlchemy, rich) are imported inside the commands that need them, and a command's module is
imported only when that command runs (or help lists it), so `tracker --help`, `tracker --version` and every
command start fast.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import sys
from collections.abc import MutableMapping
from importlib import import_module
from typing import IO, Any

import click

from tracker import __version__
from tracker.cli.context import AppContext
from tracker.cli.streams import ClosedPipe, Interrupted
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord, NotFound, TrackerError, UpdateInterrupted

USAGE_ERRORS = (InvalidDate, InvalidRecord, InvalidImport, NotFound)


class Failure(click.ClickException):
    """A failure reported as one line on stderr, `error: <what>`, exit status 1 (the store, the environment)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        if "://" in message:  # never held, let alone shown, with a password in it
            from tracker.store.masking import mask_urls_in

            message = mask_urls_in(message)
        super().__init__(message)

    def show(self, file: IO[Any] | None = None) -> None:
        # Errors go to stderr so they never mix with output a script is reading.
        say(f"error: {self.format_message()}", err=True)


def say(message: str, *, err: bool = False) -> None:
    """Print `message` (on stderr with `err`) as the user may safely read it: every database URL in it with its
    password masked, every control, bidi or zero-width character written as an escape (render.text.visible), so
    a stored name or a typed argument quoted in a message never acts on the terminal."""
    from tracker.render.text import visible

    if "://" in message:
        from tracker.store.masking import mask_urls_in

        message = mask_urls_in(message)
    click.echo("\n".join(visible(line) for line in message.split("\n")), err=err)


def _neutralise(exc: click.ClickException) -> None:
    """Make the message of `exc` safe by the rule of `say`: click's own usage errors quote what was typed ("No such
    option: ...", "... is not one of ...") and are shown by click, not by `say`."""
    if not isinstance(exc, Failure):  # a Failure is made safe when shown
        from tracker.render.text import visible
        from tracker.store.masking import mask_urls_in

        # click types `message` Final (set once, when raised); it is rewritten here, before click shows it.
        vars(exc)["message"] = visible(mask_urls_in(exc.message))


class Stopped(Failure):
    """Ctrl-C that the work it stopped explains (which file an update was reading): exit status 130."""

    exit_code = 130


class BadInput(Failure):
    """A failure caused by what the user gave (a date, a file, a name): exit status 2."""

    exit_code = 2


# Every command, by name, as "module:attribute": the module is imported only when the command is asked for.
COMMANDS = {
    "timeline": "tracker.cli.events:timeline",
    "search": "tracker.cli.events:search",
    "show": "tracker.cli.events:show_event",
    "on-this-day": "tracker.cli.events:on_this_day",
    "agencies": "tracker.cli.directory:agencies_command",
    "agency": "tracker.cli.directory:agency_command",
    "people": "tracker.cli.directory:people_command",
    "person": "tracker.cli.directory:person_command",
    "places": "tracker.cli.directory:places_command",
    "import": "tracker.cli.io:import_command",
    "export": "tracker.cli.io:export_command",
    "add": "tracker.cli.io:add_command",
    "edit": "tracker.cli.io:edit_command",
    "delete": "tracker.cli.io:delete_command",
    "info": "tracker.cli.info:info",
    "db": "tracker.cli.db:db",
    "check": "tracker.cli.check:check",
    "config": "tracker.cli.config:config_group",
    "browse": "tracker.cli.browse:browse",
}


class SuggestingGroup(click.Group):
    """A command group that answers a misspelt command with the commands it may mean, as git does
    (`tracker timline`: "Did you mean 'timeline'?"); click does so for options only."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                            list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            import difflib

            close = difflib.get_close_matches(args[0], self.list_commands(ctx), n=3, cutoff=0.6) if args else []
            if not close:
                raise
            meant = " or ".join(repr(name) for name in close)
            raise click.UsageError(f"No such command {args[0]!r}. Did you mean {meant}?", ctx) from exc


class TrackerGroup(SuggestingGroup):
    """The command group that loads each command from `COMMANDS` on first use (click's "lazily loading
    subcommands") and turns tracker's errors into one-line messages (tracebacks only with --debug)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{COMMANDS[cmd_name]} is not a click command")
            name_environment(command, [cmd_name])
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Every option of every command passes here first: text no command could store or look up is refused
        # once, as bad input, rather than wherever it would first be encoded.
        for index, arg in enumerate(args):
            if "\x00" in arg:
                raise BadInput(f"argument {index + 1} ({arg!r}) contains a NUL character (\\x00)")
            if not arg.isascii():
                try:
                    arg.encode("utf-8")
                except UnicodeEncodeError:
                    raise BadInput(f"argument {index + 1} ({arg!r}) is not valid UTF-8 text") from None
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            _neutralise(exc)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            _neutralise(exc)
            raise
        except click.exceptions.Exit:
            raise
        except click.exceptions.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C at a prompt (`delete` asks first)
                raise Interrupted from None
            raise
        except KeyboardInterrupt:
            raise Interrupted from None  # click would make it "Aborted!" and status 1
        except BrokenPipeError:
            raise ClosedPipe from None  # the reader went away (`| head`); click would make it status 1
        except Exception as exc:
            if isinstance(ctx.obj, AppContext) and ctx.obj.debug:
                raise
            if isinstance(exc, NotFound):
                # The names it lists stand one a line (they hold commas); its first line says what is wrong.
                raise BadInput(str(exc).strip()) from exc
            if isinstance(exc, USAGE_ERRORS):
                raise BadInput(_one_line(exc)) from exc
            if isinstance(exc, UpdateInterrupted):  # Ctrl-C, with which file or step it stopped
                raise Stopped(_one_line(exc)) from exc
            if isinstance(exc, TrackerError):
                raise Failure(_one_line(exc)) from exc
            if _is_database_error(exc):
                cause = _one_line(_first_database_error(exc))
                raise Failure(f"{'disk full' if 'disk is full' in cause else 'database error'}: {cause}") from exc
            if isinstance(exc, OSError):
                where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
                if exc.errno == errno.ENOSPC:
                    raise Failure(f"disk full: cannot write{where}: {exc.strerror}") from exc
                raise Failure(f"cannot use{where}: {exc.strerror or exc}") from exc
            # Anything else is a bug of tracker's: still one line, never a traceback the user did not ask for.
            raise Failure(f"unexpected {type(exc).__name__}: {_one_line(exc)} (re-run with --debug to see where, "
                          "and please report it)") from exc


ENVIRONMENT_PREFIX = "TRACKER"


def environment_variable(path: list[str], option: click.Option) -> str:
    """The variable an option is also read from: TRACKER_<COMMAND>_<OPTION>, the command path and the option's
    longest name as typed (`tracker db check --repair` is TRACKER_DB_CHECK_REPAIR, `timeline --from` is
    TRACKER_TIMELINE_FROM), "-" written "_"."""
    written = max(option.opts, key=len).lstrip("-")
    return "_".join(part.replace("-", "_").upper() for part in [ENVIRONMENT_PREFIX, *path, written])


def name_environment(command: click.Command, path: list[str]) -> None:
    """Give every option of `command` (and of the commands under it) its TRACKER_<COMMAND>_<OPTION> variable.
    Named from the option as the user types it rather than by click's auto_envvar_prefix, which uses the internal
    parameter name (`--from` would be ..._START, `--agency` ..._AGENCIES) and one name for the two flags of a pair
    (--dayfirst and --monthfirst)."""
    for param in command.params:
        if isinstance(param, click.Option) and param.expose_value and param.envvar is None:
            param.envvar = environment_variable(path, param)
    if isinstance(command, click.Group):
        for name, inner in command.commands.items():
            name_environment(inner, [*path, name])


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
@click.option("--db", "database", metavar="URL", envvar="TRACKER_DATABASE_URL",
              help="Database URL or SQLite file path (default: $TRACKER_DATABASE_URL, else the per-user file).")
@click.option("--debug", is_flag=True, envvar="TRACKER_DEBUG", help="Show tracebacks instead of one-line errors.")
@click.option("--color", "colour", envvar="TRACKER_COLOR", type=click.Choice(["auto", "always", "never"]),
              help="Colours and styles: auto (the default, else the configuration file's `color`) is on a terminal "
                   "unless NO_COLOR is set (FORCE_COLOR forces them).")
@click.pass_context
def cli(context: click.Context, database: str | None, debug: bool, colour: str | None) -> None:
    """A timeline of space events: launches, dockings, visits, meetings, appointments.

    Dates keep the precision they are known to, their history (plans, scrubs, slips) and their sources.
    """
    context.obj = AppContext(database, debug, colour)
    context.call_on_close(context.obj.close)
    _forget_unusable_sizes(os.environ)


def _forget_unusable_sizes(environ: MutableMapping[str, str]) -> None:
    """Drop COLUMNS and LINES unless they are sizes a terminal can have: rich would otherwise draw `COLUMNS=0` as
    nothing at all. Without them the terminal is asked, or 80 columns assumed."""
    for name in ("COLUMNS", "LINES"):
        value = environ.get(name)
        if value is not None and not (value.isdigit() and 0 < int(value) <= 10_000):
            del environ[name]


def main() -> None:
    """Run the command line. Ctrl-C ends it with status 130 and "interrupted", and a reader that closed the pipe
    (`| head`) with status 141 and no message, as shells expect; never a traceback."""
    # Start-up creates some 90,000 long-lived objects (SQLAlchemy, the ORM mappings) and next to no garbage, yet
    # the cyclic collector would walk them all, in full once while importing and again at exit: a quarter of a
    # short command's time. It stays off until the store is open; AppContext.store() then freezes what exists
    # (no later collection, the one at exit included, walks it again) and turns collection back on for the work.
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe whose encoding lacks a character tracker prints (PYTHONIOENCODING=ascii, LANG=C on old
        # systems) shows it as an escape rather than ending the command.
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
    if "_TRACKER_COMPLETE" in os.environ:  # a Tab: values escaped for the shell that asks (cli/completion.py)
        from tracker.cli.completion import use_escaping_shells

        use_escaping_shells()
    try:
        try:
            cli(prog_name="tracker")
        finally:
            # What is still buffered is written now, while a closed pipe can be answered, not at exit.
            if not _pacified():
                sys.stdout.flush()
    except (KeyboardInterrupt, Interrupted):
        sys.stderr.write("\ninterrupted\n")
        _stop_writing()
        sys.exit(130)
    except (BrokenPipeError, ClosedPipe):
        # As git does when `| head` has read enough: no message, and nothing more written at exit either.
        _stop_writing()
        sys.exit(141)
    except SystemExit as exc:
        if _pacified():
            # click met the closed pipe itself (writing --help or a completion) and answered with status 1.
            _stop_writing()
            sys.exit(141)
        raise exc from None
    except OSError as exc:
        # A command's own errors became one line in TrackerGroup.invoke (or were asked for whole with --debug);
        # what runs before a command (--help, --version, shell completion) only writes to standard output: a full
        # disk or a dead terminal there is one line, and nothing is written again at exit (which would fail too).
        if "--debug" in sys.argv[1:]:
            raise
        sys.stderr.write(f"error: cannot write to standard output: {exc.strerror or exc}\n")
        _stop_writing()
        sys.exit(1)


def _pacified() -> bool:
    """Whether click met a closed pipe and wrapped standard output to keep quiet about it (click's
    PacifyFlushWrapper, named rather than imported: recent versions deprecate it and call it _PacifyFlushWrapper)."""
    return type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper"


def _stop_writing() -> None:
    """Point standard output at /dev/null, so that nothing buffered is written (and fails) again at exit."""
    with contextlib.suppress(OSError, ValueError):  # no descriptor (a test's stream): nothing flushed at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _one_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _first_database_error(exc: BaseException) -> BaseException:
    """The database error that started it all: a failed rollback ("no such savepoint", once SQLite has given up a
    full disk's transaction) hides the error that made it roll back."""
    while isinstance(exc.__context__, Exception) and _is_database_error(exc.__context__):
        exc = exc.__context__
    return exc


def _is_database_error(exc: Exception) -> bool:
    import sqlite3

    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return isinstance(exc, sqlite3.Error) or (sqlalchemy_exc is not None and
                                               isinstance(exc, sqlalchemy_exc.SQLAlchemyError))
