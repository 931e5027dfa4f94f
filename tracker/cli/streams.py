"""The standard streams. Standard input as a file: `-` for every file a command reads (`tracker import -`, `check
--file -`, `check --article -`), as in most Unix tools, named "standard input" in messages. Standard output whose
reader goes away (`| head`), and Ctrl-C: the exit statuses a shell expects (141, 130), not click's or rich's 1."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

STANDARD_INPUT = Path("-")
"""`-` given for a file to read."""
STANDARD_INPUT_NAME = "standard input"
"""How messages name what was read from `-`."""


def is_standard_input(path: Path | None) -> bool:
    """Whether `path` is `-`, standard input."""
    return path is not None and path == STANDARD_INPUT


def binary_standard_input() -> IO[bytes]:
    """Standard input as bytes; on a terminal, first a line on stderr saying how to end the input (a person who
    typed `tracker import -` by mistake would otherwise face a silent wait)."""
    stream = sys.stdin.buffer
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        interactive = False
    if interactive:
        ending = "Ctrl-Z then Enter" if sys.platform == "win32" else "Ctrl-D at the start of a line"
        click.echo(f"reading from standard input: end it with {ending} (Ctrl-C cancels)", err=True)
    return stream


@contextmanager
def spooled_standard_input() -> Iterator[Path]:
    """Standard input copied to a temporary file, which is removed afterwards: readers look into a file (its
    first bytes tell its format, gzip included) before reading it, and a pipe can be read only once."""
    import tempfile

    stream = binary_standard_input()
    with tempfile.TemporaryDirectory(prefix="tracker-stdin-") as folder:
        path = Path(folder) / "stdin"
        read = getattr(stream, "read1", stream.read)
        with path.open("wb") as copy:
            # One read at a time (read1): a terminal's Ctrl-D makes one read come back empty, and read(n) would
            # take that as the end of its chunk only, then wait for a second Ctrl-D.
            while chunk := read(1 << 20):
                copy.write(chunk)
        yield path


def renamed(message: str, path: Path) -> str:
    """`message` with the temporary copy of standard input at `path` named as the user knows it."""
    return message.replace(str(path), STANDARD_INPUT_NAME)


class ClosedPipe(BaseException):
    """Raised (through click, which would answer a broken pipe with status 1) when the reader of standard output
    went away (`tracker timeline | head -1`): `main` ends quietly with status 141, as a shell expects."""


class Interrupted(BaseException):
    """Raised (through click, which would answer Ctrl-C with "Aborted!" and status 1) when the user pressed Ctrl-C:
    `main` ends with status 130, as a shell expects."""


def console(**settings: Any) -> Console:
    """A rich Console (made with `settings`) that raises BrokenPipeError when its reader has gone: rich's own
    answer ends the process with status 1 and points standard output at /dev/null, even when the reader was only
    the pager. Emoji codes are never replaced (":rocket:" in a text is printed as written), which also spares
    importing rich's table of them."""
    return _console_type()(**{"emoji": False, **settings})


@cache
def _console_type() -> type[Console]:
    from rich.console import Console

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True  # nothing more is written through it
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return PipeAwareConsole
