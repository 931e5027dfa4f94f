"""Where the data lives, and what happens the first time (and the first time after an upgrade) it is opened."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import tracker.bundled
import tracker.store.database
from tracker.errors import SchemaOutdated, StoreUnavailable, TrackerError
from tracker.ingest import seed_bundled
from tracker.store.database import Location, Store, mask_url, mask_urls_in, normalise_url, resolve_location
from tracker.store.stats import counts
from tracker.store.tables import SCHEMA_REVISION


def test_option_wins_over_environment_which_wins_over_default(isolated_home: Path) -> None:
    environ = {"TRACKER_DATABASE_URL": "sqlite:///from-env.db"}
    assert resolve_location("sqlite:///from-option.db", environ) == Location("sqlite:///from-option.db")
    assert resolve_location(None, environ) == Location("sqlite:///from-env.db")
    default = resolve_location(None, {})
    assert default.is_default
    assert default.sqlite_path == isolated_home / "data" / "tracker" / "tracker.db"


def test_plain_paths_and_postgres_urls_are_normalised(tmp_path: Path) -> None:
    assert normalise_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_passwords_are_masked() -> None:
    assert mask_url("postgresql+psycopg://user:s3cret@db.example/tracker") == \
        "postgresql+psycopg://user:***@db.example/tracker"
    assert "s3cret" not in mask_urls_in("cannot open postgresql://user:s3cret@h/x: refused")


def test_default_database_is_created_migrated_and_filled_on_first_use(isolated_home: Path) -> None:
    said: list[str] = []
    store = Store(resolve_location(None, {}))
    store.prepare(said.append, seed=seed_bundled)
    assert store.revision() == SCHEMA_REVISION
    with store.reading() as session:
        assert counts(session)["events"] >= 60
    assert len(said) == 1 and "loaded the bundled dataset" in said[0]
    store.prepare(said.append)  # second use: nothing to do, nothing said
    assert len(said) == 1
    store.close()


def test_a_database_named_explicitly_starts_empty(database_url: str) -> None:
    said: list[str] = []
    store = Store(Location(database_url))
    store.prepare(said.append)
    assert store.revision() == SCHEMA_REVISION
    with store.reading() as session:
        assert counts(session)["events"] == 0
    assert said == []
    store.close()


def test_sqlite_connections_enforce_foreign_keys_with_wal_and_busy_timeout(sqlite_url: str) -> None:
    store = Store(Location(sqlite_url))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == tracker.store.database.BUSY_TIMEOUT_MS
    store.close()


def test_a_database_with_other_tables_is_refused(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreUnavailable, match="tables tracker did not create"):
        Store(Location(sqlite_url)).prepare(lambda message: None)


def test_a_revision_from_a_newer_tracker_is_refused(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(TrackerError, match="ffff_future, which this version of tracker does not know"):
        store.prepare(lambda message: None)


def test_an_unreachable_server_is_a_clear_error() -> None:
    store = Store(Location("postgresql+psycopg://user:s3cret@127.0.0.1:9/tracker"))
    with pytest.raises(StoreUnavailable, match=r"cannot open database .*user:\*\*\*@127.0.0.1:9") as caught:
        store.prepare(lambda message: None)
    assert "s3cret" not in str(caught.value)


NEXT_REVISION = '''"""Test-only revision: an index.

Revision ID: 9999
Revises: {down}
"""
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_test_events_title", "events", ["title"])


def downgrade() -> None:
    op.drop_index("ix_test_events_title", "events")
'''


@pytest.fixture
def newer_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this tracker ships one more migration than the database has."""
    scripts = tmp_path / "alembic"
    shutil.copytree(tracker.bundled.alembic_directory(), scripts)
    (scripts / "versions" / "9999_test.py").write_text(NEXT_REVISION.format(down=SCHEMA_REVISION))
    monkeypatch.setattr(tracker.bundled, "alembic_directory", lambda: scripts)
    monkeypatch.setattr("tracker.store.migrations.alembic_directory", lambda: scripts)
    monkeypatch.setattr(tracker.store.database, "SCHEMA_REVISION", "9999")


def test_an_older_sqlite_database_is_backed_up_then_upgraded(sqlite_url: str, newer_tracker: None) -> None:
    store = Store(Location(sqlite_url))
    store.upgrade(SCHEMA_REVISION)
    said: list[str] = []
    store.prepare(said.append)
    assert store.revision() == "9999"
    assert len(said) == 1 and f"from schema {SCHEMA_REVISION} to 9999" in said[0]
    backups = list(store.location.sqlite_path.parent.glob("*.backup.db"))  # type: ignore[union-attr]
    assert len(backups) == 1
    old = create_engine(f"sqlite:///{backups[0]}")
    with old.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
    old.dispose()
    store.close()


def test_an_older_postgresql_database_is_refused_with_the_command_to_run(empty_postgres_url: str,
                                                                        newer_tracker: None) -> None:
    store = Store(Location(empty_postgres_url))
    store.upgrade(SCHEMA_REVISION)
    with pytest.raises(SchemaOutdated, match="run `tracker db upgrade`"):
        store.prepare(lambda message: None)
    assert store.revision() == SCHEMA_REVISION
    store.close()


def test_backup_copies_a_consistent_sqlite_file(sqlite_url: str, tmp_path: Path) -> None:
    store = Store(Location(sqlite_url))
    store.prepare(lambda message: None)
    target = tmp_path / "copy.db"
    store.backup(target)
    copy = Store(Location(f"sqlite:///{target}"))
    assert copy.revision() == SCHEMA_REVISION
    store.close()
    copy.close()


def test_a_password_in_the_query_is_masked_too() -> None:
    assert mask_url("postgresql://u@h/db?password=SECRET&sslmode=require") == \
        "postgresql://u@h/db?password=***&sslmode=require"
    assert "SECRET" not in mask_urls_in("cannot open postgresql://u@h/db?password=SECRET: refused")


def test_a_libpq_keyword_string_is_refused_not_made_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreUnavailable, match="not a libpq keyword string"):
        normalise_url("host=127.0.0.1 password=SECRET dbname=x")
    assert list(tmp_path.iterdir()) == []


def test_a_url_with_a_port_that_is_no_number_is_one_line(tmp_path: Path) -> None:
    from tests.conftest import run

    result = run("--db", "postgresql://u:SECRET@127.0.0.1:port/db", "info")
    assert result.exit_code == 1 and "Traceback" not in result.output and "SECRET" not in result.output
    # masked by the text alone, so a URL no parser reads still shows its host
    assert result.stderr.startswith("error: cannot use database postgresql+psycopg://u:***@127.0.0.1:port/db: ")
