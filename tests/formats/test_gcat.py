"""GCAT's launch log: Vague Dates read at the precision GCAT is sure of, payload rows grouped into launches, names
taken as they were at the launch date, every problem named by line and column; and the real December 2024 files."""

from __future__ import annotations

import collections
import gzip
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import run, slugs
from tracker.bundled import data_directory
from tracker.dates.when import Precision
from tracker.errors import InvalidImport, InvalidRecord
from tracker.formats import ReadOptions, format_for, gcat
from tracker.formats.gcat import GCAT_URL, SITE_ZONES, UNLISTED_SITES, parse_vague_date, read_gcat
from tracker.names import fold
from tracker.records import AgencyRecord, Dataset, EventRecord, Outcome, Participant, PlaceRecord, Trajectory

REAL = data_directory() / "gcat"
"""The published GCAT files, as the repository bundles them: unmodified, gzip-compressed (data/gcat/README.md)."""


def real_text(name: str) -> str:
    """The text of the bundled GCAT table `name` ("sites.tsv"), decompressed."""
    return gzip.decompress((REAL / f"{name}.gz").read_bytes()).decode("utf-8")

LOG_COLUMNS = ("Launch_Tag", "Launch_Date", "Piece", "Type", "Name", "PLName", "JCAT", "SatOwner", "SatState",
               "LV_Type", "Flight_ID", "Platform", "Launch_Site", "Launch_Pad", "Ascent_Site", "Ascent_Pad", "Agency",
               "LVState", "Launch_Code", "LTCite")
ORG_COLUMNS = ("Code", "UCode", "StateCode", "Type", "Class", "TStart", "TStop", "ShortName", "Name", "Location",
               "Longitude", "Latitude", "Error", "Parent", "ShortEName", "EName", "UName")
SITE_COLUMNS = ("Site", "Code", "UCode", "Type", "StateCode", "TStart", "TStop", "ShortName", "Name", "Location",
                "Longitude", "Latitude", "Error", "Parent", "ShortEName", "EName", "Group", "UName")

DEFAULT_ROW = {
    "Launch_Tag": "1999-001 ", "Launch_Date": "1999 Jan  1 1200:00", "Piece": "1999-001A", "Type": "P           ",
    "Name": "Testsat 1", "PLName": "TS-1", "JCAT": "S00001", "SatOwner": "ORGA", "SatState": "US",
    "LV_Type": "Rocket 1", "Flight_ID": "079/B1049.4", "Platform": "-", "Launch_Site": "KSC", "Launch_Pad": "LC39A",
    "Ascent_Site": "-", "Ascent_Pad": "-", "Agency": "ORGA", "LVState": "US", "Launch_Code": "OS", "LTCite": "Ref1",
}

# Two successive names of one organisation (lineage ORGA), a second one, the Moon as a body.
ORGS = [
    {"Code": "ORGA", "UCode": "ORGA", "Type": "O/LA", "TStart": "1990", "TStop": "2000 Jun  1", "ShortName": "OA",
     "Name": "Organizatsiya A", "EName": "Old Agency"},
    {"Code": "ORGB", "UCode": "ORGA", "Type": "O/LA", "TStart": "2000 Jun  1", "TStop": "*", "ShortName": "NA",
     "Name": "New Agency"},
    {"Code": "OTHER", "UCode": "OTHER", "Type": "O/PL", "TStart": "1950", "TStop": "-", "ShortName": "OA",
     "Name": "Other Agency"},
    {"Code": "EARTH", "UCode": "EARTH", "Type": "AP", "Name": "Earth"},
    {"Code": "LUNA", "UCode": "LUNA", "Type": "AP", "Name": "Luna"},
]
SITES = [
    {"Site": "KSC", "UCode": "KSC", "Type": "LS", "StateCode": "US", "TStart": "1966 Dec", "TStop": "*",
     "ShortName": "KSC   -", "Name": "NASA John F. Kennedy Space Center, Florida", "Longitude": "   -80.6041 ",
     "Latitude": "   28.6083 "},
    {"Site": "TRAN", "UCode": "TRAN", "Type": "LS", "StateCode": "LUNA", "TStart": "1969 Jul 21",
     "TStop": "1969 Jul 21", "Name": "Tranquility Base", "Location": "Luna", "Longitude": "23.43",
     "Latitude": "0.69"},
    # Vandenberg's two lineages share the short name "V"; its code stays Vandenberg AFB's.
    {"Site": "V", "UCode": "V", "Type": "LS", "StateCode": "US", "TStart": "1958", "TStop": "2021 May 14",
     "ShortName": "V     -", "Name": "Vandenberg AFB, California", "ShortEName": "Vandenberg",
     "Longitude": "-120.62", "Latitude": "34.75"},
    {"Site": "VSFB", "UCode": "V", "Type": "LS", "StateCode": "US", "TStart": "2021 May 14", "TStop": "*",
     "ShortName": "V     -", "Name": "Vandenberg Space Force Base, California", "ShortEName": "Vandenberg",
     "Longitude": "-120.62", "Latitude": "34.75"},
    {"Site": "VS", "UCode": "PA", "Type": "LS", "StateCode": "US", "TStart": "1964 Dec 31", "TStop": "2021 May 14",
     "ShortName": "V     -", "Name": "South Vandenberg AFB, California", "Longitude": "-120.61",
     "Latitude": "34.63"},
]


def tsv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, str]], comment: str = "") -> Path:
    """A GCAT table: `#` and the header, an optional comment line, a row per dict ("-" where a column is not given)."""
    lines = ["#" + "\t".join(columns), *([comment] if comment else [])]
    lines += ["\t".join(row.get(column, "-") for column in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(**changes: str) -> dict[str, str]:
    return {**DEFAULT_ROW, **changes}


Write = Callable[..., Path]


@pytest.fixture
def launchlog(tmp_path: Path) -> Write:
    """Writes a launch log of the given rows, with the crafted orgs.tsv and sites.tsv beside it."""
    tsv(tmp_path / "orgs.tsv", ORG_COLUMNS, ORGS, comment="# Updated 2024 Jan 13 23:13:29")
    tsv(tmp_path / "sites.tsv", SITE_COLUMNS, SITES, comment="# Updated 2024 Jan 13 23:13:29")

    def write(*rows: dict[str, str], columns: tuple[str, ...] = LOG_COLUMNS) -> Path:
        return tsv(tmp_path / "launchlog.tsv", columns, rows)

    return write


def read(path: Path) -> Dataset:
    return read_gcat(path)


def one(path: Path) -> EventRecord:
    [event] = read(path).events
    return event


def problems(path: Path, **given: Path) -> list[str]:
    with pytest.raises(InvalidImport) as caught:
        read_gcat(path, **given)
    assert caught.value.source == str(path)
    return caught.value.problems


# ------------------------------------------------------------------------------------------------ Vague Dates

@pytest.mark.parametrize(("text", "iso", "precision", "uncertain"), [
    ("1957 Oct  4 1928:34", "1957-10-04T19:28:34Z", Precision.SECOND, False),
    ("1958 Feb  1 0347", "1958-02-01T03:47Z", Precision.MINUTE, False),
    ("1960 Oct 10", "1960-10-10", Precision.DAY, False),
    ("1962 Aug", "1962-08", Precision.MONTH, False),
    ("1962", "1962", Precision.YEAR, False),
    ("1969 Jul 16 1332:00.7", "1969-07-16T13:32:00Z", Precision.SECOND, False),  # fractions truncated
    ("2016 Dec 31 2359:60", "2016-12-31T23:59Z", Precision.MINUTE, False),  # a leap second: its minute
    ("1962 Aug 24 1100?", "1962-08-24", Precision.DAY, True),  # the time is uncertain: the day is known
    ("2006 Nov 17 1912:00?", "2006-11-17", Precision.DAY, True),
    ("1962 Aug 24?", "1962-08", Precision.MONTH, True),
    ("1962 Aug?", "1962", Precision.YEAR, True),
    ("1962?", "1962", Precision.YEAR, True),  # nothing coarser than a year: kept, and marked
])
def test_vague_dates_keep_what_gcat_is_sure_of(text: str, iso: str, precision: Precision, uncertain: bool) -> None:
    date = parse_vague_date(text)
    assert (date.when.iso(), date.when.precision, date.uncertain) == (iso, precision, uncertain)
    assert date.stated == text


def test_vague_dates_are_utc() -> None:
    date = parse_vague_date("  1957 Oct  4 1928:34 ")
    assert date.stated == "1957 Oct  4 1928:34"
    assert date.when.lower == datetime(1957, 10, 4, 19, 28, 34, tzinfo=UTC)
    assert parse_vague_date("1960 Oct 10").when.lower == datetime(1960, 10, 10, tzinfo=UTC)
    assert parse_vague_date("1962 Aug").when.upper == datetime(1962, 9, 1, tzinfo=UTC)


@pytest.mark.parametrize("text", ["1957 Ocx 4", "1962 Feb 30", "1962 Aug 24 2561", "1957-10-04", "Oct 1957", "",
                                  "1957 Oct  4 19:28", "1962 Aug 24 1100 ?", "1962 Aug 24 11"])
def test_malformed_vague_dates_are_refused_naming_the_value(text: str) -> None:
    with pytest.raises(InvalidRecord, match=re.escape(f"invalid GCAT date {text!r}")):
        parse_vague_date(text)


# ------------------------------------------------------------------------------------------------ bad files

def test_a_missing_column_is_named_with_line_1(launchlog: Write) -> None:
    columns = tuple(column for column in LOG_COLUMNS if column != "Launch_Date")
    path = launchlog(row(), columns=columns)
    assert problems(path) == ["line 1: missing column 'Launch_Date'"]


def test_a_bad_date_is_named_with_its_line_and_column(launchlog: Write) -> None:
    path = launchlog(row(), row(Launch_Tag="1957-F01", Launch_Date="1957 Ocx 4"))
    [problem] = problems(path)
    assert problem.startswith("line 3, column Launch_Date: invalid GCAT date '1957 Ocx 4'")


def test_an_unknown_site_code_is_named(launchlog: Write) -> None:
    assert problems(launchlog(row(Launch_Site="NOWHERE"))) == [
        "line 2, column Launch_Site: unknown GCAT site code 'NOWHERE' (not in sites.tsv)"]


@pytest.mark.parametrize("code", ["OU", "OE", "ZS", "O", "OS7", "os"])
def test_an_unknown_launch_code_is_named(launchlog: Write, code: str) -> None:
    [problem] = problems(launchlog(row(Launch_Code=code)))
    assert problem.startswith(f"line 2, column Launch_Code: unknown GCAT launch code {code!r}")


def test_rows_of_one_launch_must_agree_on_the_launch(launchlog: Write) -> None:
    path = launchlog(row(), row(Name="Testsat 2", LV_Type="Rocket 2"))
    assert problems(path) == [
        "line 3, column LV_Type: 'Rocket 2' differs from 'Rocket 1' on line 2, the launch's first row"]


def test_every_problem_is_collected_and_twenty_are_shown(launchlog: Write) -> None:
    rows = [row(Launch_Tag=f"1999-{number:03d}", Launch_Date="1999 Jan 32") for number in range(25)]
    found = problems(launchlog(*rows, row(Launch_Tag="2000-001", Launch_Site="NOWHERE")))
    assert len(found) == 21
    assert found[0].startswith("line 2, column Launch_Date: invalid GCAT date '1999 Jan 32'")
    assert found[-1] == "... and 6 more problems"


def test_a_bad_date_is_reported_once_per_launch(launchlog: Write) -> None:
    path = launchlog(*[row(Launch_Date="1999 Jan 32", Name=f"Sat {number}") for number in range(5)])
    assert len(problems(path)) == 1


def test_missing_companion_tables_are_named_with_the_option(launchlog: Write, tmp_path: Path) -> None:
    path = launchlog(row())
    (tmp_path / "orgs.tsv").rename(tmp_path / "organisations.tsv")
    [problem] = problems(path)
    assert "orgs.tsv" in problem and "--orgs" in problem
    assert read_gcat(path, orgs=tmp_path / "organisations.tsv").events


def test_a_companion_table_missing_a_column_is_named(launchlog: Write, tmp_path: Path) -> None:
    path = launchlog(row())
    tsv(tmp_path / "sites.tsv", tuple(column for column in SITE_COLUMNS if column != "UCode"), SITES)
    with pytest.raises(InvalidImport) as caught:
        read_gcat(path)
    assert caught.value.source == str(tmp_path / "sites.tsv")
    assert caught.value.problems == ["line 1: missing column 'UCode'"]


# ------------------------------------------------------------------------------------------------ launches

def test_payload_rows_are_grouped_into_one_launch(launchlog: Write) -> None:
    dataset = read(launchlog(row(), row(Name="Testsat 2", PLName="TS-2"),
                             row(Launch_Tag="1999-002", Launch_Date="1999 Feb  2")))
    assert [event.designation for event in dataset.events] == ["1999-001", "1999-002"]
    first = dataset.events[0]
    assert "carrying 2 payloads" in first.summary
    assert first.aliases == ["Testsat 1", "TS-1", "Testsat 2", "TS-2"]


def test_a_launch_is_an_occurred_launch_with_gcat_as_its_source(launchlog: Write) -> None:
    event = one(launchlog(row(Flight_ID="STS-1")))
    assert (event.kind.value, event.status.value, event.outcome) == ("launch", "occurred", Outcome.SUCCESS)
    assert (event.slug, event.designation) == ("gcat-1999-001", "1999-001")
    assert event.sources == [GCAT_URL]
    assert event.summary == ("Rocket 1 flight STS-1 from LC39A, NASA John F. Kennedy Space Center, Florida, carrying "
                             "1 payload. Outcome: success (GCAT launch "
                             "code OS). GCAT reference: Ref1. Data: Jonathan C. McDowell, GCAT "
                             "(planet4589.org/space/gcat), CC BY.")
    assert event.aliases == ["Testsat 1", "TS-1", "STS-1"]  # a mission designation, not a serial number


@pytest.mark.parametrize(("tag", "slug"), [("1957 ALP  ", "gcat-1957-alp"), ("1957-F01", "gcat-1957-f01"),
                                           ("1962 A RHO", "gcat-1962-a-rho")])
def test_slugs_come_from_the_designation(launchlog: Write, tag: str, slug: str) -> None:
    event = one(launchlog(row(Launch_Tag=tag)))
    assert (event.slug, event.designation) == (slug, tag.strip())


def test_a_time_is_shown_in_the_sites_zone_and_a_day_stays_a_utc_day(launchlog: Write) -> None:
    timed, day = read(launchlog(row(), row(Launch_Tag="1999-002", Launch_Date="1999 Jan  2 1100?"))).events
    assert (timed.timezone, timed.span.start.zone, timed.span.start.offset) == (None, "America/New_York", 0)
    assert timed.span.lower == datetime(1999, 1, 1, 12, tzinfo=UTC)
    assert (day.timezone, day.span.precision) == ("UTC", Precision.DAY)
    assert (day.span.lower, day.span.upper) == (datetime(1999, 1, 2, tzinfo=UTC), datetime(1999, 1, 3, tzinfo=UTC))
    assert "GCAT marks the time as uncertain: 11:00 UTC?" in day.summary


@pytest.mark.parametrize(("code", "outcome", "verb", "trajectory"), [
    ("OS", Outcome.SUCCESS, "launches", Trajectory.ORBITAL), ("OF", Outcome.FAILURE, "fails to launch",
                                                                Trajectory.ORBITAL),
    ("DS", Outcome.SUCCESS, "launches", Trajectory.ORBITAL), ("XS", Outcome.SUCCESS, "launches",
                                                                Trajectory.LUNAR_SURFACE),
    ("OS75", Outcome.SUCCESS, "partly succeeds in launching", Trajectory.ORBITAL),
    ("OF40", Outcome.FAILURE, "partly fails to launch", Trajectory.ORBITAL),
])
def test_launch_codes_give_gcats_verdict_and_the_trajectory(launchlog: Write, code: str, outcome: Outcome, verb: str,
                                                            trajectory: Trajectory) -> None:
    event = one(launchlog(row(Launch_Code=code)))
    assert (event.outcome, event.trajectory) == (outcome, trajectory)
    assert event.title == f"Rocket 1 {verb} Testsat 1"


def test_a_success_fraction_is_explained_with_gcats_verdict(launchlog: Write) -> None:
    event = one(launchlog(row(Launch_Code="OF40")))
    assert ("Outcome: failure, a partial failure: 40% by GCAT's launch success fraction, which counts 75% and above "
            "as a success (launch code OF40)") in event.summary
    assert "a partial success: 75%" in one(launchlog(row(Launch_Code="OS75"))).summary
    assert "Deep-space launch" in one(launchlog(row(Launch_Code="DS"))).summary


def test_a_station_deployment_filed_under_its_launch_is_no_payload_of_it(launchlog: Write) -> None:
    zarya = row(Launch_Tag="1998-067 ", Piece="1998-067A", Name="Zarya", PLName="77KM", JCAT="S25544")
    cubesat = row(Launch_Tag="1998-067 ", Piece="1998-067", Name="LignoSat", PLName="LignoSat", JCAT="T00003",
                  SatOwner="OTHER")
    event = one(launchlog(zarya, cubesat))
    assert event.title == "Rocket 1 launches Zarya" and "LignoSat" not in event.aliases
    assert "carrying 1 payload." in event.summary
    assert [item.role for item in event.agencies] == ["launch provider", "payload owner"]  # no owner of the cubesat
    # The same marks under another launch's tag are a payload like any other (a rideshare not yet catalogued).
    other = one(launchlog(row(), row(Piece="1999-001", Name="Gluon", PLName="Gluon", JCAT="T00023")))
    assert "Gluon" in other.title or "Gluon" in other.aliases


def test_the_vehicle_its_family_and_the_two_n1s(launchlog: Write) -> None:
    ariane = one(launchlog(row(LV_Type="Ariane 5ECA", LVState="F")))
    assert (ariane.vehicle, ariane.vehicle_family) == ("Ariane 5ECA", "Ariane 5")
    assert "Ariane 5" in ariane.aliases  # searchable by its family
    soviet = one(launchlog(row(LV_Type="N-1 11A52", LVState="SU", Launch_Code="OF")))
    japanese = one(launchlog(row(LV_Type="N-1", LVState="J")))
    assert (soviet.vehicle_family, japanese.vehicle_family) == ("N1", "N-I")
    assert one(launchlog(row(LV_Type="N-1", LVState="SU"))).vehicle_family == "N1"  # as other releases write it
    assert one(launchlog(row())).vehicle_family is None  # a type the table lacks keeps its type alone


# ------------------------------------------------------------------------------------------------ titles

def titled(launchlog: Write, *payloads: dict[str, str], **launch: str) -> str:
    return one(launchlog(*(row(**{**launch, **payload}) for payload in payloads))).title


def test_one_payload_is_named(launchlog: Write) -> None:
    assert titled(launchlog, {}) == "Rocket 1 launches Testsat 1"


def test_a_payload_named_after_its_rocket_is_named_by_its_plname(launchlog: Write) -> None:
    assert titled(launchlog, {"Name": "Vanguard", "PLName": "Vanguard Test Satellite F"}, LV_Type="Vanguard",
                  Launch_Code="OF") == "Vanguard fails to launch Vanguard Test Satellite F"


def test_a_numbered_batch_is_named_with_its_count(launchlog: Write) -> None:
    batch = [{"Name": f"Starlink 3249{number}", "PLName": f"Starlink Group 6-68-0{number}"} for number in (1, 2, 3)]
    assert titled(launchlog, *batch, LV_Type="Falcon 9") == "Falcon 9 launches Starlink Group 6-68 (3 satellites)"
    same = [{"Name": f"Kosmos-182{number}", "PLName": "Strela-3"} for number in (7, 8)]
    assert titled(launchlog, *same, LV_Type="Tsiklon-3") == "Tsiklon-3 launches Strela-3 (2 satellites)"
    cut = [{"Name": f"Kosmos-97{number}", "PLName": f"Strela-1M Blok 18 No. {number}"} for number in (6, 7)]
    assert titled(launchlog, *cut) == "Rocket 1 launches Strela-1M Blok 18 (2 satellites)"


def test_the_parts_of_one_mission_are_named_as_the_mission(launchlog: Write) -> None:
    parts = [{"Name": "Apollo 11 CSM", "PLName": "Apollo CM-107", "Type": "PH HD       "},
             {"Name": "Apollo 11 LM", "PLName": "LM 5 AS", "Type": "PP HD       "},
             {"Name": "EASEP PSEP", "PLName": "EASEP Pallet 1", "Type": "PX-LD--     "}]  # not a listed satellite
    assert titled(launchlog, *parts, LV_Type="Saturn V", Launch_Code="DS") == "Saturn V launches Apollo 11"


def test_unrelated_payloads_are_the_first_and_a_count(launchlog: Write) -> None:
    payloads = [{"Name": name, "PLName": name} for name in ("Glory", "KySat", "Hermes-1")]
    assert titled(launchlog, *payloads, Launch_Code="OF") == "Rocket 1 fails to launch Glory and 2 others"
    assert titled(launchlog, *payloads[:2]) == "Rocket 1 launches Glory and 1 other"


# ------------------------------------------------------------------------------------------------ agencies

def agencies(event: EventRecord) -> list[Participant]:
    return event.agencies


def test_agencies_are_named_as_they_were_at_the_launch_date(launchlog: Write) -> None:
    before, after = read(launchlog(row(Launch_Date="1995 Mar  1"),
                                   row(Launch_Tag="2005-001", Launch_Date="2005 Mar  1"))).events
    assert agencies(before) == [Participant("Old Agency", "launch provider"), Participant("Old Agency",
                                                                                          "payload owner")]
    assert agencies(after)[0] == Participant("New Agency", "launch provider")


def test_compound_unknown_and_uncertain_codes(launchlog: Write) -> None:
    event = one(launchlog(row(SatOwner="ORGA/ZZZ"), row(Name="Testsat 2", SatOwner="OTHER?")))
    assert agencies(event) == [Participant("Old Agency", "launch provider"), Participant("Old Agency", "payload owner"),
                               Participant("ZZZ", "payload owner"),
                               Participant("Other Agency", "payload owner (uncertain)")]


def test_agency_records_keep_codes_and_names_without_ambiguity(launchlog: Write) -> None:
    dataset = read(launchlog(row(Launch_Date="1995 Mar  1", SatOwner="OTHER"),
                             row(Launch_Tag="2005-001", Launch_Date="2005 Mar  1")))
    found = {agency.name: agency for agency in dataset.agencies}
    assert found["Old Agency"].aliases == ["ORGA", "Organizatsiya A"]
    assert found["New Agency"].short_name == "NA" and found["New Agency"].aliases == ["ORGB"]
    # "OA" is the short name of two organisations: it names neither.
    assert found["Old Agency"].short_name is None and found["Other Agency"].short_name is None
    assert_unambiguous(dataset.agencies)


def assert_unambiguous(records: Iterable[AgencyRecord | PlaceRecord]) -> None:
    """No name, short name or alias of one record folds to a name of another: every name finds one record."""
    keys: collections.Counter[str] = collections.Counter()
    for record in records:
        short = record.short_name if isinstance(record, AgencyRecord) else None
        keys.update({fold(name) for name in (record.name, short, *record.aliases) if name})
    assert [key for key, count in keys.items() if count > 1] == []


# ------------------------------------------------------------------------------------------------ places

def test_the_site_is_a_place_with_its_zone_and_coordinates(launchlog: Write) -> None:
    dataset = read(launchlog(row()))
    [place] = dataset.places
    assert (place.name, place.timezone, place.latitude, place.longitude) == (
        "Kennedy Space Center", "America/New_York", 28.6083, -80.6041)  # the common name (COMMON_SITE_NAMES)
    assert place.aliases == ["KSC", "NASA John F. Kennedy Space Center, Florida"]
    assert dataset.events[0].place == place.name


def test_a_site_on_the_moon_has_no_zone_and_no_earth_coordinates(launchlog: Write) -> None:
    dataset = read(launchlog(row(Launch_Site="TRAN", Launch_Date="1969 Jul 21 1754:01", Launch_Code="XS")))
    [place] = dataset.places
    # data/places.tsv groups TRAN (Apollo 11's descent stage) with the landing's place
    assert (place.name, place.timezone, place.latitude, place.longitude) == ("Sea of Tranquility (Moon)", None, None,
                                                                           None)
    assert "Launch from the surface of the Moon" in dataset.events[0].summary


def test_a_site_sites_tsv_lacks_is_named_from_the_table_of_unlisted_sites(launchlog: Write) -> None:
    [place] = read(launchlog(row(Launch_Site="KII", Launch_Date="2024 Mar 13 0201:12"))).places
    assert (place.name, place.timezone, place.aliases) == ("Spaceport Kii", "Asia/Tokyo", ["KII"])  # places.tsv's name
    assert UNLISTED_SITES["KII"] == "Spaceport Kii, Kushimoto, Wakayama"  # an alias there


def test_a_code_names_its_own_site_and_a_shared_short_name_its_latest(launchlog: Write,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gcat, "COMMON_SITE_NAMES", {})  # sites without a common name are named as GCAT names them
    dataset = read(launchlog(row(Launch_Site="V", Launch_Date="1990 Jan  1"),
                             row(Launch_Tag="1990-002", Launch_Site="VS", Launch_Date="1990 Jan  2"),
                             row(Launch_Tag="2022-001", Launch_Site="V", Launch_Date="2022 Jan  1")))
    assert [event.place for event in dataset.events] == [
        "Vandenberg AFB, California", "South Vandenberg AFB, California", "Vandenberg Space Force Base, California"]
    found = {place.name: place.aliases for place in dataset.places}
    assert found == {"Vandenberg AFB, California": ["V"], "South Vandenberg AFB, California": ["VS"],
                     "Vandenberg Space Force Base, California": ["Vandenberg", "VSFB"]}
    assert_unambiguous(dataset.places)


def test_the_successive_names_of_a_site_are_one_place_under_its_common_name(launchlog: Write) -> None:
    dataset = read(launchlog(row(Launch_Site="V", Launch_Date="1990 Jan  1"),
                             row(Launch_Tag="1990-002", Launch_Site="VS", Launch_Date="1990 Jan  2"),
                             row(Launch_Tag="2022-001", Launch_Site="V", Launch_Date="2022 Jan  1")))
    assert {event.place for event in dataset.events} == {"Vandenberg Space Force Base"}
    [place] = dataset.places
    assert {"V", "VS", "Vandenberg AFB, California", "South Vandenberg AFB, California"} <= set(place.aliases)
    assert "from LC39A, South Vandenberg AFB, California" in dataset.events[1].summary
    assert_unambiguous(dataset.places)


# ------------------------------------------------------------------------------------------------ the registry

def test_the_registry_reads_a_launch_log_with_its_companions(launchlog: Write, tmp_path: Path) -> None:
    path = launchlog(row())
    chosen = format_for(path, None)
    assert chosen.name == "gcat"
    (tmp_path / "orgs.tsv").rename(tmp_path / "o.tsv")
    incoming = chosen.reader()(path, ReadOptions(companions={"orgs": tmp_path / "o.tsv"}))
    assert incoming.size == 1 and incoming.dataset.events[0].designation == "1999-001"



def gzipped(path: Path, name: str) -> Path:
    """`path` compressed with gzip, as `name` in the same folder."""
    target = path.with_name(name)
    target.write_bytes(gzip.compress(path.read_bytes()))
    return target


def test_a_compressed_launch_log_is_known_by_its_bytes_not_its_name(launchlog: Write, tmp_path: Path) -> None:
    plain = launchlog(row()).rename(tmp_path / "plain.tsv")
    for name in ("launchlog.tsv.gz", "launchlog.tsv", "download.bin"):
        compressed = gzipped(plain, name)
        chosen = format_for(compressed, None)
        assert chosen.name == "gcat", name
        read_back = chosen.reader()(compressed, ReadOptions(companions={"orgs": tmp_path / "orgs.tsv",
                                                                        "sites": tmp_path / "sites.tsv"}))
        assert [event.designation for event in read_back.dataset.events] == ["1999-001"], name


def test_the_bundled_compressed_launch_log_is_detected_as_gcat() -> None:
    from tracker.bundled import catalogue_log

    assert catalogue_log().name == "launchlog.tsv.gz"
    assert format_for(catalogue_log(), None).name == "gcat"


def test_a_compressed_file_of_a_format_read_only_plain_is_refused_naming_it(tmp_path: Path) -> None:
    rows = tmp_path / "events.csv"
    rows.write_text("title,start\nx,2025\n")
    for name, label in (("events.csv.gz", "CSV"), ("events.json.gz", "JSON"), ("events.bin", "JSON")):
        compressed = gzipped(rows, name)
        with pytest.raises(InvalidRecord, match=f"{name}: the file is gzip-compressed, and {label} files are read "
                                                "only uncompressed: decompress it first"):
            format_for(compressed, None)
    message = run("import", str(tmp_path / "events.csv.gz"), db=f"sqlite:///{tmp_path / 't.db'}").stderr
    assert message == f"error: {tmp_path / 'events.csv.gz'}: the file is gzip-compressed, and CSV files are read " \
                      "only uncompressed: decompress it first (gunzip)\n"


# ------------------------------------------------------------------------------------------------ the real files

@pytest.fixture(scope="module")
def real() -> Dataset:
    return read_gcat(REAL / "launchlog.tsv.gz")


def by_designation(dataset: Dataset, designation: str) -> EventRecord:
    return next(event for event in dataset.events if event.designation == designation)


def test_the_real_log_has_6828_launches(real: Dataset) -> None:
    assert len(real.events) == 6828
    assert len({event.slug for event in real.events}) == 6828
    outcomes = collections.Counter(event.outcome for event in real.events)
    assert outcomes[Outcome.FAILURE] > 0 and outcomes[Outcome.PARTIAL] == 0  # GCAT's verdict, the fraction told
    assert sum("partly" in event.title for event in real.events) > 0


def test_sputnik_1(real: Dataset) -> None:
    event = by_designation(real, "1957 ALP")
    assert event.span.lower == datetime(1957, 10, 4, 19, 28, 34, tzinfo=UTC)
    assert event.span.precision == Precision.SECOND
    assert event.outcome == Outcome.SUCCESS
    assert event.place == "Baikonur Cosmodrome"
    assert "NIIP-5, Baykonur, Kazakstan" in event.summary  # the site's name at the time
    assert zones(real)[event.place] == "Asia/Almaty"


def test_apollo_11(real: Dataset) -> None:
    event = by_designation(real, "1969-059")
    assert event.title == "Saturn V launches Apollo 11"
    assert event.span.lower == datetime(1969, 7, 16, 13, 32, tzinfo=UTC)
    assert event.place == "Kennedy Space Center"
    assert zones(real)[event.place] == event.span.start.zone == "America/New_York"
    assert "from LC39A" in event.summary


def test_cape_canaveral_is_one_place_named_in_each_summary_as_it_was_at_the_launch(real: Dataset) -> None:
    """The log calls the site CC throughout; sites.tsv has its successive names (one UCode, CC)."""
    chosen = [event for event in real.events
              if event.designation in ("1958 ALP", "1969-006", "1980-004", "1995-001", "2010-005", "2024-003")]
    assert {event.place for event in chosen} == {"Cape Canaveral Space Force Station"}
    names = {event.span.start.wall.year: next(name for name in NAMES_OF_THE_CAPE if name in event.summary)
             for event in chosen}
    assert names == {
        1958: "Cape Canaveral Missile Test Annex, Air Force Missile Test Center",
        1969: "Cape Kennedy Air Force Station, Eastern Test Range",
        1980: "Cape Canaveral Air Force Station, Eastern Test Range",
        1995: "Cape Canaveral Air Station, Florida",
        2010: "Cape Canaveral Air Force Station, Eastern Test Range",
        2024: "Cape Canaveral Space Force Station, Eastern Test Range",
    }


NAMES_OF_THE_CAPE = ("Cape Canaveral Missile Test Annex, Air Force Missile Test Center",
                     "Cape Kennedy Air Force Station, Eastern Test Range",
                     "Cape Canaveral Air Force Station, Eastern Test Range", "Cape Canaveral Air Station, Florida",
                     "Cape Canaveral Space Force Station, Eastern Test Range")


def zones(dataset: Dataset) -> dict[str, str | None]:
    return {place.name: place.timezone for place in dataset.places}


def log_site_codes() -> set[str]:
    lines = real_text("launchlog.tsv").splitlines()
    column = lines[0].lstrip("#").split("\t").index("Launch_Site")
    return {line.split("\t")[column].strip() for line in lines[1:] if line and not line.startswith("#")}


def test_every_site_of_the_real_log_has_a_zone_entry(real: Dataset) -> None:
    assert sorted(log_site_codes() - set(SITE_ZONES)) == []


def test_every_name_the_events_use_is_defined_once(real: Dataset) -> None:
    places = {place.name for place in real.places}
    agency_names = {agency.name for agency in real.agencies}
    assert {event.place for event in real.events} <= places
    assert {item.name for event in real.events for item in event.agencies} <= agency_names
    assert_unambiguous(real.places)
    assert_unambiguous(real.agencies)


# Reviewed exceptions to "the zone timezonefinder gives for the coordinates" (tracker/formats/gcat.py says why).
REVIEWED_ZONES = {"NIIP-5": "Asia/Almaty", "GIK-5": "Asia/Almaty",
                  "HHAI": "Asia/Shanghai", "BLA": "Europe/Moscow"}  # sea areas: the zone of their announcements


def test_site_zones_are_those_of_the_site_coordinates(real: Dataset) -> None:
    import timezonefinder  # the [test] extra installs it
    finder = timezonefinder.TimezoneFinder()
    rows = real_text("sites.tsv").splitlines()
    header = rows[0].lstrip("#").split("\t")
    sites = {values[0].strip(): dict(zip(header, values, strict=True))
             for values in (line.split("\t") for line in rows[1:] if not line.startswith("#"))}
    checked = []
    for code, zone in sorted(SITE_ZONES.items()):
        if code in REVIEWED_ZONES:
            assert zone == REVIEWED_ZONES[code], code
            continue
        if code in UNLISTED_SITES:
            continue  # no coordinates in sites.tsv: set by hand
        site = sites[code]
        if site["StateCode"].strip() == "LUNA":
            assert zone is None, code
            continue
        found = finder.timezone_at(lng=float(site["Longitude"]), lat=float(site["Latitude"]))
        expected = None if found is None or found.startswith("Etc/") else found  # open sea: no civil time
        assert zone == expected, f"{code}: {zone} in the table, {found} at its coordinates"
        checked.append(code)
    assert len(checked) > 50


# ------------------------------------------------------------------------------------------------ through the command

def test_a_bad_launch_log_is_refused_whole_and_writes_nothing(launchlog: Write, database_url: str) -> None:
    path = launchlog(row(), row(Launch_Tag="1999-002", Launch_Date="1999 Jan 32"),
                     row(Launch_Tag="1999-003", Launch_Site="NOWHERE"))
    result = run("import", str(path), db=database_url)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "line 3, column Launch_Date: invalid GCAT date '1999 Jan 32'" in result.stderr
    assert "line 4, column Launch_Site: unknown GCAT site code 'NOWHERE'" in result.stderr
    assert result.stderr.rstrip().endswith("error: nothing was imported")
    assert slugs(database_url, "timeline") == []


def test_a_newer_log_updates_in_place_and_keeps_the_old_date(launchlog: Write, database_url: str) -> None:
    first = launchlog(row(), row(Launch_Tag="1999-002", Launch_Date="1999 Feb  2"))
    assert run("import", str(first), db=database_url).stdout.startswith("2 events created")
    again = run("import", str(first), db=database_url).stdout
    assert again.startswith("0 events created, 0 updated, 2 unchanged")
    newer = launchlog(row(), row(Launch_Tag="1999-002", Launch_Date="1999 Feb  3 0412"))
    assert run("import", str(newer), db=database_url).stdout.startswith("0 events created, 1 updated, 1 unchanged")
    event = json.loads(run("show", "gcat-1999-002", "--format", "json", db=database_url).stdout)
    assert event["start"] == "1999-02-03T04:12Z"
    assert [(item["start"], item["status"], item["reason"]) for item in event["history"]] == [
        ("1999-02-02", "superseded", "GCAT update")]
    assert slugs(database_url, "timeline") == ["gcat-1999-001", "gcat-1999-002"]
