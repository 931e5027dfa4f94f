"""Shell completion of what the store holds: slugs, and agency, person and place names, looked up by an index
range as the user presses Tab (click's `shell_complete` callbacks). Completion never creates or migrates a
database, any failure completes nothing rather than printing an error into the shell, and a name a terminal would
not show as itself (control, bidi or zero-width characters) is never offered."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from tracker.store.database import Session

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _ask(ctx: click.Context, lookup: Callable[[Session], list[str]]) -> list[CompletionItem]:
    """`lookup` run on the database the command line selects, when it exists and is at the current schema."""
    try:
        from tracker.cli.context import AppContext
        from tracker.store.database import Store

        root = ctx.find_root()
        location = AppContext(root.params.get("database"), False).location()
        if location.sqlite_path is not None and not location.sqlite_path.exists():
            return []
        store = Store(location)
        try:
            with store.session() as session:
                found = lookup(session)
        finally:
            store.close()
    except Exception:  # a completion must never print a traceback into the user's shell
        return []
    from tracker.render.text import visible

    # The shell prints what is offered and types what is chosen: a stored name holding an escape sequence or a
    # bidi override could neither be shown safely nor typed back as itself, so it is not offered at all.
    return [CompletionItem(value) for value in found if visible(value) == value]


def complete_slug(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Slugs starting with what was typed."""
    from tracker.store.query import slugs_starting

    return _ask(ctx, lambda session: slugs_starting(session, incomplete))


def _names(kind: str) -> Completer:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from tracker.store.directory import names_starting

        return _ask(ctx, lambda session: names_starting(session, kind, incomplete))

    return complete


complete_agency = _names("agency")
"""Agency names, short names and aliases starting with what was typed."""
complete_person = _names("person")
"""People's names and aliases starting with what was typed."""
complete_place = _names("place")
"""Place names and aliases starting with what was typed."""
