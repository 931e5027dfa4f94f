"""Readable slugs for the catalogue's named missions: `tracker show apollo-11-launch` opens `gcat-1969-059`, the
flight's landing and return have theirs, the timeline and search show them, and a user's own slug always wins."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import run
from tracker.bundled import data_directory
from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus
from tracker.store.alias_slugs import MISSION_TABLE, mission_slug, missions
from tracker.store.database import Store
from tracker.store.query import event_by_slug, event_named
from tracker.store.write import import_events


def shown_slug(db: str, name: str) -> str:
    result = run("show", name, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["slug"])


@pytest.mark.parametrize(("alias", "slug"), [
    ("apollo-11-launch", "gcat-1969-059"),
    ("apollo-11-landing", "apollo-11-moon-landing"),  # the flight's first landing: on the Moon
    ("apollo-11-return", "apollo-11-splashdown"),  # its last: back on Earth
    ("apollo-11-splashdown", "apollo-11-splashdown"),  # (the curated slug itself)
    ("apollo-13-splashdown", "apollo-13-splashdown"),
    ("apollo-13-landing", "apollo-13-splashdown"),  # Apollo 13 never landed on the Moon
    ("sputnik-1-launch", "gcat-1957-alp"),
    ("soyuz-11-launch", "gcat-1971-053"),
    ("gemini-4-return", "gemini-iv-splashdown"),
])
def test_a_readable_alias_opens_the_catalogue_event(catalogue_db: str, alias: str, slug: str) -> None:
    assert shown_slug(catalogue_db, alias) == slug


def test_an_alias_naming_nothing_is_refused_in_one_line(catalogue_db: str) -> None:
    result = run("show", "sputnik-1-splashdown", db=catalogue_db)
    assert result.exit_code != 0 and "no event 'sputnik-1-splashdown'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_timeline_and_search_show_the_alias_so_what_is_seen_can_be_opened(catalogue_db: str) -> None:
    lines = run("timeline", "1969-07-16", "--format", "plain", db=catalogue_db).stdout.splitlines()
    [launch] = [line for line in lines if "Saturn V launches Apollo 11" in line]
    assert launch.endswith("  apollo-11-launch")
    found = run("search", "apollo", "11", "--format", "plain", db=catalogue_db).stdout.splitlines()
    assert found[1].endswith("  apollo-11-launch")
    assert any(line.endswith("  apollo-11-moon-landing") for line in found)
    rich = run("search", "apollo", "11", db=catalogue_db, terminal=True, width=160).stdout.splitlines()
    assert rich[2].startswith("▲ 16 Jul 1969") and rich[2].endswith("  apollo-11-launch")
    assert "gcat-1969-059" in run("timeline", "1969-07-16", "--format", "json", db=catalogue_db).stdout


def test_every_mission_of_the_table_has_a_slug_of_its_own() -> None:
    with (data_directory() / MISSION_TABLE).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    by_slug, by_designation = missions()
    assert len(by_slug) == len(by_designation) == len(rows)  # no usual name is two launches'
    assert by_slug["apollo-11"] == "1969-059" and by_designation["1957 ALP"] == "sputnik-1"
    assert all(slug == mission_slug(slug) and not slug.endswith(("-launch", "-landing", "-return"))
               for slug in by_slug)


def apollo_11(slug: str = "gcat-1969-059") -> list[EventRecord]:
    launch = EventRecord(slug=slug, title="Saturn V launches Apollo 11", kind=EventKind.LAUNCH,
                         status=EventStatus.OCCURRED, span=Span.parse("1969-07-16T13:32Z"), designation="1969-059",
                         flight="1969-059", aliases=["Apollo 11"])
    moon = EventRecord(slug="moon", title="Apollo 11 lands on the Moon", kind=EventKind.LANDING,
                       status=EventStatus.OCCURRED, span=Span.parse("1969-07-20T20:17Z"), flight="1969-059")
    sea = EventRecord(slug="sea", title="Apollo 11 splashdown", kind=EventKind.LANDING,
                      status=EventStatus.OCCURRED, span=Span.parse("1969-07-24T16:50Z"), flight="1969-059")
    return [launch, moon, sea]


def test_aliases_resolve_on_both_engines(store: Store) -> None:
    with store.transaction() as session:
        import_events(session, apollo_11())
    with store.reading() as session:
        assert event_by_slug(session, "apollo-11-launch").slug == "gcat-1969-059"
        assert event_named(session, "apollo-11-landing").slug == "moon"
        assert event_named(session, "apollo-11-return").slug == "sea"
        assert event_named(session, "apollo-11-splashdown").slug == "sea"


def test_a_users_own_slug_always_wins_and_the_alias_is_then_not_shown(store: Store) -> None:
    mine = EventRecord(slug="apollo-11-launch", title="My notes on the launch", kind=EventKind.OTHER,
                       status=EventStatus.OCCURRED, span=Span.parse("2019-07-16"))
    with store.transaction() as session:
        import_events(session, [*apollo_11(), mine])
    db = store.location.url
    assert shown_slug(db, "apollo-11-launch") == "apollo-11-launch"
    lines = run("timeline", "1969-07-16", "--format", "plain", db=db).stdout.splitlines()
    [launch] = [line for line in lines if "Saturn V launches Apollo 11" in line]
    assert launch.endswith("  gcat-1969-059")  # the alias is the user's event: the launch shows its own slug


def test_the_card_names_both_slugs(catalogue_db: str) -> None:
    card = run("show", "apollo-11-launch", db=catalogue_db, terminal=True, width=120).stdout
    assert "gcat-1969-059 · apollo-11-launch" in card
