"""Exports other tools read as they are: pandas (JSON-array list cells, UTC instants, the same zone in every
format), the README's pandas example run as written, and calendars (ICS through the command)."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import run

LIST_COLUMNS = ("agencies", "people", "sources", "aliases")
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def seeded(database_url: str) -> str:
    assert run("db", "seed", "--without-catalogue", db=database_url).exit_code == 0
    return database_url


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_json_list_cells_read_with_json_loads_and_import_back(seeded: str, tmp_path: Path) -> None:
    exported = tmp_path / "lists.csv"
    assert run("export", "--lists", "json", "-o", str(exported), db=seeded).exit_code == 0
    rows = _rows(exported.read_text(encoding="utf-8"))
    for row in rows:
        for column in LIST_COLUMNS:
            assert isinstance(json.loads(row[column]), list), (row["slug"], column)
    crew = next(row for row in rows if row["slug"] == "crew-11-launch")
    assert {"name": "Zena Cardman", "role": "commander"} in json.loads(crew["people"])
    # Imported into an empty store, the events are the same: its text export is the seeded store's.
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    imported = run("import", str(exported), "--create-names", db=empty)
    assert imported.exit_code == 0, imported.output
    assert run("export", db=empty).stdout == run("export", db=seeded).stdout
    # and into the seeded store itself, nothing changes
    again = run("import", str(exported), db=seeded)
    assert again.exit_code == 0 and again.stdout.startswith(f"0 events created, 0 updated, {len(rows)} unchanged")


def test_a_name_starting_with_a_bracket_is_still_text(tmp_path: Path) -> None:
    source = tmp_path / "bracket.csv"
    source.write_text("title,start,agencies,sources\nx,2025,[redacted] (host); NASA,[not json\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'b.db'}"
    assert run("import", str(source), "--create-names", db=db).exit_code == 0
    [event] = json.loads(run("export", "--format", "json", db=db).stdout)
    assert event["agencies"] == [{"name": "[redacted]", "role": "host"}, {"name": "NASA", "role": ""}]
    assert event["sources"] == ["[not json"]


def test_a_json_list_of_something_else_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text('title,start,people\nx,2025,"[{""who"": ""Gagarin""}]"\n', encoding="utf-8")
    result = run("import", str(source), "--create-names", db=f"sqlite:///{tmp_path / 'b.db'}")
    assert result.exit_code == 2
    assert "line 2, column people" in result.stderr and "is not a name" in result.stderr


def test_every_format_gives_utc_instants_pandas_reads_and_the_same_zone(seeded: str) -> None:
    import pandas as pd

    written = {name: run("export", "--format", name, db=seeded).stdout for name in ("csv", "json", "jsonl")}
    frames = {"csv": pd.read_csv(io.StringIO(written["csv"]), keep_default_na=False),
              "json": pd.DataFrame(json.loads(written["json"])),
              "jsonl": pd.read_json(io.StringIO(written["jsonl"]), lines=True, dtype=False)}
    for name, frame in frames.items():
        for column in ("lower_utc", "upper_utc"):
            instants = pd.to_datetime(frame[column])  # no format= needed
            assert str(instants.dt.tz) == "UTC", name
        assert (pd.to_datetime(frame["lower_utc"]) < pd.to_datetime(frame["upper_utc"])).all()
    by_slug = {name: frame.set_index("slug") for name, frame in frames.items()}
    # A local day is its local midnight in UTC, not midnight UTC (Kennedy Space Center is UTC-4 in August).
    assert by_slug["csv"].loc["crew-11-splashdown", "lower_utc"].endswith("Z")
    zones = {name: frame["timezone"].replace("", None).tolist() for name, frame in by_slug.items()}
    assert zones["csv"] == zones["json"] == zones["jsonl"]
    assert by_slug["json"].loc["crew-11-launch", "timezone"] == "America/New_York"


def test_json_and_json_lines_give_the_same_bounds_as_csv(seeded: str) -> None:
    rows = {row["slug"]: row for row in _rows(run("export", db=seeded).stdout)}
    for line in run("export", "--format", "jsonl", db=seeded).stdout.splitlines():
        event = json.loads(line)
        row = rows[event["slug"]]
        assert (event["lower_utc"], event["upper_utc"], event["timezone"] or "") == \
            (row["lower_utc"], row["upper_utc"], row["timezone"])


def test_files_written_with_the_former_lower_and_upper_columns_still_import(tmp_path: Path) -> None:
    source = tmp_path / "old.csv"
    source.write_text("title,start,precision,lower,upper\nx,2025-07,month,2025-07-01T00:00:00Z,"
                      "2025-08-01T00:00:00Z\n", encoding="utf-8")
    result = run("import", str(source), db=f"sqlite:///{tmp_path / 'o.db'}")
    assert result.exit_code == 0, result.output


def _readme_example() -> tuple[list[str], str]:
    """The command and the Python code of the README's pandas example, as a reader would copy them."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("<!-- pandas example -->"):]
    shell = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    python = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert shell is not None and python is not None
    [command] = [line for line in shell.group(1).splitlines() if line.startswith("tracker ")]
    return shlex.split(command)[1:], python.group(1)


def test_the_readme_pandas_example_runs(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("db", "seed", "--without-catalogue", db=sqlite_url).exit_code == 0
    command, code = _readme_example()
    monkeypatch.chdir(tmp_path)
    exported = run(*command, db=sqlite_url)
    assert exported.exit_code == 0, exported.output
    namespace: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), namespace)
    per_year = namespace["per_year"]
    import pandas as pd

    assert isinstance(per_year, pd.DataFrame)
    assert per_year.loc[2025, "success"] >= 1 and set(per_year.columns) >= {"success"}
    assert list(per_year.index) == sorted(per_year.index)


def test_ics_through_the_command_marks_imprecise_dates_and_gives_geo(tmp_path: Path) -> None:
    document = {
        "places": [{"name": "Baikonur Cosmodrome", "timezone": "Asia/Almaty", "latitude": 45.965,
                    "longitude": 63.305}],
        "events": [
            {"slug": "sputnik-1", "title": "Sputnik 1 launch", "kind": "launch", "start": "1957-10-04T19:28:34Z",
             "place": "Baikonur Cosmodrome"},
            {"slug": "a-plan", "title": "A plan", "start": "2027-03", "status": "planned"},
        ],
    }
    source = tmp_path / "events.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'i.db'}"
    assert run("import", str(source), "--create-names", db=db).exit_code == 0
    text = run("export", "--format", "ics", db=db).stdout
    events = {str(vevent["uid"]): vevent for vevent in Calendar.from_ical(text).walk("VEVENT")}
    sputnik, plan = events["sputnik-1@tracker"], events["a-plan@tracker"]
    assert (sputnik["geo"].latitude, sputnik["geo"].longitude) == pytest.approx((45.965, 63.305))
    assert sputnik.decoded("dtstamp").year >= 2026  # the export's time, not 1957
    assert str(plan["summary"]) == "A plan (date known to the month)"
    assert (plan.decoded("dtend") - plan.decoded("dtstart")).days == 1
    spans = Calendar.from_ical(run("export", "--format", "ics", "--ics-spans", db=db).stdout)
    [spanned] = [vevent for vevent in spans.walk("VEVENT") if str(vevent["uid"]) == "a-plan@tracker"]
    assert (spanned.decoded("dtend") - spanned.decoded("dtstart")).days == 31


@pytest.mark.parametrize(("column", "cell", "problem"), [
    ("sources", '"[1, 2]"', "line 2, column sources: 1 is not a text"),
    ("aliases", '"[""a\\u0000b""]"', "line 2, column aliases: a text: contains a NUL character"),
    ("agencies", '"[{""name"": ""X\\u0000""}]"', "line 2, column agencies: a name: contains a NUL character"),
])
def test_json_list_cells_are_checked_like_every_cell(tmp_path: Path, column: str, cell: str, problem: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(f"title,start,{column}\nx,2025,{cell}\n", encoding="utf-8")
    result = run("import", str(source), "--create-names", db=f"sqlite:///{tmp_path / 'b.db'}")
    assert result.exit_code == 2 and problem in result.stderr, result.stderr


def test_json_list_cells_keep_names_exactly(tmp_path: Path) -> None:
    from tracker.formats.csv import parse_participants, parse_sources
    from tracker.records import Participant

    assert parse_participants('[{"name": "  padded  ", "role": null}, "Plain", {"name": " "}]') == [
        Participant("  padded  "), Participant("Plain")]
    assert parse_sources('["a;b", " ", "c\\\\d"]') == ["a;b", "c\\d"]


@pytest.mark.parametrize(("options", "problem"), [
    (["--format", "json", "--lists", "json"], "--lists json applies to CSV, not json"),
    (["--ics-spans"], "--ics-spans applies to ICS, not csv"),
])
def test_options_for_another_format_are_refused(tmp_path: Path, options: list[str], problem: str) -> None:
    result = run("export", *options, db=f"sqlite:///{tmp_path / 'e.db'}")
    assert result.exit_code == 2 and f"error: {problem}" in result.stderr
