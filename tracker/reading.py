"""Stored events read back as records, from plain rows.

One SELECT gives the events (with their place), then, for each batch of event ids, one SELECT per attached table
(agencies, people, sources, date history), grouped in Python. No ORM instance is built on this path: reading a
week or a whole store costs about what its SQL costs. The ORM stays the way events are written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, aliased

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


def read_records(session: Session, statement: EventRows, batch: int = BATCH) -> Iterator[EventRecord]:
    """The records of the events `statement` (built on `event_rows()`) selects, in its order, fetched `batch`
    at a time: memory stays flat however many there are."""
    result = session.execute(statement.execution_options(yield_per=batch))
    for rows in result.partitions():
        yield from _records(session, rows)


def _records(session: Session, rows: Sequence[Row[Any]]) -> Iterator[EventRecord]:
    ids = [row.id for row in rows]
    agencies = _grouped(session.execute(
        select(EventAgency.event_id, func.coalesce(Agency.short_name, Agency.name), EventAgency.role)
        .join(Agency, Agency.id == EventAgency.agency_id)
        .where(EventAgency.event_id.in_(ids)).order_by(EventAgency.event_id, EventAgency.position)))
    people = _grouped(session.execute(
        select(EventPerson.event_id, Person.name, EventPerson.role)
        .join(Person, Person.id == EventPerson.person_id)
        .where(EventPerson.event_id.in_(ids)).order_by(EventPerson.event_id, EventPerson.position)))
    sources = _grouped(session.execute(
        select(EventSource.event_id, Source.url)
        .join(Source, Source.id == EventSource.source_id)
        .where(EventSource.event_id.in_(ids)).order_by(EventSource.event_id, EventSource.position)))
    revisions = _grouped(session.execute(_revision_rows(ids)))
    for row in rows:
        zone = row.timezone or row.place_zone
        yield EventRecord(
            slug=row.slug, title=row.title, kind=row.kind, status=row.status,
            span=Span.parse(row.start_iso, row.end_iso, zone), timezone=row.timezone, place=row.place,
            summary=row.summary,
            agencies=[Participant(name, role) for name, role in agencies.get(row.id, ())],
            people=[Participant(name, role) for name, role in people.get(row.id, ())],
            sources=[url for (url,) in sources.get(row.id, ())],
            history=[_revision(values, zone) for values in revisions.get(row.id, ())])


def _revision_rows(ids: list[int]) -> EventRows:
    place, source = aliased(Place), aliased(Source)
    return (select(DateRevision.event_id, DateRevision.status, DateRevision.start_iso, DateRevision.end_iso,
                   place.name, DateRevision.reason, source.url, DateRevision.recorded_iso)
            .outerjoin(place, place.id == DateRevision.place_id)
            .outerjoin(source, source.id == DateRevision.source_id)
            .where(DateRevision.event_id.in_(ids)).order_by(DateRevision.event_id, DateRevision.position))


def _revision(values: tuple[Any, ...], zone: str | None) -> RevisionRecord:
    status, start, end, place, reason, source, recorded = values
    return RevisionRecord(status=status, span=Span.parse(start, end, zone) if start else None, place=place,
                          reason=reason, source=source, recorded=When.parse(recorded) if recorded else None)


def _grouped(rows: Iterable[Row[Any]]) -> dict[int, list[tuple[Any, ...]]]:
    """Rows whose first column is an event id, as the rest of each row by event id, in the order given."""
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(tuple(row[1:]))
    return grouped
