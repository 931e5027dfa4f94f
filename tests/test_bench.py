"""Smoke test of the benchmark in bench/: it runs end to end on a few hundred events and reports every ratio.

No timing is asserted (the numbers mean nothing at this size); bench/RESULTS.md holds real runs.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
RATIOS = {"import", "week", "search", "export", "timeline", "show", "check"}
PEER_RATIOS = {"import", "export", "export query", "search"}


@pytest.fixture
def bench_run(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench.run, importable from the repository root whatever directory pytest runs in."""
    monkeypatch.syspath_prepend(str(REPO))
    return importlib.import_module("bench.run")


@pytest.mark.slow
def test_benchmark_runs_on_sqlite_and_reports_five_ratios(bench_run: ModuleType, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    results = bench_run.run_benchmark(events=300, engine="sqlite", queries=30, keep=tmp_path / "bench",
                                      startup_runs=1)

    result = results["sqlite"]
    assert set(result.ratios) == RATIOS
    assert all(value > 0 for value in result.ratios.values())
    assert result.export_identical, "tracker and the raw baseline exported different bytes"
    assert result.import_project["events"] == result.import_raw["events"] == 300
    assert result.startup.help_is_light
    printed = capsys.readouterr().out
    summary = printed.rsplit("ratios:", 1)[-1]
    assert all(f"{name} " in summary for name in RATIOS)
    assert "full-text search" in printed and "timeline process" in printed and "check process" in printed
    assert result.startup.claim.endswith(" on " + result.startup.claim[-10:])  # a title on its day
    browse = result.browse  # every filter typed, each keystroke answered
    assert browse is not None and browse["first_screen_every_date_ms"]
    assert [typed["typed"][:6] for typed in browse["keystrokes"][:3]] == ["agency", "person", "place:"]
    assert all(0 < len(typed["page_ms"]) <= len(typed["typed"]) for typed in browse["keystrokes"])
    assert "6 browse: first screen, every date" in printed and "slowest keystroke" in printed
    peer = importlib.import_module("bench.peer")
    if peer.executable() is None:  # the `bench` extra is not installed: the run says so
        assert result.peer is None and peer.NOT_INSTALLED in printed
    else:
        assert set(result.peer_ratios) == PEER_RATIOS and all(value > 0 for value in result.peer_ratios.values())
        assert result.peer.search_hits_tracker == result.peer.search_hits_peer > 0
        assert result.peer.export_rows_agree, "sqlite-utils query --csv and tracker export wrote different rows"
        assert "sqlite-utils query --csv" in printed and "every row the same: yes" in printed
        assert "tracker/sqlite-utils: import " in printed and "sqlite-utils search" in printed

    again = bench_run.run_benchmark(events=300, engine="sqlite", queries=10, keep=tmp_path / "bench", reuse=True,
                                    startup_runs=1)["sqlite"]
    assert again.import_project is None and set(again.ratios) == RATIOS - {"import"}
    assert again.export_identical
    if peer.executable() is not None:  # the peer's database of the first run is measured again, not imported
        assert again.peer is not None and set(again.peer_ratios) == PEER_RATIOS - {"import"}


def test_the_benchmark_says_when_the_peer_is_not_installed(bench_run: ModuleType, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    peer = importlib.import_module("bench.peer")
    monkeypatch.setattr(peer, "executable", lambda: None)
    printed: list[str] = []
    target = bench_run.Target("sqlite", f"sqlite:///{tmp_path / 'tracker.db'}", str(tmp_path / "raw.db"))
    settings = bench_run.Settings(300, 10, 1, tmp_path, keep=False)

    measured, note = bench_run.run_peer(target, settings, tmp_path / "events.csv", printed.append)

    assert measured is None and note == peer.NOT_INSTALLED and printed == [peer.NOT_INSTALLED]
    assert "not installed" in note and "[bench]" in note


def test_reuse_needs_the_folder_of_an_earlier_run(bench_run: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(bench_run.BenchmarkError, match="--keep"):
        bench_run.run_benchmark(events=300, reuse=True)
    with pytest.raises(bench_run.BenchmarkError, match=r"no tracker-sqlite\.db or raw-sqlite\.db"):
        bench_run.run_benchmark(events=300, keep=tmp_path / "empty", reuse=True, echo=lambda line: None)


@pytest.mark.slow
def test_benchmark_runs_on_postgresql(bench_run: ModuleType, postgres_url: str) -> None:
    """The PostgreSQL side (its own raw baseline through psycopg, the query plans), on the server the suite uses;
    the benchmark's two databases are dropped afterwards."""
    results = bench_run.run_benchmark(events=300, engine="postgresql", queries=10, startup_runs=1,
                                      echo=lambda line: None)

    result = results["postgresql"]
    assert set(result.ratios) == RATIOS and all(value > 0 for value in result.ratios.values())
    assert result.browse is None  # measured on SQLite only
    assert result.export_identical
    assert any("Index Scan" in line for line in result.plans["tracker"])


@pytest.mark.slow
def test_the_catalogue_benchmark_runs_and_reports_its_ratios(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO))
    catalogue = importlib.import_module("bench.catalogue")
    DEFAULT_LOG, main = catalogue.DEFAULT_LOG, catalogue.main  # noqa: N806 - the module's names
    assert DEFAULT_LOG.is_file(), f"the bundled launch log is not at {DEFAULT_LOG}"
    completed = subprocess.run([sys.executable, "-m", "bench.catalogue", "--runs", "1"], cwd=REPO, check=True,
                               capture_output=True, text=True)
    assert "import of the whole log" in completed.stdout and "first run (create, seed)" in completed.stdout
    assert "x)" in completed.stdout and main(["--log", "/nonexistent/launchlog.tsv"]) == 2


@pytest.mark.slow
def test_the_output_benchmark_measures_first_lines_and_memory(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    monkeypatch.syspath_prepend(str(REPO))
    output = importlib.import_module("bench.output")
    results = output.measure(db, runs=1)
    assert {run.first is not None for name, run in results.items() if name.startswith("timeline")} == {True}
    assert all(run.total > 0 and run.peak_mb > 0 for run in results.values())
    table = output.report(db, results)
    assert "| timeline, rich |" in table and "| show, unknown slug |" in table and "1.00x" in table


def test_the_fair_export_peer_asks_for_tracker_s_columns_in_its_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.formats.csv import COLUMNS

    monkeypatch.syspath_prepend(str(REPO))
    assert importlib.import_module("bench.peer").EXPORT_COLUMNS == COLUMNS


def test_the_fair_export_peer_writes_tracker_s_export_of_the_bundled_data(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    """The peer's one SQL statement, written as `sqlite-utils query --csv` writes it (csv.writer, CRLF), gives the
    bytes of `tracker export --format csv` for every curated event and every launch of the catalogue."""
    import csv
    import io
    import sqlite3

    from tracker.formats.csv import write_values
    from tracker.ingest import load_bundled_dataset
    from tracker.store.database import Location, Store
    from tracker.store.export import stored_events
    from tracker.store.query import EventQuery

    monkeypatch.syspath_prepend(str(REPO))
    peer = importlib.import_module("bench.peer")
    path = tmp_path / "tracker.db"
    store = Store(Location(f"sqlite:///{path}"))
    store.prepare(notify=lambda message: None)
    with store.transaction() as session:
        load_bundled_dataset(session)
    with store.reading() as session:
        tracker_export = io.StringIO(newline="")
        write_values(stored_events(session, EventQuery()), tracker_export)
    store.close()
    connection = sqlite3.connect(path)
    cursor = connection.execute(peer.export_sql())
    peer_export = io.StringIO(newline="")
    writer = csv.writer(peer_export)
    writer.writerow([column[0] for column in cursor.description])
    writer.writerows(cursor)
    connection.close()
    mine, theirs = tracker_export.getvalue().splitlines(), peer_export.getvalue().splitlines()
    assert len(mine) > 7000
    assert [line for line, other in zip(mine, theirs, strict=True) if line != other] == []
