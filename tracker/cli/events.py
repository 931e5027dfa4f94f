"""Commands that show events: `tracker timeline`."""

from __future__ import annotations

import sys

import click

from tracker.cli.context import AppContext, pass_app


def _range_heading(start: str | None, end: str | None) -> str:
    from tracker.when import When

    first = When.parse(start).label() if start else "the beginning"
    last = When.parse(end).label() if end else "the end"
    return f"Timeline: {first} – {last} (UTC)"


@click.command()
@click.option("--from", "start", metavar="DATE", help="Earliest date, ISO 8601 at any precision (2025, 2025-07-28).")
@click.option("--to", "end", metavar="DATE", help="Latest date, inclusive at its precision (2025-07 is all July).")
@click.option("--format", "output", type=click.Choice(["rich", "json"]), default="rich", show_default=True,
              help="rich for people, json for scripts (the contract in docs/data-format.md).")
@pass_app
def timeline(app: AppContext, start: str | None, end: str | None, output: str) -> None:
    """Events in date order, from --from to --to (both optional)."""
    from tracker.query import events_between
    from tracker.when import When

    lower = When.parse(start).lower if start else None
    upper = When.parse(end).upper if end else None
    if lower is not None and upper is not None and upper <= lower:
        raise click.BadParameter(f"--to {end} is before --from {start}")
    with app.store().session() as session:
        events = events_between(session, lower, upper)
    if output == "json":
        from tracker.formats.json import write_events

        write_events(events, sys.stdout)
        return
    from rich.console import Console

    from tracker.render.timeline import timeline as render_timeline

    Console().print(render_timeline(events, _range_heading(start, end)))
