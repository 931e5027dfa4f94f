"""Stored events read back as records, from plain rows.

One SELECT gives the events (with their place), then, for each batch of event ids, one SELECT per attached table
(agencies, people, sources, date history), grouped in Python. No ORM instance is built on this path: reading a
week or a whole store costs about what its SQL costs. The ORM stays the way events are written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import ARRAY, ColumnElement, Integer, Row, Select, any_, bindparam, func, literal_column, select
from sqlalchemy.engine import Connection, Result
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from tracker.model import Agency, DateRevision, Event, EventAgency, EventPerson, EventSource, Person, Place, Source
from tracker.records import EventRecord, Participant, RevisionRecord
from tracker.when import Span, When

EventRows = Select[*tuple[Any, ...]]
"""A SELECT of event rows as `event_rows()` starts it, with any filters and order added."""

BATCH = 1000
"""Events whose attached rows are asked for in one statement per table."""


def event_rows() -> EventRows:
    """A SELECT of the columns a record needs, one row per event, ready for filters and ordering on `Event`."""
    return (select(Event.id, Event.slug, Event.title, Event.kind, Event.status, Event.start_iso, Event.end_iso,
                   Event.timezone, Event.summary, Place.name.label("place"), Place.timezone.label("place_zone"))
            .outerjoin(Place, Place.id == Event.place_id))


def read_records(session: Session, statement: EventRows, params: Mapping[str, object] | None = None,
                 batch: int = BATCH) -> Iterator[EventRecord]:
    """The records of the events `statement` (built on `event_rows()`, with `params` for its unbound parameters)
    selects, in its order, fetched `batch` at a time: memory stays flat however many there are."""
    connection = session.connection()  # Core execution: no ORM result machinery on this path
    for rows in connection.execute(statement.execution_options(yield_per=batch), params).partitions():
        yield from _records(connection, rows)


class _Attached(NamedTuple):
    """The statements reading what is attached to a batch of events (bound parameter `ids`), by event and order."""

    agencies: Select[int, str, str]
    people: Select[int, str, str]
    sources: Select[int, str]
    revisions: EventRows


@cache
def _attached(dialect: str) -> _Attached:
    """Built once per dialect: a week's query then costs its SQL, not the construction of its statements."""
    place, source = aliased(Place), aliased(Source)
    return _Attached(
        agencies=select(EventAgency.event_id, func.coalesce(Agency.short_name, Agency.name), EventAgency.role)
        .join(Agency, Agency.id == EventAgency.agency_id)
        .where(_among(EventAgency.event_id, dialect)).order_by(EventAgency.event_id, EventAgency.position),
        people=select(EventPerson.event_id, Person.name, EventPerson.role)
        .join(Person, Person.id == EventPerson.person_id)
        .where(_among(EventPerson.event_id, dialect)).order_by(EventPerson.event_id, EventPerson.position),
        sources=select(EventSource.event_id, Source.url)
        .join(Source, Source.id == EventSource.source_id)
        .where(_among(EventSource.event_id, dialect)).order_by(EventSource.event_id, EventSource.position),
        revisions=select(DateRevision.event_id, DateRevision.status, DateRevision.start_iso, DateRevision.end_iso,
                         place.name, DateRevision.reason, source.url, DateRevision.recorded_iso)
        .outerjoin(place, place.id == DateRevision.place_id)
        .outerjoin(source, source.id == DateRevision.source_id)
        .where(_among(DateRevision.event_id, dialect)).order_by(DateRevision.event_id, DateRevision.position))


def _among(column: InstrumentedAttribute[int], dialect: str) -> ColumnElement[bool]:
    """`column IN :ids` with the ids as one bound parameter (an array; JSON text on SQLite), so the statement is
    compiled once rather than once per batch size."""
    if dialect == "postgresql":
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_(select(literal_column("value")).select_from(func.json_each(bindparam("ids"))))


def _records(connection: Connection, rows: Sequence[Row[Any]]) -> Iterator[EventRecord]:
    ids = [row.id for row in rows]
    dialect = connection.dialect.name
    statements = _attached(dialect)
    batch = {"ids": ids if dialect == "postgresql" else json.dumps(ids)}
    agencies = _participants(connection.execute(statements.agencies, batch))
    people = _participants(connection.execute(statements.people, batch))
    sources: dict[int, list[str]] = defaultdict(list)
    for event_id, url in connection.execute(statements.sources, batch).all():
        sources[event_id].append(url)
    revisions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for event_id, *values in connection.execute(statements.revisions, batch).all():
        revisions[event_id].append(tuple(values))
    for row in rows:
        zone = row.timezone or row.place_zone
        yield EventRecord(
            slug=row.slug, title=row.title, kind=row.kind, status=row.status,
            span=Span.parse(row.start_iso, row.end_iso, zone), timezone=row.timezone, place=row.place,
            summary=row.summary, agencies=agencies.get(row.id) or [], people=people.get(row.id) or [],
            sources=sources.get(row.id) or [],
            history=[_revision(values, zone) for values in revisions.get(row.id, ())])


def _participants(result: Result[int, str, str]) -> dict[int, list[Participant]]:
    """(event id, name, role) rows as each event's participants, in order; equal participants share one object
    (they are immutable), which spares building thousands of them in a long read."""
    known: dict[tuple[str, str], Participant] = {}
    grouped: dict[int, list[Participant]] = defaultdict(list)
    for event_id, name, role in result.all():  # one fetchall, not a fetch per row
        participant = known.get((name, role))
        if participant is None:
            participant = known[name, role] = Participant(name, role)
        grouped[event_id].append(participant)
    return grouped


def _revision(values: tuple[Any, ...], zone: str | None) -> RevisionRecord:
    status, start, end, place, reason, source, recorded = values
    return RevisionRecord(status=status, span=Span.parse(start, end, zone) if start else None, place=place,
                          reason=reason, source=source, recorded=When.parse(recorded) if recorded else None)
