"""The tree of places (data/places.tsv): launch and landing sites inside regions, regions inside countries, with
English and French names, each site's IANA zone, the GCAT site codes each place takes in, and a source.

Columns, tab-separated, with a header line: `name`, `names_fr` and `aliases` (`;`-separated), `parent` (the name
of another row: the place this one is inside; empty at the top), `kind` (records.PLACE_KINDS), `zone` (an IANA
name, or empty for a region spanning several zones or a place with no clock), `gcat_sites` (space-separated GCAT
site codes: every name GCAT gives them becomes an alias of this one place), `note` (why a zone or a grouping is
what it is) and `source`. `read_places` checks the whole table first: a problem names its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracker.bundled import data_directory
from tracker.dates.when import zone_info
from tracker.errors import InvalidDate, InvalidImport
from tracker.formats.tables import table_rows
from tracker.names import fold
from tracker.records import PLACE_KINDS, PlaceRecord

PLACES_FILE = "places.tsv"
COLUMNS = ("name", "names_fr", "aliases", "parent", "kind", "zone", "gcat_sites", "note", "source")


@dataclass(frozen=True)
class PlaceTable:
    """The places of the table, parents before the places inside them, their sources, and the place each GCAT
    site code belongs to."""

    places: list[PlaceRecord]
    sources: list[str]
    sites: dict[str, str]
    """GCAT site code -> the name of the place that takes it in ("PA" -> "Vandenberg Space Force Base")."""


def _split(value: str, separator: str = ";") -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]


def _row_problems(line: int, row: dict[str, str]) -> list[str]:
    problems = []
    if not row["name"]:
        problems.append(f"line {line}, column name: empty")
    if row["kind"] not in PLACE_KINDS:
        problems.append(f"line {line}, column kind: {row['kind']!r} is not one of {', '.join(PLACE_KINDS)}")
    if not row["source"].startswith("https://"):
        problems.append(f"line {line}, column source: {row['source']!r} is not an https:// address")
    if row["zone"]:
        try:
            zone_info(row["zone"])
        except InvalidDate:
            problems.append(f"line {line}, column zone: unknown IANA zone {row['zone']!r}")
    return problems


def read_places(path: Path) -> PlaceTable:
    """The table at `path`; InvalidImport listing every problem (a missing column, an unknown kind or zone, a
    parent no row names, a place inside itself, a name or GCAT code given twice) by line and column."""
    problems: list[str] = []
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    sites: dict[str, str] = {}
    for line, row in table_rows(path, COLUMNS, problems):
        problems += _row_problems(line, row)
        if fold(row["name"]) in rows:
            problems.append(f"line {line}, column name: {row['name']!r} is also on line {rows[fold(row['name'])][0]}")
        rows[fold(row["name"])] = (line, row)
        for code in _split(row["gcat_sites"], " "):
            if code in sites:
                problems.append(f"line {line}, column gcat_sites: {code!r} also belongs to {sites[code]!r}")
            sites[code] = row["name"]
    for line, row in rows.values():
        if row["parent"] and fold(row["parent"]) not in rows:
            problems.append(f"line {line}, column parent: no row names {row['parent']!r}")
    problems += _loops(rows)
    if problems:
        raise InvalidImport(problems, str(path))
    ordered = _parents_first([row for _, row in rows.values()], rows)
    places = [PlaceRecord(row["name"], row["zone"] or None,
                          [*_split(row["names_fr"]), *_split(row["aliases"])], parent=row["parent"] or None,
                          kind=row["kind"]) for row in ordered]
    return PlaceTable(places, list(dict.fromkeys(row["source"] for row in ordered)), sites)


def _loops(rows: dict[str, tuple[int, dict[str, str]]]) -> list[str]:
    """A problem for each place that is, through its parents, inside itself."""
    found = []
    for key, (line, _) in rows.items():
        seen = {key}
        parent = rows[key][1]["parent"]
        while parent and fold(parent) in rows:
            if fold(parent) in seen:
                found.append(f"line {line}, column parent: the place is inside itself through {parent!r}")
                break
            seen.add(fold(parent))
            parent = rows[fold(parent)][1]["parent"]
    return found


def _parents_first(ordered: list[dict[str, str]], rows: dict[str, tuple[int, dict[str, str]]]) -> list[dict[str, str]]:
    """The rows with each parent before what it holds (a writer then finds every parent already made)."""
    def depth(row: dict[str, str]) -> int:
        count, parent = 0, row["parent"]
        while parent:
            count, parent = count + 1, rows[fold(parent)][1]["parent"]
        return count

    return sorted(ordered, key=depth)


def bundled_places_path() -> Path:
    """Where the bundled table is (data/places.tsv)."""
    return data_directory() / PLACES_FILE


@cache
def bundled_places() -> PlaceTable:
    """The bundled table, read once per process (it is data shipped with tracker, not the user's)."""
    return read_places(bundled_places_path())
