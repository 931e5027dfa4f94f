"""Every bound tracker puts on what it is given, in one place: how many words a search takes, how long a claim or a
draft may be, how long a line of a file and how large a JSON document or a decompressed file may grow. Each keeps
one input from costing minutes or gigabytes; each is named, with its value, in the error that enforces it and in
the README's "Limits" section.

Code reads them through this module (`limits.SEARCH_MAX_WORDS`), at the moment it checks, so that a test can lower
one with monkeypatch instead of building inputs gigabytes long. The readers that enforce them are here too:
`bounded_lines` (line length and total size of a byte stream) and `read_at_most` (a whole document's size).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from tracker.errors import InvalidImport

SEARCH_MAX_WORDS = 32
"""Words a search query may have. Every word is matched as a prefix ("baka" finds Bakanov), and each costs the
full-text engine a pass over every indexed word it begins: 1,000 words took 89 s. The worst query of 32 words
(the index's commonest prefixes) takes 0.18 s on the bundled store (bench/bounds.py, bench/RESULTS.md)."""

CLAIM_MAX_CHARACTERS = 1_000
"""Characters a claim given to `check` may have (an argument, or a cell of `check --file`), and a sentence of a
draft that is checked: ten lines of prose. Reading a claim costs more than its length (a 100 KB claim took 16 s
and 755 MB); a sentence this long reads in milliseconds."""

ARTICLE_MAX_BYTES = 5 * 1024 * 1024
"""Bytes a draft given to `check --article` may have: 5 MiB, some 800,000 words, a book rather than an article.
It is read and checked a paragraph at a time, its verdicts printed as they come, so the limit bounds the time
(at roughly a thousand verdicts a minute), not the memory."""

LINE_MAX_BYTES = 4 * 1024 * 1024
"""Bytes one line of a CSV, TSV (GCAT) or claims file may have: 4 MiB, room for one CSV cell at its limit
(`CSV_FIELD_MAX_CHARACTERS`) in characters of four bytes. A longer line is refused as it is read, before it is
held whole in memory."""

CSV_FIELD_MAX_CHARACTERS = 1024 * 1024
"""Characters one CSV cell may have (1 MiB): a summary longer than any event needs."""

PROBLEMS_MAX = 1_000
"""Problems a file's rows may have before it is read no further: every problem is kept to be reported (the first
twenty shown, and how many more), and a file of millions of bad rows would otherwise fill memory with them."""

DECOMPRESSED_MAX_BYTES = 16 * 1024 * 1024
"""Bytes a GCAT table may hold once decompressed (or as it is, uncompressed): 16 MiB, four times the real launch
log (3.6 MB after 68 years of launches). The table is held in memory while its launches are put together, at
about 13 times its size for the smallest rows (a 64 MiB table of them peaked at 857 MB), and a gzip file can
expand a thousandfold (160 KB made those 64 MiB)."""

JSON_MAX_BYTES = 256 * 1024 * 1024
"""Bytes a JSON document (a tracker JSON file, a Launch Library 2 response) may have: 256 MiB, some 300,000
events as tracker exports them (900 bytes each). JSON is parsed and validated whole, at about six times its size
in memory (a 6.2 MB export of 6,929 events took 39 MB), so this bounds a JSON import near 1.6 GB: a larger
collection belongs in CSV, which is read as it is written."""

CONFIG_MAX_BYTES = 64 * 1024
"""Bytes the configuration file may have: 64 KiB, for a file of six settings. It is read whole by `tomllib`."""


class ByteStream(Protocol):
    """What the readers below need of a file: an open binary file, or a gzip stream."""

    def readline(self, size: int = -1, /) -> bytes:
        """The next line, of at most `size` bytes."""
        ...

    def read(self, size: int = -1, /) -> bytes:
        """The next `size` bytes."""
        ...


def size_label(count: int) -> str:
    """A byte count as people read it: "4 MiB", "512 MiB", "1,000 bytes"."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size:,} {unit}"
    return f"{count:,} bytes"


def bounded_lines(stream: ByteStream, source: str, *, total: int | None = None,
                  what: str = "file") -> Iterator[bytes]:
    """The lines of `stream`, line endings kept, each read only up to `LINE_MAX_BYTES`: InvalidImport naming
    `source`, the line and the limit for a longer line, and for a stream giving more than `total` bytes in all
    (None: no total limit), before either is held whole."""
    limit = LINE_MAX_BYTES
    read = 0
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        read += len(line)
        if len(line) > limit and not (len(line) == limit + 1 and line.endswith(b"\n")):
            raise InvalidImport([f"line {number}: longer than {size_label(limit)}, the limit for a line; the "
                                 "file was not read further"], source)
        if total is not None and read > total:
            raise InvalidImport([f"line {number}: the {what} holds more than {size_label(total)}, the limit for "
                                 f"a {what}; the file was not read further"], source)
        yield line


def read_at_most(stream: ByteStream, source: str, limit: int, what: str, *, size: int | None = None) -> bytes:
    """All of `stream`, or InvalidImport naming `source` and the limit when it holds more than `limit` bytes: at
    once when its `size` is known (a regular file), else once one byte past the limit is read."""
    if size is not None and size > limit:
        raise InvalidImport([f"{size:,} bytes, larger than {size_label(limit)}, the limit for {what}; the file was "
                             "not read"], source)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidImport([f"larger than {size_label(limit)}, the limit for {what}; the file was not read "
                             "further"], source)
    return data
