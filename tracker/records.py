"""The plain records every format and the store exchange. They hold parsed values, never database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tracker.dates.when import Span, When


class EventKind(StrEnum):
    """What sort of thing happened (the taxonomy documented in the README)."""

    LAUNCH = "launch"
    LANDING = "landing"
    DOCKING = "docking"
    UNDOCKING = "undocking"
    SPACEWALK = "spacewalk"
    VISIT = "visit"
    MEETING = "meeting"
    APPOINTMENT = "appointment"
    ANNOUNCEMENT = "announcement"
    OTHER = "other"


class EventStatus(StrEnum):
    """Where an event stands: still planned, done, called off on the day, slipped, dropped, or not confirmed."""

    PLANNED = "planned"
    OCCURRED = "occurred"
    SCRUBBED = "scrubbed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    UNCONFIRMED = "unconfirmed"


class Outcome(StrEnum):
    """How an attempt ended, for launches: reached its goal, failed, or reached a lesser one (a wrong orbit)."""

    SUCCESS = "success"
    FAILURE = "failure"
    PARTIAL = "partial"


class RevisionStatus(StrEnum):
    """What became of a date an event no longer has."""

    PLANNED = "planned"  # an earlier plan, replaced by a later one
    SCRUBBED = "scrubbed"  # an attempt called off on the day
    POSTPONED = "postponed"  # slipped before the day came
    SUPERSEDED = "superseded"  # reported or claimed, later found wrong


class AgencyKind(StrEnum):
    """What sort of organisation an agency is."""

    SPACE_AGENCY = "space agency"
    COMPANY = "company"
    GOVERNMENT = "government"
    OTHER = "other"


@dataclass(frozen=True)
class Participant:
    """An agency or person named in an event, with the part they played ("commander", "host")."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class RevisionRecord:
    """A date (or place) an event had before its current one, what became of it, why, and who said so."""

    status: RevisionStatus
    span: Span | None = None
    place: str | None = None
    reason: str = ""
    source: str | None = None
    recorded: When | None = None


@dataclass
class EventRecord:
    """One dated event with everything attached to it; `span` and `place` are the current, accepted values."""

    slug: str
    title: str
    kind: EventKind
    status: EventStatus
    span: Span
    timezone: str | None = None
    place: str | None = None
    summary: str = ""
    agencies: list[Participant] = field(default_factory=list)
    people: list[Participant] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    history: list[RevisionRecord] = field(default_factory=list)
    outcome: Outcome | None = None
    designation: str | None = None
    """An identifier the event has in another catalogue: the COSPAR launch designation ("1969-059") for a launch."""
    aliases: list[str] = field(default_factory=list)
    """Other names the event goes by (payload names, the names writers use): searchable, never shown as titles."""


class Membership(StrEnum):
    """How surely an event falls in a range: its whole interval inside, or only overlapping (an imprecise date)."""

    WITHIN = "within"
    POSSIBLY = "possibly within"


@dataclass(frozen=True)
class Match:
    """An event found by a query, and how surely it falls in the query's range."""

    event: EventRecord
    membership: Membership = Membership.WITHIN


@dataclass
class AgencyRecord:
    """An organisation: space agency, company or government."""

    name: str
    short_name: str | None = None
    kind: AgencyKind = AgencyKind.OTHER
    country: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TenureRecord:
    """A person's position at an agency over time ("acting administrator" of NASA from 9 July 2025)."""

    agency: str
    role: str
    start: When | None = None
    end: When | None = None
    source: str | None = None


@dataclass
class PersonRecord:
    """A person, with other spellings of their name and the positions they held."""

    name: str
    nationality: str | None = None
    aliases: list[str] = field(default_factory=list)
    tenures: list[TenureRecord] = field(default_factory=list)


@dataclass
class PlaceRecord:
    """A place where events happen, with the IANA zone its local clocks keep (None for orbit)."""

    name: str
    timezone: str | None = None
    aliases: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class SourceRecord:
    """A document that reports events and dates, identified by its URL."""

    url: str
    title: str = ""
    publisher: str = ""
    author: str = ""
    language: str = ""
    published: When | None = None


@dataclass
class Dataset:
    """Everything one file (or the bundled data) holds, before it is written to a store."""

    agencies: list[AgencyRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    places: list[PlaceRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
