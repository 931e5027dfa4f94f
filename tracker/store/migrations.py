"""Schema migrations: Alembic run on a connection the store hands in, never on a connection of its own."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from alembic import command
from tracker.bundled import alembic_directory
from tracker.errors import StoreUnavailable, TrackerError
from tracker.store.catalog import Catalog, postgresql_catalog, sqlite_catalog


@dataclass(frozen=True)
class Revision:
    """One migration script: its id, the one it follows, and what it does."""

    id: str
    down: str | None
    message: str


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(alembic_directory()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this version of tracker knows."""
    heads = _scripts().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads; expected one")
    return heads[0]


def is_known(revision: str) -> bool:
    """Whether `revision` is one of this version's migrations (a newer tracker may have written another)."""
    return any(script.revision == revision for script in _scripts().walk_revisions())


def check_target(target: str) -> None:
    """Raise TrackerError unless `target` names a revision this version knows ("head", "base", an id, "+1")."""
    if target in ("head", "base") or target.startswith(("+", "-")):
        return
    try:
        found = _scripts().get_revisions(target)
    except (CommandError, ResolutionError) as exc:
        raise TrackerError(f"unknown revision {target!r}: {exc}") from None
    if not found:
        raise TrackerError(f"unknown revision {target!r}")


def _chain() -> list[str]:
    """Every revision, oldest first (the chain has one head and no branches: a test holds it so)."""
    return [script.revision for script in _scripts().walk_revisions()][::-1]


def steps(current: str | None, target: str) -> int:
    """How many migrations lead from `current` (None: an empty database) to `target` ("head", "base", an id,
    "+1", "-2"): positive up, negative down, 0 when the database is already there. Raises TrackerError for a
    revision this version does not know or a relative step past either end."""
    chain = _chain()
    if current is not None and current not in chain:
        raise TrackerError(f"the database is at schema revision {current}, which this version of tracker does not "
                           "know: upgrade tracker")
    here = chain.index(current) if current is not None else -1
    if target == "base":
        there = -1
    elif target == "head":
        there = len(chain) - 1
    elif target[:1] in ("+", "-") and target[1:].isdigit():
        there = here + int(target)
        if not -1 <= there < len(chain):
            raise TrackerError(f"cannot move {target} from revision {current or 'base'}: there are "
                               f"{len(chain) - 1 - here} revisions above it and {here + 1} below")
    else:
        try:
            found = _scripts().get_revisions(target)
        except (CommandError, ResolutionError) as exc:
            raise TrackerError(f"unknown revision {target!r}: {exc}") from None
        if len(found) != 1 or found[0] is None:
            raise TrackerError(f"unknown revision {target!r}")
        there = chain.index(found[0].revision)
    return there - here


def current(connection: Connection) -> str | None:
    """The revision the database is at; None for a database tracker has never migrated. Raises StoreUnavailable
    when the database records several (a damaged or hand-edited `alembic_version`)."""
    heads = MigrationContext.configure(connection).get_current_heads()
    if len(heads) > 1:
        raise StoreUnavailable(f"the database records {len(heads)} schema revisions ({', '.join(sorted(heads))}) "
                               "where tracker writes one: it was changed by hand or damaged; restore a backup")
    return heads[0] if heads else None


_SQLITE_CATALOGS: dict[tuple[str, str], Catalog] = {}


def sqlite_catalog_at(revision: str) -> Catalog:
    """The schema a SQLite database has at `revision`: the one the migrations make, up to it, in a database of
    their own in memory (made once per revision and process)."""
    key = (str(alembic_directory()), revision)
    if key not in _SQLITE_CATALOGS:
        engine = create_engine("sqlite://")
        try:
            with engine.begin() as connection:
                upgrade(connection, revision)
                raw = connection.connection.dbapi_connection
                assert isinstance(raw, sqlite3.Connection)
                _SQLITE_CATALOGS[key] = sqlite_catalog(raw)
        finally:
            engine.dispose()
    return _SQLITE_CATALOGS[key]


_REFERENCE_SCHEMA = "tracker_reference"


def postgresql_catalog_at(connection: Connection, revision: str) -> Catalog:
    """The schema a PostgreSQL database has at `revision`: the migrations are run up to it in a schema of their
    own, created for the purpose in the caller's transaction and rolled back with a savepoint, so nothing of it
    is ever seen or kept. Needs the right to create a schema; raises TrackerError without it."""
    from sqlalchemy.exc import DBAPIError

    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql(f"CREATE SCHEMA {_REFERENCE_SCHEMA}")
        # First in the path: the migrations create everything there, and still find extensions where they are.
        connection.exec_driver_sql(f"SELECT set_config('search_path', '{_REFERENCE_SCHEMA}, ' || "
                                   "current_setting('search_path'), true)")
        # Alembic's own table as Alembic makes it: else it would find the database's, visible further down the
        # path, and take the reference for migrated already.
        connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                   "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        upgrade(connection, revision)
        return postgresql_catalog(connection, _REFERENCE_SCHEMA)
    except DBAPIError as exc:
        raise TrackerError(f"cannot compare the schema with revision {revision}'s: "
                           f"{str(exc.orig).strip().splitlines()[0]}") from None
    finally:
        savepoint.rollback()


def history() -> Iterator[Revision]:
    """Every migration, newest first."""
    for script in _scripts().walk_revisions():
        down = script.down_revision
        yield Revision(script.revision, down if isinstance(down, str) or down is None else ",".join(down),
                       script.doc or "")


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate the database on `connection` up to `target`, inside the caller's transaction."""
    try:
        command.upgrade(_config(connection), target)
    except CommandError as exc:
        raise TrackerError(f"cannot upgrade to {target!r}: {exc}") from None


def downgrade(connection: Connection, target: str) -> None:
    """Migrate the database on `connection` down to `target` ("base" removes every table)."""
    try:
        command.downgrade(_config(connection), target)
    except CommandError as exc:
        raise TrackerError(f"cannot downgrade to {target!r}: {exc}") from None
