"""Names and slugs read straight from a SQLite file with the standard library's sqlite3, for shell completion.

Every Tab starts a new `tracker` process: importing SQLAlchemy and the ORM alone took most of the 1.2 s a Tab
cost, so completion reads the few columns it needs here, opened read-only, and never creates, migrates or writes a
database. PostgreSQL stores are read through SQLAlchemy by the caller (tracker.store.directory)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from tracker.names import fold

NAME_COLUMNS = {
    "agency": ("SELECT id, name, name_key, 0 FROM agencies "
               "UNION ALL SELECT id, short_name, short_key, 1 FROM agencies WHERE short_key IS NOT NULL "
               "UNION ALL SELECT agency_id, alias, alias_key, 2 FROM agency_aliases"),
    "person": ("SELECT id, name, name_key, 0 FROM people "
               "UNION ALL SELECT person_id, alias, alias_key, 2 FROM person_aliases"),
    "place": ("SELECT id, name, name_key, 0 FROM places "
              "UNION ALL SELECT place_id, alias, alias_key, 2 FROM place_aliases"),
}
"""Every name of each kind, with the id of what it names, its folded key and its rank (name, short name, alias)."""

_WORD_BREAK = re.compile(r"[^\w]+")


def default_database_path() -> Path:
    """The per-user SQLite file, in the XDG data directory (or the platform's equivalent)."""
    import platformdirs

    return platformdirs.user_data_path("tracker", appauthor=False) / "tracker.db"


def sqlite_file(given: str) -> Path | None:
    """The SQLite file `given` names (a plain path, or a `sqlite:///` URL with its path percent-decoded), read
    without SQLAlchemy; None for a URL of any other database, or one naming no file (`:memory:`)."""
    if "://" not in given:
        return Path(given).expanduser() if given.strip() else None
    scheme, _, rest = given.partition("://")
    if scheme.split("+")[0].lower() != "sqlite" or not rest.startswith("/"):
        return None
    path = unquote(rest[1:].split("?", 1)[0])
    return Path(path) if path and path != ":memory:" else None


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """The SQLite file at `path` opened read-only: nothing is created when it is missing (sqlite3.Error)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=0.2)) as connection:
        yield connection


def names_matching(connection: sqlite3.Connection, kind: str, typed: str, limit: int = 30) -> list[str]:
    """The names of `kind` ("agency", "person", "place") matching `typed` by any word, as `matching_names` says."""
    return matching_names(connection.execute(NAME_COLUMNS[kind]), typed, limit)


def matching_names(rows: Iterable[Sequence[Any]], typed: str, limit: int = 30) -> list[str]:
    """Of `rows` (id, name, folded key, rank: a query of NAME_COLUMNS), the names matching `typed` by any word,
    case- and accent-insensitive: "Bak" finds Dmitry Bakanov, "space center" Kennedy Space Center, "floride"
    Florida. Every name (name, short name, alias) that starts with what was typed is offered as it is spelled;
    an agency, person or place none of whose names starts with it but one of whose words does is offered once,
    under its own name. Those that start with it come first, then the others, each in alphabetical order; at most
    `limit`. Every name is read: a few thousand rows take milliseconds, and no index finds a word inside a name."""
    key = fold(typed)
    starting: dict[str, str] = {}  # spelled -> folded
    started: set[int] = set()
    inside: set[int] = set()
    names: dict[int, str] = {}
    for ident, spelled, folded, rank in rows:
        if not spelled or folded is None:
            continue
        if rank == 0:
            names[ident] = spelled
        if folded.startswith(key):
            starting[spelled] = folded
            started.add(ident)
        elif any(folded.startswith(key, match.end()) for match in _WORD_BREAK.finditer(folded)):
            inside.add(ident)
    first = sorted(starting, key=lambda name: (starting[name], name))
    others = sorted({names[ident] for ident in inside - started if ident in names} - set(starting),
                    key=lambda name: (fold(name), name))
    return [*first, *others][:limit]


def slugs_starting(connection: sqlite3.Connection, prefix: str, limit: int = 30) -> list[str]:
    """The slugs starting with `prefix`, in order, at most `limit`: a range on the slugs' unique index."""
    rows = connection.execute("SELECT slug FROM events WHERE slug >= ? AND slug < ? ORDER BY slug LIMIT ?",
                              (prefix, prefix + "\uffff", limit))
    return [slug for (slug,) in rows]
