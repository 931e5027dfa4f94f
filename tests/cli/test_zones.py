"""Ranges read on other clocks than UTC's (--tz ZONE, --tz local) and --around on whole days."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import run, slugs
from tracker.dates.ranges import LOCAL, DateRange
from tracker.dates.when import Precision, Span
from tracker.errors import InvalidDate
from tracker.records import Membership

WEEK = ("2025-07-29..2025-07-31", "--strict")


@pytest.mark.parametrize("zone", [(), ("--tz", "UTC"), ("--tz", "Asia/Tokyo"), ("--tz", "local")])
def test_a_meeting_printed_31_july_is_within_31_july_on_every_clock(db: str, zone: tuple[str, ...]) -> None:
    # known to the day at Kennedy: its printed date decides, not the UTC hours that local day covers
    assert "duffy-bakanov-meeting" in slugs(db, "timeline", *WEEK, *zone)
    assert "duffy-bakanov-meeting" in slugs(db, "timeline", "2025-07-31", "--strict", *zone)


def test_a_launch_known_to_the_minute_is_judged_by_its_instant_on_the_ranges_clocks(db: str) -> None:
    # 1 Aug 2025 15:43 UTC is 2 August 00:43 in Tokyo
    assert "crew-11-launch" in slugs(db, "timeline", "2025-08-01", "--strict")
    assert "crew-11-launch" not in slugs(db, "timeline", "2025-08-01", "--tz", "Asia/Tokyo")
    assert "crew-11-launch" in slugs(db, "timeline", "2025-08-02", "--tz", "Asia/Tokyo", "--strict")


def test_each_events_local_days_keep_it(db: str) -> None:
    heading = run("timeline", *WEEK, "--tz", "local", "--format", "plain", db=db).stdout.splitlines()[0]
    assert heading == "Timeline: 29 Jul 2025 – 31 Jul 2025, each event's local time"


def test_a_named_zone_is_echoed_in_the_heading(db: str) -> None:
    found = run("timeline", *WEEK, "--tz", "America/New_York", "--format", "plain", db=db).stdout
    assert found.splitlines()[0] == "Timeline: 29 Jul 2025 – 31 Jul 2025 America/New_York"
    assert "Acting NASA administrator Sean Duffy meets" in found


def test_an_unknown_zone_is_one_line_of_error(db: str) -> None:
    result = run("timeline", "2025", "--tz", "Mars/Olympus", db=db)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: unknown time zone 'Mars/Olympus' (use an IANA name such as "
                                     "America/New_York)")


def test_around_lands_on_whole_days(db: str) -> None:
    heading = run("timeline", "--around", "crew-11-launch", "--days", "1", "--format", "plain",
                  db=db).stdout.splitlines()[0]
    assert heading == "Timeline: 31 Jul 2025 – 2 Aug 2025 UTC"  # launch 1 Aug 15:43 UTC, one whole day each side


JULY_31 = DateRange(datetime(2025, 7, 31, tzinfo=UTC), datetime(2025, 8, 1, tzinfo=UTC), Precision.DAY, Precision.DAY)


def test_a_range_read_in_a_zone_moves_its_bounds_to_that_zones_clocks() -> None:
    tokyo = JULY_31.read_in("Asia/Tokyo")
    assert (tokyo.lower, tokyo.upper) == (datetime(2025, 7, 30, 15, tzinfo=UTC), datetime(2025, 7, 31, 15, tzinfo=UTC))
    assert tokyo.label() == "31 Jul 2025 Asia/Tokyo"


def test_a_local_range_judges_each_event_on_its_own_clocks() -> None:
    local = JULY_31.read_in(LOCAL)
    houston_evening = Span.parse("2025-07-31T20:00", zone="America/Chicago")  # 1 Aug 01:00 UTC
    tokyo_morning = Span.parse("2025-07-31T08:00", zone="Asia/Tokyo")  # 30 Jul 23:00 UTC
    assert JULY_31.membership(houston_evening) is None and JULY_31.membership(tokyo_morning) is None
    assert local.membership(houston_evening) == local.membership(tokyo_morning) == Membership.WITHIN
    assert local.membership(Span.parse("2025-08-01T08:00", zone="Asia/Tokyo")) is None
    # widened by 16 hours, the furthest a clock has been from UTC (Manila's local mean time, -15:56)
    assert local.candidate_bounds() == (datetime(2025, 7, 30, 8, tzinfo=UTC), datetime(2025, 8, 1, 16, tzinfo=UTC))


def test_a_bound_that_a_zone_moves_off_the_calendar_is_an_error() -> None:
    with pytest.raises(InvalidDate, match="outside the calendar"):
        DateRange(datetime(1, 1, 1, tzinfo=UTC), None).read_in("Asia/Tokyo")


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "LOCALTIME", "right/UTC", "posix/Europe/Paris"])
def test_zones_that_depend_on_the_computer_are_refused_wherever_a_zone_is_taken(db: str, zone: str,
                                                                                 tmp_path: Path) -> None:
    expected = "computer's setting, not a place's clocks" if "/" not in zone else "some computers have and others lack"
    events = tmp_path / "events.json"
    events.write_text(json.dumps([{"title": "t", "start": "2025-01-01T10:00", "timezone": zone}]))
    places = tmp_path / "places.json"
    places.write_text(json.dumps({"places": [{"name": "Somewhere", "timezone": zone}]}))
    rows = tmp_path / "events.csv"
    rows.write_text(f"title,start,timezone\nt,2025-01-01T10:00,{zone}\n")
    for args in (["timeline", "2025", "--tz", zone], ["add", "--title", "t", "--start", "2025-01-01T10:00",
                                                      "--timezone", zone],
                 ["import", str(events)], ["import", str(places)], ["import", str(rows)]):
        result = run(*args, db=db)
        assert result.exit_code == 2, (args, result.output)
        assert f"time zone {zone!r} is " in result.stderr and expected in result.stderr, (args, result.stderr)
    assert "Traceback" not in result.output


def test_a_range_start_in_a_clock_change_gap_is_refused_like_add(db: str) -> None:
    ranged = run("timeline", "--tz", "America/New_York", "--from", "2025-03-09T02:30", db=db)
    added = run("add", "--title", "t", "--start", "2025-03-09T02:30", "--timezone", "America/New_York", db=db)
    message = "error: '2025-03-09T02:30' does not exist in America/New_York (skipped by a clock change)"
    assert (ranged.exit_code, ranged.stderr.strip()) == (2, message)
    assert (added.exit_code, added.stderr.strip()) == (2, message)
