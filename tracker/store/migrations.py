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
from tracker.store.backup import Tables, sqlite_tables


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


def current(connection: Connection) -> str | None:
    """The revision the database is at; None for a database tracker has never migrated. Raises StoreUnavailable
    when the database records several (a damaged or hand-edited `alembic_version`)."""
    heads = MigrationContext.configure(connection).get_current_heads()
    if len(heads) > 1:
        raise StoreUnavailable(f"the database records {len(heads)} schema revisions ({', '.join(sorted(heads))}) "
                               "where tracker writes one: it was changed by hand or damaged; restore a backup")
    return heads[0] if heads else None


def sqlite_tables_at(revision: str) -> Tables:
    """The tables and columns a SQLite database has at `revision`: those the migrations make, up to it, in a
    database of their own in memory."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            upgrade(connection, revision)
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            return sqlite_tables(raw)
    finally:
        engine.dispose()


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
