"""Launch vehicle families: which family a person would name ("Ariane 5", "N1") each vehicle type of the launch
catalogue belongs to ("Ariane 5ECA", "N-1 11A52"), and the other names of each family, read from the bundled table
data/vehicle-families.tsv.

The table has one row per family: `family`, `country` (GCAT's state code of its maker: US, SU, CN, J, F...),
`lv_types` (the catalogue's `LV_Type` values it takes in, `;`-separated; `TYPE@STATE` takes a type only where the
catalogue's `LVState` is STATE: GCAT may write two unrelated rockets alike, as "N-1" is Japan's N-I and, in some
releases, the Soviet N1), `names_en` and `names_fr` (other names, `;`-separated), `see_also` (families easily taken
for this one, `;`-separated) and `source`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracker.bundled import data_directory
from tracker.errors import InvalidImport
from tracker.names import fold

VEHICLE_FAMILIES_FILE = "vehicle-families.tsv"
COLUMNS = ("family", "country", "lv_types", "names_en", "names_fr", "see_also", "source")


@dataclass(frozen=True)
class VehicleFamily:
    """A family of launch vehicles as a person names it, with the catalogue's types it takes in."""

    name: str
    country: str
    lv_types: tuple[str, ...]
    """The catalogue's LV_Type values, each optionally "@STATE" (GCAT's LVState) when only that state's is meant."""
    names: tuple[str, ...]
    """Other names, English then French."""
    french: tuple[str, ...]
    """The French ones among them ("Longue Marche 5")."""
    see_also: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class VehicleTable:
    """Every family, found by the catalogue's vehicle type or by any of its names."""

    families: tuple[VehicleFamily, ...]

    def family_of(self, lv_type: str, state: str = "") -> VehicleFamily | None:
        """The family of the catalogue's vehicle type `lv_type` built by `state` (its LVState): a row naming the
        type with that state first, else one naming the type alone; None when no row names it."""
        return self._by_type.get(f"{lv_type}@{state}") or self._by_type.get(lv_type)

    def families_of_type(self, lv_type: str) -> list[VehicleFamily]:
        """Every family taking in the catalogue's type `lv_type`, whatever the state (two for GCAT's "N-1")."""
        return [family for family in self.families
                if any(written.partition("@")[0] == lv_type for written in family.lv_types)]

    def named(self, name: str) -> VehicleFamily | None:
        """The family `name` is the name or another name of (case- and accent-insensitive), if any."""
        return self._by_name.get(fold(name))

    @property
    def _by_type(self) -> dict[str, VehicleFamily]:
        return _types(self)

    @property
    def _by_name(self) -> dict[str, VehicleFamily]:
        return _names(self)


@cache
def _types(table: VehicleTable) -> dict[str, VehicleFamily]:
    return {lv_type: family for family in table.families for lv_type in family.lv_types}


@cache
def _names(table: VehicleTable) -> dict[str, VehicleFamily]:
    found: dict[str, VehicleFamily] = {}
    for family in table.families:  # a family's own name first: another's alias never takes it
        found.setdefault(fold(family.name), family)
    for family in table.families:
        for name in family.names:
            found.setdefault(fold(name), family)
    return found


def _items(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(";") if item.strip())


def read_vehicle_families(path: Path) -> VehicleTable:
    """The family table at `path`; InvalidImport naming the line of a row without a family, a vehicle type or a
    source, of a vehicle type two families claim, and of a `see_also` naming no family."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidImport([f"cannot read the file: {exc.strerror or exc}"], str(path)) from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise InvalidImport([f"line 1: expected the columns {', '.join(COLUMNS)}"], str(path))
    families: list[VehicleFamily] = []
    problems: list[str] = []
    claimed: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            problems.append(f"line {line}: {len(row)} fields, expected {len(COLUMNS)}")
            continue
        name, country, lv_types, names_en, names_fr, see_also, source = (cell.strip() for cell in row)
        family = VehicleFamily(name, country, _items(lv_types), _items(names_en) + _items(names_fr),
                               _items(names_fr), _items(see_also), source)
        if not (name and family.lv_types and source):
            problems.append(f"line {line}: a family needs a name, vehicle types and a source")
            continue
        for lv_type in family.lv_types:
            if lv_type in claimed:
                problems.append(f"line {line}: vehicle type {lv_type!r} is also on line {claimed[lv_type]}")
            claimed[lv_type] = line
        families.append(family)
    known = {fold(family.name) for family in families}
    problems += [f"family {family.name!r}: see_also names no family: {other!r}"
                 for family in families for other in family.see_also if fold(other) not in known]
    if problems:
        raise InvalidImport(problems, str(path))
    return VehicleTable(tuple(families))


@cache
def bundled_vehicle_families() -> VehicleTable:
    """The bundled family table (data/vehicle-families.tsv), read once."""
    return read_vehicle_families(data_directory() / VEHICLE_FAMILIES_FILE)
