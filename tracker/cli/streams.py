"""Standard input as a file: `-` for every file a command reads (`tracker import -`, `check --file -`,
`check --article -`), as in most Unix tools. Messages name it "standard input", never a temporary file."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

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
    stream = click.get_binary_stream("stdin")
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
    stream = binary_standard_input()
    with tempfile.TemporaryDirectory(prefix="tracker-stdin-") as folder:
        path = Path(folder) / "stdin"
        with path.open("wb") as copy:
            shutil.copyfileobj(stream, copy, 1 << 20)
        yield path


def renamed(message: str, path: Path) -> str:
    """`message` with the temporary copy of standard input at `path` named as the user knows it."""
    return message.replace(str(path), STANDARD_INPUT_NAME)
