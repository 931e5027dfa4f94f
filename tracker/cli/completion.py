"""Shell completion of what the store holds: slugs by prefix, and agency, person and place names by any word of
them (`person Bak<Tab>` gives Dmitry Bakanov), as click's `shell_complete` callbacks. Every Tab starts a new
process, so a SQLite store is read with sqlite3 alone (tracker.store.lookup), never through SQLAlchemy: on the
bundled store a Tab costs a small multiple of a bare `python -c pass` (bench/completion.py, bench/RESULTS.md).

Completion never creates or migrates a database, any failure completes nothing rather than printing an error into
the shell, and a name a terminal would not show as itself (control, bidi or zero-width characters) is never
offered. Values are written for the shell that asked: escaped for bash (`Roscosmos\\ State\\ Corporation`), whose
script click would have insert them raw; zsh and fish quote what they insert themselves."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from click.shell_completion import BashComplete, CompletionItem, FishComplete, add_completion_class

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

    from tracker.store.reading import Reader

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _sqlite_file(ctx: click.Context) -> Path | None:
    """The SQLite file the command line selects (--db, else $TRACKER_DATABASE_URL, else the configuration file's
    `database`, else the default), found without SQLAlchemy; None when it selects another database."""
    from tracker.store.lookup import default_database_path, sqlite_file

    given = ctx.find_root().params.get("database") or os.environ.get("TRACKER_DATABASE_URL")
    if not given:
        from tracker.cli.settings import settings

        given = settings().database
    if not given:
        return default_database_path()
    return sqlite_file(given)


def _ask(ctx: click.Context, read: Callable[[sqlite3.Connection], list[str]],
         fallback: Callable[[Reader], list[str]]) -> list[CompletionItem]:
    """`read` run on the SQLite file the command line selects when it exists (else nothing), or `fallback` on
    another database (PostgreSQL) when it is at the current schema."""
    try:
        path = _sqlite_file(ctx)
        if path is None:
            found = _ask_store(ctx, fallback)
        elif not path.is_file():
            return []
        else:
            from tracker.store.lookup import read_only

            with read_only(path) as connection:
                found = read(connection)
    except Exception:  # a completion must never print a traceback into the user's shell
        return []
    from tracker.render.text import visible

    # The shell prints what is offered and types what is chosen: a stored name holding an escape sequence or a
    # bidi override could neither be shown safely nor typed back as itself, so it is not offered at all.
    return [CompletionItem(value) for value in found if visible(value) == value]


def _ask_store(ctx: click.Context, lookup: Callable[[Reader], list[str]]) -> list[str]:
    from tracker.cli.context import AppContext
    from tracker.store.database import Store

    store = Store(AppContext(ctx.find_root().params.get("database"), False).location())
    try:
        with store.reading() as session:
            return lookup(session)
    finally:
        store.close()


def complete_slug(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Slugs starting with what was typed."""
    from tracker.store import lookup

    def fallback(session: Reader) -> list[str]:
        from tracker.store.query import slugs_starting

        return slugs_starting(session, incomplete)

    return _ask(ctx, lambda connection: lookup.slugs_starting(connection, incomplete), fallback)


def _names(kind: str) -> Completer:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from tracker.store import lookup

        def fallback(session: Reader) -> list[str]:
            from tracker.store.directory import names_matching

            return names_matching(session, kind, incomplete)

        return _ask(ctx, lambda connection: lookup.names_matching(connection, kind, incomplete), fallback)

    return complete


complete_agency = _names("agency")
"""Agency names, short names and aliases matching what was typed by any word."""
complete_person = _names("person")
"""People's names and aliases matching what was typed by any word (a surname, a French form)."""
complete_place = _names("place")
"""Place names and aliases matching what was typed by any word."""


def complete_vehicle(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Vehicle family names and their other names (the bundled table) starting with what was typed, case- and
    accent-insensitive, in order; at most 30."""
    try:
        from tracker.names import fold
        from tracker.vehicles import bundled_vehicle_families

        typed = fold(incomplete)
        names = {name for family in bundled_vehicle_families().families for name in (family.name, *family.names)
                 if fold(name).startswith(typed)}
        return [CompletionItem(name) for name in sorted(names, key=fold)[:30]]
    except Exception:  # a completion must never print a traceback into the user's shell
        return []


_BASH_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


def bash_escaped(value: str) -> str:
    """`value` as bash reads it back as one word: every character the shell would read as syntax (a space, a
    quote, `$`, `&`, `(`...) preceded by a backslash, as `printf %q` and bash's own file-name completion write."""
    return _BASH_SPECIAL.sub(lambda found: "\\" + found.group(), value)


class EscapingBashComplete(BashComplete):
    """bash completion whose values are escaped: click's script reads them with `read` (which drops backslashes)
    and adds them unquoted, so `--agency Roscosmos\\ St<Tab>` was completed to a name bash then split in three."""

    source_template = (BashComplete.source_template
                       .replace("IFS=',' read type value", "IFS=',' read -r type value")
                       .replace("COMPREPLY+=($value)", 'COMPREPLY+=("$value")'))

    def format_completion(self, item: CompletionItem) -> str:
        """`type,value`, a plain value escaped for bash."""
        return f"{item.type},{bash_escaped(item.value) if item.type == 'plain' else item.value}"


class WholeValueFishComplete(FishComplete):
    """fish completion that keeps a value's commas: click's script split each line at every comma, so "Cape
    Canaveral Air Force Station, Eastern Test Range" was offered as "Cape Canaveral Air Force Station"."""

    source_template = FishComplete.source_template.replace('(string split "," $completion)',
                                                           '(string split -m 1 "," $completion)')


def use_escaping_shells() -> None:
    """Make `_TRACKER_COMPLETE=bash_source` and `fish_source` (and the completions they ask for) use the classes
    above instead of click's own; zsh's `compadd` quotes what it inserts, so click's zsh class is kept."""
    add_completion_class(EscapingBashComplete, "bash")
    add_completion_class(WholeValueFishComplete, "fish")
