"""The export of a store, and the output of a search written for scripts: each selected event's values read straight
from its columns, without building a record.

`iter_events` gives records, and a record parses its dates into a `Span` to learn the precision and the UTC bounds
of what it may cover; for a whole store that parsing was a quarter of an export's time. The columns already hold
all of it: store/write.py writes `start_iso`, `end_iso`, `precision`, `lower` and `upper` from the one `Span` of
the record (`_event_fields`), in the zone its dates are read in, the event's own or else its place's, and it
refuses to give a place another zone while events read local dates in it (`_refuse_moving_local_dates`). So the
stored values are those a record would give, and the formats write them as they write a record's
(`formats.json.EventValues`: CSV, JSON and JSON Lines); tests hold the two outputs of every kind of event to the
same bytes, for every format, in date order and ranked, on both engines.

The lists (agencies, people, sources) are read one statement per batch (`rows.attached_lists`), equal participants
shared across the batches of a whole store, or for a search in each event's row (`rows.list_columns`); the date
history one statement per batch (`rows.date_histories`), when asked for and only for the events that have one.

The commands write JSON and JSON Lines from the objects' text the database builds (`exports.json`), and an
export's CSV with text list cells from cells the database builds (`exports.csv`); these values remain the
general path (a search's CSV, `--lists json`) and the definition both are tested against.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Row, String, exists, func, literal, select, type_coerce
from sqlalchemy.engine import Connection

from tracker.dates.ranges import LOCAL
from tracker.dates.when import Precision
from tracker.records import Participant, RevisionRecord
from tracker.store import tables
from tracker.store.columns import DateRevision, Event, Place
from tracker.store.query import EventQuery, ordered
from tracker.store.reading import Reader, connection_of
from tracker.store.rows import (
    BATCH,
    KNOWN_PARTICIPANTS,
    EventRows,
    attached_lists,
    date_histories,
    list_columns,
    participants_of,
    revision,
    sources_of,
)


class StoredEvent(NamedTuple):
    """One event's values as its columns hold them, in the order of `formats.json.EventValues`."""

    slug: str
    title: str
    kind: str
    status: str
    start: str
    end: str | None
    timezone: str | None
    """The zone its dates are read in: its own, else its place's."""
    place: str | None
    agencies: Sequence[Participant]
    people: Sequence[Participant]
    summary: str
    sources: Sequence[str]
    outcome: str | None
    designation: str | None
    aliases: Sequence[str]
    precision: Precision
    lower: str
    """The first instant its dates may cover, as ISO 8601 UTC text to the second ("2025-07-31T00:00:00Z")."""
    upper: str
    """The first instant after them, likewise."""
    vehicle: str | None
    vehicle_family: str | None
    trajectory: str | None
    flight: str | None
    history: Sequence[RevisionRecord]
    """Its earlier dates, when asked for (empty otherwise)."""


def exports_stored(query: EventQuery) -> bool:
    """Whether `stored_events` selects exactly what `iter_events` gives for `query`: the same rule in SQL, with no
    event left to be decided in Python (a range on each event's own clocks is), and not both strict and limited
    (iter_events limits first, then leaves out what is only possibly in the range)."""
    return query.range.zone != LOCAL and not (query.strict and query.limit is not None)


def stored_events(session: Reader, query: EventQuery, batch: int = BATCH, *,
                  history: bool = False) -> Iterator[StoredEvent]:
    """The values of the events `query` selects, in its order (`store.query.ordered`: best first for a ranked search,
    else date order), `batch` at a time: memory stays flat. With `history`, each event's date history too (read
    only for the events that have one). Only for a query that `exports_stored` accepts (ValueError otherwise)."""
    if not exports_stored(query):
        raise ValueError("this query is decided event by event: read it with iter_events")
    connection = connection_of(session)  # Core execution: no ORM result machinery on this path
    # A search's hits are scattered through the table: each event's lists read in its row (`rows.list_columns`)
    # cost less than a second statement looking the batch up again (5% of a 100,000-hit search at 1M); a range or
    # a whole store, read in date order, keeps the batch statement (4% faster for a whole export).
    inline = query.text is not None
    statement, params = ordered(session, query, _columns(connection.dialect.name, history, inline),
                                strict=query.strict)
    if inline:
        listed: dict[str, tuple[Participant, ...]] = {}
        for rows in connection.execute(statement.execution_options(yield_per=batch), params).partitions():
            if len(listed) > KNOWN_PARTICIPANTS:
                listed.clear()
            yield from _stored_inline(connection, rows, listed, history)
        return
    known: dict[tuple[str, str], Participant] = {}
    for rows in connection.execute(statement.execution_options(yield_per=batch), params).partitions():
        yield from _stored(connection, rows, known, history)


@cache
def _columns(dialect: str, history: bool, inline: bool) -> EventRows:
    """The columns `_stored` reads, with whether each event has a date history when `history` is asked for. The
    kind, status and outcome come back as the stored text, without SQLAlchemy's conversion of each value; the
    bounds as the text the formats write, formatted by the database (as the `events_readable` view of migration
    0006 does) in a tenth of the time Python took."""
    lower, upper = utc_texts(dialect)
    has_history = exists().where(DateRevision.event_id == Event.id) if history else literal(False)
    return select(
        Event.id, Event.slug, Event.title, type_coerce(Event.kind, String), type_coerce(Event.status, String),
        Event.start_iso, Event.end_iso, Event.timezone, Place.timezone, Place.name, Event.summary,
        type_coerce(Event.outcome, String), Event.designation, Event.aliases, Event.precision, lower, upper,
        Event.vehicle, Event.vehicle_family, type_coerce(Event.trajectory, String), Event.flight,
        *(list_columns() if inline else ()), has_history,
    ).outerjoin(tables.places, Place.id == Event.place_id)


def utc_texts(dialect: str) -> tuple[ColumnElement[str], ColumnElement[str]]:
    """The UTC bounds of each event as the text the formats write ("2025-07-31T00:00:00Z")."""
    if dialect == "postgresql":
        lower, upper = (func.to_char(column, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') for column in (Event.lower, Event.upper))
    else:
        lower, upper = (func.strftime("%Y-%m-%dT%H:%M:%SZ", column) for column in (Event.lower, Event.upper))
    return lower, upper


_PRECISIONS = {int(precision): precision for precision in Precision}


def _stored(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]],
            known: dict[tuple[str, str], Participant], history: bool) -> Iterator[StoredEvent]:
    lists = attached_lists(connection, [row[0] for row in rows], known)
    agencies, people, sources = lists.agencies.get, lists.people.get, lists.sources.get
    revisions = date_histories(connection, [row[0] for row in rows if row[-1]]) if history else {}
    for (event_id, slug, title, kind, status, start, end, own_zone, place_zone, place, summary, outcome, designation,
         aliases, precision, lower, upper, vehicle, family, trajectory, flight, dated) in rows:
        zone = own_zone or place_zone
        yield _new(StoredEvent, (
            slug, title, kind, status, start, end, zone, place, agencies(event_id, ()), people(event_id, ()), summary,
            sources(event_id, ()), outcome, designation, aliases.split("\n") if aliases else (),
            _PRECISIONS[precision], lower, upper, vehicle, family, trajectory, flight,
            [revision(values, zone) for values in revisions[event_id]] if dated else ()))


def _stored_inline(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]],
                   listed: dict[str, tuple[Participant, ...]], history: bool) -> Iterator[StoredEvent]:
    revisions = date_histories(connection, [row[0] for row in rows if row[-1]]) if history else {}
    for (event_id, slug, title, kind, status, start, end, own_zone, place_zone, place, summary, outcome, designation,
         aliases, precision, lower, upper, vehicle, family, trajectory, flight, agencies, people, sources,
         dated) in rows:
        zone = own_zone or place_zone
        yield _new(StoredEvent, (
            slug, title, kind, status, start, end, zone, place, participants_of(agencies, listed),
            participants_of(people, listed), summary, sources_of(sources), outcome, designation,
            aliases.split("\n") if aliases else (), _PRECISIONS[precision], lower, upper, vehicle, family, trajectory,
            flight, [revision(values, zone) for values in revisions[event_id]] if dated else ()))


_new = tuple.__new__
"""Makes a StoredEvent of its 23 values in a quarter of the time of its generated `__new__`, which takes them as
arguments (5% of a CSV export's time)."""
