"""Jonathan C. McDowell's GCAT launch log (launchlog.tsv, with orgs.tsv and sites.tsv) read as launch events.

GCAT, the General Catalog of Artificial Space Objects (https://planet4589.org/space/gcat/), publishes tab-separated
tables whose header line starts with `#`; further `#` lines are comments. The launch log has one row per payload;
the rows of one launch share its `Launch_Tag`, and each launch becomes one event:

- kind `launch`, status `occurred`; `designation` the tag ("1969-059", "1957 ALP", "1957-F01"); slug
  `gcat-` and the tag in lowercase with hyphens ("gcat-1957-alp").
- span: `Launch_Date`, a GCAT Vague Date in UTC (`parse_vague_date`), at the precision GCAT gives less any part it
  marks uncertain with `?`. A time keeps its UTC offset and is shown in the site's zone: the event's `timezone` is
  None, the place gives it. A date known only to the day, month or year is a UTC calendar period, so the event's
  `timezone` is "UTC" (read in the place's zone, it would become another, local, day).
- outcome from `Launch_Code` (`LAUNCH_RESULTS`): GCAT's success or failure verdict; the title says it, and says a
  partial success or failure where GCAT gives a success fraction: "Saturn V launches Apollo 11", "Falcon 9
  launches Starlink Group 6-68 (24 satellites)", "Vanguard fails to launch Vanguard Test Satellite F", "Taurus 3110
  fails to launch Glory and 3 others", "Ariane 5G partly fails to launch Artemis". The code's first letter gives
  the trajectory (`TRAJECTORIES`): orbital, or an ascent from the lunar surface.
- vehicle: `LV_Type` as written, and its family from data/vehicle-families.tsv (`tracker.vehicles`), told apart
  by `LVState` where GCAT writes two rockets alike.
- place: the launch site named as it was at the launch date (`sites.tsv` rows are the successive names of a site,
  tied by `UCode`, each valid from `TStart` to `TStop`), with its zone from `SITE_ZONES`; the pad is in the summary.
- agencies: `Agency` ("launch provider") and each payload's `SatOwner` ("payload owner"), compound codes split on
  "/", each named as `orgs.tsv` names it at the launch date (its English name when GCAT gives one); a code GCAT
  marks `?` keeps its name with the role "(uncertain)"; a code orgs.tsv lacks is kept as its own name.
- aliases: every payload `Name` and `PLName`, and `Flight_ID` when it is a mission designation ("STS-1",
  "PSLV-C40", "VA211"), not a bare serial number; the vehicle family and its French names. Rows GCAT files
  provisionally under a space station's launch (`STATION_LAUNCHES`) are no payloads of it.
- summary: vehicle, flight, pad, payload count, outcome, any date GCAT marks uncertain, the row's `LTCite`
  reference key (GCAT's citation, not a URL), and the attribution GCAT's licence asks for.

The whole log is checked before anything is returned: InvalidImport lists every problem with its line and column
(`line 7, column Launch_Date: invalid GCAT date '1957 Ocx 4' ...`). `read_gcat` is the entry point; `read` is the
format registry's (`tracker import launchlog.tsv [--orgs ...] [--sites ...]`).
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from tracker import limits
from tracker.bundled import GCAT_URL, data_directory
from tracker.dates.when import Precision, Span, When
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord
from tracker.formats import Incoming, ReadOptions
from tracker.formats.places import bundled_places
from tracker.limits import bounded_lines
from tracker.names import fold
from tracker.records import (
    AgencyRecord,
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Outcome,
    Participant,
    PlaceRecord,
    SourceRecord,
    Trajectory,
    check_record,
    record_problems,
)
from tracker.vehicles import VehicleTable, bundled_vehicle_families

GCAT_SOURCE = SourceRecord(url=GCAT_URL, title="GCAT: General Catalog of Artificial Space Objects",
                           publisher="planet4589.org", author="Jonathan C. McDowell", language="en")
ATTRIBUTION = "Data: Jonathan C. McDowell, GCAT (planet4589.org/space/gcat), CC BY."

LAUNCH_COLUMNS = ("Launch_Tag", "Launch_Date", "Piece", "Type", "Name", "PLName", "JCAT", "SatOwner", "LV_Type",
                  "Flight_ID", "Platform", "Launch_Site", "Launch_Pad", "Ascent_Site", "Ascent_Pad", "Agency",
                  "LVState", "Launch_Code", "LTCite")
"""The launch log columns read (GCAT's file has a few more, ignored)."""
_PER_LAUNCH = ("Launch_Date", "LV_Type", "Flight_ID", "Platform", "Launch_Site", "Launch_Pad", "Ascent_Site",
               "Ascent_Pad", "Agency", "LVState", "Launch_Code", "LTCite")
"""Columns describing the launch, not the payload: every row of a launch must agree on them."""
_NAMED_COLUMNS = ("TStart", "TStop", "ShortName", "Name", "ShortEName", "EName", "UName", "StateCode", "UCode")
SITE_COLUMNS = ("Site", *_NAMED_COLUMNS, "Longitude", "Latitude")
ORG_COLUMNS = ("Code", *_NAMED_COLUMNS, "Type", "Parent")

# Launch_Code, as GCAT's launch-list columns page defines it (planet4589.org/space/gcat/web/launch/lcols.html): the
# second letter is the outcome, "S, F or U for Success, Fail or Unknown" ("E" for a pad explosion), optionally
# followed by two digits, a "launch success fraction" in percent for partial successes and failures ("OS80 or
# OF40"; scale in web/intro/success.html: 75 "orbit usable but not nominal", 40 "orbit but not a usable one", ...).
# Only S and F occur in this log; U and E are refused rather than guessed. The letter is GCAT's pass/fail verdict
# ("For pass/fail purposes I consider a score of less than 0.75 to be a failure", web/intro/success.html), and it is
# the stored outcome, so the store counts the successes and failures GCAT counts, year by year (a test recounts them
# from the log). A fraction marks a partial success or failure: the title says "partly succeeds in launching" (OS75:
# an orbit usable but not nominal) or "partly fails to launch" (OF40: an orbit, not a usable one; Artemis OF50), and
# the summary gives the fraction.
LAUNCH_RESULTS = {"S": Outcome.SUCCESS, "F": Outcome.FAILURE}
# The first letter is the kind of launch. The pages available to us do not define it; the log shows O on orbital
# launches, D on escape launches (Luna, Pioneer, Mariner, Apollo 11) and X on ascents from the Moon's surface (Apollo
# LM ascent stages, Luna and Chang'e sample return), as "XO Extraterrestrial launch" in web/intro/profile.html.
LAUNCH_CATEGORIES = {"O": "orbital launch", "D": "deep-space launch", "X": "launch from the surface of the Moon"}
# GCAT counts escape launches among its orbital launches (their designations are orbital launches' COSPAR ones); an
# ascent from the Moon is not an orbital launch from the Earth. The log holds no suborbital flight: GCAT lists those
# apart (web/cat/llog.html; suborbital payloads are SatType "S", web/intro/type.html).
TRAJECTORIES = {"O": Trajectory.ORBITAL, "D": Trajectory.ORBITAL, "X": Trajectory.LUNAR_SURFACE}
_LAUNCH_CODE = re.compile(r"(?P<category>[A-Z])(?P<result>[A-Z])(?P<fraction>\d{2})?")
_VERBS = {(Outcome.SUCCESS, False): "launches", (Outcome.FAILURE, False): "fails to launch",
          (Outcome.SUCCESS, True): "partly succeeds in launching", (Outcome.FAILURE, True): "partly fails to launch"}
"""The title's verb by outcome and whether GCAT gives a success fraction (a partial success or failure)."""

# Deployments GCAT files under a space station's launch. "All objects deployed from the ISS are given 1998-067
# designations (the Zarya launch) even if they were launched on a much later cargo ship" (web/intro/desig.html), and
# the log lists some such objects, not yet catalogued, under that launch's tag: three cubesats the ISS deployed in
# December 2024 (LignoSat, Yomogi, Onglaisat) appear as payloads of Zarya's 1998 Proton launch, with no piece of
# their own (Piece is the bare launch tag) and a number in GCAT's temporary catalogue (JCAT "T...", web/intro/
# jcat.html). Rows so marked under a station's tag are not payloads of that launch: they are left out, and name
# nothing of it (no alias, no owner, no count). The launch's own payload has a piece and a standard number.
STATION_LAUNCHES = frozenset({"1998-067"})

# The IANA zone of each launch site the log names, by GCAT site code. Each is the zone timezonefinder gives for
# the site's coordinates in sites.tsv (tests/formats/test_gcat.py recomputes them), reviewed by hand, except:
# - NIIP-5 and GIK-5 (Baikonur): Asia/Almaty, as data/core.json has it, not the Asia/Qyzylorda the coordinates
#   fall in: the cosmodrome kept UTC+6 with Almaty until Kazakhstan's 2024 change (a 2023 Soyuz launch at 15:44 UTC
#   was at 21:44 Baikonur time), while Qyzylorda moved to UTC+5 in 2018.
# - Sites on the Moon (Apollo descent stages, Luna and Chang'e landers): None. Their coordinates are lunar, and no
#   Earth clock is local there.
# - Sea launch areas get the zone their launch times are announced in, not timezonefinder's nautical hour band
#   ("Etc/GMT-2"): HHAI (the Yellow Sea zone of the Chinese launch ships, off Shandong) Asia/Shanghai, as Chinese
#   announcements give Beijing time; BLA (Barents Sea submarine launches, which GCAT places off Kildin Island,
#   Murmansk Oblast) Europe/Moscow. KLA (Sea Launch's Odyssey at the equator, in international waters): None, not
#   UTC: no one's local clock. A sea site inside territorial waters keeps that country's zone (JEJU: a barge off
#   Jeju; YJ: off Yangjiang). data/places.tsv records each reason beside the place.
# - Air launches: the Launch_Site is the airfield the carrier aircraft takes off from (GCAT's "launch origin"; the
#   drop point is the Ascent_Site), so the zone is the airfield's.
# - KII (Space One's Spaceport Kii, Japan), HCSLS (Hainan commercial launch site, China) and APBS (Chang'e-6's
#   Apollo basin landing site, Moon) are in the December 2024 log but not in the January 2024 sites.tsv; their
#   zones are set by hand, and their names come from `UNLISTED_SITES`.
SITE_ZONES: dict[str, str | None] = {
    "ALCA": "America/Fortaleza", "APBS": None, "APC": None, "BLA": "Europe/Moscow", "CC": "America/New_York",
    "CRI24": None,
    "CSG": "America/Cayenne", "DES": None, "EAFB": "America/Los_Angeles", "FEC": None, "FMR": None,
    "GANC": "Atlantic/Canary", "GIK-1": "Europe/Moscow", "GIK-2": "Asia/Yakutsk", "GIK-5": "Asia/Almaty",
    "GNIIP": "Europe/Moscow", "GNIIPV": "Europe/Moscow", "GTsMP-4": "Europe/Astrakhan", "GTsP-4": "Europe/Astrakhan",
    "HAD": None, "HCSLS": "Asia/Shanghai", "HHAI": "Asia/Shanghai", "HMG": "Africa/Algiers", "JEJU": "Asia/Seoul",
    "JQ": "Asia/Shanghai", "KASC": "Asia/Tokyo", "KAU": "Pacific/Honolulu", "KII": "Asia/Tokyo", "KLA": None,
    "KLC": "America/Anchorage", "KMR": "Pacific/Kwajalein", "KSC": "America/New_York", "LIT": None, "LOMN": None,
    "MAHIA": "Pacific/Auckland", "MARS": "America/New_York", "MHV": "America/Los_Angeles", "NARO": "Asia/Seoul",
    "NEWQ": "Europe/London", "NIIP-5": "Asia/Almaty", "NIIP-53": "Europe/Moscow", "NOTS": "America/Los_Angeles",
    "PA": "America/Los_Angeles", "PALB": "Asia/Jerusalem", "PSCA": "America/Anchorage", "SEM": "Asia/Tehran",
    "SHAHR": "Asia/Tehran", "SHAR": "Asia/Kolkata", "SMLC": "Africa/Nairobi", "SOHAE": "Asia/Pyongyang",
    "SPFL": "America/New_York", "SPFLA": "America/New_York", "STB": "America/Chicago", "SV3": None,
    "TNSC": "Asia/Tokyo", "TONGH": "Asia/Pyongyang", "TRAN": None, "TYSC": "Asia/Shanghai", "USC": "Asia/Tokyo",
    "V": "America/Los_Angeles", "VOST": "Asia/Yakutsk", "VS": "America/Los_Angeles", "VSFB": "America/Los_Angeles",
    "VSFBS": "America/Los_Angeles", "WEN": "Asia/Shanghai", "WI": "America/New_York", "WIMB": "America/New_York",
    "WOO": "Australia/Adelaide", "XSC": "Asia/Shanghai", "YAS": "Asia/Yekaterinburg", "YJ": "Asia/Shanghai",
}

# The names analysts use for the sites, one place for each whatever GCAT called the site at the time (Cape
# Canaveral has been an Air Force Missile Test Center annex, an Air Force Station and a Space Force Station; Baikonur
# was NIIP-5, then GIK-5), and one place for GCAT's separate codes of one site (Point Arguello and the Vandenberg
# codes; Spaceport Florida and Cape Canaveral): the `gcat_sites` column of the bundled tree of places
# (data/places.tsv, formats/places.py), which also puts each place inside its region and country. GCAT's name of the
# day stays an alias and is given in the event's summary.
COMMON_SITE_NAMES: dict[str, str] = dict(bundled_places().sites)

# Sites the log names that sites.tsv (older than the log) lacks, with names of ours: not GCAT's wording, and no
# coordinates rather than guessed ones.
UNLISTED_SITES: dict[str, str] = {
    "KII": "Spaceport Kii, Kushimoto, Wakayama",
    "HCSLS": "Hainan Commercial Space Launch Site, Wenchang",
    "APBS": "Chang'e-6 landing site, Apollo basin, Moon",
}

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_VAGUE = re.compile(r"(?P<year>\d{4})(?: (?P<month>[A-Za-z]{3})(?: +(?P<day>\d{1,2})(?: (?P<hour>\d{2})"
                    r"(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?)?)?(?P<uncertain>\?)?")
_PRECISIONS = tuple(Precision)
_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - compared with UTC wall times only
_DECADE = re.compile(r"(\d{3})0s\??")
_SEPARATORS = " -"
_LETTER = re.compile(r"[A-Za-z]")
_DANGLING = re.compile(r"(?:[\s-]+(?:No\.?|Nr\.?|#))+$|[\s-]+$", re.IGNORECASE)
"""What a shared prefix ends with when the numbers that followed are cut off: "Uragan-M No." of "Uragan-M No. 741"."""
_MISSION = re.compile(r"[A-Z]{2}")
_UNKNOWN = ("", "-", "?")


@dataclass(frozen=True)
class VagueDate:
    """A GCAT Vague Date read: the UTC period it names, the text as written, and whether GCAT marked it `?`."""

    when: When
    """UTC, at the precision written less the part marked uncertain: "1962 Aug 24 1100?" is the day 24 Aug 1962."""
    stated: str
    uncertain: bool


def _invalid_date(text: str) -> str:
    return (f"invalid GCAT date {text!r} (expected a Vague Date such as '1957 Oct  4 1928:34', '1962 Aug 24 1100?' "
            "or '1962 Aug')")


def _date_fields(match: re.Match[str], stated: str) -> list[int]:
    """Year, month, day, hour, minute, second as written (as many as given); the month named in English."""
    year, month_name, *numbers, _ = match.groups()
    fields = [int(year)]
    if month_name:
        month = _MONTHS.get(month_name.lower())
        if month is None:
            raise InvalidRecord(_invalid_date(stated))
        fields.append(month)
    fields += [int(number) for number in numbers if number]
    return fields


def _wall(fields: list[int]) -> datetime:
    """The naive UTC clock time of year, month, day... with missing month and day as 1; ValueError if impossible."""
    year, month, day, hour, minute, second = fields + [1, 1, 0, 0, 0][len(fields) - 1:]
    return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - wall time; When knows it is UTC


def parse_vague_date(text: str) -> VagueDate:
    """Read a GCAT Vague Date: "1957 Oct  4 1928:34", "1960 Oct 10", "1962 Aug", "1962 Aug 24 1100?".

    The date is UTC, from the year down to the second; fractional seconds are truncated (`When` stops at seconds).
    A trailing `?` marks the last part written as uncertain, and that part is dropped: "1962 Aug 24 1100?" is the
    day, "1962 Aug 24?" the month; a year marked `?` stays a year. A leap second (":60") leaves the minute.
    Raises InvalidRecord naming the text for anything else, and for impossible dates ("1962 Feb 30").
    """
    stated = text.strip()
    match = _VAGUE.fullmatch(stated)
    if match is None:
        raise InvalidRecord(_invalid_date(stated))
    fields = _date_fields(match, stated)
    if len(fields) == 6 and fields[5] == 60:
        fields.pop()
    try:
        wall = _wall(fields)
    except ValueError as exc:
        raise InvalidRecord(f"{_invalid_date(stated)}: {exc}") from None
    uncertain = stated[-1] == "?"
    if uncertain and len(fields) > 1:
        del fields[3 if len(fields) > 3 else -1:]
        wall = _wall(fields)
    precision = _PRECISIONS[len(fields) - 1]
    try:
        when = When(wall, precision, None, 0 if precision > Precision.DAY else None).checked(stated)
    except InvalidDate as exc:
        raise InvalidRecord(str(exc)) from None
    return VagueDate(when, stated, uncertain)


_STAMP = re.compile(r"#\s*Updated\s+(\d{4} [A-Za-z]{3} +\d{1,2})\b")


def updated_stamp(path: Path, lines: int = 5) -> When | None:
    """The day a GCAT or McDowell table says it was updated ("# Updated 2024 Jan 13 23:13:29" among its first
    lines, read as the UTC day), or None when it carries no such stamp (GCAT's launch log has none)."""
    for number, line in enumerate(_lines(path)):
        if number >= lines:
            break
        match = _STAMP.match(line)
        if match:
            try:
                return parse_vague_date(match[1]).when
            except InvalidRecord:
                return None
    return None


def _uncertain_note(date: VagueDate) -> str:
    """What GCAT marks uncertain, as the summary states it: "GCAT marks the time as uncertain: 11:00 UTC?"."""
    match = _VAGUE.fullmatch(date.stated)
    assert match is not None
    if match["hour"]:
        clock = f"{match['hour']}:{match['minute']}" + (f":{match['second']}" if match["second"] else "")
        return f"GCAT marks the time as uncertain: {clock} UTC?"
    if match["day"]:
        return f"GCAT marks the day as uncertain: {int(match['day'])} {match['month'].title()} {match['year']}?"
    if match["month"]:
        return f"GCAT marks the month as uncertain: {match['month'].title()} {match['year']}?"
    return f"GCAT marks the year as uncertain: {match['year']}?"


@dataclass(frozen=True)
class _Table:
    """A GCAT table: the values (stripped) of the columns read, in `columns` order, with each row's line number.

    Rows stay tuples: the launch log has 23,000, and most are read for five values."""

    columns: tuple[str, ...]
    rows: list[tuple[int, tuple[str, ...]]]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row as column -> value, with its line number."""
        for line, values in self.rows:
            yield line, dict(zip(self.columns, values, strict=True))

    def getter(self, *columns: str) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
        """A function giving a row's values of `columns`, in that order."""
        pick = itemgetter(*(self.columns.index(column) for column in columns))
        return lambda values: tuple(pick(values)) if len(columns) > 1 else (pick(values),)


GZIP_MAGIC = b"\x1f\x8b"
"""The first two bytes of every gzip file (RFC 1952)."""


def _is_gzip(path: Path) -> bool:
    """Whether the file starts as gzip does: tracker ships its tables compressed, and a compressed table under
    any name is read through gzip."""
    try:
        with path.open("rb") as stream:
            return stream.read(2) == GZIP_MAGIC
    except OSError:
        return False


def _lines(path: Path) -> Iterator[str]:
    """The file's lines, without their line endings, read one at a time; a gzip-compressed file (how tracker ships
    the tables), known by its first bytes rather than its name, is read through gzip. InvalidImport naming the file
    and the line for a line over `limits.LINE_MAX_BYTES`, for a table over `limits.DECOMPRESSED_MAX_BYTES`
    (decompressed, or as it is), for bytes that are not UTF-8 and for a file that cannot be read (a broken gzip
    stream)."""
    number = 0
    try:
        with gzip.open(path, "rb") if _is_gzip(path) else path.open("rb") as stream:
            for number, raw in enumerate(bounded_lines(stream, str(path), total=limits.DECOMPRESSED_MAX_BYTES,
                                                       what="GCAT table"), start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InvalidImport([f"line {number}: not UTF-8 text ({exc.reason})"], str(path)) from None
                yield line.removesuffix("\n").removesuffix("\r") if line.endswith("\n") else line
    except (OSError, EOFError, zlib.error) as exc:
        where = f"line {number + 1}: " if number else ""
        raise InvalidImport([f"{where}cannot read the file: {getattr(exc, 'strerror', None) or exc}"],
                            str(path)) from None


def _read_table(path: Path, required: Sequence[str]) -> _Table:
    """The rows of a GCAT table (the `required` columns, stripped); InvalidImport for a missing column or a row
    of the wrong width (the table read no further after `limits.PROBLEMS_MAX` of them)."""
    lines = _lines(path)
    header = [name.strip() for name in next(lines, "").lstrip("#").split("\t")]
    missing = [f"line 1: missing column {name!r}" for name in required if name not in header]
    if missing:
        raise InvalidImport(missing, str(path))
    pick = itemgetter(*(header.index(name) for name in required))
    rows: list[tuple[int, tuple[str, ...]]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=2):
        if not line or line[0] == "#" or line.isspace():
            continue
        values = line.split("\t")
        if len(values) != len(header):
            problems.append(f"line {number}: {len(values)} tab-separated fields, the header has {len(header)}")
            if len(problems) >= limits.PROBLEMS_MAX:
                problems.append(f"line {number}: the file was not read further after {limits.PROBLEMS_MAX:,} "
                                "problems")
                break
            continue
        rows.append((number, tuple(map(str.strip, pick(values)))))
    if problems:
        raise InvalidImport(problems, str(path))
    return _Table(tuple(required), rows)


def _known(value: str) -> str:
    """A table value with GCAT's "unknown" markers ("-", "?") read as empty and inner runs of spaces collapsed."""
    if value in _UNKNOWN:
        return ""
    text = " ".join(value.split()) if "  " in value else value.strip()
    if text.endswith(" -"):  # short names padded to a width with a dash: "CC    -"
        text = text[:-2]
    return "" if text in _UNKNOWN else text


def _bound(text: str, *, end: bool) -> float | None:
    """The first (or, with `end`, the first after the last) instant a TStart (or TStop) value allows, as a POSIX
    timestamp (compared for every agency of every launch: floats compare much faster than aware datetimes); None
    when open or unreadable.

    Validity dates only choose between a site's or an organisation's successive names, so a value that is not a
    Vague Date ("*", "-", "?", "1960s" is read as the decade) leaves that end open rather than failing the import.
    """
    text = text.strip()
    decade = _DECADE.fullmatch(text)
    if decade:
        year = int(decade[1]) * 10 + (10 if end else 0)
        return When(datetime(year, 1, 1), Precision.YEAR).lower.timestamp()  # noqa: DTZ001 - UTC wall time
    if text in ("*", *_UNKNOWN):
        return None
    try:
        when = parse_vague_date(text).when
    except InvalidRecord:
        return None
    return (when.upper if end else when.lower).timestamp()


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Entry:
    """One row of sites.tsv or orgs.tsv: one name a site or organisation had, and when it had it."""

    code: str
    lineage: str
    """GCAT's UCode: the same for every successive name of one site or organisation."""
    start: float | None
    stop: float | None
    name: str
    short_name: str | None
    other_names: tuple[str, ...]
    state: str = ""
    latitude: float | None = None
    longitude: float | None = None

    def distance(self, moment: float) -> float:
        """How many seconds `moment` (a timestamp) lies outside the validity period; zero inside it."""
        if self.start is not None and moment < self.start:
            return self.start - moment
        if self.stop is not None and moment >= self.stop:
            return moment - self.stop
        return 0.0


def _entry(code: str, row: dict[str, str], *, state: str = "", latitude: float | None = None,
           longitude: float | None = None) -> _Entry:
    """An entry named in English when GCAT gives an English name (EName), else by its Name; its short name the
    English short name, else ShortName; the other forms (code, Name, ShortName, UName) kept to become aliases."""
    forms = [_known(row[column]) for column in ("EName", "Name", "ShortEName", "ShortName", "UName")]
    name = forms[0] or forms[1] or forms[3] or code
    short = forms[2] or forms[3] or None
    if short is not None and _loose(short) == _loose(name):
        short = None
    others = tuple(form for form in (code, *forms) if form)
    return _Entry(code, row["UCode"] or code, _bound(row["TStart"], end=False), _bound(row["TStop"], end=True),
                  name, short, others, state, latitude, longitude)


def _since(start: float | None) -> float:
    """A start for sorting: minus infinity for "always"."""
    return start if start is not None else float("-inf")


class _Catalogue:
    """The rows of orgs.tsv or sites.tsv by code, each read as an entry when a launch first names its lineage (the
    tables hold thousands of organisations; a log names a few hundred)."""

    def __init__(self, rows: Iterable[tuple[str, dict[str, str]]], make: Callable[[str, dict[str, str]], _Entry]
                 ) -> None:
        self.rows: dict[str, dict[str, str]] = {}
        self.members: dict[str, list[str]] = {}
        for code, row in rows:
            if code not in self.rows:
                self.rows[code] = row
                self.members.setdefault(row["UCode"] or code, []).append(code)
        self.make = make
        self.entries: dict[str, _Entry] = {}

    def entry(self, code: str) -> _Entry:
        """The entry of `code`, read from its row the first time."""
        found = self.entries.get(code)
        if found is None:
            found = self.entries[code] = self.make(code, self.rows[code])
        return found

    def at(self, code: str, moment: float) -> _Entry | None:
        """The entry naming `code`'s site or organisation at `moment` (a timestamp): the code's own entry when valid
        then, else the entry of the same lineage valid then (the latest to start), else the nearest in time."""
        if code not in self.rows:
            return None
        entry = self.entry(code)
        if entry.distance(moment):
            family = [self.entry(other) for other in self.members[entry.lineage]]
            entry = min(family, key=lambda other: (other.distance(moment), -_since(other.start)))
        return entry


def _site_entry(code: str, row: dict[str, str]) -> _Entry:
    return _entry(code, row, state=row["StateCode"], latitude=_number(row["Latitude"]),
                  longitude=_number(row["Longitude"]))


def _read_sites(path: Path) -> _Catalogue:
    return _Catalogue(((row["Site"], row) for _, row in _read_table(path, SITE_COLUMNS).records()), _site_entry)


def _read_orgs(path: Path) -> tuple[_Catalogue, frozenset[str]]:
    """The organisations, and the codes of the bodies other than Earth (Type "AP": EARTH, LUNA) that sites.tsv
    gives as a site's state when the site is not on Earth."""
    table = _read_table(path, ORG_COLUMNS)
    rows = [row for _, row in table.records()]
    bodies = frozenset(row["Code"] for row in rows if row["Type"] == "AP" and row["Code"] != "EARTH")
    return _Catalogue(((row["Code"], row) for row in rows), _entry), bodies


@dataclass
class _Named:
    """A place or agency being collected: one per name, with every alias its entries offer."""

    name: str
    lineage: str
    start: float | None
    short_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    timezone: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    absorbed: set[str] = field(default_factory=set)
    """The GCAT codes of the entries taken in: each stays an alias of this record only."""

    def absorb(self, entry: _Entry) -> None:
        """Take the short name and other names of `entry` (once per entry)."""
        if entry.code not in self.absorbed:
            self.absorbed.add(entry.code)
            self.short_name = self.short_name or entry.short_name
            self.aliases += [name for name in (entry.short_name, *entry.other_names) if name]


def _collect(collected: dict[str, _Named], name: str, entry: _Entry | None) -> _Named:
    key = fold(name)
    if key not in collected:
        collected[key] = _Named(name, entry.lineage if entry else name, entry.start if entry else None)
    if entry is not None:
        collected[key].absorb(entry)
    return collected[key]


def _unambiguous(collected: Iterable[_Named]) -> list[_Named]:
    """Each short name and alias kept by one record only, so that a name finds one place or agency.

    In order: a record's own name stays its own (another record's short name or alias equal to it is dropped); a
    GCAT code stays with the record of that code ("V" is Vandenberg AFB, though South Vandenberg's short name is
    "V" too); a form several records offer stays with the latest of them when they are successive names of one
    site or organisation (one lineage: "Baykonur" stays with GIK-5, not NIIP-5), and is dropped from all when they
    are not.
    """
    records = list(collected)
    names = {fold(record.name) for record in records}
    codes = {fold(code): record for record in records for code in record.absorbed}
    claims: dict[str, list[_Named]] = {}
    for record in records:
        for key in dict.fromkeys(fold(form) for form in (record.short_name or "", *record.aliases) if form):
            claims.setdefault(key, []).append(record)

    def keeps(record: _Named, form: str) -> bool:
        key = fold(form)
        if key in names:
            return False
        if key in codes:
            return codes[key] is record
        rivals = claims[key]
        if len({rival.lineage for rival in rivals}) > 1:
            return False
        return max(rivals, key=lambda rival: _since(rival.start)) is record

    for record in records:
        if record.short_name and not keeps(record, record.short_name):
            record.short_name = None
        record.aliases = _distinct((alias for alias in record.aliases if keeps(record, alias)),
                                   record.short_name or "")
    return records


def _distinct(names: Iterable[str], *excluded: str, key: Callable[[str], str] = fold) -> list[str]:
    """`names` without repeats or empties, compared by `key` (folded), in first-seen order, leaving out `excluded`."""
    seen = {key(name) for name in excluded}
    found: list[str] = []
    for name in names:
        key_of_name = key(name)
        if key_of_name and key_of_name not in seen:
            seen.add(key_of_name)
            found.append(name)
    return found


def _loose(name: str) -> str:
    """A cheap comparison key, case only, for the tens of thousands of payload names (most seen once; `_known`
    has collapsed their spaces): the store folds them properly when it indexes them."""
    return name.casefold()


class _Payload(NamedTuple):
    """One row of the launch log: one payload of the launch."""

    name: str
    plname: str
    kind: str
    owner: str
    piece: str = ""
    jcat: str = ""

    def deployed_from_station(self, tag: str) -> bool:
        """Whether the row is an object a station deployed, filed provisionally under the station's launch `tag`
        (`STATION_LAUNCHES`): no piece of its own, a number in GCAT's temporary catalogue."""
        return tag in STATION_LAUNCHES and self.piece in ("", tag) and self.jcat.startswith("T")

    @property
    def listed(self) -> bool:
        """Whether GCAT counts it among the standard satellites: not PX (not in the standard list) nor PA (an
        alias entry), per the SatType byte 2 of web/intro/type.html."""
        return self.kind[1:2] not in ("X", "A")

    @property
    def crewed_or_pressurized(self) -> bool:
        """SatType PH (humans aboard at launch) or PP (pressurized cabin)."""
        return self.kind[1:2] in ("H", "P")


@dataclass
class _Launch:
    """The rows of one launch: the first gives the launch's own columns, every row one payload."""

    tag: str
    line: int
    row: dict[str, str]
    date: VagueDate
    own: tuple[str, ...]
    """The first row's values of the columns every row of the launch shares (`_PER_LAUNCH`)."""
    payloads: list[_Payload] = field(default_factory=list)


class _Result(NamedTuple):
    """What a Launch_Code says: GCAT's verdict, whether it gives a success fraction, the trajectory, and the
    summary's sentence on it."""

    outcome: Outcome
    partial: bool
    trajectory: Trajectory
    sentence: str


def _outcome(code: str) -> _Result:
    """What a Launch_Code says of a launch; InvalidRecord for codes not in the tables."""
    match = _LAUNCH_CODE.fullmatch(code)
    if match is None or match["category"] not in LAUNCH_CATEGORIES or match["result"] not in LAUNCH_RESULTS:
        raise InvalidRecord(f"unknown GCAT launch code {code!r} (known: a first letter among "
                            f"{', '.join(LAUNCH_CATEGORIES)}, then {' or '.join(LAUNCH_RESULTS)}, then an optional "
                            "two-digit success fraction, as in OS, OF, DS, OS75)")
    verdict = LAUNCH_RESULTS[match["result"]]
    category = LAUNCH_CATEGORIES[match["category"]]
    trajectory = TRAJECTORIES[match["category"]]
    kind = "" if match["category"] == "O" else f"{category[0].upper()}{category[1:]}; "
    if match["fraction"] is None:
        return _Result(verdict, False, trajectory, f"{kind}outcome: {verdict.value} (GCAT launch code {code}).")
    partly = "a partial success" if verdict is Outcome.SUCCESS else "a partial failure"
    return _Result(verdict, True, trajectory,
                   f"{kind}outcome: {verdict.value}, {partly}: {int(match['fraction'])}% by GCAT's launch success "
                   f"fraction, which counts 75% and above as a success (launch code {code}).")


def _payload_name(vehicle: str, payload: _Payload) -> str:
    """The payload's GCAT Name, or its PLName when the Name only repeats the vehicle's ("Vanguard")."""
    name = payload.name or payload.plname or "an unnamed payload"
    rocket = fold(vehicle)
    if payload.plname and (fold(name) == rocket or rocket.startswith(fold(name) + " ")):
        return payload.plname
    return name


def _common_prefix(names: Sequence[str]) -> tuple[str, bool]:
    """The words all `names` start with ("Starlink Group 6-68" of "Starlink Group 6-68-01" ...), and whether what
    follows holds a number in at least one of them (or they are all the same): a batch of satellites
    ("Globalstar M023"), not the parts of one mission ("Apollo 11 CSM", "Apollo 11 LM")."""
    first, last = min(names), max(names)  # the prefix the sorted extremes share, all share
    cut = next((index for index, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
               min(len(first), len(last)))
    prefix = first[:cut]
    if any(len(name) > cut and name[cut] not in _SEPARATORS for name in names):  # a word was cut short
        cut = max(prefix.rfind(separator) for separator in _SEPARATORS)
    prefix = _DANGLING.sub("", prefix[:max(cut, 0)])
    for opening, closing in ("()", "[]"):
        if prefix.count(opening) > prefix.count(closing):  # "[NRO Unk Smallsat" of "[NRO Unk Smallsat 1]"...
            prefix = prefix[:prefix.rfind(opening)]
    prefix = prefix.rstrip(_SEPARATORS)
    identical = len(set(names)) == 1  # several "Strela-3": one batch of like satellites
    return prefix, identical or any(char.isdigit() for name in names for char in name[len(prefix):])


def _group(vehicle: str, payloads: Sequence[_Payload]) -> tuple[str, bool] | None:
    """The name several payloads share (from Name or PLName, whichever says more) and whether they are numbered."""
    found = []
    for names in ([p.name for p in payloads], [p.plname for p in payloads]):
        if all(names):
            prefix, numbered = _common_prefix(names)
            if _LETTER.search(prefix) and fold(prefix) != fold(vehicle):
                found.append((prefix, numbered))
    return max(found, key=lambda item: len(item[0])) if found else None


def _cargo(vehicle: str, launch: _Launch) -> str:
    """What the title says was launched: one payload's name, a shared name with a count, or "X and 3 others"."""
    payloads = [payload for payload in launch.payloads if payload.listed] or launch.payloads
    if len(payloads) == 1:
        return _payload_name(vehicle, payloads[0])
    group = _group(vehicle, payloads)
    if group is not None:
        name, numbered = group
        craft = launch.row["Launch_Code"][:1] in ("D", "X") or any(p.crewed_or_pressurized for p in payloads)
        return f"{name} ({len(payloads)} {'spacecraft' if craft else 'satellites'})" if numbered else name
    others = len(payloads) - 1
    return f"{_payload_name(vehicle, payloads[0])} and {others} other{'s' if others > 1 else ''}"


def _flight(row: dict[str, str], payloads: int, site: str) -> str:
    """The summary's first sentence: vehicle, flight, pad and site (as named then), platform, ascent point,
    payload count."""
    flight, pad, platform, ascent = (_known(row[name]) for name in ("Flight_ID", "Launch_Pad", "Platform",
                                                                     "Ascent_Site"))
    text = row["LV_Type"] + (f" flight {flight}" if flight else "") + f" from {', '.join(filter(None, (pad, site)))}"
    if platform:
        text += f", platform {platform}"
    if ascent:
        text += f", ascent point {' '.join(filter(None, (ascent, _known(row['Ascent_Pad']))))}"
    return f"{text}, carrying {payloads} payload{'s' if payloads != 1 else ''}."


def _summary(launch: _Launch, outcome_sentence: str, site: str) -> str:
    parts = [_flight(launch.row, len(launch.payloads), site), outcome_sentence[:1].upper() + outcome_sentence[1:]]
    if launch.date.uncertain:
        parts.append(_uncertain_note(launch.date))
    parts.append(f"GCAT reference: {launch.row['LTCite']}." if _known(launch.row["LTCite"]) else "")
    parts.append(ATTRIBUTION)
    return " ".join(part for part in parts if part)


def _aliases(launch: _Launch, title: str) -> list[str]:
    names = [name for payload in launch.payloads for name in (payload.name, payload.plname)]
    flight = _known(launch.row["Flight_ID"])
    if _MISSION.search(flight):
        names.append(flight)
    return _distinct(names, title, key=_loose)


def _dated(when: When, zone: str | None) -> tuple[Span, str | None]:
    """The event's span and own zone. A time keeps its UTC offset and is shown in the site's `zone`, the zone the
    store reads it back in; a day, month or year is a UTC calendar period, so the event's own zone is UTC (the
    store reads a date without a time in the event's zone, else in its place's, which would make it a local day)."""
    if when.precision > Precision.DAY:
        return Span(When(when.wall, when.precision, zone, 0)), None
    return Span(When(when.wall, when.precision, "UTC")), "UTC"


@dataclass(frozen=True)
class MissionNames:
    """The names writers use for one launch (English, then French where different), and the page saying so."""

    names: tuple[str, ...]
    source: str


MISSION_NAMES_FILE = "mission-aliases.tsv"
"""The bundled table of those names, by launch tag (data/mission-aliases.tsv; data/mission-aliases.md says how each
row was checked)."""


def read_mission_names(path: Path) -> dict[str, MissionNames]:
    """The mission-name table: launch_tag, names_en, names_fr (`;`-separated), source; InvalidImport for a row
    without names or source."""
    table = _read_table(path, ("launch_tag", "names_en", "names_fr", "source"))
    found: dict[str, MissionNames] = {}
    problems = []
    for line, row in table.records():
        names = tuple(name.strip() for column in ("names_en", "names_fr") for name in row[column].split(";")
                      if name.strip())
        if not names or not row["source"].strip():
            problems.append(f"line {line}: a launch needs names and a source")
            continue
        found[row["launch_tag"].strip()] = MissionNames(names, row["source"].strip())
    if problems:
        raise InvalidImport(problems, str(path))
    return found


def _bundled_mission_names() -> dict[str, MissionNames]:
    path = data_directory() / MISSION_NAMES_FILE
    return read_mission_names(path) if path.is_file() else {}


def _titled(vehicle: str, verb: str, cargo: str, missions: MissionNames | None) -> str:
    """The title: "Saturn V launches Apollo 11"; with the name writers use first when GCAT's differs ("Sputnik
    8K71PS launches Sputnik 1 (1-y ISZ)")."""
    if missions is None or fold(missions.names[0]) in fold(cargo):
        return f"{vehicle} {verb} {cargo}"
    return f"{vehicle} {verb} {missions.names[0]} ({cargo})"


def _slug(tag: str) -> str:
    return "gcat-" + re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")


class _Reader:
    """Turns launches into events, collecting the places and agencies they name."""

    def __init__(self, sites: _Catalogue, orgs: _Catalogue, bodies: frozenset[str], sites_file: str,
                 missions: dict[str, MissionNames]) -> None:
        self.sites = sites
        self.missions = missions
        self.vehicles: VehicleTable = bundled_vehicle_families()
        self.orgs = orgs
        self.bodies = bodies
        self.sites_file = sites_file
        self.places: dict[str, _Named] = {}
        self.agencies: dict[str, _Named] = {}
        self.codes: dict[str, list[tuple[str, bool]]] = {}
        self.known_participants: dict[tuple[str, str], Participant] = {}
        self.agency_names: dict[str, str] = {}
        """The agency name given to each org code (each entry is collected once)."""

    def place(self, code: str, moment: float) -> tuple[_Named, str]:
        """The site `code` recorded as a place (by its common name, COMMON_SITE_NAMES, else as named at `moment`),
        and its name at `moment`; InvalidRecord for an unknown code."""
        entry = self.sites.at(code, moment)
        if entry is None:
            if code not in UNLISTED_SITES:
                raise InvalidRecord(f"unknown GCAT site code {code!r} (not in {self.sites_file})")
            record = _collect(self.places, COMMON_SITE_NAMES.get(code, UNLISTED_SITES[code]), None)
            record.absorbed.add(code)
            record.aliases.append(code)
        else:
            record = _collect(self.places, COMMON_SITE_NAMES.get(code, entry.name), entry)
            if entry.state not in self.bodies:
                record.latitude, record.longitude = entry.latitude, entry.longitude
            if record.name != entry.name:
                record.aliases.append(entry.name)
        record.timezone = record.timezone or SITE_ZONES.get(code)
        return record, entry.name if entry is not None else record.name

    def participants(self, codes: str, role: str, moment: float) -> Iterator[Participant]:
        """An agency for each code of a compound "ABMA/JPLA", named as orgs.tsv names it at `moment`; "(uncertain)"
        after the role of a code GCAT marks "?"."""
        if codes not in self.codes:
            self.codes[codes] = [(code.rstrip("?").strip(), code.endswith("?"))
                                 for code in (written.strip() for written in codes.split("/"))
                                 if code.rstrip("?").strip() not in _UNKNOWN]
        for code, uncertain in self.codes[codes]:
            entry = self.orgs.at(code, moment)
            named = entry.code if entry else code
            if named not in self.agency_names:
                self.agency_names[named] = _collect(self.agencies, entry.name if entry else code, entry).name
            key = (self.agency_names[named], f"{role} (uncertain)" if uncertain else role)
            if key not in self.known_participants:
                self.known_participants[key] = Participant(*key)
            yield self.known_participants[key]

    def parents(self) -> dict[str, str]:
        """The agency each collected agency is part of, by name, from orgs.tsv's Parent column: the parent GCAT
        gives the latest of the agency's names (JPL was the Army's until December 1958, NASA's since). A parent
        that is a state (Type CY...: "CN", "UK") is not an agency and is left out; a parent no launch names is
        collected too, with its own parent, so that every chain reaches its top."""
        found: dict[str, str] = {}
        pending = list(self.agencies.values())
        while pending:
            record = pending.pop()
            codes = [code for code in record.absorbed if code in self.orgs.rows]
            if not codes or record.name in found:
                continue
            latest = max((self.orgs.entry(code) for code in codes), key=lambda entry: _since(entry.start))
            parent = _known(self.orgs.rows[latest.code]["Parent"])
            row = self.orgs.rows.get(parent)
            if (row is None or row["Type"].startswith("CY") or row["Type"] == "AP" or parent in codes
                    or fold(self.orgs.entry(parent).name) == fold(record.name)):  # ELDO's parent: I-ELDO, itself
                continue
            if parent not in self.agency_names:
                known = len(self.agencies)
                self.agency_names[parent] = _collect(self.agencies, self.orgs.entry(parent).name,
                                                     self.orgs.entry(parent)).name
                if len(self.agencies) > known:
                    pending.append(self.agencies[fold(self.agency_names[parent])])
            found[record.name] = self.agency_names[parent]
        return found

    def event(self, launch: _Launch) -> EventRecord:
        """The launch as an event; InvalidRecord naming the line and column of an unknown site or launch code."""
        row = launch.row
        moment = (launch.date.when.wall - _EPOCH).total_seconds()  # the wall clock is UTC: quicker than .lower
        try:
            result = _outcome(row["Launch_Code"])
        except InvalidRecord as exc:
            raise InvalidRecord(f"line {launch.line}, column Launch_Code: {exc}") from None
        try:
            place, site_then = self.place(row["Launch_Site"], moment)
        except InvalidRecord as exc:
            raise InvalidRecord(f"line {launch.line}, column Launch_Site: {exc}") from None
        agencies = [*self.participants(row["Agency"], "launch provider", moment)]
        for owner in dict.fromkeys(payload.owner for payload in launch.payloads):
            agencies += self.participants(owner, "payload owner", moment)
        missions = self.missions.get(launch.tag)
        title = _titled(row["LV_Type"], _VERBS[result.outcome, result.partial], _cargo(row["LV_Type"], launch),
                        missions)
        family = self.vehicles.family_of(row["LV_Type"], row["LVState"])
        span, timezone = _dated(launch.date.when, place.timezone)
        return EventRecord(
            slug=_slug(launch.tag), title=title, kind=EventKind.LAUNCH, status=EventStatus.OCCURRED, span=span,
            timezone=timezone, place=place.name, summary=_summary(launch, result.sentence, site_then),
            agencies=list(dict.fromkeys(agencies)), sources=[GCAT_URL, *([missions.source] if missions else [])],
            outcome=result.outcome, designation=launch.tag, flight=launch.tag,
            aliases=_distinct([*(missions.names if missions else ()), *_aliases(launch, title),
                               *((family.name, *family.french) if family else ())], title),
            vehicle=row["LV_Type"], vehicle_family=family.name if family else None, trajectory=result.trajectory,
            given=STATED)


STATED = frozenset({"title", "kind", "status", "span", "timezone", "place", "summary", "agencies", "sources",
                    "outcome", "designation", "aliases", "flight", "vehicle", "vehicle_family", "trajectory"})
"""What a launch log states of a launch: never its crew or history, which a merge into a stored launch keeps."""


def _launches(table: _Table) -> tuple[list[_Launch], list[str]]:
    """The launches of the log in the order they first appear, and the problems found grouping their rows (a
    launch whose date cannot be read is reported once, at its first row)."""
    launches: dict[str, _Launch] = {}
    unreadable: set[str] = set()
    problems: list[str] = []
    payload = table.getter("Launch_Tag", "Name", "PLName", "Type", "SatOwner", "Piece", "JCAT")
    shared = table.getter(*_PER_LAUNCH)
    for line, values in table.rows:
        if len(problems) >= limits.PROBLEMS_MAX:
            problems.append(f"line {line}: the file was not read further after {limits.PROBLEMS_MAX:,} problems")
            break
        tag, name, plname, kind, owner, piece, jcat = payload(values)
        if not tag:
            problems.append(f"line {line}, column Launch_Tag: empty")
            continue
        launch = launches.get(tag)
        if launch is None:
            if tag in unreadable:
                continue
            row = dict(zip(table.columns, values, strict=True))
            try:
                date = parse_vague_date(row["Launch_Date"])
            except InvalidRecord as exc:
                problems.append(f"line {line}, column Launch_Date: {exc}")
                unreadable.add(tag)
                continue
            launch = launches[tag] = _Launch(tag, line, row, date, shared(values))
        elif shared(values) != launch.own:
            problems += [f"line {line}, column {column}: {value!r} differs from {launch.row[column]!r} on line "
                         f"{launch.line}, the launch's first row"
                         for column, value in zip(_PER_LAUNCH, shared(values), strict=True)
                         if value != launch.row[column]]
        launch.payloads.append(_Payload(_known(name), _known(plname), kind, owner, piece, jcat))
    for launch in launches.values():
        launch.payloads = [payload for payload in launch.payloads
                           if not payload.deployed_from_station(launch.tag)] or launch.payloads
    return list(launches.values()), problems


def _companion(launchlog: Path, given: Path | None, name: str, option: str, what: str) -> Path:
    """The path of orgs.tsv or sites.tsv: as given, else beside the launch log; InvalidImport when missing."""
    path = given if given is not None else launchlog.parent / name
    if given is None and not path.is_file() and launchlog.suffix == ".gz":
        path = path.with_name(name + ".gz")  # a compressed log comes with compressed tables
    if not path.is_file():
        where = f"was not found at {path}" if given is not None else f"is not beside the launch log (no {path})"
        raise InvalidImport([f"GCAT's {what} table {name} {where}: give its path with --{option} (the {option!r} "
                             "argument of read_gcat)"], str(launchlog))
    return path


def read_gcat(launchlog: Path, orgs: Path | None = None, sites: Path | None = None,
              missions: dict[str, MissionNames] | None = None) -> Dataset:
    """The launches of a GCAT launch log (launchlog.tsv) as events, with the places and agencies they name.

    `orgs` and `sites` are GCAT's orgs.tsv and sites.tsv, by default beside the launch log; InvalidImport names a
    missing one and the argument that gives it. Every row is checked first: InvalidImport, naming the launch log,
    lists each problem with its line and column (a missing column, a bad date, an unknown site or launch code, rows
    of one launch that disagree). Agencies and places come with the names of each that GCAT gives, as aliases that
    never make a name ambiguous (`_unambiguous`). `missions` gives the names writers use for well-known launches
    (by default the bundled table): they lead the title when GCAT's name differs, join the aliases, and their
    page joins the sources.
    """
    orgs_path = _companion(launchlog, orgs, "orgs.tsv", "orgs", "organisation")
    sites_path = _companion(launchlog, sites, "sites.tsv", "sites", "launch site")
    table = _read_table(launchlog, LAUNCH_COLUMNS)
    organisations, bodies = _read_orgs(orgs_path)
    reader = _Reader(_read_sites(sites_path), organisations, bodies, sites_path.name,
                     _bundled_mission_names() if missions is None else missions)
    launches, problems = _launches(table)
    events: list[EventRecord] = []
    slugs: dict[str, int] = {}
    for launch in launches:
        try:
            event = reader.event(launch)
            check_record(event, f"line {launch.line}")
        except InvalidRecord as exc:
            problems.append(str(exc))
            continue
        if event.slug in slugs:
            problems.append(f"line {launch.line}, column Launch_Tag: slug {event.slug!r} also made from line "
                            f"{slugs[event.slug]}")
            continue
        slugs[event.slug] = launch.line
        events.append(event)
    if problems:
        raise InvalidImport(sorted(problems, key=_line_number), str(launchlog))
    places = [PlaceRecord(record.name, record.timezone, [*filter(None, [record.short_name]), *record.aliases],
                          record.latitude, record.longitude)  # a place has no short name: it is an alias
              for record in _unambiguous(reader.places.values())]
    parents = reader.parents()
    agencies = [AgencyRecord(record.name, record.short_name, aliases=record.aliases, parent=parents.get(record.name))
                for record in _unambiguous(reader.agencies.values())]
    problems = [f"{table}: {kind} {record.name!r}: {problem}"
                for table, kind, records in ((sites_path.name, "place", places), (orgs_path.name, "agency", agencies))
                for record in records for problem in record_problems(record)]
    if problems:
        raise InvalidImport(problems, str(launchlog))
    # The log's date: its stamp if it has one, else the day of its latest launch (how far it reaches), which
    # `tracker info` and the timeline's note about where the catalogue ends read from the stored source.
    latest = max((event.span.start.lower for event in events), default=None)
    dated = updated_stamp(launchlog) or (When.from_instant(latest, Precision.DAY) if latest else None)
    return Dataset(agencies=agencies, places=places, sources=[replace(GCAT_SOURCE, published=dated)], events=events)


def _line_number(problem: str) -> int:
    match = re.match(r"line (\d+)", problem)
    return int(match[1]) if match else 0


def read(path: Path, options: ReadOptions) -> Incoming:
    """The format registry's reader: a GCAT launch log with the orgs.tsv and sites.tsv given as companions
    ("orgs", "sites"; by default beside the log), validated whole."""
    dataset = read_gcat(path, options.companions.get("orgs"), options.companions.get("sites"))
    return Incoming(dataset, size=len(dataset.events))
