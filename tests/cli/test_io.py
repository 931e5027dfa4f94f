"""Getting data in and out without losing anything: add/edit/delete, imports that are all-or-nothing, exports
that round-trip byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run
from tracker.store.database import Location, Store
from tracker.store.stats import counts

FIXTURES = Path(__file__).parent.parent / "formats" / "fixtures"
HEADER = "slug,title,kind,status,start,end,timezone,place,agencies,people,summary,sources"



def stored(db: str) -> dict[str, int]:
    """How many rows of each kind the store holds: events, revisions, agencies, people, places, sources."""
    store = Store(Location(db))
    with store.reading() as session:
        found = counts(session)
    store.close()
    return found


def event_count(db: str) -> int:
    return stored(db)["events"]


@pytest.fixture
def db(database_url: str) -> str:
    """An empty database on each engine."""
    return database_url


@pytest.fixture
def seeded(db: str) -> str:
    assert run("db", "seed", "--without-catalogue", db=db).exit_code == 0
    return db


def test_csv_export_import_export_is_byte_identical(seeded: str, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    assert run("export", "-o", str(first), db=seeded).exit_code == 0
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    imported = run("import", str(first), "--create-names", db=empty)
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith(f"{event_count(seeded)} events created")
    second = tmp_path / "second.csv"
    run("export", "-o", str(second), db=empty)
    assert second.read_bytes() == first.read_bytes()
    # the export has nine columns more than HEADER; files of HEADER's twelve still import
    assert first.read_text().splitlines()[0] == HEADER + (",outcome,designation,aliases,precision,lower_utc,upper_utc,"
                                                          "vehicle,vehicle_family,trajectory")


def test_json_export_reimports_without_loss_including_history(seeded: str, tmp_path: Path) -> None:
    exported = tmp_path / "all.json"
    run("export", "--format", "json", "-o", str(exported), db=seeded)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    run("import", str(exported), "--create-names", db=empty)
    again = tmp_path / "again.json"
    run("export", "--format", "json", "-o", str(again), db=empty)
    assert again.read_text() == exported.read_text()
    assert any(event["history"] for event in json.loads(again.read_text()))


def test_reimporting_changes_nothing(seeded: str, tmp_path: Path) -> None:
    exported = tmp_path / "all.csv"
    run("export", "-o", str(exported), db=seeded)
    again = run("import", str(exported), db=seeded)
    assert again.stdout.startswith(f"0 events created, 0 updated, {event_count(seeded)} unchanged")


def test_export_takes_the_timeline_filters(seeded: str) -> None:
    out = run("export", "2025-07-28..2025-08-03", "--kind", "launch", "--format", "json", db=seeded).stdout
    assert [event["slug"] for event in json.loads(out)] == ["crew-11-launch"]


def test_ics_and_timelinejs_exports(seeded: str) -> None:
    ics = run("export", "2025-08-01", "--kind", "launch", "--format", "ics", db=seeded).stdout
    assert "UID:crew-11-launch@tracker" in ics and "DTSTART:20250801T154300Z" in ics
    timeline = json.loads(run("export", "2025-07", "--format", "timelinejs", db=seeded).stdout)
    meeting = next(item for item in timeline["events"] if item["unique_id"] == "duffy-bakanov-meeting")
    assert meeting["start_date"] == {"year": "2025", "month": "7", "day": "31"} or \
        meeting["start_date"] == {"year": 2025, "month": 7, "day": 31}


def test_formula_cells_are_neutralised_unless_raw(db: str, tmp_path: Path) -> None:
    source = tmp_path / "formula.csv"
    source.write_text(f"{HEADER}\nf,=HYPERLINK(\"http://x\"),other,occurred,2025,,,,,,@SUM(A1),\n")
    run("import", str(source), db=db)
    safe = run("export", db=db).stdout
    assert ',"\'=HYPERLINK(""http://x"")",' in safe and ",'@SUM(A1)," in safe
    raw = run("export", "--raw", db=db).stdout
    assert ',"=HYPERLINK(""http://x"")"' in raw and ",@SUM(A1)," in raw


def test_export_to_a_file_is_atomic(seeded: str, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous content\n")
    failed = run("export", "--agency", "Nobody", "-o", str(target), db=seeded)
    assert failed.exit_code == 2
    assert target.read_text() == "previous content\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.csv"] or "out.csv" in [p.name for p in
                                                                                      tmp_path.iterdir()]
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".out.csv.")]


BAD_FILES = [
    ("empty.csv", "", "empty"),
    ("header.csv", HEADER + "\n", "no rows"),
    ("missing.csv", "slug,title\nx,X\n", "missing required column"),
    ("unknown.csv", HEADER + ",colour\nx,X,launch,occurred,2025,,,,,,,,red\n", "unknown column 'colour'"),
    ("month.csv", HEADER + "\nx,X,launch,occurred,2025-13-01,,,,,,,\n", "line 2, column start"),
    ("february.csv", HEADER + "\nx,X,launch,occurred,2025-02-30,,,,,,,\n", "day is out of range"),
    ("words.csv", HEADER + "\nx,X,launch,occurred,yesterday-ish,,,,,,,\n", "invalid date 'yesterday-ish'"),
    ("order.csv", HEADER + "\nx,X,launch,occurred,2025-08-02,2025-08-01,,,,,,\n", "before start"),
    ("kind.csv", HEADER + "\nx,X,party,occurred,2025,,,,,,,\n", "unknown value 'party'"),
    ("status.csv", HEADER + "\nx,X,launch,done,2025,,,,,,,\n", "unknown value 'done'"),
    ("twice.csv", HEADER + "\nx,X,launch,occurred,2025,,,,,,,\nx,Y,launch,occurred,2025,,,,,,,\n", "duplicate"),
    ("cells.csv", HEADER + "\nx,X,launch,occurred,2025\n", "cells"),
    ("list.json", '{"events": 3}', "expected a list"),
    ("scalar.json", "42", "expected a list of events"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_input_is_refused_and_changes_nothing(seeded: str, tmp_path: Path, name: str, content: str,
                                                  message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    before = stored(seeded)
    result = run("import", str(path), db=seeded)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.stderr.rstrip().endswith("error: nothing was imported")
    assert stored(seeded) == before


def test_non_utf8_huge_fields_and_other_endpoints_are_refused(seeded: str, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\nx,Baïkonour,launch,occurred,2025,,,,,,,\n".encode("latin-1"))
    huge = tmp_path / "huge.csv"
    huge.write_text(f"{HEADER}\nx,X,launch,occurred,2025,,,,,,{'a' * 1_100_000},\n")
    agencies = tmp_path / "agencies.json"
    agencies.write_text(json.dumps({"count": 1, "results": [{"id": 1, "name": "NASA", "abbrev": "NASA",
                                                             "type": {"id": 1, "name": "Government"}}]}))
    before = stored(seeded)
    for path, extra, message in ((latin, [], "UTF-8"), (huge, [], "1"), (agencies, ["--format", "ll2"], "agenc")):
        result = run("import", str(path), *extra, db=seeded)
        assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert stored(seeded) == before


def test_at_most_twenty_problems_are_listed_then_a_count(db: str, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "\n" + "".join(f"s{n},X,launch,occurred,2025-13,,,,,,,\n" for n in range(25)))
    lines = run("import", str(path), db=db).stderr.splitlines()
    assert len([line for line in lines if "column start" in line]) == 20
    assert "... and 5 more problems" in "\n".join(lines)


def test_dry_run_reports_and_writes_nothing(db: str, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text(f"{HEADER}\n,Test flight,launch,planned,2026-03,,,,,,,\n")
    result = run("import", str(path), "--dry-run", db=db)
    assert result.stdout.startswith("dry run, nothing written: 1 events created")
    assert event_count(db) == 0


def test_semicolon_and_tab_files_are_detected(db: str, tmp_path: Path) -> None:
    for name, delimiter in (("semi.csv", ";"), ("tab.tsv", "\t")):
        path = tmp_path / name
        path.write_text(HEADER.replace(",", delimiter) + "\n" +
                        delimiter.join([f"{name}-slug", "T", "launch", "occurred", "2025", "", "", "", "", "", "", ""])
                        + "\n", encoding="utf-8-sig")
        assert run("import", str(path), db=db).exit_code == 0
    assert event_count(db) == 2


def test_ll2_launches_import(db: str) -> None:
    result = run("import", str(FIXTURES / "ll2-launches.json"), "--format", "ll2", db=db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 events created")


def test_ll2_locations_land_on_the_places_the_catalogue_has(catalogue_db: str) -> None:
    places = run("info", db=catalogue_db).stdout.split("places: ")[1].split("\n")[0]
    for name in ("ll2-launches.json", "ll2-launches-v2.2.json"):
        assert run("import", str(FIXTURES / name), "--format", "ll2", db=catalogue_db).exit_code == 0
    assert run("info", db=catalogue_db).stdout.split("places: ")[1].split("\n")[0] == places
    shown = json.loads(run("show", "long-march-2fg-shenzhou-20", "--format", "json", db=catalogue_db).stdout)
    assert shown["place"] == "Jiuquan Satellite Launch Center"


def test_add_edit_and_delete(seeded: str) -> None:
    added = run("add", "--title", "Test docking", "--kind", "docking", "--status", "planned",
                "--start", "2026-03-02", "--place", "ISS", "--agency", "NASA:operator",
                "--person", "Oleg Platonov:flight engineer", "--source", "https://example.org/plan", db=seeded)
    assert added.exit_code == 0, added.output
    slug = added.stdout.strip()
    assert slug == "test-docking-2026-03-02"
    edited = run("edit", slug, "--start", "2026-03-05", "--reason", "slipped for weather", "--as",
                 "postponed", "--source", "https://example.org/slip", db=seeded)
    assert edited.stdout.strip() == f"{slug}: 5 Mar 2026 (was 2 Mar 2026)"
    card = json.loads(run("show", slug, "--format", "json", db=seeded).stdout)
    assert card["start"] == "2026-03-05"
    assert card["history"][0]["start"] == "2026-03-02" and card["history"][0]["status"] == "postponed"
    assert card["history"][0]["reason"] == "slipped for weather"
    assert card["history"][0]["source"] == "https://example.org/slip"
    assert {"name": "Oleg Platonov", "role": "flight engineer"} in card["people"]
    assert run("delete", slug, input="n\n", db=seeded).exit_code == 1
    assert run("delete", slug, "--yes", db=seeded).stdout == f"deleted {slug}\n"
    assert run("show", slug, db=seeded).exit_code == 2


def test_unknown_names_need_create_missing(seeded: str) -> None:
    args = ["add", "--title", "X", "--start", "2026", "--agency", "Roscosmoss"]
    refused = run(*args, db=seeded)
    assert refused.exit_code == 2 and "did you mean" in refused.stderr and "Roscosmos" in refused.stderr
    assert run(*args, "--create-missing", db=seeded).exit_code == 0


@pytest.mark.usefixtures("frozen_today")  # 6 August 2025
@pytest.mark.parametrize(("start", "status"), [("2025-08-01", "occurred"), ("2025-09-01", "planned"),
                                               ("2025", "unconfirmed")])
def test_an_event_added_without_a_status_takes_it_from_its_date(seeded: str, start: str, status: str) -> None:
    slug = run("add", "--title", "Without status", "--start", start, db=seeded).stdout.strip()
    assert json.loads(run("show", slug, "--format", "json", db=seeded).stdout)["status"] == status


def test_adding_a_taken_slug_is_refused(seeded: str) -> None:
    result = run("add", "--title", "X", "--start", "2025", "--slug", "crew-11-launch", db=seeded)
    assert result.exit_code == 2 and "already exists" in result.stderr


@pytest.mark.parametrize("extra", [("--slug", "   "), ("--agency", ""), ("--person", "   "), ("--title", "  ")])
def test_empty_and_blank_names_are_refused_by_add(db: str, extra: tuple[str, str]) -> None:
    arguments = ["add", "--title", "T", "--start", "2025", *extra]
    result = run(*arguments, db=db)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert event_count(db) == 0


TYPOS = ("slug,title,kind,status,start,end,timezone,place,agencies,people,sources,summary\n"
         "typo-test,Typo test,meeting,planned,2026-03-02,,,Kennedy Space Centre,NASAA;Roscosmso,Sean Dufy,,\n")


def test_an_import_naming_unknown_names_lists_them_with_suggestions_and_writes_nothing(seeded: str,
                                                                                         tmp_path: Path) -> None:
    db = seeded
    path = tmp_path / "typos.csv"
    path.write_text(TYPOS, encoding="utf-8")
    before = event_count(db)
    refused = run("import", str(path), db=db)
    assert refused.exit_code == 2 and event_count(db) == before
    # Each name with the closest known ones, the closest first (the rest depend on what the bundled data holds).
    lines = refused.stderr.splitlines()
    assert [line.split(" (did you mean ")[0] for line in lines[:4]] == [
        f"error: {path}: new agency 'NASAA'", f"error: {path}: new agency 'Roscosmso'",
        f"error: {path}: new person 'Sean Dufy'", f"error: {path}: new place 'Kennedy Space Centre'"]
    assert [line.split(" (did you mean ")[1].split(",")[0].rstrip("?)") for line in lines[:4]] == [
        "NASA", "Roscosmos", "Sean Duffy", "Kennedy Space Center"]
    assert lines[4:] == ["error: nothing was imported: correct the names, or pass --create-names to create them"]
    dry = run("import", str(path), "--dry-run", "--create-names", db=db)
    assert dry.exit_code == 0 and event_count(db) == before
    assert [line.split(" (did you mean ")[0] for line in dry.stdout.splitlines()[:2]] == [
        "would create: agency 'NASAA'", "would create: agency 'Roscosmso'"]
    created = run("import", str(path), "--create-names", db=db)
    assert created.exit_code == 0 and "2 agencies, 1 people, 1 places" in created.stdout


def test_names_the_file_defines_or_the_store_knows_by_an_alias_are_not_new(seeded: str, tmp_path: Path) -> None:
    path = tmp_path / "defined.json"
    path.write_text(json.dumps({
        "agencies": [{"name": "Korea AeroSpace Administration", "short_name": "KASA", "kind": "space agency"}],
        "events": [{"slug": "kasa-meets-nasa", "title": "KASA meets NASA", "kind": "meeting", "status": "planned",
                    "start": "2026-03-02", "place": "KSC", "agencies": [{"name": "KASA"}, {"name": "nasa"}],
                    "people": [{"name": "Шон Даффи"}]}]}), encoding="utf-8")
    result = run("import", str(path), db=seeded)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 events created")
