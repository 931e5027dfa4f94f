"""`tracker db update` of the launch catalogue from a local server standing in for planet4589.org: new launches
added, changed dates kept in history, curated launches merged, unchanged files not downloaded again, and every
failure leaving the store exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

import tracker.update.catalogue
import tracker.update.download
from tests.conftest import run
from tests.update.conftest import DATA, Reply, Server, launch_log, serve_catalogue
from tracker.errors import UpdateInterrupted
from tracker.store.database import Location, Store
from tracker.update.catalogue import update_catalogue


def snapshot(db: str) -> str:
    """Everything a user can get out of the store: a full export (events, sources, history) and the counts."""
    exported = run("export", "--format", "json", db=db)
    counts = run("info", "--format", "json", db=db)
    assert exported.exit_code == 0 and counts.exit_code == 0, exported.output + counts.output
    held = json.loads(counts.stdout)
    return exported.stdout + json.dumps({key: held[key] for key in ("counts", "source_dates")}, sort_keys=True)


def event(db: str, slug: str) -> dict[str, object]:
    shown = run("show", slug, "--format", "json", db=db)
    assert shown.exit_code == 0, shown.output
    found = json.loads(shown.stdout)
    return found[0] if isinstance(found, list) else found  # type: ignore[no-any-return]


def test_an_update_adds_new_launches_keeps_changed_dates_merges_curated_ones_then_downloads_nothing(
        catalogue_db: str, server: Server) -> None:
    serve_catalogue(server, newer=True)
    first = run("db", "update", "--from", server.url, db=catalogue_db)
    assert first.exit_code == 0, first.output
    assert "launchlog.tsv: downloaded" in first.stderr
    assert "date changed: gcat-2024-237: span changed" in first.stderr
    assert "1 events created" in first.stdout  # 2025-002; Crew-10 is merged into its curated event
    new = event(catalogue_db, "gcat-2025-002")
    assert new["title"].startswith("Falcon 9 launches Starlink")  # type: ignore[union-attr]
    changed = event(catalogue_db, "gcat-2024-237")
    assert changed["start"] == "2024-12-08T05:14:10Z"
    assert [(item["start"], item["reason"]) for item in changed["history"]] == [  # type: ignore[union-attr,index]
        ("2024-12-08T05:12:30Z", "GCAT update")]
    crew = event(catalogue_db, "crew-10-launch")
    assert crew["designation"] == "2025-049" and crew["start"] == "2025-03-14T23:03Z"  # the curated dates stay
    assert "https://planet4589.org/space/gcat/" in crew["sources"]  # type: ignore[operator]
    assert run("show", "gcat-2025-049", db=catalogue_db).exit_code != 0  # one event, not two
    shown = run("info", db=catalogue_db).stdout
    assert "GCAT launch log updated 2025 Mar 14" in shown  # the log's latest launch: it carries no stamp
    heading = run("timeline", "2025-06", db=catalogue_db, terminal=True).stdout
    assert "the launch catalogue (GCAT) ends 14 Mar 2025" in heading
    before = snapshot(catalogue_db)
    served = len(server.log)

    again = run("db", "update", "--from", server.url, db=catalogue_db)
    assert again.exit_code == 0, again.output
    assert "0 events created, 0 updated" in again.stdout
    assert set(server.statuses()[served:]) == {304}  # every file unchanged: nothing downloaded
    assert snapshot(catalogue_db) == before


def test_a_file_the_mirror_lacks_is_skipped_with_a_note(db: str, server: Server) -> None:
    server.files["/launchlog.tsv"] = launch_log(newer=True)  # no orgs, sites, missions or rides
    result = run("db", "update", "--from", server.url, db=db)
    assert result.exit_code == 0, result.output
    assert f"missions.tsv: not found at {server.url}: skipped" in result.stderr
    assert "orgs.tsv: the bundled copy is used instead" in result.stderr
    assert event(db, "gcat-2025-002")["kind"] == "launch"


def test_a_folder_serves_as_well(db: str, tmp_path: Path) -> None:
    (tmp_path / "launchlog.tsv").write_bytes(launch_log(newer=True))
    for name in ("orgs.tsv.gz", "sites.tsv.gz"):
        (tmp_path / name).write_bytes((DATA / "gcat" / name).read_bytes())
    result = run("db", "update", "--from", str(tmp_path), db=db)
    assert result.exit_code == 0, result.output
    assert f"launchlog.tsv: {tmp_path / 'launchlog.tsv'}" in result.stderr
    assert event(db, "crew-10-launch")["designation"] == "2025-049"


def test_a_dry_run_says_what_would_change_and_writes_nothing(db: str, server: Server) -> None:
    serve_catalogue(server, newer=True)
    before = snapshot(db)
    result = run("db", "update", "--from", server.url, "--dry-run", db=db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, nothing written: ")
    assert "would add: gcat-2025-002: Falcon 9 launches Starlink" in result.stderr
    assert snapshot(db) == before


def test_a_server_error_is_retried(db: str, server: Server, no_waiting: list[float]) -> None:
    serve_catalogue(server, newer=True)
    server.script["/launchlog.tsv"] = [Reply(500, b"oops"), Reply(503, b"busy")]
    result = run("db", "update", "--from", server.url, db=db)
    assert result.exit_code == 0, result.output
    assert server.statuses()[:3] == [500, 503, 200]
    assert no_waiting == [1.0, 2.0]  # backoff doubles
    assert event(db, "gcat-2025-002")["kind"] == "launch"


def test_a_short_retry_after_is_waited_out(db: str, server: Server, no_waiting: list[float]) -> None:
    serve_catalogue(server, newer=True)
    server.script["/launchlog.tsv"] = [Reply(429, b"slow down", {"Retry-After": "3"})]
    result = run("db", "update", "--from", server.url, db=db)
    assert result.exit_code == 0, result.output
    assert no_waiting == [3.0]


FAILURES = {
    "a long Retry-After": ([Reply(429, b"", {"Retry-After": "3600"})], 1,
                           "the server asks to wait 60 minutes before another request (HTTP 429"),
    "500 every time": ([Reply(500, b"oops")] * 4, 1, "HTTP 500 Internal Server Error after 4 tries"),
    "a timeout": ([Reply(200, b"x", delay=1.0)] * 4, 1, "timed out after 4 tries"),
    "a truncated body": ([Reply(200, launch_log(newer=True), cut=5000)], 1, "download"),
    "an HTML page served as 200": ([Reply(200, b"<!DOCTYPE html><html><body>Maintenance</body></html>")], 1,
                                   "the server sent an HTML page, not the table"),
    "a wrong header": ([Reply(200, b"#Tag\tDate\n2025-001\t2025 Jan 1\n")], 2,
                       "launchlog.tsv (GCAT launch log, from http"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_failed_download_leaves_the_store_as_it_was(db: str, server: Server, case: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    replies, status, message = FAILURES[case]
    monkeypatch.setattr(tracker.update.download, "TIMEOUT", httpx.Timeout(0.2))
    serve_catalogue(server, newer=True)
    server.script["/launchlog.tsv"] = list(replies)
    before = snapshot(db)
    result = run("db", "update", "--from", server.url, db=db)
    assert result.exit_code == status
    error = result.stderr.strip().splitlines()[-1]
    assert (error.startswith("error: ") and message in error and "launchlog.tsv" in error) or "launch log" in error
    assert "Traceback" not in result.output
    assert snapshot(db) == before


def test_a_truncated_gzip_file_is_refused_before_anything_is_written(db: str, server: Server) -> None:
    serve_catalogue(server, newer=True)
    whole = server.files.pop("/orgs.tsv.gz")
    server.files["/orgs.tsv.gz"] = whole[: len(whole) // 2]  # complete as sent, cut short as a file
    before = snapshot(db)
    result = run("db", "update", "--from", server.url, db=db)
    assert result.exit_code == 2
    assert "orgs.tsv (GCAT organisation table" in result.stderr and "cannot read the file" in result.stderr
    assert snapshot(db) == before


def test_an_interrupted_merge_leaves_the_store_as_it_was(db: str, server: Server,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    serve_catalogue(server, newer=True)
    real = tracker.update.catalogue.write_dataset
    calls: list[int] = []

    def interrupted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:  # after McDowell's people were written, amid the launches
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tracker.update.catalogue, "write_dataset", interrupted)
    before = snapshot(db)
    result = run("db", "update", "--from", server.url, db=db)
    assert result.exit_code == 130 and calls == [1, 1]  # Ctrl-C's status, with what it stopped
    assert result.stderr.strip().splitlines()[-1] == \
        "error: interrupted while merging into the database: nothing was changed"
    assert snapshot(db) == before


def test_an_interrupted_download_leaves_no_partial_file(db: str, server: Server, tmp_path: Path) -> None:
    serve_catalogue(server, newer=True)
    cache = tmp_path / "cache"

    def ctrl_c(what: str, total: int | None) -> object:
        raise KeyboardInterrupt

    store = Store(Location(db))
    before = snapshot(db)
    with pytest.raises(UpdateInterrupted, match=r"^interrupted while downloading launchlog.tsv \(GCAT launch log\)"):
        update_catalogue(store, server.url, cache=cache, progress=ctrl_c)  # type: ignore[arg-type]
    store.close()
    assert [path.name for path in cache.iterdir()] == []
    assert snapshot(db) == before


def test_help_stays_off_the_http_client() -> None:
    import subprocess
    import sys

    code = "\n".join([
        "import sys", "from tracker.cli import cli",
        "for args in (['--help'], ['db', '--help'], ['db', 'update', '--help']):",
        "    try:", "        cli.main(args=args, prog_name='tracker')", "    except SystemExit:", "        pass",
        "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'tracker.update'))), file=sys.stderr)"])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
