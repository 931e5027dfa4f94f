"""A deterministic synthetic store of N space events, written in the tracker CSV contract.

The mix is meant to look like a real timeline, not to be easy:

- about 300 agencies (a few busy ones, a long tail; some names in Cyrillic) and 5,000 people (some accented);
- 1 to 5 participants per event (agencies and people, often with a role), 1 or 2 source URLs;
- dates at minute precision (UTC, or local time in the event's IANA zone) and day precision, 8% at month and 2% at
  year precision, 2% spans of 2 days to 6 months, and a few multi-decade spans (a space-station programme);
- a constant density of about 26 events a week, so the calendar grows with N (1957 to about 2030 for 100,000
  events) and a week's query returns a similar number of events whatever N is;
- titles built on code names ("Kavoru-12 launch"), each code name used by about 25 events, so a full-text search
  for one has a result of a similar size whatever N is.

Everything comes from one seeded `random.Random`: the same N and seed give the same bytes.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

COLUMNS = ("slug", "title", "kind", "status", "start", "end", "timezone", "place", "agencies", "people", "summary",
           "sources")
SEED = 20250731
FIRST_DAY = date(1957, 10, 4)
EVENTS_PER_DAY = 3.75
AGENCIES = 300
PEOPLE = 5_000
EVENTS_PER_CODENAME = 25

_CONSONANTS = "bdgkmnprstvz"
_VOWELS = "aeiou"
_CYRILLIC = ["ка", "ро", "ми", "те", "ла", "со", "ну", "ви", "де", "па"]
_FIRST_NAMES = [
    "Anna", "Oleg", "Yuki", "Chen", "Priya", "Sergei", "Maria", "Jean", "Kenji", "Amara", "Luca", "Ingrid", "Tomas",
    "Wei", "Fatima", "Raj", "Elena", "Marco", "Sofia", "Pavel", "Aiko", "Liam", "Nadia", "Omar", "Hana", "Victor",
    "Léa", "José", "Zoë", "Émile", "Ana", "Björn", "Søren", "Çağrı", "Олег", "Анна", "Сергей", "Мария",
]
_AGENCY_SUFFIXES = ["Space Agency", "Aerospace", "Launch Services", "Orbital", "Space Administration",
                    "Rocket Works", "Satellite Corporation", "Research Institute"]
_PLACES: list[tuple[str, str | None]] = [
    ("Kennedy Space Center", "America/New_York"), ("Cape Canaveral", "America/New_York"),
    ("Baikonur Cosmodrome", "Asia/Almaty"), ("Plesetsk Cosmodrome", "Europe/Moscow"),
    ("Vostochny Cosmodrome", "Asia/Yakutsk"), ("Guiana Space Centre", "America/Cayenne"),
    ("Jiuquan", "Asia/Shanghai"), ("Wenchang", "Asia/Shanghai"), ("Tanegashima", "Asia/Tokyo"),
    ("Satish Dhawan Space Centre", "Asia/Kolkata"), ("Vandenberg", "America/Los_Angeles"),
    ("Johnson Space Center", "America/Chicago"), ("Star City", "Europe/Moscow"), ("Noordwijk", "Europe/Amsterdam"),
    ("Paris", "Europe/Paris"), ("Washington", "America/New_York"), ("Mahia", "Pacific/Auckland"),
    ("Starbase", "America/Chicago"), ("Tsukuba", "Asia/Tokyo"), ("Darmstadt", "Europe/Berlin"),
    ("International Space Station", None), ("Tiangong", None), ("Low Earth orbit", None), ("Mir", None),
]
_KINDS = ["launch", "landing", "docking", "undocking", "spacewalk", "visit", "meeting", "appointment",
          "announcement", "other"]
_KIND_WEIGHTS = list(accumulate([35, 10, 10, 8, 7, 8, 10, 5, 5, 2]))
_STATUSES = ["occurred", "planned", "scrubbed", "postponed", "cancelled", "unconfirmed"]
_STATUS_WEIGHTS = list(accumulate([80, 8, 4, 3, 2, 3]))
_TITLES = {
    "launch": "{c}-{s} launch", "landing": "{c}-{s} landing", "docking": "{c}-{s} docks with {station}",
    "undocking": "{c}-{s} undocks from {station}", "spacewalk": "{c} spacewalk {s}",
    "visit": "Delegation visit {c}-{s}", "meeting": "{c} programme meeting {s}",
    "appointment": "{c} office appointment {s}", "announcement": "{c}-{s} announcement", "other": "{c} milestone {s}",
}
_STATIONS = ["Mir", "ISS", "Tiangong", "Gateway", "Salyut 7"]
_SUMMARIES = [
    "Reported by the operator after a nominal countdown.", "Confirmed by two independent tracking networks.",
    "The date slipped twice before this attempt.", "Weather delayed the first attempt by a day.",
    "Officials met to review the schedule and the budget.", "The crew completed every planned task.",
    "Telemetry showed an anomaly that was later explained.", "Announced at a press conference the same day.",
    "Only the month is known from public statements.", "The agency's annual report gives the year.",
]
_AGENCY_ROLES = ["", "", "launch provider", "customer", "operator", "host"]
_PEOPLE_ROLES = ["", "", "commander", "pilot", "mission specialist", "flight engineer", "visitor"]
_DOMAINS = ["news.example.org", "spaceflight.example.com", "agency.example.gov", "archive.example.net",
            "press.example.eu", "wire.example.jp", "journal.example.ru", "blog.example.in"]


def fold(name: str) -> str:
    """A name's comparison key (accents stripped, case folded): generated names must differ under it."""
    bare = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True)
class Universe:
    """The named things events refer to, and the calendar the events fill."""

    events: int
    agencies: list[str]
    agency_weights: list[float]
    people: list[str]
    codenames: list[str]
    first_day: date
    days: int

    @property
    def last_day(self) -> date:
        """The last day an event (other than a long span) starts on."""
        return self.first_day + timedelta(days=self.days - 1)


def _syllable(rng: random.Random) -> str:
    return rng.choice(_CONSONANTS) + rng.choice(_VOWELS)


def _unique_names(rng: random.Random, count: int, make: Callable[[random.Random], str]) -> list[str]:
    """`count` names from `make(rng)`, distinct once folded (tracker merges names that fold alike)."""
    names: list[str] = []
    keys: set[str] = set()
    while len(names) < count:
        name = make(rng)
        if fold(name) not in keys:
            keys.add(fold(name))
            names.append(name)
    return names


def _agency_name(rng: random.Random) -> str:
    if rng.random() < 0.03:
        return (rng.choice(_CYRILLIC) + rng.choice(_CYRILLIC)).capitalize() + " Космос"
    stem = _syllable(rng) + rng.choice(_CONSONANTS) + _syllable(rng)
    return f"{stem.capitalize()} {rng.choice(_AGENCY_SUFFIXES)}"


def _person_name(rng: random.Random) -> str:
    # Surnames are CVC-CVC: no code name (CVCVCV) is a prefix of one, so searches stay on code names.
    surname = "".join(_syllable(rng) + rng.choice(_CONSONANTS) for _ in range(2))
    return f"{rng.choice(_FIRST_NAMES)} {surname.capitalize()}"


def _codenames(rng: random.Random, count: int) -> list[str]:
    syllables = [consonant + vowel for consonant in _CONSONANTS for vowel in _VOWELS]
    total = len(syllables) ** 3
    picks = rng.sample(range(total), min(count, total))
    return ["".join(syllables[pick // len(syllables) ** k % len(syllables)] for k in range(3)).capitalize()
            for pick in picks]


def universe(events: int, seed: int = SEED) -> Universe:
    """The agencies, people, code names and calendar of a store of `events` events (deterministic)."""
    rng = random.Random(seed)
    agencies = _unique_names(rng, AGENCIES, _agency_name)
    weights = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(agencies))))
    people = _unique_names(rng, PEOPLE, _person_name)
    codenames = _codenames(rng, max(30, events // EVENTS_PER_CODENAME))
    days = max(14, round(events / EVENTS_PER_DAY))
    return Universe(events, agencies, weights, people, codenames, FIRST_DAY, days)


def _long_span_positions(events: int) -> set[int]:
    """Where the multi-decade spans go: a few, spread over the file."""
    count = 3 + events // 200_000
    step = max(1, events // (count + 1))
    return {step * (index + 1) for index in range(count)}


class _EventMaker:
    """Makes the rows of one file, in order, from one random stream."""

    def __init__(self, world: Universe, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed + 1)
        self.long_spans = _long_span_positions(world.events)

    def row(self, index: int) -> list[str]:
        rng = self.rng
        day = self.world.first_day + timedelta(days=int(index / EVENTS_PER_DAY))
        kind = rng.choices(_KINDS, cum_weights=_KIND_WEIGHTS)[0]
        status = rng.choices(_STATUSES, cum_weights=_STATUS_WEIGHTS)[0]
        codename = rng.choice(self.world.codenames)
        serial = rng.randint(1, 40)
        place, zone = rng.choice(_PLACES) if rng.random() < 0.8 else ("", None)
        if index in self.long_spans:
            kind, status = "other", "occurred"
            title = f"{codename} orbital station programme"
            start, end, zone = self._decades(day)
        else:
            title = _TITLES[kind].format(c=codename, s=serial, station=rng.choice(_STATIONS))
            start, end, zone = self._dates(day, zone)
        slug = f"{codename.lower()}-{serial}-{kind}-{index:07d}"
        summary = f"{codename}-{serial}: {rng.choice(_SUMMARIES)}"
        return [slug, title, kind, status, start, end, zone or "", place, self._agencies(), self._people(), summary,
                self._sources(day, codename, serial)]

    def _dates(self, day: date, zone: str | None) -> tuple[str, str, str | None]:
        """Start, end and time zone: mostly minutes and days, 8% months, 2% years, 2% spans."""
        rng = self.rng
        local = zone is not None and rng.random() < 0.5
        draw = rng.random()
        if draw < 0.02:
            return f"{day:%Y}", "", None
        if draw < 0.10:
            return f"{day:%Y-%m}", "", None
        if draw < 0.12:
            end = day + timedelta(days=rng.randint(2, 180))
            return day.isoformat(), end.isoformat(), zone if local else None
        if draw < 0.45:
            return day.isoformat(), "", zone if local else None
        # Local times stay between 06:00 and 22:59, away from the hours clock changes skip or repeat.
        clock = f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
        if local:
            return f"{day.isoformat()}T{clock}", "", zone
        return f"{day.isoformat()}T{clock}Z", "", None

    def _decades(self, day: date) -> tuple[str, str, str | None]:
        years = self.rng.randint(20, 40)
        return f"{day:%Y-%m}", f"{day.year + years:04d}-{day.month:02d}", None

    def _agencies(self) -> str:
        count = self.rng.choices((1, 1, 2, 2, 3))[0]
        picked = dict.fromkeys(self.rng.choices(self.world.agencies, cum_weights=self.world.agency_weights,
                                                k=count))
        return "; ".join(_with_role(name, self.rng.choice(_AGENCY_ROLES)) for name in picked)

    def _people(self) -> str:
        count = self.rng.choices((0, 0, 1, 1, 2))[0]
        picked = dict.fromkeys(self.rng.choices(self.world.people, k=count))
        return "; ".join(_with_role(name, self.rng.choice(_PEOPLE_ROLES)) for name in picked)

    def _sources(self, day: date, codename: str, serial: int) -> str:
        domains = self.rng.sample(_DOMAINS, self.rng.choice((1, 1, 2)))
        return "; ".join(f"https://{domain}/{day:%Y/%m}/{codename.lower()}-{serial}" for domain in domains)


def _with_role(name: str, role: str) -> str:
    return f"{name} ({role})" if role else name


def rows(events: int, seed: int = SEED) -> Iterator[list[str]]:
    """The data rows of a file of `events` events, in date order."""
    maker = _EventMaker(universe(events, seed), seed)
    for index in range(events):
        yield maker.row(index)


def write_events_csv(path: Path, events: int, seed: int = SEED) -> Path:
    """Write the CSV file of `events` events to `path` (UTF-8, header row, CRLF) and return the path."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        writer.writerows(rows(events, seed))
    return path
