"""The tracker CSV contract: one event per row, each row validated as it is read, written one row at a time.

Columns, written in this order and read in any order (names are case-insensitive)::

    slug,title,kind,status,start,end,timezone,place,agencies,people,summary,sources,outcome,designation,aliases,
    precision,lower_utc,upper_utc,vehicle,vehicle_family,trajectory

- `title` and `start` are required; every other column may be left out of the header or left empty.
- `start` / `end`: ISO 8601 at the precision really known, exactly as the JSON format writes them ("2025",
  "2025-07", "2025-07-31", "2025-08-01T15:43Z"); the end is inclusive at its own precision. Dates without an
  offset are read in `timezone` (an IANA name), else in the zone of `place` when the store knows it, else UTC.
  The writer gives `timezone` as the zone the dates are read in, the place's when the event has none of its own,
  so a file means the same instants in a store that does not know the place; re-imported where the event
  follows its place's zone, that zone is taken as the place's (store/write.py), and nothing changes.
- `kind` defaults to `other`; `status` to `occurred` for a past date, `planned` for a future one, `unconfirmed` when
  today falls within the date; an empty `slug` is derived from the title and start.
- `agencies`, `people`: items separated by `;`, each `Name` or `Name (role)`; `sources`: URLs separated by `;`;
  `aliases`: other names of the event separated by `;`. Items are written separated by "; ".
- `outcome`: success, failure or partial (launches), or empty; `designation`: the event's identifier in another
  catalogue, such as the COSPAR launch designation "1969-059".
- `vehicle`: a launch's vehicle as the catalogue names its type ("Ariane 5G"); `vehicle_family`: the family a person
  would name ("Ariane 5"); `trajectory`: orbital, suborbital or lunar surface. They come last, so files written
  before they existed still import.
- `precision`, `lower_utc`, `upper_utc`: written for other tools, derived from `start`, `end` and the zone: the
  precision of the start as a word (year, month, day, hour, minute, second), and the UTC instants the event may
  cover as a half-open interval [lower_utc, upper_utc) ("2025-07-31T00:00:00Z"), which sort and compare as text and
  which `pandas.to_datetime` reads as UTC instants without being told a format (where `start` mixes precisions,
  and a local day would be read as midnight UTC). The JSON formats write them under the same names. They are
  ignored on import, where the dates are read again from `start`, `end` and the zone, so a file whose dates were
  edited in a spreadsheet never carries stale bounds into the store; so are the columns `lower` and `upper`, their
  names in files written before.

List cells as JSON (`export --lists json`): `agencies` and `people` are JSON arrays of {"name": ..., "role": ...}
objects, as the JSON format writes them, `sources` and `aliases` arrays of strings, and an empty list is `[]`, so
every cell of those columns reads with `json.loads`. The reader takes either form in any cell: a cell that starts
with `[` and holds a JSON array of names (strings, or objects with a `name` and an optional `role`) is read as
JSON; any other cell, a name that happens to start with `[` included, as text.

Escaping inside the list columns (text form). A backslash makes the next character literal, so a name may hold anything:
`\\;` is a semicolon, `\\(` and `\\)` are parentheses (in `sources` only `;` and `\\` are escaped, so URLs with
parentheses stay readable), `\\\\` is a backslash. White space around items, names and roles is trimmed unless
escaped; the writer escapes a name's leading and trailing white space, so every name round-trips exactly. An
unescaped "(" starts the role, which ends at the item's final ")": "Roscosmos \\(Russia\\) (host)" is the agency
"Roscosmos (Russia)" in the role "host". Unbalanced unescaped parentheses are refused.

Free text (`title`, `summary`) is kept exactly as written, white space included; the other single-value columns
are trimmed, as in the JSON format.

Formula injection (OWASP "CSV Injection"): when writing with `neutralise` (the default), a cell that starts with
`=`, `+`, `-`, `@`, tab, carriage return or line feed gets a leading `'`, so spreadsheets show it as text. A cell
that already starts with `'` followed by any number of `'` and one of those characters always gets one more `'`
(with or without `neutralise`), and the reader removes exactly one `'` from such cells: writing, reading and
writing again gives the same bytes. The date columns are never altered: they hold validated dates.

Files are UTF-8, with or without a byte-order mark, with a header row. The delimiter (comma, semicolon or tab) is
detected from the header line with `csv.Sniffer`, or given. A field may hold up to 1 MiB (1,048,576 characters).
The writer quotes as RFC 4180 does and ends rows with CRLF; open output files with `newline=""`.

History: CSV carries each event's current dates only. Earlier dates (scrubs, slips, superseded reports) do not fit
one row; the JSON format carries them, so export JSON to keep history.
"""

from __future__ import annotations

import csv
import json
import os
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import IO

from tracker import limits
from tracker.dates import when
from tracker.dates.when import Span, When, zone_info
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord
from tracker.formats import Incoming, ListCells, ReadOptions, WriteOptions, lines_after_header
from tracker.formats.json import (
    PRECISION_LABELS,
    EventValues,
    derive_slug,
    event_values,
    read_event,
    refuse_nul,
    stated_fields,
)
from tracker.limits import bounded_lines, size_label
from tracker.names import fold
from tracker.records import (
    KINDS,
    OUTCOMES,
    STATUSES,
    TRAJECTORIES,
    Dataset,
    EventKind,
    EventRecord,
    Participant,
    check_record,
    fits_limits,
    record_problems,
    status_by_date,
)

COLUMNS = ("slug", "title", "kind", "status", "start", "end", "timezone", "place", "agencies", "people", "summary",
           "sources", "outcome", "designation", "aliases", "precision", "lower_utc", "upper_utc", "vehicle",
           "vehicle_family", "trajectory")
_FORMER_COLUMNS = ("lower", "upper")
"""Columns of files written before, still read (and ignored, as their successors are)."""
REQUIRED_COLUMNS = ("title", "start")
DELIMITERS = ",;\t"

_DATE_COLUMNS = frozenset({"start", "end"})
_SINGLE_COLUMNS = ("slug", "kind", "status", "start", "end", "timezone", "place", "outcome", "designation", "vehicle",
                   "vehicle_family", "trajectory")
_FORMULA_START = "=+-@\t\r\n"
_RISKY_START = frozenset(_FORMULA_START + "'")
_PROTECTED = re.compile(r"'+[=+\-@\t\r\n]")
NAME_SPECIALS = frozenset("\\;()")
URL_SPECIALS = frozenset("\\;")
LIST_SEPARATOR = "; "


class _NotUTF8(Exception):
    """A line that does not decode as UTF-8; carries the complete problem text."""


# ---------------------------------------------------------------------------------------------------- writing


def protect(cell: str, neutralise: bool) -> str:
    """The cell as written: a leading `'` against formula injection, and on cells the reader would unprotect."""
    if not cell or cell[0] not in _RISKY_START:
        return cell
    if _PROTECTED.match(cell) or (neutralise and cell[:1] and cell[0] in _FORMULA_START):
        return "'" + cell
    return cell


def spreadsheet_safe(cell: str) -> str:
    """`cell` as any CSV of tracker's writes it: a leading `'` where a spreadsheet would run it as a formula."""
    return protect(cell, True)


def _escape(text: str, specials: frozenset[str]) -> str:
    """`text` with its special characters and its leading and trailing white space escaped by a backslash."""
    if specials.isdisjoint(text) and not (text[:1].isspace() or text[-1:].isspace()):
        return text  # the usual case, without a look at each character
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    last = len(text) - trail
    return "".join("\\" + char if char in specials or index < lead or index >= last else char
                   for index, char in enumerate(text))


_PARTICIPANT_TEXTS: dict[tuple[str, str], str] = {}
"""The text of each participant written lately, up to _KEPT_TEXTS of them: a long export names the same agencies
and people in the same roles again and again, and each would be escaped again."""
_KEPT_TEXTS = 50_000


def _participant_text(item: Participant) -> str:
    name = _escape(item.name, NAME_SPECIALS)
    text = f"{name} ({_escape(item.role, NAME_SPECIALS)})" if item.role else name
    if len(_PARTICIPANT_TEXTS) >= _KEPT_TEXTS:
        _PARTICIPANT_TEXTS.clear()
    _PARTICIPANT_TEXTS[item.name, item.role] = text
    return text


def format_participants(items: Iterable[Participant]) -> str:
    """The `agencies` / `people` cell for `items`: "NASA (customer); SpaceX (launch provider)", escaped as the
    module describes. Participants without a name carry nothing and are left out."""
    known = _PARTICIPANT_TEXTS.get  # a text is never empty: `or` falls back only for an unknown participant
    return LIST_SEPARATOR.join([known((item.name, item.role)) or _participant_text(item)
                                for item in items if item.name])


def format_sources(urls: Iterable[str]) -> str:
    """The `sources` cell: URLs joined by "; ", with `;` and `\\` escaped."""
    return LIST_SEPARATOR.join([_escape(url, URL_SPECIALS) for url in urls if url])


def _json_participants(items: Iterable[Participant]) -> str:
    return json.dumps([{"name": item.name, "role": item.role} for item in items if item.name], ensure_ascii=False)


def _json_texts(texts: Iterable[str]) -> str:
    return json.dumps([text for text in texts if text], ensure_ascii=False)


def values_row(values: EventValues, *, neutralise: bool = True, lists: ListCells = "text") -> list[str]:
    """The cells of one event's values, in COLUMNS order, protected against formula injection when
    `neutralise`; list cells as JSON arrays when `lists` is "json"."""
    (slug, title, kind, status, start, end, zone, place, agencies, people, summary, sources, outcome, designation,
     aliases, precision, lower, upper, vehicle, family, trajectory, _, _) = values
    if lists == "json":
        return [
            protect(slug, neutralise), protect(title, neutralise), protect(kind, neutralise),
            protect(status, neutralise), start, end or "", protect(zone or "", neutralise),
            protect(place or "", neutralise),
            _json_participants(agencies), _json_participants(people),  # start with "[": never a formula
            protect(summary, neutralise), _json_texts(sources),
            protect(outcome or "", neutralise), protect(designation or "", neutralise), _json_texts(aliases),
            PRECISION_LABELS[precision], lower, upper, protect(vehicle or "", neutralise),
            protect(family or "", neutralise), protect(trajectory or "", neutralise),
        ]
    return [
        protect(slug, neutralise),
        protect(title, neutralise),
        protect(kind, neutralise),
        protect(status, neutralise),
        start,  # dates are validated: never altered
        end or "",
        protect(zone or "", neutralise),
        protect(place or "", neutralise),
        protect(format_participants(agencies), neutralise) if agencies else "",
        protect(format_participants(people), neutralise) if people else "",
        protect(summary, neutralise),
        protect(format_sources(sources), neutralise) if sources else "",
        protect(outcome or "", neutralise),
        protect(designation or "", neutralise),
        protect(format_sources(aliases), neutralise) if aliases else "",  # a list of texts, escaped as URLs are
        PRECISION_LABELS[precision],  # derived from the dates, never altered: ignored on import
        lower,
        upper,
        protect(vehicle or "", neutralise),
        protect(family or "", neutralise),
        protect(trajectory or "", neutralise),
    ]


def event_row(event: EventRecord, *, neutralise: bool = True, lists: ListCells = "text") -> list[str]:
    """The cells of one event, in COLUMNS order, protected against formula injection when `neutralise`; list
    cells as JSON arrays when `lists` is "json"."""
    return values_row(event_values(event), neutralise=neutralise, lists=lists)


def write_rows(rows: Iterable[list[str]], stream: IO[str]) -> int:
    """Write the header and `rows` (each an event's cells, in COLUMNS order); returns how many rows."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_csv(events: Iterable[EventRecord], stream: IO[str], *, neutralise: bool = True,
              lists: ListCells = "text") -> int:
    """Write a header and one row per event to `stream`, one row at a time (constant memory); returns the count.

    With `neutralise`, cells that a spreadsheet would run as a formula start with `'`; `read_csv` removes it. With
    `lists` "json", list cells are JSON arrays.
    """
    return write_rows((event_row(event, neutralise=neutralise, lists=lists) for event in events), stream)


def write_values(events: Iterable[EventValues], stream: IO[str], neutralise: bool = True,
                 options: WriteOptions | None = None) -> int:
    """`write` for events given as their values (a store's, store/export.py): the same bytes."""
    lists = (options or WriteOptions()).lists
    return write_rows((values_row(values, neutralise=neutralise, lists=lists) for values in events), stream)


# ---------------------------------------------------------------------------------------------------- reading


def _unprotect(cell: str) -> str:
    """The value behind a written cell: one leading `'` removed before a formula character (see the module)."""
    # Only a cell starting with ' can be protected: the test spares the other 99% of cells a regular expression.
    return cell[1:] if cell[:1] == "'" and _PROTECTED.match(cell) else cell


def _tokens(cell: str) -> list[tuple[str, bool]]:
    """The characters of a list cell, each with whether a backslash made it literal; a final lone `\\` is kept."""
    found: list[tuple[str, bool]] = []
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            following = next(chars, None)
            found.append(("\\", True) if following is None else (following, True))
        else:
            found.append((char, False))
    return found


def _trimmed(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    start, end = 0, len(tokens)
    while start < end and not tokens[start][1] and tokens[start][0].isspace():
        start += 1
    while end > start and not tokens[end - 1][1] and tokens[end - 1][0].isspace():
        end -= 1
    return tokens[start:end]


def _text(tokens: list[tuple[str, bool]]) -> str:
    return "".join(char for char, _ in tokens)


def _items(cell: str) -> list[list[tuple[str, bool]]]:
    """The `;`-separated items of a list cell, trimmed, empty ones dropped."""
    items: list[list[tuple[str, bool]]] = [[]]
    for token in _tokens(cell):
        if token == (";", False):
            items.append([])
        else:
            items[-1].append(token)
    return [item for item in map(_trimmed, items) if item]


def _unbalanced(written: str) -> InvalidRecord:
    return InvalidRecord(f"unbalanced parenthesis in {written!r}: write 'Name (role)', and escape parentheses that "
                         "belong to a name as \\( and \\)")


def _nameless(written: str) -> InvalidRecord:
    return InvalidRecord(f"a name is missing before the role in {written!r}")


def _plain_items(cell: str) -> list[str]:
    """The items of a list cell that holds no backslash: nothing in it is escaped, so splitting on `;` and
    trimming (str.strip trims what str.isspace calls white space, as _trimmed does) reads it exactly."""
    return [item for item in map(str.strip, cell.split(";")) if item]


def _plain_participant(item: str) -> Participant:
    """One item of a cell without escapes, read as _escaped_participants reads it, with string methods."""
    if "(" not in item and ")" not in item:
        return Participant(item)
    opening = item.rfind("(")
    if opening < 0 or item.count(")") != 1 or not item.endswith(")"):
        raise _unbalanced(item)
    name = item[:opening].strip()
    if not name:
        raise _nameless(item)
    return Participant(name, item[opening + 1: -1].strip())


_PARTICIPANTS_READ: dict[str, Participant] = {}
"""The participant of each item without escapes read lately, up to _KEPT_TEXTS of them: a file names the same
agencies and people in the same roles again and again (100,000 generated events hold 258,000 items of 29,000
texts), and a participant is immutable, so one is shared by every event naming it."""


def _plain_participants(cell: str) -> list[Participant]:
    """The participants of a cell without escapes, each item read once (`_PARTICIPANTS_READ`)."""
    known = _PARTICIPANTS_READ.get  # a participant is never falsy: `or` reads only an item not read lately
    return [known(item) or _read_plain_participant(item) for item in _plain_items(cell)]


def _read_plain_participant(item: str) -> Participant:
    participant = _plain_participant(item)
    if len(_PARTICIPANTS_READ) >= _KEPT_TEXTS:
        _PARTICIPANTS_READ.clear()
    _PARTICIPANTS_READ[item] = participant
    return participant


def _escaped_participants(cell: str) -> list[Participant]:
    """The participants of a cell read character by character, so that escaped characters count as text."""
    found = []
    for item in _items(cell):
        opening = [index for index, token in enumerate(item) if token == ("(", False)]
        closing = [index for index, token in enumerate(item) if token == (")", False)]
        written = _text(item)
        if not opening and not closing:
            found.append(Participant(written))
            continue
        if not opening or not closing or closing != [len(item) - 1] or opening[-1] > closing[-1]:
            raise _unbalanced(written)
        name = _text(_trimmed(item[: opening[-1]]))
        if not name:
            raise _nameless(written)
        found.append(Participant(name, _text(_trimmed(item[opening[-1] + 1: -1]))))
    return found


def _json_list(cell: str) -> list[object] | None:
    """The JSON array a list cell holds, or None when it holds none (it is then read as text)."""
    if not cell.lstrip().startswith("["):
        return None
    try:
        found = json.loads(cell)
    except ValueError:
        return None
    return found if isinstance(found, list) else None


def _json_text(item: object, what: str) -> str:
    """A text of a JSON list cell, exactly as given (JSON quotes it: nothing to trim, as the text form keeps escaped
    white space); InvalidRecord for what is not text or holds a NUL (which `\\u0000` writes past the cell's own
    check)."""
    if not isinstance(item, str):
        raise InvalidRecord(f"{json.dumps(item, ensure_ascii=False)[:80]} is not {what}: a JSON list holds "
                            + ('names, or objects {"name": ..., "role": ...}' if what == "a name" else "texts"))
    refuse_nul(item, what)
    return item


def _json_participant(item: object) -> Participant:
    if isinstance(item, dict) and set(item) <= {"name", "role"} and "name" in item:
        return Participant(_json_text(item["name"], "a name"), _json_text(item.get("role") or "", "a name"))
    return Participant(_json_text(item, "a name"))


def parse_participants(cell: str) -> list[Participant]:
    """The participants a list cell names ("NASA (customer); SpaceX", or a JSON array of names and {name, role}
    objects); raises InvalidRecord for an item with unbalanced parentheses, a role without a name, or a JSON item
    that is no name."""
    listed = _json_list(cell)
    if listed is not None:
        return [participant for participant in map(_json_participant, listed) if participant.name.strip()]
    # Most cells escape nothing: reading them with string methods is several times faster than token by token.
    if "\\" not in cell:
        return _plain_participants(cell)
    return _escaped_participants(cell)


def parse_sources(cell: str) -> list[str]:
    """The URLs of a `sources` cell (or the texts of an `aliases` cell), trimmed, with backslash escapes resolved;
    a JSON array of strings is read as JSON."""
    listed = _json_list(cell)
    if listed is not None:
        return [text for text in (_json_text(item, "a text") for item in listed) if text.strip()]
    if "\\" not in cell:
        return _plain_items(cell)
    return [_text(item) for item in _items(cell)]


def _decoded_lines(stream: IO[bytes], source: str) -> Iterator[str]:
    """The lines of a UTF-8 byte stream, line endings kept, a leading byte-order mark dropped; raises _NotUTF8
    naming the line and byte of the first bytes that are not UTF-8, and InvalidImport for a line over
    `limits.LINE_MAX_BYTES` (before reading it whole)."""
    offset = 0
    for number, raw in enumerate(bounded_lines(stream, source), start=1):
        line = raw[3:] if number == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
        skipped = len(raw) - len(line)
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = exc.start + skipped
            raise _NotUTF8(f"line {number}: not UTF-8 text (byte 0x{line[exc.start]:02x} at byte {column + 1} of "
                           f"the line, offset {offset + column} in the file): save the file as UTF-8") from None
        offset += len(raw)


def _sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses, among comma, semicolon and tab; a comma for a one-column header."""
    if not any(char in header for char in DELIMITERS):
        return ","
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {char: header.count(char) for char in DELIMITERS}
        return max(counts, key=lambda char: counts[char])


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    # The csv module keeps one process-wide limit; raise it for this read only and put the old one back.
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _header(row: list[str]) -> tuple[list[str], list[str]]:
    """The column names of a header row and the problems with it."""
    names = [cell.strip().lower() for cell in row]
    problems = []
    known = ", ".join(COLUMNS)
    seen: set[str] = set()
    for name in names:
        if name not in COLUMNS and name not in _FORMER_COLUMNS:
            problems.append(f"line 1: unknown column {name!r} (known: {known})" if name
                            else f"line 1: a column has no name (known: {known})")
        elif name in seen:
            problems.append(f"line 1: column {name!r} appears twice")
        seen.add(name)
    problems.extend(f"line 1: missing required column {name!r} (the header must name "
                    f"{' and '.join(REQUIRED_COLUMNS)})" for name in REQUIRED_COLUMNS if name not in seen)
    return names, problems


def _event(cells: dict[str, str], line: int, zones: dict[str, str | None]) -> EventRecord:
    """One row as an event, validated by the JSON reader's rules; InvalidRecord names the line and column."""
    values = {name: cell if name in _DATE_COLUMNS else _unprotect(cell) for name, cell in cells.items()}
    path = f"line {line}"
    for name, value in values.items():
        refuse_nul(value, f"{path}, column {name}")
    if not values.get("title", "").strip():
        raise InvalidRecord(f"{path}, column title: missing")
    try:
        # Title and summary are trimmed as the JSON reader trims them: one rule, so that a store's JSON export
        # re-imports unchanged whichever format filled it.
        event = read_event({name: values[name].strip() for name in _SINGLE_COLUMNS if name in values}
                           | {"title": values.get("title", ""), "summary": values.get("summary", "")}, path, zones,
                           checked=False)
        for column in ("agencies", "people"):
            try:
                setattr(event, column, parse_participants(values.get(column, "")))
            except InvalidRecord as exc:
                raise InvalidRecord(f"{path}.{column}: {exc}") from None
        for column in ("sources", "aliases"):
            try:
                texts = parse_sources(values.get(column, ""))
            except InvalidRecord as exc:
                raise InvalidRecord(f"{path}.{column}: {exc}") from None
            setattr(event, column, texts if column == "sources" else [text for text in texts if "\n" not in text])
        check_record(event, path)
    except InvalidRecord as exc:
        message = str(exc)
        if message.startswith(path + "."):
            message = f"{path}, column {message[len(path) + 1:]}"
        raise InvalidRecord(message) from None
    return event


def _plain_span(cells: dict[str, str], timezone: str | None, place: str | None,
                zones: dict[str, str | None]) -> Span | None:
    """The dates of a row read as `read_event` reads them, or None where it would refuse them."""
    try:
        if timezone is not None:
            zone_info(timezone)
        zone = timezone or (zones.get(fold(place)) if place else None)
        end = cells.get("end", "").strip()
        return Span(When.parse(cells.get("start", "").strip(), zone), When.parse(end, zone) if end else None)
    except InvalidDate:
        return None


def _plain_event(cells: dict[str, str], zones: dict[str, str | None]) -> EventRecord | None:
    """The event of a row that needs none of the full reader's care, built directly; None for any other row.

    Most rows of a file are plain: no cell protected against formulas, no NUL, every value known and within the
    limits. For them the generic field checks of `_event` (through the JSON reader) cost more than the rest of an
    import's reading; this builds the same record from the same rules (the same vocabularies, date parser,
    participant reader and limits, through `fits_limits` or `record_problems`), and leaves every row it is unsure
    of to `_event`, which then gives the same record or the exact error. Tests check the two agree on every row
    either accepts.
    """
    for cell in cells.values():
        if cell[:1] == "'":
            return None
    joined = "".join(cells.values())
    if "\x00" in joined:
        return None
    get = cells.get
    title = get("title", "").strip()
    timezone = get("timezone", "").strip() or None
    place = get("place", "").strip() or None
    span = _plain_span(cells, timezone, place, zones) if title else None
    kind = KINDS.get(get("kind", "").strip().lower() or EventKind.OTHER.value)
    status_given = get("status", "").strip().lower()
    status = STATUSES.get(status_given) if status_given else None
    outcome_given = get("outcome", "").strip().lower()
    outcome = OUTCOMES.get(outcome_given) if outcome_given else None
    trajectory_given = get("trajectory", "").strip().lower()
    trajectory = TRAJECTORIES.get(trajectory_given) if trajectory_given else None
    if span is None or kind is None or (status_given and status is None) or (outcome_given and outcome is None) or (
            trajectory_given and trajectory is None):
        return None
    try:
        agencies, people = parse_participants(get("agencies", "")), parse_participants(get("people", ""))
        sources, aliases = parse_sources(get("sources", "")), parse_sources(get("aliases", ""))
    except InvalidRecord:
        return None
    event = EventRecord(
        slug=get("slug", "").strip() or derive_slug(title, span.start), title=title, kind=kind,
        status=status or status_by_date(span, when.utc_now()), span=span, timezone=timezone, place=place,
        summary=get("summary", "").strip(), agencies=agencies, people=people,
        sources=sources, aliases=[alias for alias in aliases if "\n" not in alias],
        outcome=outcome, designation=get("designation", "").strip() or None,
        vehicle=get("vehicle", "").strip() or None, vehicle_family=get("vehicle_family", "").strip() or None,
        trajectory=trajectory)
    # A row without a backslash (no escape, so no JSON `\\u0000` or lone `\\ud800`) and with every text valid
    # UTF-8 holds only text: its limits are lengths, which `fits_limits` checks in far fewer steps.
    if "\\" not in joined and (joined.isascii() or _encodable(joined)):
        return event if fits_limits(event) else None
    return None if record_problems(event) else event


def _encodable(text: str) -> bool:
    """Whether `text` holds no lone surrogate (cells read from a file never do; a caller's may)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _csv_problem(line: int, error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        limit = limits.CSV_FIELD_MAX_CHARACTERS
        return (f"line {line}: a field is larger than {size_label(limit)} ({limit:,} characters); "
                "the file was not read further")
    return f"line {line}: {error} (the file was not read further)"


def _rows(stream: IO[bytes], source: str, delimiter: str | None, known_zones: dict[str, str | None] | None,
          problems: list[str]) -> Iterator[EventRecord]:
    """The valid events of a CSV stream, one at a time; every problem found is appended to `problems` (the
    caller decides what a problem means). Problems with the file as a whole raise InvalidImport at once."""
    if delimiter is not None and len(delimiter) != 1:
        raise InvalidImport([f"the delimiter must be one character, not {delimiter!r}"], source)
    lines = _decoded_lines(stream, source)
    try:
        first = next(lines, None)
    except _NotUTF8 as exc:
        raise InvalidImport([str(exc)], source) from None
    if first is None or not first.strip():
        raise InvalidImport([f"the file is empty: expected a header row naming the columns ({','.join(COLUMNS)})"],
                            source)
    reader = csv.reader(chain([first], lines), delimiter=delimiter or _sniff_delimiter(first))
    zones = known_zones or {}
    slugs = SlugLines()
    with _field_limit(limits.CSV_FIELD_MAX_CHARACTERS):
        try:
            names, header_problems = _header(next(reader))
        except csv.Error as exc:
            raise InvalidImport([_csv_problem(1, exc)], source) from None
        if header_problems:
            raise InvalidImport(header_problems, source)
        given = stated_fields(names)  # a column the file lacks leaves that field of a stored event alone
        rows = 0
        previous = reader.line_num
        while True:
            line = previous + 1
            if len(problems) >= limits.PROBLEMS_MAX:
                problems.append(f"line {line}: the file was not read further after {limits.PROBLEMS_MAX:,} problems")
                break
            try:
                row = next(reader)
            except StopIteration:
                break
            except _NotUTF8 as exc:
                problems.append(str(exc))
                break
            except csv.Error as exc:
                problems.append(_csv_problem(line, exc))
                break
            previous = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines, and the empty rows spreadsheets leave at the end
            rows += 1
            if len(row) != len(names):
                problems.append(f"line {line}: {len(row)} cells, expected {len(names)} (one per header column)")
                continue
            cells = dict(zip(names, row, strict=True))
            try:
                event = _plain_event(cells, zones) or _event(cells, line, zones)
            except InvalidRecord as exc:
                problems.append(str(exc))
                continue
            earlier = slugs.add(event.slug, line)
            if earlier is not None:
                derived = "" if "slug" in names and row[names.index("slug")].strip() else "derived "
                problems.append(f"line {line}, column slug: duplicate {derived}slug {event.slug!r} "
                                f"(also on line {earlier})")
                continue
            event.given = given
            yield event
    if rows == 0 and not problems:
        problems.append("no rows after the header: nothing to import")


class SlugLines:
    """The line of each slug a file gave, in 16 bytes a slug: open addressing on the slug's 64-bit hash, with a
    32-bit CRC beside it, in three arrays. A dict of the slugs themselves took about 140 bytes a slug (138 MB of a
    million-event import's 276 MB peak), for nothing but finding a slug given twice.

    Two different slugs are taken for one only when both their hashes and their CRCs agree: about one file in
    10**17 of a million rows, and such a file would be refused with a "duplicate slug" problem, never imported
    wrong."""

    def __init__(self) -> None:
        self._count = 0
        self.__init_arrays(1 << 12)

    def add(self, slug: str, line: int) -> int | None:
        """Record `slug` on `line`; the line it was already given on, if any (the slug is then not recorded)."""
        key = hash(slug) or 1  # 0 marks a free slot
        check = zlib.crc32(slug.encode("utf-8", "surrogatepass"))
        mask = self._size - 1
        slot = key & mask
        hashes, checks = self._hashes, self._checks
        while found := hashes[slot]:
            if found == key and checks[slot] == check:
                return self._lines[slot]
            slot = (slot + 1) & mask
        hashes[slot], checks[slot], self._lines[slot] = key, check, line
        self._count += 1
        if self._count * 2 > self._size:
            self._grow()
        return None

    def _grow(self) -> None:
        """Twice the slots, the entries moved one by one (a list of them all would be the very memory saved)."""
        hashes, checks, lines = self._hashes, self._checks, self._lines
        self.__init_arrays(self._size * 2)
        mask = self._size - 1
        new_hashes, new_checks, new_lines = self._hashes, self._checks, self._lines
        for index, key in enumerate(hashes):
            if key:
                slot = key & mask
                while new_hashes[slot]:
                    slot = (slot + 1) & mask
                new_hashes[slot], new_checks[slot], new_lines[slot] = key, checks[index], lines[index]

    def __init_arrays(self, size: int) -> None:
        self._size = size
        self._hashes = array("q", bytes(8 * size))
        self._checks = array("I", bytes(4 * size))  # a CRC-32 and a line number: 32 bits each
        self._lines = array("I", bytes(4 * size))


def _read(stream: IO[bytes], source: str, delimiter: str | None,
          known_zones: dict[str, str | None] | None) -> list[EventRecord]:
    problems: list[str] = []
    events = list(_rows(stream, source, delimiter, known_zones, problems))
    if problems:
        raise InvalidImport(problems, source)
    return events


def iter_csv(path: str | os.PathLike[str], source: str, *, delimiter: str | None = None,
             known_zones: dict[str, str | None] | None = None) -> Iterator[EventRecord]:
    """The events of a CSV file one at a time, validated as they are read, so memory stays flat.

    Once a row is invalid no further event is given, but the rest of the file is still checked: at the end,
    InvalidImport lists every problem, as read_csv does. Write the events inside a transaction that the exception
    rolls back, and the import is all or nothing in a single pass over the file.
    """
    problems: list[str] = []
    with open(path, "rb") as handle:
        for event in _rows(handle, source, delimiter, known_zones, problems):
            if not problems:
                yield event
    if problems:
        raise InvalidImport(problems, source)


def read_csv(stream: IO[bytes] | str | os.PathLike[str], source: str, *, delimiter: str | None = None,
             known_zones: dict[str, str | None] | None = None) -> list[EventRecord]:
    """Read and validate every row of a CSV file (a binary stream or a path); returns the events in file order.

    Raises InvalidImport naming `source` and listing its problems, each with its line and column
    ("line 7, column start: invalid date '2025-13-01': month must be in 1..12"), so nothing is half-imported.
    `known_zones` maps folded place names to IANA zones, so an event at a known place reads its dates there.
    """
    if isinstance(stream, str | os.PathLike):
        with open(stream, "rb") as handle:
            return _read(handle, source, delimiter, known_zones)
    return _read(stream, source, delimiter, known_zones)


def read(path: Path, options: ReadOptions) -> Incoming:
    """The registry's reader: the file's events as a stream, validated as they are written (see `iter_csv`)."""
    events = iter_csv(path, str(path), delimiter=options.delimiter, known_zones=options.known_zones)
    return Incoming(Dataset(), events, lines_after_header(path))


def write(events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True,
          options: WriteOptions | None = None) -> int:
    """The registry's writer: `write_csv`."""
    return write_csv(events, stream, neutralise=neutralise, lists=(options or WriteOptions()).lists)
