"""Who is part of whom, what is inside what, and which agency came before which: the trees of agencies and places
and the chains of succession, read by recursive queries (WITH RECURSIVE, on SQLite and PostgreSQL alike).

Every query walks the rows of one request; nothing is cached in Python between commands. UNION (not UNION ALL)
drops a row met twice, so a walk ends even on a loop the writer would have refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, Integer, Select, Table, func, literal, select

from tracker.dates.when import When
from tracker.store import tables
from tracker.store.reading import Reader

agency, place, link = tables.agencies.c, tables.places.c, tables.event_agencies.c


def _below(model: Table, roots: Select[Any], name: str) -> CTE:
    """The ids of `roots` and of everything under them, with each one's depth below its root (0 for a root)."""
    tree = select(roots.subquery().c[0].label("id"), literal(0, Integer).label("depth")).cte(name, recursive=True)
    child = model.alias().c
    return tree.union(select(child.id, tree.c.depth + 1).where(child.parent_id == tree.c.id))


def agencies_within(ids: Iterable[int]) -> Select[tuple[int]]:
    """The ids of the agencies `ids` and of all their parts, as a subquery for IN."""
    tree = _below(tables.agencies, select(agency.id).where(agency.id.in_(list(ids))), "agency_tree")
    return select(tree.c.id)


def places_within(ids: Iterable[int]) -> Select[tuple[int]]:
    """The ids of the places `ids` and of every place inside them, as a subquery for IN."""
    tree = _below(tables.places, select(place.id).where(place.id.in_(list(ids))), "place_tree")
    return select(tree.c.id)


@dataclass(frozen=True)
class Branch:
    """One agency or place in a tree: its name, short name (agencies), kind (places), depth below the root asked
    for, and how many events name it (agencies) or happen there (places)."""

    name: str
    short_name: str | None
    depth: int
    events: int
    kind: str | None = None


def _agency_branches(session: Reader, roots: Select[Any]) -> list[Branch]:
    """The agencies under `roots` in depth-first order (each after its parent, siblings by name)."""
    tree = _below(tables.agencies, roots, "agency_tree")
    rows = session.execute(select(agency.id, agency.parent_id, agency.name, agency.short_name, tree.c.depth,
                                  select(func.count(link.event_id.distinct()))
                                  .where(link.agency_id == agency.id).scalar_subquery())
                           .join(tree, tree.c.id == agency.id)).all()
    return _depth_first([(row[0], row[1], Branch(row[2], row[3], row[4], row[5])) for row in rows])


def _depth_first(rows: list[tuple[int, int | None, Branch]]) -> list[Branch]:
    """Branches ordered as a tree is read: each after its parent, siblings by name (the rows of one query)."""
    ids = {row_id for row_id, _, _ in rows}
    children: dict[int | None, list[tuple[int, Branch]]] = {}
    for row_id, parent, branch in rows:
        children.setdefault(parent if parent in ids else None, []).append((row_id, branch))
    ordered: list[Branch] = []
    stack = sorted(children.get(None, []), key=lambda item: item[1].name.casefold(), reverse=True)
    while stack:
        row_id, branch = stack.pop()
        ordered.append(branch)
        stack += sorted(children.get(row_id, []), key=lambda item: item[1].name.casefold(), reverse=True)
    return ordered


def agency_parts(session: Reader, agency_id: int) -> list[Branch]:
    """The parts of one agency, their parts and so on, each with its depth (1 for a direct part)."""
    return _agency_branches(session, select(agency.id).where(agency.id == agency_id))[1:]


def agency_forest(session: Reader) -> list[Branch]:
    """Every agency as a tree: the top-level ones (no parent) and all their parts, depth first."""
    return _agency_branches(session, select(agency.id).where(agency.parent_id.is_(None)))


def _chain(session: Reader, model: Table, entity_id: int) -> list[str]:
    """The names of what holds the entity, nearest first: its parent, its parent's parent..."""
    entity = model.c
    tree = select(entity.parent_id.label("id"), literal(1, Integer).label("depth")).where(
        entity.id == entity_id).cte("upward", recursive=True)
    parent = model.alias().c
    tree = tree.union(select(parent.parent_id, tree.c.depth + 1).where(parent.id == tree.c.id,
                                                                       parent.parent_id.is_not(None)))
    rows = session.execute(select(entity.name).join(tree, tree.c.id == entity.id).order_by(tree.c.depth))
    return list(rows.scalars())


def agency_chain(session: Reader, agency_id: int) -> list[str]:
    """What the agency is part of, nearest first (MSFC: ["National Aeronautics and Space Administration"])."""
    return _chain(session, tables.agencies, agency_id)


@dataclass(frozen=True)
class Succession:
    """An agency that came before (or after) another, when, and on whose word."""

    name: str
    short_name: str | None
    date: When | None
    note: str
    source: str | None
    steps: int
    """1 for the agency just before (or after), 2 for the one before that..."""


def _successions(session: Reader, agency_id: int, *, before: bool) -> list[Succession]:
    """The chain of predecessors (or successors) of an agency, nearest first."""
    succession = tables.agency_successions.c
    near, far = ((succession.successor_id, succession.predecessor_id) if before
                 else (succession.predecessor_id, succession.successor_id))
    step = tables.agency_successions.alias().c
    step_near, step_far = (step.successor_id, step.predecessor_id) if before else (step.predecessor_id,
                                                                                  step.successor_id)
    chain = select(succession.id.label("link"), far.label("agency"), literal(1, Integer).label("steps")).where(
        near == agency_id).cte("succession", recursive=True)
    chain = chain.union(select(step.id, step_far, chain.c.steps + 1).where(step_near == chain.c.agency,
                                                                          chain.c.steps < 50))
    rows = session.execute(
        select(agency.name, agency.short_name, succession.date_iso, succession.note, tables.sources.c.url,
               chain.c.steps)
        .join(chain, chain.c.agency == agency.id).join(tables.agency_successions, succession.id == chain.c.link)
        .outerjoin(tables.sources, tables.sources.c.id == succession.source_id)
        .order_by(chain.c.steps, agency.name))
    return [Succession(name, short, When.parse(date) if date else None, note, url, steps)
            for name, short, date, note, url, steps in rows]


def predecessors(session: Reader, agency_id: int) -> list[Succession]:
    """The agencies the agency took over from, and theirs before them, nearest first (Roscosmos: the Federal
    Space Agency, the Russian Space Agency, the Soviet Ministry of General Machine Building)."""
    return _successions(session, agency_id, before=True)


def successors(session: Reader, agency_id: int) -> list[Succession]:
    """The agencies that took over from the agency, and theirs after them, nearest first (NACA: NASA)."""
    return _successions(session, agency_id, before=False)


def has_parts(session: Reader, ids: Iterable[int]) -> bool:
    """Whether any agency among `ids` has a part."""
    return session.scalar(select(agency.id).where(agency.parent_id.in_(list(ids))).limit(1)) is not None


def place_forest(session: Reader, root_ids: Iterable[int] | None = None) -> list[Branch]:
    """The places under `root_ids` (every top-level place when None), depth first, with their kind and how many
    events happen at each place itself."""
    roots = (select(place.id).where(place.parent_id.is_(None)) if root_ids is None
             else select(place.id).where(place.id.in_(list(root_ids))))
    tree = _below(tables.places, roots, "place_tree")
    event = tables.events.c
    rows = session.execute(select(place.id, place.parent_id, place.name, place.kind, tree.c.depth,
                                  select(func.count(event.id)).where(event.place_id == place.id).scalar_subquery())
                           .join(tree, tree.c.id == place.id)).all()
    return _depth_first([(row[0], row[1], Branch(row[2], None, row[4], row[5], row[3])) for row in rows])



def agency_scope(session: Reader, names: tuple[str, ...], *, exact: bool) -> str:
    """What an --agency filter takes in, for a heading: "NASA and its parts", "NASA only" (with `exact`, for an
    agency that has parts), "SpaceX"; several joined by " or "."""
    from tracker.store.directory import AGENCIES, resolve

    shown = []
    for name in names:
        [found, *_] = resolve(session, AGENCIES, (name,))
        label = session.execute(select(AGENCIES.shown).where(agency.id == found)).scalar_one()
        if has_parts(session, [found]):
            label += " only" if exact else " and its parts"
        shown.append(label)
    return " or ".join(shown)


@dataclass(frozen=True)
class AgencyFamily:
    """Where an agency stands: what it is part of (nearest first), its parts (depth first), the agencies it took
    over from and those that took over from it."""

    part_of: list[str]
    parts: list[Branch]
    predecessors: list[Succession]
    successors: list[Succession]


def agency_family(session: Reader, name: str) -> AgencyFamily:
    """The family of the agency `name` designates (raises NotFound with suggestions, as every name look-up)."""
    from tracker.store.directory import AGENCIES, resolve

    [found, *_] = resolve(session, AGENCIES, (name,))
    return AgencyFamily(agency_chain(session, found), agency_parts(session, found), predecessors(session, found),
                        successors(session, found))


def place_contents(session: Reader) -> dict[str, frozenset[str]]:
    """Each place's names and aliases (folded) with the folded names of the places it holds, itself included
    ("floride" -> {"florida", "kennedy space center", ...}): one recursive query over the whole tree, for the
    fact-checker, which reads a draft's places against the store's."""
    from tracker.names import fold

    pairs = select(place.id.label("top"), place.id.label("inside")).cte("holds", recursive=True)
    child = tables.places.alias().c
    pairs = pairs.union(select(pairs.c.top, child.id).where(child.parent_id == pairs.c.inside))
    names = {place_id: key for place_id, key in session.execute(select(place.id, place.name_key))}
    held: dict[int, set[str]] = {}
    for top, inside in session.execute(select(pairs.c.top, pairs.c.inside)):
        held.setdefault(top, set()).add(names[inside])
    contents: dict[str, frozenset[str]] = {}
    alias = tables.place_aliases.c
    for owner, key in [*names.items(), *session.execute(select(alias.place_id, alias.alias_key))]:
        contents[fold(key)] = contents.get(fold(key), frozenset()) | frozenset(held.get(owner, ()))
    return contents
