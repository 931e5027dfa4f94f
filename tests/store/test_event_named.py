"""Opening an event by a name people know: its slug, its title or another name (Roman or Arabic numerals alike),
the launch of a flight rather than its other events, and a one-line refusal listing the events a name fits."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run


def shown_slug(db: str, name: str) -> str:
    result = run("show", name, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["slug"])


@pytest.mark.parametrize(("name", "slug"), [
    ("Apollo 11", "gcat-1969-059"),
    ("apollo XI", "gcat-1969-059"),
    ("Vostok 1", "gcat-1961-mu"),
    ("Mir", "gcat-1986-017"),
    ("Artemis II", "artemis-ii-launch"),
    ("Crew-11", "crew-11-launch"),
    ("gcat-1957-alp", "gcat-1957-alp"),
])
def test_show_opens_an_event_by_a_name_people_know(catalogue_db: str, name: str, slug: str) -> None:
    assert shown_slug(catalogue_db, name) == slug


def test_a_name_several_events_share_is_refused_in_one_line_naming_them(catalogue_db: str) -> None:
    result = run("show", "Starliner", db=catalogue_db)
    assert result.exit_code != 0
    [line] = result.stderr.strip().splitlines()
    assert "events are called 'Starliner'" in line and "starliner-cft-launch" in line


def test_an_unknown_name_is_refused_with_suggestions(catalogue_db: str) -> None:
    result = run("show", "Apollo 1", db=catalogue_db)
    assert result.exit_code != 0 and "no event 'Apollo 1'" in result.stderr


def test_around_takes_a_name(catalogue_db: str) -> None:
    result = run("timeline", "--around", "Apollo 11", "--days", "1", "--format", "plain", db=catalogue_db)
    assert result.exit_code == 0, result.output
    assert "Saturn V launches Apollo 11" in result.stdout


def test_the_card_lists_the_flights_other_events_and_credits_the_crew_lists(catalogue_db: str) -> None:
    card = run("show", "Apollo 11", db=catalogue_db, terminal=True, width=160).stdout
    assert "The flight 1969-059" in card
    for slug in ("gcat-1969-059", "apollo-11-moon-landing", "apollo-11-splashdown"):
        assert slug in card
    assert "Neil Armstrong" in card and "Crew and return data: Jonathan C. McDowell" in card
