"""Which agency took over from which (data/agency-successions.tsv): NACA -> NASA, the Soviet ministry -> the Russian
Space Agency -> the Federal Space Agency -> the State Corporation Roscosmos, NASDA/ISAS/NAL -> JAXA.

Columns, tab-separated, with a header line: `predecessor` and `successor` (any name of an agency: as the launch
catalogue or data/core.json names it), `date` (ISO 8601 at its precision: 1958-10-01, 1992-02, 2004), `note` and
`source`. An agency neither names is created when the table is written. A succession is not a parent: the
predecessor keeps its own events (Soviet launches are not Roscosmos's).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tracker.bundled import data_directory
from tracker.dates.when import When
from tracker.errors import InvalidDate, InvalidImport
from tracker.formats.tables import table_rows
from tracker.records import SuccessionRecord

SUCCESSIONS_FILE = "agency-successions.tsv"
COLUMNS = ("predecessor", "successor", "date", "note", "source")


def read_successions(path: Path) -> list[SuccessionRecord]:
    """The successions of the table at `path`; InvalidImport naming the line and column of every problem (a
    missing name or source, a date that is not ISO 8601, an agency succeeding itself)."""
    found: list[SuccessionRecord] = []
    problems: list[str] = []
    for line, row in table_rows(path, COLUMNS, problems):
        problems += [f"line {line}, column {column}: empty" for column in ("predecessor", "successor", "source")
                     if not row[column]]
        if row["predecessor"] and row["predecessor"] == row["successor"]:
            problems.append(f"line {line}, column successor: an agency cannot succeed itself")
        date = None
        if row["date"]:
            try:
                date = When.parse(row["date"])
            except InvalidDate as exc:
                problems.append(f"line {line}, column date: {exc}")
        found.append(SuccessionRecord(row["predecessor"], row["successor"], date, row["note"], row["source"] or None))
    if problems:
        raise InvalidImport(problems, str(path))
    return found


@cache
def bundled_successions() -> list[SuccessionRecord]:
    """The bundled table, read once per process."""
    return read_successions(data_directory() / SUCCESSIONS_FILE)
