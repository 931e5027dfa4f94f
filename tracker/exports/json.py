"""The JSON output of an export or a search (`--format json` and `jsonl`) written by the database: each event's
object as the text `formats.json` writes of its values (`values_to_json`, then `encode`), built in the event's own
row. A 100,000-hit search spent most of its time decoding the lists' JSON into participants and encoding each
event again; here Python only adds what SQL cannot spell: the date history (read for the events that have one) and
the aliases (one text of lines in the store, a list in the output).

Every text is quoted by the database (`rows.json_text`), its lists joined as Python's encoder joins them
(`rows.json_text_list`); tests hold the output to the bytes `store.export` and the records write, for every kind of
value, on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, case, exists, func, select
from sqlalchemy.engine import Connection

from tracker.formats.json import EVENT_FIELDS, PRECISION_LABELS, encode, history_to_json
from tracker.store import tables
from tracker.store.columns import DateRevision, Event, Place
from tracker.store.export import exports_stored, utc_texts
from tracker.store.query import EventQuery, ordered
from tracker.store.reading import Reader, connection_of
from tracker.store.rows import BATCH, EventRows, date_histories, json_text, list_texts, revision, sql_text

WRITTEN_IN_PYTHON = ("history", "aliases")
"""The keys of an event object whose values Python writes, in order; the database writes the keys before, between
and after them."""


def stored_json(session: Reader, query: EventQuery, batch: int = BATCH) -> Iterator[str]:
    """The JSON text of each event `query` selects, in its order, `batch` at a time (memory stays flat), date
    history included. Only for a query that `store.export.exports_stored` accepts (ValueError otherwise)."""
    if not exports_stored(query):
        raise ValueError("this query is decided event by event: read it with iter_events")
    connection = connection_of(session)  # Core execution: no ORM result machinery on this path
    statement, params = ordered(session, query, _columns(connection.dialect.name), strict=query.strict)
    for rows in connection.execute(statement.execution_options(yield_per=batch), params).partitions():
        yield from _objects(connection, rows)


def _objects(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]]) -> Iterator[str]:
    revisions = date_histories(connection, [row[0] for row in rows if row[-1]])
    for event_id, before, between, after, aliases, zone, dated in rows:
        history = encode(history_to_json([revision(values, zone) for values in revisions[event_id]])) if dated \
            else "[]"
        listed = encode(aliases.split("\n")) if aliases else "[]"
        yield f'{before}, "history": {history}, {between}, "aliases": {listed}, {after}'


@cache
def _columns(dialect: str) -> EventRows:
    """Each event's id; its object's text before the history, between the history and the aliases, and after the
    aliases; its aliases as stored; the zone its dates are read in; whether it has a date history."""
    zone = func.coalesce(Event.timezone, Place.timezone)
    history, aliases = (EVENT_FIELDS.index(key) for key in WRITTEN_IN_PYTHON)
    values = _values(dialect, zone)
    before, between, after = EVENT_FIELDS[:history], EVENT_FIELDS[history + 1:aliases], EVENT_FIELDS[aliases + 1:]
    return select(
        Event.id, sql_text("{") + _members(before, values), _members(between, values),
        _members(after, values) + sql_text("}"), Event.aliases, zone,
        exists().where(DateRevision.event_id == Event.id),
    ).outerjoin(tables.places, Place.id == Event.place_id)


def _values(dialect: str, zone: ColumnElement[str]) -> dict[str, ColumnElement[str]]:
    """The JSON text of each value the database writes, by key."""
    lower, upper = utc_texts(dialect)
    agencies, people, sources = list_texts()
    precision = case({int(precision): sql_text(encode(label)) for precision, label in PRECISION_LABELS.items()},
                     value=Event.precision)
    return {"slug": json_text(Event.slug), "title": json_text(Event.title), "kind": json_text(Event.kind),
            "status": json_text(Event.status), "start": json_text(Event.start_iso), "end": json_text(Event.end_iso),
            "precision": precision, "lower_utc": json_text(lower), "upper_utc": json_text(upper),
            "timezone": json_text(zone), "place": json_text(Place.name), "summary": json_text(Event.summary),
            "agencies": agencies, "people": people, "sources": sources, "outcome": json_text(Event.outcome),
            "designation": json_text(Event.designation), "flight": json_text(Event.flight),
            "vehicle": json_text(Event.vehicle), "vehicle_family": json_text(Event.vehicle_family),
            "trajectory": json_text(Event.trajectory)}


def _members(keys: Sequence[str], values: dict[str, ColumnElement[str]]) -> ColumnElement[str]:
    """`"key": value` for each of `keys`, separated by ", " as Python's encoder writes them."""
    text: ColumnElement[str] | None = None
    for key in keys:
        member = sql_text(f"{', ' if text is not None else ''}{encode(key)}: ") + values[key]
        text = member if text is None else text + member
    assert text is not None
    return text
