"""Command-line conventions other tools have taught users: suggestions for misspelt commands, options that only
make sense together, machine-readable output everywhere, and the range a phrase was read as."""

from __future__ import annotations

import json

from tests.conftest import run
from tracker.store.tables import SCHEMA_REVISION


def test_a_misspelt_command_suggests_the_one_meant() -> None:
    result = run("timline")
    assert result.exit_code == 2 and "No such command 'timline'. Did you mean 'timeline'?" in result.stderr
    assert "Did you mean 'check'?" in run("db", "chek").stderr
    assert "Did you mean" not in run("xyzzy").stderr


def test_days_without_around_is_an_error_not_ignored(db: str) -> None:
    result = run("timeline", "--days", "3", db=db)
    assert result.exit_code == 2 and "--days goes with --around" in result.stderr
    assert run("timeline", "--around", "crew-9-undocking", "--days", "3", "--format", "plain", db=db).exit_code == 0


def test_output_for_scripts_says_on_stderr_how_a_phrase_was_read(db: str, frozen_today: object) -> None:
    result = run("timeline", "--from", "il y a 3 semaines", "--format", "json", db=db)
    assert result.exit_code == 0 and json.loads(result.stdout) is not None
    assert result.stderr == 'range: 2025-07-16 .. (open) (read from --from "il y a 3 semaines")\n'
    assert run("timeline", "2025-08", "--format", "csv", db=db).stderr == \
        'range: 2025-08-01 .. 2025-08-31 (read from "2025-08")\n'
    assert "range:" not in run("timeline", "2025-08", db=db).stderr  # people read the heading
    assert "range:" not in run("timeline", "--format", "json", db=db).stderr  # no dates given, none to explain


def test_json_lines_wherever_json_is_offered(db: str) -> None:
    lines = run("timeline", "2025", "--format", "jsonl", db=db).stdout.splitlines()
    as_array = json.loads(run("timeline", "2025", "--format", "json", db=db).stdout)
    assert [json.loads(line) for line in lines] == as_array and len(lines) > 10
    exported = run("export", "2025", "--format", "jsonl", db=db).stdout.splitlines()
    assert [json.loads(line)["slug"] for line in exported] == [event["slug"] for event in as_array]
    agencies = [json.loads(line) for line in run("agencies", "--format", "jsonl", db=db).stdout.splitlines()]
    assert {"name": "National Aeronautics and Space Administration", "short_name": "NASA"}.items() <= \
        agencies[0].items()


def test_directory_info_and_revision_for_scripts(db: str) -> None:
    agencies = json.loads(run("agencies", "--format", "json", db=db).stdout)
    assert agencies[0]["short_name"] == "NASA" and agencies[0]["events"] > 0
    people = json.loads(run("people", "--format", "json", db=db).stdout)
    duffy = next(person for person in people if person["name"] == "Sean Duffy")
    assert any(tenure["agency"] == "NASA" for tenure in duffy["tenures"])
    plain = run("agencies", "--format", "plain", db=db).stdout.splitlines()
    assert plain[0].split("\t")[:3] == ["NASA", "National Aeronautics and Space Administration", "space agency"]
    import csv
    import io

    table = list(csv.DictReader(io.StringIO(run("agencies", "--format", "csv", db=db).stdout)))
    assert table[0]["short_name"] == "NASA" and int(table[0]["events"]) == agencies[0]["events"]
    crew = list(csv.DictReader(io.StringIO(run("people", "--format", "csv", db=db).stdout)))
    assert "administrator, NASA" in next(row for row in crew if row["name"] == "Sean Duffy")["positions"]
    info = json.loads(run("info", "--format", "json", db=db).stdout)
    assert info["revision"] == SCHEMA_REVISION and info["counts"]["events"] > 100
    assert json.loads(run("db", "current", "--format", "json", db=db).stdout) == {"revision": SCHEMA_REVISION,
                                                                                  "head": SCHEMA_REVISION}
