"""Backups that are what they say (issue 23): `db backup` never pairs its copy with a stale -wal, verifies the copy
and refuses a damaged database; `db restore` and `db check` compare the whole schema with the one the revision's
migrations make; `db upgrade` to a revision already reached does nothing; `db downgrade` backs up first."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import Result

import tracker.store.backup
from tests.conftest import run
from tracker.errors import TrackerError
from tracker.store.backup import copy_sqlite
from tracker.store.catalog import differences, sqlite_catalog
from tracker.store.database import Location, Store
from tracker.store.migrations import sqlite_catalog_at
from tracker.store.tables import SCHEMA_REVISION

PURGE = "CREATE TRIGGER purge AFTER INSERT ON events BEGIN DELETE FROM events WHERE id % 2 = 0; END"
"""The attack round's trigger: every later `add` deletes every other event."""


def one_line_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def events(path: Path) -> list[str]:
    """The titles stored in the SQLite file at `path`, read as any other tool would (with its -wal, if any)."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(row[0] for row in connection.execute("SELECT title FROM events"))


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files a backup left in `folder`."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A SQLite store holding two events, imported (the bulk path: indexes and triggers dropped and made again)."""
    path = tmp_path / "live.db"
    source = tmp_path / "two.json"
    source.write_text(json.dumps([{"title": "First", "start": "2025-01-01"}, {"title": "Second", "start": "2025-02"}]))
    assert run("--db", str(path), "import", str(source)).exit_code == 0
    return path


def damage(path: Path, table: str = "events") -> None:
    """Overwrite the header of `table`'s root page in the SQLite file at `path` (as a failing disk would)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size: (root - 1) * page_size + 12] = b"\x0d\xff\xff" * 4
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------------------------------------ backup

def test_a_stale_wal_beside_the_target_is_removed_not_paired_with_the_copy(live: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    writer = sqlite3.connect(other, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the rows stay in the -wal, as in a database still open
    writer.execute("CREATE TABLE events (title TEXT)")
    writer.executemany("INSERT INTO events VALUES (?)", [(f"stale {n}",) for n in range(50)])
    target = tmp_path / "copy.db"
    shutil.copyfile(other, target)
    for suffix in ("-wal", "-shm"):
        shutil.copyfile(other.with_name(other.name + suffix), target.with_name(target.name + suffix))
    writer.close()
    result = run("--db", str(live), "db", "backup", str(target), "--yes")
    assert result.exit_code == 0, result.output
    assert events(target) == ["First", "Second"]
    assert not target.with_name("copy.db-wal").exists() and not target.with_name("copy.db-shm").exists()
    assert leftovers(tmp_path) == []


def test_a_side_file_that_cannot_be_removed_is_refused(live: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"older")
    target.with_name("copy.db-wal").mkdir()  # a directory: unlink fails
    message = one_line_error(run("--db", str(live), "db", "backup", str(target), "--yes"))
    assert "copy.db-wal beside it cannot be removed" in message
    assert target.read_bytes() == b"older" and leftovers(tmp_path) == []


def test_a_backup_gets_the_umask_or_keeps_the_mode_it_replaces(live: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    previous = os.umask(0o022)
    try:
        assert run("--db", str(live), "db", "backup", str(target)).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert run("--db", str(live), "db", "backup", str(target), "--yes").exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(previous)


def test_any_name_the_file_system_takes_works(live: Path, tmp_path: Path) -> None:
    target = tmp_path / ("b" * 247 + ".db")  # 250 characters: the temporary name must not grow it
    result = run("--db", str(live), "db", "backup", str(target))
    assert result.exit_code == 0, result.output
    assert events(target) == ["First", "Second"] and leftovers(tmp_path) == []


@pytest.mark.parametrize("table", ["events", "event_search_data"])
def test_a_damaged_database_is_never_reported_backed_up(live: Path, tmp_path: Path, table: str) -> None:
    damage(live, table)
    fresh = tmp_path / "fresh.db"
    message = one_line_error(run("--db", str(live), "db", "backup", str(fresh)))
    assert "is damaged" in message and "nothing was written" in message
    assert not fresh.exists()
    kept = tmp_path / "kept.db"
    kept.write_bytes(b"an earlier backup")
    one_line_error(run("--db", str(live), "db", "backup", str(kept), "--yes"))
    assert kept.read_bytes() == b"an earlier backup"
    assert leftovers(tmp_path) == []


def test_a_copy_missing_rows_is_refused(live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = tracker.store.backup._rows

    def more_in_the_source(connection: sqlite3.Connection) -> dict[str, int]:
        rows = counted(connection)
        monkeypatch.setattr(tracker.store.backup, "_rows", counted)  # the copy is counted truly
        return {**rows, "events": rows["events"] + 1}

    monkeypatch.setattr(tracker.store.backup, "_rows", more_in_the_source)
    with pytest.raises(TrackerError, match=r"does not hold the rows it should \(table events\)"):
        copy_sqlite(live, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists() and leftovers(tmp_path) == []


def test_a_backup_restores_and_checks_sound(live: Path, tmp_path: Path) -> None:
    """The bulk import re-made indexes and triggers and ANALYZE wrote sqlite_stat1: still the schema tracker makes."""
    with closing(sqlite3.connect(live)) as connection:
        connection.execute("ANALYZE")
    copy = tmp_path / "copy.db"
    assert run("--db", str(live), "db", "backup", str(copy)).exit_code == 0
    assert run("--db", str(live), "add", "--title", "Third", "--start", "2025-03").exit_code == 0
    restored = run("--db", str(live), "db", "restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    assert events(live) == ["First", "Second"]
    assert run("--db", str(live), "db", "check").exit_code == 0


# ------------------------------------------------------------------------------------------------ the schema

@pytest.mark.parametrize(("change", "named"), [
    (PURGE, "a trigger purge on events tracker does not make"),
    ("CREATE INDEX ix_mine ON events (title)", "an index ix_mine on events tracker does not make"),
    ("DROP INDEX ix_events_upper", "no index ix_events_upper"),
    ("DROP VIEW events_readable; CREATE VIEW events_readable AS SELECT 1 AS id", "view events_readable is defined"),
    ("DROP TRIGGER event_search_delete; CREATE TRIGGER event_search_delete AFTER DELETE ON events BEGIN SELECT 1; "
     "END", "trigger event_search_delete is defined differently"),
    ("ALTER TABLE events ADD COLUMN secret TEXT", "table events has a column secret tracker does not make"),
])
def test_restore_refuses_a_copy_whose_schema_is_not_trackers(live: Path, tmp_path: Path, change: str,
                                                             named: str) -> None:
    copy = tmp_path / "copy.db"
    assert run("--db", str(live), "db", "backup", str(copy)).exit_code == 0
    with closing(sqlite3.connect(copy)) as connection, connection:
        connection.executescript(change)
    before = live.read_bytes()
    message = one_line_error(run("--db", str(live), "db", "restore", str(copy), "--yes"))
    assert f"is not a tracker database at schema revision {SCHEMA_REVISION}: " in message and named in message
    assert live.read_bytes() == before


def test_the_reference_schema_is_the_one_migrations_make(live: Path) -> None:
    with closing(sqlite3.connect(live)) as connection:
        found = sqlite_catalog(connection)
    assert differences(found, sqlite_catalog_at(SCHEMA_REVISION)) == []
    assert ("table", "event_search_data") in found  # FTS5's shadow tables are compared like any table
    assert differences({}, sqlite_catalog_at(SCHEMA_REVISION))[0] == "no table agencies"


def test_check_reports_a_hostile_trigger_and_repairs_nothing_through_it(live: Path) -> None:
    with closing(sqlite3.connect(live)) as connection, connection:
        connection.execute(PURGE)
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM event_search WHERE rowid = (SELECT min(id) FROM events)")
    found = run("--db", str(live), "db", "check")
    assert found.exit_code == 1
    assert "schema: not the schema of revision" in found.stdout
    assert "a trigger purge on events tracker does not make" in found.stdout
    assert "search index: 1 events missing from the index" in found.stdout
    repaired = run("--db", str(live), "db", "check", "--repair")
    assert repaired.exit_code == 1 and "nothing repaired: the schema is not tracker's" in repaired.stderr
    assert run("--db", str(live), "db", "check").stdout == found.stdout  # the index is still as it was


def test_check_of_a_missing_view_reports_the_search_index_and_reads_no_rows_through_it(live: Path) -> None:
    with closing(sqlite3.connect(live)) as connection, connection:
        connection.execute("DROP VIEW event_search_source")  # the view the search index is filled from
    found = run("--db", str(live), "db", "check")
    assert found.exit_code == 1 and "unexpected" not in found.stderr
    assert found.stdout == "search index: dropped or disabled by another tool: no view event_search_source\n"
    assert run("--db", str(live), "db", "check", "--repair").exit_code == 0
    assert run("--db", str(live), "db", "check").exit_code == 0


# ------------------------------------------------------------------------------------------------ migrations

def backups_beside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.*.backup{path.suffix}"))


def test_upgrading_to_a_revision_already_reached_does_nothing_and_makes_no_backup(live: Path) -> None:
    for revision in ("head", SCHEMA_REVISION, "0003", "base"):
        result = run("--db", str(live), "db", "upgrade", revision)
        assert result.exit_code == 0, result.output
        assert "nothing done, no backup made" in result.stdout and result.stderr == ""
    assert backups_beside(live) == []
    assert run("--db", str(live), "db", "current").stdout == f"{SCHEMA_REVISION}\n"


def test_a_downgrade_backs_up_first_and_says_where(live: Path) -> None:
    result = run("--db", str(live), "db", "downgrade", "--yes", "--", "-1")
    assert result.exit_code == 0, result.output
    [saved] = backups_beside(live)
    assert f"backed up sqlite:///{live} to {saved}" in result.stderr
    assert events(saved) == ["First", "Second"]
    with closing(sqlite3.connect(saved)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_REVISION
    again = run("--db", str(live), "db", "downgrade", SCHEMA_REVISION, "--yes")
    assert again.exit_code == 0 and "nothing done" in again.stdout and len(backups_beside(live)) == 1
    upgraded = run("--db", str(live), "db", "upgrade")
    assert upgraded.exit_code == 0 and len(backups_beside(live)) == 2  # same second: a second name, not over it


def test_a_downgrade_asks_and_says_a_backup_is_made(live: Path) -> None:
    refused = run("--db", str(live), "db", "downgrade", "base", input="n\n")
    assert refused.exit_code == 1 and "(a backup is made first)" in refused.stdout
    assert backups_beside(live) == []


# ------------------------------------------------------------------------------------------------ PostgreSQL

def test_postgresql_backup_and_restore_are_one_line_and_ask_nothing(empty_postgres_url: str, tmp_path: Path) -> None:
    existing = tmp_path / "exists.db"
    existing.write_bytes(b"keep")
    assert "pg_dump --format=custom" in one_line_error(run("--db", empty_postgres_url, "db", "backup", str(existing)))
    assert existing.read_bytes() == b"keep"
    assert "pg_restore" in one_line_error(run("--db", empty_postgres_url, "db", "restore", str(existing)))


def test_postgresql_check_compares_the_schema(empty_postgres_url: str) -> None:
    store = Store(Location(empty_postgres_url))
    store.prepare(lambda message: None)
    sound = run("db", "check", db=empty_postgres_url)
    assert sound.exit_code == 0 and "integrity, schema, foreign keys" in sound.stdout
    with store.engine.begin() as connection:
        connection.exec_driver_sql("CREATE FUNCTION purge() RETURNS trigger LANGUAGE plpgsql AS "
                                   "$$ BEGIN DELETE FROM events WHERE id %% 2 = 0; RETURN NULL; END $$")
        connection.exec_driver_sql("CREATE TRIGGER purge AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION purge()")
    found = run("db", "check", db=empty_postgres_url)
    assert found.exit_code == 1 and "a trigger purge on events tracker does not make" in found.stdout
    assert "a function purge() tracker does not make" in found.stdout
    assert "tracker_reference" not in found.stdout
    with store.engine.connect() as connection:  # the reference schema was never kept
        assert connection.exec_driver_sql("SELECT to_regnamespace('tracker_reference')").scalar() is None
    store.close()


def test_postgresql_check_without_the_right_to_make_a_schema_says_so(empty_postgres_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    Store(Location(empty_postgres_url)).prepare(lambda message: None)

    def refused(*args: object) -> None:
        raise TrackerError("cannot compare the schema with revision 0006's: permission denied for database")

    monkeypatch.setattr("tracker.store.migrations.postgresql_catalog_at", refused)
    result = run("db", "check", db=empty_postgres_url)
    assert result.exit_code == 0
    assert result.stdout.startswith("schema: not compared: cannot compare the schema with revision 0006's")
    assert result.stdout.endswith(": integrity, foreign keys and search index are sound\n")


def test_postgresql_downgrade_says_no_backup_is_made(empty_postgres_url: str) -> None:
    Store(Location(empty_postgres_url)).prepare(lambda message: None)
    refused = run("db", "downgrade", "--", "-1", db=empty_postgres_url, input="n\n")
    assert refused.exit_code == 1 and "no backup is made: take one with pg_dump first" in refused.stdout
