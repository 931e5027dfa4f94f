"""The agencies, people and places a write links events to, as ORM objects indexed by each of their folded names:
what an import or an edit finds, creates and gives aliases to. Reads find names through `tracker.store.directory`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

from sqlalchemy import String, insert, select
from sqlalchemy.orm import Session, selectinload

from tracker.names import fold
from tracker.store.rows import among, list_param
from tracker.store.schema import Agency, AgencyAlias, Person, PersonAlias, Place, PlaceAlias

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
        RETURNING (4,779 statements for the people of 20,000 generated events). Each spelling is looked up once:
        a batch of an import names a few hundred agencies and people thousands of times."""
        wanted: dict[str, str] = {}
        for name in dict.fromkeys(names):
            key = fold(name)
            if key not in self._by_key:
                wanted.setdefault(key, name)
        if not wanted:
            return 0
        rows = [{"name": name, "name_key": key, **defaults} for key, name in wanted.items()]
        self.session.execute(insert(self.model.__table__), rows)
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
