"""Every option is also an environment variable, TRACKER_<COMMAND>_<OPTION> named from the option as typed
(issue 23): the names the README and docs/commands.md give are the names click reads, and each is read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tests.conftest import run, slugs
from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent.parent
NOT_OPTIONS = {"TRACKER_CONFIG", "TRACKER_PAGER", "TRACKER_TEST_DATABASE_URL", "TRACKER_CI"}
"""Variables the README documents that are no option's: the configuration file, the pager, the tests' server and
strictness about skips."""


def options(command: click.Command = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                   click.Option]]:
    """Every option a user can give, with the path of the command that takes it."""
    context = click.Context(command, info_name=path[-1] if path else "tracker")
    for param in command.params:
        if isinstance(param, click.Option) and param.expose_value:
            yield path, param
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            inner = command.get_command(context, name)
            assert inner is not None
            yield from options(inner, (*path, name))


def documented() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "commands.md").read_text("utf-8")
    return {name for name in re.findall(r"(?<![A-Z_])TRACKER_[A-Z0-9_]+", text) if not name.endswith("_")}


def test_every_documented_variable_is_one_click_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    read = {option.envvar: (path, option) for path, option in options()}
    assert "TRACKER_TIMELINE_FROM" in documented() and "TRACKER_DB_CHECK_REPAIR" in documented()
    for name in sorted(documented() - NOT_OPTIONS):
        assert name in read, f"{name} is documented but no option reads it"
        _path, option = read[name]
        monkeypatch.setenv(name, "value")
        assert option.resolve_envvar_value(click.Context(cli, info_name="tracker")) == "value", name


def test_every_option_has_a_variable_of_its_own_named_as_typed() -> None:
    found = [(path, option) for path, option in options()]
    names = [option.envvar for _, option in found]
    assert len(names) == len(set(names)), "two options share a variable"
    for path, option in found:
        if path:  # the top level's --db reads TRACKER_DATABASE_URL, the variable it always had
            typed = max(option.opts, key=len).lstrip("-").replace("-", "_").upper()
            assert option.envvar == "_".join(["TRACKER", *(part.replace("-", "_").upper() for part in path), typed])


def test_variables_act_as_the_options_they_name(db: str) -> None:
    week = {"TRACKER_TIMELINE_FROM": "2025-07-28", "TRACKER_TIMELINE_TO": "2025-08-03", "TRACKER_TIMELINE_KIND":
            "launch"}
    assert [event["slug"] for event in json.loads(run("timeline", db=db, env={**week, "TRACKER_TIMELINE_FORMAT":
                                                                             "json"}).stdout)] == ["crew-11-launch"]
    assert run("timeline", "03/04/2025", db=db).exit_code == 2  # ambiguous without a day order...
    by_day = run("timeline", "03/04/2025", db=db, env={"TRACKER_TIMELINE_DAYFIRST": "1"})
    by_month = run("timeline", "03/04/2025", db=db, env={"TRACKER_TIMELINE_MONTHFIRST": "1"})
    assert by_day.exit_code == by_month.exit_code == 0, (by_day.output, by_month.output)
    assert "3 Apr 2025" in by_day.stdout.splitlines()[0] and "4 Mar 2025" in by_month.stdout.splitlines()[0]
    assert slugs(db, "timeline", "--from", "2025-07-28", "--to", "2025-08-03", "--kind", "launch") == \
        ["crew-11-launch"]  # the command line wins over a variable
    assert run("--db", "/nonexistent/x.db", "info", env={"TRACKER_DATABASE_URL": db}).exit_code == 1
    assert run("info", env={"TRACKER_DATABASE_URL": db}).stdout.startswith("database: ")
