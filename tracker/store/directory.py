"""Agencies, people and places: found by any of their names (full name, short name or alias, in any language,
case- and accent-insensitive: "roscosmos", "Роскосмос" and "ROSCOSMOS" are one agency), created in bulk, and read
back as records with how many events name them."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, String, false, func, insert, or_, select, text, union
from sqlalchemy.orm import Session, selectinload

from tracker.dates.when import When
from tracker.errors import NotFound
from tracker.names import fold
from tracker.records import AgencyRecord, EventRecord, PersonRecord, TenureRecord
from tracker.store.rows import among, list_param, literal_like
from tracker.store.schema import (
    Agency,
    AgencyAlias,
    Base,
    Event,
    EventAgency,
    EventPerson,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    Tenure,
)
from tracker.vehicles import bundled_vehicle_families

Entity = TypeVar("Entity", Agency, Person, Place)


class Directory(Generic[Entity]):
    """Every entity of one kind in the store, indexed by the folded form of each of its names."""

    def __init__(self, session: Session, model: type[Entity]) -> None:
        self.session = session
        self.model: type[Entity] = model
        self._by_key: dict[str, Entity] = {}
        for entity in session.scalars(select(model).options(selectinload(model.aliases))):
            self._index(entity)

    def _names(self, entity: Entity) -> list[str]:
        names = [entity.name, *(alias.alias for alias in entity.aliases)]
        if isinstance(entity, Agency) and entity.short_name:
            names.insert(1, entity.short_name)
        return names

    def _index(self, entity: Entity) -> None:
        for name in self._names(entity):
            self._by_key.setdefault(fold(name), entity)

    def find(self, name: str) -> Entity | None:
        """The entity one of whose names folds to the same key as `name`, if any."""
        return self._by_key.get(fold(name))

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        """The known names closest to `name`, for "did you mean" messages."""
        matches = difflib.get_close_matches(fold(name), list(self._by_key), n=limit * 3, cutoff=0.6)
        found: list[str] = []
        for key in matches:
            shown = self._by_key[key].name
            if shown not in found:
                found.append(shown)
        return found[:limit]

    def reindex(self, entity: Entity) -> None:
        """Make `entity` findable under names it was given since it was indexed."""
        self._index(entity)

    def create(self, names: Iterable[str], defaults: Mapping[str, object]) -> int:
        """Create an entity for each of `names` that no entity answers to yet (one per folded name, spelled as it
        first comes), with `defaults` for its other columns, and make them findable; returns how many.

        One executemany and one SELECT, where `add` flushes each new entity with its own INSERT ...
        RETURNING (4,779 statements for the people of 20,000 generated events)."""
        wanted: dict[str, str] = {}
        for name in names:
            key = fold(name)
            if key not in self._by_key:
                wanted.setdefault(key, name)
        if not wanted:
            return 0
        rows = [{"name": name, "name_key": key, **defaults} for key, name in wanted.items()]
        self.session.execute(insert(Base.metadata.tables[self.model.__tablename__]), rows)
        dialect = self.session.get_bind().dialect.name
        query = (select(self.model).where(among(self.model.name, dialect, "names", String))
                 .options(selectinload(self.model.aliases)))
        for entity in self.session.scalars(query, {"names": list_param(list(wanted.values()), dialect)}):
            self._index(entity)
        return len(wanted)

    def ids(self, names: Iterable[str]) -> dict[str, int]:
        """The id of the entity each of `names` designates; every name must be known (KeyError otherwise)."""
        return {name: self._by_key[fold(name)].id for name in set(names)}

    def entities(self, names: Iterable[str]) -> dict[str, Entity]:
        """The entity each of `names` designates; every name must be known (KeyError otherwise)."""
        return {name: self._by_key[fold(name)] for name in set(names)}

    def add(self, entity: Entity) -> Entity:
        """Put a new entity in the session and the index."""
        self.session.add(entity)
        self._index(entity)
        return entity

    def add_aliases(self, entity: Entity, aliases: list[str]) -> bool:
        """Give `entity` the aliases it lacks; True when one was added."""
        known = {fold(name) for name in self._names(entity)}
        added = False
        for alias in aliases:
            key = fold(alias)
            if key and key not in known:
                entity.aliases.append(_alias_row(entity, alias, key))  # type: ignore[arg-type]
                known.add(key)
                self._by_key.setdefault(key, entity)
                added = True
        return added


def _alias_row(entity: Agency | Person | Place, alias: str, key: str) -> AgencyAlias | PersonAlias | PlaceAlias:
    if isinstance(entity, Agency):
        return AgencyAlias(alias=alias, alias_key=key)
    if isinstance(entity, Person):
        return PersonAlias(alias=alias, alias_key=key)
    return PlaceAlias(alias=alias, alias_key=key)


_ALIAS_OWNER = {Agency: AgencyAlias.agency_id, Person: PersonAlias.person_id, Place: PlaceAlias.place_id}
_ALIAS_KEY = {Agency: AgencyAlias.alias_key, Person: PersonAlias.alias_key, Place: PlaceAlias.alias_key}
_KINDS = {Agency: "agency", Person: "person", Place: "place"}
_PLURALS = {Agency: "agencies", Person: "people", Place: "places"}


def resolve(session: Session, model: type[Entity], names: tuple[str, ...]) -> list[int]:
    """The ids of the entities `names` designate (by name, short name or alias, folded); raises NotFound naming
    the first unknown one with the closest known names."""
    ids: list[int] = []
    for name in names:
        key = fold(name)
        keys = [model.name_key == key]
        if model is Agency:
            keys.append(Agency.short_key == key)
        found = set(session.scalars(select(model.id).where(or_(*keys))))
        found |= set(session.scalars(select(_ALIAS_OWNER[model]).where(_ALIAS_KEY[model] == key)))
        if not found:
            found = _by_words(session, model, name, key)
        ids.extend(sorted(found))
    return ids


def _by_words(session: Session, model: type[Entity], name: str, key: str) -> set[int]:
    """The one entity whose name, short name or an alias has a word starting with what was typed ("Bakanov",
    "duffy", "Kennedy"), names before aliases; NotFound listing them when several do, or the closest names when
    none does."""
    escaped = literal_like(key)
    name_columns = [model.name_key, *([Agency.short_key] if model is Agency else [])]
    found: set[int] = set()
    # Closest first: a name that starts so, a word of a name, then an alias that starts so, a word of an alias.
    for owner, columns in ((model.id, name_columns), (_ALIAS_OWNER[model], [_ALIAS_KEY[model]])):
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
        names = sorted(session.scalars(select(model.name).where(model.id.in_(found))))
        shown = "".join(f"\n  {each}" for each in names[:8]) + ("\n  …" if len(names) > 8 else "")
        raise NotFound(f"{len(names)} {_PLURALS[model]} match {name!r}; give more of the name:{shown}")
    known = Directory(session, model).suggestions(name)
    if known and model is Place:
        raise NotFound(f"unknown place {name!r}; did you mean:" + "".join(f"\n  {each}" for each in known))
    hint = f" (did you mean: {', '.join(known)}?)" if known else ""
    raise NotFound(f"unknown {_KINDS[model]} {name!r}{hint}")


def place_zones(session: Session) -> dict[str, str | None]:
    """Folded place names and aliases in the store, with each place's zone: how events read local dates."""
    zones: dict[str, str | None] = {}
    for place in session.scalars(select(Place)):
        zones[place.name_key] = place.timezone
    for alias, zone in session.execute(select(PlaceAlias.alias_key, Place.timezone).join(Place)):
        zones.setdefault(alias, zone)
    return zones


def place_coordinates(session: Session) -> dict[str, tuple[float, float]]:
    """The latitude and longitude of each place in the store that has them, by the place's name (as events name
    it)."""
    rows = session.execute(select(Place.name, Place.latitude, Place.longitude)
                           .where(Place.latitude.is_not(None), Place.longitude.is_not(None)))
    return {name: (float(latitude), float(longitude)) for name, latitude, longitude in rows
            if latitude is not None and longitude is not None}


def _agency_record(agency: Agency) -> AgencyRecord:
    return AgencyRecord(agency.name, agency.short_name, agency.kind, agency.country,
                        [alias.alias for alias in agency.aliases])


def _tenure_record(tenure: Tenure) -> TenureRecord:
    return TenureRecord(tenure.agency.short_name or tenure.agency.name, tenure.role,
                        When.parse(tenure.start_iso) if tenure.start_iso else None,
                        When.parse(tenure.end_iso) if tenure.end_iso else None,
                        tenure.source.url if tenure.source else None)


def _person_record(person: Person) -> PersonRecord:
    return PersonRecord(person.name, person.nationality, [alias.alias for alias in person.aliases],
                        [_tenure_record(tenure) for tenure in person.tenures])


def agencies(session: Session) -> list[tuple[AgencyRecord, int]]:
    """Every agency with the number of events naming it, most active first."""
    counted = (select(Agency, func.count(EventAgency.event_id.distinct()).label("events"))
               .outerjoin(EventAgency).group_by(Agency.id)
               .order_by(func.count(EventAgency.event_id.distinct()).desc(), Agency.name)
               .options(selectinload(Agency.aliases)))
    return [(_agency_record(agency), count) for agency, count in session.execute(counted)]


def people(session: Session) -> list[tuple[PersonRecord, int]]:
    """Every person with the number of events naming them, most active first."""
    counted = (select(Person, func.count(EventPerson.event_id.distinct()).label("events"))
               .outerjoin(EventPerson).group_by(Person.id)
               .order_by(func.count(EventPerson.event_id.distinct()).desc(), Person.name)
               .options(selectinload(Person.aliases),
                        selectinload(Person.tenures).selectinload(Tenure.agency),
                        selectinload(Person.tenures).selectinload(Tenure.source)))
    return [(_person_record(person), count) for person, count in session.execute(counted)]


def agency(session: Session, name: str) -> AgencyRecord:
    """The agency `name` designates (name, short name or alias); raises NotFound with suggestions."""
    [found, *_] = resolve(session, Agency, (name,))
    return _agency_record(session.get_one(Agency, found, options=[selectinload(Agency.aliases)]))


def person(session: Session, name: str) -> PersonRecord:
    """The person `name` designates (name or alias); raises NotFound with suggestions."""
    [found, *_] = resolve(session, Person, (name,))
    loaded = session.get_one(Person, found, options=[selectinload(Person.aliases),
                                                     selectinload(Person.tenures).selectinload(Tenure.agency),
                                                     selectinload(Person.tenures).selectinload(Tenure.source)])
    return _person_record(loaded)


def check_names_known(session: Session, record: EventRecord) -> None:
    """Raise NotFound (with suggestions) for the first agency, person or place of `record` not in the store."""
    resolve(session, Agency, tuple(item.name for item in record.agencies))
    resolve(session, Person, tuple(item.name for item in record.people))
    if record.place:
        resolve(session, Place, (record.place,))


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


def every_name(session: Session, first_words: Collection[str] | None = None) -> EveryName:
    """The names and aliases of every person, agency and place (what the fact-checker reads claims with). With
    `first_words` (folded words of the text to be read), only the agencies and places one of whose names begins
    with one of them (a name can only be found where it begins), and the people one of whose names holds one as a
    word (found by surname too): a store may hold tens of thousands."""
    # Plain rows, not ORM objects: with the launch catalogue there are thousands of names, read on every check.
    agency_ids = place_ids = person_ids = None
    if first_words is not None:
        beginning = [f"{literal_like(word)}%" for word in sorted(first_words)]
        holding = [*beginning, *(f"% {literal_like(word)}%" for word in sorted(first_words))]
        person_ids = _named(holding, Person.id, (Person.name_key,), PersonAlias.person_id, PersonAlias.alias_key)
        agency_ids = _named(beginning, Agency.id, (Agency.name_key, Agency.short_key), AgencyAlias.agency_id,
                            AgencyAlias.alias_key)
        place_ids = _named(beginning, Place.id, (Place.name_key,), PlaceAlias.place_id, PlaceAlias.alias_key)
    people = _names_with_aliases(session, _among(select(Person.id, Person.name), Person.id, person_ids),
                                 _among(select(PersonAlias.person_id, PersonAlias.alias).order_by(PersonAlias.id),
                                        PersonAlias.person_id, person_ids))
    agencies = _names_with_aliases(session, _among(select(Agency.id, func.coalesce(Agency.short_name, Agency.name),
                                                          Agency.name), Agency.id, agency_ids),
                                   _among(select(AgencyAlias.agency_id, AgencyAlias.alias).order_by(AgencyAlias.id),
                                          AgencyAlias.agency_id, agency_ids))
    places = _names_with_aliases(session, _among(select(Place.id, Place.name), Place.id, place_ids),
                                 _among(select(PlaceAlias.place_id, PlaceAlias.alias).order_by(PlaceAlias.id),
                                        PlaceAlias.place_id, place_ids))
    vehicles = {family.name: list(family.names) for family in bundled_vehicle_families().families}
    return EveryName(people, agencies, places, vehicles)


def _named(patterns: list[str], owner: Any, keys: Iterable[Any], alias_owner: Any, alias_key: Any) -> Any:
    """The ids (a subquery) of the entities one of whose folded names or aliases is LIKE one of `patterns`."""
    def matches(column: Any) -> Any:
        return or_(false(), *(column.like(pattern, escape="\\") for pattern in patterns))
    return union(select(owner).where(or_(*(matches(key) for key in keys))),
                 select(alias_owner).where(matches(alias_key))).scalar_subquery()


def _among(statement: Select[*tuple[Any, ...]], column: Any, ids: Any) -> Select[*tuple[Any, ...]]:
    return statement if ids is None else statement.where(column.in_(ids))


def _names_with_aliases(session: Session, entities: Select[*tuple[Any, ...]],
                        aliases: Select[*tuple[Any, ...]]) -> dict[str, list[str]]:
    """Each entity's shown name (the second column of `entities`) with its other names: the rest of the columns,
    then its aliases (rows of owner id and alias)."""
    names: dict[int, list[str]] = {row[0]: list(row[1:]) for row in session.execute(entities)}
    for owner, alias in session.execute(aliases):
        names[owner].append(alias)
    return {spelled[0]: [name for name in spelled[1:] if name != spelled[0]] for spelled in names.values()}


def is_known_place(session: Session, name: str) -> bool:
    """Whether a place has this name or alias."""
    try:
        resolve(session, Place, (name,))
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


def known_names(session: Session) -> KnownNames:
    """The names, short names and aliases of every agency, person and place, read in plain queries."""
    return KnownNames({"agency": _name_keys(session, Agency), "person": _name_keys(session, Person),
                       "place": _name_keys(session, Place)})


def _name_keys(session: Session, model: type[Entity]) -> dict[str, str]:
    """Each folded name, short name and alias of `model`'s entities, with the name the entity is shown by."""
    # Agencies by the short name events show them under ("NASA"), the others by name.
    name = func.coalesce(Agency.short_name, Agency.name) if model is Agency else model.name
    shown: dict[int, str] = dict(session.execute(select(model.id, name)).all())
    keys = {key: shown[owner] for owner, key in session.execute(select(_ALIAS_OWNER[model], _ALIAS_KEY[model]))}
    if model is Agency:
        keys.update({key: shown[owner] for owner, key in session.execute(
            select(Agency.id, Agency.short_key).where(Agency.short_key.is_not(None))) if key})
    keys.update({key: shown[owner] for owner, key in session.execute(select(model.id, model.name_key))})
    return keys


def names_matching(session: Session, kind: str, typed: str, limit: int = 30) -> list[str]:
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


def resolve_vehicles(session: Session, names: tuple[str, ...]) -> Vehicles:
    """The families and vehicle types `names` designate, case- and accent-insensitive: a family's name ("Saturn V",
    "N1"), else a vehicle type the store holds ("Ariane 5ECA", GCAT's "N-1"), else another name of a family in the
    bundled table ("Falcon 9 v1.2", "Longue Marche 5", "CZ-2F"), else the one family or type a word of which starts
    with what was typed. NotFound names the first unknown one with the closest names, or the several it could be."""
    table = bundled_vehicle_families()
    stored_families = {fold(name): name for name in session.scalars(
        select(Event.vehicle_family).where(Event.vehicle_family.is_not(None)).distinct()) if name}
    stored_types = {fold(name): name for name in session.scalars(
        select(Event.vehicle).where(Event.vehicle.is_not(None)).distinct()) if name}
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
