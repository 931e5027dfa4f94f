"""The tracker JSON document (docs/data-format.md): read into a Dataset, write events as a JSON array.

Reading validates everything first and reports each problem with where it is (`events[3].start: ...`), so an
import can refuse a file whole instead of writing half of it.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, TypeVar

from tracker import limits
from tracker.dates import when
from tracker.dates.when import Precision, Span, When, zone_info
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord
from tracker.formats import Incoming, ReadOptions, WriteOptions
from tracker.limits import read_at_most
from tracker.names import fold
from tracker.records import EVENT_FIELDS as RECORD_FIELDS
from tracker.records import (
    NAME_LENGTH,
    AgencyKind,
    AgencyRecord,
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Outcome,
    Participant,
    PersonRecord,
    PlaceRecord,
    RevisionRecord,
    RevisionStatus,
    SourceRecord,
    TenureRecord,
    Trajectory,
    check_record,
    status_by_date,
)

SECTIONS = ("agencies", "people", "places", "sources", "events")
_Choice = TypeVar("_Choice", bound=StrEnum)


def refuse_nul(text: str, where: str) -> None:
    """Raise InvalidRecord if `text` holds a NUL character: PostgreSQL cannot store one, and a store must hold the
    same data on either engine."""
    if "\x00" in text:
        raise InvalidRecord(f"{where}: contains a NUL character (\\x00), which no text may hold")


class _Fields:
    """The fields of one JSON object, read with checks that name the object's path in every error."""

    def __init__(self, value: Any, path: str, allowed: Iterable[str]) -> None:
        if not isinstance(value, dict):
            raise InvalidRecord(f"{path}: expected an object, found {type(value).__name__}")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise InvalidRecord(f"{path}: unknown field {unknown[0]!r} (known: {', '.join(allowed)})")
        self.value: dict[str, Any] = value
        self.path = path

    def text(self, name: str, *, required: bool = False) -> str:
        found = self.value.get(name)
        if found is None or found == "":
            if required:
                raise InvalidRecord(f"{self.path}.{name}: missing")
            return ""
        if not isinstance(found, str):
            raise InvalidRecord(f"{self.path}.{name}: expected text, found {json.dumps(found)[:40]}")
        refuse_nul(found, f"{self.path}.{name}")
        return found.strip()

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    def slug(self) -> str:
        """The slug given, or "" when none is (one is then derived); a slug of spaces only is refused."""
        given = self.text("slug")
        if not given and isinstance(self.value.get("slug"), str) and self.value["slug"]:
            raise InvalidRecord(f"{self.path}.slug: blank (leave it out, and one is made from the title and date)")
        return given

    def texts(self, name: str) -> list[str]:
        found = self.value.get(name) or []
        if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
            raise InvalidRecord(f"{self.path}.{name}: expected a list of texts")
        for item in found:
            refuse_nul(item, f"{self.path}.{name}")
        return [item.strip() for item in found if item.strip()]

    def lines(self, name: str) -> list[str]:
        """A list of texts that are each one line (names kept one per line in the store)."""
        found = self.texts(name)
        if any("\n" in item or "\r" in item for item in found):
            raise InvalidRecord(f"{self.path}.{name}: a name may not span lines")
        return found

    def number(self, name: str, low: float, high: float) -> float | None:
        found = self.value.get(name)
        if found is None:
            return None
        if isinstance(found, bool) or not isinstance(found, int | float) or not low <= found <= high:
            raise InvalidRecord(f"{self.path}.{name}: expected a number from {low:g} to {high:g}, found "
                                f"{json.dumps(found)[:40]}")
        return float(found)

    def objects(self, name: str) -> list[Any]:
        found = self.value.get(name) or []
        if not isinstance(found, list):
            raise InvalidRecord(f"{self.path}.{name}: expected a list")
        return found

    def when(self, name: str, zone: str | None = None) -> When | None:
        found = self.optional(name)
        if found is None:
            return None
        try:
            return When.parse(found, zone)
        except InvalidDate as exc:
            raise InvalidRecord(f"{self.path}.{name}: {exc}") from None

    def zone(self, name: str) -> str | None:
        found = self.optional(name)
        if found is not None:
            try:
                zone_info(found)
            except InvalidDate as exc:
                raise InvalidRecord(f"{self.path}.{name}: {exc}") from None
        return found

    def choice(self, name: str, vocabulary: type[_Choice], default: _Choice | None = None) -> _Choice:
        found = self.text(name, required=default is None)
        if not found and default is not None:
            return default
        try:
            return vocabulary(found.lower())
        except ValueError:
            known = ", ".join(member.value for member in vocabulary)
            raise InvalidRecord(f"{self.path}.{name}: unknown value {found!r} (known: {known})") from None

    def span(self, zone: str | None, *, required: bool) -> Span | None:
        start, end = self.when("start", zone), self.when("end", zone)
        if start is None:
            if required or end is not None:
                raise InvalidRecord(f"{self.path}.start: missing")
            return None
        try:
            return Span(start, end)
        except InvalidDate as exc:
            raise InvalidRecord(f"{self.path}.end: {exc}") from None


def derive_slug(title: str, start: When) -> str:
    """A deterministic slug from a title and its date: "Crew-11 launch", 2025-08-01 -> crew-11-launch-2025-08-01."""
    words = "".join(char if char.isalnum() else " " for char in fold(title)).split()
    date = start.iso()[:10]
    stem = "-".join(words[:8])[: NAME_LENGTH - len(date) - 1].rstrip("-")  # a slug fits its column, as a name does
    return f"{stem}-{date}" if stem else date


def _participants(fields: _Fields, name: str) -> list[Participant]:
    found = []
    for index, item in enumerate(fields.objects(name)):
        part = _Fields(item, f"{fields.path}.{name}[{index}]", ("name", "role"))
        found.append(Participant(part.text("name", required=True), part.text("role")))
    return found


def _revision(value: Any, path: str, zone: str | None) -> RevisionRecord:
    fields = _Fields(value, path, ("start", "end", "place", "status", "reason", "source", "recorded"))
    span = fields.span(zone, required=False)
    place = fields.optional("place")
    if span is None and place is None:
        raise InvalidRecord(f"{path}: a revision needs a start or a place")
    return RevisionRecord(fields.choice("status", RevisionStatus), span, place, fields.text("reason"),
                          fields.optional("source"), fields.when("recorded"))


EVENT_FIELDS = ("slug", "title", "kind", "status", "start", "end", "precision", "lower_utc", "upper_utc",
                "timezone", "place", "summary", "agencies", "people", "sources", "history", "outcome", "designation",
                "aliases", "flight", "vehicle", "vehicle_family", "trajectory")
"""The keys of an event object; `precision`, `lower_utc` and `upper_utc` are written for other tools and read
again from the dates, never from these."""
_STATED = {"start": "span", "end": "span", "precision": "span"}
"""The record field each key states, where the names differ (the slug states none: it names the event)."""


def stated_fields(keys: Iterable[str]) -> frozenset[str]:
    """The record fields (records.EVENT_FIELDS) that an event object's or a CSV header's `keys` state."""
    return frozenset(_STATED.get(key, key) for key in keys if key in _STATED or key in RECORD_FIELDS)


def read_event(value: Any, path: str, place_zones: dict[str, str | None], *, checked: bool = True) -> EventRecord:
    """One event object; its dates are read in its `timezone`, else in its place's zone when known. It is held to
    the limits every record shares (records.check_record) unless not `checked` (a caller that completes it first)."""
    fields = _Fields(value, path, EVENT_FIELDS)
    title = fields.text("title", required=True)
    timezone = fields.zone("timezone")
    place = fields.optional("place")
    zone = timezone or (place_zones.get(fold(place)) if place else None)
    span = fields.span(zone, required=True)
    assert span is not None
    history = [_revision(item, f"{path}.history[{index}]", zone)
               for index, item in enumerate(fields.objects("history"))]
    record = EventRecord(
        slug=fields.slug() or derive_slug(title, span.start),
        title=title,
        kind=fields.choice("kind", EventKind, EventKind.OTHER),
        status=fields.choice("status", EventStatus, status_by_date(span, when.utc_now())),
        span=span,
        timezone=timezone,
        place=place,
        summary=fields.text("summary"),
        agencies=_participants(fields, "agencies"),
        people=_participants(fields, "people"),
        sources=fields.texts("sources"),
        history=history,
        outcome=fields.choice("outcome", Outcome, None) if fields.text("outcome") else None,
        designation=fields.optional("designation"),
        aliases=fields.lines("aliases"),
        flight=fields.optional("flight"),
        vehicle=fields.optional("vehicle"),
        vehicle_family=fields.optional("vehicle_family"),
        trajectory=fields.choice("trajectory", Trajectory, None) if fields.text("trajectory") else None,
        given=stated_fields(value) if isinstance(value, dict) else None,
    )
    if checked:
        check_record(record, path)
    return record


def _agency(value: Any, path: str) -> AgencyRecord:
    fields = _Fields(value, path, ("name", "short_name", "kind", "country", "aliases"))
    return _checked(AgencyRecord(fields.text("name", required=True), fields.optional("short_name"),
                                 fields.choice("kind", AgencyKind, AgencyKind.OTHER), fields.optional("country"),
                                 fields.texts("aliases")), path)


def _tenure(value: Any, path: str) -> TenureRecord:
    fields = _Fields(value, path, ("agency", "role", "start", "end", "source"))
    return TenureRecord(fields.text("agency", required=True), fields.text("role", required=True),
                        fields.when("start"), fields.when("end"), fields.optional("source"))


def _person(value: Any, path: str) -> PersonRecord:
    fields = _Fields(value, path, ("name", "nationality", "aliases", "tenures"))
    tenures = [_tenure(item, f"{path}.tenures[{index}]") for index, item in enumerate(fields.objects("tenures"))]
    return _checked(PersonRecord(fields.text("name", required=True), fields.optional("nationality"),
                                 fields.texts("aliases"), tenures), path)


def _place(value: Any, path: str) -> PlaceRecord:
    fields = _Fields(value, path, ("name", "timezone", "aliases", "latitude", "longitude"))
    return _checked(PlaceRecord(fields.text("name", required=True), fields.zone("timezone"), fields.texts("aliases"),
                                fields.number("latitude", -90, 90), fields.number("longitude", -180, 180)), path)


def _source(value: Any, path: str) -> SourceRecord:
    fields = _Fields(value, path, ("url", "title", "publisher", "author", "language", "published"))
    return _checked(SourceRecord(fields.text("url", required=True), fields.text("title"), fields.text("publisher"),
                                 fields.text("author"), fields.text("language"), fields.when("published")), path)


_Record = TypeVar("_Record")
_Named = TypeVar("_Named", AgencyRecord, PersonRecord, PlaceRecord, SourceRecord)


def _checked(record: _Named, path: str) -> _Named:
    check_record(record, path)
    return record


def _each(items: list[Any], section: str, read: Callable[[Any, str], _Record],
          problems: list[str]) -> Iterator[_Record]:
    for index, item in enumerate(items):
        try:
            yield read(item, f"{section}[{index}]")
        except InvalidRecord as exc:
            problems.append(str(exc))


def duplicate_slugs(slugs: list[str], where: str) -> Iterator[str]:
    """A problem for each slug seen before in `slugs`, naming both places (`where` formats an index)."""
    first: dict[str, int] = {}
    for index, slug in enumerate(slugs):
        if slug in first:
            yield f"{where.format(index)}.slug: duplicate slug {slug!r} (first at {where.format(first[slug])})"
        else:
            first[slug] = index


def _disagreements(records: Sequence[PlaceRecord | AgencyRecord], section: str, field: str) -> Iterator[str]:
    """A problem for each record naming (by a name, short name or alias) one given before with another `field`: a
    place with two zones, an agency with two countries. The store would keep whichever came last."""
    seen: dict[str, tuple[int, str]] = {}
    for index, record in enumerate(records):
        value = getattr(record, field)
        names = {fold(name) for name in [record.name, getattr(record, "short_name", None) or "", *record.aliases]
                 if name}
        if value is None:
            continue
        clash = next((seen[name] for name in sorted(names) if name in seen and seen[name][1] != value), None)
        if clash is not None:
            yield (f"{section}[{index}].{field}: {record.name!r} is given {value!r} here and {clash[1]!r} at "
                   f"{section}[{clash[0]}]; one file gives each one {field}")
        for name in names:
            seen.setdefault(name, (index, value))


def parse_document(document: Any, source: str, known_zones: dict[str, str | None] | None = None) -> Dataset:
    """A Dataset from a parsed JSON document; raises InvalidImport listing every problem, naming `source`.

    `known_zones` maps folded place names (and aliases) already in the store to their zones, so an event at a
    known place reads its local dates there.
    """
    if isinstance(document, list):
        document = {"events": document}
    if not isinstance(document, dict):
        raise InvalidImport([f"expected a list of events or an object with {', '.join(SECTIONS)}"], source)
    unknown = sorted(set(document) - set(SECTIONS))
    if unknown:
        raise InvalidImport([f"unknown section {unknown[0]!r} (known: {', '.join(SECTIONS)})"], source)
    sections = {name: [] if document.get(name) is None else document[name] for name in SECTIONS}
    problems = [f"{name}: expected a list" for name, items in sections.items() if not isinstance(items, list)]
    if problems:
        raise InvalidImport(problems, source)
    dataset = Dataset(
        agencies=list(_each(sections["agencies"], "agencies", _agency, problems)),
        people=list(_each(sections["people"], "people", _person, problems)),
        places=list(_each(sections["places"], "places", _place, problems)),
        sources=list(_each(sections["sources"], "sources", _source, problems)),
    )
    problems.extend(_disagreements(dataset.places, "places", "timezone"))
    problems.extend(_disagreements(dataset.agencies, "agencies", "country"))
    zones = dict(known_zones or {})
    for place in dataset.places:
        for name in [place.name, *place.aliases]:
            zones[fold(name)] = place.timezone
    dataset.events = list(_each(sections["events"], "events",
                                lambda item, path: read_event(item, path, zones), problems))
    problems.extend(duplicate_slugs([event.slug for event in dataset.events], "events[{}]"))
    if problems:
        raise InvalidImport(problems, source)
    return dataset


def load_json(path: Path) -> Any:
    """The parsed content of a UTF-8 JSON file (BOM allowed); raises InvalidImport saying where it is broken, or
    that it is larger than `limits.JSON_MAX_BYTES` (read no further than that)."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno())
        data = read_at_most(stream, str(path), limits.JSON_MAX_BYTES, "a JSON document",
                            size=size.st_size if stat.S_ISREG(size.st_mode) else None)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidImport([f"not UTF-8 text (byte {exc.start})"], str(path)) from None
    except json.JSONDecodeError as exc:
        raise InvalidImport([f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"],
                            str(path)) from None
    except RecursionError:
        raise InvalidImport(["invalid JSON: nested too deeply (arrays or objects within each other)"],
                            str(path)) from None
    except ValueError as exc:  # an integer of thousands of digits, which Python refuses to convert
        raise InvalidImport([f"invalid JSON: {str(exc).split(';')[0]}"], str(path)) from None


def read_document(path: Path, known_zones: dict[str, str | None] | None = None) -> Dataset:
    """Read and validate a JSON file; raises InvalidImport for unreadable JSON or invalid records."""
    return parse_document(load_json(path), str(path), known_zones)


def utc_text(instant: datetime) -> str:
    """A UTC instant as `lower_utc` / `upper_utc` write it: "2025-07-31T00:00:00Z" (fixed width, so that text
    order is time order: isoformat always writes four digits of year, where strftime's %Y depends on the
    platform; and it is several times faster than formatting the fields one by one)."""
    return instant.isoformat(timespec="seconds")[:19] + "Z"


def _span_fields(span: Span | None) -> dict[str, str | None]:
    if span is None:
        return {"start": None, "end": None}
    return {"start": span.start.iso(), "end": span.end.iso() if span.end else None}


EventValues = tuple[str, str, str, str, str, str | None, str | None, str | None, Sequence[Participant],
                    Sequence[Participant], str, Sequence[str], str | None, str | None, Sequence[str], Precision, str,
                    str, str | None, str | None, str | None, str | None, Sequence[RevisionRecord]]
"""One event as plain values, in the order of the CSV columns (formats/csv.py): slug, title, kind, status (their
stored words), start, end (ISO text at its precision), timezone (the zone the dates are read in), place, agencies,
people, summary, sources, outcome, designation, aliases, the precision of the dates and their UTC bounds as the
columns write them ("2025-07-31T00:00:00Z"), vehicle, vehicle family and trajectory; then what only JSON writes,
the flight and the date history. `event_values` gives them for a record; a store gives them from its columns
without building one (store/export.py), and `values_to_json` and `csv.values_row` are the one definition of what
is written either way."""


def event_values(event: EventRecord) -> EventValues:
    """The values of `event` that the writers write."""
    span = event.span
    return (event.slug, event.title, event.kind.value, event.status.value, span.start.iso(),
            span.end.iso() if span.end else None,
            # The zone the dates are read in, the place's when the event has none of its own: a file then means
            # the same instants in a store that does not know the place (store/write.py, re-importing, sees the
            # place's).
            event.timezone or span.start.zone, event.place, event.agencies, event.people, event.summary,
            event.sources, event.outcome.value if event.outcome else None, event.designation, event.aliases,
            span.precision, utc_text(span.lower), utc_text(span.upper), event.vehicle, event.vehicle_family,
            event.trajectory.value if event.trajectory else None, event.flight, event.history)


PRECISION_LABELS = {precision: precision.label for precision in Precision}
"""Each precision's label: a look-up is several times faster than the `label` property."""


def values_to_json(values: EventValues) -> dict[str, Any]:
    """The JSON object for one event's values: the contract `timeline --format json` prints and `import` reads
    back."""
    (slug, title, kind, status, start, end, zone, place, agencies, people, summary, sources, outcome, designation,
     aliases, precision, lower, upper, vehicle, family, trajectory, flight, history) = values
    return {
        "slug": slug, "title": title, "kind": kind, "status": status, "start": start, "end": end,
        "precision": PRECISION_LABELS[precision], "lower_utc": lower, "upper_utc": upper, "timezone": zone,
        "place": place, "summary": summary,
        "agencies": [{"name": item.name, "role": item.role} for item in agencies],
        "people": [{"name": item.name, "role": item.role} for item in people],
        "sources": list(sources),
        "history": history_to_json(history),
        "outcome": outcome, "designation": designation, "aliases": list(aliases), "flight": flight,
        "vehicle": vehicle, "vehicle_family": family, "trajectory": trajectory,
    }


def history_to_json(history: Iterable[RevisionRecord]) -> list[dict[str, Any]]:
    """The JSON objects of an event's date history, earliest first."""
    return [{**_span_fields(revision.span), "place": revision.place, "status": revision.status.value,
             "reason": revision.reason, "source": revision.source,
             "recorded": revision.recorded.iso() if revision.recorded else None}
            for revision in history]


def event_to_json(event: EventRecord) -> dict[str, Any]:
    """The JSON object for one event (`values_to_json`)."""
    return values_to_json(event_values(event))


encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
"""`json.dumps(value, ensure_ascii=False)`, without making an encoder for each value (as `dumps` does for any
option but the defaults), nor noting each list and object to refuse one that holds itself: the values written here
are built afresh from plain values, which never do (8% of the encoding time of a search's 100,000 hits)."""


def write_values(events: Iterable[EventValues], stream: IO[str], neutralise: bool = True,
                 options: WriteOptions | None = None) -> int:
    """Write `events` (their values) as a JSON array, one event at a time (constant memory however many) and one
    event a line, and count them.

    A line per event, as sqlite-utils writes rows: `grep` and `head` work on it, `jq` lays it out, and the JSON
    encoder's C code writes it, where indenting runs the encoder in Python at three times the cost (0.22 s
    against 0.07 s for the 10,011 hits of a search)."""
    return write_texts((encode(values_to_json(values)) for values in events), stream)


def write_texts(objects: Iterable[str], stream: IO[str], neutralise: bool = True,
                options: WriteOptions | None = None) -> int:
    """`write_values` for events given as the text of their JSON objects (a store's, exports/json.py)."""
    count = 0
    separator = "\n"
    stream.write("[")
    for text in objects:
        stream.write(separator + text)  # one write a line: half the calls of two
        separator = ",\n"
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def write_events(events: Iterable[EventRecord], stream: IO[str]) -> int:
    """`write_values` for records."""
    return write_values(map(event_values, events), stream)


def read(path: Path, options: ReadOptions) -> Incoming:
    """The registry's reader: a tracker JSON document (or a bare array of events), validated whole."""
    dataset = read_document(path, options.known_zones)
    return Incoming(dataset, size=len(dataset.events))


def write(events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True,
          options: WriteOptions | None = None) -> int:
    """The registry's writer: `write_events` (JSON needs no spreadsheet guard)."""
    return write_events(events, stream)
