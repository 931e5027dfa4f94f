"""Writing records into the store: agencies, people, places and sources merged by name, events upserted by slug,
new events inserted in bulk and indexed once per batch, changed dates kept in history.

Writing is idempotent: the same records written twice change nothing the second time. Names are resolved the
way a user expects (short names and aliases, case- and accent-insensitive); unknown ones are created.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import String, Text

from tracker.dates.when import Precision, Span, When, utc_now
from tracker.errors import InvalidImport
from tracker.names import fold
from tracker.records import (
    EVENT_FIELDS,
    AgencyKind,
    AgencyRecord,
    Dataset,
    EventRecord,
    EventStatus,
    Participant,
    PersonRecord,
    PlaceRecord,
    RevisionRecord,
    RevisionStatus,
    SourceRecord,
    SuccessionRecord,
    field_text,
)
from tracker.store import tables
from tracker.store.entities import Directory
from tracker.store.rows import among, list_param, records_by_slug
from tracker.store.schema import (
    Agency,
    AgencySuccession,
    Base,
    DateRevision,
    Event,
    EventAgency,
    EventPerson,
    EventSource,
    FieldChange,
    Person,
    Place,
    Source,
    Tenure,
)
from tracker.store.search_index import (
    BulkLoad,
    SearchTerms,
    bulk_load,
    entity_terms,
    index_rows,
    indexed_once,
    search_names,
)
from tracker.store.tables import span_class

Link = TypeVar("Link", EventAgency, EventPerson, EventSource)
T = TypeVar("T")
BATCH = 2000  # events written per round: bounds memory and statement size
_LOOKED_UP = ("events", "sources", "places", "place_aliases", "agencies", "agency_aliases", "event_agencies", "people",
              "person_aliases", "event_people")
"""The tables a write looks rows up in, directly or through the search index's names."""
_NEVER_ANALYZED = text(
    "SELECT relname FROM pg_class WHERE relname = ANY(:tables) AND relkind = 'r' AND reltuples < 0 "
    "AND pg_table_is_visible(oid) ORDER BY relname").bindparams(bindparam("tables", type_=ARRAY(Text)))


USER = "user"
"""The author of the user's own writes (edits, additions, imports of their files): outranks every other author."""


class OnConflict(StrEnum):
    """What to do with an incoming event whose slug exists with different content."""

    UPDATE = "update"
    SKIP = "skip"
    FAIL = "fail"


@dataclass
class ImportReport:
    """What a write did: rows created by kind, events updated, unchanged and skipped."""

    created: Counter[str] = field(default_factory=Counter)
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    changes: list[str] = field(default_factory=list)
    """Per updated event, which fields changed and which were emptied ("crew-11-launch: place, summary changed;
    agencies emptied"), the first `DETAILED` of them."""
    conflicts: list[str] = field(default_factory=list)
    """Per field a user's edit kept against another author's value, the first `DETAILED` of them."""
    more_changes: int = 0
    more_conflicts: int = 0

    DETAILED: ClassVar[int] = 1000
    """How many changes and conflicts are described one by one: the rest are counted, so memory stays bounded."""

    def summary(self) -> str:
        """One line: "62 events created, 0 updated, 0 unchanged, 0 skipped; 40 people, 12 agencies created"."""
        events = (f"{self.created['events']} events created, {self.updated} updated, {self.unchanged} unchanged, "
                  f"{self.skipped} skipped")
        others = [f"{count} {kind}" for kind, count in sorted(self.created.items()) if kind != "events" and count]
        return events + (f"; {', '.join(others)} created" if others else "")

    def add(self, other: ImportReport) -> None:
        """Count what `other` did too."""
        self.created.update(other.created)
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        for line in other.changes:
            self.note_change(line)
        for line in other.conflicts:
            self.note_conflict(line)
        self.more_changes += other.more_changes
        self.more_conflicts += other.more_conflicts

    def note_change(self, line: str) -> None:
        """Describe one updated event, or count it once `DETAILED` are described."""
        if len(self.changes) < self.DETAILED:
            self.changes.append(line)
        else:
            self.more_changes += 1

    def note_conflict(self, line: str) -> None:
        """Describe one field kept against another author's value, or count it once `DETAILED` are described."""
        if len(self.conflicts) < self.DETAILED:
            self.conflicts.append(line)
        else:
            self.more_conflicts += 1


class _Writer:
    """One write of records into a session, with the name directories it keeps up to date as it creates."""

    def __init__(self, session: Session, report: ImportReport | None = None,
                 revision_reason: str = "replaced by an import", author: str = USER, replace_all: bool = False,
                 change_source: str | None = None) -> None:
        self.session = session
        self.revision_reason = revision_reason
        """Why a date an update replaces went to the history ("GCAT update" for a newer launch log)."""
        self.author = author
        """Who the values written come from: USER, or a source's label ("bundled data"), which a user's own edits
        outrank."""
        self.replace_all = replace_all
        """Whether an incoming record is the whole truth about its event (`import --replace`)."""
        self.change_source = change_source
        self.report = report if report is not None else ImportReport()
        self.agencies = Directory(session, Agency)
        self.people = Directory(session, Person)
        self.places = Directory(session, Place)
        self._source_ids: dict[str, int] = {}
        self.bulk = BulkLoad(False)
        """Whether events are written inside `bulk_load`'s bulk path, and how it indexes them."""

    def agency(self, name: str) -> Agency:
        found = self.agencies.find(name)
        if found is None:
            found = self.agencies.add(Agency(name=name, name_key=fold(name), kind=AgencyKind.OTHER))
            self.report.created["agencies"] += 1
        return found

    def person(self, name: str) -> Person:
        found = self.people.find(name)
        if found is None:
            found = self.people.add(Person(name=name, name_key=fold(name)))
            self.report.created["people"] += 1
        return found

    def place(self, name: str) -> Place:
        found = self.places.find(name)
        if found is None:
            found = self.places.add(Place(name=name, name_key=fold(name)))
            self.report.created["places"] += 1
        return found

    def source_ids(self, urls: Iterable[str]) -> dict[str, int]:
        """The ids of the sources with these URLs, creating the missing ones in bulk."""
        wanted = set(urls) - self._source_ids.keys()
        self._source_ids.update(self._ids_of(Source.url, Source.id, sorted(wanted)))
        missing = sorted(wanted - self._source_ids.keys())
        if missing:
            ids = _new_ids(self.session, Source, len(missing))
            _insert_rows(self.session, Source, ("id", "url", "title", "publisher", "author", "language"),
                         [(source_id, url, "", "", "", "") for source_id, url in zip(ids, missing, strict=True)])
            self._source_ids.update(zip(missing, ids, strict=True))
            self.report.created["sources"] += len(missing)
        return {url: self._source_ids[url] for url in urls}

    def _ids_of(self, key: InstrumentedAttribute[str], id_: InstrumentedAttribute[int],
                values: Sequence[str]) -> dict[str, int]:
        """Ids by unique key (slug, URL) for the rows among `values` that exist, in one statement: the values go
        as one parameter (reading.among), where an IN list of 500 parameters cost SQLAlchemy 1 ms a statement."""
        connection = self.session.connection()  # Core: rows of two columns need none of the ORM's result handling
        dialect = connection.dialect.name
        statement = select(key, id_).where(among(key, dialect, "keys", String))
        rows = connection.execute(statement, {"keys": list_param(values, dialect)}).all()  # one fetch, not one a row
        return {value: row_id for value, row_id in rows}

    def forget_sources(self) -> None:
        """Drop the URL-to-id cache once it grows large, so a long import's memory stays bounded."""
        if len(self._source_ids) > 50_000:
            self._source_ids.clear()

    def source(self, url: str) -> Source:
        return self.session.get_one(Source, self.source_ids([url])[url])

    def write_agency(self, record: AgencyRecord) -> None:
        agency = self.agency(record.name)
        if record.short_name and agency.short_name != record.short_name:
            agency.short_name, agency.short_key = record.short_name, fold(record.short_name)
            self.agencies.reindex(agency)
        if record.kind != AgencyKind.OTHER:
            agency.kind = record.kind
        if record.country:
            agency.country = record.country
        self.agencies.add_aliases(agency, record.aliases)
        if record.parent:
            _set_parent(agency, self.agency(record.parent), "agency")

    def write_succession(self, record: SuccessionRecord) -> None:
        """Record that `record.successor` took over from `record.predecessor` (each created when new), once."""
        predecessor, successor = self.agency(record.predecessor), self.agency(record.successor)
        self.session.flush()
        found = self.session.scalar(select(AgencySuccession).where(
            AgencySuccession.predecessor_id == predecessor.id, AgencySuccession.successor_id == successor.id))
        if found is None:
            found = AgencySuccession(predecessor_id=predecessor.id, successor_id=successor.id)
            self.session.add(found)
        found.date_iso = record.date.iso() if record.date else None
        found.note = record.note
        found.source_id = self.source(record.source).id if record.source else None

    def write_person(self, record: PersonRecord) -> None:
        person = self.person(record.name)
        if record.nationality:
            person.nationality = record.nationality
        self.people.add_aliases(person, record.aliases)
        held = {(tenure.agency.id, tenure.role, tenure.start_iso) for tenure in person.tenures}
        for tenure in record.tenures:
            agency = self.agency(tenure.agency)
            self.session.flush()
            start = tenure.start.iso() if tenure.start else None
            if (agency.id, tenure.role, start) in held:
                continue
            person.tenures.append(Tenure(
                agency=agency, role=tenure.role, start_iso=start, end_iso=tenure.end.iso() if tenure.end else None,
                source=self.source(tenure.source) if tenure.source else None))

    def write_place(self, record: PlaceRecord) -> None:
        place = self.place(record.name)
        if record.timezone and record.timezone != place.timezone:
            _refuse_moving_local_dates(self.session, place, record.timezone)
            place.timezone = record.timezone
        if record.latitude is not None and record.longitude is not None:
            place.latitude, place.longitude = record.latitude, record.longitude
        self.places.add_aliases(place, record.aliases)
        if record.kind:
            place.kind = record.kind
        if record.parent:
            _set_parent(place, self.place(record.parent), "place")

    def write_source(self, record: SourceRecord) -> None:
        source = self.source(record.url)
        for name in ("title", "publisher", "author", "language"):
            if getattr(record, name):
                setattr(source, name, getattr(record, name))
        if record.published:
            source.published_iso = record.published.iso()

    def canonical(self, record: EventRecord) -> EventRecord:
        """`record` with every name as the store spells it, so it compares equal to what the store gives back."""
        def agency_name(name: str) -> str:
            found = self.agencies.find(name)
            return (found.short_name or found.name) if found else name

        def known(directory: Directory[Person] | Directory[Place], name: str) -> str:
            found = directory.find(name)
            return found.name if found else name

        return replace(
            record,
            place=known(self.places, record.place) if record.place else None,
            agencies=[Participant(agency_name(item.name), item.role) for item in record.agencies],
            people=[Participant(known(self.people, item.name), item.role) for item in record.people],
            history=[replace(item, place=known(self.places, item.place) if item.place else None)
                     for item in record.history],
        )

    def fill_event(self, event: Event, record: EventRecord) -> None:
        for name, value in zip(_EVENT_FIELDS, _event_fields(record), strict=True):
            setattr(event, name, value)
        event.place = self.place(record.place) if record.place else None
        event.agencies = _unique_links(
            (EventAgency(agency=self.agency(item.name), role=item.role) for item in record.agencies),
            lambda link: (id(link.agency), link.role))
        event.people = _unique_links(
            (EventPerson(person=self.person(item.name), role=item.role) for item in record.people),
            lambda link: (id(link.person), link.role))
        event.sources = _unique_links((EventSource(source=self.source(url)) for url in record.sources),
                                      lambda link: id(link.source))
        event.revisions = [self.revision(index, item) for index, item in enumerate(record.history)]

    def insert_new(self, records: list[EventRecord]) -> None:
        """Insert events the store does not have yet, in bulk: one statement per table for the whole batch."""
        if not records:
            return
        self._create_names(records)
        self.session.flush()  # names added one by one (write_dataset) get their ids
        sources = self.source_ids(
            [url for record in records for url in record.sources]
            + [revision.source for record in records for revision in record.history if revision.source])
        if self.bulk:
            self._insert_events(records, sources, self.bulk.rows_indexed)
        else:
            with indexed_once(self.session) as inserted:
                inserted += self._insert_events(records, sources)
        self.report.created["events"] += len(records)

    def _create_names(self, records: list[EventRecord]) -> None:
        """Create the agencies, people and places the records name and the store lacks, each kind in bulk."""
        self.report.created += Counter(
            agencies=self.agencies.create([item.name for record in records for item in record.agencies],
                                          {"kind": AgencyKind.OTHER}),
            people=self.people.create([item.name for record in records for item in record.people], {}),
            places=self.places.create(_places_named(records), {}))

    def _insert_events(self, records: list[EventRecord], sources: dict[str, int], indexed: bool = False) -> list[int]:
        """Insert the events, their links and their history, one executemany per table (and their index rows,
        when `indexed`: SQLite's bulk path); returns their ids."""
        instant = _instant_binder(self.session.get_bind().dialect)
        now = instant(utc_now())
        places = self.places.ids(_places_named(records))
        # Ids given, not read back: RETURNING in parameter order makes SQLite insert row by row, and a SELECT of
        # the ids by slug cost as much as inserting the links.
        ids = _new_ids(self.session, Event, len(records))
        _insert_rows(self.session, Event, ("id", *_EVENT_COLUMNS),
                     [(event_id, *_event_row(record, places, instant, now))
                      for event_id, record in zip(ids, records, strict=True)])
        agency_of = _targets(self.agencies.entities(item.name for record in records for item in record.agencies),
                             indexed)
        person_of = _targets(self.people.entities(item.name for record in records for item in record.people), indexed)
        place_of = _targets(self.places.entities(record.place for record in records if record.place), indexed) \
            if indexed else {}
        agencies: list[tuple[object, ...]] = []
        people: list[tuple[object, ...]] = []
        links: list[tuple[object, ...]] = []
        revisions: list[tuple[object, ...]] = []
        search: list[tuple[int, str, str, str]] = []
        for event_id, record in zip(ids, records, strict=True):
            agency_links = _unique([(agency_of[item.name], item.role) for item in record.agencies])
            person_links = _unique([(person_of[item.name], item.role) for item in record.people])
            agencies += _link_rows(event_id, agency_links)
            people += _link_rows(event_id, person_links)
            links += _source_rows(event_id, [sources[url] for url in record.sources])
            revisions += [_revision_row(event_id, position, item, places, sources, instant)
                          for position, item in enumerate(record.history)]
            if indexed:
                search.append((event_id, record.title, record.summary, search_names(
                    [terms for (_, terms), _ in sorted(agency_links)],
                    [terms for (_, terms), _ in sorted(person_links)],
                    _joined(record.aliases), place_of[record.place][1] if record.place else None)))
        _insert_rows(self.session, EventAgency, ("event_id", "agency_id", "role", "position"), agencies)
        _insert_rows(self.session, EventPerson, ("event_id", "person_id", "role", "position"), people)
        _insert_rows(self.session, EventSource, ("event_id", "source_id", "position"), links)
        _insert_rows(self.session, DateRevision, _REVISION_COLUMNS, revisions)
        index_rows(self.session, search)
        _analyze_new_tables(self.session)
        return ids

    def respecting_user(self, current: EventRecord,
                        merged: EventRecord) -> tuple[EventRecord, list[tuple[str, str]]]:
        """`merged`, with every field the user edited kept at the user's value when this write is not the
        user's, and the values so declined as (field, offered text). A user's own writes decline nothing."""
        if self.author == USER or current == merged:
            return merged, []
        differing = _differing(current, merged)
        if not differing:
            return merged, []
        edited = set(self.session.scalars(
            select(FieldChange.field).join(Event, Event.id == FieldChange.event_id)
            .where(Event.slug == current.slug, FieldChange.author == USER, FieldChange.applied.is_(True))))
        declined = [(name, field_text(merged, name)) for name in differing if name in edited]
        if not declined:
            return merged, []
        kept = {name: getattr(current, name) for name, _ in declined}
        if "span" in kept:
            kept["timezone"] = current.timezone
        return replace(merged, **kept), declined

    def note_changes(self, event: Event, current: EventRecord, merged: EventRecord) -> None:
        """Keep each replaced value in `field_changes`, and describe the update in the report."""
        changed = _differing(current, merged)
        source = self.source_ids([self.change_source])[self.change_source] if self.change_source else None
        recorded = When.from_instant(utc_now(), Precision.SECOND).iso()
        for name in changed:
            self.session.add(FieldChange(
                event_id=event.id, field=name, before=field_text(current, name), after=field_text(merged, name),
                author=self.author, applied=True, reason=self.revision_reason, source_id=source,
                recorded_iso=recorded))
        if not changed:
            return
        emptied = [name for name in changed if not field_text(merged, name)]
        kept = [name for name in changed if name not in emptied]
        self.report.note_change(f"{current.slug}: " + "; ".join(
            part for part in (f"{', '.join(kept)} changed" if kept else "",
                              f"{', '.join(emptied)} emptied" if emptied else "") if part))

    def record_declined(self, event: Event, current: EventRecord, declined: list[tuple[str, str]]) -> None:
        """Keep each value a user's edit outranked in `field_changes` (once), and report the conflict."""
        if not declined:
            return
        known = {(name, after) for name, after in self.session.execute(
            select(FieldChange.field, FieldChange.after).where(FieldChange.event_id == event.id,
                                                               FieldChange.applied.is_(False)))}
        recorded = When.from_instant(utc_now(), Precision.SECOND).iso()
        for name, offered in declined:
            if (name, offered) in known:
                continue
            self.session.add(FieldChange(
                event_id=event.id, field=name, before=field_text(current, name), after=offered, author=self.author,
                applied=False, reason="kept the user's own value", recorded_iso=recorded))
            self.report.note_conflict(f"{current.slug}: kept your {name} ({field_text(current, name) or 'empty'}); "
                                      f"{self.author} gives {offered or 'none'}")

    def revision(self, position: int, record: RevisionRecord) -> DateRevision:
        return DateRevision(
            position=position, **dict(zip(_REVISION_FIELDS, _revision_fields(record), strict=True)),
            place=self.place(record.place) if record.place else None,
            source=self.source(record.source) if record.source else None)


Tree = TypeVar("Tree", Agency, Place)


def _set_parent(entity: Tree, parent: Tree, kind: str) -> None:
    """Make `entity` part of (or inside) `parent`; InvalidImport when that would close a loop (the trees are read
    by recursive queries that must end)."""
    above: Agency | Place | None = parent
    while above is not None:
        if above is entity:
            raise InvalidImport([f"{kind} {entity.name!r} cannot be inside {parent.name!r}, which is inside it"],
                                "import")
        above = above.parent
    entity.parent = parent


def _refuse_moving_local_dates(session: Session, place: Place, zone: str) -> None:
    """Raise InvalidImport if giving `place` the zone `zone` would move stored events.

    An event without a zone of its own reads its local dates ("2025-07-31", "2025-07-31T12:09") in its place's
    zone, and its stored UTC bounds were computed in that zone: a new zone would make the dates mean other
    instants while range queries still found the old ones. Such a change is refused, naming the events, rather
    than silently re-read.
    """
    if place.id is None:
        return
    rows = session.execute(select(Event.slug, Event.start_iso, Event.end_iso)
                           .where(Event.place_id == place.id, Event.timezone.is_(None)).order_by(Event.slug))
    moved = [slug for slug, start, end in rows if _is_local(start) or (end is not None and _is_local(end))]
    if moved:
        shown = ", ".join(moved[:5]) + (f" and {len(moved) - 5} more" if len(moved) > 5 else "")
        raise InvalidImport([f"place {place.name!r}: changing its zone from {place.timezone or 'UTC'} to {zone} "
                             f"would move the local dates of {len(moved)} stored event(s) ({shown}); give them a "
                             "zone of their own first, or keep the place's zone"], "import")


def _is_local(stored: str) -> bool:
    """Whether a stored date is read in a zone ("2025-07-31", "2025-07-31T12:09"), not fixed by its written offset
    ("2025-07-31T16:09Z"): read in any zone, only a local one keeps no offset."""
    return When.parse(stored, "UTC").offset is None


def _analyze_new_tables(session: Session) -> None:
    """On PostgreSQL, ANALYZE the tables that have never been, once a batch's rows are in (a new store being
    filled): the lookups of the next batches and the search index fill of this one are planned from statistics.

    Without them PostgreSQL guesses sizes from column widths: it scanned every person for each event it indexed
    (0.2 ms an event at 5,000 people, four times what the lookups take) and every source for each lookup by URL,
    a cost that grows with the table. ANALYZE counts the rows this transaction wrote, and marks the table analyzed
    (reltuples >= 0, from PostgreSQL 14), so it runs once per new store; each later batch costs one query.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    never = list(session.scalars(_NEVER_ANALYZED, {"tables": list(_LOOKED_UP)}))
    if never:
        session.execute(text(f"ANALYZE {', '.join(never)}"))


def _unique_links(links: Iterable[Link], identity: Callable[[Link], object]) -> list[Link]:
    """Links in order, numbered, without repeating one: the primary key forbids the same target twice in a role."""
    seen: set[object] = set()
    kept: list[Link] = []
    for link in links:
        if identity(link) not in seen:
            seen.add(identity(link))
            link.position = len(kept)
            kept.append(link)
    return kept


def _places_named(records: list[EventRecord]) -> Iterator[str]:
    """The places the records name, as events and in their history."""
    for record in records:
        for place in [record.place, *(item.place for item in record.history)]:
            if place:
                yield place


Target = tuple[int, SearchTerms]
"""An agency, person or place as a batch links and indexes it: its id and its terms in the search index (none
where the batch is indexed from the view). Sorted, links ((id, terms), role) come in the order of their primary
key (target id, role), as the index's view reads them (ids are unique, so terms are never compared)."""


def _targets(entities: dict[str, Agency] | dict[str, Person] | dict[str, Place],
             indexed: bool) -> dict[str, Target]:
    """Each name's entity as a `Target` (with its search terms when `indexed`, else none), its ORM attributes read
    once per entity rather than once per link."""
    made: dict[int, Target] = {}
    found: dict[str, Target] = {}
    for name, entity in entities.items():
        target = made.get(id(entity))
        if target is None:
            target = made[id(entity)] = (entity.id, entity_terms(entity) if indexed else _NO_TERMS)
        found[name] = target
    return found


_NO_TERMS: SearchTerms = ("", ())


def _unique(links: list[tuple[Target, str]]) -> list[tuple[Target, str]]:
    """Links (target, role) in order, each once: the primary key forbids the same target twice in a role."""
    return list(dict.fromkeys(links))


def _link_rows(event_id: int, links: list[tuple[Target, str]]) -> list[tuple[object, ...]]:
    """Rows (event, target, role, position) linking an event to agencies or people, numbered in order."""
    return [(event_id, target[0], role, position) for position, (target, role) in enumerate(links)]


def _source_rows(event_id: int, sources: list[int]) -> list[tuple[object, ...]]:
    """Rows (event, source, position) citing each source once, in order."""
    return [(event_id, source, position) for position, source in enumerate(dict.fromkeys(sources))]


_EVENT_COLUMNS = ("slug", "title", "kind", "status", "start_iso", "end_iso", "precision", "lower", "upper",
                  "span_class", "timezone", "place_id", "summary", "outcome", "designation", "aliases", "flight",
                  "vehicle", "vehicle_family", "trajectory", "created_at", "updated_at")
_REVISION_COLUMNS = ("event_id", "position", "status", "start_iso", "end_iso", "lower", "upper", "place_id",
                     "reason", "source_id", "recorded_iso")
Instant = Callable[[datetime | None], object]


def _instant_binder(dialect: Dialect) -> Instant:
    """The function giving a UTC instant as the UTC date-time columns store it on `dialect`: the columns' own bind
    processing (model.UTCDateTime, then the dialect's), which `_insert_rows` does not run."""
    if dialect.name == "sqlite":
        return _sqlite_instant
    processor = Event.__table__.c.lower.type.dialect_impl(dialect).bind_processor(dialect)
    return processor if processor is not None else (lambda value: value)


def _sqlite_instant(value: datetime | None) -> object:
    """What the columns' own processing gives on SQLite (UTC, naive, "2025-07-31 16:09:00.000000", the text
    SQLAlchemy's SQLite DATETIME stores), in a fraction of its time: two of them per event of a bulk import."""
    if value is None:
        return None
    if value.tzinfo is UTC:  # every bound a record gives (When.lower, When.upper)
        # Formatted from the fields: isoformat of an aware value asks the zone for its offset, and took twice as
        # long (2.6 against 1.1 µs).
        return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 - the fastest formatting of the seven
            value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond)
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


_EVENT_FIELDS = ("title", "kind", "status", "start_iso", "end_iso", "precision", "lower", "upper", "span_class",
                 "timezone", "summary", "outcome", "designation", "aliases", "flight", "vehicle", "vehicle_family",
                 "trajectory")
"""The columns of `events` a record gives directly, in `_event_fields` order: the one mapping from a record to its
row, which updates (ORM, `fill_event`) and bulk inserts (`_event_row`) both use."""


def _event_fields(record: EventRecord) -> tuple[Any, ...]:
    span = record.span
    return (record.title, record.kind, record.status, span.start.iso(), span.end.iso() if span.end else None,
            int(span.precision), span.lower, span.upper, span_class(span.lower, span.upper), record.timezone,
            record.summary, record.outcome, record.designation, _joined(record.aliases), record.flight,
            record.vehicle, record.vehicle_family, record.trajectory)


def _event_row(record: EventRecord, places: dict[str, int], instant: Instant, now: object) -> tuple[object, ...]:
    """The values of `_EVENT_COLUMNS` for a bulk insert: `_event_fields` as the driver stores them."""
    (title, kind, status, start, end, precision, lower, upper, klass, zone, summary, outcome, designation,
     aliases, flight, vehicle, family, trajectory) = _event_fields(record)
    return (record.slug, title, kind.value, status.value, start, end, precision, instant(lower), instant(upper),
            klass, zone, places[record.place] if record.place else None, summary,
            outcome.value if outcome else None, designation, aliases, flight, vehicle, family,
            trajectory.value if trajectory else None, now, now)


def _joined(aliases: list[str]) -> str:
    """Aliases as the `aliases` column keeps them: one per line."""
    return "\n".join(aliases)


_REVISION_FIELDS = ("status", "start_iso", "end_iso", "lower", "upper", "reason", "recorded_iso")
"""The columns of `date_revisions` a revision record gives directly, in `_revision_fields` order."""


def _revision_fields(record: RevisionRecord) -> tuple[Any, ...]:
    span = record.span
    return (record.status, span.start.iso() if span else None, span.end.iso() if span and span.end else None,
            span.lower if span else None, span.upper if span else None, record.reason,
            record.recorded.iso() if record.recorded else None)


def _revision_row(event_id: int, position: int, record: RevisionRecord, places: dict[str, int],
                  sources: dict[str, int], instant: Instant) -> tuple[object, ...]:
    """The values of `_REVISION_COLUMNS` for a bulk insert: `_revision_fields` as the driver stores them."""
    status, start, end, lower, upper, reason, recorded = _revision_fields(record)
    return (event_id, position, status.value, start, end, instant(lower), instant(upper),
            places[record.place] if record.place else None, reason,
            sources[record.source] if record.source else None, recorded)


def _insert_rows(session: Session, model: type[Base], columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """Insert `rows` (values in `columns` order) into the model's table with one executemany (one COPY on
    PostgreSQL).

    The statement goes to the driver as it is, without SQLAlchemy's per-row work on an executemany's parameters
    (a parameter set built per row, a bind processor run per value), which cost more than SQLite's own insert of
    the rows. So every value must already be as the driver stores it: enums as their value, instants through
    `_instant_binder`, and every column with a default given, since none is applied.
    """
    if not rows:
        return
    connection = session.connection()
    table = tables.metadata.tables[model.__table__.description]
    if connection.dialect.name == "postgresql":
        _copy_rows(connection, table.name, columns, rows)
        return
    compiled = table.insert().compile(dialect=connection.dialect, column_keys=list(columns))
    assert isinstance(compiled, SQLCompiler) and compiled.positiontup is not None  # SQLite's qmark parameters
    order = [columns.index(name) for name in compiled.positiontup]
    if order != list(range(len(columns))):
        rows = [tuple(row[index] for index in order) for row in rows]
    connection.exec_driver_sql(compiled.string, rows)


_GENERIC_PLANS = ("SELECT previous, set_config('plan_cache_mode', 'auto', true) FROM "
                  "(SELECT current_setting('plan_cache_mode') AS previous OFFSET 0) AS before")
"""Gives the setting as it was: the subquery (kept apart by OFFSET 0) yields its row before set_config runs."""
_PLANS_AS_BEFORE = "SELECT set_config('plan_cache_mode', %s, true)"


def _copy_rows(connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """PostgreSQL's `COPY table (columns) FROM STDIN`: the rows go to the server as one stream, where an
    executemany of INSERTs, even pipelined, has each row parsed, planned and acknowledged as a statement of its
    own. Triggers, constraints and defaults apply as for INSERT; the copy runs on the session's own connection, in
    its transaction.

    The copy runs with plan_cache_mode 'auto' rather than the session's force_custom_plan (`POSTGRESQL_SETTINGS`):
    the foreign key checks of every row, each an `id = $1` lookup, are otherwise planned anew for each row, which
    made copying a link table twice as slow (25 against 11 µs a row for event_agencies' two keys)."""
    import psycopg

    driver = connection.connection.dbapi_connection
    assert isinstance(driver, psycopg.Connection)
    names = ", ".join(f'"{name}"' for name in columns)
    with driver.cursor() as cursor:
        before = cursor.execute(_GENERIC_PLANS).fetchone()
        assert before is not None  # one row, always
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(_PLANS_AS_BEFORE, (before[0],))


def _new_ids(session: Session, model: type[Base], count: int) -> list[int]:
    """`count` ids for new rows of the model's table, as the database would give them: on SQLite the next after
    the largest (what a rowid table without AUTOINCREMENT assigns, and the writer holds the write lock), on
    PostgreSQL drawn from the column's sequence. Pending ORM rows are flushed first, so none takes one of them."""
    session.flush()
    table = model.__table__.description
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        drawn = connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%(table)s, 'id')) FROM generate_series(1, %(count)s)",
            {"table": table, "count": count}).scalars()
        return sorted(drawn)
    largest = connection.exec_driver_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').scalar_one()
    return list(range(largest + 1, largest + 1 + count))


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _with_superseded(stored: EventRecord, incoming: EventRecord, reason: str) -> EventRecord:
    """`incoming`, keeping the stored date and place in its history when they changed and the incoming record's
    new history items do not already say so."""
    added = incoming.history[len(stored.history):] if incoming.history[:len(stored.history)] == stored.history \
        else incoming.history
    span_kept = _same_dates(stored.span, incoming.span) or any(item.span == stored.span for item in incoming.history)
    place_kept = stored.place == incoming.place or stored.place is None or any(
        item.place == stored.place for item in added)
    if span_kept and place_kept:
        return incoming
    kept = RevisionRecord(RevisionStatus.SUPERSEDED, None if span_kept else stored.span,
                          None if place_kept else stored.place, reason, None,
                          When.from_instant(utc_now(), Precision.SECOND))
    return replace(incoming, history=[*incoming.history, kept])


_ADDED_TO = ("sources", "aliases")
"""Lists of evidence a merge adds to and never shortens: the sources an event cites and the names it goes by."""
_COMPARED = tuple(name for name in EVENT_FIELDS if name != "history")
"""The fields whose changes go to `field_changes` (the history of dates keeps itself: it is only ever added to)."""


def _same_dates(first: Span, second: Span) -> bool:
    """Whether two spans are the same dates at the same instants: a zone that changed only with the place that
    gave it (the dates written with their offset) is no change of date."""
    return (first.start.iso(), first.end.iso() if first.end else None, first.lower, first.upper) == \
        (second.start.iso(), second.end.iso() if second.end else None, second.lower, second.upper)


def _differing(current: EventRecord, merged: EventRecord) -> list[str]:
    """The fields `merged` changes, as `field_changes` records them."""
    return [name for name in _COMPARED if (not _same_dates(current.span, merged.span) if name == "span"
                                           else getattr(current, name) != getattr(merged, name))]


def _stated(current: EventRecord, incoming: EventRecord, replace_all: bool) -> EventRecord:
    """The stored event as `incoming` says it now is: the fields it states replace the stored ones (a field stated
    empty empties it); the fields it does not state keep their stored values. Sources and other names are added
    to, history is only ever added to. With `replace_all`, every field is the incoming one (history still kept).

    A zone equal to the one the stored event follows from its place is that place's zone, which a CSV export
    writes so that its dates mean the same instants anywhere: the event keeps following its place.
    """
    given = frozenset(EVENT_FIELDS) if replace_all or incoming.given is None else incoming.given
    values: dict[str, object] = {name: getattr(incoming if name in given else current, name)
                                 for name in EVENT_FIELDS}
    if "span" not in given:
        values["timezone"] = current.timezone  # a zone alone would move the stored dates: it goes with them
    elif not given & {"timezone", "place"} and incoming.span.start.zone is None and current.span.start.zone:
        # Dates stated without a zone or a place are the stored event's: read in the zone it follows.
        span = incoming.span
        values["span"] = Span.parse(span.start.iso(), span.end.iso() if span.end else None, current.span.start.zone)
    elif incoming.timezone is not None and current.timezone is None and \
            incoming.timezone == current.span.start.zone:
        values["timezone"] = None
    if not replace_all:
        for name in _ADDED_TO:
            values[name] = _union(getattr(incoming, name) if name in given else [], getattr(current, name))
    values["history"] = _union_history(current.history, incoming.history)
    return replace(current, **values)  # type: ignore[arg-type]


def _union_history(stored: list[RevisionRecord], incoming: list[RevisionRecord]) -> list[RevisionRecord]:
    """Every stored revision, in its order, then the incoming ones the store lacks: none is ever dropped."""
    return [*stored, *(item for item in incoming if item not in stored)]


def _union(first: list[str], then: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *then]))


def _linked(session: Session, records: list[EventRecord]) -> dict[str, EventRecord]:
    """The stored events that records new by slug are the same as, by designation (a catalogue's launch that the
    store holds under a curated slug), keyed by the incoming slug."""
    designated = {record.designation: record.slug for record in records if record.designation}
    if not designated:
        return {}
    dialect = session.get_bind().dialect.name
    rows = session.execute(select(Event.designation, Event.slug).where(
        among(Event.designation, dialect, "designations", String)), {"designations": list_param(list(designated),
                                                                                                dialect)}).all()
    stored = records_by_slug(session, [slug for _, slug in rows])
    return {designated[str(designation)]: stored[slug] for designation, slug in rows if slug in stored}


def _as_linked(current: EventRecord, incoming: EventRecord) -> EventRecord:
    """What an incoming record linked by designation to `current` adds to it: its sources, other names (its title
    among them), outcome, flight, vehicle and trajectory, and the people (a crew) it names that the stored event
    lacks. The event stored first keeps its slug, title, dates and place."""
    given = frozenset(EVENT_FIELDS) if incoming.given is None else incoming.given
    names = [*([incoming.title] if "title" in given else []), *(incoming.aliases if "aliases" in given else [])]
    named = {item.name for item in current.people}
    added = [item for item in incoming.people if item.name not in named] if "people" in given else []
    current = _settled(current, incoming, given)
    return replace(current, sources=_union(current.sources, incoming.sources if "sources" in given else []),
                   aliases=_union(current.aliases, [name for name in names if name != current.title]),
                   outcome=current.outcome or (incoming.outcome if "outcome" in given else None),
                   flight=current.flight or (incoming.flight if "flight" in given else None),
                   vehicle=current.vehicle or (incoming.vehicle if "vehicle" in given else None),
                   vehicle_family=current.vehicle_family or (
                       incoming.vehicle_family if "vehicle_family" in given else None),
                   trajectory=current.trajectory or (incoming.trajectory if "trajectory" in given else None),
                   people=[*current.people, *added])


_NOT_YET = frozenset({EventStatus.PLANNED, EventStatus.POSTPONED, EventStatus.SCRUBBED, EventStatus.UNCONFIRMED})
"""Statuses of an event that has not (or not known to have) taken place: a NET, not a date."""


def _settled(current: EventRecord, incoming: EventRecord, given: frozenset[str]) -> EventRecord:
    """`current` with the dates, status and zone of an incoming record that says the event took place, when the
    stored one only planned it (a launch Launch Library 2 listed, which GCAT has since logged): its NET goes to the
    history (by `_with_superseded`), and a date a user gave is still kept by the merge's respect for the user."""
    if current.status not in _NOT_YET or incoming.status is not EventStatus.OCCURRED:
        return current
    if not {"span", "status"} <= given:
        return current
    return replace(current, span=incoming.span, status=incoming.status,
                   timezone=incoming.timezone if "timezone" in given else current.timezone,
                   place=current.place or (incoming.place if "place" in given else None))


def _merge_existing(writer: _Writer, current: EventRecord, merged: EventRecord, on_conflict: OnConflict,
                    conflicts: list[str]) -> None:
    """Compare the stored event with what it would become, then leave it, skip it, refuse it or update it; a
    user's own values are kept against any other author's (`_Writer.respecting_user`), and every value replaced
    goes to `field_changes`."""
    merged, declined = writer.respecting_user(current, merged)
    if current == merged and not declined:
        writer.report.unchanged += 1
    elif on_conflict == OnConflict.SKIP:
        writer.report.skipped += 1
    elif on_conflict == OnConflict.FAIL:
        conflicts.append(f"event {merged.slug!r} already exists with different content")
    else:
        event = writer.session.scalars(select(Event).where(Event.slug == current.slug)).one()
        if current != merged:
            if writer.bulk:
                writer.bulk.changed.append(event.id)
            writer.fill_event(event, _with_superseded(current, merged, writer.revision_reason))
            writer.note_changes(event, current, merged)
            writer.report.updated += 1
        else:
            writer.report.unchanged += 1
        writer.record_declined(event, current, declined)


@dataclass(frozen=True)
class Authorship:
    """Who a write's values come from and how they merge: `author` (USER, or a source's label such as "bundled
    data"; a user's edits outrank every other author), whether each record is the whole truth about its event
    (`replace_all`, else only the fields it states change), and why and on whose word values change (`reason`,
    `source`), kept with every replaced value."""

    author: str = USER
    replace_all: bool = False
    reason: str = "replaced by an import"
    source: str | None = None


def write_dataset(session: Session, dataset: Dataset, on_conflict: OnConflict = OnConflict.UPDATE,
                  progress: Callable[[int], None] | None = None, *, report: ImportReport | None = None,
                  authorship: Authorship = Authorship()) -> ImportReport:
    """Write every record of `dataset`; the caller's transaction makes it all-or-nothing. `progress` is told how
    many events have been written after each batch; `report`, when given, counts what was done; every value an
    update replaces goes to history (dates and places to the event's, other fields to `field_changes`) with
    `authorship`'s reason.

    Raises InvalidImport when `on_conflict` is FAIL and an event exists with different content.
    """
    writer = _writer(session, report, authorship)
    for place in dataset.places:
        writer.write_place(place)
    for agency in dataset.agencies:
        writer.write_agency(agency)
    for source in dataset.sources:
        writer.write_source(source)
    for person in dataset.people:
        writer.write_person(person)
    for succession in dataset.successions:
        writer.write_succession(succession)
    _write_events(writer, dataset.events, on_conflict, progress)
    return writer.report


def import_events(session: Session, events: Iterable[EventRecord], on_conflict: OnConflict = OnConflict.UPDATE,
                  progress: Callable[[int], None] | None = None, *, report: ImportReport | None = None,
                  authorship: Authorship = Authorship()) -> ImportReport:
    """Write a stream of already validated events batch by batch: memory stays flat however many there are."""
    writer = _writer(session, report, authorship)
    _write_events(writer, events, on_conflict, progress)
    return writer.report


def _writer(session: Session, report: ImportReport | None, authorship: Authorship) -> _Writer:
    return _Writer(session, report, authorship.reason, authorship.author, authorship.replace_all, authorship.source)


def _write_events(writer: _Writer, events: Iterable[EventRecord], on_conflict: OnConflict,
                  progress: Callable[[int], None] | None) -> None:
    conflicts: list[str] = []
    written = 0
    batches = _batches(events, BATCH)
    first = next(batches, None)
    if first is None:
        return
    with bulk_load(writer.session) as writer.bulk:
        for batch in itertools.chain([first], batches):
            written += _write_batch(writer, batch, on_conflict, conflicts)
            if progress is not None:
                progress(written)
    if conflicts:
        raise InvalidImport(conflicts, "import")


def _write_batch(writer: _Writer, batch: list[EventRecord], on_conflict: OnConflict, conflicts: list[str]) -> int:
    """Write one batch of events: new ones in bulk, known ones merged; returns how many it held."""
    stored = records_by_slug(writer.session, [record.slug for record in batch])
    linked = _linked(writer.session, [record for record in batch if record.slug not in stored])
    fresh = []
    for record in batch:
        current = stored.get(record.slug)
        if record.slug in linked:
            current = linked[record.slug]
            _merge_existing(writer, current, _as_linked(current, writer.canonical(record)), on_conflict, conflicts)
        elif current is None:
            fresh.append(record)  # written by ids: its names need not be spelled as the store does
        else:
            _merge_existing(writer, current, _stated(current, writer.canonical(record), writer.replace_all),
                            on_conflict, conflicts)
    writer.insert_new(fresh)
    writer.session.flush()
    writer.forget_sources()
    return len(batch)


def delete_events(session: Session, slugs: Sequence[str]) -> None:
    """Remove these events and everything attached to them (links, sources' citations, history)."""
    session.execute(delete(Event).where(Event.slug.in_(slugs)))
