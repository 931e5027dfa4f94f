"""Copies of SQLite databases: consistent backups taken while others write, the revision a copy is at, and
restoring a copy in place. (PostgreSQL databases are copied with pg_dump and pg_restore.)"""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3
import stat
import time
from contextlib import closing
from pathlib import Path

from tracker.errors import TrackerError
from tracker.store.catalog import Catalog, sqlite_catalog

SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database while it is used: a WAL left beside a file belongs to it."""


def side_files(database: Path) -> list[Path]:
    """The -wal, -shm and -journal files SQLite would pair with the database at `database`."""
    return [database.with_name(database.name + suffix) for suffix in SIDE_FILES]


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the database file at `source` to `target` with SQLite's online backup, and only once the copy is
    verified make it `target`; raises TrackerError (leaving `target` as it was) when it cannot be.

    The copy is read through a connection of its own: in WAL mode it sees a consistent snapshot even while
    another connection (ours, during a migration) holds the write lock. It is written beside `target` under a short
    hidden name (so any name the file system takes works), checked (SQLite's integrity check, and as many rows in
    every table as the source had in the snapshot it was copied from: a damaged source is never "backed up"),
    flushed to disk, given the mode of the file it replaces (else 0666 less the umask), and renamed over `target`.
    A -wal, -shm or -journal file left beside `target` is removed first: SQLite would pair it with the new copy,
    replaying another database's pages into it. A symlink is followed (the file it names gets the copy); anything
    but a regular file (a device, a FIFO, a directory) is refused, never replaced.
    """
    target = target.resolve()
    if target.exists() and not target.is_file():
        raise TrackerError(f"cannot back up to {target}: it is not a regular file (a device, FIFO or directory); "
                           "give the path of a file")
    mode = _mode_for(target)
    temporary = _temporary_beside(target)
    try:
        rows = _copy(source, temporary)
        _verify(temporary, rows, source)
        os.chmod(temporary, mode)
        _flush(temporary)
        _remove_side_files(target)
        os.replace(temporary, target)
        _flush(target.parent)
    except BaseException:
        for leftover in (temporary, *side_files(temporary)):
            leftover.unlink(missing_ok=True)
        raise


def _temporary_beside(target: Path) -> Path:
    """A new empty file in `target`'s directory, with a name short enough for any file system whatever the length
    of `target`'s own."""
    while True:
        temporary = target.with_name(f".{target.name[:20]}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        except OSError as exc:  # name the file the user gave, not the temporary one
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        return temporary


def _mode_for(target: Path) -> int:
    """The mode of the file being replaced, else what `>` would give a new file: 0666 less the umask."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _copy(source: Path, copy: Path) -> dict[str, int]:
    """Copy `source` into the file `copy`; returns the rows of each table of the snapshot copied."""
    with closing(sqlite3.connect(source, isolation_level=None)) as original, closing(sqlite3.connect(copy)) as into:
        original.execute("BEGIN")  # one read transaction: the rows counted are those of the pages copied
        try:
            rows = _rows(original)
        except sqlite3.DatabaseError as exc:
            raise TrackerError(f"cannot back up {source}: it is damaged ({exc}); nothing was written") from None
        original.backup(into)
        original.execute("COMMIT")
    return rows


def _rows(connection: sqlite3.Connection) -> dict[str, int]:
    """The rows of each ordinary table (virtual tables are counted through their shadow tables)."""
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
    return {name: int(connection.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"'
                                         ).fetchone()[0]) for name in names}


def _verify(copy: Path, expected: dict[str, int], source: Path) -> None:
    """Raise TrackerError unless the copy passes SQLite's integrity check and holds the rows counted."""
    try:
        with closing(sqlite3.connect(copy)) as connection:
            said = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(5)")]
            rows = _rows(connection) if said == ["ok"] else {}
    except sqlite3.DatabaseError as exc:
        said, rows = [str(exc)], {}
    if said != ["ok"]:
        raise TrackerError(f"cannot back up {source}: it is damaged (SQLite's integrity check says {said[0]!r}); "
                           "nothing was written")
    if rows != expected:
        differ = sorted(name for name in expected.keys() | rows.keys() if rows.get(name) != expected.get(name))
        raise TrackerError(f"cannot back up {source}: the copy does not hold the rows it should "
                           f"(table {differ[0]}); nothing was written")


def _flush(path: Path) -> None:
    """Have the file or directory at `path` reach the disk (a directory: the names made or renamed in it)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_side_files(target: Path) -> None:
    for stale in side_files(target):
        try:
            stale.unlink(missing_ok=True)
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                continue  # a name too long to exist: there is nothing there to pair with the copy
            raise TrackerError(f"cannot back up to {target}: {stale.name} beside it cannot be removed "
                               f"({exc.strerror}), and SQLite would read it as part of the copy") from None


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at `path`, whatever its name holds: a URI names it, percent-encoded,
    so `?`, `#` or `%` in the name are part of the path, never a query."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def backup_contents(backup: Path) -> tuple[str, Catalog]:
    """The schema revision a SQLite copy records and its schema, once it is known to be a sound tracker database:
    raises TrackerError if it is not a SQLite file, fails SQLite's integrity check, or does not hold exactly one
    revision."""
    if not backup.is_file():
        raise TrackerError(f"no backup file {backup}")
    try:
        with closing(read_only(backup)) as copy:
            integrity = [row[0] for row in copy.execute("PRAGMA integrity_check(5)")]
            if integrity != ["ok"]:
                raise TrackerError(f"{backup} is damaged: SQLite's integrity check says {integrity[0]!r}")
            catalog = sqlite_catalog(copy)
            if ("table", "alembic_version") not in catalog:
                raise TrackerError(f"{backup} is not a tracker database (it records no schema revision)")
            found = [row[0] for row in copy.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise TrackerError(f"{backup} is not a tracker database ({exc})") from None
    if len(found) != 1:
        raise TrackerError(f"{backup} is not a sound tracker database: it records {len(found)} schema revisions, "
                           "where a tracker database records one")
    return str(found[0]), catalog


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
