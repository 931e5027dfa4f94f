"""Stopping a statement while it runs: because a newer question made it moot (the browser's next keystroke), or
because it has worked longer than a plan deserves (a page read by walking the dates, `query.page_of_events`).

On SQLite a progress handler, called by the database every `_STEPS` virtual-machine instructions of a statement,
reads the connection's `Limits` and asks SQLite to stop; the statement then fails with "interrupted" and the
connection stays usable. On PostgreSQL a cancelled question sends the server a cancel request for the statement
running (psycopg's `cancel_safe`); step budgets are SQLite's only (its planner has no statistics to choose a plan
by, PostgreSQL's has).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from tracker.store.database import Store
from tracker.store.reading import Reader, connection_of

_STEPS = 1000
"""SQLite instructions between two calls of the progress handler: a call costs about a microsecond, and a thousand
instructions take tens of microseconds, so the handler adds a few percent to a statement it watches."""


class Cancellation:
    """A question's switch: once `cancel` is called, every statement of the sessions it watches stops, those
    running and those still to come. Thread-safe: `cancel` is meant to be called from another thread."""

    def __init__(self) -> None:
        self._set = threading.Event()
        self._lock = threading.Lock()
        self._running: list[Any] = []

    @property
    def cancelled(self) -> bool:
        """Whether `cancel` was called."""
        return self._set.is_set()

    def cancel(self) -> None:
        """Stop the statements of the watched sessions now, and any they would run next."""
        self._set.set()
        with self._lock:  # held: a connection left out of `_running` may already serve another question
            for connection in self._running:
                if isinstance(connection, sqlite3.Connection):
                    connection.interrupt()  # the progress handler would stop it too; this is at once
                else:
                    connection.cancel_safe()

    @contextmanager
    def watching(self, session: Reader) -> Iterator[None]:
        """Watch `session`'s statements for the block (raises `Interrupted` at once if already cancelled)."""
        if self.cancelled:
            raise Interrupted("a newer question was asked")
        connection = connection_of(session).connection.driver_connection
        with self._lock:
            self._running.append(connection)
        limits = _limits(connection)
        limits.cancellation = self
        try:
            yield
        finally:
            limits.cancellation = None
            _settle(connection, limits)
            with self._lock:
                self._running.remove(connection)


class Interrupted(Exception):
    """A statement stopped before its end because its question was cancelled (`Cancellation`)."""


class BudgetSpent(Interrupted):
    """A statement stopped by its step budget (`within_steps`): another plan is to be tried."""


@dataclass
class _Limits:
    """What the progress handler of one SQLite connection checks."""

    cancellation: Cancellation | None = None
    budget: int | None = None
    """Calls of the handler left before the statement is stopped (None: no budget)."""
    deadline: float | None = None
    """The `time.monotonic()` after which the statement is stopped (None: no limit)."""
    installed: bool = field(default=False)

    def __call__(self) -> int:
        if self.cancellation is not None and self.cancellation.cancelled:
            return 1
        if self.budget is not None:
            self.budget -= 1
            if self.budget < 0:
                return 1
        if self.deadline is not None and time.monotonic() > self.deadline:
            return 1
        return 0


_LIMITS: dict[int, _Limits] = {}
_LIMITS_LOCK = threading.Lock()


def _limits(connection: Any) -> _Limits:
    """The limits of `connection`, their handler installed on SQLite."""
    with _LIMITS_LOCK:
        limits = _LIMITS.setdefault(id(connection), _Limits())
    if isinstance(connection, sqlite3.Connection) and not limits.installed:
        connection.set_progress_handler(limits, _STEPS)
        limits.installed = True
    return limits


def _settle(connection: Any, limits: _Limits) -> None:
    """Remove the handler once nothing is checked any more: statements outside a watch run without it."""
    if limits.cancellation is None and limits.budget is None:
        if limits.installed:
            connection.set_progress_handler(None, 0)
        with _LIMITS_LOCK:
            _LIMITS.pop(id(connection), None)


@contextmanager
def within_steps(session: Reader, steps: int, seconds: float | None = None) -> Iterator[bool]:
    """On SQLite, stop the block's statements with `BudgetSpent` after about `steps` virtual-machine instructions
    (rounded to `_STEPS`) or, given `seconds`, once they have run that long (whichever comes first: a statement
    whose work is done outside the virtual machine, in a full-text index, takes few instructions), or with
    `Interrupted` when the watching `Cancellation` is cancelled; yields whether a budget applies (False on other
    engines, where nothing is limited)."""
    connection = connection_of(session).connection.driver_connection
    if not isinstance(connection, sqlite3.Connection):
        yield False
        return
    limits = _limits(connection)
    limits.budget = max(1, steps // _STEPS)
    limits.deadline = None if seconds is None else time.monotonic() + seconds
    try:
        yield True
    except OperationalError as exc:
        if not _is_interruption(exc):
            raise
        if limits.cancellation is not None and limits.cancellation.cancelled:
            raise Interrupted("a newer question was asked") from None
        raise BudgetSpent(f"more than {steps:,} steps") from None
    finally:
        limits.budget = limits.deadline = None
        _settle(connection, limits)


def _is_interruption(exc: BaseException) -> bool:
    """Whether a driver error says the statement was stopped on request (SQLite's "interrupted", PostgreSQL's
    query_canceled)."""
    original = getattr(exc, "orig", exc)
    return "interrupt" in str(original) or getattr(original, "sqlstate", None) == "57014"


def interruption(exc: BaseException) -> bool:
    """Whether `exc` is a statement stopped on request (a budget or a cancellation), not a failure."""
    return isinstance(exc, Interrupted) or _is_interruption(exc)


@contextmanager
def asked(store: Store, cancellation: Cancellation | None) -> Iterator[Connection]:
    """A reading connection of `store` whose statements stop (raising) once `cancellation` is cancelled; a plain
    one for None."""
    with store.reading() as connection:
        if cancellation is None:
            yield connection
        else:
            with cancellation.watching(connection):
                yield connection
