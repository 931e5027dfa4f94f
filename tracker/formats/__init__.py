"""Files <-> records. One registry, `FORMATS`, says which formats exist, which file names suggest them, and which
module reads or writes each: import, export and every `--format` option choose through it, nowhere else.

A format's module is imported only when the format is used (ICS pulls in `icalendar`, the others stay light).
"""

from __future__ import annotations

import gzip
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, Protocol

from tracker.errors import InvalidRecord
from tracker.records import Dataset, EventRecord

if TYPE_CHECKING:
    from tracker.formats.json import EventValues


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the file: the zones of the places the store knows (to read local dates), a
    CSV delimiter, and companion files (GCAT's organisation and site tables, McDowell's rides table)."""

    known_zones: dict[str, str | None] = field(default_factory=dict)
    delimiter: str | None = None
    companions: dict[str, Path] = field(default_factory=dict)


@dataclass
class Incoming:
    """What a file holds, ready to write: the names, places and sources of `dataset`, and its events, either in
    `dataset.events` (read and validated whole) or in `stream` (validated as they are written, memory flat).
    `size` sizes a progress bar: the number of events, or of lines for a stream."""

    dataset: Dataset
    stream: Iterable[EventRecord] | None = None
    size: int = 0


ListCells = Literal["text", "json"]
"""How CSV writes its list cells: `text` ("NASA (customer); SpaceX", escaped) or `json` (JSON arrays)."""


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may need beyond the events: how CSV writes list cells, whether ICS writes imprecise dates as
    the whole period they cover, the coordinates of the places the store knows (ICS `GEO`, by place name), and
    the export's time (ICS `DTSTAMP`; now when not given)."""

    lists: ListCells = "text"
    ics_spans: bool = False
    coordinates: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    now: datetime | None = None


class Writer(Protocol):
    """write(events, stream, neutralise, options) -> how many were written; `neutralise` guards spreadsheet cells
    (CSV only)."""

    def __call__(self, events: Iterable[EventRecord], stream: IO[str], neutralise: bool = True,
                 options: WriteOptions | None = None) -> int: ...


class TextsWriter(Protocol):
    """`Writer` for events given as the text of their JSON objects (`formats.json.encode` of `values_to_json`): the
    same bytes."""

    def __call__(self, objects: Iterable[str], stream: IO[str], neutralise: bool = True,
                 options: WriteOptions | None = None) -> int: ...


class ValuesWriter(Protocol):
    """`Writer` for events given as their values (`formats.json.EventValues`): the same bytes."""

    def __call__(self, events: Iterable[EventValues], stream: IO[str], neutralise: bool = True,
                 options: WriteOptions | None = None) -> int: ...


Reader = Callable[[Path, ReadOptions], Incoming]


@dataclass(frozen=True)
class FileFormat:
    """A file format: its name on the command line, the suffixes that suggest it, and whether it reads and writes.
    Its module `tracker.formats.<module>` defines `read(path, options)` and/or `write(events, stream, neutralise,
    options)`."""

    name: str
    module: str
    suffixes: tuple[str, ...] = ()
    reads: bool = True
    writes: bool = True
    label: str = ""
    """How the format is named in messages and history ("GCAT update"); the name in capitals by default."""
    values: Literal["", "current", "history"] = ""
    """Whether its module also writes events given as their values (`write_values`), which a store reads from
    its columns without building records: "current" for a format that writes only their current dates, "history"
    for one that also writes their date history."""
    texts: bool = False
    """Whether its module also writes events given as the text of their JSON objects (`write_texts`), which a store
    builds in SQL (exports/json.py)."""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name.upper())

    def reader(self) -> Reader:
        """The module's `read`, imported now."""
        read: Reader = import_module(f"tracker.formats.{self.module}").read
        return read

    def writer(self) -> Writer:
        """The module's `write`, imported now."""
        write: Writer = import_module(f"tracker.formats.{self.module}").write
        return write

    def values_writer(self) -> ValuesWriter:
        """The module's `write_values`, imported now (only for a format with `values`)."""
        write: ValuesWriter = import_module(f"tracker.formats.{self.module}").write_values
        return write

    def texts_writer(self) -> TextsWriter:
        """The module's `write_texts`, imported now (only for a format with `texts`)."""
        write: TextsWriter = import_module(f"tracker.formats.{self.module}").write_texts
        return write


FORMATS = {
    "csv": FileFormat("csv", "csv", (".csv", ".txt"), values="current"),
    "json": FileFormat("json", "json", (".json",), values="history", texts=True),
    "jsonl": FileFormat("jsonl", "jsonl", (".jsonl",), reads=False, label="JSON Lines", values="history",
                        texts=True),
    "ll2": FileFormat("ll2", "ll2", writes=False, label="Launch Library 2"),
    "gcat": FileFormat("gcat", "gcat", writes=False),
    "mcdowell": FileFormat("mcdowell", "mcdowell", writes=False, label="McDowell update"),
    "nasa-eva": FileFormat("nasa-eva", "nasa_eva", writes=False, label="NASA EVA update"),
    "ics": FileFormat("ics", "ics", (".ics",), reads=False),
    "timelinejs": FileFormat("timelinejs", "timelinejs", reads=False, label="TimelineJS"),
}


def readable() -> list[str]:
    """The names of the formats `tracker import` takes."""
    return [name for name, found in FORMATS.items() if found.reads]


def writable() -> list[str]:
    """The names of the formats `tracker export` writes."""
    return [name for name, found in FORMATS.items() if found.writes]


GZIP_MAGIC = b"\x1f\x8b"
"""The first two bytes of every gzip file (RFC 1952)."""
READ_COMPRESSED = ("gcat", "mcdowell")
"""The formats whose reader takes a gzip-compressed file (GCAT's tables and McDowell's lists, as tracker ships
them)."""


def format_for(path: Path, given: str | None) -> FileFormat:
    """The format named `given`, else the one the file's first bytes show (a GCAT launch log's header, McDowell's
    missions list's, a Launch Library 2 response's `results`), else the one its suffix suggests, else JSON. A gzip
    file (known by its first bytes) is looked into, and named without its `.gz`; InvalidRecord naming the file when
    it is compressed and its format's reader reads only plain files."""
    head, compressed = _head(path)
    if given:
        chosen = FORMATS[given]
    elif head.startswith("#Launch_Tag"):
        chosen = FORMATS["gcat"]
    elif head.startswith("#HSFID"):
        chosen = FORMATS["mcdowell"]
    elif head.startswith("{") and '"results"' in head:
        chosen = FORMATS["ll2"]
    else:
        chosen = _by_suffix(path.with_suffix("") if compressed and path.suffix.lower() == ".gz" else path)
    if compressed and chosen.name not in READ_COMPRESSED:
        raise InvalidRecord(f"{path}: the file is gzip-compressed, and {chosen.label} files are read only "
                            "uncompressed: decompress it first (gunzip)")
    return chosen


def format_in(path: Path) -> str | None:
    """The name of the format a file's content alone shows, for a file without a telling name (standard input):
    a GCAT launch log, McDowell's missions list, NASA's EVA table or a Launch Library 2 response by their headers,
    tracker JSON by its opening bracket, a tracker CSV file by a header row naming a `title` column; else None."""
    head, _ = _head(path)
    if head.startswith("#Launch_Tag"):
        return "gcat"
    if head.startswith("#HSFID"):
        return "mcdowell"
    if head.startswith("EVA #,"):
        return "nasa-eva"
    if head.startswith("{") and '"results"' in head:
        return "ll2"
    if head.startswith(("{", "[")):
        return "json"
    header = head.split("\n", 1)[0].lower()
    for delimiter in (",", ";", "\t"):
        if "title" in (cell.strip().strip('"') for cell in header.split(delimiter)):
            return "csv"
    return None


def _head(path: Path) -> tuple[str, bool]:
    """The file's first characters (through gzip when it is compressed), and whether it is: ("", False) for what
    is not a regular file, since a pipe (/dev/stdin) is read once, by the reader, never looked into first."""
    if not _is_regular(path):
        return "", False
    try:
        with path.open("rb") as stream:
            start = stream.read(4096)
    except OSError:  # unreadable: the reader says so, naming the file
        return "", False
    compressed = start.startswith(GZIP_MAGIC)
    if compressed:
        try:
            with gzip.open(path, "rb") as inflated:
                start = inflated.read(4096)
        except (OSError, EOFError):  # a damaged archive: the reader says so, naming the file
            start = b""
    return start.decode("utf-8", "replace").lstrip("\ufeff \t\r\n"), compressed


def _by_suffix(path: Path) -> FileFormat:
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return FORMATS["csv"]  # a tab-separated tracker file; the CSV reader detects the delimiter
    return next((found for found in FORMATS.values() if found.reads and suffix in found.suffixes), FORMATS["json"])


def lines_after_header(path: Path) -> int:
    """The lines after the header: the number of rows unless quoted cells span lines. Enough to size a progress
    bar, and much cheaper than parsing the file twice. 0 (size unknown) for what is not a regular file: a pipe
    such as /dev/stdin can be read only once, and that is the reader's."""
    if not _is_regular(path):
        return 0
    with path.open("rb") as stream:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")) - 1)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
