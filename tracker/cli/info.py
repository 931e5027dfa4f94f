"""`tracker info`: which database is in use, at which schema revision, holding how much."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@pass_app
def info(app: AppContext) -> None:
    """Show the database in use (password masked), its schema revision and what it holds."""
    from tracker.bundled import GCAT_CREDIT, GCAT_URL
    from tracker.store.stats import citing, counts

    store = app.store()
    click.echo(f"database: {store.location.masked}" + ("  (default)" if store.location.is_default else ""))
    click.echo(f"revision: {store.revision()}")
    with store.session() as session:
        for name, count in counts(session).items():
            click.echo(f"{name}: {count}")
        catalogued = citing(session, GCAT_URL)
    if catalogued:
        click.echo(f"launch catalogue: {catalogued} events from {GCAT_CREDIT}")
