"""Who is part of whom, what is inside what, and which agency came before which: the trees of agencies and places
and the chains of succession, read by recursive queries (WITH RECURSIVE, on SQLite and PostgreSQL alike).

Every query walks the rows of one request; nothing is cached in Python between commands. UNION (not UNION ALL)
drops a row met twice, so a walk ends even on a loop the writer would have refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, Integer, Select, func, literal, select
from sqlalchemy.orm import Session, aliased

from tracker.dates.when import When
from tracker.store.schema import Agency, AgencySuccession, Event, EventAgency, Place, Source


def _below(model: type[Agency] | type[Place], roots: Select[Any], name: str) -> CTE:
    """The ids of `roots` and of everything under them, with each one's depth below its root (0 for a root)."""
    tree = select(roots.subquery().c[0].label("id"), literal(0, Integer).label("depth")).cte(name, recursive=True)
    child = aliased(model)
    return tree.union(select(child.id, tree.c.depth + 1).where(child.parent_id == tree.c.id))


def agencies_within(ids: Iterable[int]) -> Select[tuple[int]]:
    """The ids of the agencies `ids` and of all their parts, as a subquery for IN."""
    tree = _below(Agency, select(Agency.id).where(Agency.id.in_(list(ids))), "agency_tree")
    return select(tree.c.id)


def places_within(ids: Iterable[int]) -> Select[tuple[int]]:
    """The ids of the places `ids` and of every place inside them, as a subquery for IN."""
    tree = _below(Place, select(Place.id).where(Place.id.in_(list(ids))), "place_tree")
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


def _agency_branches(session: Session, roots: Select[Any]) -> list[Branch]:
    """The agencies under `roots` in depth-first order (each after its parent, siblings by name)."""
    tree = _below(Agency, roots, "agency_tree")
    rows = session.execute(select(Agency.id, Agency.parent_id, Agency.name, Agency.short_name, tree.c.depth,
                                  select(func.count(EventAgency.event_id.distinct()))
                                  .where(EventAgency.agency_id == Agency.id).scalar_subquery())
                           .join(tree, tree.c.id == Agency.id)).all()
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


def agency_parts(session: Session, agency_id: int) -> list[Branch]:
    """The parts of one agency, their parts and so on, each with its depth (1 for a direct part)."""
    return _agency_branches(session, select(Agency.id).where(Agency.id == agency_id))[1:]


def agency_forest(session: Session) -> list[Branch]:
    """Every agency as a tree: the top-level ones (no parent) and all their parts, depth first."""
    return _agency_branches(session, select(Agency.id).where(Agency.parent_id.is_(None)))


def _chain(session: Session, model: type[Agency] | type[Place], entity_id: int) -> list[str]:
    """The names of what holds the entity, nearest first: its parent, its parent's parent..."""
    tree = select(model.parent_id.label("id"), literal(1, Integer).label("depth")).where(
        model.id == entity_id).cte("upward", recursive=True)
    parent = aliased(model)
    tree = tree.union(select(parent.parent_id, tree.c.depth + 1).where(parent.id == tree.c.id,
                                                                       parent.parent_id.is_not(None)))
    rows = session.execute(select(model.name).join(tree, tree.c.id == model.id).order_by(tree.c.depth))
    return list(rows.scalars())


def agency_chain(session: Session, agency_id: int) -> list[str]:
    """What the agency is part of, nearest first (MSFC: ["National Aeronautics and Space Administration"])."""
    return _chain(session, Agency, agency_id)


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


def _successions(session: Session, agency_id: int, *, before: bool) -> list[Succession]:
    """The chain of predecessors (or successors) of an agency, nearest first."""
    near, far = ((AgencySuccession.successor_id, AgencySuccession.predecessor_id) if before
                 else (AgencySuccession.predecessor_id, AgencySuccession.successor_id))
    step = aliased(AgencySuccession)
    step_near, step_far = (step.successor_id, step.predecessor_id) if before else (step.predecessor_id,
                                                                                  step.successor_id)
    chain = select(AgencySuccession.id.label("link"), far.label("agency"), literal(1, Integer).label("steps")).where(
        near == agency_id).cte("succession", recursive=True)
    chain = chain.union(select(step.id, step_far, chain.c.steps + 1).where(step_near == chain.c.agency,
                                                                          chain.c.steps < 50))
    rows = session.execute(
        select(Agency.name, Agency.short_name, AgencySuccession.date_iso, AgencySuccession.note, Source.url,
               chain.c.steps)
        .join(chain, chain.c.agency == Agency.id).join(AgencySuccession, AgencySuccession.id == chain.c.link)
        .outerjoin(Source, Source.id == AgencySuccession.source_id)
        .order_by(chain.c.steps, Agency.name))
    return [Succession(name, short, When.parse(date) if date else None, note, url, steps)
            for name, short, date, note, url, steps in rows]


def predecessors(session: Session, agency_id: int) -> list[Succession]:
    """The agencies the agency took over from, and theirs before them, nearest first (Roscosmos: the Federal
    Space Agency, the Russian Space Agency, the Soviet Ministry of General Machine Building)."""
    return _successions(session, agency_id, before=True)


def successors(session: Session, agency_id: int) -> list[Succession]:
    """The agencies that took over from the agency, and theirs after them, nearest first (NACA: NASA)."""
    return _successions(session, agency_id, before=False)


def has_parts(session: Session, ids: Iterable[int]) -> bool:
    """Whether any agency among `ids` has a part."""
    return session.scalar(select(Agency.id).where(Agency.parent_id.in_(list(ids))).limit(1)) is not None


def place_forest(session: Session, root_ids: Iterable[int] | None = None) -> list[Branch]:
    """The places under `root_ids` (every top-level place when None), depth first, with their kind and how many
    events happen at each place itself."""
    roots = (select(Place.id).where(Place.parent_id.is_(None)) if root_ids is None
             else select(Place.id).where(Place.id.in_(list(root_ids))))
    tree = _below(Place, roots, "place_tree")
    rows = session.execute(select(Place.id, Place.parent_id, Place.name, Place.kind, tree.c.depth,
                                  select(func.count(Event.id)).where(Event.place_id == Place.id).scalar_subquery())
                           .join(tree, tree.c.id == Place.id)).all()
    return _depth_first([(row[0], row[1], Branch(row[2], None, row[4], row[5], row[3])) for row in rows])



def agency_scope(session: Session, names: tuple[str, ...], *, exact: bool) -> str:
    """What an --agency filter takes in, for a heading: "NASA and its parts", "NASA only" (with `exact`, for an
    agency that has parts), "SpaceX"; several joined by " or "."""
    from tracker.store.directory import resolve

    shown = []
    for name in names:
        [found, *_] = resolve(session, Agency, (name,))
        agency = session.get_one(Agency, found)
        label = agency.short_name or agency.name
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


def agency_family(session: Session, name: str) -> AgencyFamily:
    """The family of the agency `name` designates (raises NotFound with suggestions, as every name look-up)."""
    from tracker.store.directory import resolve

    [found, *_] = resolve(session, Agency, (name,))
    return AgencyFamily(agency_chain(session, found), agency_parts(session, found), predecessors(session, found),
                        successors(session, found))


def place_contents(session: Session) -> dict[str, frozenset[str]]:
    """Each place's names and aliases (folded) with the folded names of the places it holds, itself included
    ("floride" -> {"florida", "kennedy space center", ...}): one recursive query over the whole tree, for the
    fact-checker, which reads a draft's places against the store's."""
    from tracker.names import fold
    from tracker.store.schema import PlaceAlias

    pairs = select(Place.id.label("top"), Place.id.label("inside")).cte("holds", recursive=True)
    child = aliased(Place)
    pairs = pairs.union(select(pairs.c.top, child.id).where(child.parent_id == pairs.c.inside))
    names = {place_id: key for place_id, key in session.execute(select(Place.id, Place.name_key))}
    held: dict[int, set[str]] = {}
    for top, inside in session.execute(select(pairs.c.top, pairs.c.inside)):
        held.setdefault(top, set()).add(names[inside])
    contents: dict[str, frozenset[str]] = {}
    for owner, key in [*names.items(), *session.execute(select(PlaceAlias.place_id, PlaceAlias.alias_key))]:
        contents[fold(key)] = contents.get(fold(key), frozenset()) | frozenset(held.get(owner, ()))
    return contents
