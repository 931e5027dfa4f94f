"""McDowell's human-spaceflight lists: every crewed launch's crew and every ended flight's landing held to the
files themselves (read here independently of the reader), names as writers write them, and every problem named by
line and column."""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from tracker.bundled import MCDOWELL_URL, catalogue_log, crews_missions, dataset_files
from tracker.errors import InvalidImport
from tracker.formats import ReadOptions, format_for
from tracker.formats.mcdowell import (
    GIVEN_FOR_LAUNCHES,
    full_form,
    plain_role,
    read,
    read_mcdowell,
    ship_title,
    written_name,
)
from tracker.names import family_name, fold
from tracker.records import Dataset, EventKind, EventRecord, EventStatus, Outcome, PersonRecord

DATA = crews_missions().parent


@cache
def rides_cached() -> list[list[str]]:
    return [row for row in table("rides.tsv.gz") if not row[5].strip().startswith("HB")]


@cache
def dataset() -> Dataset:
    return read_mcdowell(crews_missions())


def table(name: str) -> list[list[str]]:
    """The rows of one of the shipped files, split on tabs, comments and the header left out."""
    text = gzip.decompress((DATA / name).read_bytes()).decode("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def missions() -> dict[str, list[str]]:
    return {row[0].strip(): row for row in table("missions.tsv.gz")}


def rides() -> list[list[str]]:
    return rides_cached()


def launches() -> dict[str, EventRecord]:
    return {event.slug.removeprefix("mcdowell-").upper(): event for event in dataset().events
            if event.kind == EventKind.LAUNCH}


def landings() -> dict[str, EventRecord]:
    return {event.flight or "": event for event in dataset().events if event.kind == EventKind.LANDING}


def person_of(name: str) -> PersonRecord:
    """The person one of whose names is `name`."""
    found = [person for person in dataset().people if fold(name) in {fold(item) for item in
                                                                     [person.name, *person.aliases]}]
    assert len(found) == 1, (name, found)
    return found[0]


def named(event: EventRecord) -> list[str]:
    return [person.name for person in event.people]


_CLOCK = re.compile(r"(\d{4}) (\w{3}) +(\d+)(?: (\d\d)(\d\d)(?::(\d\d))?)?\??$")


def utc(text: str) -> datetime:
    match = _CLOCK.match(text.strip())
    assert match, text
    year, month, day, hour, minute, second = match.groups()
    return datetime.strptime(f"{year} {month} {day} {hour or '00'}{minute or '00'}{second or '00'}",
                             "%Y %b %d %H%M%S").replace(tzinfo=UTC)


def duration(text: str) -> timedelta | None:
    text = text.strip().rstrip("?")
    if text.endswith("*") or ":" not in text:
        return None
    days, *rest = (int(part) for part in text.split(":"))
    return timedelta(days=days, **dict(zip(("hours", "minutes", "seconds"), rest, strict=False)))


# -- the crews ----------------------------------------------------------------------------------------------


def test_every_crewed_gcat_launch_has_its_crew() -> None:
    crewed = set()
    with gzip.open(catalogue_log(), "rt", encoding="utf-8") as log:
        for line in log:
            fields = line.split("\t")
            if not line.startswith("#") and len(fields[3]) > 1 and fields[3][1] == "H":
                crewed.add(fields[0].strip())
    by_designation = {event.designation: event for event in launches().values()}
    assert len(crewed) == 353
    missing = sorted(tag for tag in crewed if not by_designation.get(tag) or not by_designation[tag].people)
    assert missing == []


def rider(row: list[str]) -> str:
    """The person of a ride, by the longest full form their ID has (one ride names Vladimir Titov "Titov")."""
    forms = {full_form(other[7]) for other in rides() if other[11].strip() == row[11].strip()}
    return person_of(max(forms, key=len)).name


def test_every_persons_flights_are_their_rides() -> None:
    """A person's launches are exactly the flights rides.tsv gives them (the 5 crews it lacks come from
    data/mcdowell-crews.tsv and are checked by name)."""
    ridden: dict[str, set[str]] = defaultdict(set)
    for row in rides():
        ridden[rider(row)].add(row[5].strip())
    flown: dict[str, set[str]] = defaultdict(set)
    for hsfid, launch in launches().items():
        for name in named(launch):
            flown[name].add(hsfid)
    added = {"H00384", "H00387", "H00388", "H00389", "H00390"}
    assert {name: flights - added for name, flights in flown.items() if flights - added} == ridden
    assert set(named(launches()["H00384"])) == {"Butch Wilmore", "Suni Williams"}
    assert named(launches()["H00388"]) == ["Alexey Ovchinin", "Ivan Vagner", "Don Pettit"]


def test_crews_are_in_ride_order_with_plain_roles() -> None:
    apollo = launches()["H00046"]
    assert [(person.name, person.role) for person in apollo.people] == [
        ("Neil Armstrong", "commander"), ("Michael Collins", "command module pilot"),
        ("Buzz Aldrin", "lunar module pilot")]
    assert apollo.designation == apollo.flight == "1969-059"
    assert apollo.given == GIVEN_FOR_LAUNCHES and apollo.sources == [MCDOWELL_URL]
    assert [person.role for person in launches()["H00286"].people] == [
        "commander (Komandir)", "flight engineer (Bortinzhener)", "spaceflight participant (Uchastnik Kos. Poleta)"]


def test_aborted_rides_keep_their_crews() -> None:
    challenger = launches()["HA0011"]
    assert len(challenger.people) == 7 and challenger.outcome == Outcome.FAILURE
    assert "broke apart" in challenger.summary and "died" in challenger.summary
    assert [person.name for person in launches()["HA0008"].people] == ["Vladimir Titov", "Gennady Strekalov"]
    assert launches()["HA0008"].outcome == Outcome.FAILURE and launches()["HA0008"].status == EventStatus.OCCURRED
    assert launches()["H00332"].outcome == Outcome.FAILURE and len(launches()["H00332"].people) == 2
    assert launches()["HA0009"].status == EventStatus.SCRUBBED  # STS 41-D's pad shutdown
    assert "HB0001" not in launches()  # chimp flights are not read


def test_a_mission_gcat_lacks_is_a_whole_event() -> None:
    ns16 = launches()["H00348"]
    assert ns16.title == "New Shepard NS-16 launch" and ns16.designation == "2021-S45"
    assert ns16.place == "Blue Origin Launch Site One, West Texas" and ns16.agencies[0].name == "Blue Origin"
    assert "Jeff Bezos" in named(ns16)
    assert launches()["H00023"].title == "X-15 flight 3-46-70 launch"


# -- the landings -------------------------------------------------------------------------------------------


def test_every_landing_names_who_came_home_aboard_that_ship() -> None:
    """Who a landing names is held to the rides' own durations: a closed ride ends on the ship whose EDate is its
    LDate plus its Duration (within ten minutes)."""
    rows = missions()
    ended = {hsfid: utc(row[6]) for hsfid, row in rows.items() if row[6].strip() != "-"}
    expected: dict[str, set[str]] = defaultdict(set)
    for row in rides():
        length = duration(row[13])
        if length is None or row[5].startswith("HA"):
            continue
        end = utc(row[12]) + length
        gap, ship = min((abs((moment - end).total_seconds()), hsfid) for hsfid, moment in ended.items())
        if gap <= 600:  # Vostok 3 and 4 landed six minutes apart: the closer is the ship
            expected[rows[ship][2].strip()].add(rider(row))
    found = {flight: set(named(event)) for flight, event in landings().items()}
    assert {flight: names for flight, names in found.items() if flight in expected} == expected
    assert found["2024-109"] == set()  # Starliner CFT came home empty
    assert found["2024-178"] >= {"Butch Wilmore", "Suni Williams", "Nick Hague", "Aleksandr Gorbunov"}


def test_a_landing_for_every_ended_flight() -> None:
    ended = {row[2].strip() for hsfid, row in missions().items()
             if row[6].strip() != "-" and not hsfid.startswith("HB") and hsfid != "HA0011"
             and not (hsfid.startswith("HA") and (duration(row[7]) or timedelta(0)) < timedelta(minutes=1))}
    assert set(landings()) == ended
    assert len(ended) >= 390


def test_landing_dates_keep_mcdowells_precision() -> None:
    apollo = landings()["1969-059"]
    assert apollo.title == "Apollo 11 splashdown" and apollo.place == "Ocean splashdown"
    assert apollo.span.start.iso() == "1969-07-24T16:50:35Z" and apollo.span.start.zone is None
    assert landings()["1961 MU"].span.start.precision.label == "minute"  # "1961 Apr 12 0747"
    demo2 = landings()["2020-033"]  # "2020 Aug  2 1847:48?": the day only
    assert demo2.span.start.iso() == "2020-08-02" and demo2.timezone == "UTC"


def test_the_soyuz_tma_16_landing_is_corrected_to_18_march() -> None:
    assert landings()["2009-053"].span.start.iso() == "2010-03-18T11:24:04Z"


def test_local_days_follow_the_calendar_writers_use() -> None:
    shenzhou = landings()["2003-045"]
    assert shenzhou.place == "Shenzhou landing site, Inner Mongolia" and shenzhou.timezone is None
    place = {record.name: record for record in dataset().places}[shenzhou.place]
    assert place.timezone == "Asia/Shanghai"
    assert shenzhou.span.start.in_zone(place.timezone).local().date().isoformat() == "2003-10-16"
    soyuz = landings()["1971-053"]
    assert soyuz.timezone == "Europe/Moscow" and soyuz.span.start.local().date().isoformat() == "1971-06-30"
    assert landings()["1982-080"].span.start.local().date().isoformat() == "1982-12-10"  # Soyuz T-7, Moscow time


@pytest.mark.parametrize(("flight", "words"), [("1971-053", "died"), ("1967-037", "died"),
                                                ("2003-003", "broke apart"), ("1967-S535", "died")])
def test_losses_are_failed_returns_that_say_so(flight: str, words: str) -> None:
    loss = landings()[flight]
    assert loss.outcome == Outcome.FAILURE and words in loss.summary and loss.people


def test_oceans_have_no_zone() -> None:
    ocean = {record.name: record for record in dataset().places}["Ocean splashdown"]
    assert ocean.timezone is None


def test_landings_the_curated_data_describes_keep_their_slug_and_only_add_the_flight() -> None:
    curated = {event["slug"] for path in dataset_files() for event in __import__("json").loads(
        path.read_text(encoding="utf-8")).get("events", []) if event.get("kind") == "landing"}
    crew8 = landings()["2024-042"]
    assert crew8.slug == "crew-8-splashdown" and crew8.given == frozenset({"flight"})
    slugs = [event.slug for event in dataset().events]
    assert len(slugs) == len(set(slugs))
    assert {event.slug for event in landings().values()} & curated == {
        event.slug for event in landings().values() if event.given is not None}


# -- people ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("full", "written"), [
    ("Neil Alden Armstrong", "Neil Armstrong"), ("Yuriy Alekseevich Gagarin", "Yuri Gagarin"),
    ("Georgiy Timofeevich Dobrovol'skiy", "Georgy Dobrovolsky"), ("T. Niklaus 'Nick' Hague", "Nick Hague"),
    ("Leroy *Gordon Cooper", "Gordon Cooper"), ("C. Michael Foale", "Michael Foale"),
    ("Frank de Winne", "Frank de Winne"), ("Zhang Lu. Sr.Col. PLASSF", "Zhang Lu"), ("Yang Liwei", "Yang Liwei"),
    ("Loral O'Hara", "Loral O'Hara"), ("Titov", "Titov")])
def test_written_names(full: str, written: str) -> None:
    assert written_name(full) == written


@pytest.mark.parametrize(("title", "plain"), [
    ("Bortinzhener-1", "flight engineer (Bortinzhener)"), ("Mission Specialist 2", "mission specialist"),
    ("Command Module Pilot", "command module pilot"), ("Payload Commander/MS4 (EV2)", "payload commander"),
    ("Uchastnik Kos. Poleta-2", "spaceflight participant (Uchastnik Kos. Poleta)"), ("Zhilingzhang",
                                                                                      "commander (Zhilingzhang)")])
def test_plain_roles(title: str, plain: str) -> None:
    assert plain_role(title) == plain


def test_ships_as_writers_name_them() -> None:
    assert ship_title("Soyuz-11", "Soyuz-11") == "Soyuz 11" and ship_title("Vostok", "Vostok") == "Vostok 1"
    assert ship_title("Freedom Seven", "Freedom Seven") == "Freedom 7"


@pytest.mark.parametrize(("name", "expected"), [
    ("Yuri Gagarin", "Yuri Gagarin"), ("Youri Gagarine", "Yuri Gagarin"), ("Юрий Гагарин", "Yuri Gagarin"),
    ("Alexeï Leonov", "Alexei Leonov"), ("Алексей Леонов", "Alexei Leonov"), ("Buzz Aldrin", "Buzz Aldrin"),
    ("Edwin Eugene Aldrin", "Buzz Aldrin"), ("Neil Alden Armstrong", "Neil Armstrong"),
    ("Valentina Tereshkova", "Valentina Tereshkova"), ("Gherman Titov", "Gherman Titov"),
    ("Barry Wilmore", "Butch Wilmore"), ("Sergei Krikalyov", "Sergei Krikalev"), ("Peggy Whitson", "Peggy Whitson"),
    ("杨利伟", "Yang Liwei")])
def test_people_are_named_as_writers_name_them(name: str, expected: str) -> None:
    assert person_of(name).name == expected


def test_mcdowells_full_forms_are_all_names_of_their_person() -> None:
    """Other readers name people by McDowell's full form: every one (of two words or more) finds its person."""
    by_id: dict[str, set[str]] = defaultdict(set)
    for row in rides():
        by_id[row[11].strip()].add(full_form(row[7]))
    for forms in by_id.values():
        owners = {person_of(form).name for form in forms if len(form.split()) > 1}
        assert len(owners) <= 1, forms


def test_no_two_people_share_a_name() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for person in dataset().people:
        for name in [person.name, *person.aliases]:
            owners[fold(name)].add(person.name)
    assert {name: people for name, people in owners.items() if len(people) > 1} == {}
    assert not any(fold(alias) == fold(alias.split()[-1]) for person in dataset().people for alias in person.aliases
                   if alias.isascii())  # no surname alone


def test_curated_people_are_the_same_people() -> None:
    """A person the bundled curated data has and McDowell's rides have is named as the curated data names them."""
    import json

    curated = {fold(name): person["name"] for path in dataset_files()
               for person in json.loads(path.read_text(encoding="utf-8")).get("people", [])
               for name in [person["name"], *person.get("aliases", [])]}
    for person in dataset().people:
        matches = {curated[fold(name)] for name in [person.name, *person.aliases] if fold(name) in curated}
        assert matches <= {person.name}, (person.name, matches)
    assert person_of("Tracy Caldwell Dyson").name == "Tracy Dyson"


def test_nationalities() -> None:
    assert person_of("Yuri Gagarin").nationality == "SU" and person_of("Valery Polyakov").nationality == "RU"
    assert person_of("Neil Armstrong").nationality == "US"


# -- the format -------------------------------------------------------------------------------------------------


def missions_file(tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    """The real missions list (and its rides beside it), with one text replaced."""
    text = gzip.decompress(crews_missions().read_bytes()).decode("utf-8")
    if change is not None:
        assert change[0] in text
        text = text.replace(change[0], change[1], 1)
    (tmp_path / "missions.tsv").write_text(text, encoding="utf-8")
    (tmp_path / "rides.tsv").write_bytes(gzip.decompress((DATA / "rides.tsv.gz").read_bytes()))
    return tmp_path / "missions.tsv"


def test_the_format_is_found_from_the_header_and_rides_beside_it(tmp_path: Path) -> None:
    path = missions_file(tmp_path)
    assert format_for(path, None).name == "mcdowell"
    assert len(read(path, ReadOptions()).dataset.events) == len(dataset().events)


def test_a_bad_date_names_line_and_column(tmp_path: Path) -> None:
    path = missions_file(tmp_path, ("1969 Jul 24 1650:35", "1969 Jlu 24 1650:35"))
    with pytest.raises(InvalidImport) as raised:
        read_mcdowell(path)
    assert "line 57, column EDate: invalid GCAT date '1969 Jlu 24 1650:35'" in str(raised.value)


def test_a_ride_of_an_unknown_mission_names_line_and_column(tmp_path: Path) -> None:
    path = missions_file(tmp_path)
    rides_text = (tmp_path / "rides.tsv").read_text(encoding="utf-8").replace("\tH00046\t", "\tH99946\t", 1)
    (tmp_path / "rides.tsv").write_text(rides_text, encoding="utf-8")
    with pytest.raises(InvalidImport) as raised:
        read_mcdowell(path)
    assert "column HSFID: 'H99946' is not in the missions list" in str(raised.value)


def test_missing_rides_are_named(tmp_path: Path) -> None:
    path = missions_file(tmp_path)
    (tmp_path / "rides.tsv").unlink()
    with pytest.raises(InvalidImport, match="give its path with --rides"):
        read_mcdowell(path)


def test_crew_lists_show_surnames() -> None:
    assert [family_name(name) for name in ("Neil Armstrong", "Yang Liwei", "Frank de Winne", "Buzz Aldrin")] == [
        "Armstrong", "Yang", "de Winne", "Aldrin"]
