"""`tracker config path|show`: where the configuration file is and what it sets (read by cli/settings.py)."""

from __future__ import annotations

from dataclasses import fields

import click

from tracker.cli import say
from tracker.cli.settings import Settings, config_path, settings


@click.group("config")
def config_group() -> None:
    """Where the configuration file is, and what it sets."""


@config_group.command("path")
def _path_command() -> None:
    """Print the configuration file's path (it need not exist)."""
    say(str(config_path()))


@config_group.command("show")
def _show_command() -> None:
    """Print every setting the configuration file can hold, with its value there (or "not set"); a database URL's
    password is shown as ***."""
    found = settings()
    path = config_path()
    say(f"# {path}" + ("" if path.exists() else " (does not exist: every setting is its default)"))
    for field in fields(Settings):
        value = getattr(found, field.name)
        if value is None:
            say(f"# {field.name} is not set")
        elif isinstance(value, bool):
            say(f"{field.name} = {str(value).lower()}")
        else:
            if field.name == "database":
                from tracker.store.masking import mask_url

                value = mask_url(value)
            say(f"{field.name} = {value!r}")  # say() escapes what repr leaves (bidi, C1); markup is inert
