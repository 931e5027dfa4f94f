"""The database schema as SQLAlchemy 2 typed classes, mapped onto the Core tables of `tracker.store.tables`: what
writes build, change and delete. Reads select from the tables themselves, so they never configure these mappers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from tracker.records import AgencyKind, EventKind, EventStatus, Outcome, RevisionStatus, Trajectory
from tracker.store import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class Agency(Base):
    __table__ = tables.agencies

    id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    short_name: Mapped[str | None]
    short_key: Mapped[str | None]
    kind: Mapped[AgencyKind]
    country: Mapped[str | None]
    parent_id: Mapped[int | None]
    """The agency this one is part of (migration 0008): NASA for the Marshall Space Flight Center."""
    parent: Mapped[Agency | None] = relationship(remote_side="Agency.id")
    aliases: Mapped[list[AgencyAlias]] = relationship(cascade="all, delete-orphan", order_by="AgencyAlias.id")


class AgencyAlias(Base):
    __table__ = tables.agency_aliases

    id: Mapped[int]
    agency_id: Mapped[int]
    alias: Mapped[str]
    alias_key: Mapped[str]


class Person(Base):
    __table__ = tables.people

    id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    nationality: Mapped[str | None]
    aliases: Mapped[list[PersonAlias]] = relationship(cascade="all, delete-orphan", order_by="PersonAlias.id")
    tenures: Mapped[list[Tenure]] = relationship(cascade="all, delete-orphan", order_by="Tenure.id")


class PersonAlias(Base):
    __table__ = tables.person_aliases

    id: Mapped[int]
    person_id: Mapped[int]
    alias: Mapped[str]
    alias_key: Mapped[str]


class Tenure(Base):
    """A position a person held at an agency, from `start_iso` to `end_iso` (open while None)."""

    __table__ = tables.tenures

    id: Mapped[int]
    person_id: Mapped[int]
    agency_id: Mapped[int]
    role: Mapped[str]
    start_iso: Mapped[str | None]
    end_iso: Mapped[str | None]
    source_id: Mapped[int | None]
    agency: Mapped[Agency] = relationship()
    source: Mapped[Source | None] = relationship()


class Place(Base):
    __table__ = tables.places

    id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    timezone: Mapped[str | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    parent_id: Mapped[int | None]
    """The place this one is inside (migration 0008): Florida for Kennedy Space Center."""
    parent: Mapped[Place | None] = relationship(remote_side="Place.id")
    kind: Mapped[str | None]
    """body, sea, country, region, city or site (records.PLACE_KINDS); None when not known."""
    aliases: Mapped[list[PlaceAlias]] = relationship(cascade="all, delete-orphan", order_by="PlaceAlias.id")


class PlaceAlias(Base):
    __table__ = tables.place_aliases

    id: Mapped[int]
    place_id: Mapped[int]
    alias: Mapped[str]
    alias_key: Mapped[str]


class AgencySuccession(Base):
    """An agency that took over from another (NACA -> NASA), when (ISO text at its precision) and on whose word
    (migration 0008). A successor is not a parent: each keeps its own events."""

    __table__ = tables.agency_successions

    id: Mapped[int]
    predecessor_id: Mapped[int]
    successor_id: Mapped[int]
    date_iso: Mapped[str | None]
    note: Mapped[str]
    source_id: Mapped[int | None]


class Source(Base):
    __table__ = tables.sources

    id: Mapped[int]
    url: Mapped[str]
    title: Mapped[str]
    publisher: Mapped[str]
    author: Mapped[str]
    language: Mapped[str]
    published_iso: Mapped[str | None]


class Event(Base):
    """A dated event. `lower`/`upper` bound, in UTC, everything its current start and end may cover."""

    __table__ = tables.events

    id: Mapped[int]
    slug: Mapped[str]
    title: Mapped[str]
    kind: Mapped[EventKind]
    status: Mapped[EventStatus]
    start_iso: Mapped[str]
    end_iso: Mapped[str | None]
    precision: Mapped[int]
    lower: Mapped[datetime]
    upper: Mapped[datetime]
    span_class: Mapped[int]
    timezone: Mapped[str | None]
    place_id: Mapped[int | None]
    summary: Mapped[str]
    outcome: Mapped[Outcome | None]
    designation: Mapped[str | None]
    aliases: Mapped[str]
    """The event's other names, one per line (migration 0005 indexes them for search)."""
    flight: Mapped[str | None]
    """The designation of the launch whose flight the event is part of (migration 0007)."""
    vehicle: Mapped[str | None]
    """The launch vehicle's type as the catalogue names it ("Ariane 5G"; migration 0009)."""
    vehicle_family: Mapped[str | None]
    """The vehicle's family, what `--vehicle` selects on ("Ariane 5"; migration 0009)."""
    trajectory: Mapped[Trajectory | None]
    """Orbital, suborbital or lunar surface, for launches (migration 0009)."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    place: Mapped[Place | None] = relationship()
    agencies: Mapped[list[EventAgency]] = relationship(cascade="all, delete-orphan",
                                                       order_by="EventAgency.position")
    people: Mapped[list[EventPerson]] = relationship(cascade="all, delete-orphan", order_by="EventPerson.position")
    sources: Mapped[list[EventSource]] = relationship(cascade="all, delete-orphan",
                                                      order_by="EventSource.position")
    revisions: Mapped[list[DateRevision]] = relationship(cascade="all, delete-orphan",
                                                         order_by="DateRevision.position")


class EventAgency(Base):
    __table__ = tables.event_agencies

    event_id: Mapped[int]
    agency_id: Mapped[int]
    role: Mapped[str]
    position: Mapped[int]
    agency: Mapped[Agency] = relationship()


class EventPerson(Base):
    __table__ = tables.event_people

    event_id: Mapped[int]
    person_id: Mapped[int]
    role: Mapped[str]
    position: Mapped[int]
    person: Mapped[Person] = relationship()


class EventSource(Base):
    __table__ = tables.event_sources

    event_id: Mapped[int]
    source_id: Mapped[int]
    position: Mapped[int]
    source: Mapped[Source] = relationship()


class DateRevision(Base):
    """A date (or place) an event had before its current one, kept rather than overwritten."""

    __table__ = tables.date_revisions

    id: Mapped[int]
    event_id: Mapped[int]
    position: Mapped[int]
    status: Mapped[RevisionStatus]
    start_iso: Mapped[str | None]
    end_iso: Mapped[str | None]
    lower: Mapped[datetime | None]
    upper: Mapped[datetime | None]
    place_id: Mapped[int | None]
    reason: Mapped[str]
    source_id: Mapped[int | None]
    recorded_iso: Mapped[str | None]

    place: Mapped[Place | None] = relationship()
    source: Mapped[Source | None] = relationship()


class FieldChange(Base):
    """A value an event's field had, or was offered, and what replaced it: the audit trail that lets no import,
    seed or update erase what a user or a source gave (migration 0007).

    `applied` is false for a value a source offered that a user's own edit outranked: the user's value stayed
    current and the offered one is kept here. `author` is "user" for the user's edits and imports of their own
    files, else the source's label ("bundled data", "GCAT update"); bundled data never overwrites a field whose
    latest applied change is the user's."""

    __table__ = tables.field_changes

    id: Mapped[int]
    event_id: Mapped[int]
    field: Mapped[str]
    before: Mapped[str]
    after: Mapped[str]
    author: Mapped[str]
    applied: Mapped[bool]
    reason: Mapped[str]
    source_id: Mapped[int | None]
    recorded_iso: Mapped[str | None]
