"""Launch Library 2 (TheSpaceDevs) responses read as events: the /launches/ and /events/ endpoints, any mode.

A document is a page of results (`{"count": ..., "results": [...]}`), a bare list of results, or one launch or
event object. Every result is validated before anything is returned; InvalidImport lists the problems with their
place (`results[2].net: ...`). Results from another endpoint are named ("this looks like an LL2 agencies list,
not launches or events"), found from the object's API `url` or, without one, from its fields.

Launches (kind `launch`):
- title `name`; slug `slug` (derived from title and date when missing); place `pad.location.name` and timezone
  `pad.location.timezone_name`; agencies `launch_service_provider` (role "launch provider") and
  `mission.agencies` ("customer"); people `rocket.spacecraft_stage[].launch_crew[]` (`astronaut.name`, role
  `role.role`); sources `info_urls[].url` (v2.3) or `infoURLs` (v2.2: objects, or plain URLs before), then the
  object's API `url`; summary `mission.description`, then the facts below, the rocket and the pad.
- places: LL2 writes a location as "<site>, <region>, <country>" ("Kennedy Space Center, FL, USA", "Cape Canaveral
  SFS, FL, USA"). A place the store already knows by the whole name, the site, or the site with LL2's abbreviations
  spelt out (any of its names or aliases) is that place; else a site the GCAT catalogue names is given its name
  there ("Jiuquan Satellite Launch Center"), so a later catalogue import finds it; else the name stays as written.
- status `status.abbrev`: Go, TBD, TBC -> planned; Success -> occurred; Failure, Partial Failure and In Flight ->
  occurred, with the outcome (and `failreason`) in the summary; Hold -> postponed. Anything else is refused.
- `window_start` / `window_end`: a planned launch known to the hour or better spans from `net` to the window's
  end; every non-instantaneous window is also stated in the summary.

Events: kind from `type.name` (Docking, Berthing -> docking; Undocking -> undocking; Spacewalk, EVA -> spacewalk;
Landing, Splashdown -> landing; press events, conferences, briefings -> meeting; ...; anything else -> other, with
the LL2 type in the summary); `date` / `date_precision`; `duration` gives the end of a timed event; place
`location`; agencies `agencies[].name`; people `astronauts[].name`. LL2 events carry no status: an event that
ended before the object's `last_updated` is occurred, a later one planned, and without `last_updated` unconfirmed.

Dates. LL2 publishes UTC instants with a precision (`net_precision`, `date_precision`):
- SEC, MIN, HR: that second, minute or hour (UTC, shown in the pad's zone).
- DAY, M, Y: the UTC day, month or year containing the instant, recorded as that calendar date in the event's zone
  (how tracker reads "2025-08-01" at a place).
- AM, PM (morning or afternoon, local time): that local day. WK: the seven days from the instant's day.
- Q1-Q4: a span of the quarter's three months; H1, H2: of the half year's six; the year is the instant's, and an
  instant outside the named quarter or half is refused. FY: the calendar year of the instant. DEC: the decade.
- Whenever the period is not exactly what LL2 said (AM, PM, WK, quarters, halves, FY, DEC, no precision given),
  the summary says so, naming LL2's precision and the instant. An unknown precision is refused, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.dates.when import Precision, Span, When, zone_info
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord
from tracker.formats import Incoming, ReadOptions
from tracker.formats.gcat import COMMON_SITE_NAMES
from tracker.formats.json import derive_slug, load_json
from tracker.names import fold
from tracker.records import Dataset, EventKind, EventRecord, EventStatus, Participant, check_record

LAUNCH_STATUSES = {
    "GO": EventStatus.PLANNED,
    "TBD": EventStatus.PLANNED,
    "TBC": EventStatus.PLANNED,
    "SUCCESS": EventStatus.OCCURRED,
    "FAILURE": EventStatus.OCCURRED,
    "PARTIAL FAILURE": EventStatus.OCCURRED,
    "IN FLIGHT": EventStatus.OCCURRED,
    "HOLD": EventStatus.POSTPONED,
}
_STATUS_NAMES = ("Go", "TBD", "TBC", "Success", "Failure", "Partial Failure", "In Flight", "Hold")
_OUTCOMES = {"FAILURE", "PARTIAL FAILURE", "IN FLIGHT"}

PRECISIONS = ("SEC", "MIN", "HR", "AM", "PM", "DAY", "WK", "M", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y", "FY", "DEC")
_PRECISION_NAMES = {"second": "SEC", "minute": "MIN", "hour": "HR", "morning": "AM", "afternoon": "PM", "day": "DAY",
                    "week": "WK", "month": "M", "quarter 1": "Q1", "quarter 2": "Q2", "quarter 3": "Q3",
                    "quarter 4": "Q4", "half 1": "H1", "half 2": "H2", "year": "Y", "fiscal year": "FY",
                    "decade": "DEC"}
_EXACT = {"SEC": Precision.SECOND, "MIN": Precision.MINUTE, "HR": Precision.HOUR}
_PERIOD_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}

# Checked in order: "undocking" must win over "docking".
_EVENT_KINDS = (
    (("undock", "unberth", "departure"), EventKind.UNDOCKING),
    (("dock", "berth"), EventKind.DOCKING),
    (("spacewalk", "eva", "extravehicular"), EventKind.SPACEWALK),
    (("landing", "splashdown", "touchdown", "reentry", "re-entry"), EventKind.LANDING),
    (("launch",), EventKind.LAUNCH),
    (("press", "conference", "briefing", "meeting", "summit", "symposium", "webinar"), EventKind.MEETING),
    (("announcement", "assignment"), EventKind.ANNOUNCEMENT),
    (("visit",), EventKind.VISIT),
)

_API_PATH = re.compile(r"/(?:\d+\.\d+\.\d+|dev|latest)/(?P<endpoint>[a-z_]+)/")
_ENDPOINT_KINDS = {"launch": "launch", "launches": "launch", "event": "event", "events": "event"}
# Fields that tell the other endpoints' objects apart when they carry no API url.
_SIGNATURES = (
    ("agencies", ("founding_year", "administrator", "launchers", "featured")),
    ("astronauts", ("date_of_birth", "flights_count", "eva_time", "bio", "time_in_space")),
    ("spacewalks", ("crew",)),
    ("docking events", ("docking", "departure")),
    ("space stations", ("founded", "deorbited", "owners")),
    ("expeditions", ("spacestation",)),
    ("locations", ("timezone_name", "total_landing_count")),
    ("pads", ("map_url", "latitude")),
    ("launcher configurations", ("maiden_flight", "full_name", "leo_capacity")),
    ("programs", ("start_date", "mission_patches")),
)

_ISO_DURATION = re.compile(r"^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
                           r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$")
_CLOCK_DURATION = re.compile(r"^(?:(?P<days>\d+) )?(?P<hours>\d+):(?P<minutes>\d{2}):(?P<seconds>\d{2}(?:\.\d+)?)$")


class _Object:
    """One JSON object of an LL2 response, read leniently (LL2 objects carry many fields tracker ignores) but with
    type checks that name the object's path."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise InvalidRecord(f"{path}: expected an object, found {type(value).__name__}")
        self.value: dict[str, Any] = value
        self.path = path

    def text(self, name: str, *, required: bool = False) -> str:
        found = self.value.get(name)
        if found is None or (isinstance(found, str) and not found.strip()):
            if required:
                raise InvalidRecord(f"{self.path}.{name}: missing")
            return ""
        if not isinstance(found, str | int | float) or isinstance(found, bool):
            raise InvalidRecord(f"{self.path}.{name}: expected text, found {type(found).__name__}")
        return str(found).strip()

    def child(self, name: str) -> _Object | None:
        found = self.value.get(name)
        return None if found is None else _Object(found, f"{self.path}.{name}")

    def children(self, name: str) -> list[_Object]:
        """A list of objects; a single object stands for a list of one (older API versions nest them so)."""
        found = self.value.get(name)
        if found is None:
            return []
        if isinstance(found, dict):
            return [_Object(found, f"{self.path}.{name}")]
        if not isinstance(found, list):
            raise InvalidRecord(f"{self.path}.{name}: expected a list, found {type(found).__name__}")
        return [_Object(item, f"{self.path}.{name}[{index}]") for index, item in enumerate(found)]

    def instant(self, name: str, *, required: bool = False) -> datetime | None:
        written = self.text(name, required=required)
        if not written:
            return None
        try:
            moment = datetime.fromisoformat(written)
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except ValueError:
            raise InvalidRecord(f"{self.path}.{name}: invalid timestamp {written!r} "
                                "(expected ISO 8601 such as 2025-08-01T15:43:42Z)") from None
        except OverflowError:  # an offset that takes the instant before year 1 or after 9999
            raise InvalidRecord(f"{self.path}.{name}: {written!r} is out of the range of dates tracker can hold") \
                from None


def _endpoint(value: Any) -> str:
    """"launch", "event", or the name of the endpoint another LL2 object comes from ("agencies")."""
    if not isinstance(value, dict):
        return "unknown"
    match = _API_PATH.search(value["url"]) if isinstance(value.get("url"), str) else None
    if match:
        endpoint = match["endpoint"]
        return _ENDPOINT_KINDS.get(endpoint, endpoint.replace("_", " "))
    if "net" in value:
        return "launch"
    if "date" in value and ("type" in value or "date_precision" in value):
        return "event"
    for name, fields in _SIGNATURES:
        if any(field in value for field in fields):
            return name
    return "unknown"


def _describe(endpoint: str) -> str:
    if endpoint == "unknown":
        return "object that is neither a launch nor an event (it has no `net` or `date`)"
    return f"LL2 {endpoint} list"


def _date(day: date, zone: str | None, precision: Precision = Precision.DAY) -> When:
    return When.parse(day.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7}.get(precision, 10)], zone)


def _precision_key(found: _Object | None) -> tuple[str, str]:
    """The LL2 precision abbreviation (from `abbrev`, else `name`) and how to name it in a note."""
    if found is None:
        return "", ""
    abbrev, name = found.text("abbrev").upper(), found.text("name")
    if not abbrev and not name:
        return "", ""
    key = abbrev or _PRECISION_NAMES.get(fold(name), name.upper())
    if key not in PRECISIONS:
        raise InvalidRecord(f"{found.path}: unknown LL2 precision {abbrev or name!r} (known: {', '.join(PRECISIONS)})")
    return key, name or key


def _period(moment: datetime, found: _Object | None, zone: str | None, path: str) -> tuple[Span, str | None]:
    """The span an LL2 instant at an LL2 precision covers, and a note when that is not exactly what LL2 said."""
    key, name = _precision_key(found)
    stated = f"LL2 date precision: {name} (instant {moment:%Y-%m-%dT%H:%M:%SZ})"
    day = moment.date()
    if not key:
        return Span(When.from_instant(moment, Precision.SECOND, zone)), \
            f"LL2 gave no precision for this date; taken as exact (instant {moment:%Y-%m-%dT%H:%M:%SZ})"
    if key in _EXACT:
        return Span(When.from_instant(moment, _EXACT[key], zone)), None
    if key == "DAY":
        return Span(_date(day, zone)), None
    if key in ("AM", "PM"):
        local = moment.astimezone(zone_info(zone)).date() if zone else day
        return Span(_date(local, zone)), stated
    if key == "WK":
        return Span(_date(day, zone), _date(day + timedelta(days=6), zone)), stated
    if key == "M":
        return Span(_date(day, zone, Precision.MONTH)), None
    if key in _PERIOD_MONTHS:
        first, last = _PERIOD_MONTHS[key]
        if not first <= day.month <= last:
            raise InvalidRecord(f"{path}: the instant {moment:%Y-%m-%d} is not in {key} (months {first}-{last})")
        return Span(_date(day.replace(month=first, day=1), zone, Precision.MONTH),
                    _date(day.replace(month=last, day=1), zone, Precision.MONTH)), stated
    if key in ("Y", "FY"):
        return Span(_date(day, zone, Precision.YEAR)), stated if key == "FY" else None
    decade = day.replace(year=day.year - day.year % 10, month=1, day=1)
    return Span(_date(decade, zone, Precision.YEAR), _date(decade.replace(year=decade.year + 9), zone,
                                                            Precision.YEAR)), stated


def _dated(item: _Object, field: str, precision_field: str, zone: str | None) -> tuple[Span, str | None]:
    moment = item.instant(field, required=True)
    assert moment is not None
    try:
        return _period(moment, item.child(precision_field), zone, f"{item.path}.{precision_field}")
    except InvalidDate as exc:
        raise InvalidRecord(f"{item.path}.{field}: {exc}") from None


def _sources(item: _Object) -> list[str]:
    found: list[str] = []
    urls = item.value.get("info_urls") or []
    if not isinstance(urls, list):
        raise InvalidRecord(f"{item.path}.info_urls: expected a list, found {type(urls).__name__}")
    for index, entry in enumerate(urls):
        url = entry if isinstance(entry, str) else _Object(entry, f"{item.path}.info_urls[{index}]").text("url")
        found.append(url.strip())
    found.append(item.text("url"))
    return list(dict.fromkeys(url for url in found if url))


def _official_pages(item: _Object) -> list[str]:
    """The v2.2 `infoURLs` of a launch or event and of its mission: objects with a `url`, or URLs (v2.0, v2.1)."""
    found: list[str] = []
    mission = item.child("mission")
    for owner in (item, *([mission] if mission else [])):
        for index, entry in enumerate(owner.value.get("infoURLs") or []):
            url = entry if isinstance(entry, str) else _Object(entry, f"{owner.path}.infoURLs[{index}]").text("url")
            found.append(url.strip())
    return found


def _all_sources(item: _Object) -> list[str]:
    return list(dict.fromkeys(url for url in (*_official_pages(item), *_sources(item)) if url))


_ABBREVIATIONS = ((re.compile(r"\bSFS\b"), "Space Force Station"), (re.compile(r"\bSFB\b"), "Space Force Base"),
                  (re.compile(r"\bAFS\b"), "Air Force Station"), (re.compile(r"\bAFB\b"), "Air Force Base"))
_CATALOGUE_SITES = {fold(name): name for name in COMMON_SITE_NAMES.values()}


def place_name(written: str, known: Collection[str]) -> str:
    """The place an LL2 location name means (see the module): a name of a place in `known` (the folded names and
    aliases of the store's places), else the GCAT catalogue's name of the site, else `written`."""
    site = written.split(",")[0].strip()
    spelt = site
    for abbreviation, words in _ABBREVIATIONS:
        spelt = abbreviation.sub(words, spelt)
    candidates = [written, site, spelt]
    for candidate in candidates:
        if fold(candidate) in known:
            return candidate
    return next((_CATALOGUE_SITES[fold(name)] for name in candidates if fold(name) in _CATALOGUE_SITES), written)


def _unique(items: list[Participant]) -> list[Participant]:
    return list(dict.fromkeys(item for item in items if item.name))


def _summary(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _zone(location: _Object | None) -> str | None:
    if location is None:
        return None
    zone = location.text("timezone_name") or None
    if zone is not None:
        try:
            zone_info(zone)
        except InvalidDate as exc:
            raise InvalidRecord(f"{location.path}.timezone_name: {exc}") from None
    return zone


def _crew(launch: _Object) -> list[Participant]:
    rocket = launch.child("rocket")
    found = []
    for stage in rocket.children("spacecraft_stage") if rocket else []:
        for member in stage.children("launch_crew"):
            astronaut = member.child("astronaut")
            role = member.child("role") if isinstance(member.value.get("role"), dict) else None
            role_name = role.text("role") if role is not None else member.text("role")
            if astronaut is not None:
                found.append(Participant(astronaut.text("name", required=True), role_name))
    return found


def _utc_label(moment: datetime) -> str:
    return When.from_instant(moment, Precision.MINUTE).label()


def _launch(item: _Object, known_places: Collection[str]) -> EventRecord:
    """One LL2 launch object as a launch event (see the module for the mapping)."""
    title = item.text("name", required=True)
    pad = item.child("pad")
    location = pad.child("location") if pad else None
    zone = _zone(location)
    span, precision_note = _dated(item, "net", "net_precision", zone)
    status_object = item.child("status")
    abbrev = status_object.text("abbrev").upper() if status_object else ""
    if status_object is not None and abbrev and abbrev not in LAUNCH_STATUSES:
        raise InvalidRecord(f"{item.path}.status.abbrev: unknown LL2 launch status "
                            f"{status_object.text('abbrev')!r} (known: {', '.join(_STATUS_NAMES)})")
    status = LAUNCH_STATUSES.get(abbrev, EventStatus.UNCONFIRMED)
    notes = []
    if abbrev in _OUTCOMES:
        assert status_object is not None
        written = status_object.text("abbrev")
        notes.append(f"Outcome: {status_object.text('name') or written} (LL2 status {written}).")
    if item.text("failreason"):
        notes.append(f"Failure reason: {item.text('failreason')}")
    opens, closes = item.instant("window_start"), item.instant("window_end")
    if opens is not None and closes is not None and closes > opens:
        notes.append(f"Launch window: {_utc_label(opens)} – {_utc_label(closes)}")
        if status in (EventStatus.PLANNED, EventStatus.POSTPONED) and span.end is None \
                and span.precision >= Precision.HOUR and closes >= span.start.upper:
            span = Span(span.start, When.from_instant(closes, span.precision, zone))
    if precision_note:
        notes.append(precision_note)
    rocket = item.child("rocket")
    configuration = rocket.child("configuration") if rocket else None
    if configuration and (configuration.text("full_name") or configuration.text("name")):
        notes.append(f"Rocket: {configuration.text('full_name') or configuration.text('name')}")
    if pad and pad.text("name"):
        notes.append(f"Pad: {pad.text('name')}")
    mission = item.child("mission")
    provider = item.child("launch_service_provider")
    agencies = [Participant(provider.text("name", required=True), "launch provider")] if provider else []
    agencies += [Participant(agency.text("name", required=True), "customer")
                 for agency in (mission.children("agencies") if mission else [])]
    return EventRecord(
        slug=item.text("slug") or derive_slug(title, span.start),
        title=title,
        kind=EventKind.LAUNCH,
        status=status,
        span=span,
        timezone=zone,
        place=place_name(location.text("name"), known_places) if location and location.text("name") else None,
        summary=_summary(mission.text("description") if mission else "", "\n".join(notes)),
        agencies=_unique(agencies),
        people=_unique(_crew(item)),
        sources=_all_sources(item),
        given=_LAUNCH_STATES,
    )


_EVENT_STATES = frozenset({"title", "kind", "status", "span", "place", "summary", "agencies", "people", "sources"})
"""What Launch Library 2 states of an event: a merge into a stored one keeps its zone, outcome, history and more."""
_LAUNCH_STATES = _EVENT_STATES | {"timezone"}


def event_kind(type_name: str) -> EventKind:
    """Tracker's kind for an LL2 event type name ("Docking" -> docking, "EVA" -> spacewalk); `other` if none fits."""
    tokens = re.split(r"[^\w-]+", fold(type_name))
    for keys, kind in _EVENT_KINDS:
        if any(token == key or (len(key) > 3 and token.startswith(key)) for key in keys for token in tokens):
            return kind
    return EventKind.OTHER


def parse_duration(text: str) -> timedelta | None:
    """An LL2 duration, ISO 8601 ("PT6H30M", "P1DT2H") or Django's ("1 02:03:04"); None when not understood."""
    match = _ISO_DURATION.match(text.strip()) or _CLOCK_DURATION.match(text.strip())
    if match is None or not any(match.groupdict().values()):
        return None
    parts = {name: float(value) for name, value in match.groupdict().items() if value}
    return timedelta(**parts)


def _event(item: _Object, known_places: Collection[str]) -> EventRecord:
    """One LL2 event object (from /events/) as an event (see the module for the mapping)."""
    title = item.text("name", required=True)
    type_object = item.child("type")
    type_name = type_object.text("name") if type_object else ""
    kind = event_kind(type_name)
    span, precision_note = _dated(item, "date", "date_precision", None)
    notes = [f"LL2 event type: {type_name}"] if kind is EventKind.OTHER and type_name else []
    duration_text = item.text("duration")
    if duration_text:
        duration = parse_duration(duration_text)
        if duration and span.precision >= Precision.HOUR and span.end is None:
            span = Span(span.start, When.from_instant(span.start.lower + duration, span.precision))
        else:
            notes.append(f"Duration (as LL2 gives it): {duration_text}")
    if precision_note:
        notes.append(precision_note)
    updated = item.instant("last_updated")
    if updated is None:
        status = EventStatus.UNCONFIRMED
    else:
        status = EventStatus.OCCURRED if span.upper <= updated else EventStatus.PLANNED
    return EventRecord(
        slug=item.text("slug") or derive_slug(title, span.start),
        title=title,
        kind=kind,
        status=status,
        span=span,
        place=place_name(item.text("location"), known_places) if item.text("location") else None,
        summary=_summary(item.text("description"), "\n".join(notes)),
        agencies=_unique([Participant(agency.text("name", required=True)) for agency in item.children("agencies")]),
        people=_unique([Participant(person.text("name", required=True)) for person in item.children("astronauts")]),
        sources=_all_sources(item),
        given=_EVENT_STATES,
    )


def _results(document: object, source: str) -> tuple[list[Any], str | None]:
    """The result objects of a document and the path prefix naming them (None for a single object)."""
    if isinstance(document, list):
        return document, ""
    if not isinstance(document, dict):
        raise InvalidImport(["expected an LL2 response: an object with `results`, or one launch or event object"],
                            source)
    if "results" in document:
        if not isinstance(document["results"], list):
            raise InvalidImport(["results: expected a list"], source)
        return document["results"], "results"
    if set(document) == {"detail"}:
        raise InvalidImport([f"this is an LL2 error response, not data: {document['detail']}"], source)
    return [document], None


def read_ll2(document: object, source: str, known_places: Collection[str] = frozenset()) -> list[EventRecord]:
    """The events an LL2 /launches/ or /events/ response holds (parsed JSON), every result validated first; places
    are matched to `known_places` (folded names and aliases) where LL2 spells them otherwise.

    Raises InvalidImport naming `source` and each problem's place, or naming the endpoint a response from elsewhere
    comes from ("this looks like an LL2 agencies list, not launches or events").
    """
    items, prefix = _results(document, source)
    if not items:
        raise InvalidImport(["no launches or events: the results list is empty"], source)
    endpoints = [_endpoint(item) for item in items]
    if not any(endpoint in ("launch", "event") for endpoint in endpoints):
        raise InvalidImport([f"this looks like an {_describe(endpoints[0])}, not launches or events"
                             if endpoints[0] != "unknown" else f"expected LL2 launches or events, found an "
                             f"{_describe(endpoints[0])}"], source)
    problems: list[str] = []
    events: list[EventRecord] = []
    slugs: dict[str, str] = {}
    for index, (value, endpoint) in enumerate(zip(items, endpoints, strict=True)):
        path = endpoint if prefix is None else f"{prefix}[{index}]"
        try:
            if endpoint == "launch":
                event = _launch(_Object(value, path), known_places)
            elif endpoint == "event":
                event = _event(_Object(value, path), known_places)
            else:
                raise InvalidRecord(f"{path}: this looks like an item of an {_describe(endpoint)}, "
                                    "not a launch or an event")
            check_record(event, path)
        except InvalidRecord as exc:
            problems.append(str(exc))
            continue
        if event.slug in slugs:
            problems.append(f"{path}.slug: duplicate slug {event.slug!r} (also {slugs[event.slug]})")
            continue
        slugs[event.slug] = path
        events.append(event)
    if problems:
        raise InvalidImport(problems, source)
    return events


def read(path: Path, options: ReadOptions) -> Incoming:
    """The registry's reader: a saved Launch Library 2 response, validated whole, its places matched to the store's."""
    events = read_ll2(load_json(path), str(path), set(options.known_zones))
    return Incoming(Dataset(events=events), size=len(events))
