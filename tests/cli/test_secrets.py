"""A database password is never printed (issue 23): `info`, `config show`, the `db` commands and every error show
database URLs through one masking rule, even when the password holds an unencoded `@`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import run

SECRET = "p@SECRET"
"""A password with an unencoded "@": read naively, "SECRET@host" would be taken for the host and printed."""
UNREACHABLE = f"postgresql://u:{SECRET}@127.0.0.1:1/db"
"""Nothing listens on port 1: connecting fails at once, with an error that quotes the server."""


def output(result: Result) -> str:
    return result.stdout + result.stderr


@pytest.fixture
def with_password(postgres_url: str) -> str:
    """The test PostgreSQL database's URL with a password added (the test server trusts local connections, so any
    password is accepted and the commands run to their end)."""
    assert "://postgres@" in postgres_url
    return postgres_url.replace("://postgres@", f"://postgres:{SECRET}@")


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'database = "{UNREACHABLE}"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    return path


def test_config_show_masks_the_configured_database_password(configured: Path) -> None:
    result = run("config", "show")
    assert result.exit_code == 0, result.output
    assert "database = 'postgresql://u:***@127.0.0.1:1/db'" in result.stdout
    assert "SECRET" not in output(result)


def test_errors_mask_the_password_wherever_the_url_came_from(configured: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    for result in (run("--db", UNREACHABLE, "info"), run("timeline"), run("--db", UNREACHABLE, "db", "current")):
        assert result.exit_code == 1, result.output
        assert "SECRET" not in output(result), output(result)
        assert "u:***@127.0.0.1:1/db" in result.stderr, result.stderr
    monkeypatch.setenv("TRACKER_DATABASE_URL", UNREACHABLE)
    result = run("info")
    assert result.exit_code == 1 and "SECRET" not in output(result) and ":***@" in result.stderr, output(result)


def test_a_url_no_parser_reads_is_masked_too() -> None:
    result = run("--db", f"postgresql://u:{SECRET}@127.0.0.1:port/db", "info")
    assert result.exit_code == 1 and "SECRET" not in output(result), output(result)


def test_info_and_the_db_commands_mask_the_password(with_password: str) -> None:
    for args in (["info"], ["info", "--format", "json"], ["db", "upgrade"], ["db", "check"],
                 ["timeline", "--format", "json"]):
        result = run(*args, db=with_password)
        assert result.exit_code == 0, (args, result.output)
        assert "SECRET" not in output(result), (args, output(result))
    shown = json.loads(run("info", "--format", "json", db=with_password).stdout)["database"]
    assert shown.startswith("postgresql+psycopg://postgres:***@127.0.0.1:"), shown
