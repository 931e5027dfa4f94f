"""Fixtures: an isolated home for every test, and stores on SQLite always and on PostgreSQL when
TRACKER_TEST_DATABASE_URL names a server (each pytest worker gets a database of its own there)."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import tracker.dates.when
import tracker.editing
import tracker.store.write
from tracker.ingest import load_bundled_dataset
from tracker.store.database import Location, Store

POSTGRES_VARIABLE = "TRACKER_TEST_DATABASE_URL"
NO_POSTGRESQL = f"PostgreSQL tests need {POSTGRES_VARIABLE}"
"""How a skip for want of a PostgreSQL server begins."""
ALLOWED_SKIPS = (re.compile(re.escape(NO_POSTGRESQL)), re.compile(r"needs root\b"))
"""The only reasons a test may be skipped when TRACKER_CI is set (.ci/run): no PostgreSQL server named, or a
privilege the test names and the run lacks ("mounting a small file system needs root"). Any other skip — a
missing file, package or shell — fails the run: on CI it would hide a test that never ran."""


def engines(*names: str) -> pytest.MarkDecorator:
    """Run a test built on `database_url` (directly or through `store`, `bundled_store` or `db`) on these engines
    only ("sqlite", "postgresql"), for what one engine alone has (SQLite backups, sqlite-utils) or where one is
    enough: the other is not skipped, it is never made."""
    return pytest.mark.parametrize("database_url", names, indirect=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """With TRACKER_CI set, a skip for a reason not in ALLOWED_SKIPS is reported as a failure naming the reason."""
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("TRACKER_CI") or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if not any(allowed.search(reason) for allowed in ALLOWED_SKIPS):
        report.outcome = "failed"
        report.longrepr = f"skipped, which CI allows only for a missing PostgreSQL server or privilege: {reason}"


def run(*args: str, db: str | None = None, input: str | None = None, env: dict[str, str] | None = None,
        width: int = 100, terminal: bool = False) -> Result:
    """`tracker ARGS` (on the database `db`, if given) in-process, with output piped, or, with `terminal`, as on a
    terminal of `width` columns without colours (--color never) or pager."""
    from tracker.cli import cli

    prefix = (["--db", db] if db else []) + (["--color", "never"] if terminal else [])
    screen = {"TTY_COMPATIBLE": "1", "TRACKER_PAGER": "cat"} if terminal else {}
    return CliRunner(env={"COLUMNS": str(width), **screen, **(env or {})}).invoke(cli, [*prefix, *args], input=input,
                                                                                 catch_exceptions=False)


def curated_sqlite(path: Path) -> str:
    """The URL of a new SQLite file at `path` holding the curated bundled events (no launch catalogue)."""
    url = f"sqlite:///{path}"
    store = Store(Location(url))
    store.prepare(lambda message: None)
    with store.transaction() as session:
        load_bundled_dataset(session, catalogue=False)
    store.close()
    return url


def slugs(db: str, *args: str) -> list[str]:
    """The slugs `tracker ARGS --format json` lists, in order (the command must succeed)."""
    result = run(*args, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return [event["slug"] for event in json.loads(result.stdout)]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the per-user data directory at a temporary folder and forget any database the caller set."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Make the command line's "today" Wednesday 6 August 2025, a week after the NASA-Roscosmos talks, so that
    relative ranges ("last week") and year-less dates give the same answers on any day."""
    today = date(2025, 8, 6)
    now = datetime(2025, 8, 6, 12, 0, tzinfo=UTC)
    for module in (tracker.dates.when, tracker.store.write, tracker.editing):
        monkeypatch.setattr(module, "utc_now", lambda: now)
    return today


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A PostgreSQL database of this worker's own, created for the session and dropped after it."""
    admin_url = os.environ.get(POSTGRES_VARIABLE)
    if not admin_url:
        pytest.skip(f"{NO_POSTGRESQL} (e.g. postgresql+psycopg://postgres@127.0.0.1/test)")
    name = f"tracker_test_{worker_id}_{os.getpid()}"  # unique even when test runs overlap on one server
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(url: str) -> str:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, on each engine in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return str(request.getfixturevalue("empty_postgres_url"))


@pytest.fixture
def empty_postgres_url(postgres_url: str) -> str:
    """The URL of an empty PostgreSQL database, for tests about PostgreSQL itself."""
    return _empty_postgres(postgres_url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of an empty SQLite file, for tests about SQLite itself."""
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store at the current schema."""
    opened = Store(Location(database_url))
    opened.prepare(notify=lambda message: None)
    yield opened
    opened.close()


@pytest.fixture
def bundled_store(store: Store) -> Store:
    """A store holding the bundled dataset."""
    with store.transaction() as session:
        load_bundled_dataset(session, catalogue=False)
    return store


@pytest.fixture
def db(bundled_store: Store) -> str:
    """The URL of a store holding the bundled dataset, for commands."""
    return bundled_store.location.url


@pytest.fixture(scope="session")
def _catalogue_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the bundled dataset and the whole launch catalogue, built once per test process."""
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.db"
    built = Store(Location(f"sqlite:///{path}"))
    built.prepare(notify=lambda message: None)
    with built.transaction() as session:
        load_bundled_dataset(session)
    built.close()
    return path


@pytest.fixture
def catalogue_db(_catalogue_file: Path, tmp_path: Path) -> str:
    """The URL of a copy of the catalogue store (the bundled dataset and every launch since 1957), for commands."""
    copy = tmp_path / "catalogue.db"
    shutil.copyfile(_catalogue_file, copy)
    return f"sqlite:///{copy}"
