"""`tracker info`: which database is in use, at which schema revision, holding how much."""

from __future__ import annotations

import click

from tracker.cli import say
from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--format", "format", type=click.Choice(["plain", "json"]), default="plain", show_default=True,
              help="plain lines for people, or one JSON object for scripts.")
@pass_app
def info(app: AppContext, format: str) -> None:
    """Show the database in use (password masked), its schema revision and what it holds."""
    from tracker.bundled import GCAT_CREDIT, GCAT_URL, MCDOWELL_CREDIT, MCDOWELL_URL
    from tracker.store.stats import citing, counts, launches_by_trajectory, source_dates
    from tracker.update.origins import SOURCE_NAMES

    store = app.store()
    with store.reading() as session:
        held = counts(session)
        catalogued = citing(session, GCAT_URL)
        launches = launches_by_trajectory(session, GCAT_URL) if catalogued else {}
        crewed = citing(session, MCDOWELL_URL)
        dated = source_dates(session, list(SOURCE_NAMES))
    if format == "json":
        import json

        from tracker.cli.files import standard_output

        standard_output().write(json.dumps({"database": store.location.masked, "default": store.location.is_default,
                                            "revision": store.revision(), "counts": held,
                                            "launch_catalogue_events": catalogued,
                                            "launch_catalogue_launches": launches, "crew_list_events": crewed,
                                            "source_dates": {SOURCE_NAMES[url]: day for url, day in dated.items()}},
                                           ensure_ascii=False, indent=2)
                                + "\n")
        return
    say(f"database: {store.location.masked}" + ("  (default)" if store.location.is_default else ""))
    click.echo(f"revision: {store.revision()}")
    for name, count in held.items():
        click.echo(f"{name}: {count}")
    if catalogued:
        click.echo(f"launch catalogue: {catalogued} events from {GCAT_CREDIT}")
        for trajectory, outcomes in sorted(launches.items(), key=lambda item: -sum(item[1].values())):
            counted = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
            click.echo(f"  {trajectory} launches: {sum(outcomes.values())} ({counted})")
    if crewed:
        click.echo(f"crews and landings: {crewed} events from {MCDOWELL_CREDIT}")
    for url, name in SOURCE_NAMES.items():
        if url in dated:
            click.echo(f"{name} updated {_day(dated[url])}")


def _day(iso: str) -> str:
    """A stored source date as McDowell's stamps write it: "2026 Mar 26" (the day of an ISO date-time)."""
    from datetime import date

    if len(iso) < 10:  # a month or a year
        return iso
    day = date.fromisoformat(iso[:10])
    return f"{day.year} {day:%b} {day.day}"
