"""The raw baseline: the same work as tracker, written directly against the driver (sqlite3 or psycopg).

It reads the same CSV file, stores the same events with their places, agencies, people, sources and a full-text
index of the same text, and answers the same questions with hand-written SQL. It knows the data is well formed
(the benchmark's own generator wrote it), so it validates nothing beyond what parsing needs: that is the
difference a validating, ORM-based tool is allowed to cost.

Instants are stored as integer seconds since 1970 (UTC). Each event also gets a `span_class`, the smallest k with
a duration of at most 2**k hours; `week_bucketed` uses it to turn the overlap test into one short index range per
class, which is how a range query can stay fast whatever N is, even with multi-decade spans in the table.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

BATCH = 10_000
MAX_SPAN_CLASS = 24
"""Span classes run from 0 (an hour or less) to 24 (2**24 hours, about 1,900 years)."""
FORMULA_START = "=+-@\t\r\n"
_PROTECTED = re.compile(r"'+[=+\-@\t\r\n]")


class Cursor(Protocol):
    """The part of a DB-API cursor the baseline uses."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Any, /) -> Any: ...

    def fetchall(self) -> list[Any]: ...


# ---------------------------------------------------------------------------------------------------- dates


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def _next(wall: datetime, size: int) -> datetime:
    """The wall-clock start of the period after the one of `size` characters that starts at `wall`."""
    if size == 4:
        return wall.replace(year=wall.year + 1)
    if size == 7:
        return wall.replace(year=wall.year + wall.month // 12, month=wall.month % 12 + 1)
    return wall + (timedelta(days=1) if size == 10 else timedelta(minutes=1))


def bounds(text: str, zone: str | None) -> tuple[int, int, int]:
    """(lower, upper, precision) of an ISO date at year, month, day or minute precision: the UTC seconds of the
    first instant covered and of the first instant after it. Times ending in Z are UTC, others local in `zone`."""
    clock: tzinfo = UTC
    if text.endswith("Z"):
        text = text[:-1]
    elif zone and len(text) <= 16:
        clock = _zone(zone)
    size = len(text)
    wall = datetime(int(text[:4]), int(text[5:7]) if size > 4 else 1, int(text[8:10]) if size > 7 else 1,  # noqa: DTZ001
                    int(text[11:13]) if size > 10 else 0, int(text[14:16]) if size > 13 else 0)
    if size not in (4, 7, 10, 16):
        raise ValueError(f"unsupported date {text!r}")
    lower = wall.replace(tzinfo=clock).timestamp()
    upper = _next(wall, size).replace(tzinfo=clock).timestamp()
    return int(lower), int(upper), {4: 1, 7: 2, 10: 3, 16: 5}[size]


def span_class(lower: int, upper: int) -> int:
    """The smallest k such that the interval lasts at most 2**k hours."""
    hours = max(1, -(-(upper - lower) // 3600))
    return (hours - 1).bit_length()


# ---------------------------------------------------------------------------------------------------- CSV cells


def participants(cell: str) -> list[tuple[str, str]]:
    """(name, role) pairs of a list cell: "NASA (customer); SpaceX"; backslash escapes are honoured."""
    if "\\" in cell:
        return _escaped_participants(cell)
    found = []
    for item in cell.split(";"):
        item = item.strip()
        if item.endswith(")") and "(" in item:
            name, _, role = item[:-1].rpartition("(")
            found.append((name.strip(), role.strip()))
        elif item:
            found.append((item, ""))
    return found


def _escaped_participants(cell: str) -> list[tuple[str, str]]:
    """The slow path of `participants`, for cells with escapes: escaped characters are taken literally."""
    items: list[list[tuple[str, bool]]] = [[]]
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            items[-1].append((next(chars, "\\"), True))
        elif char == ";":
            items.append([])
        else:
            items[-1].append((char, False))
    found = []
    for item in items:
        opening = max((index for index, token in enumerate(item) if token == ("(", False)), default=-1)
        text = "".join(char for char, _ in item)
        if opening >= 0 and item and item[-1] == (")", False):
            found.append((text[:opening].strip(), text[opening + 1:-1].strip()))
        elif text.strip():
            found.append((text.strip(), ""))
    return found


def protect(cell: str) -> str:
    """A text cell as tracker writes it: a leading ' before anything a spreadsheet would run as a formula."""
    if cell[:1] and (cell[0] in FORMULA_START or (cell[0] == "'" and _PROTECTED.match(cell))):
        return "'" + cell
    return cell


PRECISIONS = {1: "year", 2: "month", 3: "day", 4: "hour", 5: "minute", 6: "second"}


def utc_text(seconds: int) -> str:
    """UTC seconds since 1970 as tracker's `lower` / `upper` columns write them: "2025-07-31T00:00:00Z"."""
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}Z")


def csv_row(row: Sequence[Any]) -> list[str]:
    """An exported row (the columns of `EVENT_COLUMNS`) as CSV cells in the tracker column order."""
    slug, title, kind, status, start, end, zone, place, agencies, people, summary, sources, *bounds = row
    precision, lower, upper = bounds
    texts = [protect(cell or "") for cell in (zone, place, agencies, people, summary, sources)]
    # outcome, designation and aliases: the synthetic events have none
    return [protect(slug), protect(title), kind, status, start, end or "", *texts, "", "", "",
            PRECISIONS[precision], utc_text(lower), utc_text(upper), "", "", ""]  # no vehicle, family, trajectory


# ---------------------------------------------------------------------------------------------------- loading


class _Names:
    """Ids given to names as they are first seen, and the rows still to insert for the new ones."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.pending: list[tuple[int, str]] = []

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.ids) + 1
            self.pending.append((found, name))
        return found

    def take(self) -> list[tuple[int, str]]:
        taken, self.pending = self.pending, []
        return taken


class _Batch:
    """The rows of up to BATCH events, ready for executemany."""

    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []
        self.agencies: list[tuple[int, int, str, int]] = []
        self.people: list[tuple[int, int, str, int]] = []
        self.sources: list[tuple[int, int, int]] = []


class Loader:
    """Streams a CSV file into the raw tables in batches: memory stays flat whatever the file's size."""

    def __init__(self, cursor: Cursor, placeholder: str, *, copy: bool = False) -> None:
        self.cursor = cursor
        self.mark = placeholder
        self.copy = copy
        """PostgreSQL only: load each batch with COPY ... FROM STDIN instead of an executemany of INSERTs."""
        self.places, self.agencies, self.people, self.sources = _Names(), _Names(), _Names(), _Names()

    def load(self, path: Path) -> int:
        """Insert every row of the file; returns how many events."""
        count = 0
        batch = _Batch()
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            for count, row in enumerate(reader, start=1):
                self._add(batch, count, row)
                if len(batch.events) >= BATCH:
                    self._flush(batch)
                    batch = _Batch()
        self._flush(batch)
        return count

    def _add(self, batch: _Batch, event_id: int, row: dict[str, str]) -> None:
        zone = row["timezone"] or None
        lower, upper, precision = bounds(row["start"], zone)
        if row["end"]:
            upper = bounds(row["end"], zone)[1]
        place = self.places.id(row["place"]) if row["place"] else None
        batch.events.append((event_id, row["slug"], row["title"], row["kind"], row["status"], row["start"],
                             row["end"] or None, precision, lower, upper, span_class(lower, upper), zone, place,
                             row["summary"]))
        for position, (name, role) in enumerate(participants(row["agencies"])):
            batch.agencies.append((event_id, self.agencies.id(name), role, position))
        for position, (name, role) in enumerate(participants(row["people"])):
            batch.people.append((event_id, self.people.id(name), role, position))
        urls = [url.strip() for url in row["sources"].split(";") if url.strip()]
        batch.sources.extend((event_id, self.sources.id(url), position) for position, url in enumerate(urls))

    def _insert(self, table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
        rows = list(rows)
        if rows and self.copy:
            with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        elif rows:
            marks = ", ".join([self.mark] * (columns.count(",") + 1))
            self.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def _flush(self, batch: _Batch) -> None:
        self._insert("places", "id, name", self.places.take())
        self._insert("agencies", "id, name", self.agencies.take())
        self._insert("people", "id, name", self.people.take())
        self._insert("sources", "id, url", self.sources.take())
        self._insert("events", "id, slug, title, kind, status, start_iso, end_iso, precision, lower, upper, "
                     "span_class, timezone, place_id, summary", batch.events)
        self._insert("event_agencies", "event_id, agency_id, role, position", batch.agencies)
        self._insert("event_people", "event_id, person_id, role, position", batch.people)
        self._insert("event_sources", "event_id, source_id, position", batch.sources)


# ---------------------------------------------------------------------------------------------------- SQL


TABLES = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE agencies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE);
CREATE TABLE events (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, kind TEXT NOT NULL,
    status TEXT NOT NULL, start_iso TEXT NOT NULL, end_iso TEXT, precision SMALLINT NOT NULL,
    lower BIGINT NOT NULL, upper BIGINT NOT NULL, span_class SMALLINT NOT NULL, timezone TEXT,
    place_id INTEGER REFERENCES places (id), summary TEXT NOT NULL);
CREATE INDEX events_lower_upper ON events (lower, upper);
CREATE INDEX events_upper ON events (upper);
CREATE INDEX events_class_lower ON events (span_class, lower);
CREATE TABLE event_agencies (
    event_id INTEGER NOT NULL REFERENCES events (id), agency_id INTEGER NOT NULL REFERENCES agencies (id),
    role TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (event_id, agency_id, role));
CREATE INDEX event_agencies_agency ON event_agencies (agency_id);
CREATE TABLE event_people (
    event_id INTEGER NOT NULL REFERENCES events (id), person_id INTEGER NOT NULL REFERENCES people (id),
    role TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (event_id, person_id, role));
CREATE INDEX event_people_person ON event_people (person_id);
CREATE TABLE event_sources (
    event_id INTEGER NOT NULL REFERENCES events (id), source_id INTEGER NOT NULL REFERENCES sources (id),
    position INTEGER NOT NULL, PRIMARY KEY (event_id, source_id));
"""

_ITEM = "{name} || CASE WHEN l.role = '' THEN '' ELSE ' (' || l.role || ')' END"
_LISTS = {
    "agencies": ("event_agencies l JOIN agencies a ON a.id = l.agency_id", _ITEM.format(name="a.name")),
    "people": ("event_people l JOIN people a ON a.id = l.person_id", _ITEM.format(name="a.name")),
    "sources": ("event_sources l JOIN sources a ON a.id = l.source_id", "a.url"),
}
EVENT_COLUMNS = ("e.slug, e.title, e.kind, e.status, e.start_iso, e.end_iso, e.timezone, p.name, {agencies}, "
                 "{people}, e.summary, {sources}, e.precision, e.lower, e.upper")


def sqlite_list(column: str) -> str:
    """A correlated subquery giving an event's `column` list as one "; "-separated string, in position order."""
    joined, item = _LISTS[column]
    return (f"(SELECT group_concat(item, '; ') FROM (SELECT {item} AS item FROM {joined} "
            "WHERE l.event_id = e.id ORDER BY l.position))")


def postgresql_list(column: str) -> str:
    """As `sqlite_list`, with string_agg's own ORDER BY."""
    joined, item = _LISTS[column]
    return f"(SELECT string_agg({item}, '; ' ORDER BY l.position) FROM {joined} WHERE l.event_id = e.id)"


def select_events(list_sql: Any, where: str) -> str:
    """The SELECT of exported events with their lists, filtered by `where`, in tracker's order."""
    columns = EVENT_COLUMNS.format(**{name: list_sql(name) for name in _LISTS})
    return (f"SELECT {columns} FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE {where} "
            "ORDER BY e.lower, e.upper, e.slug")


def bucketed_where(mark: str) -> str:
    """The overlap test as one short index range per span class (parameters: lower, upper, then per class the
    earliest possible start and upper again)."""
    terms = " OR ".join(f"(e.span_class = {k} AND e.lower > {mark} AND e.lower < {mark})"
                        for k in range(MAX_SPAN_CLASS + 1))
    return f"e.lower < {mark} AND e.upper > {mark} AND ({terms})"


def bucketed_params(lower: int, upper: int) -> list[int]:
    """The parameters of `bucketed_where` for the range [lower, upper)."""
    params = [upper, lower]
    for k in range(MAX_SPAN_CLASS + 1):
        params += [lower - (2 ** k) * 3600, upper]
    return params


def write_rows(rows: Iterator[Sequence[Any]], path: Path) -> int:
    """Write a header and the exported rows as CSV (CRLF, as tracker does); returns the count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(("slug", "title", "kind", "status", "start", "end", "timezone", "place", "agencies",
                         "people", "summary", "sources", "outcome", "designation", "aliases", "precision",
                         "lower_utc", "upper_utc", "vehicle", "vehicle_family", "trajectory"))
        for row in rows:
            writer.writerow(csv_row(row))
            count += 1
    return count
