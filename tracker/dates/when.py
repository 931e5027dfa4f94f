"""Dates as they are really known: a period at a stated precision, read in a place's time zone.

`When` is the value behind every date in tracker. "2025-07" is the whole of July 2025, not its first midnight;
"2025-07-31" at Kennedy Space Center is that local day; "2025-08-01T15:43Z" is one minute. Each value knows the
half-open UTC interval it covers, which is what the store indexes and what containment and overlap compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from enum import IntEnum
from functools import lru_cache
from typing import Any, Generic, Self, TypeVar, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from tracker.errors import InvalidDate


class Precision(IntEnum):
    """How much of a date is known, from the year down to the second."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    HOUR = 4
    MINUTE = 5
    SECOND = 6

    @property
    def label(self) -> str:
        """The lowercase name used in files and JSON output ("month")."""
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Precision:
        """The precision named `label` ("day"); raises InvalidDate for an unknown name."""
        try:
            return cls[label.strip().upper()]
        except KeyError:
            raise InvalidDate(f"unknown precision {label!r}") from None


_STEP: dict[Precision, relativedelta | timedelta] = {
    Precision.YEAR: relativedelta(years=1),
    Precision.MONTH: relativedelta(months=1),
    Precision.DAY: timedelta(days=1),  # on the wall clock, like the rest: a DST day still ends at local midnight
    Precision.HOUR: timedelta(hours=1),
    Precision.MINUTE: timedelta(minutes=1),
    Precision.SECOND: timedelta(seconds=1),
}

_ISO = re.compile(
    r"""^(?P<year>\d{4})
    (?:-(?P<month>\d{2})
      (?:-(?P<day>\d{2})
        (?:[T\ ](?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?
          (?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?
        )?
      )?
    )?$""",
    re.VERBOSE | re.IGNORECASE,
)


_OUT_OF_RANGE = "out of the range of dates tracker can hold"
"""Said of a date whose period begins before 0001-01-01 or ends after 9999-12-31 (UTC): datetime's range."""

_FIELDS = ("year", "month", "day", "hour", "minute", "second")
_PRECISION_OF_FIELDS = {int(precision): precision for precision in Precision}
"""The precision of a value written with that many fields (a dictionary: calling the enum is slower)."""


@lru_cache(maxsize=512)
def utc_now() -> datetime:
    """The current instant, aware, in UTC: the one clock tracker reads (tests freeze "today" above it)."""
    return datetime.now(UTC)


HOST_ZONES = frozenset({"localtime", "posixrules", "factory"})
"""Names in a zoneinfo directory that are no place's clocks: `localtime` and `posixrules` are whatever the computer
was set to (so a range or a date read in them would change from one computer to the next), `Factory` is the
placeholder of an unset system."""
HOST_ZONE_FOLDERS = ("posix/", "right/")
"""Copies of the zones some systems ship (`right/` counting leap seconds): present on some computers only."""


@lru_cache(maxsize=1024)
def zone_info(name: str) -> ZoneInfo:
    """The IANA zone called `name`, the one check of every zone tracker accepts (--tz, --timezone, timezone fields
    of every format); raises InvalidDate naming it when it does not exist or names the computer's settings rather
    than a place (localtime, posixrules, Factory, posix/..., right/...). Cached: ZoneInfo keeps only eight zones
    strongly, and a store with more read them from disk again and again (a fifth of an export's time on a store of
    100,000 events in a few dozen zones)."""
    if name.casefold() in HOST_ZONES:
        raise InvalidDate(f"time zone {name!r} is this computer's setting, not a place's clocks, so what it means "
                          "changes from one computer to the next (use an IANA name such as America/New_York)")
    if name.casefold().startswith(HOST_ZONE_FOLDERS):
        raise InvalidDate(f"time zone {name!r} is a copy some computers have and others lack (use the IANA name "
                          f"itself: {name.split('/', 1)[1]!r})")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidDate(f"unknown time zone {name!r} (use an IANA name such as America/New_York)") from None


@lru_cache(maxsize=256)
def _fixed_offset(minutes: int) -> tzinfo:
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


def on_clock(wall: datetime, clock: tzinfo) -> datetime:
    """The naive `wall` read on `clock`: `wall.replace(tzinfo=clock)` in a fifth of its time (Python 3.11's
    `replace` parses its keywords; reading a date's bounds does this twice)."""
    return datetime.combine(wall, wall.timetz(), clock)


def _wall_time(fields: list[int]) -> datetime:
    """A naive clock time from year, month, day... with missing month and day as 1; ValueError if impossible."""
    year, month, day, hour, minute, second = fields + [1, 1, 1, 0, 0, 0][len(fields):]
    return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - wall-clock time; zone kept beside it


def _parse_offset(text: str) -> int:
    if text.upper() == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise InvalidDate(f"invalid UTC offset {text!r}")
    return sign * (hours * 60 + minutes)


def _format_offset(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


_Value = TypeVar("_Value")


class _computed_once(Generic[_Value]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """A property computed on first use and kept in the instance's `__dict__`, as `functools.cached_property` does
    (a frozen dataclass allows it), without the lock Python 3.11's takes on each first use: that lock was half the
    cost of reading a date's bounds, and every date an import reads has both read once (1.2 against 0.6 µs a
    bound). Two threads racing on the same value would only compute the same pure result twice."""

    def __init__(self, compute: Callable[[Any], _Value]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _Value: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Self | _Value:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class When:
    """A date or time at a precision: the period starting at `wall` (local clock time) and lasting one unit.

    `offset` (minutes east of UTC) is set when the value was written with one, and then fixes the instant;
    otherwise `wall` is read in `zone`, or in UTC when there is no zone. `zone` is also where local time is shown.
    """

    wall: datetime
    precision: Precision
    zone: str | None = None
    offset: int | None = None

    @classmethod
    def parse(cls, text: str, zone: str | None = None) -> When:
        """Read ISO 8601 at reduced precision ("2025", "2025-07-31", "2025-08-01T11:43-04:00").

        A time without an offset is local time in `zone`, or UTC without one. Raises InvalidDate, naming the
        text, for anything else, for impossible dates, and for local times that a DST change skips or repeats.

        Values are immutable, so one is shared by every caller reading the same text in the same zone: the last
        4,096 read are kept (a file lists dates in order, and many events share a day; an import reads each once).
        """
        return _parse(text, zone)

    @classmethod
    def from_instant(cls, instant: datetime, precision: Precision, zone: str | None = None) -> When:
        """The period of `precision` that contains the aware `instant`: a calendar period of `zone` (UTC without
        one) for year, month and day; a UTC clock period, shown in `zone`, for hours and finer."""
        try:
            if precision <= Precision.DAY and zone is not None:
                moment = instant.astimezone(zone_info(zone)).replace(tzinfo=None)
            else:
                moment = instant.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:
            raise InvalidDate(f"{instant.isoformat()} is {_OUT_OF_RANGE}") from None
        fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        return cls(_wall_time(list(fields[: int(precision)])), precision, zone,
                   0 if precision > Precision.DAY else None).checked()

    def checked(self, text: str | None = None) -> When:
        """This value, once both its bounds are instants tracker can hold (UTC years 1 to 9999); raises
        InvalidDate naming `text` (or the value) otherwise: "9999", or "0001-01-01" in Tokyo, begin or end outside."""
        try:
            bounded = self.lower < self.upper  # both computed (and cached) here, where failing is expected
        except (OverflowError, ValueError):
            bounded = False
        if not bounded:
            raise InvalidDate(f"{text if text is not None else self.iso()!r} is {_OUT_OF_RANGE}")
        return self

    def check_local_time(self, text: str | None = None, *, twice: bool = True) -> None:
        """Raise InvalidDate naming `text` (else the value) when its clock time does not exist in its zone (skipped
        by a clock change) or, with `twice`, happens twice there; a value with an offset, without a zone, or of a
        day or coarser (whose period begins at the first instant there is) always passes."""
        if self.offset is not None or self.zone is None or self.precision <= Precision.DAY:
            return
        text = text if text is not None else self.iso()
        tz = zone_info(self.zone)
        early = self.wall.replace(tzinfo=tz, fold=0)
        late = self.wall.replace(tzinfo=tz, fold=1)
        # `lower` is the same instant when the wall clock is the first of a repeated hour (fold 0, as every parsed
        # value's is), and computing it here spares `checked` its conversion, the slowest step of reading a date.
        utc = self.lower if self.wall.fold == 0 else early.astimezone(UTC)
        if utc.astimezone(tz).replace(tzinfo=None) != self.wall:
            raise InvalidDate(f"{text!r} does not exist in {self.zone} (skipped by a clock change)")
        if twice and early.utcoffset() != late.utcoffset():
            raise InvalidDate(f"{text!r} happens twice in {self.zone} (clock change): write its UTC offset")

    @property
    def tz(self) -> tzinfo:
        """The clock `wall` is read on: the written offset, else the zone, else UTC."""
        if self.offset is not None:
            return _fixed_offset(self.offset)
        if self.zone is not None:
            return zone_info(self.zone)
        return UTC

    @_computed_once
    def lower(self) -> datetime:
        """First instant covered, in UTC (inclusive)."""
        return on_clock(self.wall, self.tz).astimezone(UTC)

    @_computed_once
    def upper(self) -> datetime:
        """First instant after the period, in UTC (exclusive)."""
        return on_clock(self.wall_after, self.tz).astimezone(UTC)

    @_computed_once
    def wall_after(self) -> datetime:
        """The clock time at which the period ends (the first after it), on its own clock: 1 August 00:00 for
        "2025-07-31". Kept once computed: `upper` needs it when the value is read, the within rule again for every
        range it is compared with (`dates.ranges.calendar_bounds`)."""
        return _wall_after(self.wall, self.precision)

    def iso(self) -> str:
        """ISO 8601 text at exactly this precision; `When.parse(v.iso(), v.zone)` gives `v` back."""
        text = self.wall.isoformat()[: (4, 7, 10, 13, 16, 19)[self.precision - 1]]
        if self.offset is not None and self.precision > Precision.DAY:
            text += _format_offset(self.offset)
        return text

    def in_zone(self, zone: str | None) -> When:
        """This value shown in `zone`. Dates without a time are re-read there, so "2025-07-31" means that local day."""
        if zone == self.zone:
            return self
        return When.parse(self.iso(), zone)

    def contains(self, other: When) -> bool:
        """Whether every instant `other` covers is covered by this value."""
        return self.lower <= other.lower and other.upper <= self.upper

    def local(self) -> datetime:
        """The first instant as a clock in the value's zone (or offset, or UTC)."""
        shown: tzinfo = zone_info(self.zone) if self.zone else self.tz
        return self.lower.astimezone(shown)

    def label(self, *, with_local: bool = False) -> str:
        """Human text that shows no more than is known: "2025", "Jul 2025", "31 Jul 2025", "1 Aug 2025 15:43 UTC".

        Times are shown in UTC, followed by the local clock when it falls on another calendar day, or always with
        `with_local`.
        """
        if self.precision <= Precision.DAY:
            return _date_label(self.wall, self.precision)
        utc = self.lower
        text = f"{_date_label(utc, Precision.DAY)} {_clock(utc, self.precision)} UTC"
        if not self._has_local_clock():
            return text
        local = self.local()
        if local.date() != utc.date():
            return f"{text} ({_date_label(local, Precision.DAY)} {_clock(local, self.precision)} {_zone_name(local)})"
        if with_local:
            return f"{text} ({_clock(local, self.precision)} {_zone_name(local)})"
        return text

    def _has_local_clock(self) -> bool:
        return self.zone is not None or (self.offset is not None and self.offset != 0)


def _wall_after(wall: datetime, precision: Precision) -> datetime:
    """`wall` one unit of `precision` later. A month or a year starting on its first day (as every parsed value
    does) is stepped by `datetime.replace`, which gives what `relativedelta` does in a tenth of its time (a third
    of reading a month's date); ValueError past the year 9999, as `relativedelta` raises."""
    if precision == Precision.MONTH and wall.day == 1:
        return wall.replace(year=wall.year + wall.month // 12, month=wall.month % 12 + 1)
    if precision == Precision.YEAR and wall.month == 1 and wall.day == 1:
        return wall.replace(year=wall.year + 1)
    return wall + _STEP[precision]


@lru_cache(maxsize=4096)
def _parse(text: str, zone: str | None) -> When:
    """`When.parse`, uncached: the plain forms by `_parse_plain`, everything else (and every error) by `_parse_any`."""
    return _parse_plain(text, zone) or _parse_any(text, zone)


_PLAIN_SHAPE = "0000-00-00T00:00:00"
_PLAIN_PRECISIONS = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY, 13: Precision.HOUR,
                     16: Precision.MINUTE, 19: Precision.SECOND}
"""The precision of a plain value by its length without a final "Z"."""
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")


def _parse_plain(text: str, zone: str | None) -> When | None:
    """The value of `text` written in the forms files hold ("2025", "2025-07", "2025-07-31", "2025-07-31T16:09Z",
    "2025-07-31T16:09:05", ASCII digits, an upper-case T, no offset other than Z), read as `_parse_any` reads it in
    a fraction of its time (no regular expression; bounds in UTC set directly). None for any other text and for an
    impossible date, which `_parse_any` then reads or refuses itself; an unknown zone, a clock time a zone skips or
    repeats, and a period out of range are refused here with `_parse_any`'s own errors. A test holds the two to the
    same values and errors."""
    size = len(text) - (text[-1:] == "Z")
    precision = _PLAIN_PRECISIONS.get(size)
    if precision is None or (size < len(text) and precision <= Precision.DAY) \
            or text[:size].translate(_DIGITS_AS_ZERO) != _PLAIN_SHAPE[:size]:
        return None
    fields = (int(text[:4]), int(text[5:7]) if size > 4 else 1, int(text[8:10]) if size > 7 else 1,
              int(text[11:13]) if size > 10 else 0, int(text[14:16]) if size > 13 else 0,
              int(text[17:19]) if size > 16 else 0)
    try:
        wall = datetime(*fields)  # noqa: DTZ001 - wall-clock time; zone kept beside it
    except ValueError:
        return None
    if zone is not None:
        zone_info(zone)
    offset = 0 if size < len(text) or (precision > Precision.DAY and zone is None) else None
    value = When(wall, precision, zone, offset)
    if (offset == 0 or zone is None) and wall.year < 9999:
        # Read on UTC's clock, inside datetime's range: no clock change to check, bounds that cannot overflow.
        after = _wall_after(wall, precision)
        value.__dict__.update(lower=datetime(*fields, tzinfo=UTC), wall_after=after, upper=on_clock(after, UTC))
        return value
    value.check_local_time(text)
    return value.checked(text)


def _parse_any(text: str, zone: str | None) -> When:
    """Any text `When.parse` reads, or InvalidDate naming it."""
    match = _ISO.match(text.strip())
    if match is None:
        raise InvalidDate(f"invalid date {text!r} (expected ISO 8601 such as 2025, 2025-07, 2025-07-31 "
                          "or 2025-07-31T16:09Z)")
    known = [int(value) for value in match.group(*_FIELDS) if value is not None]
    precision = _PRECISION_OF_FIELDS[len(known)]
    if zone is not None:
        zone_info(zone)
    offset = _parse_offset(match["offset"]) if match["offset"] else None
    if offset is None and precision > Precision.DAY and zone is None:
        offset = 0
    try:
        wall = _wall_time(known)
    except ValueError as exc:
        raise InvalidDate(f"invalid date {text!r}: {exc}") from None
    value = When(wall, precision, zone, offset)
    value.check_local_time(text)  # first: an hour the zone skips is empty, which `checked` would call out of range
    return value.checked(text)


def _date_label(moment: datetime, precision: Precision) -> str:
    if precision == Precision.YEAR:
        return f"{moment.year:04d}"
    if precision == Precision.MONTH:
        return f"{moment:%b} {moment.year:04d}"
    return f"{moment.day} {moment:%b} {moment.year:04d}"


def _clock(moment: datetime, precision: Precision) -> str:
    if precision == Precision.HOUR:
        return f"{moment:%H}h"
    if precision == Precision.MINUTE:
        return f"{moment:%H:%M}"
    return f"{moment:%H:%M:%S}"


def _zone_name(moment: datetime) -> str:
    name = moment.tzname() or ""
    if name and name[0] not in "+-" and not name.startswith("UTC"):
        return name
    offset = moment.utcoffset() or timedelta(0)
    return "UTC" + _format_offset(int(offset.total_seconds() // 60)).replace("Z", "")


@dataclass(frozen=True)
class Span:
    """When an event happens: a start and, for events that last, an end (inclusive at its own precision)."""

    start: When
    end: When | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.upper <= self.start.lower:
            raise InvalidDate(f"end {self.end.iso()} is before start {self.start.iso()}")

    @classmethod
    def parse(cls, start: str, end: str | None = None, zone: str | None = None) -> Span:
        """Read a start and an optional end, both in `zone`; raises InvalidDate when the end precedes the start."""
        return cls(When.parse(start, zone), When.parse(end, zone) if end else None)

    @property
    def lower(self) -> datetime:
        """First instant the span may cover, in UTC."""
        return self.start.lower

    @property
    def upper(self) -> datetime:
        """First instant after everything the span may cover, in UTC."""
        return (self.end or self.start).upper

    @property
    def precision(self) -> Precision:
        """The precision of the start, which is what a reader asks of "when"."""
        return self.start.precision

    def duration(self) -> timedelta | None:
        """How long a span with an end lasts, end inclusive; None for a single date."""
        return self.upper - self.lower if self.end is not None else None

    def label(self, *, with_local: bool = False) -> str:
        """Human text for the span: "1 Aug 2025 15:43 UTC", "28 Jul – 1 Aug 2025", "Jul 2025 – Mar 2026"."""
        first = self.start.label(with_local=with_local)
        if self.end is None:
            return first
        same_day = self.start.lower.date() == self.end.lower.date()
        local = with_local and self.start._has_local_clock()
        if same_day and not local and self.start.precision >= Precision.HOUR and self.end.precision >= Precision.HOUR:
            # one UTC day: its date once, "30 Jan 2025 12:43–18:09 UTC"
            return f"{first.split(' UTC')[0]}–{_clock(self.end.lower, self.end.precision)} UTC"
        last = self.end.label(with_local=with_local)
        both_days = self.start.precision == self.end.precision == Precision.DAY
        if both_days and self.start.wall.year == self.end.wall.year:
            if self.start.wall.month == self.end.wall.month:
                return f"{self.start.wall.day}–{last}"
            return f"{self.start.wall.day} {self.start.wall:%b} – {last}"
        return f"{first} – {last}"
