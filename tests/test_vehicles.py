"""What flew and where it went: launches by vehicle family or type, the first flight of a family, trajectories, and
the catalogue's outcomes counted as GCAT counts them."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter

import pytest

from tests.conftest import run, slugs
from tracker.browse.filters import read_filter
from tracker.bundled import GCAT_URL, catalogue_log
from tracker.dates.when import Span, When
from tracker.errors import InvalidImport
from tracker.formats.csv import COLUMNS, read_csv, write_csv
from tracker.records import EventKind, EventRecord, EventStatus, Outcome, Trajectory
from tracker.store.database import Location, Store
from tracker.store.query import EventQuery, find_events, first_launch
from tracker.vehicles import bundled_vehicle_families

pytestmark = pytest.mark.usefixtures("frozen_today")


def log_launches() -> dict[str, list[str]]:
    """Each launch of the bundled log, read here without tracker's reader: tag -> its first row's columns."""
    lines = gzip.decompress(catalogue_log().read_bytes()).decode().splitlines()
    header = lines[0].lstrip("#").split("\t")
    launches: dict[str, list[str]] = {}
    for line in lines[1:]:
        if line and not line.startswith("#"):
            values = [value.strip() for value in line.split("\t")]
            launches.setdefault(values[0], values)
    assert header[9] == "LV_Type" and header[17] == "LVState" and header[18] == "Launch_Code"
    return launches


def as_json(db: str, *args: str) -> list[dict[str, object]]:
    result = run(*args, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


# ---------------------------------------------------------------------------------------------- the table

def test_every_vehicle_type_of_the_bundled_log_has_a_family() -> None:
    table = bundled_vehicle_families()
    lacking = {(values[9], values[17]) for values in log_launches().values()
               if table.family_of(values[9], values[17]) is None}
    assert lacking == set()
    # GCAT's vehicle list, or the maker's own page for a vehicle first flown after the bundled log ends.
    makers = ("https://planet4589.org/", "https://www.blueorigin.com/")
    assert all(family.source.startswith(makers) for family in table.families)


def test_gcats_two_n_1s_are_two_families() -> None:
    table = bundled_vehicle_families()
    assert [family.name for family in table.families_of_type("N-1")] == ["N-I", "N1"]
    assert table.family_of("N-1", "J").name == "N-I"  # type: ignore[union-attr]
    assert table.family_of("N-1 11A52", "SU").name == "N1"  # type: ignore[union-attr]
    assert table.named("Longue Marche 5").name == "Long March 5"  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------ the filters

def test_saturn_v_lists_its_13_launches(catalogue_db: str) -> None:
    found = as_json(catalogue_db, "timeline", "--vehicle", "Saturn V")
    assert len(found) == 13 and {event["vehicle"] for event in found} == {"Saturn V"}
    assert {event["vehicle_family"] for event in found} == {"Saturn V"}


def test_n1_is_the_soviet_n1_with_its_4_failures_and_offers_japans_n_i(catalogue_db: str) -> None:
    result = run("timeline", "--vehicle", "N1", "--format", "json", db=catalogue_db)
    found = json.loads(result.stdout)
    assert len(found) == 4 and {event["outcome"] for event in found} == {"failure"}
    assert {event["vehicle"] for event in found} == {"N-1 11A52"}
    assert 'another family, not counted here: N-I (--vehicle "N-I")' in result.stderr
    japanese = as_json(catalogue_db, "timeline", "--vehicle", "N-I")
    assert len(japanese) == 7 and {event["vehicle"] for event in japanese} == {"N-1"}
    as_written = run("timeline", "--vehicle", "N-1", "--format", "json", db=catalogue_db)
    assert [event["slug"] for event in json.loads(as_written.stdout)] == [event["slug"] for event in japanese]
    assert 'writes "N-1" for 2 families, told apart as --vehicle "N-I" and --vehicle "N1"' in as_written.stderr


def test_other_names_of_a_family_and_a_single_vehicle_type(catalogue_db: str) -> None:
    assert len(slugs(catalogue_db, "timeline", "--vehicle", "Longue Marche 5")) == 12  # CZ-5, 5/YZ-2 and 5B
    nine = slugs(catalogue_db, "timeline", "2024", "--vehicle", "Falcon 9 v1.2")
    assert len(nine) > 100 and nine == slugs(catalogue_db, "timeline", "2024", "--vehicle", "falcon 9")
    eca = as_json(catalogue_db, "timeline", "--vehicle", "Ariane 5ECA")
    assert len(eca) == 72 and {event["vehicle"] for event in eca} == {"Ariane 5ECA"}
    assert len(slugs(catalogue_db, "timeline", "--vehicle", "Ariane 5")) == 117


def test_an_unknown_vehicle_is_an_error_with_suggestions(catalogue_db: str) -> None:
    result = run("timeline", "--vehicle", "Saturn 6", db=catalogue_db)
    assert result.exit_code == 2 and result.stderr.startswith("error: unknown vehicle 'Saturn 6' (did you mean:")
    several = run("timeline", "--vehicle", "Falcon", db=catalogue_db)
    assert several.exit_code == 2 and "Falcon 1, Falcon 9, Falcon Heavy" in several.stderr


def test_the_first_flight_of_falcon_heavy(catalogue_db: str) -> None:
    store = Store(Location(catalogue_db))
    with store.reading() as session:
        first = first_launch(session, "Falcon Heavy")
    store.close()
    assert first.designation == "2018-017" and first.span.start.iso().startswith("2018-02-06")
    [shown] = as_json(catalogue_db, "timeline", "--vehicle", "Falcon Heavy", "--first")
    assert shown["slug"] == first.slug


def test_trajectories_are_filterable(catalogue_db: str) -> None:
    lunar = as_json(catalogue_db, "timeline", "--trajectory", "lunar-surface")
    assert len(lunar) == 11 and {event["trajectory"] for event in lunar} == {"lunar surface"}
    assert Counter(event["vehicle_family"] for event in lunar) == {
        "Apollo Lunar Module ascent stage": 6, "Luna return stage": 3, "Chang'e ascender": 2}
    assert slugs(catalogue_db, "timeline", "--trajectory", "suborbital") == ["ns-31-launch"]
    assert "gcat-1969-059" in slugs(catalogue_db, "timeline", "1969-07", "--trajectory", "orbital")


def test_browse_reads_vehicle_and_trajectory_terms() -> None:
    typed = read_filter('vehicle:"Saturn V" trajectory:lunar-surface apollo')
    assert typed.vehicles == ("Saturn V",) and typed.trajectories == (Trajectory.LUNAR_SURFACE,)
    assert typed.words == ("apollo",)


# ----------------------------------------------------------------------------------- catalogue fixes

def test_a_cubesat_the_iss_deployed_in_2024_is_no_payload_of_zarya(catalogue_db: str) -> None:
    assert "gcat-1998-067" not in slugs(catalogue_db, "search", "LignoSat")
    [zarya] = [event for event in as_json(catalogue_db, "timeline", "1998-11-20") if event["slug"] == "gcat-1998-067"]
    assert not {"LignoSat", "Yomogi", "Onglaisat"} & set(zarya["aliases"])  # type: ignore[arg-type]


def test_yearly_outcomes_equal_gcats_own_counts(catalogue_db: str) -> None:
    """GCAT's successes and failures of orbital launches (codes O and D), year by year, counted from the log here,
    equal the store's; the lunar-surface ascents (X) are counted apart."""
    expected: Counter[tuple[int, str, str]] = Counter()
    for values in log_launches().values():
        code = values[18]
        trajectory = "lunar surface" if code[0] == "X" else "orbital"
        expected[int(values[1][:4]), trajectory, {"S": "success", "F": "failure"}[code[1]]] += 1
    store = Store(Location(catalogue_db))
    with store.reading() as session:
        found = Counter((match.event.span.lower.year, match.event.trajectory.value if match.event.trajectory else "",
                         match.event.outcome.value if match.event.outcome else "")
                        for match in find_events(session, EventQuery(kinds=(EventKind.LAUNCH,)))
                        if GCAT_URL in match.event.sources)
    store.close()
    assert found == expected
    assert expected[1969, "lunar surface", "success"] == 2 and sum(expected.values()) == 6828


def test_partial_successes_stay_visible(catalogue_db: str) -> None:
    partly = [slug for slug in slugs(catalogue_db, "search", "partly", "--sort", "date") if slug.startswith("gcat-")]
    assert len(partly) == 111  # every code with a success fraction: 31 partial successes, 80 partial failures


def test_info_says_what_the_catalogue_counts(catalogue_db: str) -> None:
    shown = run("info", db=catalogue_db).stdout
    assert "  orbital launches: 6817 (488 failure, 6329 success)" in shown
    assert "  lunar surface launches: 11 (11 success)" in shown


# ------------------------------------------------------------------------------------------ the formats

def test_csv_and_json_carry_the_vehicle(catalogue_db: str) -> None:
    exported = run("export", "1969-07-16", "--format", "csv", db=catalogue_db).stdout
    header, *rows = exported.splitlines()
    assert header.endswith(",vehicle,vehicle_family,trajectory") and header.split(",") == list(COLUMNS)
    assert any(row.endswith(",Saturn V,Saturn V,orbital") for row in rows)
    [apollo] = [event for event in as_json(catalogue_db, "timeline", "1969-07-16") if event["designation"]
                == "1969-059"]
    assert (apollo["vehicle"], apollo["vehicle_family"], apollo["trajectory"]) == ("Saturn V", "Saturn V", "orbital")


def test_the_vehicle_columns_round_trip_and_older_files_still_import() -> None:
    record = EventRecord("ns", "NS-31", EventKind.LAUNCH, EventStatus.OCCURRED, Span(When.parse("2025-04-14")),
                         outcome=Outcome.SUCCESS, vehicle="New Shepard", vehicle_family="New Shepard",
                         trajectory=Trajectory.SUBORBITAL)
    written = io.StringIO(newline="")
    write_csv([record], written)
    [read] = read_csv(io.BytesIO(written.getvalue().encode()), "new.csv")
    assert (read.vehicle, read.vehicle_family, read.trajectory) == ("New Shepard", "New Shepard",
                                                                    Trajectory.SUBORBITAL)
    older = ",".join(COLUMNS[:COLUMNS.index("vehicle")])
    [plain] = read_csv(io.BytesIO(f"{older}\r\nx,X,launch,occurred,2025-04-14{',' * 13}\r\n".encode()), "old.csv")
    assert (plain.slug, plain.vehicle, plain.vehicle_family, plain.trajectory) == ("x", None, None, None)
    with pytest.raises(InvalidImport, match="line 2, column trajectory: unknown value 'lunar'"):
        read_csv(io.BytesIO(b"title,start,trajectory\r\nx,2025,lunar\r\n"), "bad.csv")
