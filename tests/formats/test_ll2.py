"""Launch Library 2 responses: launches and events mapped to records, precisions never silently coarsened."""

from __future__ import annotations

import copy
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker.dates.when import Precision
from tracker.errors import InvalidImport
from tracker.formats.csv import read_csv, write_csv
from tracker.formats.ll2 import event_kind, parse_duration, place_name, read_ll2
from tracker.records import EventKind, EventRecord, EventStatus, Participant

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return loaded


def launch(**changes: Any) -> dict[str, Any]:
    """The month-precision launch of the fixture, changed."""
    found: dict[str, Any] = copy.deepcopy(fixture("ll2-launches.json")["results"][1])
    found.update(changes)
    return found


def one(document: object) -> EventRecord:
    [found] = read_ll2(document, "ll2.json")
    return found


def problems_of(document: object) -> list[str]:
    with pytest.raises(InvalidImport) as caught:
        read_ll2(document, "ll2.json")
    assert caught.value.source == "ll2.json"
    return caught.value.problems


# ------------------------------------------------------------------------------------------------ launches

def test_the_launches_fixture_reads_three_launches() -> None:
    events = read_ll2(fixture("ll2-launches.json"), "ll2-launches.json")
    assert [event.slug for event in events] == ["falcon-9-block-5-crew-11", "new-glenn-blue-moon-pathfinder-mission-1",
                                                "falcon-9-block-5-starlink-group-12-1"]
    assert {event.kind for event in events} == {EventKind.LAUNCH}


def test_a_crewed_launch_has_crew_agencies_place_zone_and_sources() -> None:
    crew11 = read_ll2(fixture("ll2-launches.json"), "x")[0]
    assert crew11.title == "Falcon 9 Block 5 | Crew-11"
    assert crew11.status == EventStatus.OCCURRED
    assert crew11.span.start.iso() == "2025-08-01T15:43:42Z" and crew11.span.precision == Precision.SECOND
    assert crew11.span.end is None
    assert (crew11.place, crew11.timezone) == ("Kennedy Space Center", "America/New_York")
    assert crew11.agencies == [Participant("SpaceX", "launch provider"),
                               Participant("National Aeronautics and Space Administration", "customer")]
    assert crew11.people == [Participant("Zena Cardman", "Commander"), Participant("Edward Michael Fincke", "Pilot"),
                             Participant("Kimiya Yui", "Mission Specialist"),
                             Participant("Oleg Platonov", "Mission Specialist")]
    assert crew11.sources == ["https://www.nasa.gov/mission/nasas-spacex-crew-11/",
                              "https://ll.thespacedevs.com/2.3.0/launches/5c46f4d4-6c1d-4b4e-9f4e-1d5f0b0c2a11/"]
    assert crew11.summary.startswith("SpaceX Crew-11 is the eleventh crew rotation flight")
    assert "Rocket: Falcon 9 Block 5" in crew11.summary and "Pad: Launch Complex 39A" in crew11.summary


def test_v2_2_info_urls_of_the_launch_and_its_mission_are_sources() -> None:
    [shenzhou] = read_ll2(fixture("ll2-launches-v2.2.json"), "x")
    assert shenzhou.sources == ["http://en.cmse.gov.cn/", "https://en.wikipedia.org/wiki/Shenzhou_20",
                                "https://ll.thespacedevs.com/2.2.0/launch/9d0b8a31-2f44-4c1e-a7d5-5b1e7c0f6e20/"]
    assert shenzhou.people[0] == Participant("Chen Dong", "Commander")
    assert one(launch(infoURLs=["https://example.org/plain"])).sources[0] == "https://example.org/plain"


@pytest.mark.parametrize(("written", "known", "meant"), [
    ("Kennedy Space Center, FL, USA", {"kennedy space center"}, "Kennedy Space Center"),
    ("Kennedy Space Center, FL, USA", {"kennedy space center, fl, usa"}, "Kennedy Space Center, FL, USA"),
    ("Cape Canaveral SFS, FL, USA", {"cape canaveral space force station"}, "Cape Canaveral Space Force Station"),
    ("Baikonur Cosmodrome, Republic of Kazakhstan", {"baikonur cosmodrome"}, "Baikonur Cosmodrome"),
    # Not in the store: the GCAT catalogue's name of the site, so that importing the catalogue later finds it.
    ("Jiuquan Satellite Launch Center, People's Republic of China", set(), "Jiuquan Satellite Launch Center"),
    ("Vandenberg SFB, CA, USA", set(), "Vandenberg Space Force Base"),
    ("Somewhere New, Nowhere", set(), "Somewhere New, Nowhere"),
])
def test_ll2_location_names_find_the_places_known_by_other_names(written: str, known: set[str], meant: str) -> None:
    assert place_name(written, known) == meant


def test_month_precision_is_the_whole_month() -> None:
    new_glenn = read_ll2(fixture("ll2-launches.json"), "x")[1]
    assert new_glenn.span.start.iso() == "2026-03" and new_glenn.span.precision == Precision.MONTH
    assert new_glenn.status == EventStatus.PLANNED
    assert "LL2 date precision" not in new_glenn.summary  # a month is exactly what LL2 said


def test_a_planned_launch_spans_its_window() -> None:
    starlink = read_ll2(fixture("ll2-launches.json"), "x")[2]
    assert starlink.span.start.iso() == "2026-05-05T02:30Z"
    assert starlink.span.end is not None and starlink.span.end.iso() == "2026-05-05T06:30Z"
    assert "Launch window: 5 May 2026 02:30 UTC – 5 May 2026 06:30 UTC" in starlink.summary


@pytest.mark.parametrize(
    ("abbrev", "name", "net", "start", "end", "note"),
    [
        ("DAY", "Day", "2026-03-14T18:00:00Z", "2026-03-14", None, False),
        ("Y", "Year", "2027-12-31T00:00:00Z", "2027", None, False),
        ("Q2", "Quarter 2", "2026-06-30T00:00:00Z", "2026-04", "2026-06", True),
        ("Q4", "Quarter 4", "2026-10-01T00:00:00Z", "2026-10", "2026-12", True),
        ("H2", "Half 2", "2026-12-31T00:00:00Z", "2026-07", "2026-12", True),
        ("WK", "Week", "2026-03-02T00:00:00Z", "2026-03-02", "2026-03-08", True),
        ("AM", "Morning", "2026-03-02T03:00:00Z", "2026-03-01", None, True),  # 22:00 on 1 March in Florida
        ("FY", "Fiscal Year", "2026-09-30T00:00:00Z", "2026", None, True),
        ("DEC", "Decade", "2034-01-01T00:00:00Z", "2030", "2039", True),
        ("HR", "Hour", "2026-03-02T03:17:00Z", "2026-03-02T03Z", None, False),
    ],
)
def test_precisions_map_to_the_period_covered(abbrev: str, name: str, net: str, start: str, end: str | None,
                                              note: bool) -> None:
    found = one(launch(net=net, window_start=net, window_end=net,
                       net_precision={"id": 1, "name": name, "abbrev": abbrev}))
    assert found.span.start.iso() == start
    assert (found.span.end.iso() if found.span.end else None) == end
    assert (f"LL2 date precision: {name}" in found.summary) is note


def test_a_precision_named_without_an_abbreviation_is_understood() -> None:
    found = one(launch(net_precision={"id": 8, "name": "Quarter 1"}, net="2026-03-31T00:00:00Z"))
    assert (found.span.start.iso(), found.span.end.iso() if found.span.end else None) == ("2026-01", "2026-03")


def test_a_missing_precision_is_taken_as_exact_and_said_so() -> None:
    found = one(launch(net_precision=None, net="2026-03-02T03:17:12Z"))
    assert found.span.precision == Precision.SECOND
    assert "LL2 gave no precision for this date; taken as exact" in found.summary


def test_an_unknown_precision_is_refused() -> None:
    [problem] = problems_of(launch(net_precision={"id": 99, "name": "Fortnight", "abbrev": "FN"}))
    assert problem.startswith("launch.net_precision: unknown LL2 precision 'FN' (known: SEC, MIN, HR")


def test_an_instant_outside_its_quarter_is_refused() -> None:
    [problem] = problems_of({"results": [launch(net="2026-05-01T00:00:00Z",
                                                net_precision={"id": 8, "name": "Quarter 1", "abbrev": "Q1"})]})
    assert problem == "results[0].net_precision: the instant 2026-05-01 is not in Q1 (months 1-3)"


@pytest.mark.parametrize(
    ("abbrev", "name", "status", "outcome"),
    [
        ("Go", "Go for Launch", EventStatus.PLANNED, False),
        ("TBD", "To Be Determined", EventStatus.PLANNED, False),
        ("TBC", "To Be Confirmed", EventStatus.PLANNED, False),
        ("Success", "Launch Successful", EventStatus.OCCURRED, False),
        ("Failure", "Launch Failure", EventStatus.OCCURRED, True),
        ("Partial Failure", "Launch was a Partial Failure", EventStatus.OCCURRED, True),
        ("In Flight", "Launch in Flight", EventStatus.OCCURRED, True),
        ("Hold", "On Hold", EventStatus.POSTPONED, False),
    ],
)
def test_launch_statuses(abbrev: str, name: str, status: EventStatus, outcome: bool) -> None:
    found = one(launch(status={"id": 1, "name": name, "abbrev": abbrev}))
    assert found.status == status
    assert (f"Outcome: {name} (LL2 status {abbrev})." in found.summary) is outcome


def test_a_failure_reason_is_kept() -> None:
    found = one(launch(status={"id": 4, "name": "Launch Failure", "abbrev": "Failure"},
                       failreason="Second stage engine shut down early."))
    assert "Failure reason: Second stage engine shut down early." in found.summary


def test_an_unknown_launch_status_is_refused() -> None:
    [problem] = problems_of(launch(status={"id": 42, "name": "Exploded on pad", "abbrev": "Boom"}))
    assert problem == ("launch.status.abbrev: unknown LL2 launch status 'Boom' (known: Go, TBD, TBC, Success, "
                       "Failure, Partial Failure, In Flight, Hold)")


def test_a_single_launch_object_is_read() -> None:
    assert one(launch()).slug == "new-glenn-blue-moon-pathfinder-mission-1"


def test_a_bare_list_of_results_is_read() -> None:
    assert len(read_ll2(fixture("ll2-launches.json")["results"], "x")) == 3


def test_older_api_shapes_are_read() -> None:
    found = one(launch(url=None, rocket={"spacecraft_stage": {"launch_crew": [
        {"role": "Commander", "astronaut": {"name": "Peggy Whitson"}}]}}))
    assert found.people == [Participant("Peggy Whitson", "Commander")]


def test_a_missing_slug_is_derived() -> None:
    assert one(launch(slug=None)).slug == "new-glenn-blue-moon-pathfinder-mission-1-2026-03"


# ------------------------------------------------------------------------------------------------ events

def test_the_events_fixture_reads_two_events() -> None:
    docking, spacewalk = read_ll2(fixture("ll2-events.json"), "ll2-events.json")
    assert (docking.kind, spacewalk.kind) == (EventKind.DOCKING, EventKind.SPACEWALK)
    assert docking.status == EventStatus.OCCURRED  # over before the object was last updated
    assert spacewalk.status == EventStatus.PLANNED
    assert docking.span.start.iso() == "2025-08-02T06:27Z"
    assert docking.place == "International Space Station" and docking.timezone is None
    assert docking.agencies == [Participant("National Aeronautics and Space Administration"), Participant("SpaceX")]
    assert docking.people == [Participant("Zena Cardman"), Participant("Edward Michael Fincke")]
    assert docking.sources[0] == "https://www.nasa.gov/blogs/spacestation/2025/08/02/crew-11-docks/"
    assert spacewalk.span.end is not None and spacewalk.span.end.iso() == "2026-01-15T18Z"  # 6 h 30 min at hours


def test_an_event_without_last_updated_is_unconfirmed() -> None:
    item = fixture("ll2-events.json")["results"][0]
    del item["last_updated"]
    assert one(item).status == EventStatus.UNCONFIRMED


def test_an_unmapped_event_type_is_other_and_named_in_the_summary() -> None:
    item = fixture("ll2-events.json")["results"][0]
    item["type"] = {"id": 9, "name": "Static Fire"}
    found = one(item)
    assert found.kind == EventKind.OTHER and "LL2 event type: Static Fire" in found.summary


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Docking", EventKind.DOCKING), ("Berthing", EventKind.DOCKING), ("Undocking", EventKind.UNDOCKING),
     ("Spacewalk", EventKind.SPACEWALK), ("EVA", EventKind.SPACEWALK), ("Moon Landing", EventKind.LANDING),
     ("Splashdown", EventKind.LANDING), ("Press Event", EventKind.MEETING), ("Conference", EventKind.MEETING),
     ("Crew Assignment", EventKind.ANNOUNCEMENT), ("Evacuation drill", EventKind.OTHER),
     ("Celestial Event", EventKind.OTHER)],
)
def test_event_types_map_to_kinds(name: str, kind: EventKind) -> None:
    assert event_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "duration"),
    [("PT6H30M", timedelta(hours=6, minutes=30)), ("P1DT2H", timedelta(days=1, hours=2)),
     ("1 02:03:04", timedelta(days=1, hours=2, minutes=3, seconds=4)), ("06:30:00", timedelta(hours=6, minutes=30)),
     ("P", None), ("soon", None)],
)
def test_durations(text: str, duration: timedelta | None) -> None:
    assert parse_duration(text) == duration


def test_a_duration_that_cannot_be_used_is_kept_in_the_summary() -> None:
    item = fixture("ll2-events.json")["results"][1]
    item["duration"] = "about six hours"
    found = one(item)
    assert found.span.end is None and "Duration (as LL2 gives it): about six hours" in found.summary


# ------------------------------------------------------------------------------------------------ refusals

@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"count": 1, "results": [{"id": 44, "url": "https://ll.thespacedevs.com/2.3.0/agencies/44/",
                                    "name": "NASA", "abbrev": "NASA"}]},
         "this looks like an LL2 agencies list, not launches or events"),
        ({"results": [{"id": 1, "url": "https://ll.thespacedevs.com/2.2.0/astronaut/1/", "name": "Yuri Gagarin"}]},
         "this looks like an LL2 astronaut list, not launches or events"),
        ({"results": [{"id": 1, "name": "Sunita Williams", "date_of_birth": "1965-09-19", "flights_count": 3}]},
         "this looks like an LL2 astronauts list, not launches or events"),
        ({"results": [{"id": 44, "name": "NASA", "founding_year": 1958}]},
         "this looks like an LL2 agencies list, not launches or events"),
        ({"results": [{"id": 1, "name": "Mystery"}]},
         "expected LL2 launches or events, found an object that is neither a launch nor an event"),
        ({"detail": "Request was throttled. Expected available in 600 seconds."},
         "this is an LL2 error response, not data: Request was throttled."),
        ({"count": 0, "results": []}, "no launches or events: the results list is empty"),
        ({"results": {}}, "results: expected a list"),
        ("launches", "expected an LL2 response: an object with `results`, or one launch or event object"),
    ],
)
def test_documents_that_are_not_launches_or_events_are_refused(document: object, problem: str) -> None:
    [found] = problems_of(document)
    assert found.startswith(problem)


def test_an_item_from_another_endpoint_inside_launches_is_named() -> None:
    [problem] = problems_of({"results": [launch(), {"url": "https://ll.thespacedevs.com/2.3.0/pads/87/"}]})
    assert problem == "results[1]: this looks like an item of an LL2 pads list, not a launch or an event"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"net": None}, "results[0].net: missing"),
        ({"net": "next tuesday"}, "results[0].net: invalid timestamp 'next tuesday'"),
        ({"name": ""}, "results[0].name: missing"),
        ({"pad": {"location": {"name": "Mars", "timezone_name": "Mars/Jezero"}}},
         "results[0].pad.location.timezone_name: unknown time zone 'Mars/Jezero'"),
        ({"mission": {"agencies": [{"id": 1}]}}, "results[0].mission.agencies[0].name: missing"),
        ({"info_urls": ["ok", 7]}, "results[0].info_urls[1]: expected an object, found int"),
    ],
)
def test_bad_launch_fields_are_named(changes: dict[str, Any], problem: str) -> None:
    [found] = problems_of({"results": [launch(**changes)]})
    assert found.startswith(problem)


def test_every_bad_result_is_reported_and_duplicates_named() -> None:
    found = problems_of({"results": [launch(net=None), launch(), launch(name=""), launch()]})
    assert found == ["results[0].net: missing", "results[2].name: missing",
                     "results[3].slug: duplicate slug 'new-glenn-blue-moon-pathfinder-mission-1' (also results[1])"]


# ------------------------------------------------------------------------------------------------ with CSV

def test_ll2_records_round_trip_through_csv() -> None:
    records = read_ll2(fixture("ll2-launches.json"), "x") + read_ll2(fixture("ll2-events.json"), "y")
    stream = io.StringIO(newline="")
    write_csv(records, stream)
    back = read_csv(io.BytesIO(stream.getvalue().encode()), "ll2.csv")
    assert back == records
