"""Reading events back as records. The overlap rule lives here and nowhere else.

An event belongs to a range when the interval it may cover overlaps the range: `lower < range.upper` and
`upper > range.lower`, both on indexed UTC columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from tracker.model import DateRevision, Event, EventAgency, EventPerson, EventSource
from tracker.records import EventRecord, Participant, RevisionRecord
from tracker.when import Span, When


def event_zone(event: Event) -> str | None:
    """The zone an event's dates are read in: its own, else its place's."""
    return event.timezone or (event.place.timezone if event.place else None)


def _revision_record(revision: DateRevision, zone: str | None) -> RevisionRecord:
    span = Span.parse(revision.start_iso, revision.end_iso, zone) if revision.start_iso else None
    return RevisionRecord(
        status=revision.status,
        span=span,
        place=revision.place.name if revision.place else None,
        reason=revision.reason,
        source=revision.source.url if revision.source else None,
        recorded=When.parse(revision.recorded_iso) if revision.recorded_iso else None,
    )


def to_record(event: Event) -> EventRecord:
    """The record of a stored event, with its participants, sources and date history."""
    zone = event_zone(event)
    return EventRecord(
        slug=event.slug,
        title=event.title,
        kind=event.kind,
        status=event.status,
        span=Span.parse(event.start_iso, event.end_iso, zone),
        timezone=event.timezone,
        place=event.place.name if event.place else None,
        summary=event.summary,
        agencies=[Participant(link.agency.short_name or link.agency.name, link.role) for link in event.agencies],
        people=[Participant(link.person.name, link.role) for link in event.people],
        sources=[link.source.url for link in event.sources],
        history=[_revision_record(revision, zone) for revision in event.revisions],
    )


def _with_everything(statement: Select[Event]) -> Select[Event]:
    return statement.options(
        selectinload(Event.place),
        selectinload(Event.agencies).selectinload(EventAgency.agency),
        selectinload(Event.people).selectinload(EventPerson.person),
        selectinload(Event.sources).selectinload(EventSource.source),
        selectinload(Event.revisions).selectinload(DateRevision.place),
        selectinload(Event.revisions).selectinload(DateRevision.source),
    )


def events_between(session: Session, lower: datetime | None = None, upper: datetime | None = None) -> list[EventRecord]:
    """Events whose interval overlaps [lower, upper) (either bound may be open), in date order."""
    statement = select(Event)
    if upper is not None:
        statement = statement.where(Event.lower < upper)
    if lower is not None:
        statement = statement.where(Event.upper > lower)
    statement = _with_everything(statement.order_by(Event.lower, Event.upper, Event.slug))
    return [to_record(event) for event in session.scalars(statement)]


def events_by_slug(session: Session, slugs: Sequence[str]) -> dict[str, Event]:
    """The stored events among `slugs`, by slug, with everything attached loaded."""
    found: dict[str, Event] = {}
    for start in range(0, len(slugs), 500):
        chunk = list(slugs[start:start + 500])
        found.update((event.slug, event) for event in
                     session.scalars(_with_everything(select(Event).where(Event.slug.in_(chunk)))))
    return found
