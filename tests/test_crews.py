"""Crews and landings in a seeded store: every crewed launch of the launch history carries the crew McDowell's lists
give it, people resolve by the names writers use, re-importing the lists changes nothing, and a refused file
changes nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import run
from tracker.bundled import catalogue_log, crews_missions
from tracker.formats.mcdowell import read_mcdowell
from tracker.records import EventKind, EventRecord, Outcome
from tracker.store.database import Location, Store
from tracker.store.query import events_between


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, EventRecord]:
    """Every event of a store seeded with the bundled data (curated, GCAT, McDowell, spacewalks), by slug."""
    from tracker.ingest import load_bundled_dataset

    store = Store(Location(f"sqlite:///{tmp_path_factory.mktemp('crews') / 'seeded.db'}"))
    store.prepare(lambda message: None)
    with store.transaction() as session:
        load_bundled_dataset(session)
    with store.reading() as session:
        events = {event.slug: event for event in events_between(session)}
    store.close()
    return events


def test_every_crewed_launch_in_the_store_has_its_crew(stored: dict[str, EventRecord]) -> None:
    crewed = set()
    with gzip.open(catalogue_log(), "rt", encoding="utf-8") as log:
        for line in log:
            fields = line.split("\t")
            if not line.startswith("#") and len(fields[3]) > 1 and fields[3][1] == "H":
                crewed.add(fields[0].strip())
    expected = {event.designation: event for event in read_mcdowell(crews_missions()).events
                if event.kind == EventKind.LAUNCH}
    launches = {event.designation: event for event in stored.values() if event.kind == EventKind.LAUNCH
                and event.designation in crewed}
    assert set(launches) == crewed
    wrong = {tag: ([p.name for p in launch.people], [p.name for p in expected[tag].people])
             for tag, launch in launches.items()
             if not {p.name for p in expected[tag].people} <= {p.name for p in launch.people}}
    assert wrong == {}
    apollo = launches["1969-059"]
    assert apollo.title == "Saturn V launches Apollo 11" and apollo.flight == "1969-059"
    assert [(p.name, p.role) for p in apollo.people][:3] == [
        ("Neil Armstrong", "commander"), ("Michael Collins", "command module pilot"),
        ("Buzz Aldrin", "lunar module pilot")]


def test_every_landing_is_stored_with_who_came_home(stored: dict[str, EventRecord]) -> None:
    landings = [event for event in read_mcdowell(crews_missions()).events if event.kind == EventKind.LANDING]
    for landing in landings:
        held = stored[landing.slug]
        assert held.flight == landing.flight, landing.slug
        if landing.given is None:  # a landing only McDowell's lists describe: theirs entirely
            assert [p.name for p in held.people] == [p.name for p in landing.people], landing.slug
            assert held.span == landing.span, landing.slug
    soyuz = stored["soyuz-11-landing"]
    assert soyuz.outcome == Outcome.FAILURE and "died" in soyuz.summary
    assert soyuz.span.start.in_zone(soyuz.timezone).local().date().isoformat() == "1971-06-30"


def test_a_curated_landing_keeps_its_own_values(stored: dict[str, EventRecord]) -> None:
    crew8 = stored["crew-8-splashdown"]
    assert crew8.title == "SpaceX Crew-8 splashdown off Pensacola" and crew8.flight == "2024-042"
    assert [person.name for person in stored["crew-11-launch"].people][:2] == ["Zena Cardman", "Mike Fincke"]
    assert stored["crew-11-launch"].designation == "2025-166" and "mcdowell-h00401" not in stored


def test_one_person_for_one_human(stored: dict[str, EventRecord]) -> None:
    """The Moon landings (curated, naming McDowell's full forms) and the crews name the same people."""
    moon = stored["apollo-11-moon-landing"]
    assert {p.name for p in moon.people} == {"Neil Armstrong", "Buzz Aldrin"}


@pytest.mark.parametrize(("name", "person"), [
    ("Gagarin", "Yuri Gagarin"), ("Youri Gagarine", "Yuri Gagarin"), ("Леонов", "Alexei Leonov"),
    ("Armstrong", "Neil Armstrong"), ("Whitson", "Peggy Whitson"), ("Tereshkova", "Valentina Tereshkova"),
    ("Barry Wilmore", "Butch Wilmore")])
def test_people_resolve_by_the_names_writers_use(catalogue_db: str, name: str, person: str) -> None:
    shown = run("person", name, db=catalogue_db, width=200)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith(person)


def test_a_persons_timeline_has_launch_and_landing(catalogue_db: str) -> None:
    shown = run("timeline", "1961-04-12", "--person", "Gagarin", db=catalogue_db, width=200).stdout
    assert "launch" in shown and "Vostok 1 landing" in shown and "crew: Gagarin" in shown


def test_reimporting_the_lists_changes_nothing(catalogue_db: str) -> None:
    again = run("import", str(crews_missions()), db=catalogue_db)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("0 events created, 0 updated"), again.stdout


def test_a_refused_file_names_line_and_column_and_changes_nothing(catalogue_db: str, tmp_path: Path) -> None:
    text = gzip.decompress(crews_missions().read_bytes()).decode("utf-8")
    (tmp_path / "missions.tsv").write_text(text.replace("1969 Jul 24 1650:35", "1969 Jul 34 1650:35", 1),
                                           encoding="utf-8")
    (tmp_path / "rides.tsv").write_bytes(gzip.decompress((crews_missions().parent / "rides.tsv.gz").read_bytes()))
    before = json.loads(run("info", "--format", "json", db=catalogue_db).stdout)["counts"]
    refused = run("import", str(tmp_path / "missions.tsv"), db=catalogue_db)
    assert refused.exit_code == 2
    assert "line 57, column EDate: invalid GCAT date '1969 Jul 34 1650:35'" in refused.stderr
    assert json.loads(run("info", "--format", "json", db=catalogue_db).stdout)["counts"] == before


def test_info_credits_mcdowell(catalogue_db: str) -> None:
    assert "crews and landings: " in run("info", db=catalogue_db).stdout
