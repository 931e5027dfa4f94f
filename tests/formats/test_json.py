"""Reading the JSON document: every problem named with its place in the file, nothing half-read."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.dates.when import When
from tracker.errors import InvalidImport
from tracker.formats.json import derive_slug, parse_document, read_document, write_events
from tracker.records import EventKind, EventStatus


def problems_of(document: Any) -> list[str]:
    with pytest.raises(InvalidImport) as caught:
        parse_document(document, "file.json")
    return caught.value.problems


@pytest.mark.usefixtures("frozen_today")  # 6 August 2025
def test_a_bare_list_is_a_list_of_events_with_defaults() -> None:
    dataset = parse_document([{"title": "Crew-11 launch", "start": "2025-08-01T15:43Z"}], "file.json")
    [event] = dataset.events
    assert (event.slug, event.kind, event.status) == ("crew-11-launch-2025-08-01", EventKind.OTHER,
                                                      EventStatus.OCCURRED)


@pytest.mark.usefixtures("frozen_today")  # 6 August 2025
@pytest.mark.parametrize(("start", "status"), [
    ("2025-08-05", EventStatus.OCCURRED), ("2025-08-07", EventStatus.PLANNED), ("2025-08", EventStatus.UNCONFIRMED),
    ("2025", EventStatus.UNCONFIRMED), ("2026", EventStatus.PLANNED), ("2025-08-06T11:00Z", EventStatus.OCCURRED)])
def test_an_event_without_a_status_is_occurred_or_planned_by_its_date(start: str, status: EventStatus) -> None:
    [event] = parse_document([{"title": "Something", "start": start}], "file.json").events
    assert event.status == status


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("text", "expected a list of events or an object"),
        ({"launches": []}, "unknown section 'launches'"),
        ({"events": {}}, "events: expected a list"),
        ([{"start": "2025"}], "events[0].title: missing"),
        ([{"title": "x"}], "events[0].start: missing"),
        ([{"title": "x", "start": "2025-13"}], "events[0].start: invalid date '2025-13'"),
        ([{"title": "x", "start": "2025-08-02", "end": "2025-08-01"}], "events[0].end: end 2025-08-01 is before"),
        ([{"title": "x", "start": "2025", "kind": "party"}], "events[0].kind: unknown value 'party'"),
        ([{"title": "x", "start": "2025", "status": "done"}], "events[0].status: unknown value 'done'"),
        ([{"title": "x", "start": "2025", "colour": "red"}], "events[0]: unknown field 'colour'"),
        ([{"title": "x", "start": "2025", "timezone": "Mars/Base"}], "events[0].timezone: unknown time zone"),
        ([{"title": "x", "start": "2025", "people": [{"role": "pilot"}]}], "events[0].people[0].name: missing"),
        ([{"title": 7, "start": "2025"}], "events[0].title: expected text"),
        ([{"title": "x", "start": "2025", "history": [{"status": "scrubbed"}]}],
         "events[0].history[0]: a revision needs a start or a place"),
        ({"people": [{"name": "A", "tenures": [{"agency": "NASA"}]}]}, "people[0].tenures[0].role: missing"),
        ({"places": [{"name": "Pad", "timezone": "Nowhere/Here"}]}, "places[0].timezone: unknown time zone"),
        ([{"slug": "a", "title": "x", "start": "2025"}, {"slug": "a", "title": "y", "start": "2026"}],
         "events[1].slug: duplicate slug 'a' (first at events[0])"),
    ],
)
def test_problems_name_where_they_are(document: Any, problem: str) -> None:
    assert any(problem in found for found in problems_of(document))


def test_every_problem_is_reported_not_only_the_first() -> None:
    found = problems_of([{"title": "a", "start": "2025-13"}, {"title": "b", "start": "nope"}])
    assert len(found) == 2


def test_files_that_are_not_json_or_not_utf8_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    with pytest.raises(InvalidImport, match="invalid JSON at line 1"):
        read_document(broken)
    latin = tmp_path / "latin.json"
    latin.write_bytes('[{"title": "Baïkonour"}]'.encode("latin-1"))
    with pytest.raises(InvalidImport, match="not UTF-8"):
        read_document(latin)


def test_slugs_are_derived_from_folded_title_and_date() -> None:
    assert derive_slug("Lancement de Soyouz MS-27 !", When.parse("2025-04-08T05:47Z")) == \
        "lancement-de-soyouz-ms-27-2025-04-08"


TEXT_CHARACTERS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
"""Any character a text field may hold: everything but NUL and lone surrogates (refused on reading, tested in
tests/test_hostile_input.py)."""
hostile_text = st.text(alphabet=TEXT_CHARACTERS, min_size=1, max_size=60).filter(
    lambda value: value.strip() == value and value.strip() != "")


@settings(max_examples=150)
@given(title=hostile_text, summary=st.text(TEXT_CHARACTERS, max_size=80), person=hostile_text,
       role=st.text(TEXT_CHARACTERS, max_size=20))
def test_json_round_trips_arbitrary_unicode(title: str, summary: str, person: str, role: str) -> None:
    event = {"slug": "x", "title": title, "kind": "other", "status": "occurred", "start": "2025-07-31",
             "summary": summary, "people": [{"name": person, "role": role}], "sources": ["https://example.org"]}
    [record] = parse_document([event], "file.json").events
    stream = io.StringIO()
    write_events([record], stream)
    [again] = parse_document(json.loads(stream.getvalue()), "again.json").events
    assert again == record
    assert (again.title, again.summary) == (title, summary.strip())


def test_a_slug_of_spaces_is_refused_and_a_missing_one_derived() -> None:
    assert problems_of([{"slug": "  ", "title": "Blank", "start": "2025"}]) == [
        "events[0].slug: blank (leave it out, and one is made from the title and date)"]
    [derived] = parse_document([{"slug": "", "title": "Blank", "start": "2025"}], "file.json").events
    assert derived.slug == "blank-2025"


def test_an_events_flight_is_read_written_and_read_back() -> None:
    landing = {"title": "Apollo 11 lands on the Moon", "kind": "landing", "start": "1969-07-20T20:17Z",
               "flight": "1969-059"}
    [record] = parse_document([landing], "file.json").events
    assert record.flight == "1969-059"
    stream = io.StringIO()
    write_events([record], stream)
    [written] = json.loads(stream.getvalue())
    assert written["flight"] == "1969-059"
    [without] = parse_document([{"title": "Something", "start": "2025"}], "file.json").events
    assert without.flight is None
    assert problems_of([{**landing, "flight": 1969}]) != []
