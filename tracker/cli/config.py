"""`tracker config path|show`: where the configuration file is and what it sets (read by cli/settings.py)."""

from __future__ import annotations

from dataclasses import fields

import click

from tracker.cli.settings import Settings, config_path, settings


@click.group("config")
def config_group() -> None:
    """Where the configuration file is, and what it sets."""


@config_group.command("path")
def _path_command() -> None:
    """Print the configuration file's path (it need not exist)."""
    click.echo(str(config_path()))


@config_group.command("show")
def _show_command() -> None:
    """Print every setting the configuration file can hold, with its value there (or "not set")."""
    found = settings()
    path = config_path()
    click.echo(f"# {path}" + ("" if path.exists() else " (does not exist: every setting is its default)"))
    for field in fields(Settings):
        value = getattr(found, field.name)
        if value is None:
            click.echo(f"# {field.name} is not set")
        else:
            click.echo(f"{field.name} = {str(value).lower() if isinstance(value, bool) else repr(value)}")
