"""Agencies, people and places: found by any of their names (full name, short name or alias, in any language,
case- and accent-insensitive: "roscosmos", "Роскосмос" and "ROSCOSMOS" are one agency), created in bulk, and read
back as records with how many events name them."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Select, Table, false, func, null, or_, select, text, union

from tracker.dates.when import When
from tracker.errors import NotFound
from tracker.names import fold
from tracker.records import AgencyRecord, EventRecord, PersonRecord, TenureRecord
from tracker.store import tables
from tracker.store.reading import Reader
from tracker.store.rows import literal_like
from tracker.vehicles import bundled_vehicle_families


@dataclass(frozen=True)
class Named:
    """One kind of named entity (agency, person, place): its table, its aliases' table and the folded columns its
    names are found by."""

    table: Table
    aliases: Table
    owner: Column[int]
    """The column of `aliases` naming the entity an alias belongs to."""
    keys: tuple[Column[str], ...]
    """The entity's own folded names: the name's, and the short name's for an agency."""
    kind: str
    plural: str

    @property
    def shown(self) -> ColumnElement[str]:
        """The name events show the entity under: an agency's short name when it has one."""
        columns = self.table.c
        return func.coalesce(columns.short_name, columns.name) if "short_name" in columns else columns.name


AGENCIES = Named(tables.agencies, tables.agency_aliases, tables.agency_aliases.c.agency_id,
                 (tables.agencies.c.name_key, tables.agencies.c.short_key), "agency", "agencies")
PEOPLE = Named(tables.people, tables.person_aliases, tables.person_aliases.c.person_id, (tables.people.c.name_key,),
               "person", "people")
PLACES = Named(tables.places, tables.place_aliases, tables.place_aliases.c.place_id, (tables.places.c.name_key,),
               "place", "places")


def resolve(session: Reader, named: Named, names: tuple[str, ...]) -> list[int]:
    """The ids of the entities `names` designate (by name, short name or alias, folded); raises NotFound naming
    the first unknown one with the closest known names."""
    ids: list[int] = []
    for name in names:
        key = fold(name)
        found = set(session.scalars(select(named.table.c.id).where(or_(*(column == key for column in named.keys)))))
        found |= set(session.scalars(select(named.owner).where(named.aliases.c.alias_key == key)))
        if not found:
            found = _by_words(session, named, name, key)
        ids.extend(sorted(found))
    return ids


def _by_words(session: Reader, named: Named, name: str, key: str) -> set[int]:
    """The one entity whose name, short name or an alias has a word starting with what was typed ("Bakanov",
    "duffy", "Kennedy"), names before aliases; NotFound listing them when several do, or the closest names when
    none does."""
    escaped = literal_like(key)
    found: set[int] = set()
    # Closest first: a name that starts so, a word of a name, then an alias that starts so, a word of an alias.
    for owner, columns in ((named.table.c.id, named.keys), (named.owner, (named.aliases.c.alias_key,))):
        for pattern in (f"{escaped}%", f"% {escaped}%"):
            found = set(session.scalars(select(owner).where(or_(*(column.like(pattern, escape="\\")
                                                                  for column in columns))).limit(20)))
            if found:
                break
        if found:
            break
    if len(found) == 1:
        return found
    if found:
        # One name a line: names hold commas ("Atlantic Ocean off Florida"), so a list joined by commas misleads.
        names = sorted(session.scalars(select(named.table.c.name).where(named.table.c.id.in_(found))))
        shown = "".join(f"\n  {each}" for each in names[:8]) + ("\n  …" if len(names) > 8 else "")
        raise NotFound(f"{len(names)} {named.plural} match {name!r}; give more of the name:{shown}")
    known = _suggestions(session, named, name)
    if known and named is PLACES:
        raise NotFound(f"unknown place {name!r}; did you mean:" + "".join(f"\n  {each}" for each in known))
    hint = f" (did you mean: {', '.join(known)}?)" if known else ""
    raise NotFound(f"unknown {named.kind} {name!r}{hint}")


def _suggestions(session: Reader, named: Named, name: str, limit: int = 3) -> list[str]:
    """The names of the entities closest to `name` by any of their names, for "did you mean" messages: each folded
    name answers for the first entity (by id) that has it, its own names before its aliases."""
    columns = named.table.c
    short = columns.short_name if "short_name" in columns else null()
    aliases: dict[int, list[str]] = defaultdict(list)
    for owner, alias in session.execute(select(named.owner, named.aliases.c.alias).order_by(named.aliases.c.id)):
        aliases[owner].append(alias)
    by_key: dict[str, str] = {}
    for entity_id, entity_name, short_name in session.execute(select(columns.id, columns.name, short)
                                                              .order_by(columns.id)):
        for each in (entity_name, *([short_name] if short_name else []), *aliases.get(entity_id, ())):
            by_key.setdefault(fold(each), entity_name)
    matches = difflib.get_close_matches(fold(name), list(by_key), n=limit * 3, cutoff=0.6)
    return list(dict.fromkeys(by_key[key] for key in matches))[:limit]


def place_zones(session: Reader) -> dict[str, str | None]:
    """Folded place names and aliases in the store, with each place's zone: how events read local dates."""
    place, alias = tables.places.c, tables.place_aliases.c
    zones: dict[str, str | None] = dict(session.execute(select(place.name_key, place.timezone)).all())
    for key, zone in session.execute(select(alias.alias_key, place.timezone).join_from(tables.place_aliases,
                                                                                     tables.places)):
        zones.setdefault(key, zone)
    return zones


def place_coordinates(session: Reader) -> dict[str, tuple[float, float]]:
    """The latitude and longitude of each place in the store that has them, by the place's name (as events name
    it)."""
    place = tables.places.c
    rows = session.execute(select(place.name, place.latitude, place.longitude)
                           .where(place.latitude.is_not(None), place.longitude.is_not(None)))
    return {name: (float(latitude), float(longitude)) for name, latitude, longitude in rows
            if latitude is not None and longitude is not None}


def _aliases(session: Reader, named: Named, owner: int | None = None) -> dict[int, list[str]]:
    """The aliases of every entity of `named`'s kind (or of the one `owner`), by entity, in the order given."""
    statement = select(named.owner, named.aliases.c.alias).order_by(named.aliases.c.id)
    found: dict[int, list[str]] = defaultdict(list)
    for entity_id, alias in session.execute(statement if owner is None else statement.where(named.owner == owner)):
        found[entity_id].append(alias)
    return found


def _agency_records(session: Reader, one: int | None = None) -> list[tuple[AgencyRecord, int]]:
    """Every agency (or the one with id `one`) with the number of events naming it, most active first."""
    agency, link = tables.agencies.c, tables.event_agencies.c
    count = func.count(link.event_id.distinct())
    statement = (select(agency.id, agency.name, agency.short_name, agency.kind, agency.country, count)
                 .outerjoin_from(tables.agencies, tables.event_agencies).group_by(agency.id)
                 .order_by(count.desc(), agency.name))
    aliases = _aliases(session, AGENCIES, one)
    return [(AgencyRecord(name, short_name, kind, country, aliases.get(agency_id, [])), events)
            for agency_id, name, short_name, kind, country, events
            in session.execute(statement if one is None else statement.where(agency.id == one))]


def _person_records(session: Reader, one: int | None = None) -> list[tuple[PersonRecord, int]]:
    """Every person (or the one with id `one`) with the number of events naming them, most active first."""
    person, link, tenure = tables.people.c, tables.event_people.c, tables.tenures.c
    agency, source = tables.agencies.c, tables.sources.c
    count = func.count(link.event_id.distinct())
    statement = (select(person.id, person.name, person.nationality, count)
                 .outerjoin_from(tables.people, tables.event_people).group_by(person.id)
                 .order_by(count.desc(), person.name))
    positions = (select(tenure.person_id, func.coalesce(agency.short_name, agency.name), tenure.role,
                        tenure.start_iso, tenure.end_iso, source.url)
                 .join_from(tables.tenures, tables.agencies).outerjoin(tables.sources).order_by(tenure.id))
    held: dict[int, list[TenureRecord]] = defaultdict(list)
    for person_id, agency_name, role, start, end, url in session.execute(
            positions if one is None else positions.where(tenure.person_id == one)):
        held[person_id].append(TenureRecord(agency_name, role, When.parse(start) if start else None,
                                            When.parse(end) if end else None, url))
    aliases = _aliases(session, PEOPLE, one)
    return [(PersonRecord(name, nationality, aliases.get(person_id, []), held.get(person_id, [])), events)
            for person_id, name, nationality, events
            in session.execute(statement if one is None else statement.where(person.id == one))]


def agencies(session: Reader) -> list[tuple[AgencyRecord, int]]:
    """Every agency with the number of events naming it, most active first."""
    return _agency_records(session)


def people(session: Reader) -> list[tuple[PersonRecord, int]]:
    """Every person with the number of events naming them, most active first."""
    return _person_records(session)


def agency(session: Reader, name: str) -> AgencyRecord:
    """The agency `name` designates (name, short name or alias); raises NotFound with suggestions."""
    [found, *_] = resolve(session, AGENCIES, (name,))
    [(record, _)] = _agency_records(session, found)
    return record


def person(session: Reader, name: str) -> PersonRecord:
    """The person `name` designates (name or alias); raises NotFound with suggestions."""
    [found, *_] = resolve(session, PEOPLE, (name,))
    [(record, _)] = _person_records(session, found)
    return record


def check_names_known(session: Reader, record: EventRecord) -> None:
    """Raise NotFound (with suggestions) for the first agency, person or place of `record` not in the store."""
    resolve(session, AGENCIES, tuple(item.name for item in record.agencies))
    resolve(session, PEOPLE, tuple(item.name for item in record.people))
    if record.place:
        resolve(session, PLACES, (record.place,))


@dataclass(frozen=True)
class EveryName:
    """Every name the store knows, each with its other names: people and places by name, agencies by the short
    name events show them under (with their full name among the others)."""

    people: dict[str, list[str]]
    agencies: dict[str, list[str]]
    places: dict[str, list[str]]
    vehicles: dict[str, list[str]]
    """Every launch vehicle family of the bundled table (stored or not: "New Glenn" is a rocket, never John Glenn),
    with its other names in English and French."""


def every_name(session: Reader, first_words: Collection[str] | None = None) -> EveryName:
    """The names and aliases of every person, agency and place (what the fact-checker reads claims with). With
    `first_words` (folded words of the text to be read), only the agencies and places one of whose names begins
    with one of them (a name can only be found where it begins), and the people one of whose names holds one as a
    word (found by surname too): a store may hold tens of thousands."""
    # Plain rows: with the launch catalogue there are thousands of names, read on every check.
    patterns: dict[str, list[str]] | None = None
    if first_words is not None:
        beginning = [f"{literal_like(word)}%" for word in sorted(first_words)]
        holding = [*beginning, *(f"% {literal_like(word)}%" for word in sorted(first_words))]
        patterns = {"person": holding, "agency": beginning, "place": beginning}
    people, agencies, places = (_names_with_aliases(session, named, None if patterns is None else patterns[named.kind])
                                for named in (PEOPLE, AGENCIES, PLACES))
    vehicles = {family.name: list(family.names) for family in bundled_vehicle_families().families}
    return EveryName(people, agencies, places, vehicles)


def _named(named: Named, patterns: list[str]) -> Any:
    """The ids (a subquery) of the entities one of whose folded names or aliases is LIKE one of `patterns`."""
    def matches(column: Column[str]) -> ColumnElement[bool]:
        return or_(false(), *(column.like(pattern, escape="\\") for pattern in patterns))
    return union(select(named.table.c.id).where(or_(*(matches(key) for key in named.keys))),
                 select(named.owner).where(matches(named.aliases.c.alias_key))).scalar_subquery()


def _names_with_aliases(session: Reader, named: Named, patterns: list[str] | None) -> dict[str, list[str]]:
    """Each entity's shown name with its other names (an agency's full name, then its aliases), for the entities
    one of whose names is LIKE one of `patterns` (every one without)."""
    columns = named.table.c
    entities: Select[Any] = select(columns.id, named.shown, *([columns.name] if named is AGENCIES else []))
    aliases: Select[Any] = select(named.owner, named.aliases.c.alias).order_by(named.aliases.c.id)
    if patterns is not None:
        ids = _named(named, patterns)
        entities, aliases = entities.where(columns.id.in_(ids)), aliases.where(named.owner.in_(ids))
    names: dict[int, list[str]] = {row[0]: list(row[1:]) for row in session.execute(entities)}
    for owner, alias in session.execute(aliases):
        names[owner].append(alias)
    return {spelled[0]: [name for name in spelled[1:] if name != spelled[0]] for spelled in names.values()}


def is_known_place(session: Reader, name: str) -> bool:
    """Whether a place has this name or alias."""
    try:
        resolve(session, PLACES, (name,))
    except NotFound:
        return False
    return True


@dataclass(frozen=True)
class KnownNames:
    """Every name and alias (folded) of the agencies, people and places in the store, by kind, each with the name
    shown for it: what tells an import's new names from typos of known ones."""

    by_kind: dict[str, dict[str, str]]

    def knows(self, kind: str, name: str) -> bool:
        """Whether an entity of `kind` ("agency", "person", "place") answers to `name`."""
        return fold(name) in self.by_kind[kind]

    def suggestions(self, kind: str, name: str, limit: int = 3) -> list[str]:
        """The known names of `kind` closest to `name`, for "did you mean" messages."""
        keys = self.by_kind[kind]
        return list(dict.fromkeys(keys[key] for key in difflib.get_close_matches(fold(name), list(keys), n=limit * 3,
                                                                                  cutoff=0.6)))[:limit]


def known_names(session: Reader) -> KnownNames:
    """The names, short names and aliases of every agency, person and place, read in plain queries."""
    return KnownNames({named.kind: _name_keys(session, named) for named in (AGENCIES, PEOPLE, PLACES)})


def _name_keys(session: Reader, named: Named) -> dict[str, str]:
    """Each folded name, short name and alias of `named`'s entities, with the name the entity is shown by."""
    # Agencies by the short name events show them under ("NASA"), the others by name.
    columns = named.table.c
    shown: dict[int, str] = dict(session.execute(select(columns.id, named.shown)).all())
    keys = {key: shown[owner] for owner, key in session.execute(select(named.owner, named.aliases.c.alias_key))}
    if named is AGENCIES:
        keys.update({key: shown[owner] for owner, key in session.execute(
            select(columns.id, columns.short_key).where(columns.short_key.is_not(None))) if key})
    keys.update({key: shown[owner] for owner, key in session.execute(select(columns.id, columns.name_key))})
    return keys


def names_matching(session: Reader, kind: str, typed: str, limit: int = 30) -> list[str]:
    """The names of `kind` ("agency", "person", "place") matching `typed` by any word, one for each agency, person
    or place, at most `limit` (tracker.store.lookup.matching_names says which and in what order): shell completion
    on PostgreSQL, where SQLite files are read without SQLAlchemy."""
    from tracker.store.lookup import NAME_COLUMNS, matching_names

    return matching_names(session.execute(text(NAME_COLUMNS[kind])), typed, limit)



@dataclass(frozen=True)
class Vehicles:
    """What `--vehicle` names resolve to: whole families ("Ariane 5") and single vehicle types ("Ariane 5ECA"), with
    the families easily taken for those asked for ("N1" and Japan's "N-I")."""

    families: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    """Families easily taken for those asked for (the table's `see_also`), not among them."""
    shared: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Each vehicle type asked for that the catalogue writes for several families ("N-1": N-I, N1), with them."""


def resolve_vehicles(session: Reader, names: tuple[str, ...]) -> Vehicles:
    """The families and vehicle types `names` designate, case- and accent-insensitive: a family's name ("Saturn V",
    "N1"), else a vehicle type the store holds ("Ariane 5ECA", GCAT's "N-1"), else another name of a family in the
    bundled table ("Falcon 9 v1.2", "Longue Marche 5", "CZ-2F"), else the one family or type a word of which starts
    with what was typed. NotFound names the first unknown one with the closest names, or the several it could be."""
    table = bundled_vehicle_families()
    stored_families = {fold(name): name for name in session.scalars(
        select(tables.events.c.vehicle_family).where(tables.events.c.vehicle_family.is_not(None)).distinct()) if name}
    stored_types = {fold(name): name for name in session.scalars(
        select(tables.events.c.vehicle).where(tables.events.c.vehicle.is_not(None)).distinct()) if name}
    families: list[str] = []
    types: list[str] = []
    for name in names:
        key = fold(name)
        family = table.named(name)
        if key in stored_families or (family is not None and fold(family.name) == key):
            families.append(stored_families.get(key) or family.name if family else stored_families[key])
        elif key in stored_types:
            types.append(stored_types[key])
        elif family is not None:
            families.append(family.name)
        else:
            kind, found = _vehicle_by_words(name, key, stored_families, stored_types)
            (families if kind == "family" else types).append(found)
    asked = {fold(name) for name in families}
    see_also: list[str] = []
    for name in families:
        family = table.named(name)
        see_also += [other for other in (family.see_also if family else ()) if fold(other) not in asked]
    # A type GCAT writes for unrelated rockets: the families it is told apart into.
    shared = [(found, tuple(family.name for family in sharing)) for found in dict.fromkeys(types)
              if len(sharing := table.families_of_type(found)) > 1]
    return Vehicles(tuple(dict.fromkeys(families)), tuple(dict.fromkeys(types)), tuple(dict.fromkeys(see_also)),
                    tuple(shared))


def _vehicle_by_words(name: str, key: str, families: dict[str, str], types: dict[str, str]) -> tuple[str, str]:
    """The one family (else the one type) a word of whose name starts with `key` ("falcon h" finds Falcon Heavy):
    ("family" or "type", its name); NotFound listing them when several do, or the closest names when none does."""
    for kind, names in (("family", families), ("type", types)):
        found = sorted({spelled for folded, spelled in names.items()
                        if folded.startswith(key) or f" {key}" in f" {folded}"}, key=fold)
        if len(found) == 1:
            return kind, found[0]
        if found:
            shown = ", ".join(found[:8]) + (", …" if len(found) > 8 else "")
            raise NotFound(f"{len(found)} vehicle {'families' if kind == 'family' else 'types'} match {name!r}: "
                           f"{shown}; give more of the name")
    close = difflib.get_close_matches(key, [*families, *types], n=3, cutoff=0.6)
    closest = list(dict.fromkeys(families.get(folded) or types[folded] for folded in close))
    hint = f" (did you mean: {', '.join(closest)}?)" if closest else ""
    raise NotFound(f"unknown vehicle {name!r}{hint}")
