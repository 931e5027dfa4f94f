"""The database schema, as SQLAlchemy 2 typed classes. Every change here comes with an Alembic migration.

Dates are stored as the ISO text the user wrote (at its precision) beside the UTC bounds of the interval it
covers; the bounds are what range queries use, on indexes, and the text is what is shown and exported.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tracker.dates.when import utc_now
from tracker.records import AgencyKind, EventKind, EventStatus, Outcome, RevisionStatus, Trajectory

SCHEMA_REVISION = "0011"
"""The Alembic revision these classes describe; a test checks it is the single head of alembic/versions."""

SEARCH_TABLE = "event_search"
"""The full-text index: built and kept in sync by the database (migration 0002), so no model describes it; the
table and view that let a bulk writer index its batch once (migration 0004) share the prefix."""


LONGEST_SPAN_CLASS = 13
"""Span classes: k in 0..12 for intervals of at most 4**k hours (4**12 hours is about 1,900 years), 13 beyond."""


def span_class(lower: datetime, upper: datetime) -> int:
    """The smallest k such that [lower, upper) lasts at most 4**k hours, capped at LONGEST_SPAN_CLASS (migration
    0003). Range queries rely on it: an event of class k overlapping [L, U) starts after L - 4**k hours."""
    seconds = (upper - lower).total_seconds()
    hours = max(1, -int(-seconds // 3600))
    return min(((hours - 1).bit_length() + 1) // 2, LONGEST_SPAN_CLASS)


def is_modelled(name: str | None, kind: str, parents: object) -> bool:
    """Whether schema comparison should look at `name`: everything but the search index and its shadow tables."""
    return not (kind == "table" and name is not None and name.startswith(SEARCH_TABLE))


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, stored naive so SQLite and PostgreSQL agree."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _vocabulary(enum: type[AgencyKind | EventKind | EventStatus | Outcome | RevisionStatus | Trajectory],
                name: str) -> Enum:
    """A string column limited to the enum's values by a CHECK constraint (no native enum to migrate)."""
    return Enum(enum, name=name, native_enum=False, create_constraint=True, length=20,
                values_callable=lambda members: [member.value for member in members])


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    short_name: Mapped[str | None] = mapped_column(String(100))
    short_key: Mapped[str | None] = mapped_column(String(100), index=True)
    kind: Mapped[AgencyKind] = mapped_column(_vocabulary(AgencyKind, "agency_kind"))
    country: Mapped[str | None] = mapped_column(String(2))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    """The agency this one is part of (migration 0008): NASA for the Marshall Space Flight Center."""
    parent: Mapped[Agency | None] = relationship(remote_side="Agency.id")
    aliases: Mapped[list[AgencyAlias]] = relationship(cascade="all, delete-orphan", order_by="AgencyAlias.id")


class AgencyAlias(Base):
    __tablename__ = "agency_aliases"
    __table_args__ = (UniqueConstraint("agency_id", "alias_key", name="uq_agency_aliases_agency_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200), index=True)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    nationality: Mapped[str | None] = mapped_column(String(2))
    aliases: Mapped[list[PersonAlias]] = relationship(cascade="all, delete-orphan", order_by="PersonAlias.id")
    tenures: Mapped[list[Tenure]] = relationship(cascade="all, delete-orphan", order_by="Tenure.id")


class PersonAlias(Base):
    __tablename__ = "person_aliases"
    __table_args__ = (UniqueConstraint("person_id", "alias_key", name="uq_person_aliases_person_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200), index=True)


class Tenure(Base):
    """A position a person held at an agency, from `start_iso` to `end_iso` (open while None)."""

    __tablename__ = "tenures"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(200))
    start_iso: Mapped[str | None] = mapped_column(String(40))
    end_iso: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    agency: Mapped[Agency] = relationship()
    source: Mapped[Source | None] = relationship()


class Place(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"), index=True)
    """The place this one is inside (migration 0008): Florida for Kennedy Space Center."""
    parent: Mapped[Place | None] = relationship(remote_side="Place.id")
    kind: Mapped[str | None] = mapped_column(String(20))
    """body, sea, country, region, city or site (records.PLACE_KINDS); None when not known."""
    aliases: Mapped[list[PlaceAlias]] = relationship(cascade="all, delete-orphan", order_by="PlaceAlias.id")


class PlaceAlias(Base):
    __tablename__ = "place_aliases"
    __table_args__ = (UniqueConstraint("place_id", "alias_key", name="uq_place_aliases_place_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200), index=True)


class AgencySuccession(Base):
    """An agency that took over from another (NACA -> NASA), when (ISO text at its precision) and on whose word
    (migration 0008). A successor is not a parent: each keeps its own events."""

    __tablename__ = "agency_successions"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id", name="uq_agency_successions_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    date_iso: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    published_iso: Mapped[str | None] = mapped_column(String(40))


class Event(Base):
    """A dated event. `lower`/`upper` bound, in UTC, everything its current start and end may cover."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_lower_upper", "lower", "upper"),
                      Index("ix_events_span_class_lower", "span_class", "lower"))

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[EventKind] = mapped_column(_vocabulary(EventKind, "event_kind"), index=True)
    status: Mapped[EventStatus] = mapped_column(_vocabulary(EventStatus, "event_status"))
    start_iso: Mapped[str] = mapped_column(String(40))
    end_iso: Mapped[str | None] = mapped_column(String(40))
    precision: Mapped[int] = mapped_column(SmallInteger)
    lower: Mapped[datetime] = mapped_column(UTCDateTime())
    upper: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    span_class: Mapped[int] = mapped_column(SmallInteger, server_default=text(str(LONGEST_SPAN_CLASS)))
    timezone: Mapped[str | None] = mapped_column(String(64))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(_vocabulary(Outcome, "event_outcome"))
    designation: Mapped[str | None] = mapped_column(String(40), index=True)
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The event's other names, one per line (migration 0005 indexes them for search)."""
    flight: Mapped[str | None] = mapped_column(String(40), index=True)
    """The designation of the launch whose flight the event is part of (migration 0007)."""
    vehicle: Mapped[str | None] = mapped_column(String(100))
    """The launch vehicle's type as the catalogue names it ("Ariane 5G"; migration 0009)."""
    vehicle_family: Mapped[str | None] = mapped_column(String(100), index=True)
    """The vehicle's family, what `--vehicle` selects on ("Ariane 5"; migration 0009)."""
    trajectory: Mapped[Trajectory | None] = mapped_column(_vocabulary(Trajectory, "event_trajectory"))
    """Orbital, suborbital or lunar surface, for launches (migration 0009)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    place: Mapped[Place | None] = relationship()
    agencies: Mapped[list[EventAgency]] = relationship(cascade="all, delete-orphan",
                                                       order_by="EventAgency.position")
    people: Mapped[list[EventPerson]] = relationship(cascade="all, delete-orphan", order_by="EventPerson.position")
    sources: Mapped[list[EventSource]] = relationship(cascade="all, delete-orphan",
                                                      order_by="EventSource.position")
    revisions: Mapped[list[DateRevision]] = relationship(cascade="all, delete-orphan",
                                                         order_by="DateRevision.position")


class EventAgency(Base):
    __tablename__ = "event_agencies"
    __table_args__ = (Index("ix_event_agencies_agency_id_event_id", "agency_id", "event_id"),)
    """A filter on agencies reads the events they link to from this index alone (migration 0010)."""

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(200), primary_key=True, default="")
    position: Mapped[int] = mapped_column(Integer)
    agency: Mapped[Agency] = relationship()


class EventPerson(Base):
    __tablename__ = "event_people"
    __table_args__ = (Index("ix_event_people_person_id_event_id", "person_id", "event_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(200), primary_key=True, default="")
    position: Mapped[int] = mapped_column(Integer)
    person: Mapped[Person] = relationship()


class EventSource(Base):
    __tablename__ = "event_sources"
    __table_args__ = (Index("ix_event_sources_source_id_event_id", "source_id", "event_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[Source] = relationship()


class DateRevision(Base):
    """A date (or place) an event had before its current one, kept rather than overwritten."""

    __tablename__ = "date_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[RevisionStatus] = mapped_column(_vocabulary(RevisionStatus, "revision_status"))
    start_iso: Mapped[str | None] = mapped_column(String(40))
    end_iso: Mapped[str | None] = mapped_column(String(40))
    lower: Mapped[datetime | None] = mapped_column(UTCDateTime())
    upper: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    recorded_iso: Mapped[str | None] = mapped_column(String(40))

    place: Mapped[Place | None] = relationship()
    source: Mapped[Source | None] = relationship()


class FieldChange(Base):
    """A value an event's field had, or was offered, and what replaced it: the audit trail that lets no import,
    seed or update erase what a user or a source gave (migration 0007).

    `applied` is false for a value a source offered that a user's own edit outranked: the user's value stayed
    current and the offered one is kept here. `author` is "user" for the user's edits and imports of their own
    files, else the source's label ("bundled data", "GCAT update"); bundled data never overwrites a field whose
    latest applied change is the user's."""

    __tablename__ = "field_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200))
    applied: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    recorded_iso: Mapped[str | None] = mapped_column(String(40))
