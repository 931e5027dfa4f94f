"""The README is the first thing a newcomer reads: it names every command."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli import COMMANDS, cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _command_lines() -> list[str]:
    names = []
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        if isinstance(command, click.Group):
            names += [f"tracker {name} {sub}" for sub in command.commands]
        else:
            names.append(f"tracker {name}")
    return names


def test_the_readme_names_every_command() -> None:
    missing = [line for line in _command_lines() if line not in README]
    assert missing == []


def test_the_commands_are_all_found() -> None:
    assert "tracker timeline" in _command_lines() and "tracker db seed" in _command_lines()
