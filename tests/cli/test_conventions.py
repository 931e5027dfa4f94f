"""Command-line conventions other tools have taught users: suggestions for misspelt commands, options that only
make sense together, machine-readable output everywhere, and the range a phrase was read as."""

from __future__ import annotations

from tests.conftest import run


def test_a_misspelt_command_suggests_the_one_meant() -> None:
    result = run("timline")
    assert result.exit_code == 2 and "No such command 'timline'. Did you mean 'timeline'?" in result.stderr
    assert "Did you mean 'check'?" in run("db", "chek").stderr
    assert "Did you mean" not in run("xyzzy").stderr


def test_days_without_around_is_an_error_not_ignored(db: str) -> None:
    result = run("timeline", "--days", "3", db=db)
    assert result.exit_code == 2 and "--days goes with --around" in result.stderr
    assert run("timeline", "--around", "crew-9-undocking", "--days", "3", "--format", "plain", db=db).exit_code == 0
