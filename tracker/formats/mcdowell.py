"""Jonathan C. McDowell's human-spaceflight lists (missions.tsv with rides.tsv) read as crews, launches and landings.

McDowell's lists (https://planet4589.org/space/astro/) have one row per crewed flight (missions.tsv: launch and
ship landing in UTC) and one per person per flight (rides.tsv: name, role, that person's own duration and the
ships and stations flown, "Segments"). They become:

- one person per McDowell person ID (AS-#####), named as writers name them (`written_name`: first given name and
  surname, "Neil Alden Armstrong" -> "Neil Armstrong"; data/mcdowell-names.tsv for the famous forms rules cannot
  make, "Buzz Aldrin", "Alexei Leonov"), with McDowell's full forms (the Name column up to its first comma), the
  original-script name and English name from the Stavnichuk & Corlett astronaut database (data/tidytuesday) and
  French forms as aliases. A person the bundled curated data already has ("Butch Wilmore", alias "Barry Wilmore")
  takes the curated name, so the store finds one person for one human.
- one launch per mission (chimp flights are skipped: tracker's people are humans): slug `mcdowell-<hsfid>`, the
  GCAT launch tag as `designation` and `flight`, the crew in ride order with their roles in plain words
  ("flight engineer (Bortinzhener)"). `given` is people, flight and sources: merged into the stored GCAT launch of
  the same designation, it adds the crew and leaves GCAT's title and date alone; a mission GCAT lacks (suborbital
  flights, 2025 flights) is a whole event of its own. Pad aborts that never left the ground (Shuttle engine
  shutdowns, Gemini VI-A, X-15 drops called off) are `scrubbed`; an abort in flight is a failed launch.
- one landing per ended flight, at the precision McDowell gives (a `?` keeps only the day: GCAT's Vague Date rule,
  which these lists share), naming who came home aboard that ship: the last ship in each person's Segments (a
  crew member who came home on another ship is named on that ship's landing; Starliner CFT landed empty). Losses
  (data/mcdowell-losses.tsv) are landings with outcome failure and a summary saying how the crew died.
- data/mcdowell-crews.tsv gives the crews McDowell's rides (May 2024) lack and where the rides then still in space
  came home; data/mcdowell-landing-places.tsv the landing place of each programme and the calendar its dates are
  read in; `CORRECTIONS` the values of the files known wrong, each with its source.

The whole file is checked first: InvalidImport lists every problem with its line and column, and nothing is
returned. `read_mcdowell` is the entry point; `read` is the format registry's (`tracker import missions.tsv
[--rides rides.tsv]`, rides.tsv(.gz) by default beside the missions list).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from tracker.bundled import MCDOWELL_URL, data_directory, dataset_files
from tracker.dates.when import Precision, Span, When
from tracker.errors import InvalidImport, InvalidRecord
from tracker.formats import Incoming, ReadOptions
from tracker.formats.gcat import VagueDate, parse_vague_date, updated_stamp
from tracker.names import fold
from tracker.records import (
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Outcome,
    Participant,
    PersonRecord,
    PlaceRecord,
    SourceRecord,
    check_record,
    record_problems,
)

MISSION_COLUMNS = ("HSFID", "HSFTAG", "Desig", "Ship", "LDate", "EDate", "Dur", "Program", "Project", "MType")
"""The missions.tsv columns read (the file has a few more, ignored)."""
RIDE_COLUMNS = ("RoleCode", "Mission", "HSFID", "Role", "Name", "ID", "LDate", "Duration", "Segments")
"""The rides.tsv columns read."""

MCDOWELL_SOURCE = SourceRecord(url=MCDOWELL_URL, title="Human spaceflight missions and crew rides",
                               publisher="planet4589.org", author="Jonathan C. McDowell", language="en")
ATTRIBUTION = "Data: Jonathan C. McDowell, planet4589.org."

GIVEN_FOR_LAUNCHES = frozenset({"people", "flight", "sources"})
"""What a launch from these lists states about a launch another catalogue (GCAT) also holds: its crew, its flight
and the page; GCAT's title, date, place and outcome stay."""
GIVEN_FOR_CURATED = frozenset({"flight", "designation"})
"""What a launch or landing states about one the bundled curated data already describes (by its own slug): only
its flight (and a launch its designation). Not its sources: the curated document states its own list again at
each seeding, and the store's union puts the re-imported list first, so an added page would move back and forth."""

_HSFID = re.compile(r"H\d{5}|HA\d{4}|HB\d{4}")
_PERSON_ID = re.compile(r"A[SF]-\d{5}")
_DURATION = re.compile(r"(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?(?::(\d{1,2}))?[*?]?")


@dataclass(frozen=True)
class Correction:
    """A value of McDowell's files known wrong, replaced when read; only the value as stated is replaced, so a
    newer file that has fixed it is read as it is."""

    table: str
    """"missions" or "rides"."""
    key: str
    """The row: its HSFID (missions) or "HSFID/person ID" (rides)."""
    column: str
    stated: str
    corrected: str
    source: str
    reason: str


CORRECTIONS = (
    Correction("missions", "H00286", "EDate", "2010 Mar 17 1124:04", "2010 Mar 18 1124:04",
               "http://www.energia.ru/en/iss/iss21/news_03-18.html",
               "Soyuz TMA-16 landed on 18 March 2010 at 14:25 Moscow time (11:24 UTC), RSC Energia's mission control "
               "report; McDowell's list has the day before."),
    Correction("rides", "H00286/AS-00512", "Duration", "168:04:09:19", "169:04:09:19",
               "http://www.energia.ru/en/iss/iss21/news_03-18.html",
               "Suraev's ride ended with Soyuz TMA-16's landing."),
    Correction("rides", "H00286/AS-00400", "Duration", "168:04:09:19", "169:04:09:19",
               "http://www.energia.ru/en/iss/iss21/news_03-18.html",
               "Williams's ride ended with Soyuz TMA-16's landing."),
)

# Roles as McDowell titles them (seat numbers, astronaut codes and "/MS1" dropped), in plain words. A title that
# is already plain English stays as it is; another keeps McDowell's own word beside the plain one.
PLAIN_ROLES: dict[str, str] = {
    "commander": "commander", "komandir": "commander", "spacecraft commander": "commander",
    "mission commander": "commander", "zhilingzhang": "commander", "zhihuizhang": "commander",
    "joint ops. commander": "commander", "command pilot": "command pilot", "pilot": "pilot", "copilot": "copilot",
    "senior pilot": "senior pilot", "seven pilot": "pilot", "vtoroy pilot": "second pilot",
    "command module pilot": "command module pilot", "lunar module pilot": "lunar module pilot",
    "docking module pilot": "docking module pilot", "science pilot": "science pilot",
    "bortinzhener": "flight engineer", "flight engineer": "flight engineer",
    "hangtian feixing gongchengshi": "flight engineer", "inzhener-ispitatel'": "test engineer",
    "mission specialist": "mission specialist", "payload commander": "payload commander",
    "payload specialist": "payload specialist", "zaihe zhuanjia": "payload specialist",
    "kosmonavt-issledovatel'": "research cosmonaut", "kosmonavt": "cosmonaut", "nauchniy sotrudnik": "researcher",
    "vrach-kosmonavt": "physician cosmonaut", "vrach-issledovatel'": "research physician", "vrach": "physician",
    "medical officer": "medical officer", "uchastnik kos. poleta": "spaceflight participant",
    "tourist seat": "spaceflight participant", "passenger": "spaceflight participant",
    "hangtianyuan": "astronaut", "guidaocang hangtianyuan": "astronaut",
    "fanhuicang zhishou hang.": "astronaut", "caozou shou": "operator", "caozuoshou": "operator",
    "shiyan yuan": "experimenter", "astronaut": "astronaut", "astronaut instructor": "astronaut instructor",
    "chief astronaut instructor": "chief astronaut instructor",
}
_SEAT = re.compile(r"(?:[ -]?\d+|\s+A\d{3}|\s*\(EV\d\)|\s*/\s*(?:MS|PLC)\s*\d*|/PLC)+$")
_SEGMENT_ROLES = {"KDR": "commander (Komandir)", "CDR": "commander", "PLT": "pilot",
                  "BI": "flight engineer (Bortinzhener)", "FE": "flight engineer", "MS": "mission specialist",
                  "UP": "spaceflight participant"}
"""The role codes of Segments ("TMA16:5/KDR"): the role held on the ship a person came home on."""

# The agency that flew each programme, named as the store names it (data/core.json), for the missions no other
# catalogue holds. Soviet flights, all in GCAT, get none here.
PROGRAM_AGENCIES = {"NASA": "NASA", "X-15": "NASA", "CN": "CMSA", "SPX": "SpaceX", "BOCC": "Boeing",
                    "AXIOM": "Axiom", "BLOR": "Blue Origin", "VG": "Virgin Galactic", "SCL": "Scaled Composites"}
_SAME_BASE = {"NS", "VG", "SS1", "X-15"}
"""Programmes whose ships take off from and come back to one base: their launches are placed there too."""

# How writers name the ships McDowell names otherwise (his "Soyuz-11" is Soyuz 11, "Vostok" Vostok 1, "Freedom
# Seven" Freedom 7); the mission name replaces the ship's where his ship name is a vehicle ("X-15-3", "Soyuz T").
_SHIP_NAMES = {"Vostok": "Vostok 1", "Voskhod": "Voskhod 1", "Soyuz": "Soyuz 18a", "Soyuz T": "Soyuz T-10-1",
               "(Gemini VI-A)": "Gemini VI-A", "Apollo ASTP": "Apollo (Apollo-Soyuz)", "Dragon DM-2":
               "Crew Dragon Demo-2", "MR-2": "Mercury-Redstone 2", "MA-5": "Mercury-Atlas 5"}

_SUFFIXES = {"jr", "jr.", "ii", "iii", "iv", "ph.d.", "phd", "md", "m.d.", "dvm", "(ret)", "ret."}
_PARTICLES = {"de", "van", "von", "da", "di", "del", "der", "le", "la", "dos", "du"}
_NICKNAME = re.compile(r"['\"]([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)['\"]")
_INITIAL = re.compile(r"(?:[A-Z]\.?){1,3}")
_YURIY = re.compile(r"\bYuriy\b")
_IY = re.compile(r"(?<=[a-z])iy\b")
_SOFT_SIGN = re.compile(r"(?<=[a-z])'(?=[a-z-])")
_RANK_AFTER_STOP = re.compile(r"\.\s+(?=(?:Sr|Snr|Col|Lt|Maj|Capt|Ph)\b)")


def full_form(name: str) -> str:
    """McDowell's full form of a person's name: the Name column up to its first comma ("Neil Alden Armstrong")."""
    return name.split(",")[0].strip()


@lru_cache(maxsize=4096)
def written_name(full: str) -> str:
    """The name as writers write it, from McDowell's full form: the first given name that is not an initial (or the
    one he marks `*`, or a quoted nickname) and the surname, with his transliteration's "-iy" and soft signs
    written as English does ("Yuriy Alekseevich Gagarin" -> "Yuri Gagarin", "Georgiy Dobrovol'skiy" -> "Georgy
    Dobrovolsky", "T. Niklaus 'Nick' Hague" -> "Nick Hague"). One word stays as it is."""
    text = _RANK_AFTER_STOP.split(full)[0]  # "Zhang Lu. Sr.Col. PLASSF": a rank after a stray full stop
    nickname = _NICKNAME.search(text)
    words = [word for word in _NICKNAME.sub(" ", text).split() if word.lower() not in _SUFFIXES]
    if len(words) < 2:
        return full
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    surname = " ".join(word.lstrip("*") for word in words[start:])
    given = words[:start]
    starred = [word for word in given if word.startswith("*")]
    first = nickname[1] if nickname else starred[0] if starred else next(
        (word for word in given if not _INITIAL.fullmatch(word)), given[0])
    return _english(f"{first.lstrip('*')} {surname}")


def _english(name: str) -> str:
    """McDowell's Russian transliteration as English writers have it: "Yuriy" is "Yuri", "-iy" is "-y", and the
    soft sign (an apostrophe between lower-case letters, never O'Hara's) is dropped."""
    return _SOFT_SIGN.sub("", _IY.sub("y", _YURIY.sub("Yuri", name)))


def plain_role(title: str) -> str:
    """A role in plain words, keeping McDowell's own title when it differs: "Bortinzhener-1" -> "flight engineer
    (Bortinzhener)", "Mission Specialist 2" -> "mission specialist", "Command Pilot" -> "command pilot"."""
    base = _SEAT.sub("", title.strip()).strip()
    plain = PLAIN_ROLES.get(base.lower())
    if plain is None:
        return base.lower()
    return plain if plain == base.lower() else f"{plain} ({base})"


def ship_title(ship: str, mission: str) -> str:
    """The ship as writers name it: "Soyuz-11" -> "Soyuz 11", "Freedom Seven" -> "Freedom 7", "X-15-3" on
    mission "X-15 3-65-97" -> "X-15 flight 3-65-97"."""
    if ship in _SHIP_NAMES:
        return _SHIP_NAMES[ship]
    if ship.startswith("X-15") and mission.startswith("X-15 "):
        return f"X-15 flight {mission.removeprefix('X-15 ')}"
    if ship.startswith("SS1 "):
        return f"SpaceShipOne flight {ship.removeprefix('SS1 ')}"
    if ship.startswith("VMS Unity "):
        return f"VSS Unity {ship.removeprefix('VMS Unity ')}"
    if ship.startswith("Dragon Crew-"):
        return ship.removeprefix("Dragon ")
    ship = re.sub(r"^(Vostok|Voskhod|Soyuz)-(\d+)$", r"\1 \2", ship)
    return re.sub(r" Seven$", " 7", ship)


@lru_cache(maxsize=4096)
def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# -- reading the files --------------------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    """The file's lines; a name ending in .gz is read through gzip (how tracker ships the lists)."""
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError) as exc:
        raise InvalidImport([f"cannot read the file: {getattr(exc, 'strerror', None) or exc}"], str(path)) from None
    try:
        return data.decode("utf-8").replace("\r\n", "\n").split("\n")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidImport([f"line {line}: not UTF-8 text ({exc.reason})"], str(path)) from None


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of one of McDowell's tables (header line starting "#", further "#" lines comments), each the
    `required` columns stripped, with its line number; InvalidImport for a missing column or a row of the wrong
    width."""
    lines = _lines(path)
    header = [name.strip() for name in lines[0].lstrip("#").split("\t")]
    missing = [f"line 1: missing column {name!r}" for name in required if name not in header]
    if missing:
        raise InvalidImport(missing, str(path))
    positions = [header.index(name) for name in required]
    rows: list[tuple[int, dict[str, str]]] = []
    problems = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        values = line.split("\t")
        if len(values) != len(header):
            problems.append(f"line {number}: {len(values)} tab-separated fields, the header has {len(header)}")
            continue
        rows.append((number, {name: values[at].strip() for name, at in zip(required, positions, strict=True)}))
    if problems:
        raise InvalidImport(problems, str(path))
    return rows


def _corrected(table: str, key: str, row: dict[str, str]) -> dict[str, str]:
    for correction in CORRECTIONS:
        if correction.table == table and correction.key == key and row.get(correction.column) == correction.stated:
            row = {**row, correction.column: correction.corrected}
    return row


@dataclass
class _Mission:
    line: int
    hsfid: str
    tag: str
    designation: str
    ship: str
    launched: VagueDate
    ended: VagueDate | None
    seconds: int | None
    """The ship's flight time, when McDowell gives it."""
    program: str
    project: str
    kind: str
    rides: list[_Ride] = field(default_factory=list)


@dataclass
class _Ride:
    line: int
    hsfid: str
    person: str
    name: str
    role: str
    mission: str
    home: str | None
    """The HSFTAG of the ship this person came home on, None when still in space or unknown."""
    home_role: str = ""


def _duration(text: str) -> int | None:
    """McDowell's days:hh:mm:ss (or days:hh:mm) as seconds; None for "*" (in progress) or unreadable text."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or text.strip().endswith("*"):
        return None
    days, *rest = (int(part) if part else None for part in match.groups())
    parts = [part for part in rest if part is not None]
    seconds = (days or 0) * 86400
    for unit, value in zip((3600, 60, 1), parts, strict=False):
        seconds += unit * value
    return seconds


def _date(value: str, line: int, column: str, problems: list[str]) -> VagueDate | None:
    try:
        return parse_vague_date(value)
    except InvalidRecord as exc:
        problems.append(f"line {line}, column {column}: {exc}")
        return None


def _missions(path: Path, problems: list[str]) -> dict[str, _Mission]:
    found: dict[str, _Mission] = {}
    for line, raw in _rows(path, MISSION_COLUMNS):
        if not _HSFID.fullmatch(raw["HSFID"]):
            problems.append(f"line {line}, column HSFID: {raw['HSFID']!r} is not a mission ID (H00046, HA0011)")
            continue
        row = _corrected("missions", raw["HSFID"], raw)
        launched = _date(row["LDate"], line, "LDate", problems)
        ended = None if row["EDate"] in ("-", "") else _date(row["EDate"], line, "EDate", problems)
        if row["MType"] not in ("FLT", "ABORT", "BIO"):
            problems.append(f"line {line}, column MType: {row['MType']!r} is not FLT, ABORT or BIO")
            continue
        if not row["Desig"] or not row["HSFTAG"] or not row["Ship"]:
            empty = next(name for name in ("Desig", "HSFTAG", "Ship") if not row[name])
            problems.append(f"line {line}, column {empty}: empty")
            continue
        if launched is None or (ended is None and row["EDate"] not in ("-", "")):
            continue
        if row["HSFID"] in found:
            problems.append(f"line {line}, column HSFID: {row['HSFID']} also on line {found[row['HSFID']].line}")
            continue
        found[row["HSFID"]] = _Mission(line, row["HSFID"], row["HSFTAG"], " ".join(row["Desig"].split()),
                                       row["Ship"], launched, ended, _duration(row["Dur"]), row["Program"],
                                       row["Project"], row["MType"])
    return found


def _home(segments: str, own: str, ships: set[str]) -> tuple[str | None, str]:
    """The ship a ride came home on and the role code it held there: the last ship in Segments ("LM5:4,A11:6" ->
    A11, "D7EO18,STS71:3/MS4" -> STS71 as MS4; station segments such as "D7EO18" are skipped), the ride's own ship
    when Segments is "-", None when no ship is named."""
    if segments in ("", "-"):
        return own, ""
    for token in reversed([token for token in segments.split(",") if token.strip()]):
        name, _, role = token.partition("/")
        tag = name.split(":")[0].strip()
        if tag in ships:
            return tag, role.strip()
    return None, ""


def _rides(path: Path, missions: dict[str, _Mission], problems: list[str]) -> None:
    """Read rides.tsv into the missions' `rides`; each ride's ship home from its Segments (or `_still_flying`)."""
    ships = {mission.tag for mission in missions.values()} | set(UNCREWED_RETURNS)
    for line, raw in _rows(path, RIDE_COLUMNS):
        hsfid = raw["HSFID"]
        if hsfid.startswith("HB"):
            continue  # chimp rides
        if hsfid not in missions:
            problems.append(f"line {line}, column HSFID: {hsfid!r} is not in the missions list")
            continue
        if not _PERSON_ID.fullmatch(raw["ID"]):
            problems.append(f"line {line}, column ID: {raw['ID']!r} is not a person ID (AS-00030, AF-00001)")
            continue
        if not full_form(raw["Name"]):
            problems.append(f"line {line}, column Name: empty")
            continue
        row = _corrected("rides", f"{hsfid}/{raw['ID']}", raw)
        mission = missions[hsfid]
        in_space = row["Duration"].endswith("*")
        home, home_role = (None, "") if in_space else _home(row["Segments"], mission.tag, ships)
        mission.rides.append(_Ride(line, hsfid, row["ID"], row["Name"], row["Role"], row["Mission"] or mission.ship,
                                   home, home_role))


UNCREWED_RETURNS = ("S34", "MS23")
"""Ships launched without a crew that brought one home (Soyuz 34, Soyuz MS-23): missions.tsv, a list of crewed
launches, has no row for them, so their landings are not events here (the README says so)."""


# -- the bundled tables -------------------------------------------------------------------------------------


def _table(name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """A bundled tab-separated table of ours (data/<name>), its header the column names; InvalidImport naming the
    line for a row of the wrong width or without a source."""
    path = data_directory() / name
    lines = path.read_text(encoding="utf-8").splitlines()
    header = tuple(lines[0].split("\t"))
    if header != columns:
        raise InvalidImport([f"line 1: columns {header}, expected {columns}"], str(path))
    rows, problems = [], []
    for number, line in enumerate(lines[1:], start=2):
        values = line.split("\t")
        if len(values) != len(columns):
            problems.append(f"line {number}: {len(values)} fields, expected {len(columns)}")
        elif "source" in columns and not values[columns.index("source")].strip():
            problems.append(f"line {number}: no source")
        else:
            rows.append((number, dict(zip(columns, (value.strip() for value in values), strict=True))))
    if problems:
        raise InvalidImport(problems, str(path))
    return rows


@dataclass(frozen=True)
class LandingPlace:
    """Where a programme's ships come home, the zone of its clocks, and the calendar its dates are read in."""

    place: str | None
    timezone: str | None
    calendar: str | None
    """The zone whose days writers use for these landings (Moscow time for Soviet and Russian ones), when it is
    not the place's own."""


def landing_places() -> dict[str, LandingPlace]:
    """data/mcdowell-landing-places.tsv by key: a McDowell Project code ("Soyuz", "SZ") or one mission's HSFID."""
    return {row["key"]: LandingPlace(row["place"] or None, row["timezone"] or None, row["calendar"] or None)
            for _, row in _table("mcdowell-landing-places.tsv",
                                 ("key", "place", "timezone", "calendar", "source", "note"))}


def _losses() -> dict[str, str]:
    return {row["hsfid"]: row["summary"] for _, row in _table("mcdowell-losses.tsv", ("hsfid", "summary", "source"))}


@dataclass(frozen=True)
class _Named:
    name: str
    aliases: tuple[str, ...]


def _name_overrides() -> dict[str, _Named]:
    return {row["id"]: _Named(row["name"], tuple(filter(None, (part.strip() for part in row["aliases"].split(";")))))
            for _, row in _table("mcdowell-names.tsv", ("id", "name", "aliases", "source"))}


@dataclass(frozen=True)
class _Added:
    line: int
    hsfid: str
    person: str
    role: str
    landed_on: str | None


def _added_crews() -> list[_Added]:
    return [_Added(line, row["hsfid"], row["person"], row["role"], row["landed_on"] or None)
            for line, row in _table("mcdowell-crews.tsv", ("hsfid", "person", "role", "landed_on", "source"))]


@dataclass
class _Known:
    """What the Stavnichuk & Corlett database (data/tidytuesday) says of one person."""

    latin: str
    original: str
    nationality: str | None


NATIONALITIES = {
    "U.S.": "US", "U.S.S.R/Ukraine": "UA", "Japan": "JP", "France": "FR", "Canada": "CA", "Germany": "DE",
    "China": "CN", "Italy": "IT", "Switzerland": "CH", "Australia": "AU", "Netherland": "NL", "Belgium": "BE",
    "Bulgaria": "BG", "U.K.": "GB", "Spain": "ES", "Sweden": "SE", "Mongolia": "MN", "Romania": "RO",
    "Czechoslovakia": "CS", "Poland": "PL", "Hungry": "HU", "Vietnam": "VN", "Cuba": "CU", "India": "IN",
    "Saudi Arabia": "SA", "Mexico": "MX", "Syria": "SY", "Afghanistan": "AF", "Austria": "AT", "Slovakia": "SK",
    "Republic of South Africa": "ZA", "Israel": "IL", "Brazil": "BR", "Malysia": "MY", "Korea": "KR",
    "Denmark": "DK", "Kazakhstan": "KZ", "UAE": "AE",
}
"""The database's nationality (its spellings, "Hungry" and "Malysia" among them) as an ISO 3166 code; its
"U.S.S.R/Russia" is SU for a person whose flights all ended before 1992 and RU otherwise, and "U.K./U.S." (dual)
gets none."""


@lru_cache(maxsize=8192)
def _skeleton(text: str) -> str:
    """A transliteration-proof key: the consonants of a name, folded, "kh" as "h", repeats once ("Krikalyov" and
    "Krikalev" are both "krklv")."""
    letters = _NOT_LETTER.sub("", fold(text).replace("kh", "h"))
    return _REPEATED.sub(r"\1", _VOWELS.sub("", letters))


_NOT_LETTER = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiouyjw]")
_REPEATED = re.compile(r"(.)\1+")


def _original(text: str) -> str | None:
    """The original-script name as writers order it: "ГАГАРИН Юрий Алексеевич" and "Виктор Петрович Савиных" ->
    "Юрий Гагарин", "Виктор Савиных"; a name in Latin letters or without spaces (杨利伟) as it is, or None."""
    words = text.split()
    if not words or all(char.isascii() or not char.isalpha() for char in text):
        return None
    if len(words) == 1:
        return text
    upper = [word for word in words if len(word) > 1 and word.isupper()]
    if upper:
        given = next((word for word in words if word not in upper), None)
        surname = " ".join(word.capitalize() for word in upper)
        return f"{given} {surname}" if given else surname
    return f"{words[0]} {words[-1]}" if len(words) == 3 else text


def _tidy_people() -> list[tuple[str, str, set[int], _Known]]:
    """Each person of the bundled astronaut database: surname, given name, years flown, and what it says."""
    path = data_directory() / "tidytuesday" / "astronauts.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    people: dict[str, tuple[str, str, set[int], _Known]] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        latin = row["name"].strip()
        surname, _, given = latin.partition(",") if "," in latin else (latin.split()[-1], "", " ".join(
            latin.split()[:-1]))
        given = given.split(",")[0].strip()
        entry = people.get(row["number"])
        if entry is None:
            nationality = row["nationality"].strip()
            known = _Known(f"{given} {surname.strip()}".strip(), _original(row["original_name"].strip()) or "",
                           NATIONALITIES.get(nationality, "RU" if nationality == "U.S.S.R/Russia" else None))
            entry = people[row["number"]] = (surname.strip(), given, set(), known)
        entry[2].add(int(row["year_of_mission"]))
    return list(people.values())


def _curated_people() -> dict[str, str]:
    """The people of the bundled curated documents: each folded name and alias -> the name."""
    names: dict[str, str] = {}
    for path in dataset_files():
        for person in json.loads(path.read_text(encoding="utf-8")).get("people", []):
            for name in [person["name"], *person.get("aliases", [])]:
                names.setdefault(fold(name), person["name"])
    return names


@dataclass(frozen=True)
class _CuratedLanding:
    slug: str
    day: datetime
    people: frozenset[str]


def _curated_events(kind: str) -> list[_CuratedLanding]:
    """The launches or landings (`kind`) the bundled curated documents describe without a designation another
    catalogue links them by: slug, UTC day, folded names of the people."""
    found = []
    for path in dataset_files():
        for event in json.loads(path.read_text(encoding="utf-8")).get("events", []):
            if event.get("kind") != kind or not event.get("start") or event.get("designation"):
                continue
            when = When.parse(event["start"], "UTC")
            found.append(_CuratedLanding(event["slug"], when.lower.replace(tzinfo=None),
                                         frozenset(fold(item["name"] if isinstance(item, dict) else item)
                                                   for item in event.get("people", []))))
    return found


# -- people --------------------------------------------------------------------------------------------------


@dataclass
class _Person:
    id: str
    forms: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    known: _Known | None = None
    name: str = ""
    aliases: list[str] = field(default_factory=list)


def _people(missions: dict[str, _Mission], added: list[_Added]) -> dict[str, _Person]:
    """Every person of the rides (and of the added crews given by ID), named and with their aliases."""
    people: dict[str, _Person] = {}
    for mission in missions.values():
        for ride in mission.rides:
            person = people.setdefault(ride.person, _Person(ride.person))
            form = full_form(ride.name)
            if form not in person.forms:
                person.forms.append(form)
            person.years.add(mission.launched.when.wall.year)
    _match_database(people)
    overrides = _name_overrides()
    curated = _curated_people()
    for person in people.values():
        candidates = [form for form in person.forms if len(form.split()) > 1] or person.forms
        nicknamed = [form for form in candidates if _NICKNAME.search(form)]
        ruled = written_name(nicknamed[0] if nicknamed else min(candidates, key=len))
        forms = [ruled, *(written_name(form) for form in candidates), *person.forms]
        if person.known is not None:
            forms += [person.known.latin, person.known.original]
        override = overrides.get(person.id)
        matches = {curated[fold(form)] for form in [*forms, *(override.aliases if override else ())]
                   if fold(form) in curated}
        if override is not None:
            person.name = override.name
        elif len(matches) == 1:
            person.name = matches.pop()
        else:
            person.name = ruled
        extra = list(override.aliases) if override else []
        person.aliases = _distinct([ruled, *extra, *(form for form in forms if len(form.split()) > 1 or
                                                      not form.isascii())], person.name)
    _drop_shared_aliases(people)
    for entry in added:
        if not _PERSON_ID.fullmatch(entry.person):
            continue
        if entry.person not in people:
            raise InvalidImport([f"line {entry.line}: person {entry.person} is not in the rides"],
                                "data/mcdowell-crews.tsv")
    return people


def _distinct(names: Iterable[str], name: str) -> list[str]:
    seen = {fold(name)}
    kept = []
    for alias in names:
        key = fold(alias)
        if alias and key not in seen:
            seen.add(key)
            kept.append(alias)
    return kept


def _drop_shared_aliases(people: dict[str, _Person]) -> None:
    """An alias two people share (or one's alias another's name) names neither: the store would make them one."""
    owners: dict[str, set[str]] = defaultdict(set)
    for person in people.values():
        for name in [person.name, *person.aliases]:
            owners[fold(name)].add(person.id)
    for person in people.values():
        person.aliases = [alias for alias in person.aliases if len(owners[fold(alias)]) == 1]


def _match_database(people: dict[str, _Person]) -> None:
    """Find each person of the astronaut database among McDowell's people: the same surname (`_skeleton`), the
    same first consonant of the given name, a flight within two years of one of theirs (the database has some
    years wrong: Yang Liwei's 2003 flight is dated 2005), and no other candidate."""
    index: dict[tuple[str, str], list[_Person]] = defaultdict(list)
    for person in people.values():
        keys = set()
        for form in person.forms:
            words = [word for word in re.split(r"[\s,]+", form) if word.lower() not in _SUFFIXES]
            if len(words) > 1:
                keys.add((_skeleton(words[-1]), _skeleton(words[0])[:1]))
                if len(words) == 2:  # Chinese and Korean names come surname first
                    keys.add((_skeleton(words[0]), _skeleton(words[1])[:1]))
        for key in keys:
            index[key].append(person)
    for surname, given, years, known in _tidy_people():
        candidates = [person for person in index.get((_skeleton(surname), _skeleton(given)[:1]), [])
                      if any(abs(year - flown) <= 2 for year in years for flown in person.years)]
        if len(candidates) == 1 and candidates[0].known is None:
            candidates[0].known = known


def _nationality(person: _Person) -> str | None:
    if person.known is None:
        return None
    if person.known.nationality == "RU" and max(person.years) < 1992:
        return "SU"
    return person.known.nationality


# -- events ---------------------------------------------------------------------------------------------------


def _dated(date: VagueDate, shown: str | None, own: str | None) -> tuple[Span, str | None]:
    """The span and own zone of an event at McDowell's date. A time keeps its UTC offset and is shown in `shown`
    (the event's `own` zone, else its place's, the zone the store reads it back in); a day (or coarser) is a UTC
    calendar day, so the event's own zone is UTC (as GCAT's are)."""
    when = date.when
    if when.precision > Precision.DAY:
        return Span(When(when.wall, when.precision, own or shown, 0)), own
    return Span(When(when.wall, when.precision, "UTC")), "UTC"


def _scrubbed(mission: _Mission) -> bool:
    """A pad abort: the attempt ended in under a minute without leaving the ground (RSLS shutdowns, Gemini VI-A,
    X-15 drops called off; McDowell's ship time 0 or 1 s, or none)."""
    return mission.kind == "ABORT" and (mission.seconds or 0) < 60


def _launch_outcome(mission: _Mission) -> Outcome | None:
    if _scrubbed(mission):
        return None
    if mission.kind == "ABORT" or "-F" in mission.designation:
        return Outcome.FAILURE
    return Outcome.SUCCESS


def _place_for(mission: _Mission, places: dict[str, LandingPlace]) -> LandingPlace | None:
    return places.get(mission.hsfid) or places.get(mission.project)


class _Builder:
    def __init__(self, missions: dict[str, _Mission], people: dict[str, _Person], added: list[_Added]) -> None:
        self.missions = missions
        self.people = people
        self.by_tag = {mission.tag: mission for mission in missions.values()}
        self.places = landing_places()
        self.losses = _losses()
        self.curated = _curated_events("landing")
        self.curated_launches = _curated_events("launch")
        self.curated_slugs = {landing.slug for landing in self.curated}
        self.extra_people: dict[str, PersonRecord] = {}
        self.crews: dict[str, list[Participant]] = defaultdict(list)
        self.homecomings: dict[str, list[tuple[int, Participant]]] = defaultdict(list)
        self.places_named: dict[str, PlaceRecord] = {}
        self._collect(added)

    def _named(self, person: str) -> str:
        if _PERSON_ID.fullmatch(person):
            return self.people[person].name
        self.extra_people.setdefault(person, PersonRecord(person))
        return person

    def _collect(self, added: list[_Added]) -> None:
        returns = {(entry.hsfid, entry.person): entry for entry in added if not entry.role}
        for mission in self.missions.values():
            for order, ride in enumerate(mission.rides):
                name = self.people[ride.person].name
                self.crews[mission.hsfid].append(Participant(name, plain_role(ride.role)))
                home = self.by_tag.get(ride.home) if ride.home else None
                if (mission.hsfid, ride.person) in returns:
                    landed_on = returns[(mission.hsfid, ride.person)].landed_on
                    home = self.missions.get(landed_on) if landed_on else None
                if home is None:
                    continue
                role = plain_role(ride.role) if home is mission else self._segment_role(ride.home_role)
                self.homecomings[home.hsfid].append((mission.launched.when.wall.toordinal() * 100 + order,
                                                     Participant(name, role)))
        for entry in added:
            if not entry.role:
                continue
            mission = self.missions[entry.hsfid]
            name = self._named(entry.person)
            self.crews[mission.hsfid].append(Participant(name, entry.role))
            home = self.missions.get(entry.landed_on) if entry.landed_on else None
            if home is not None:
                role = entry.role if home is mission else ""
                self.homecomings[home.hsfid].append((mission.launched.when.wall.toordinal() * 100 + 99,
                                                     Participant(name, role)))

    @staticmethod
    def _segment_role(code: str) -> str:
        letters = re.sub(r"\d+$", "", code.strip())
        return _SEGMENT_ROLES.get(letters, "")

    def place(self, found: LandingPlace | None) -> str | None:
        if found is None or found.place is None:
            return None
        self.places_named.setdefault(found.place, PlaceRecord(found.place, found.timezone))
        return found.place

    def launch(self, mission: _Mission) -> EventRecord:
        """The mission's launch: crew, flight and page; title, date and outcome for a launch no other catalogue
        holds."""
        ship = ship_title(mission.ship, mission.rides[0].mission if mission.rides else mission.ship)
        scrubbed = _scrubbed(mission)
        base = _place_for(mission, self.places) if mission.project in _SAME_BASE else None
        span, zone = _dated(mission.launched, base.timezone if base else None, None)
        year = mission.launched.when.wall.year
        agency = PROGRAM_AGENCIES.get(mission.program, "Roscosmos" if mission.program == "RU" and year >= 1992
                                      else "")
        crew = self.crews.get(mission.hsfid, [])
        summary = [f"{ship}: crewed {'launch attempt' if scrubbed else 'launch'} in McDowell's human spaceflight "
                   f"list ({mission.hsfid})."]
        if scrubbed:
            summary.append("The engines were shut down (or the drop called off) before it left the ground.")
        elif mission.kind == "ABORT":
            summary.append("It did not reach space.")
        if mission.hsfid in self.losses:
            summary.append(self.losses[mission.hsfid])
        if crew:
            summary.append(f"Crew of {len(crew)}.")
        summary.append(ATTRIBUTION)
        curated = self._curated(mission, crew, ship, launch=True)
        return EventRecord(
            slug=curated or f"mcdowell-{mission.hsfid.lower()}",
            title=f"{ship} launch attempt" if scrubbed else f"{ship} launch",
            kind=EventKind.LAUNCH, status=EventStatus.SCRUBBED if scrubbed else EventStatus.OCCURRED, span=span,
            timezone=zone, place=self.place(base), summary=" ".join(summary),
            agencies=[Participant(agency, "operator")] if agency else [], people=list(crew), sources=[MCDOWELL_URL],
            outcome=_launch_outcome(mission), designation=mission.designation, flight=mission.designation,
            given=(GIVEN_FOR_CURATED | ({"people"} if crew else set())) if curated else GIVEN_FOR_LAUNCHES)

    def landing(self, mission: _Mission, slugs: dict[str, str]) -> EventRecord | None:
        """The ship's landing (or loss on its way home), with who came home aboard it; None for a flight still
        under way, a pad abort and Challenger (lost at launch: its launch is the event)."""
        if mission.ended is None or _scrubbed(mission) or mission.hsfid == "HA0011":
            return None
        found = _place_for(mission, self.places)
        place = self.place(found)
        ship = ship_title(mission.ship, mission.rides[0].mission if mission.rides else mission.ship)
        loss = self.losses.get(mission.hsfid)
        aboard = [participant for _, participant in sorted(self.homecomings.get(mission.hsfid, []),
                                                           key=lambda item: item[0])]
        if mission.hsfid == "H00250":
            title = "STS-107 re-entry: Columbia lost"
        else:
            title = f"{ship} {'splashdown' if place == 'Ocean splashdown' else 'landing'}"
        span, zone = _dated(mission.ended, found.timezone if found else None, found.calendar if found else None)
        verb = "splashed down" if place == "Ocean splashdown" else "landed"
        if loss:
            summary = [loss]
        elif aboard:
            summary = [f"{ship} {verb} with {_listed([participant.name for participant in aboard])} aboard."]
        elif mission.rides or self.crews.get(mission.hsfid):
            summary = [f"{ship} {verb} uncrewed: its crew came home on another ship."]
        else:
            summary = [f"{ship} {verb}."]
        summary.append("The time is McDowell's end of flight, in UTC.")
        if mission.ended.uncertain:
            summary.append(f"McDowell marks it as uncertain ({mission.ended.stated}): only the day is kept.")
        if found is not None and found.calendar is not None and zone == found.calendar:
            summary.append(f"Dates read in {found.calendar}, the time official reports gave.")
        summary.append(ATTRIBUTION)
        slug = _slug(title)
        curated = self._curated(mission, aboard, ship)
        if curated is None and slug in self.curated_slugs:
            curated = slug  # the curated data's own landing of this ship, by the same name
        if curated is not None:
            slug = curated
        elif slug in slugs:
            slug = f"{slug}-{mission.hsfid.lower()}"
        slugs[slug] = mission.hsfid
        return EventRecord(
            slug=slug, title=title, kind=EventKind.LANDING, status=EventStatus.OCCURRED, span=span, timezone=zone,
            place=place, summary=" ".join(summary), people=aboard, sources=[MCDOWELL_URL],
            outcome=Outcome.FAILURE if loss else Outcome.SUCCESS, flight=mission.designation,
            given=GIVEN_FOR_CURATED - {"designation"} if curated is not None else None)

    def _curated(self, mission: _Mission, aboard: list[Participant], ship: str,
                 launch: bool = False) -> str | None:
        """The slug of the bundled curated landing (or `launch`) this one is: within a day and a half of it, naming
        one of its crew, or (no crew known here) naming the ship in its slug ("fram2-splashdown" for Fram-2)."""
        date = mission.launched if launch else mission.ended
        assert date is not None
        day = date.when.wall
        names = {fold(participant.name) for participant in aboard}
        ship_keys = {_compact(ship), _compact(ship.split()[-1])} - {""}
        ship_keys = {key for key in ship_keys if re.search(r"[a-z]", key) and re.search(r"\d", key)}
        for landing in self.curated_launches if launch else self.curated:
            if abs((landing.day - day).total_seconds()) >= 36 * 3600:
                continue
            if names & landing.people or (not names and any(key in _compact(landing.slug) for key in ship_keys)):
                return landing.slug
        return None


def read_mcdowell(missions: Path, rides: Path | None = None) -> Dataset:
    """The crews, launches and landings of McDowell's missions.tsv with its rides.tsv (by default beside it, or
    rides.tsv.gz beside a compressed list); InvalidImport, naming the file, lists every problem with its line and
    column, and nothing is returned."""
    rides_path = _companion(missions, rides)
    problems: list[str] = []
    found = _missions(missions, problems)
    if problems:
        raise InvalidImport(problems, str(missions))
    _rides(rides_path, found, problems)
    if problems:
        raise InvalidImport(problems, str(rides_path))
    added = _added_crews()
    for entry in added:
        if entry.hsfid not in found or (entry.landed_on and entry.landed_on not in found):
            raise InvalidImport([f"line {entry.line}: mission {entry.hsfid} or {entry.landed_on} is not in the "
                                 "missions list"], "data/mcdowell-crews.tsv")
    kept = {hsfid: mission for hsfid, mission in found.items() if mission.kind != "BIO"}
    people = _people(kept, added)
    builder = _Builder(kept, people, added)
    events: list[EventRecord] = []
    slugs: dict[str, str] = {}
    for mission in kept.values():
        for event in (builder.launch(mission), builder.landing(mission, slugs)):
            if event is None:
                continue
            try:
                check_record(event, f"line {mission.line}")
            except InvalidRecord as exc:
                problems.append(str(exc))
                continue
            events.append(event)
    persons = [PersonRecord(person.name, _nationality(person), person.aliases) for person in people.values()]
    persons += [record for name, record in builder.extra_people.items()
                if all(fold(name) != fold(person.name) for person in persons)]
    problems += [f"person {record.name!r}: {problem}" for record in persons for problem in record_problems(record)]
    if problems:
        raise InvalidImport(problems, str(missions))
    # The list's date ("# Updated 2025 Aug 10 ..."), which `tracker info` shows.
    source = replace(MCDOWELL_SOURCE, published=updated_stamp(missions))
    return Dataset(people=persons, places=list(builder.places_named.values()), sources=[source], events=events)


def _companion(missions: Path, given: Path | None) -> Path:
    """The path of rides.tsv: as given, else beside the missions list (rides.tsv.gz beside a compressed one)."""
    path = given if given is not None else missions.parent / "rides.tsv"
    if given is None and not path.is_file() and missions.suffix == ".gz":
        path = path.with_name("rides.tsv.gz")
    if not path.is_file():
        where = f"was not found at {path}" if given is not None else f"is not beside the missions list (no {path})"
        raise InvalidImport([f"McDowell's rides table rides.tsv {where}: give its path with --rides"], str(missions))
    return path


def read(path: Path, options: ReadOptions) -> Incoming:
    """The format registry's reader: McDowell's missions.tsv with rides.tsv as the companion "rides" (by default
    beside it), validated whole."""
    dataset = read_mcdowell(path, options.companions.get("rides"))
    return Incoming(dataset, size=len(dataset.events))


def with_crews(launches: Dataset, crews: Dataset) -> tuple[Dataset, Dataset]:
    """`launches` (GCAT's) with the crew, flight and page of `crews`' launch of the same designation joined to
    each, and what is left of `crews` (its landings and the launches no record of `launches` has). Seeding joins
    them so: a crew written with its launch is one bulk insert, where merging 355 crews into stored launches one by
    one took seconds. The result is what the store's merge would make of the two (`GIVEN_FOR_LAUNCHES`)."""
    ours = {event.designation: event for event in crews.events if event.kind == EventKind.LAUNCH}
    joined, taken = [], set()
    for event in launches.events:
        crew = ours.get(event.designation)
        if crew is None:
            joined.append(event)
            continue
        taken.add(crew.slug)
        named = {person.name for person in event.people}
        joined.append(replace(event, people=[*event.people, *(item for item in crew.people if item.name not in named)],
                              sources=list(dict.fromkeys([*event.sources, *crew.sources])),
                              flight=event.flight or crew.flight))
    rest = Dataset(crews.agencies, crews.people, crews.places, crews.sources,
                   [event for event in crews.events if event.slug not in taken])
    return replace(launches, events=joined), rest
