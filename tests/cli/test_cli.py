"""The command line as a user meets it: output, exit statuses and one-line errors."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.conftest import run
from tracker.cli import COMMANDS, cli
from tracker.store.database import Location, Store
from tracker.store.tables import SCHEMA_REVISION


@pytest.fixture
def bundled_url(bundled_store: Store) -> str:
    return bundled_store.location.url


def test_first_use_creates_the_default_database_and_shows_the_week_of_the_visit() -> None:
    result = run("timeline", "--from", "2025-07-28", "--to", "2025-08-03")
    assert result.exit_code == 0, result.output
    assert "loaded the bundled dataset" in result.stderr
    out = result.stdout
    assert "Timeline: 28 Jul 2025 – 3 Aug 2025 UTC" in out
    assert "Roscosmos chief Dmitry Bakanov arrives in Houston" in out
    assert "1 Aug 2025 15:43 UTC (11:43 EDT)  SpaceX Crew-11 launch" in out
    assert "scrubbed 31 Jul 2025 16:09 UTC" in out
    meeting = out[out.index("Sean Duffy meets"):]
    assert "@ Kennedy Space Center" in meeting[:400]
    second = run("timeline", "--from", "2025-07-28", "--to", "2025-08-03")
    assert second.stderr == ""  # created once, quietly reused after


def test_json_output_follows_the_contract(bundled_url: str) -> None:
    result = run("--db", bundled_url, "timeline", "--from", "2025-07-28", "--to", "2025-08-03", "--format", "json")
    assert result.exit_code == 0
    events = json.loads(result.stdout)
    by_slug = {event["slug"]: event for event in events}
    launch = by_slug["crew-11-launch"]
    assert {"slug", "title", "kind", "status", "start", "end", "precision", "timezone", "place", "agencies",
            "people", "sources"} <= set(launch)
    assert (launch["start"], launch["precision"], launch["place"]) == ("2025-08-01T15:43Z", "minute",
                                                                      "Kennedy Space Center")
    assert {"name": "Oleg Platonov", "role": "mission specialist"} in launch["people"]
    assert all(url.startswith(("http", "urn:")) for url in launch["sources"])
    assert by_slug["duffy-bakanov-meeting"]["place"] == "Kennedy Space Center"
    assert [event["slug"] for event in events].index("bakanov-arrives-houston") < \
        [event["slug"] for event in events].index("crew-11-launch")


def test_to_is_inclusive_at_its_precision(bundled_url: str) -> None:
    july = json.loads(run("--db", bundled_url, "timeline", "--from", "2025-07", "--to", "2025-07",
                          "--format", "json").stdout)
    slugs = {event["slug"] for event in july}
    assert "duffy-bakanov-meeting" in slugs  # 31 July is inside "--to 2025-07"
    assert "crew-11-launch" not in slugs  # 1 August is not


def test_a_database_named_explicitly_starts_empty(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "mine.db"), "timeline")
    assert result.exit_code == 0
    assert "No events in this range." in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "--from", "2025-13"], "error: invalid date '2025-13': month must be in 1..12\n"),
        (["timeline", "--from", "yesterday-ish"], "error: cannot read 'yesterday-ish' as a date"),
        (["timeline", "--from", "2025-08", "--to", "2025-07"], "--to 2025-07 is before --from 2025-08"),
    ],
)
def test_bad_dates_are_one_line_errors_with_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("--db", str(tmp_path / "x.db"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_one_line_with_its_password_masked() -> None:
    result = run("--db", "postgresql://user:s3cret@127.0.0.1:9/tracker", "info")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open database postgresql+psycopg://user:***@127.0.0.1:9/tracker")
    assert result.stderr.count("\n") == 1
    assert "s3cret" not in result.output


def test_info_names_the_database_revision_and_counts(bundled_url: str) -> None:
    result = run("--db", bundled_url, "info")
    assert result.exit_code == 0
    assert f"database: {Location(bundled_url).masked}" in result.stdout
    assert f"revision: {SCHEMA_REVISION}" in result.stdout
    assert "events: " in result.stdout and "events: 0" not in result.stdout


def test_db_commands_migrate_and_report(tmp_path: Path) -> None:
    database = str(tmp_path / "x.db")
    assert run("--db", database, "db", "current").stdout == "none (empty database)\n"
    assert run("--db", database, "db", "upgrade").stdout.endswith(f"empty -> {SCHEMA_REVISION}\n")
    assert run("--db", database, "db", "current").stdout == f"{SCHEMA_REVISION}\n"
    assert "base -> 0001" in run("db", "history").stdout
    refused = run("--db", database, "db", "downgrade", "base", input="n\n")
    assert refused.exit_code == 1 and run("--db", database, "db", "current").stdout == f"{SCHEMA_REVISION}\n"
    assert run("--db", database, "db", "downgrade", "base", "--yes").stdout.endswith(f"{SCHEMA_REVISION} -> base\n")
    assert run("--db", database, "db", "upgrade", "0001").stdout.endswith("empty -> 0001\n")
    upgraded = run("--db", database, "db", "upgrade")
    assert upgraded.stdout.endswith(f"0001 -> {SCHEMA_REVISION}\n") and "backed up" in upgraded.stderr
    bad = run("--db", database, "db", "upgrade", "nonsense")
    assert bad.exit_code == 1 and bad.stderr.startswith("error: unknown revision 'nonsense'")


def test_seed_loads_the_bundled_dataset_once(tmp_path: Path) -> None:
    database = str(tmp_path / "x.db")
    first = run("--db", database, "db", "seed")
    assert first.exit_code == 0 and "events created" in first.stdout and not first.stdout.startswith("0 events")
    again = run("--db", database, "db", "seed")
    assert again.stdout.startswith("0 events created, 0 updated")


def test_import_is_all_or_nothing_and_supports_dry_run(tmp_path: Path) -> None:
    database = str(tmp_path / "x.db")
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"title": "Test launch", "kind": "launch", "start": "2025-09-01"}]))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"title": "Fine", "start": "2025-09-02"}, {"title": "Wrong", "start": "2025-02-30"}]))
    dry = run("--db", database, "import", str(good), "--dry-run")
    assert dry.stdout.startswith("dry run, nothing written: 1 events created")
    refused = run("--db", database, "import", str(bad))
    assert refused.exit_code == 2
    assert refused.stderr == \
        f"error: {bad}: events[1].start: invalid date '2025-02-30': day is out of range for month\n" \
        "error: nothing was imported\n"
    assert json.loads(run("--db", database, "timeline", "--format", "json").stdout) == []
    assert run("--db", database, "import", str(good)).stdout.startswith("1 events created")


def test_untrusted_text_is_shown_literally(tmp_path: Path) -> None:
    database = str(tmp_path / "x.db")
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps([{"title": "[bold red]boom[/] \x1b[31mred", "start": "2025-09-01"}]))
    run("--db", database, "import", str(hostile))
    out = run("--db", database, "timeline").stdout
    assert "[bold red]boom[/] \\x1b[31mred" in out
    assert "\x1b" not in out


def test_help_and_version_do_not_load_the_database_layer() -> None:
    code = ("import sys; from tracker.cli import main; sys.argv = ['tracker', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'sqlalchemy' not in sys.modules and 'rich' not in sys.modules, 'heavy import'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    version = subprocess.run([sys.executable, "-m", "tracker", "--version"], check=True, capture_output=True, text=True)
    assert version.stdout.strip() == "tracker, version 0.1.0"


def _command(name: str) -> click.Command | None:
    return cli.get_command(click.Context(cli), name)


def test_help_lists_every_command_with_its_short_help() -> None:
    listed = run("--help").stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
    for line in listed:
        name, short_help = line.split(maxsplit=1)
        command = _command(name)
        assert command is not None and " ".join((command.help or "").split()).startswith(short_help.rstrip("."))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_lazily_loaded_command_is_the_one_its_name_promises(name: str) -> None:
    command = _command(name)
    assert isinstance(command, click.Command) and command.name == name
    assert run(name, "--help").stdout.startswith(f"Usage: cli {name} ")


def test_every_command_defined_in_the_cli_package_is_reachable() -> None:
    reachable = set()
    pending = [command for name in COMMANDS if (command := _command(name)) is not None]
    while pending:
        command = pending.pop()
        reachable.add(command)
        if isinstance(command, click.Group):
            pending.extend(command.commands.values())
    package = Path(__file__).resolve().parents[2] / "tracker" / "cli"
    defined = {value for path in package.glob("*.py") if path.stem != "__init__"
               for value in vars(importlib.import_module(f"tracker.cli.{path.stem}")).values()
               if isinstance(value, click.Command)}
    assert defined - reachable == set()


def test_the_timeline_process_loads_only_what_it_needs_and_collects_garbage_once_started(tmp_path: Path) -> None:
    database = str(tmp_path / "x.db")
    code = ("import gc, json, sys; from tracker.cli import main\n"
            f"sys.argv = ['tracker', '--db', {database!r}, 'timeline', '--format', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps([sorted(sys.modules), gc.isenabled(), gc.get_freeze_count()]), file=sys.stderr)")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # creates the schema
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    modules, collecting, frozen = json.loads(done.stderr.strip().splitlines()[-1])
    other_commands = {target.split(":")[0] for target in COMMANDS.values()} - {"tracker.cli.events"}
    assert "tracker.cli.events" in modules and set(modules) & other_commands == set()
    assert {"rich", "alembic"} & {name.split(".")[0] for name in modules} == set()
    assert collecting and frozen > 10_000  # start-up objects set aside, collection back on for the work


@pytest.mark.parametrize("command", [("timeline", "--format", "json"), ("show", "apollo-11-launch"),
                                     ("check", "Apollo 11 launched on 16 July 1969"),
                                     ("search", "apollo", "--format", "json"), ("export", "--format", "csv"),
                                     ("agencies",)])
def test_reading_commands_never_import_the_orm(tmp_path: Path, command: tuple[str, ...]) -> None:
    """Reads run on the Core tables through a plain connection (`Store.reading()`): neither the mapped classes of
    store.schema (what writes use) nor SQLAlchemy's ORM itself is imported (about a fifth of a `timeline`
    process's start)."""
    database = str(tmp_path / "x.db")
    events = tmp_path / "events.json"
    events.write_text(json.dumps([{"title": "Apollo 11 launch", "slug": "apollo-11-launch", "kind": "launch",
                                   "start": "1969-07-16T13:32Z", "agencies": [{"name": "NASA"}],
                                   "place": "Kennedy Space Center"}]))
    assert run("--db", database, "import", "--create-names", str(events)).exit_code == 0
    code = ("import json, sys; from tracker.cli import main\n"
            f"sys.argv = ['tracker', '--db', {database!r}, *{list(command)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    assert ("Apollo 11" in done.stdout or "NASA" in done.stdout) and "tracker.store.database" in modules
    assert "tracker.store.schema" not in modules and "sqlalchemy.orm" not in modules


def test_an_unexpected_error_is_one_line_with_the_way_to_see_more(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    import tracker.store.query

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(tracker.store.query, "iter_events", broken)
    store = str(tmp_path / "store.db")
    result = run("--db", store, "timeline", "2025")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == ("error: unexpected ZeroDivisionError: division by zero "
                                                      "(re-run with --debug to see where, and please report it)")
    with pytest.raises(ZeroDivisionError):
        run("--db", store, "--debug", "timeline", "2025")


def test_a_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.csv"
    result = run("--db", str(tmp_path / "store.db"), "export", "-o", str(target))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == f"error: cannot use {target}: No such file or directory\n"
