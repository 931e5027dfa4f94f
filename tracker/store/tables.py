"""The database schema as SQLAlchemy Core tables on one `MetaData`. Every change here comes with an Alembic migration.

Reads select from these tables directly, so a command that only reads never builds or configures the ORM;
`tracker.store.schema` maps its typed classes onto the same tables for writes, and Alembic compares them with
the database.

Dates are stored as the ISO text the user wrote (at its precision) beside the UTC bounds of the interval it
covers; the bounds are what range queries use, on indexes, and the text is what is shown and exported.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect

from tracker.dates.when import utc_now
from tracker.records import AgencyKind, EventKind, EventStatus, Outcome, RevisionStatus, Trajectory

SCHEMA_REVISION = "0012"
"""The Alembic revision these tables describe; a test checks it is the single head of alembic/versions."""

SEARCH_TABLE = "event_search"
"""The full-text index: built and kept in sync by the database (migration 0002), so no table here describes it;
the table and view that let a bulk writer index its batch once (migration 0004) share the prefix."""


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


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _reference(name: str, target: str, on_delete: str, *, nullable: bool = False, index: bool | None = None,
               primary_key: bool = False) -> Column[int]:
    """An integer column referring to `target` ("table.id")."""
    return Column(name, Integer, ForeignKey(target, ondelete=on_delete), nullable=nullable, index=index,
                  primary_key=primary_key)


metadata = MetaData(naming_convention=NAMING_CONVENTION)

agencies = Table(
    "agencies", metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    Column("name_key", String(200), nullable=False, index=True),
    Column("short_name", String(100)),
    Column("short_key", String(100), index=True),
    Column("kind", _vocabulary(AgencyKind, "agency_kind"), nullable=False),
    Column("country", String(2)),
    # The agency this one is part of (migration 0008): NASA for the Marshall Space Flight Center.
    _reference("parent_id", "agencies.id", "SET NULL", nullable=True, index=True),
)

agency_aliases = Table(
    "agency_aliases", metadata,
    _id(),
    _reference("agency_id", "agencies.id", "CASCADE"),
    Column("alias", String(200), nullable=False),
    Column("alias_key", String(200), nullable=False, index=True),
    UniqueConstraint("agency_id", "alias_key", name="uq_agency_aliases_agency_alias"),
)

people = Table(
    "people", metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    Column("name_key", String(200), nullable=False, index=True),
    Column("nationality", String(2)),
)

person_aliases = Table(
    "person_aliases", metadata,
    _id(),
    _reference("person_id", "people.id", "CASCADE"),
    Column("alias", String(200), nullable=False),
    Column("alias_key", String(200), nullable=False, index=True),
    UniqueConstraint("person_id", "alias_key", name="uq_person_aliases_person_alias"),
)

tenures = Table(  # a position a person held at an agency, from start_iso to end_iso (open while None)
    "tenures", metadata,
    _id(),
    _reference("person_id", "people.id", "CASCADE", index=True),
    _reference("agency_id", "agencies.id", "CASCADE", index=True),
    Column("role", String(200), nullable=False),
    Column("start_iso", String(40)),
    Column("end_iso", String(40)),
    _reference("source_id", "sources.id", "SET NULL", nullable=True),
)

places = Table(
    "places", metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    Column("name_key", String(200), nullable=False, index=True),
    Column("timezone", String(64)),
    Column("latitude", Float),
    Column("longitude", Float),
    # The place this one is inside (migration 0008): Florida for Kennedy Space Center.
    _reference("parent_id", "places.id", "SET NULL", nullable=True, index=True),
    Column("kind", String(20)),  # body, sea, country, region, city or site (records.PLACE_KINDS); None if unknown
)

place_aliases = Table(
    "place_aliases", metadata,
    _id(),
    _reference("place_id", "places.id", "CASCADE"),
    Column("alias", String(200), nullable=False),
    Column("alias_key", String(200), nullable=False, index=True),
    UniqueConstraint("place_id", "alias_key", name="uq_place_aliases_place_alias"),
)

agency_successions = Table(
    # An agency that took over from another (NACA -> NASA), when (ISO text at its precision) and on whose word
    # (migration 0008). A successor is not a parent: each keeps its own events.
    "agency_successions", metadata,
    _id(),
    _reference("predecessor_id", "agencies.id", "CASCADE", index=True),
    _reference("successor_id", "agencies.id", "CASCADE", index=True),
    Column("date_iso", String(40)),
    Column("note", Text, nullable=False, default=""),
    _reference("source_id", "sources.id", "SET NULL", nullable=True),
    UniqueConstraint("predecessor_id", "successor_id", name="uq_agency_successions_pair"),
)

sources = Table(
    "sources", metadata,
    _id(),
    Column("url", String(2000), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("publisher", String(200), nullable=False, default=""),
    Column("author", String(200), nullable=False, default=""),
    Column("language", String(16), nullable=False, default=""),
    Column("published_iso", String(40)),
)

events = Table(
    # A dated event: lower/upper bound, in UTC, everything its current start and end may cover.
    "events", metadata,
    _id(),
    Column("slug", String(200), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("kind", _vocabulary(EventKind, "event_kind"), nullable=False, index=True),
    Column("status", _vocabulary(EventStatus, "event_status"), nullable=False),
    Column("start_iso", String(40), nullable=False),
    Column("end_iso", String(40)),
    Column("precision", SmallInteger, nullable=False),
    Column("lower", UTCDateTime(), nullable=False),
    Column("upper", UTCDateTime(), nullable=False, index=True),
    Column("span_class", SmallInteger, nullable=False, server_default=text(str(LONGEST_SPAN_CLASS))),
    Column("timezone", String(64)),
    _reference("place_id", "places.id", "SET NULL", nullable=True, index=True),
    Column("summary", Text, nullable=False, default=""),
    Column("outcome", _vocabulary(Outcome, "event_outcome")),
    Column("designation", String(40), index=True),
    # The event's other names, one per line (migration 0005 indexes them for search).
    Column("aliases", Text, nullable=False, default="", server_default=""),
    # The designation of the launch whose flight the event is part of (migration 0007).
    Column("flight", String(40), index=True),
    Column("vehicle", String(100)),  # the launch vehicle's type as the catalogue names it ("Ariane 5G"; 0009)
    Column("vehicle_family", String(100), index=True),  # what --vehicle selects on ("Ariane 5"; 0009)
    Column("trajectory", _vocabulary(Trajectory, "event_trajectory")),  # for launches (migration 0009)
    Column("created_at", UTCDateTime(), nullable=False, default=utc_now),
    Column("updated_at", UTCDateTime(), nullable=False, default=utc_now, onupdate=utc_now),
    Index("ix_events_lower_upper", "lower", "upper"),
    Index("ix_events_span_class_lower", "span_class", "lower"),
)

event_agencies = Table(
    "event_agencies", metadata,
    _reference("event_id", "events.id", "CASCADE", primary_key=True),
    _reference("agency_id", "agencies.id", "CASCADE", primary_key=True),
    Column("role", String(200), primary_key=True, default=""),
    Column("position", Integer, nullable=False),
    # A filter on agencies reads the events they link to from this index alone (migration 0010).
    Index("ix_event_agencies_agency_id_event_id", "agency_id", "event_id"),
    # A record reads its list from this one alone, in the primary key's order (migration 0012).
    Index("ix_event_agencies_event_id_agency_id_role_position", "event_id", "agency_id", "role", "position"),
)

event_people = Table(
    "event_people", metadata,
    _reference("event_id", "events.id", "CASCADE", primary_key=True),
    _reference("person_id", "people.id", "CASCADE", primary_key=True),
    Column("role", String(200), primary_key=True, default=""),
    Column("position", Integer, nullable=False),
    Index("ix_event_people_person_id_event_id", "person_id", "event_id"),
    Index("ix_event_people_event_id_person_id_role_position", "event_id", "person_id", "role", "position"),
)

event_sources = Table(
    "event_sources", metadata,
    _reference("event_id", "events.id", "CASCADE", primary_key=True),
    _reference("source_id", "sources.id", "CASCADE", primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_event_sources_source_id_event_id", "source_id", "event_id"),
    Index("ix_event_sources_event_id_source_id_position", "event_id", "source_id", "position"),
)

date_revisions = Table(
    # A date (or place) an event had before its current one, kept rather than overwritten.
    "date_revisions", metadata,
    _id(),
    _reference("event_id", "events.id", "CASCADE", index=True),
    Column("position", Integer, nullable=False),
    Column("status", _vocabulary(RevisionStatus, "revision_status"), nullable=False),
    Column("start_iso", String(40)),
    Column("end_iso", String(40)),
    Column("lower", UTCDateTime()),
    Column("upper", UTCDateTime()),
    _reference("place_id", "places.id", "SET NULL", nullable=True),
    Column("reason", Text, nullable=False, default=""),
    _reference("source_id", "sources.id", "SET NULL", nullable=True),
    Column("recorded_iso", String(40)),
)

field_changes = Table(
    # A value an event's field had, or was offered, and what replaced it: the audit trail that lets no import,
    # seed or update erase what a user or a source gave (migration 0007). See schema.FieldChange.
    "field_changes", metadata,
    _id(),
    _reference("event_id", "events.id", "CASCADE", index=True),
    Column("field", String(40), nullable=False),
    Column("before", Text, nullable=False, default=""),
    Column("after", Text, nullable=False, default=""),
    Column("author", String(200), nullable=False),
    Column("applied", Boolean, nullable=False, default=True),
    Column("reason", Text, nullable=False, default=""),
    _reference("source_id", "sources.id", "SET NULL", nullable=True),
    Column("recorded_iso", String(40)),
)
