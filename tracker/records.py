"""The plain records every format and the store exchange. They hold parsed values, never database rows."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tracker.dates.when import Span, When
from tracker.errors import InvalidRecord
from tracker.names import fold


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


def status_by_date(span: Span, now: datetime) -> EventStatus:
    """The status of an event given without one: occurred when everything it may cover is past, planned when all
    of it is to come, unconfirmed when `now` falls within it (a "2026" launch in November 2026 may be either)."""
    if span.upper <= now:
        return EventStatus.OCCURRED
    return EventStatus.PLANNED if span.lower > now else EventStatus.UNCONFIRMED


class Outcome(StrEnum):
    """How an attempt ended, for launches: reached its goal, failed, or reached a lesser one (a wrong orbit)."""

    SUCCESS = "success"
    FAILURE = "failure"
    PARTIAL = "partial"


KINDS = {kind.value: kind for kind in EventKind}
STATUSES = {status.value: status for status in EventStatus}
OUTCOMES = {outcome.value: outcome for outcome in Outcome}
"""Each member by the word written and stored for it: a dictionary look-up, several times faster than calling the
enum, for readers that turn every row of a file or a store into a record."""


class Trajectory(StrEnum):
    """Where a launch was headed: into orbit (or beyond, as GCAT counts escape launches among orbital ones), on a
    suborbital arc, or up from the surface of the Moon (a lunar module's ascent stage, a sample-return ascender)."""

    ORBITAL = "orbital"
    SUBORBITAL = "suborbital"
    LUNAR_SURFACE = "lunar surface"


TRAJECTORIES = {trajectory.value: trajectory for trajectory in Trajectory}


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
    flight: str | None = None
    """The designation of the launch whose flight this event is part of ("1969-059" for Apollo 11's landing on the
    Moon, its spacewalk and its splashdown); a launch's own flight is its designation. Links a flight's events."""
    vehicle: str | None = None
    """The launch vehicle as the catalogue names its type ("Saturn V", "Ariane 5G", "N-1 11A52")."""
    vehicle_family: str | None = None
    """The family of that vehicle a person would name ("Saturn V", "Ariane 5", "N1"): what `--vehicle` finds."""
    trajectory: Trajectory | None = None
    """For a launch: orbital, suborbital or from the lunar surface (None when not a launch or not known)."""
    given: frozenset[str] | None = field(default=None, compare=False)
    """The fields (names from EVENT_FIELDS) the record's source stated; None when it stated them all. A merge into
    a stored event changes only these: a field a file does not mention keeps its stored value."""


EVENT_FIELDS = ("title", "kind", "status", "span", "timezone", "place", "summary", "agencies", "people", "sources",
                "history", "outcome", "designation", "aliases", "flight", "vehicle", "vehicle_family", "trajectory")
"""The fields of an EventRecord a source may state or leave unsaid (the slug identifies the event)."""


def field_text(record: EventRecord, name: str) -> str:
    """One field of `record` as the plain text the history of changes keeps ("" for none): dates as ISO text,
    people and agencies as "Name (role)" joined by "; ", other lists joined by "; "."""
    if name == "span":
        return record.span.start.iso() + (f" / {record.span.end.iso()}" if record.span.end else "")
    value = getattr(record, name)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(f"{item.name} ({item.role})" if isinstance(item, Participant) and item.role
                         else item.name if isinstance(item, Participant) else str(item) for item in value)
    return str(value.value) if isinstance(value, StrEnum) else str(value)


@dataclass(frozen=True)
class FieldChangeRecord:
    """A value one field of an event had (`before`) and what replaced it (`after`), or, when not `applied`, a
    value another author offered that the user's own edit outranked; who, why, on whose word, when."""

    field: str
    before: str
    after: str
    author: str
    applied: bool = True
    reason: str = ""
    source: str | None = None
    recorded: When | None = None


class Membership(StrEnum):
    """How surely an event falls in a range: its whole interval inside, or only overlapping (an imprecise date)."""

    WITHIN = "within"
    POSSIBLY = "possibly within"


@dataclass(frozen=True)
class Match:
    """An event found by a query, and how surely it falls in the query's range."""

    event: EventRecord
    membership: Membership = Membership.WITHIN
    alias: str | None = None
    """A readable slug that opens the event too, shown in place of its catalogue slug (`apollo-11-launch`)."""

    @property
    def shown_slug(self) -> str:
        """The slug to show, so that what is seen can be opened: the readable alias when there is one."""
        return self.alias or self.event.slug


@dataclass
class AgencyRecord:
    """An organisation: space agency, company or government."""

    name: str
    short_name: str | None = None
    kind: AgencyKind = AgencyKind.OTHER
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    """The agency this one is part of, by any of its names (NASA for the Marshall Space Flight Center)."""


@dataclass(frozen=True)
class SuccessionRecord:
    """An agency that took over from another (NACA -> NASA on 1 October 1958), on a source's word. The successor
    is not the predecessor's parent: each keeps its own events."""

    predecessor: str
    successor: str
    date: When | None = None
    note: str = ""
    source: str | None = None


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
    parent: str | None = None
    """The place this one is inside, by any of its names (Florida for Kennedy Space Center)."""
    kind: str | None = None
    """country, region, city, site, sea or body (PLACE_KINDS); None when not said."""


PLACE_KINDS = ("body", "sea", "country", "region", "city", "site")
"""What a place in the tree of places is: a world, a sea, a country, a region within one, a city, a site."""


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
    successions: list[SuccessionRecord] = field(default_factory=list)


# The limits every record is held to before it is written, whatever it came from (a file, an option, a catalogue),
# so that SQLite, which stores anything, and PostgreSQL, which refuses a NUL or a name over its column's size, hold
# the same data. The sizes are those of the columns in store/schema.py.
NAME_LENGTH = 200
"""Names of agencies, people and places, their other names, roles and slugs: varchar(200)."""
SHORT_NAME_LENGTH = 100
URL_LENGTH = 2000
CODE_LENGTH = 2
"""A country or nationality: an ISO 3166 code."""
ZONE_LENGTH = 64
DESIGNATION_LENGTH = 40
VEHICLE_LENGTH = 100
"""A vehicle type or family: varchar(100)."""
LANGUAGE_LENGTH = 16


def text_problem(value: str, limit: int | None = None) -> str | None:
    """What makes `value` unfit to store, or None: a NUL, a lone surrogate (not text: it cannot be encoded),
    more than `limit` characters."""
    if "\x00" in value:
        return "contains a NUL character (\\x00), which no text may hold"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (f"contains a lone surrogate (\\u{ord(value[exc.start]):04x} at character {exc.start + 1}), "
                    "which is not a character")
    if limit is not None and len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit} are allowed"
    return None


def name_problem(value: str, limit: int = NAME_LENGTH) -> str | None:
    """What makes `value` unfit as a name (or a slug, a URL): empty or only white space, or `text_problem`. A name
    is also looked up by its folded form, kept in a column of the same size, and folding may lengthen it ("ß")."""
    found = ("is empty or only white space" if value else "is empty") if not value.strip() else \
        text_problem(value, limit)
    if found is None and not value.isascii() and len(fold(value)) > limit:
        return f"is {len(fold(value)):,} characters long once folded for look-ups; at most {limit} are allowed"
    return found


def _required_text(value: str) -> str | None:
    return ("is empty or only white space" if value else "is empty") if not value.strip() else text_problem(value)


def _slug_problem(slug: str) -> str | None:
    if not (slug.isascii() and slug.isprintable()) and any(
            unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in slug):
        return "contains a control or invisible character, which a slug (typed to name an event) may not hold"
    return name_problem(slug)


def _each(found: list[tuple[str, str | None]]) -> list[str]:
    return [f"{where}: {problem}" for where, problem in found if problem is not None]


# The checks of list items below name an item ("people[2].name") only when it has a problem: a record is checked
# for every row an import reads, and formatting the names of the items that are fine was a third of the check.

def _names(field: str, values: list[str], limit: int = NAME_LENGTH) -> list[tuple[str, str | None]]:
    return [(f"{field}[{index}]", problem) for index, value in enumerate(values)
            if (problem := name_problem(value, limit)) is not None]


def _texts(field: str, values: list[str]) -> list[tuple[str, str | None]]:
    return [(f"{field}[{index}]", problem) for index, value in enumerate(values)
            if (problem := _required_text(value)) is not None]


def _participants(field: str, items: list[Participant]) -> list[tuple[str, str | None]]:
    return [(f"{field}[{index}].{part}", problem) for index, item in enumerate(items)
            for part, problem in (("name", name_problem(item.name)), ("role", text_problem(item.role, NAME_LENGTH)))
            if problem is not None]


def _optional(value: str | None, check: str | None) -> str | None:
    return None if value is None else check


def _fits_name(value: str, limit: int) -> bool:
    """`name_problem(value, limit) is None` for a value known to be text (no NUL, no lone surrogate)."""
    return len(value) <= limit and bool(value.strip()) and (value.isascii() or len(fold(value)) <= limit)


def _fits_slug(slug: str) -> bool:
    """`_slug_problem(slug) is None` for a slug known to be text: a printable ASCII slug needs only its length and
    white space checked; any other goes through the full rule."""
    if slug.isascii() and slug.isprintable():
        return len(slug) <= NAME_LENGTH and bool(slug.strip())
    return _slug_problem(slug) is None


def fits_limits(record: EventRecord) -> bool:
    """Whether `record_problems(record)` is empty, for an event all of whose texts are known to hold no NUL and no
    lone surrogate (a CSV row read from strict UTF-8 and checked for NUL, with no backslash that a JSON escape could
    turn into either). What is left of the rules is lengths and empty names, tested here in a few comparisons a
    field instead of a problem built for each: about half of `record_problems`' time on an import's rows.
    A record with history is not judged here (False: ask `record_problems`)."""
    if record.history or not record.title.strip() or not _fits_slug(record.slug):
        return False
    if any(value is not None and len(value) > limit for value, limit in (
            (record.timezone, ZONE_LENGTH), (record.designation, DESIGNATION_LENGTH),
            (record.flight, DESIGNATION_LENGTH))):
        return False
    if any(value is not None and not _fits_name(value, limit) for value, limit in (
            (record.place, NAME_LENGTH), (record.vehicle, VEHICLE_LENGTH), (record.vehicle_family, VEHICLE_LENGTH))):
        return False
    participants = [*record.agencies, *record.people]
    return (all(_fits_name(item.name, NAME_LENGTH) and len(item.role) <= NAME_LENGTH for item in participants)
            and all(_fits_name(url, URL_LENGTH) for url in record.sources)
            and all(alias.strip() for alias in record.aliases))


def record_problems(record: EventRecord | AgencyRecord | PersonRecord | PlaceRecord | SourceRecord) -> list[str]:
    """Every field of `record` that breaks the limits all inputs share ("title: is empty", "people[2].name: is 230
    characters long; at most 200 are allowed"), each as "field: problem"; empty when the record may be stored."""
    if isinstance(record, EventRecord):
        found = [("slug", _slug_problem(record.slug)), ("title", _required_text(record.title)),
                 ("summary", text_problem(record.summary)),
                 ("timezone", _optional(record.timezone, text_problem(record.timezone or "", ZONE_LENGTH))),
                 ("place", _optional(record.place, name_problem(record.place or ""))),
                 ("designation", _optional(record.designation,
                                           text_problem(record.designation or "", DESIGNATION_LENGTH))),
                 ("flight", _optional(record.flight, text_problem(record.flight or "", DESIGNATION_LENGTH))),
                 ("vehicle", _optional(record.vehicle, name_problem(record.vehicle or "", VEHICLE_LENGTH))),
                 ("vehicle_family", _optional(record.vehicle_family,
                                              name_problem(record.vehicle_family or "", VEHICLE_LENGTH))),
                 *_participants("agencies", record.agencies), *_participants("people", record.people),
                 *_names("sources", record.sources, URL_LENGTH), *_texts("aliases", record.aliases)]
        for index, revision in enumerate(record.history):
            found += [(f"history[{index}].place", _optional(revision.place, name_problem(revision.place or ""))),
                      (f"history[{index}].source", _optional(revision.source,
                                                             name_problem(revision.source or "", URL_LENGTH))),
                      (f"history[{index}].reason", text_problem(revision.reason))]
        return _each(found)
    if isinstance(record, AgencyRecord):
        return _each([("name", name_problem(record.name)),
                      ("short_name", _optional(record.short_name, name_problem(record.short_name or "",
                                                                               SHORT_NAME_LENGTH))),
                      ("country", _optional(record.country, text_problem(record.country or "", CODE_LENGTH))),
                      *_names("aliases", record.aliases)])
    if isinstance(record, PersonRecord):
        found = [("name", name_problem(record.name)),
                 ("nationality", _optional(record.nationality, text_problem(record.nationality or "", CODE_LENGTH))),
                 *_names("aliases", record.aliases)]
        for index, tenure in enumerate(record.tenures):
            found += [(f"tenures[{index}].agency", name_problem(tenure.agency)),
                      (f"tenures[{index}].role", name_problem(tenure.role)),
                      (f"tenures[{index}].source", _optional(tenure.source,
                                                             name_problem(tenure.source or "", URL_LENGTH)))]
        return _each(found)
    if isinstance(record, PlaceRecord):
        return _each([("name", name_problem(record.name)),
                      ("timezone", _optional(record.timezone, text_problem(record.timezone or "", ZONE_LENGTH))),
                      *_names("aliases", record.aliases)])
    return _each([("url", name_problem(record.url, URL_LENGTH)), ("title", text_problem(record.title)),
                  ("publisher", text_problem(record.publisher, NAME_LENGTH)),
                  ("author", text_problem(record.author, NAME_LENGTH)),
                  ("language", text_problem(record.language, LANGUAGE_LENGTH))])


def check_record(record: EventRecord | AgencyRecord | PersonRecord | PlaceRecord | SourceRecord, where: str) -> None:
    """Raise InvalidRecord naming `where` (when given) and the field ("events[3].title: is empty") when
    `record_problems` finds anything; the first problem is reported."""
    problems = record_problems(record)
    if problems:
        raise InvalidRecord(f"{where}.{problems[0]}" if where else problems[0])
