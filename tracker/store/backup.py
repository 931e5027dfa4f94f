"""Copies of SQLite databases: consistent backups taken while others write, the revision a copy is at, and
restoring a copy in place. (PostgreSQL databases are copied with pg_dump and pg_restore.)"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from tracker.errors import TrackerError


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the database file at `source` with SQLite's online backup, through a connection of its own.

    In WAL mode that connection reads a consistent snapshot even while another connection (ours, during a
    migration) holds the write lock; backing up through the locked connection itself would wait forever.

    The copy is made beside `target` and renamed over it only once complete: a failed or interrupted backup leaves
    neither a partial file nor a damaged one it was to replace.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(temporary)) as copy:
            original.backup(copy)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def backup_revision(backup: Path) -> str | None:
    """The schema revision recorded in a SQLite file; raises TrackerError if it is not a tracker database."""
    if not backup.is_file():
        raise TrackerError(f"no backup file {backup}")
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as copy:
            found = copy.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError:
        raise TrackerError(f"{backup} is not a tracker database") from None
    return found[0][0] if found else None


def restore_sqlite(backup: Path, path: Path, shown_as: str, busy_timeout_ms: int) -> None:
    """Replace the content of the database at `path` with the copy at `backup`, in one step for every reader.

    SQLite's backup API takes the destination's locks itself (and waits out other writers): the copy goes through
    a plain connection of its own.
    """
    try:
        with closing(sqlite3.connect(path, timeout=busy_timeout_ms / 1000)) as target, \
                closing(sqlite3.connect(backup)) as copy:
            copy.backup(target)
    except sqlite3.Error as exc:
        raise TrackerError(f"cannot restore {backup} into {shown_as}: {exc}") from None
