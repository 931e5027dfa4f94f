"""Where the data lives and how it is opened: URL resolution, engines, transactions, first-use set-up and upgrades
(backups are made by store/backup.py).

A store is ready to use once `prepare()` has run: a missing or empty database is created and migrated (and the
default one filled with the bundled dataset), an older SQLite database is backed up then upgraded.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, RootTransaction, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from tracker.errors import SchemaOutdated, StoreUnavailable, TrackerError
from tracker.paths import resolved
from tracker.store.backup import backup_contents, copy_sqlite, restore_sqlite
from tracker.store.lookup import default_database_path
from tracker.store.masking import mask_url, mask_urls_in
from tracker.store.tables import SCHEMA_REVISION

if TYPE_CHECKING:  # the ORM is imported by the sessions that use it: a reading never loads it
    from sqlalchemy.orm import Session

__all__ = ["Location", "Session", "Store", "mask_url", "mask_urls_in", "normalise_url", "resolve_location"]

Seed = Callable[["Session"], str]
"""Fills a new default database in the session given; returns what it did, in words."""
DATABASE_URL_VARIABLE = "TRACKER_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 5
_IMMEDIATE = "tracker_begin_immediate"
_MIGRATION_LOCK = 7_141_000  # PostgreSQL advisory lock key held while creating or migrating the schema


@dataclass(frozen=True)
class Location:
    """A database URL, and whether it is the default per-user database (the one filled on first use)."""

    url: str
    is_default: bool = False

    @property
    def masked(self) -> str:
        """The URL with any password replaced by ***, safe to print and log."""
        return mask_url(self.url)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for a SQLite URL naming one; None otherwise (a URL that cannot be read included)."""
        try:
            url = make_url(self.url)
        except (ArgumentError, ValueError):
            return None
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        return Path(str(url.database))


def normalise_url(given: str) -> str:
    """A SQLAlchemy URL from what a user typed: a plain path means a SQLite file, and postgresql:// uses psycopg 3."""
    if "://" not in given and re.match(r"^\s*\w+\s*=", given):
        # libpq's "host=... password=..." form: never taken for a file name (which would hold the password)
        raise StoreUnavailable("--db takes a URL or a SQLite file path, not a libpq keyword string: write "
                               "postgresql+psycopg://USER@HOST:5432/DBNAME (the password in the URL or in ~/.pgpass)")
    if "://" not in given:
        return sqlite_url(resolved(given, "the database"))
    given = _password_at_signs_encoded(given)
    if given.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + given.split("://", 1)[1]
    return given


def _password_at_signs_encoded(url: str) -> str:
    """`url` with any `@` of its password written %40: SQLAlchemy ends the password at the first `@`, so
    `postgresql://u:p@ss@host/db` would connect to host "ss@host" with password "p" (and the driver's error would
    print "ss"). The user part ends at the last `@` before the path that follows its first `@`."""
    scheme, separator, rest = url.partition("://")
    first = rest.find("@")
    if not separator or first <= 0 or rest.startswith("/"):
        return url
    path = min((index for index in (rest.find("/", first), rest.find("?", first)) if index >= 0), default=len(rest))
    last = rest.rfind("@", 0, path)
    user, colon, password = rest[:last].partition(":")
    if last == first or not colon:
        return url
    return f"{scheme}://{user}:{password.replace('@', '%40')}{rest[last:]}"


def resolve_location(option: str | None, environ: Mapping[str, str] = os.environ) -> Location:
    """The database to use: the --db option, else $TRACKER_DATABASE_URL, else the default per-user file."""
    if option:
        return Location(normalise_url(option))
    if environ.get(DATABASE_URL_VARIABLE):
        return Location(normalise_url(environ[DATABASE_URL_VARIABLE]))
    return Location(sqlite_url(default_database_path()), is_default=True)


def sqlite_url(path: Path) -> str:
    """The URL of the SQLite file at `path`, its name percent-encoded: `?` or `%` in it are part of the path."""
    return URL.create("sqlite", database=str(path)).render_as_string()


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL, a busy timeout, and transactions begun by us so writers can BEGIN IMMEDIATE.

    The sqlite3 module's own transaction handling begins lazily and never immediately, which lets two writers
    both read and then fail with "database is locked"; SQLAlchemy documents taking it over like this.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


POSTGRESQL_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0", "plan_cache_mode": "force_custom_plan",
                       "random_page_cost": "1.1"}
"""Planner settings for tracker's sessions on PostgreSQL. Its statements are short index lookups whose cost a
parallel plan or JIT compilation only adds to (measured: 7 ms of worker start-up for a 1 ms read of a week's
lists; 0.3 s of JIT per import batch); its lookups by a list of values are planned badly once psycopg's
prepared statements switch to a generic plan (70 ms against 2 ms for 500 URLs among 26,000 sources); and with the
default random_page_cost of 4 (spinning disks) reading the lists of 500 events scanned all sources and links
(18 ms against 4 ms with index lookups; the cost grows with the store). 1.1 is the usual value for SSDs and
cached data."""


def _configure_postgresql(engine: Engine) -> None:
    """Apply POSTGRESQL_SETTINGS to every connection tracker opens (its own sessions only, not the server's)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            for name, value in POSTGRESQL_SETTINGS.items():
                cursor.execute("SELECT set_config(%s, %s, false)", (name, value))
        dbapi_connection.commit()


def _make_engine(location: Location) -> Engine:
    try:
        url: URL = make_url(location.url)
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise StoreUnavailable(f"cannot use database {location.masked}: {exc}") from None
    if url.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    elif url.get_backend_name() == "postgresql":
        _configure_postgresql(engine)
    return engine


class Store:
    """An open tracker database. Reads use `reading()` (or `session()` where ORM objects are read); every write goes
    through `transaction()`."""

    def __init__(self, location: Location) -> None:
        self.location = location
        if location.is_default and location.sqlite_path is not None:
            location.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = _make_engine(location)

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading, without the ORM (`tracker.store.reading`); nothing it does is committed."""
        with self._connect() as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading ORM objects; nothing it does is committed."""
        from sqlalchemy.orm import Session

        with self._connect() as connection, Session(bind=connection) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or not at all if the block raises."""
        from sqlalchemy.orm import Session

        with self._locked() as connection, Session(bind=connection, join_transaction_mode="rollback_only") \
                as session:
            yield session
            session.flush()

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            connection = self.engine.connect()
        except OperationalError as exc:
            raise StoreUnavailable(f"cannot open database {self.location.masked}: {_first_line(exc)}") from None
        with connection:
            yield connection

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        """A connection in a write transaction that holds the database's write lock, committed on success."""
        with self._connect() as connection:
            connection = connection.execution_options(**{_IMMEDIATE: True})
            with self._begin(connection):
                if self.dialect == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                yield connection

    def _begin(self, connection: Connection) -> RootTransaction:
        """Begin a write transaction, retrying a few times if other writers kept SQLite locked past its busy
        timeout (its busy handler is not first-come first-served, so a writer can be starved under load)."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return connection.begin()
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or attempt == WRITE_ATTEMPTS - 1:
                    raise StoreUnavailable(f"{self.location.masked} is busy: {_first_line(exc)}") from None
                time.sleep(0.1 * 2**attempt)
        raise AssertionError("unreachable")

    def revision(self) -> str | None:
        """The schema revision the database is at; None when tracker has never set it up."""
        from tracker.store import migrations

        with self._connect() as connection:
            return migrations.current(connection)

    def prepare(self, notify: Callable[[str], None], seed: Seed | None = None) -> None:
        """Make the database ready for this version of tracker, telling `notify` what was done (if anything).
        A new default database is filled by `seed` (ingest.seed_bundled), in the transaction that creates it.

        Cheap when the schema is current: one query and no migration code imported.
        """
        if self._schema_is_current():
            return
        from tracker.store import migrations

        with self._locked() as connection:
            current = migrations.current(connection)
            if current == SCHEMA_REVISION:
                return  # another process set it up while we waited for the lock
            if current is None:
                self._create(connection, notify, seed)
            else:
                self._upgrade(connection, current, notify)

    def upgrade(self, target: str = "head", notify: Callable[[str], None] = lambda message: None,
                seed: Seed | None = None) -> None:
        """Migrate the schema up to `target` in one transaction: a new database is set up as on first use, and a
        SQLite file is backed up before an existing schema changes. A `target` the database is already at or past
        changes nothing, and makes no backup."""
        from tracker.store import migrations

        migrations.check_target(target)
        with self._locked() as connection:
            current = migrations.current(connection)
            if migrations.steps(current, target) <= 0:
                return
            if current is None and target in ("head", SCHEMA_REVISION):
                self._create(connection, notify, seed)
                return
            if current is not None and self.location.sqlite_path is not None:
                saved = self._backup_before_migration(current)
                notify(f"backed up {self.location.masked} to {saved}")
            migrations.upgrade(connection, target)

    def downgrade(self, target: str, notify: Callable[[str], None] = lambda message: None) -> None:
        """Migrate the schema down to `target` ("base" drops every table), in one transaction; a SQLite file is
        backed up first (a downgrade drops what newer revisions added). A `target` the database is already at or
        below changes nothing, and makes no backup."""
        from tracker.store import migrations

        with self._locked() as connection:
            current = migrations.current(connection)
            if current is None or migrations.steps(current, target) >= 0:
                return
            if self.location.sqlite_path is not None:
                saved = self._backup_before_migration(current)
                notify(f"backed up {self.location.masked} to {saved}")
            migrations.downgrade(connection, target)

    def _schema_is_current(self) -> bool:
        with self._connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            return found == [SCHEMA_REVISION]

    def _create(self, connection: Connection, notify: Callable[[str], None], seed: Seed | None) -> None:
        from tracker.store import migrations

        foreign = set(inspect(connection).get_table_names()) - {"alembic_version"}
        if foreign:
            raise StoreUnavailable(f"{self.location.masked} holds tables tracker did not create "
                                   f"({', '.join(sorted(foreign)[:3])}); use an empty database")
        migrations.upgrade(connection)
        if self.location.is_default and seed is not None:
            from sqlalchemy.orm import Session

            with Session(bind=connection, join_transaction_mode="rollback_only") as session:
                done = seed(session)
            notify(f"created {self.location.masked} and {done}")

    def _upgrade(self, connection: Connection, current: str, notify: Callable[[str], None]) -> None:
        from tracker.store import migrations

        if not migrations.is_known(current):
            raise TrackerError(f"{self.location.masked} is at schema revision {current}, which this version of "
                               "tracker does not know: upgrade tracker")
        if self.dialect != "sqlite":
            raise SchemaOutdated(f"{self.location.masked} is at schema revision {current}, older than "
                                 f"{SCHEMA_REVISION}: run `tracker db upgrade`")
        saved = self._backup_before_migration(current)
        migrations.upgrade(connection)
        where = f"; backup at {saved}" if saved else ""
        notify(f"upgraded {self.location.masked} from schema {current} to {SCHEMA_REVISION}{where}")

    def _backup_before_migration(self, current: str) -> Path | None:
        """Back the SQLite file up beside itself as NAME.REVISION.TIME.backup.SUFFIX, never over an earlier backup
        (a second in the same second gets -2, ...), the name shortened to fit the file system's 255 bytes."""
        path = self.location.sqlite_path
        if path is None:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for attempt in range(1, 1000):
            tail = f".{current}.{stamp}{'' if attempt == 1 else f'-{attempt}'}.backup{path.suffix}"
            room = 255 - len(tail.encode())
            stem = path.stem.encode()[:max(room, 1)].decode(errors="ignore")
            target = path.with_name(stem + tail)
            if not target.exists():
                copy_sqlite(path, target)
                return target
        raise TrackerError(f"cannot back up {path} before migrating: 999 backups of this second already exist")

    def backup(self, target: Path) -> None:
        """Copy a SQLite database to `target`, consistently even while others write (SQLite's online backup)."""
        path = self.location.sqlite_path
        if path is None:
            raise TrackerError("db backup copies a SQLite file; back up a PostgreSQL database with pg_dump "
                               f"(pg_dump --format=custom --file {target} DBNAME)")
        copy_sqlite(path, target)

    def restore(self, backup: Path) -> str:
        """Replace this SQLite database's content with the copy at `backup` (taken by `backup()`), in place and
        under the write lock; returns the copy's schema revision. Raises TrackerError, before touching this
        database, unless the copy is a sound tracker database (SQLite's integrity check, one revision) at a
        revision this version knows, with exactly the schema that revision's migrations make: the same tables and
        columns, indexes, triggers and views, nothing more (a trigger added to a copy would run on every later
        write)."""
        path = self.location.sqlite_path
        if path is None:
            raise TrackerError("db restore replaces a SQLite file; a PostgreSQL database is restored with pg_restore "
                               "(pg_restore --clean --dbname DBNAME FILE)")
        from tracker.store import migrations
        from tracker.store.catalog import differences, summary

        revision, found = backup_contents(backup)
        if not migrations.is_known(revision):
            raise TrackerError(f"{backup} is at schema revision {revision}, unknown to this version of tracker")
        told = differences(found, migrations.sqlite_catalog_at(revision))
        if told:
            raise TrackerError(f"{backup} is not a tracker database at schema revision {revision}: {summary(told)}")
        restore_sqlite(backup, path, self.location.masked, BUSY_TIMEOUT_MS)
        return revision


def _first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", exc)).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
