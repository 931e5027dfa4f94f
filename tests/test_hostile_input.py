"""Hostile and careless input (issue #18): every case gets a one-line error naming what is wrong and changes
nothing; one set of limits for every input, so SQLite and PostgreSQL hold the same data; stored text never reaches
a terminal raw; `db restore` checks the whole copy first and never waits forever; `delete` asks before locking."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tests.conftest import run
from tracker.dates.when import Span, When
from tracker.errors import InvalidDate
from tracker.records import EventKind, EventRecord, EventStatus, Participant, fits_limits, record_problems
from tracker.render.text import for_terminal, visible
from tracker.store.database import Location, Store
from tracker.store.stats import counts

OUT_OF_RANGE = ["9999", "9999-12-31T23:59-01:00", "0001-01-01T00:00+01:00"]
HOSTILE_TEXT = "A\x1b[2J\u202eB\u200bC\u2028D\x9bE"
"""ESC with a clear-screen sequence, a bidi override, a zero-width space, a line separator and the C1 CSI."""


def one_line_error(result: Result, code: int = 2) -> str:
    """The error of a failed command, checked to be one `error:` line (and the import's closing line) and no
    traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line != "error: nothing was imported"]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture
def base(store: Store) -> str:
    """The URL of a store (each engine) holding one event, `base`, at a place in Asia/Tokyo."""
    url = store.location.url
    places = Path(os.environ["HOME"]) / "places.json"
    places.parent.mkdir(parents=True, exist_ok=True)
    places.write_text(json.dumps({"places": [{"name": "Testville", "timezone": "Asia/Tokyo"}],
                                  "events": [{"slug": "base", "title": "Base", "start": "2025-01-01",
                                              "place": "Testville"}]}))
    assert run("import", str(places), db=url).exit_code == 0
    return url


def stored(url: str) -> dict[str, int]:
    store = Store(Location(url))
    try:
        with store.reading() as session:
            return counts(session)
    finally:
        store.close()


# ------------------------------------------------------------------------------------------------ dates

@pytest.mark.parametrize("text", [*OUT_OF_RANGE, "9999-12-31", "9999-12-31T23:59Z"])
def test_a_date_whose_period_leaves_the_calendar_is_an_invalid_date(text: str) -> None:
    with pytest.raises(InvalidDate, match="out of the range of dates tracker can hold"):
        When.parse(text)
    with pytest.raises(InvalidDate, match="out of the range"):
        When.parse("0001-01-01", "Asia/Tokyo")  # its local midnight is in year 0 in UTC
    assert When.parse("9998-12-31").iso() == "9998-12-31" and When.parse("0001-01-01", "America/New_York")


def test_out_of_range_dates_are_one_line_errors_in_every_input(base: str, tmp_path: Path) -> None:
    before = stored(base)
    for index, start in enumerate(OUT_OF_RANGE):
        csv_file, json_file = tmp_path / f"{index}.csv", tmp_path / f"{index}.json"
        csv_file.write_text(f"title,start\ny,{start}\n")
        json_file.write_text(json.dumps([{"title": "y", "start": start}]))
        for args in (["import", str(csv_file)], ["import", str(json_file)], ["add", "--title", "t", "--start", start],
                     ["edit", "base", "--start", start]):
            assert "out of the range of dates" in one_line_error(run(*args, db=base)), args
    for net in ("9999-12-31T23:59:59Z", "0001-01-01T00:30:00+01:00"):
        ll2_file = tmp_path / "ll2.json"
        ll2_file.write_text(json.dumps({"results": [{"id": "x", "name": "L", "net": net, "status": {"abbrev": "Go"}}]}))
        assert "results[0].net" in one_line_error(run("import", "--format", "ll2", str(ll2_file), db=base)), net
    tokyo = one_line_error(run("add", "--title", "t", "--start", "0001-01-01", "--timezone", "Asia/Tokyo", db=base))
    assert "'0001-01-01' is out of the range" in tokyo
    assert "out of the range" in one_line_error(run("edit", "base", "--start", "0001-01-01", db=base))  # Testville
    assert stored(base) == before


def test_a_claim_dated_at_the_end_of_time_is_one_line(base: str) -> None:
    assert "out of the range" in one_line_error(run("check", "Crew-11 launched on 9999-12-31T23:59Z", db=base))
    for edge in ("0001-01-01", "9999-12-30"):  # found by the fuzz test: the search around them left the calendar
        result = run("check", edge, db=base)
        assert result.exit_code in (0, 1) and "error" not in result.stderr, result.output
    assert "3000000 is not in the range" in run("timeline", "--around", "base", "--days", "3000000", db=base).stderr


# ------------------------------------------------------------------------------------------------ JSON, LL2

def test_pathological_json_is_one_line(base: str, tmp_path: Path) -> None:
    deep, digits, urls = tmp_path / "deep.json", tmp_path / "digits.json", tmp_path / "urls.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    digits.write_text('{"places": [{"name": "P", "latitude": ' + "1" * 5000 + "}]}")
    urls.write_text(json.dumps({"results": [{"id": "x", "name": "L", "net": "2025-01-01T00:00:00Z",
                                             "status": {"abbrev": "Go"}, "info_urls": "https://a.example"}]}))
    before = stored(base)
    assert "nested too deeply" in one_line_error(run("import", str(deep), db=base))
    assert "5000 digits" in one_line_error(run("import", str(digits), db=base))
    assert "results[0].info_urls: expected a list, found str" in one_line_error(
        run("import", "--format", "ll2", str(urls), db=base))
    assert stored(base) == before


@pytest.mark.parametrize("field", ["slug", "title", "summary", "place", "designation", "timezone"])
def test_a_lone_surrogate_or_nul_in_any_text_field_is_refused_naming_it(base: str, tmp_path: Path,
                                                                         field: str) -> None:
    for bad in ("\\ud800", "\\u0000"):
        path = tmp_path / "bad.json"
        path.write_text('[{"title": "t", "start": "2025", "' + field + '": "x' + bad + '"}]'
                        if field != "title" else '[{"title": "x' + bad + '", "start": "2025"}]')
        message = one_line_error(run("import", str(path), db=base))
        assert f"events[0].{field}:" in message and ("surrogate" in message or "NUL" in message or
                                                     "time zone" in message), message
    people = tmp_path / "people.json"
    people.write_text('[{"title": "t", "start": "2025", "people": [{"name": "\\udfff"}], "sources": ["\\ud800"]}]')
    assert "events[0].people[0].name: contains a lone surrogate" in one_line_error(run("import", str(people), db=base))


def test_arguments_that_are_not_text_are_refused_once_for_every_command(base: str) -> None:
    for args in (["add", "--title", "\udc80", "--start", "2025"], ["timeline", "--agency", "\udcff"],
                 ["search", "a\x00b"], ["add", "--title", "t", "--start", "2025", "--slug", "a\x00b"],
                 ["add", "--title", "t", "--start", "2025", "--source", "https://a\x00"]):
        message = one_line_error(run(*args, db=base))
        assert "not valid UTF-8" in message or "NUL" in message, message


# ------------------------------------------------------------------------------------------------ limits

def test_one_set_of_limits_names_the_field() -> None:
    record = EventRecord("ok", "Title", EventKind.OTHER, EventStatus.PLANNED, Span.parse("2025"), place="P" * 201)
    assert record_problems(record) == ["place: is 201 characters long; at most 200 are allowed"]
    record.place, record.designation = "ß" * 150, "x" * 41
    assert record_problems(record) == [
        "place: is 300 characters long once folded for look-ups; at most 200 are allowed",
        "designation: is 41 characters long; at most 40 are allowed"]
    record.place, record.designation, record.slug, record.title = None, None, "a\u202eb", " \t"
    assert record_problems(record) == [
        "slug: contains a control or invisible character, which a slug (typed to name an event) may not hold",
        "title: is empty or only white space"]


# Values at and past each limit, texts only (no NUL, no lone surrogate: what `fits_limits` is told it gets).
_EDGES = ["", " \t", " N ", "N" * 40, "N" * 41, "N" * 64, "N" * 65, "N" * 100, "N" * 101, "N" * 200, "N" * 201,
          "ß" * 50, "ß" * 51, "ß" * 100, "ß" * 101, "Ä" * 200, "a\u202eb", "a b", "é", "u" * 2000, "u" * 2001]
_FIELDS = ["slug", "title", "timezone", "place", "designation", "flight", "vehicle", "vehicle_family",
           "agency", "role", "person", "source", "alias"]


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(st.sampled_from(_FIELDS), st.sampled_from(_EDGES), min_size=1, max_size=2))
def test_the_quick_limits_check_agrees_with_every_problem_named(edges: dict[str, str]) -> None:
    """`fits_limits` (a CSV import's plain rows) accepts exactly the records `record_problems` finds nothing in:
    a record fit to store, with one or two fields set to a value at or past a limit."""
    value = {"slug": "ok", "title": "Ok", "agency": "NASA", "role": "", "person": "Ana", "source": "https://x.org",
             "alias": "Ok 1"} | edges
    record = EventRecord(value["slug"], value["title"], EventKind.OTHER, EventStatus.PLANNED, Span.parse("2025"),
                         timezone=value.get("timezone"), place=value.get("place"),
                         designation=value.get("designation"), flight=value.get("flight"),
                         vehicle=value.get("vehicle"), vehicle_family=value.get("vehicle_family"),
                         agencies=[Participant("ESA"), Participant(value["agency"], value["role"])],
                         people=[Participant(value["person"])], sources=[value["source"]], aliases=[value["alias"]])
    assert fits_limits(record) == (not record_problems(record))


def test_the_same_names_are_accepted_and_refused_on_both_engines(base: str, tmp_path: Path) -> None:
    longest, too_long = "N" * 200, "N" * 201
    assert run("add", "--title", "Long", "--start", "2025", "--agency", longest, "--person", longest, "--place",
               longest, "--slug", "s" * 200, "--create-missing", db=base).exit_code == 0
    before = stored(base)
    assert "agencies[0].name: is 201 characters long" in one_line_error(
        run("add", "--title", "L", "--start", "2025", "--agency", too_long, "--create-missing", db=base))
    path = tmp_path / "long.csv"
    path.write_text(f"title,start,people\nok,2025,A\nlong,2025,{too_long}\n")
    assert "line 3, column people[0].name: is 201 characters long" in one_line_error(run("import", str(path), db=base))
    json_file = tmp_path / "long.json"
    json_file.write_text(json.dumps({"places": [{"name": too_long}]}))
    assert "places[0].name: is 201 characters long" in one_line_error(run("import", str(json_file), db=base))
    derived = tmp_path / "derived.json"
    derived.write_text(json.dumps([{"title": "x" * 500, "start": "2025-01-01"}]))
    assert run("import", str(derived), db=base).exit_code == 0  # a derived slug is cut to fit its column
    assert stored(base)["events"] == before["events"] + 1


def test_blank_names_are_refused_by_every_importer(base: str, tmp_path: Path) -> None:
    before = stored(base)
    files = {
        "a.json": json.dumps({"agencies": [{"name": "   ", "aliases": ["x"]}]}),
        "b.json": json.dumps([{"title": "t", "start": "2025", "people": [{"name": " \t "}]}]),
        "c.csv": "title,start,sources\n\" \",2025,\n",
        "d.json": json.dumps({"results": [{"id": "x", "name": "   ", "net": "2025-01-01T00:00:00Z",
                                           "status": {"abbrev": "Go"}}]}),
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content)
        args = ["--format", "ll2"] if name == "d.json" else []
        message = one_line_error(run("import", *args, str(tmp_path / name), db=base))
        assert "missing" in message or "empty" in message, message
    assert stored(base) == before


def test_a_file_giving_a_place_two_zones_or_an_agency_two_countries_is_refused(base: str, tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(json.dumps({"places": [{"name": "Spaceport", "timezone": "Asia/Tokyo"},
                                           {"name": "SPACEPORT", "timezone": "America/New_York"}]}))
    assert "places[1].timezone: 'SPACEPORT' is given 'America/New_York' here and 'Asia/Tokyo' at places[0]" in \
        one_line_error(run("import", str(path), db=base))
    path.write_text(json.dumps({"agencies": [{"name": "Agence", "short_name": "AG", "country": "FR"},
                                             {"name": "AG", "country": "US"}]}))
    assert "agencies[1].country" in one_line_error(run("import", str(path), db=base))


def test_csv_and_json_trim_titles_alike(base: str, tmp_path: Path) -> None:
    path = tmp_path / "padded.csv"
    path.write_text('slug,title,start,summary\npadded,"  Padded title ",2025,"  text  "\n')
    assert run("import", str(path), db=base).exit_code == 0
    exported = run("export", "--format", "json", db=base).stdout
    assert '"title": "Padded title"' in exported and '"summary": "text"' in exported
    again = tmp_path / "again.json"
    again.write_text(exported)
    assert "0 updated" in run("import", str(again), db=base).stdout


# ------------------------------------------------------------------------------------------------ terminals

def test_visible_escapes_everything_a_terminal_obeys_or_hides() -> None:
    assert visible(HOSTILE_TEXT) == "A\\x1b[2J\\u202eB\\u200bC\\u2028D\\x9bE"
    for char in ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200c",
                 "\u200d", "\u2060", "\ufeff", "\u2029", "\x07", "\x7f"]:
        assert char not in visible(f"x{char}y")
    assert visible("Crew-11 — Байконур 打ち上げ") == "Crew-11 — Байконур 打ち上げ"
    assert visible("a\nb\tc\r", lines=True) == "a\nb\tc "


def test_stored_escapes_are_shown_as_escapes_by_every_renderer(base: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"people": [{"name": HOSTILE_TEXT}], "places": [{"name": HOSTILE_TEXT}],
                                "events": [{"slug": "hostile", "title": HOSTILE_TEXT, "start": "2025-02-01",
                                            "place": HOSTILE_TEXT, "summary": HOSTILE_TEXT,
                                            "people": [{"name": HOSTILE_TEXT, "role": HOSTILE_TEXT}]}]}))
    assert run("import", str(path), db=base).exit_code == 0
    for args in (["timeline", "2025"], ["timeline", "2025", "--format", "plain"], ["show", "hostile"],
                 ["search", "Base"], ["people"], ["check", "Base happened on 1 January 2025"]):
        result = run(*args, db=base)
        assert result.exit_code in (0, 1) and "error" not in result.stderr, (args, result.output)
        for raw in ("\x1b", "\u202e", "\u200b", "\u2028", "\x9b"):
            assert raw not in result.stdout, (args, raw)
    shown = run("show", "hostile", db=base).stdout
    assert "\\x1b[2J" in shown and "\\u202e" in shown
    exported = tmp_path / "out.csv"
    assert run("export", "-o", str(exported), db=base).exit_code == 0
    assert HOSTILE_TEXT in exported.read_text(encoding="utf-8")  # a file keeps every character


def test_csv_and_json_written_to_a_terminal_show_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    from tracker.cli.files import standard_output
    from tracker.formats.csv import write_csv
    from tracker.formats.json import write_events

    record = EventRecord("hostile", HOSTILE_TEXT, EventKind.OTHER, EventStatus.PLANNED, Span.parse("2025"))
    for write in (write_csv, write_events):
        screen = Terminal()
        monkeypatch.setattr(sys, "stdout", screen)
        write([record], standard_output())
        shown = screen.getvalue()
        assert "[2J" in shown and "\\u202e" in shown and "\\x9b" in shown
        assert "\x1b" not in shown and "\x9b" not in shown
        assert screen.getvalue().count("\n") > 1  # lines kept
        piped = io.StringIO()
        write([record], for_terminal(piped))
        assert HOSTILE_TEXT in piped.getvalue() or json.dumps(HOSTILE_TEXT, ensure_ascii=False)[1:-1] in \
            piped.getvalue()


def test_delete_asks_before_locking_and_shows_the_title_neutralised(base: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([{"slug": "hostile", "title": HOSTILE_TEXT, "start": "2025"}]))
    assert run("import", str(path), db=base).exit_code == 0
    asked: list[str] = []

    def confirm(text: str, **options: object) -> bool:
        asked.append(text)
        # Another writer, while the person thinks: it must not wait for a lock the prompt holds.
        other = Store(Location(base))
        try:
            with other.transaction() as session:
                from tracker.editing import add_event

                add_event(session, EventRecord("meanwhile", "Meanwhile", EventKind.OTHER, EventStatus.PLANNED,
                                               Span.parse("2025")))
        finally:
            other.close()
        return True

    monkeypatch.setattr(click, "confirm", confirm)
    result = run("delete", "hostile", db=base)
    assert result.exit_code == 0 and result.stdout == "deleted hostile\n"
    assert asked == ["Delete hostile (A\\x1b[2J\\u202eB\\u200bC\\u2028D\\x9bE, 2025)?"]
    assert run("show", "meanwhile", db=base).exit_code == 0 and run("show", "hostile", db=base).exit_code == 2


def test_delete_refuses_when_the_event_changed_while_asking(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def confirm(text: str, **options: object) -> bool:
        assert run("edit", "base", "--title", "Changed", db=base).exit_code == 0
        return True

    monkeypatch.setattr(click, "confirm", confirm)
    assert "changed while you were asked" in one_line_error(run("delete", "base", db=base), code=1)
    assert run("show", "base", db=base).exit_code == 0


# ------------------------------------------------------------------------------------------------ restore

@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A SQLite store with one event, and a backup of it (backup.db) beside it."""
    path = tmp_path / "live.db"
    assert run("--db", str(path), "add", "--title", "Live", "--start", "2025").exit_code == 0
    assert run("--db", str(path), "db", "backup", str(tmp_path / "backup.db")).exit_code == 0
    return path


def test_restore_checks_the_whole_copy_before_touching_the_database(target: Path, tmp_path: Path) -> None:
    before = target.read_bytes()
    hollow = tmp_path / "hollow.db"
    with sqlite3.connect(hollow) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0004')")
    assert "is not a tracker database at schema revision 0004: no table agencies" in one_line_error(
        run("--db", str(target), "db", "restore", "--yes", str(hollow)), code=1)
    lacking = tmp_path / "lacking.db"
    lacking.write_bytes((tmp_path / "backup.db").read_bytes())
    with sqlite3.connect(lacking) as connection:
        connection.execute("ALTER TABLE sources DROP COLUMN author")
    assert "table sources lacks column author" in one_line_error(
        run("--db", str(target), "db", "restore", "--yes", str(lacking)), code=1)
    twice = tmp_path / "twice.db"
    twice.write_bytes((tmp_path / "backup.db").read_bytes())
    with sqlite3.connect(twice) as connection:
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    assert "records 2 schema revisions" in one_line_error(
        run("--db", str(target), "db", "restore", "--yes", str(twice)), code=1)
    damaged = tmp_path / "damaged.db"
    with sqlite3.connect(tmp_path / "backup.db") as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    data = bytearray((tmp_path / "backup.db").read_bytes())
    data[(root - 1) * page_size: (root - 1) * page_size + 12] = b"\x0d\xff\xff" * 4  # the table's page header
    damaged.write_bytes(bytes(data))
    message = one_line_error(run("--db", str(target), "db", "restore", "--yes", str(damaged)), code=1)
    assert "damaged" in message or "malformed" in message, message
    assert target.read_bytes() == before


def test_paths_with_question_marks_and_percent_signs_are_literal(target: Path, tmp_path: Path) -> None:
    odd = tmp_path / "a?b%20c.db"
    assert run("--db", str(odd), "add", "--title", "Odd", "--start", "2025").exit_code == 0
    assert odd.is_file() and not (tmp_path / "a").exists()
    (tmp_path / "copy?%.db").write_bytes((tmp_path / "backup.db").read_bytes())
    assert run("--db", str(odd), "db", "restore", "--yes", str(tmp_path / "copy?%.db")).exit_code == 0
    assert json.loads(run("--db", str(odd), "timeline", "--format", "json").stdout)[0]["title"] == "Live"


def test_restore_waits_for_another_writer_a_bounded_time(target: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.store.database.BUSY_TIMEOUT_MS", 300)
    writer = sqlite3.connect(target, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO agencies (name, name_key, kind) VALUES ('Writer', 'writer', 'other')")
    try:
        message = one_line_error(run("--db", str(target), "db", "restore", "--yes", str(tmp_path / "backup.db")),
                                 code=1)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "another program has been writing to it for 0.3 s" in message


def test_two_revisions_in_the_live_database_are_one_line(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    assert "records 2 schema revisions" in one_line_error(run("timeline", db=store.location.url), code=1)


# ------------------------------------------------------------------------------------------------ environment

def test_files_that_cannot_be_written_are_one_line(base: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "No such file or directory" in one_line_error(run("export", "-o", "nodir/x.csv", db=base), code=1)
    assert "it is a directory" in one_line_error(run("export", "-o", "", db=base))
    assert "No such file or directory" in one_line_error(run("timeline", "--svg", "nodir/x.svg", db=base), code=1)

    def refused(*args: object, **options: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refused)  # a directory root could write anyway
    assert "Permission denied" in one_line_error(run("export", "-o", str(tmp_path / "x.csv"), db=base), code=1)


def test_an_invalid_terminal_width_is_treated_as_unknown(base: str) -> None:
    for width in ("0", "-3", "abc", "99999999"):
        result = run("timeline", db=base, env={"COLUMNS": width, "LINES": width})
        assert result.exit_code == 0 and "Base" in result.stdout, width


def test_a_cell_too_large_for_a_claim_is_one_line(base: str, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("claim\n" + "x" * (140 * 1024) + "\n")
    assert "row 1: a cell is larger than 128 KiB" in one_line_error(run("check", "--file", str(path), db=base))


def test_an_unreachable_server_is_one_line_with_the_password_masked() -> None:
    message = one_line_error(run("timeline", db="postgresql://u:secret@127.0.0.1:1/db"), code=1)
    assert "secret" not in message and "u:***@" in message


def _tracker(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "tracker", *args], text=True, check=False, timeout=120,
                          **{**streams, **options})  # type: ignore[call-overload]


def test_the_real_terminal_cases(tmp_path: Path) -> None:
    """Through a real process: a pipe read once, an ASCII-only terminal, stdout on a full device."""
    database = str(tmp_path / "real.db")
    piped = _tracker("--db", database, "import", "--format", "csv", "/dev/stdin", input="title,start\nPiped,2025\n")
    assert piped.returncode == 0 and "1 events created" in piped.stdout, piped.stderr
    guessed = _tracker("--db", database, "import", "/dev/stdin", input='[{"title": "Guessed", "start": "2025"}]')
    assert guessed.returncode == 0, guessed.stderr
    ascii_only = _tracker("--db", database, "timeline", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert ascii_only.returncode == 0 and "Piped" in ascii_only.stdout and "Traceback" not in ascii_only.stderr
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            ended = _tracker("--db", database, "export", stdout=full)
        assert ended.returncode == 1 and ended.stderr.startswith("error: disk full") and \
            ended.stderr.count("\n") == 1, ended.stderr


@pytest.fixture
def tiny_disk(tmp_path: Path) -> object:
    """A 600 KiB file system (tmpfs), mounted for the test; skipped where mounting is not allowed."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_says_so_and_leaves_no_partial_backup(tiny_disk: Path, tmp_path: Path) -> None:
    database = tiny_disk / "full.db"
    assert run("--db", str(database), "add", "--title", "First", "--start", "2025").exit_code == 0
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"title": f"event {index} " + "word " * 40, "start": "2025-01-01",
                                 "summary": "s" * 300} for index in range(5000)]))
    message = one_line_error(run("--db", str(database), "import", str(many)), code=1)
    assert message.startswith("error: disk full") and "savepoint" not in message
    assert json.loads(run("--db", str(database), "timeline", "--format", "json").stdout)[0]["title"] == "First"
    big = tmp_path / "big.db"
    assert run("--db", str(big), "import", str(many)).exit_code == 0
    message = one_line_error(run("--db", str(big), "db", "backup", str(tiny_disk / "copy.db")), code=1)
    assert "full" in message
    assert sorted(path.name for path in tiny_disk.iterdir()) == sorted(
        path.name for path in tiny_disk.iterdir() if path.name.startswith("full.db"))

