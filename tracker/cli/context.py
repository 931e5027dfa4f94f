"""What every command shares: the database the user chose, opened and made ready on first use."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tracker.store.database import Location, Session, Store


class AppContext:
    """The options of the top-level command, and the store they select (opened lazily, once)."""

    def __init__(self, database: str | None, debug: bool, colour: str | None = None) -> None:
        self.database = database
        self.debug = debug
        self._colour = colour
        self._store: Store | None = None

    @property
    def colour(self) -> str:
        """--color as given, else the configuration file's `color`, else auto."""
        if self._colour is None:
            from tracker.cli.settings import settings

            self._colour = settings().color or "auto"
        return self._colour

    def location(self) -> Location:
        """The database the options, the environment and the configuration file select, in that order."""
        import os

        from tracker.store.database import DATABASE_URL_VARIABLE, resolve_location

        if self.database is None and not os.environ.get(DATABASE_URL_VARIABLE):
            from tracker.cli.settings import settings

            return resolve_location(settings().database)
        return resolve_location(self.database)

    def store(self, *, prepare: bool = True) -> Store:
        """The store, created and migrated when missing (what was done is said on stderr)."""
        if self._store is None:
            from tracker.store.database import Store

            self._store = Store(self.location())
            if not gc.isenabled():  # paused by main() for start-up: what exists now lives as long as the process
                gc.freeze()
                gc.enable()
            if prepare:
                from tracker.cli import say  # here: tracker.cli imports this module

                self._store.prepare(notify=lambda message: say(message, err=True), seed=_seed_bundled)
        return self._store

    def close(self) -> None:
        """Release the store's connections."""
        if self._store is not None:
            self._store.close()


def _seed_bundled(session: Session) -> str:
    """ingest.seed_bundled, imported only when a new default database is filled (most commands never need it)."""
    from tracker.ingest import seed_bundled

    return seed_bundled(session)


pass_app = click.make_pass_decorator(AppContext)
