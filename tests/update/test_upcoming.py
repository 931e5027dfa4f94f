"""`tracker db update --upcoming`: Launch Library 2's upcoming launches, from recorded pages (v2.3's shape,
trimmed) served by a local server or read from a folder, as planned launches whose moved NETs go to history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import run
from tests.update.conftest import LL2_PAGES, Reply, Server
from tests.update.test_catalogue import event, snapshot
from tracker.store.database import Location, Store
from tracker.update.upcoming import HOURLY_REQUESTS, Allowance, update_upcoming

FIRST = "/launches/upcoming/?limit=100&mode=detailed"
SECOND = FIRST + "&offset=100"
STARLINK = "falcon-9-block-5-starlink-group-17-1"


def pages(*, starlink_net: str | None = None) -> list[dict[str, object]]:
    documents = [json.loads((LL2_PAGES / name).read_text()) for name in ("upcoming.json", "upcoming-2.json")]
    if starlink_net:
        launch = documents[0]["results"][0]
        launch["net"] = launch["window_start"] = starlink_net
        launch["window_end"] = starlink_net
    return documents


def serve(server: Server, documents: list[dict[str, object]]) -> None:
    server.files[FIRST] = json.dumps(documents[0]).encode()
    server.files[SECOND] = json.dumps(documents[1]).encode()


def _designate_crew_12(db: str, folder: Path) -> None:
    """Give the curated Crew-12 launch the designation LL2 gives it (2026-031A), as a user would: the bundled data
    leaves it out until an agency or McDowell source states it."""
    given = folder / "crew-12.json"
    given.write_text(json.dumps([{"slug": "crew-12-launch", "title": "SpaceX Crew-12 launch to the ISS",
                                  "start": "2026-02-13T05:15-05:00", "designation": "2026-031"}]))
    imported = run("import", str(given), db=db)
    assert imported.exit_code == 0, imported.output


def test_upcoming_launches_become_planned_launches_and_a_moved_net_is_a_slip(db: str, server: Server,
                                                                            tmp_path: Path) -> None:
    _designate_crew_12(db, tmp_path)
    serve(server, pages())
    result = run("db", "update", "--upcoming", "--from", server.url, db=db)
    assert result.exit_code == 0, result.output
    assert "read 2 pages of upcoming launches (2 requests)" in result.stderr  # LL2's `next`, asked of the mirror
    assert "2 events created" in result.stdout
    planned = event(db, STARLINK)
    assert planned["status"] == "planned" and planned["start"].startswith("2026-12-20T05:30")  # type: ignore[union-attr]
    assert "https://ll.thespacedevs.com/2.3.0/launches/7a5e3c1b-2d4f-4e6a-8b9c-0d1e2f3a4b5c/" in planned["sources"]  # type: ignore[operator]
    crew = event(db, "crew-12-launch")  # LL2's Crew-12 (designator 2026-031A) joins the curated launch
    assert "https://thespacedevs.com/llapi" in crew["sources"]  # type: ignore[operator]
    assert event(db, "falcon-9-block-5-crew-12")["slug"] == "crew-12-launch"  # LL2's name finds the one event
    assert "Launch Library 2 upcoming launches updated" in run("info", db=db).stdout

    serve(server, pages(starlink_net="2026-12-22T05:10:00Z"))
    moved = run("db", "update", "--upcoming", "--from", server.url, db=db)
    assert moved.exit_code == 0, moved.output
    assert f"{STARLINK}: slipped to 22 Dec 2026 05:10 UTC" in moved.stderr
    slipped = event(db, STARLINK)
    assert [(item["status"], item["start"][:16]) for item in slipped["history"]] == [  # type: ignore[union-attr,index]
        ("postponed", "2026-12-20T05:30")]

    again = run("db", "update", "--upcoming", "--from", server.url, db=db)
    assert "0 events created, 0 updated" in again.stdout


def test_a_renamed_launch_is_found_again_by_its_ll2_id(db: str, tmp_path: Path) -> None:
    documents = pages()
    for number, document in enumerate(documents, start=1):
        (tmp_path / f"upcoming-{number}.json").write_text(json.dumps(document))
    assert run("db", "update", "--upcoming", "--from", str(tmp_path), db=db).exit_code == 0
    documents[0]["results"][0]["slug"] = "falcon-9-block-5-starlink-group-17-1-renamed"  # type: ignore[index]
    documents[0]["results"][0]["name"] = "Falcon 9 Block 5 | Starlink Group 17-1 (renamed)"  # type: ignore[index]
    (tmp_path / "upcoming-1.json").write_text(json.dumps(documents[0]))
    assert run("db", "update", "--upcoming", "--from", str(tmp_path), db=db).exit_code == 0
    assert event(db, STARLINK)["title"] == "Falcon 9 Block 5 | Starlink Group 17-1 (renamed)"
    assert event(db, "falcon-9-block-5-starlink-group-17-1-renamed")["slug"] == STARLINK


def test_a_net_that_came_and_went_is_recorded_as_scrubbed(db: str, tmp_path: Path) -> None:
    (tmp_path / "upcoming.json").write_text(json.dumps(pages()[0]))
    store = Store(Location(db))
    update_upcoming(store, str(tmp_path), now=datetime(2026, 12, 19, tzinfo=UTC))
    (tmp_path / "upcoming.json").write_text(json.dumps(pages(starlink_net="2026-12-21T05:00:00Z")[0]))
    done = update_upcoming(store, str(tmp_path), now=datetime(2026, 12, 20, 6, 0, tzinfo=UTC))
    store.close()
    assert done.moved == [f"{STARLINK}: scrubbed; next attempt 21 Dec 2026 05:00 UTC"]
    assert [item["status"] for item in event(db, STARLINK)["history"]] == ["scrubbed"]  # type: ignore[union-attr,index]


def test_a_429_says_how_long_to_wait_and_writes_nothing(db: str, server: Server) -> None:
    serve(server, pages())
    server.script[SECOND] = [Reply(429, b'{"detail": "Request was throttled."}', {"Retry-After": "1800"})]
    before = snapshot(db)
    result = run("db", "update", "--upcoming", "--from", server.url, db=db)
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("error: Launch Library 2 upcoming launches, page 2") and "wait 30 minutes" in error
    assert snapshot(db) == before


def test_the_hourly_allowance_is_counted_before_any_request(tmp_path: Path) -> None:
    now = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
    allowance = Allowance(tmp_path / "ll2-requests.json", now - timedelta(minutes=50))
    for _ in range(HOURLY_REQUESTS):
        allowance.spend()
    later = Allowance(tmp_path / "ll2-requests.json", now)
    assert later.left() == 0
    assert later.refusal().startswith("Launch Library 2's free tier allows 15 requests an hour, and 15 were sent")
    assert "wait 10 minutes (until 18:10 UTC)" in later.refusal()
    assert Allowance(tmp_path / "ll2-requests.json", now + timedelta(minutes=11)).left() == HOURLY_REQUESTS


@pytest.mark.parametrize("body", [b"<!DOCTYPE html><html>Bad gateway</html>", b'{"results": [{"name": 3}]}'])
def test_a_bad_page_leaves_the_store_as_it_was(db: str, server: Server, body: bytes) -> None:
    serve(server, pages())
    server.files[SECOND] = body
    before = snapshot(db)
    result = run("db", "update", "--upcoming", "--from", server.url, db=db)
    assert result.exit_code in (1, 2) and result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert snapshot(db) == before
