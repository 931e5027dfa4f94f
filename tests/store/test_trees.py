"""Trees in the store: agencies with their parts, places with what they hold, successions; read by recursive
queries on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from tracker.dates.when import Span, When
from tracker.errors import InvalidImport
from tracker.records import (
    AgencyRecord,
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Participant,
    PlaceRecord,
    SuccessionRecord,
)
from tracker.store.database import Store
from tracker.store.query import EventQuery, find_events
from tracker.store.trees import agency_family, agency_forest, place_forest
from tracker.store.write import write_dataset


def _event(slug: str, agency: str, place: str) -> EventRecord:
    return EventRecord(slug, slug, EventKind.LAUNCH, EventStatus.OCCURRED, Span(When.parse("1969-07-16")),
                       place=place, agencies=[Participant(agency, "launch provider")])


TREE = Dataset(
    agencies=[AgencyRecord("National Aeronautics and Space Administration", "NASA"),
              AgencyRecord("NASA Marshall Space Flight Center", "MSFC", parent="NASA"),
              AgencyRecord("MSFC Test Lab", "MTL", parent="MSFC"),
              AgencyRecord("Soviet ministry", "MOM"), AgencyRecord("Roscosmos")],
    places=[PlaceRecord("United States", kind="country"), PlaceRecord("Florida", parent="United States",
                                                                      aliases=["Floride"], kind="region"),
            PlaceRecord("Kennedy Space Center", "America/New_York", parent="Florida", kind="site"),
            PlaceRecord("Texas", parent="United States", kind="region"),
            PlaceRecord("Houston", "America/Chicago", parent="Texas", kind="city"),
            PlaceRecord("Johnson Space Center", "America/Chicago", parent="Houston", kind="site")],
    successions=[SuccessionRecord("MOM", "Roscosmos", When.parse("1992-02"), "renamed", "https://example.org/a")],
    events=[_event("by-nasa", "NASA", "Kennedy Space Center"), _event("by-msfc", "MSFC", "Johnson Space Center"),
            _event("by-lab", "MTL", "Houston"), _event("by-mom", "MOM", "Kennedy Space Center")])


@pytest.fixture
def tree(store: Store) -> Store:
    with store.transaction() as session:
        write_dataset(session, TREE)
    return store


def _slugs(store: Store, query: EventQuery) -> set[str]:
    with store.reading() as session:
        return {match.event.slug for match in find_events(session, query)}


def test_an_agency_takes_in_its_parts_and_their_parts_unless_exact(tree: Store) -> None:
    assert _slugs(tree, EventQuery(agencies=("NASA",))) == {"by-nasa", "by-msfc", "by-lab"}
    assert _slugs(tree, EventQuery(agencies=("NASA",), exact_agencies=True)) == {"by-nasa"}
    assert _slugs(tree, EventQuery(agencies=("MSFC",))) == {"by-msfc", "by-lab"}


def test_a_place_takes_in_everything_inside_it_by_any_name(tree: Store) -> None:
    assert _slugs(tree, EventQuery(places=("Florida",))) == {"by-nasa", "by-mom"}
    assert _slugs(tree, EventQuery(places=("Floride",))) == {"by-nasa", "by-mom"}
    assert _slugs(tree, EventQuery(places=("Houston",))) == {"by-msfc", "by-lab"}
    assert _slugs(tree, EventQuery(places=("United States",))) == {"by-nasa", "by-msfc", "by-lab", "by-mom"}


def test_families_chains_and_forests(tree: Store) -> None:
    with tree.reading() as session:
        nasa = agency_family(session, "NASA")
        assert [(part.short_name, part.depth) for part in nasa.parts] == [("MSFC", 1), ("MTL", 2)]
        assert agency_family(session, "MTL").part_of == ["NASA Marshall Space Flight Center",
                                                         "National Aeronautics and Space Administration"]
        roscosmos = agency_family(session, "Roscosmos")
        assert [(step.short_name, step.date.iso() if step.date else None, step.source)
                for step in roscosmos.predecessors] == [("MOM", "1992-02", "https://example.org/a")]
        assert [step.name for step in agency_family(session, "MOM").successors] == ["Roscosmos"]
        forest = [(branch.name, branch.depth) for branch in agency_forest(session)]
        assert forest.index(("NASA Marshall Space Flight Center", 1)) == forest.index(
            ("National Aeronautics and Space Administration", 0)) + 1
        places = [(branch.name, branch.depth, branch.kind) for branch in place_forest(session)]
        assert places == [("United States", 0, "country"), ("Florida", 1, "region"),
                          ("Kennedy Space Center", 2, "site"), ("Texas", 1, "region"), ("Houston", 2, "city"),
                          ("Johnson Space Center", 3, "site")]


def test_a_loop_is_refused_and_nothing_is_written(tree: Store) -> None:
    with pytest.raises(InvalidImport, match="cannot be inside"), tree.transaction() as session:
        write_dataset(session, Dataset(agencies=[AgencyRecord("National Aeronautics and Space Administration",
                                                              parent="MTL")]))
    with tree.reading() as session:
        assert agency_family(session, "NASA").part_of == []


def test_writing_the_tree_again_changes_nothing(tree: Store) -> None:
    with tree.transaction() as session:
        write_dataset(session, TREE)
    with tree.reading() as session:
        assert len(agency_family(session, "Roscosmos").predecessors) == 1
        assert [part.short_name for part in agency_family(session, "NASA").parts] == ["MSFC", "MTL"]
