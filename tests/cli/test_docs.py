"""docs/commands.md is generated from the commands (python -m tracker.cli.docs): it must be what they say now, and
name every command and option, so `--help` and the reference cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli import COMMANDS, cli
from tracker.cli.docs import reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "commands.md"


def test_the_reference_is_what_the_commands_say() -> None:
    assert DOCS.read_text(encoding="utf-8") == reference(), \
        "docs/commands.md is stale: python -m tracker.cli.docs > docs/commands.md"


def documented_commands() -> list[str]:
    """Every command line there is: "tracker timeline", "tracker db check"."""
    lines = []
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        if isinstance(command, click.Group):
            lines += [f"tracker {name} {sub}" for sub in command.list_commands(click.Context(command))]
        else:
            lines.append(f"tracker {name}")
    return lines


def test_every_command_and_option_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    sections = {section.split("\n", 1)[0]: section for section in text.split("\n## ")[1:]}
    assert {name.split()[1] for name in documented_commands()} == set(COMMANDS)
    for line in documented_commands():
        section = sections[line]
        command: click.Command | None = cli
        for name in line.split()[1:]:
            assert isinstance(command, click.Group)
            command = command.get_command(click.Context(command), name)
        assert command is not None and command.help and command.help.split()[0] in section
        for param in command.params:
            if isinstance(param, click.Option) and param.expose_value and not param.hidden:
                assert f"`{param.opts[0]}" in section, f"{line}: {param.opts[0]} is not documented"
