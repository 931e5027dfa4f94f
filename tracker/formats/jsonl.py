"""JSON Lines (https://jsonlines.org): one compact JSON object per line, for `jq`, pandas (`read_json(lines=True)`)
and readers that start before the end. Events are the objects `--format json` prints (formats/json.py), written as
they come; agencies and people are the objects of a tracker JSON document's sections, with their event counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from tracker.formats import WriteOptions
from tracker.formats.json import EventValues, encode, event_values, values_to_json
from tracker.records import AgencyRecord, EventRecord, PersonRecord


def write_objects(objects: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """Write each object on a line of its own, flushed as it is written (a reader sees it at once); returns how
    many."""
    return write_texts(map(encode, objects), stream)


def write_texts(objects: Iterable[str], stream: IO[str], neutralise: bool = True,
                options: WriteOptions | None = None) -> int:
    """Write each object's JSON text on a line of its own, flushed as it is written; returns how many (events
    given so: a store's, exports/json.py)."""
    count = 0
    for text in objects:
        stream.write(text + "\n")
        stream.flush()
        count += 1
    return count


def agency_to_json(agency: AgencyRecord, events: int) -> dict[str, Any]:
    """An agency as a tracker JSON document's `agencies` section holds it, with how many events name it."""
    return {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind.value,
            "country": agency.country, "aliases": list(agency.aliases), "events": events}


def person_to_json(person: PersonRecord, events: int) -> dict[str, Any]:
    """A person as a tracker JSON document's `people` section holds them, with how many events name them."""
    tenures = [{"agency": tenure.agency, "role": tenure.role, "start": tenure.start.iso() if tenure.start else None,
                "end": tenure.end.iso() if tenure.end else None, "source": tenure.source}
               for tenure in person.tenures]
    return {"name": person.name, "nationality": person.nationality, "aliases": list(person.aliases),
            "tenures": tenures, "events": events}


def write_values(events: Iterable[EventValues], stream: IO[str], neutralise: bool = True,
                 options: WriteOptions | None = None) -> int:
    """One event per line, from their values (a store's, store/export.py): the bytes `write` writes."""
    return write_objects(map(values_to_json, events), stream)


def write(events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True,
          options: WriteOptions | None = None) -> int:
    """The registry's writer: one event per line (JSON needs no spreadsheet guard)."""
    return write_values(map(event_values, events), stream)
