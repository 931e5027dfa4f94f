"""NASA's table of spacewalks, "Extra-vehicular Activity (EVA) - US and Russia" (1965-2013), read as spacewalk
events whose walkers are the people of Jonathan McDowell's crew list (rides.tsv, missions.tsv).

The table (a CSV file from data.nasa.gov) has one row per EVA: `EVA #`, `Country`, `Crew` (names separated by runs
of spaces), `Vehicle` (free text), `Date`, `Duration` (h:mm) and `Purpose`. Each row becomes one event:

- kind `spacewalk`; status `occurred`, or `cancelled` for an EVA that was called off (duration 0:00: Gemini VIII,
  STS-5, STS-31, STS-80, Mir 25 on 3 March 1998), which is never stored as one that took place.
- people: each walker named exactly as McDowell's rides.tsv names them (`Name` up to its first comma, the string
  the crew reader makes an alias of each person), role "spacewalker". A walker is the ride whose name contains the
  table's surname (`surname_key`: accents, case and transliteration variants such as Solovyov/Solovyev folded)
  and whose flight (rides `LDate` to `LDate` + `Duration`, UTC) overlaps the EVA's day. Misspelt names are
  corrected first (`NAME_CORRECTIONS`). A walker matching no ride, or two, refuses the file.
- flight: the launch designation (missions `Desig`, GCAT's `Launch_Tag`, "1965-022") of the first walker's ride.
- span: the day, or the two days of a date written "March 13-14, 2008", at day precision. The table gives no
  times, and its days are local: US rows and the Russian rows of the ISS era are Houston days (America/Chicago;
  Apollo 11's first moonwalk is dated 20 July, the day it began in Houston, 21 July in UTC); the Soviet and Russian
  rows before the ISS are taken as Moscow days (Europe/Moscow), an assumption no source at hand could check. The
  length is in the summary.
- place: the station the walker's ride visited (missions `Station`), else the Space Shuttle orbiter (its
  `Callsign`), else the spacecraft ("Voskhod 2 spacecraft"); all in orbit, with no time zone.
- title: "Voskhod 2 spacewalk (Leonov)", "STS-61 spacewalk 3 (Musgrave, Hoffman)", "Expedition 36 spacewalk 2
  (Yurchikhin, Misurkin)": the flight as writers name it, the EVA's number within it when it had several, and the
  walkers' surnames; "... spacewalk (Scott), called off" for a cancelled one. Alias "STS-61 EVA 3".
- slug: "eva-" the date and the surnames ("eva-1965-03-18-leonov"), "-2" for a second EVA on the same day.

Rows the table has wrong are fixed or dropped by `ROW_CORRECTIONS`, each with its reason and source. The whole
file is checked before anything is returned: InvalidImport lists every problem with its line and column.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.dates.when import Precision, Span, When
from tracker.errors import InvalidImport, InvalidRecord
from tracker.formats import Incoming, ReadOptions
from tracker.formats.gcat import parse_vague_date
from tracker.names import fold
from tracker.records import (
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Participant,
    PlaceRecord,
    SourceRecord,
    check_record,
)

EVA_URL = "https://data.nasa.gov/Raw-Data/Extra-vehicular-Activity-EVA-US-and-Russia/9kcy-zwvn"
"""The table's page on NASA's open-data portal, which every spacewalk event cites."""
EVA_SOURCE = SourceRecord(url=EVA_URL, title="Extra-vehicular Activity (EVA) - US and Russia",
                          publisher="NASA (data.nasa.gov)", language="en")
RIDES_URL = "https://planet4589.org/space/astro/"
"""McDowell's human-spaceflight lists, the source of the walkers' names and flights (cited by corrections)."""

COLUMNS = ("EVA #", "Country", "Crew", "Vehicle", "Date", "Duration", "Purpose")
"""The table's columns, as its header names them once trailing spaces are stripped ("Crew    ", "Purpose ")."""
RIDE_COLUMNS = ("HSFID", "Name", "LDate", "Duration")
MISSION_COLUMNS = ("HSFID", "Desig", "Ship", "Callsign", "Station", "Project")

HOUSTON = "America/Chicago"
MOSCOW = "Europe/Moscow"


@dataclass(frozen=True)
class RowCorrection:
    """What to do with one row the table has wrong: drop it, or replace its crew or vehicle; with why and who says."""

    drop: bool = False
    crew: str | None = None
    vehicle: str | None = None
    reason: str = ""
    source: str = EVA_URL


# Rows by (EVA #, Date) as written: the table's own number is blank on its non-EVA rows, and the pair is unique.
ROW_CORRECTIONS: dict[tuple[str, str], RowCorrection] = {
    ("235", "Sept. 1973"): RowCorrection(
        drop=True, reason="not an EVA: Soyuz 12's crew checked out the new Orlan-D suits inside the cabin (the row's "
        "own text); Soyuz 12 had no spacewalk, yet the row is numbered as one"),
    ("", "05/25/1973"): RowCorrection(
        drop=True, reason="not an EVA: Skylab 2's crew, suited, depressurised the command module to repair the "
        "docking probe from inside the tunnel (the row's own text); no one went outside and no EVA was planned "
        "(the stand-up EVA of that day is the row before)"),
    ("78", "Jan. 17, 1996"): RowCorrection(
        vehicle="STS-72", reason="the Vehicle is empty; Chiao and Scott's second EVA was on STS-72, the flight "
        "McDowell's rides give both of them that January", source=RIDES_URL),
    **{(number, day): RowCorrection(
        crew="Doug Wheelock   Tracy Caldwell Dyson", reason="the two names are not separated by a run of spaces "
        "and Wheelock is misspelt 'Wheellock' (McDowell's rides: Douglas Harry Wheelock)", source=RIDES_URL)
       for number, day in (("217", "08/07/2010"), ("218", "08/11/2010"), ("219", "08/16/2010"))},
}
"""The rows fixed or dropped, each with the reason and the source. The EVAs the table marks 0:00 (called off) are
kept, as cancelled events: Gemini VIII (Scott's EVA, cancelled when a stuck thruster ended the mission), STS-5 (suit
failures), STS-31 (a contingency EVA waved off), STS-80 (a jammed hatch) and Mir 25 on 3 March 1998 (a hatch that
would not open)."""

NAME_CORRECTIONS: dict[str, str] = {
    "Harrison Schmidt": "Harrison Schmitt",
    "G. Padelka": "Gennady Padalka",
    "Yri Onufrienko": "Yuri Onufrienko",
    "Yuri Onufrenko": "Yuri Onufrienko",
    "Christer Fugelsang": "Christer Fuglesang",
    "Jean-Pierre Heignere": "Jean-Pierre Haigneré",
    "Jean-Louc Chretien": "Jean-Loup Chrétien",
    "Yuri Malenchecko": "Yuri Malenchenko",
    "Randy Bresnick": "Randy Bresnik",
    "Fyodor Yurchikin": "Fyodor Yurchikhin",
    "Sergei Zaletin": "Sergei Zalyotin",
    "Nikola Budarin": "Nikolai Budarin",
    "Talgat Musabeyev": "Talgat Musabayev",
    "Anatoli Berezovsky": "Anatoli Berezovoy",
    "Sergei Treschev": "Sergei Treshchev",
    "Dmitry Kondratiev": "Dmitry Kondratyev",
}
"""Names the table misspells, as written -> as the person is named (the spelling of McDowell's rides.tsv, which
names each of them on the flight of that EVA). Transliteration variants need no entry: `surname_key` folds them."""

_SOURCE_NOTE = "NASA EVA table, data.nasa.gov"
_US_DATE = re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})")
_TEXT_DATE = re.compile(r"(?P<month>[A-Za-z]+)\.?\s*(?P<day>\d{1,2})(?:\s*-\s*(?P<last>\d{1,2}))?\s*,\s*"
                        r"(?P<year>\d{4})")
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_DURATION = re.compile(r"(?P<hours>\d{1,2}):(?P<minutes>[0-5]\d)")
_RIDE_DURATION = re.compile(r"(\d+):(\d+):(\d+)(?::(\d+))?")
_CREW_SEPARATOR = re.compile(r"\s{2,}|/")
_INCREMENT = re.compile(r"Incr\w*[\s-]*(\d+)", re.IGNORECASE)
_MIR_EXPEDITION = re.compile(r"\bMir\s+(\d+)")
_MOJIBAKE = re.compile("\u00c2([\u0080-\u009f])")
"""Windows-1252 punctuation (bullets, quotes, dashes) that was read as Latin-1 and written as UTF-8: "Â\\x95"."""

STATIONS = {"ISS": "International Space Station", "Mir": "Mir space station", "Salyut 6": "Salyut 6 space station",
            "Salyut-7": "Salyut 7 space station", "Skylab 1": "Skylab space station"}
"""McDowell's station names (missions.tsv `Station`) -> the place named for an EVA made there. A place is never
named as a launch is ("Skylab", "Salyut 7"): the fact-checker reads a known place's name as a place, and "Skylab
was launched on 14 May 1973" would no longer find Skylab's launch."""


@dataclass(frozen=True)
class Ride:
    """One person's flight in McDowell's rides.tsv: their name as McDowell writes it, and when they were in space."""

    name: str
    """`Name` up to its first comma: "Aleksey Arkhipovich Leonov"."""
    words: frozenset[str]
    start: datetime
    end: datetime
    mission: str


@dataclass(frozen=True)
class Mission:
    """A flight of McDowell's missions.tsv: its launch designation and what its crews flew in or visited."""

    designation: str
    ship: str
    callsign: str
    station: str
    project: str


def surname_key(name: str) -> str:
    """The form two spellings of one surname share: letters only, no accents or case, and the variants of Russian
    transliteration folded ("Solovyov", "Solovyev" -> "solovev"; "Tsibliev", "Tsibliyev"; "Avdeyev", "Avdeev")."""
    key = re.sub(r"[^a-z]", "", fold(name))
    for written, folded in (("yo", "e"), ("ye", "e"), ("iy", "i"), ("yi", "i"), ("y", "i"), ("kh", "h"),
                            ("ks", "x")):
        key = key.replace(written, folded)
    return key


def _fix_text(text: str) -> str:
    """The purpose as one clean line: mis-encoded punctuation decoded, line breaks and runs of spaces collapsed."""
    text = _MOJIBAKE.sub(lambda match: match[1].encode("latin-1").decode("cp1252", "replace"), text)
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


def _table_text(path: Path) -> str:
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError) as exc:
        raise InvalidImport([f"cannot read the file: {getattr(exc, 'strerror', None) or exc}"], str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidImport([f"line {line}: not UTF-8 text ({exc.reason})"], str(path)) from None


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Each row of the table with the line it starts on (a Purpose may span lines); InvalidImport for a header
    without the table's columns or a row of the wrong width."""
    reader = csv.reader(io.StringIO(_table_text(path), newline=""))
    try:
        header = [name.strip() for name in next(reader)]
        if any(name not in header for name in COLUMNS):
            missing = ", ".join(repr(name) for name in COLUMNS if name not in header)
            raise InvalidImport([f"line 1: missing column {missing} (the header of NASA's EVA table is "
                                 f"{', '.join(COLUMNS)})"], str(path))
        rows: list[tuple[int, dict[str, str]]] = []
        problems: list[str] = []
        line = reader.line_num + 1
        for values in reader:
            if values and any(value.strip() for value in values):
                if len(values) != len(header):
                    problems.append(f"line {line}: {len(values)} fields, the header has {len(header)}")
                else:
                    rows.append((line, dict(zip(header, values, strict=True))))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidImport([f"line {reader.line_num}: {exc}"], str(path)) from None
    except StopIteration:
        raise InvalidImport(["line 1: the file is empty (expected NASA's EVA table)"], str(path)) from None
    if problems:
        raise InvalidImport(problems, str(path))
    return rows


def parse_eva_date(text: str) -> tuple[date, date]:
    """The first and last day a Date cell names: "06/03/1965" (month first), "Mar. 18, 1965", "March 16-17, 1966",
    "Feb. 26,1988"; InvalidRecord naming the text for anything else (a month alone, "Sept. 1973", is not a day)."""
    stated = text.strip()
    try:
        if match := _US_DATE.fullmatch(stated):
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            return day, day
        if (match := _TEXT_DATE.fullmatch(stated)) and match["month"].lower() in _MONTHS:
            month, year = _MONTHS[match["month"].lower()], int(match["year"])
            first = date(year, month, int(match["day"]))
            last = date(year, month, int(match["last"])) if match["last"] else first
            if last < first:
                raise ValueError("the last day is before the first")
            return first, last
    except ValueError as exc:
        raise InvalidRecord(f"invalid date {stated!r}: {exc}") from None
    raise InvalidRecord(f"invalid date {stated!r} (expected MM/DD/YYYY, 'Mar. 18, 1965' or 'March 16-17, 1966')")


def parse_duration(text: str) -> timedelta:
    """An h:mm Duration cell ("2:32", "0:00"); InvalidRecord naming the text for anything else."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise InvalidRecord(f"invalid duration {text.strip()!r} (expected hours:minutes such as '6:34')")
    return timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))


def _ride_length(text: str) -> timedelta:
    if text.strip() == "0":  # the aborted rides, which never reached space
        return timedelta(0)
    match = _RIDE_DURATION.fullmatch(text.strip().rstrip("?*").strip())
    if match is None:
        raise InvalidRecord(f"invalid duration {text.strip()!r} (expected days:hh:mm:ss)")
    days, hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def read_rides(path: Path) -> list[Ride]:
    """The rides of McDowell's rides.tsv (every section: human, animal, aborted); InvalidImport naming the line and
    column of a date or duration that cannot be read."""
    from tracker.formats.gcat import _read_table  # one reader of McDowell's tab-separated tables

    rides: list[Ride] = []
    problems: list[str] = []
    for line, row in _read_table(path, RIDE_COLUMNS).records():
        try:
            start = parse_vague_date(row["LDate"]).when.lower
        except InvalidRecord as exc:
            problems.append(f"line {line}, column LDate: {exc}")
            continue
        try:
            length = _ride_length(row["Duration"])
        except InvalidRecord as exc:
            problems.append(f"line {line}, column Duration: {exc}")
            continue
        name = row["Name"].split(",")[0].strip()
        if not name:
            problems.append(f"line {line}, column Name: empty")
            continue
        # Each word of the name is a key, and so is the last word whole ("Stefanyshyn-Piper", "Chang-Diaz")
        words = {surname_key(word) for word in re.split(r"[\s-]+", name)} | {surname_key(name.split()[-1])}
        rides.append(Ride(name, frozenset(words), start, start + length, row["HSFID"]))
    if problems:
        raise InvalidImport(problems, str(path))
    return rides


def read_missions(path: Path) -> dict[str, Mission]:
    """McDowell's missions.tsv by HSFID."""
    from tracker.formats.gcat import _read_table

    return {row["HSFID"]: Mission(row["Desig"], row["Ship"], row["Callsign"], row["Station"], row["Project"])
            for _, row in _read_table(path, MISSION_COLUMNS).records()}


def _walkers(crew: str) -> list[str]:
    return [name for name in (" ".join(part.split()) for part in _CREW_SEPARATOR.split(crew)) if name]


def _surname(name: str) -> str:
    """The surname as a title shows it: the name less its first word ("Van Hoften", "Caldwell Dyson")."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 else name


def _plain(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


@dataclass
class _Eva:
    """A row read: everything an event needs except its title's number and its slug's suffix."""

    line: int
    number: str
    names: list[str]
    rides: list[Ride]
    first: date
    last: date
    zone: str
    length: timedelta
    flight_name: str
    purpose: str
    vehicle: str
    notes: list[str]
    sources: list[str]

    @property
    def cancelled(self) -> bool:
        return self.length == timedelta(0)


class _Matcher:
    """Finds the ride of a walker named in the table: by surname and by being in space on the EVA's day."""

    def __init__(self, rides: list[Ride]) -> None:
        self.by_key: dict[str, list[Ride]] = defaultdict(list)
        for ride in rides:
            for word in ride.words:
                self.by_key[word].append(ride)

    def ride(self, name: str, lower: datetime, upper: datetime) -> Ride:
        """The one ride of a person called `name` overlapping [lower, upper); InvalidRecord when none or several."""
        key = surname_key(name.split()[-1])
        found = [ride for ride in self.by_key.get(key, []) if ride.start < upper and lower < ride.end]
        found = list({ride.name + ride.mission: ride for ride in found}.values())
        if len(found) > 1:  # two people of one surname in space that day: the first initial tells them apart
            found = [ride for ride in found if fold(ride.name)[:1] == fold(name)[:1]] or found
        if not found:
            raise InvalidRecord(f"{name!r} matches no one in space on that day in McDowell's rides (a misspelling "
                                "to add to NAME_CORRECTIONS?)")
        if len(found) > 1:
            raise InvalidRecord(f"{name!r} matches {len(found)} people in space on that day: "
                                f"{', '.join(ride.name for ride in found)}")
        return found[0]


def _flight_name(row: dict[str, str], vehicle: str, ride: Ride, missions: dict[str, Mission]) -> str:
    """The flight as writers name it: "Expedition 36" for an ISS increment; for a Soviet or Russian EVA before the
    ISS, "Mir EO-16" when the table gives Mir's expedition number, else the walker's own Soyuz or Voskhod
    ("Voskhod 2", "Soyuz T-10"); else the table's vehicle up to any "/" ("STS-61", "Gemini IV")."""
    if increment := _INCREMENT.search(vehicle):
        return f"Expedition {int(increment[1])}"
    if row["Country"].strip() == "Russia":
        if expedition := _MIR_EXPEDITION.search(vehicle):
            return f"Mir EO-{int(expedition[1])}"
        if ride.mission in missions:
            return _spaced(missions[ride.mission].ship)
    return " ".join(vehicle.split("/")[0].split())


def _spaced(ship: str) -> str:
    """McDowell's ship name as writers write it: "Voskhod-2" -> "Voskhod 2", "Soyuz-26" -> "Soyuz 26"."""
    return re.sub(r"^(\w+)-(\d)", r"\1 \2", ship)


def _place(ride: Ride, missions: dict[str, Mission]) -> str:
    mission = missions.get(ride.mission)
    if mission is None:
        return "Earth orbit"
    if mission.station in STATIONS:
        return STATIONS[mission.station]
    if mission.project == "STS" and mission.callsign not in ("", "-"):
        return f"Space Shuttle {mission.callsign}"
    return _spaced(mission.ship) + " spacecraft"


def _read_row(line: int, row: dict[str, str], matcher: _Matcher, missions: dict[str, Mission]) -> _Eva | None:
    """The row as an EVA, or None for a row ROW_CORRECTIONS drops; InvalidRecord naming line and column."""
    number, stated_date = row["EVA #"].strip(), row["Date"].strip()
    correction = ROW_CORRECTIONS.get((number, stated_date))
    if correction is not None and correction.drop:
        return None
    crew = correction.crew if correction and correction.crew else row["Crew"]
    vehicle = correction.vehicle if correction and correction.vehicle else row["Vehicle"]
    notes = [f"Corrected: {correction.reason}."] if correction else []
    sources = [EVA_URL, *([correction.source] if correction and correction.source != EVA_URL else [])]
    try:
        first, last = parse_eva_date(stated_date)
    except InvalidRecord as exc:
        raise InvalidRecord(f"line {line}, column Date: {exc}") from None
    try:
        length = parse_duration(row["Duration"])
    except InvalidRecord as exc:
        raise InvalidRecord(f"line {line}, column Duration: {exc}") from None
    houston = row["Country"].strip() == "USA" or "ISS" in vehicle or _INCREMENT.search(vehicle)
    zone = HOUSTON if houston else MOSCOW
    lower = When(datetime(first.year, first.month, first.day), Precision.DAY, zone).lower  # noqa: DTZ001 - local
    upper = When(datetime(last.year, last.month, last.day), Precision.DAY, zone).upper  # noqa: DTZ001 - local
    names, rides = [], []
    for written in _walkers(crew):
        name = NAME_CORRECTIONS.get(written, written)
        if name != written:
            notes.append(f"The table spells {_surname(name)} {written!r}.")
            if RIDES_URL not in sources:
                sources.append(RIDES_URL)
        try:
            rides.append(matcher.ride(name, lower, upper))
        except InvalidRecord as exc:
            raise InvalidRecord(f"line {line}, column Crew: {exc}") from None
        names.append(name)
    if not rides:
        raise InvalidRecord(f"line {line}, column Crew: no walker named")
    return _Eva(line, number, names, rides, first, last, zone, length,
                _flight_name(row, vehicle, rides[0], missions), _fix_text(row["Purpose"]), " ".join(vehicle.split()),
                notes, sources)


def _length_text(length: timedelta) -> str:
    hours, minutes = divmod(int(length.total_seconds()) // 60, 60)
    return f"{hours} h {minutes:02d} min"


def _event(eva: _Eva, number: int | None, slug: str, missions: dict[str, Mission]) -> EventRecord:
    surnames = ", ".join(_surname(name) for name in eva.names)
    if eva.cancelled:
        title = f"{eva.flight_name} spacewalk ({surnames}), called off"
        said = "Called off: no one went outside (NASA's table gives it 0:00)."
    else:
        title = f"{eva.flight_name} spacewalk{f' {number}' if number else ''} ({surnames})"
        said = f"Spacewalk of {_length_text(eva.length)}."
    calendar = "Houston" if eva.zone == HOUSTON else "Moscow"
    numbered = f"EVA no. {eva.number} of NASA's table" if eva.number else "a row NASA's table does not number"
    summary = " ".join(filter(None, (said, eva.purpose, f"Dates are {calendar} days; {numbered} ({eva.vehicle}).",
                                     *eva.notes)))
    start = When(datetime(eva.first.year, eva.first.month, eva.first.day), Precision.DAY, eva.zone)  # noqa: DTZ001
    end = When(datetime(eva.last.year, eva.last.month, eva.last.day), Precision.DAY, eva.zone)  # noqa: DTZ001
    mission = missions.get(eva.rides[0].mission)
    return EventRecord(
        slug=slug, title=title, kind=EventKind.SPACEWALK,
        status=EventStatus.CANCELLED if eva.cancelled else EventStatus.OCCURRED,
        span=Span(start, end if eva.last != eva.first else None), timezone=eva.zone,
        place=_place(eva.rides[0], missions), summary=summary,
        people=list(dict.fromkeys(Participant(ride.name, "spacewalker") for ride in eva.rides)),
        sources=eva.sources, aliases=[f"{eva.flight_name} EVA {number}"] if number else [],
        flight=mission.designation if mission else None)


def read_nasa_eva(path: Path, rides: Path | None = None, missions: Path | None = None) -> Dataset:
    """The spacewalks of NASA's EVA table as events, their walkers matched to McDowell's rides.tsv and flights to
    missions.tsv (both by default beside the table, plain or .gz). Every row is checked first: InvalidImport,
    naming the table, lists each problem with its line and column."""
    rides_path = _companion(path, rides, "rides.tsv", "rides")
    missions_path = _companion(path, missions, "missions.tsv", "missions")
    matcher = _Matcher(read_rides(rides_path))
    flights = read_missions(missions_path)
    evas: list[_Eva] = []
    problems: list[str] = []
    for line, row in _rows(path):
        try:
            eva = _read_row(line, row, matcher, flights)
        except InvalidRecord as exc:
            problems.append(str(exc))
            continue
        if eva is not None:
            evas.append(eva)
    if problems:
        raise InvalidImport(problems, str(path))
    performed = Counter(eva.flight_name for eva in evas if not eva.cancelled)
    counted: Counter[str] = Counter()
    slugs: Counter[str] = Counter()
    events = []
    for eva in sorted(evas, key=lambda eva: (eva.first, eva.line)):  # numbered in the order they took place
        number = None
        if not eva.cancelled:
            counted[eva.flight_name] += 1
            number = counted[eva.flight_name] if performed[eva.flight_name] > 1 else None
        base = f"eva-{eva.first.isoformat()}-" + "-".join(_plain(_surname(name).split()[-1]) for name in eva.names)
        slugs[base] += 1
        event = _event(eva, number, base if slugs[base] == 1 else f"{base}-{slugs[base]}", flights)
        try:
            check_record(event, f"line {eva.line}")
        except InvalidRecord as exc:
            problems.append(str(exc))
            continue
        events.append(event)
    if problems:
        raise InvalidImport(problems, str(path))
    places = [PlaceRecord(name, None) for name in dict.fromkeys(event.place for event in events if event.place)]
    return Dataset(places=places, sources=[EVA_SOURCE], events=events)


def _companion(table: Path, given: Path | None, name: str, option: str) -> Path:
    """The path of McDowell's rides.tsv or missions.tsv: as given, else beside the EVA table (plain or .gz)."""
    path = given if given is not None else table.parent / name
    if given is None and not path.is_file():
        path = path.with_name(name + ".gz")
    if not path.is_file():
        where = f"was not found at {path}" if given is not None else \
            f"is not beside the EVA table (no {table.parent / name} or {name}.gz)"
        raise InvalidImport([f"McDowell's {name} {where}: give its path as the {option!r} companion "
                             f"(the {option!r} argument of read_nasa_eva)"], str(table))
    return path


def read(path: Path, options: ReadOptions) -> Incoming:
    """The format registry's reader: NASA's EVA table with McDowell's rides.tsv and missions.tsv as companions
    ("rides", "missions"; by default beside the table), validated whole."""
    dataset = read_nasa_eva(path, options.companions.get("rides"), options.companions.get("missions"))
    return Incoming(dataset, size=len(dataset.events))
