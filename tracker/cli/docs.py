"""docs/commands.md, generated from the click commands themselves, so `--help` and the reference cannot drift: a
test fails when the file differs from what this module writes. Regenerate with

    python -m tracker.cli.docs > docs/commands.md
"""

from __future__ import annotations

import inspect

import click

import tracker.cli  # the module, not its `cli`: this file defines no command of its own
from tracker.cli import environment_variable


def _commands(group: click.Group, context: click.Context) -> list[tuple[list[str], click.Command]]:
    """Every command under `group`, depth first, with its path of names ("db", "check")."""
    found: list[tuple[list[str], click.Command]] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        found.append(([name], command))
        if isinstance(command, click.Group):
            inner = click.Context(command, info_name=name, parent=context)
            found += [([name, *path], sub) for path, sub in _commands(command, inner)]
    return found


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _option_rows(command: click.Command, path: list[str], context: click.Context) -> list[str]:
    rows = []
    for param in command.get_params(context):
        # --help and --version act at once and are never read from the environment.
        if not isinstance(param, click.Option) or param.hidden or param.name is None or not param.expose_value:
            continue
        record = param.get_help_record(context)
        written, help_text = record if record else (", ".join(param.opts), "")
        variable = param.envvar if isinstance(param.envvar, str) else environment_variable(path, param)
        rows.append(f"| `{_cell(written)}` | {_cell(help_text)} | `{variable}` |")
    return rows


def reference() -> str:
    """The Markdown reference of every command: usage, help, and each option with its environment variable."""
    cli = tracker.cli.cli
    root = click.Context(cli, info_name="tracker")
    lines = ["# Command reference", "",
             "Generated from the commands' own help by `python -m tracker.cli.docs`; do not edit by hand.",
             "Every option can also be given as the environment variable shown (the command line wins).", ""]
    lines += ["## tracker", "", "```", _cell(cli.get_usage(root)), "```", "", inspect.cleandoc(cli.help or ""), "",
              "| option | what it does | environment |", "|---|---|---|", *_option_rows(cli, [], root), ""]
    for path, command in _commands(cli, root):
        context = root
        for name in path[:-1]:
            context = click.Context(cli.get_command(context, name) or cli, info_name=name, parent=context)
        context = click.Context(command, info_name=path[-1], parent=context)
        lines += [f"## tracker {' '.join(path)}", "", "```", _cell(command.get_usage(context)), "```", "",
                  inspect.cleandoc(command.help or ""), ""]
        rows = _option_rows(command, path, context)
        if rows:
            lines += ["| option | what it does | environment |", "|---|---|---|", *rows, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    click.echo(reference(), nl=False)
