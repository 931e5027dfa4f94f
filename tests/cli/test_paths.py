"""Paths that lead nowhere (issue 23): a loop of symbolic links, `~someone` for no such user, a NUL in the
configured database, a configuration file nested thousands deep: each a one-line error naming the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.test_hostile_input import one_line_error
from tracker.errors import InvalidRecord
from tracker.paths import expanded, resolved


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """A symbolic link to a link to itself."""
    first, second = tmp_path / "loop1", tmp_path / "loop2"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def test_a_symlink_loop_is_named_as_one(loop: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidRecord, match="is a loop of symbolic links"):
        resolved(loop, "the database")
    assert one_line_error(run("--db", str(loop), "info")) == \
        f"error: the database {str(loop)!r} is a loop of symbolic links, which leads to no file"
    database = str(tmp_path / "t.db")
    for args in (["export", "-o", str(loop)], ["timeline", "--svg", str(loop)]):
        assert one_line_error(run(*args, db=database)) == \
            f"error: the output file {str(loop)!r} is a loop of symbolic links, which leads to no file", args
    assert not loop.exists()


def test_a_symlink_loop_as_a_file_argument_is_one_line(loop: Path, tmp_path: Path) -> None:
    result = run("import", str(loop), db=str(tmp_path / "t.db"))
    assert result.exit_code == 2 and "Traceback" not in result.output and "loop1" in result.stderr, result.output


def test_a_home_of_no_user_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidRecord, match="there is no user 'nosuchuser-tracker' whose home"):
        expanded("~nosuchuser-tracker/x.db", "the database")
    assert one_line_error(run("--db", "~nosuchuser-tracker/x.db", "info")) == \
        "error: the database '~nosuchuser-tracker/x.db': there is no user 'nosuchuser-tracker' whose home " \
        "~nosuchuser-tracker names"
    assert "there is no user 'nosuchuser-tracker'" in one_line_error(
        run("export", "-o", "~nosuchuser-tracker/x.csv", db=str(tmp_path / "t.db")))
    config = tmp_path / "config.toml"
    config.write_text('database = "~nosuchuser-tracker/x.db"\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    assert one_line_error(run("info"), code=1) == \
        f"error: {config}: database '~nosuchuser-tracker/x.db': there is no user 'nosuchuser-tracker' whose home " \
        "~nosuchuser-tracker names"
    monkeypatch.setenv("TRACKER_CONFIG", "~nosuchuser-tracker/config.toml")
    assert "$TRACKER_CONFIG '~nosuchuser-tracker/config.toml': there is no user" in one_line_error(
        run("config", "show"))


def test_a_nul_in_the_configured_database_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('database = "/tmp/a\\u0000b.db"\n')
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    for args in (["info"], ["config", "show"]):
        assert one_line_error(run(*args), code=1) == \
            f"error: {config}: database ('/tmp/a\\x00b.db') contains a NUL character (\\x00), which no setting " \
            "may hold", args


@pytest.mark.parametrize("nested", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b = " * 5000 + "1" + "}" * 5000])
def test_a_configuration_nested_thousands_deep_is_one_line(nested: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(nested + "\n")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    assert one_line_error(run("config", "show"), code=1) == \
        f"error: cannot read the configuration file {config}: its tables or arrays are nested too deeply (no " \
        "setting is nested at all)"
