"""The CSV export of a store (`export --format csv`, list cells as text) with its list cells made by the database:
each event's agencies, people and sources escaped and joined in its own row as `formats.csv.format_participants` and
`format_sources` write them, and the row's cells written straight from the statement's row, without the values of
`store.export` in between. Decoding and formatting the lists in Python, then building each event's values, was
most of the export's time.

An item with white space at an edge (Python escapes it character by character) makes its list NULL: that event's
lists are then read and formatted by Python (`store.rows.attached_lists`). Tests hold the output to the bytes of the
records' export for every kind of value, on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Row, String, and_, case, func, null, or_, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from tracker.formats.csv import (
    LIST_SEPARATOR,
    NAME_SPECIALS,
    URL_SPECIALS,
    format_participants,
    format_sources,
    protect,
)
from tracker.formats.json import PRECISION_LABELS
from tracker.store import tables
from tracker.store.columns import Agency, Event, EventAgency, EventPerson, EventSource, Person, Place, Source
from tracker.store.export import exports_stored, utc_texts
from tracker.store.query import EventQuery, ordered
from tracker.store.reading import Reader, connection_of
from tracker.store.rows import BATCH, EventRows, attached_lists, event_list, sql_text

WHITE_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
               "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""Every character `str.isspace` calls white space (a test holds it to Python's)."""


class csv_list(FunctionElement[str]):  # noqa: N801 (named as SQL functions are)
    """An aggregate of the rows of a list as its CSV cell: the items (second argument, NULL for none) in the order of
    the first argument (the position), joined by `formats.csv.LIST_SEPARATOR`; NULL when the third argument is true
    of any row."""

    name = "csv_list"
    type = String()
    inherit_cache = True


@compiles(csv_list, "sqlite")
def _csv_list_on_sqlite(element: csv_list, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite 3.40 takes no ORDER BY in an aggregate: the rows come from a subquery ordered by position.
    _, item, refused = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CASE WHEN max({refused}) THEN NULL ELSE coalesce(group_concat({item}, '{LIST_SEPARATOR}'), '') END"


@compiles(csv_list, "postgresql")
def _csv_list_on_postgresql(element: csv_list, compiler: SQLCompiler, **kw: Any) -> str:
    position, item, refused = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"CASE WHEN bool_or({refused}) THEN NULL "
            f"ELSE coalesce(string_agg({item}, '{LIST_SEPARATOR}' ORDER BY {position}), '') END")


class edge_space(FunctionElement[bool]):  # noqa: N801 (named as SQL functions are)
    """Whether its argument begins or ends with white space (`WHITE_SPACE`)."""

    name = "edge_space"
    type = Boolean()
    inherit_cache = True


@compiles(edge_space, "sqlite")
def _edge_space_on_sqlite(element: edge_space, compiler: SQLCompiler, **kw: Any) -> str:
    text = compiler.process(element.clauses, **kw)
    return f"({text} != trim({text}, '{WHITE_SPACE}'))"


@compiles(edge_space, "postgresql")
def _edge_space_on_postgresql(element: edge_space, compiler: SQLCompiler, **kw: Any) -> str:
    text = compiler.process(element.clauses, **kw)
    return f"({text} <> btrim({text}, '{WHITE_SPACE}'))"


def stored_rows(session: Reader, query: EventQuery, neutralise: bool, batch: int = BATCH) -> Iterator[list[str]]:
    """The CSV cells of each event `query` selects, in its order, `batch` at a time (memory stays flat), protected
    against formula injection when `neutralise`: the rows `formats.csv.write_values` writes of their values. Only for
    a query that `store.export.exports_stored` accepts (ValueError otherwise)."""
    if not exports_stored(query):
        raise ValueError("this query is decided event by event: read it with iter_events")
    connection = connection_of(session)  # Core execution: no ORM result machinery on this path
    statement, params = ordered(session, query, _columns(connection.dialect.name), strict=query.strict)
    for rows in connection.execute(statement.execution_options(yield_per=batch), params).partitions():
        yield from _rows(connection, rows, neutralise)


_LABELS = {int(precision): label for precision, label in PRECISION_LABELS.items()}


def _rows(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]], neutralise: bool) -> Iterator[list[str]]:
    safe = protect
    for (event_id, slug, title, kind, status, start, end, zone, place, agencies, people, summary, sources, outcome,
         designation, aliases, precision, lower, upper, vehicle, family, trajectory) in rows:
        if agencies is None or people is None or sources is None:
            agencies, people, sources = _cells_in_python(connection, event_id)
        yield [safe(slug, neutralise), safe(title, neutralise), safe(kind, neutralise), safe(status, neutralise),
               start, end or "", safe(zone or "", neutralise), safe(place or "", neutralise),
               safe(agencies, neutralise), safe(people, neutralise), safe(summary, neutralise),
               safe(sources, neutralise), safe(outcome or "", neutralise), safe(designation or "", neutralise),
               safe(format_sources(aliases.split("\n")), neutralise) if aliases else "", _LABELS[precision],
               lower, upper, safe(vehicle or "", neutralise), safe(family or "", neutralise),
               safe(trajectory or "", neutralise)]


def _cells_in_python(connection: Connection, event_id: int) -> tuple[str, str, str]:
    """The list cells of an event with white space at an edge of an item, formatted by `formats.csv`."""
    lists = attached_lists(connection, [event_id])
    return (format_participants(lists.agencies.get(event_id, ())), format_participants(lists.people.get(event_id, ())),
            format_sources(lists.sources.get(event_id, ())))


@cache
def _columns(dialect: str) -> EventRows:
    """The columns `_rows` reads: the event's id, then its values in the order of `formats.csv.COLUMNS`, the
    precision as stored."""
    lower, upper = utc_texts(dialect)
    return select(
        Event.id, Event.slug, Event.title, type_coerce(Event.kind, String), type_coerce(Event.status, String),
        Event.start_iso, Event.end_iso, func.coalesce(Event.timezone, Place.timezone), Place.name,
        event_list(EventAgency.position, EventAgency.event_id,
                   *_participant(func.coalesce(Agency.short_name, Agency.name), EventAgency.role),
                   joined=(tables.agencies, Agency.id == EventAgency.agency_id), aggregate=csv_list),
        event_list(EventPerson.position, EventPerson.event_id, *_participant(Person.name, EventPerson.role),
                   joined=(tables.people, Person.id == EventPerson.person_id), aggregate=csv_list),
        Event.summary,
        event_list(EventSource.position, EventSource.event_id,
                   case((Source.url == "", null()), else_=_escaped(Source.url, URL_SPECIALS)),
                   and_(Source.url != "", edge_space(Source.url)),
                   joined=(tables.sources, Source.id == EventSource.source_id), aggregate=csv_list),
        type_coerce(Event.outcome, String), Event.designation, Event.aliases, Event.precision, lower, upper,
        Event.vehicle, Event.vehicle_family, type_coerce(Event.trajectory, String),
    ).outerjoin(tables.places, Place.id == Event.place_id)


def _participant(name: ColumnElement[str], role: ColumnElement[str]) -> tuple[ColumnElement[str], ColumnElement[bool]]:
    """A participant's item ("Name (role)", escaped; NULL without a name, as `format_participants` leaves it out),
    and whether a name or role has white space at an edge."""
    escaped = _escaped(name, NAME_SPECIALS)
    item = case((name == "", null()), (role == "", escaped),
                else_=escaped + sql_text(" (") + _escaped(role, NAME_SPECIALS) + sql_text(")"))
    return item, and_(name != "", or_(edge_space(name), edge_space(role)))


def _escaped(text: ColumnElement[str], specials: frozenset[str]) -> ColumnElement[str]:
    """`text` with a backslash before each of `specials` (the backslash itself first)."""
    for special in sorted(specials, key=lambda char: char != "\\"):
        text = func.replace(text, sql_text(special), sql_text("\\" + special))
    return text
