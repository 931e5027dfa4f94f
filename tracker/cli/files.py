"""Writing the files a user names, safely: never over the database in use, never leaving a truncated file, never
replacing a device, FIFO or symlink with a regular file, and with the permissions a file made by `>` would have."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

from tracker.errors import InvalidRecord, TrackerError
from tracker.paths import resolved

STANDARD_OUTPUT = Path("-")
"""`-o -`: standard output, as in most Unix tools."""


def database_files(database: Path | None) -> list[Path]:
    """A SQLite database and the files SQLite keeps beside it while it is used (-wal, -shm, -journal)."""
    if database is None:
        return []
    return [database, *(database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def standard_output() -> IO[str]:
    """Standard output for a file format's text (CSV, JSON): as it is to a file or a pipe; on a terminal, through
    render.text.visible, so stored escape sequences, bidi overrides and zero-width characters show as escapes."""
    if not sys.stdout.isatty():
        return sys.stdout
    from tracker.render.text import for_terminal

    return for_terminal(sys.stdout)


def refuse_protected(path: Path, protected: Sequence[Path]) -> Path:
    """`path` with symlinks followed; TrackerError when it is one of the `protected` files (the database in use)."""
    if not str(path):
        raise InvalidRecord("an output file needs a name (use -o - for standard output)")
    target = resolved(path, "the output file")
    if target.is_dir():  # `-o ''` comes here as "."
        raise InvalidRecord(f"cannot write {path}: it is a directory; give a file name (or - for standard output)")
    for kept in protected:
        if target == resolved(kept, "the database"):
            raise InvalidRecord(f"refusing to write {path}: it is the database in use ({kept.name}); "
                                "choose another file")
    return target


@contextmanager
def output_file(path: Path | None, protected: Sequence[Path] = ()) -> Iterator[IO[str]]:
    """Standard output (no path, or "-"); else the file at `path`, written in full or not at all: a regular file
    is written beside itself and renamed over only once complete, keeping the mode of the file it replaces (or the
    umask's), while a device, FIFO or other special file is written through, never replaced."""
    if path is None or path == STANDARD_OUTPUT:
        yield standard_output()
        return
    target = refuse_protected(path, protected)
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        with target.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        # read-only for everyone: refused even to root, who could replace it, as `>` would refuse others
        raise TrackerError(f"cannot write {path}: permission denied (the file is read-only)")
    yield from _replaced(target, path)


def _replaced(target: Path, shown: Path) -> Iterator[IO[str]]:
    try:
        # A short name: the file system takes `target`'s own name, maybe not that name grown by a prefix and suffix.
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name[:20]}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # name the file the user gave, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(shown)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The mode of the file being replaced, else what `>` would give: 0666 less the umask."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def protected_files(context: click.Context) -> list[Path]:
    """The files of the database the command uses, which no output may overwrite."""
    from tracker.cli.context import AppContext

    app = context.find_object(AppContext)
    return database_files(app.location().sqlite_path) if app is not None else []
