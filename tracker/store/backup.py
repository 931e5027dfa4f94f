"""Copies of SQLite databases: consistent backups taken while others write, the revision a copy is at, and
restoring a copy in place. (PostgreSQL databases are copied with pg_dump and pg_restore.)"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

from tracker.errors import TrackerError


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the database file at `source` with SQLite's online backup, through a connection of its own.

    In WAL mode that connection reads a consistent snapshot even while another connection (ours, during a
    migration) holds the write lock; backing up through the locked connection itself would wait forever.

    The copy is made beside `target` and renamed over it only once complete: a failed or interrupted backup leaves
    neither a partial file nor a damaged one it was to replace. A symlink is followed (the file it names gets the
    copy); anything but a regular file (a device such as /dev/full, a FIFO, a directory) is refused, never
    replaced.
    """
    target = target.resolve()
    if target.exists() and not target.is_file():
        raise TrackerError(f"cannot back up to {target}: it is not a regular file (a device, FIFO or directory); "
                           "give the path of a file")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(temporary)) as copy:
            original.backup(copy)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


Tables = dict[str, tuple[str, ...]]
"""A SQLite schema as restore compares it: each table's name and its column names, sorted."""


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at `path`, whatever its name holds: a URI names it, percent-encoded,
    so `?`, `#` or `%` in the name are part of the path, never a query."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def sqlite_tables(connection: sqlite3.Connection) -> Tables:
    """The tables of a SQLite database (SQLite's own left out) and their columns."""
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
    return {name: tuple(sorted(row[0] for row in connection.execute("SELECT name FROM pragma_table_info(?)", (name,))))
            for name in names}


def backup_contents(backup: Path) -> tuple[str, Tables]:
    """The schema revision a SQLite copy records and its tables, once it is known to be a sound tracker database:
    raises TrackerError if it is not a SQLite file, fails SQLite's integrity check, or does not hold exactly one
    revision."""
    if not backup.is_file():
        raise TrackerError(f"no backup file {backup}")
    try:
        with closing(read_only(backup)) as copy:
            integrity = [row[0] for row in copy.execute("PRAGMA integrity_check(5)")]
            if integrity != ["ok"]:
                raise TrackerError(f"{backup} is damaged: SQLite's integrity check says {integrity[0]!r}")
            tables = sqlite_tables(copy)
            if "alembic_version" not in tables:
                raise TrackerError(f"{backup} is not a tracker database (it records no schema revision)")
            found = [row[0] for row in copy.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise TrackerError(f"{backup} is not a tracker database ({exc})") from None
    if len(found) != 1:
        raise TrackerError(f"{backup} is not a sound tracker database: it records {len(found)} schema revisions, "
                           "where a tracker database records one")
    return str(found[0]), tables


def schema_differences(found: Tables, expected: Tables) -> list[str]:
    """How the tables `found` differ from those `expected` ("no table events", "table people lacks column name")."""
    differences = [f"no table {name}" for name in sorted(expected.keys() - found.keys())]
    differences += [f"a table {name} tracker does not make" for name in sorted(found.keys() - expected.keys())]
    for name in sorted(expected.keys() & found.keys()):
        differences += [f"table {name} lacks column {column}" for column in expected[name] if column not in found[name]]
        differences += [f"table {name} has a column {column} tracker does not make"
                        for column in found[name] if column not in expected[name]]
    return differences


_WAITING = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED: another connection holds the lock the copy needs


def restore_sqlite(backup: Path, path: Path, shown_as: str, busy_timeout_ms: int) -> None:
    """Replace the content of the database at `path` with the copy at `backup`, in one step for every reader.

    SQLite's backup API takes the destination's locks itself: the copy goes through a plain connection of its own.
    It waits for another writer at most `busy_timeout_ms` in all (the sqlite3 module would retry forever), then
    raises TrackerError.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000

    def progress(status: int, remaining: int, total: int) -> None:
        if status in _WAITING and time.monotonic() > deadline:
            raise TrackerError(f"cannot restore into {shown_as}: another program has been writing to it for "
                               f"{busy_timeout_ms / 1000:g} s; try again once it is done")

    try:
        with closing(sqlite3.connect(path, timeout=min(busy_timeout_ms, 1000) / 1000)) as target, \
                closing(read_only(backup)) as copy:
            copy.backup(target, progress=progress)
    except sqlite3.Error as exc:
        raise TrackerError(f"cannot restore {backup} into {shown_as}: {exc}") from None
