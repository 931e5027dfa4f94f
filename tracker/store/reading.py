"""What a read is given: a connection, or a write's ORM session.

The reading modules (query, rows, directory, search, export, ...) select from the Core tables and need nothing of
the ORM. A read-only command opens a plain connection (`Store.reading()`), so its process never imports
`sqlalchemy.orm` (about a fifth of a `timeline` process's start). A write reads through the session it writes with;
what the session holds unwritten is flushed first, as `Session.execute` would, so the read sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, Union

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Reader: TypeAlias = Union["Session", Connection]
"""What every read function takes: `Store.reading()`'s connection, or a session (`Store.session()`,
`Store.transaction()`)."""


def connection_of(reader: Reader) -> Connection:
    """The connection `reader` reads through; a session's unwritten changes are flushed to it first."""
    if isinstance(reader, Connection):
        return reader
    if reader.autoflush:
        reader.flush()
    return reader.connection()


def dialect_of(reader: Reader) -> str:
    """"sqlite" or "postgresql": the engine `reader` reads from."""
    if isinstance(reader, Connection):
        return reader.dialect.name
    return reader.get_bind().dialect.name
