"""The configuration file and environment variables: the database, date order and name creation set once, every
option also from TRACKER_<COMMAND>_<OPTION>, and a bad file named in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import engines, run


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The configuration file tracker reads, in a temporary XDG configuration directory (not yet written)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "config" / "tracker" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def test_config_path_and_show(config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert run("config", "path").stdout == f"{config}\n"
    assert "does not exist" in run("config", "show").stdout
    config.write_text('date_order = "dayfirst"\ncreate_names = true\n', encoding="utf-8")
    shown = run("config", "show").stdout.splitlines()
    assert "date_order = 'dayfirst'" in shown and "create_names = true" in shown and "# tz is not set" in shown
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "other.toml"))
    assert run("config", "path").stdout == f"{tmp_path / 'other.toml'}\n"


@engines("sqlite")  # one engine is enough for reading a setting
def test_the_database_and_date_order_come_from_the_file(config: Path, db: str) -> None:
    config.write_text(f'database = "{db.removeprefix("sqlite:///")}"\ndate_order = "dayfirst"\n', encoding="utf-8")
    result = run("timeline", "--from", "28/07/2025", "--to", "03/08/2025", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "duffy-bakanov-meeting" in [event["slug"] for event in json.loads(result.stdout)]
    assert result.stderr.startswith("range: 2025-07-28 .. 2025-08-03")
    # The option still wins: 07/28/2025 read day first would be month 28.
    assert run("timeline", "--from", "07/28/2025", "--monthfirst", "--format", "json").exit_code == 0


def test_a_bad_file_is_one_line_naming_file_and_key(config: Path) -> None:
    config.write_text('colour = "never"\n', encoding="utf-8")
    result = run("config", "show")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {config}: unknown key 'colour' "
                             "(known: database, pager, color, tz, date_order, create_names)\n")
    config.write_text('date_order = "backwards"\n', encoding="utf-8")
    assert "date_order must be one of dayfirst, monthfirst" in run("config", "show").stderr
    config.write_text('date_order = \n', encoding="utf-8")
    assert run("config", "show").stderr.startswith(f"error: cannot read the configuration file {config}: ")


def test_every_option_is_also_an_environment_variable(db: str) -> None:
    lines = run("timeline", "2025-08", db=db, env={"TRACKER_TIMELINE_FORMAT": "jsonl"}).stdout.splitlines()
    assert lines and all(json.loads(line)["slug"] for line in lines)
    assert run("db", "current", db=db, env={"TRACKER_DB_CURRENT_FORMAT": "json"}).stdout.startswith('{"revision"')


@pytest.mark.usefixtures("frozen_today")
@engines("sqlite")  # one engine is enough for reading a setting
def test_tz_and_color_come_from_the_file_unless_given(config: Path, db: str) -> None:
    config.write_text('tz = "local"\ncolor = "always"\n', encoding="utf-8")
    shown = run("timeline", "2025-07-29..2025-07-31", "--strict", "--no-pager", db=db).stdout
    assert "each event's local time" in shown and "\x1b[" in shown
    given = run("--color", "never", "timeline", "2025-07-29..2025-07-31", "--tz", "UTC", "--no-pager", db=db).stdout
    assert "29 Jul 2025 – 31 Jul 2025 UTC" in given and "\x1b[" not in given


def test_the_pager_comes_from_the_file_after_the_environment(config: Path) -> None:
    from tracker.cli.pager import pager_command

    assert pager_command({}, "cat") is None  # the file says no pager
    assert pager_command({}, "less -S") == "less -S"
    assert pager_command({"PAGER": "less"}, "cat") == "less"  # the environment comes first
