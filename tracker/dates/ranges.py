"""Dates and ranges as a user types them: "2025-07", "31 juillet 2025", "last week", "3 days ago", "2025-07..2025-09".

Everything here is pure: relative phrases count from an injected `today`, never from the clock, and every day is
a UTC day, as `When.parse` reads a date written without a zone.

A phrase names a *period*: the calendar units `first` through `last`, inclusive. Most phrases name one unit that
`When` expresses (a year, a month, a day, a minute...); a week ("last week", "2025-W31") is the run of days Monday
to Sunday, which no single `When` can hold. Ranges use whole periods: a start contributes its first instant and an
end its last, so `--to 2025-07` includes all of July and `--to last week` all of that week. `parse_date` returns
the period's `When` and refuses a week rather than narrowing it to its Monday.

Decisions where the request was silent, after jrnl's lessons (never move a date into the future, never guess):

- A bare month ("July", "juillet"), day of a month ("31 July") or weekday ("Monday", "lundi") is the most recent
  one that has begun, the current one included: in August "August" is this August and "July" this July; on a
  Wednesday "Wednesday" is today. "29 February" is the most recent one there was.
- "N days/weeks/months/years ago" and "in N ..." name the single day that far from today ("2 weeks ago" is a day,
  not a week); month and year steps land on the month's last day when the day does not exist there.
- A weekday written before a full date ("jeudi 31 juillet 2025") must match it, or the date is refused.
- With an explicit day order, a numeric date that only fits the other order is refused, not silently swapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from tracker.dates.vocabulary import (
    CALENDAR_PHRASES,
    COUNT_UNITS,
    COUNT_WORDS,
    DECADE_TERMS,
    FILLER_TERMS,
    MONTHS,
    PART_TERMS,
    PARTS_OF_DECADE,
    PARTS_OF_YEAR,
    QUARTER_LETTERS,
    RANGE_WORDS,
    SEASON_MONTHS,
    SEASON_TERMS,
    WEEKDAY_LABELS,
    WEEKDAYS,
    table,
)
from tracker.dates.when import Precision, Span, When, on_clock, zone_info
from tracker.errors import InvalidDate
from tracker.names import fold_phrase
from tracker.records import Membership

_EXAMPLES = "try 2025-07-31, 31 July 2025, last week, 3 days ago"
_COUNT = r"(?P<count>[0-9]{1,6}|an?|one|une?)"
_COUNTED = (
    (re.compile(rf"^{_COUNT} (?P<unit>[a-z]+) ago$"), -1),
    (re.compile(rf"^in {_COUNT} (?P<unit>[a-z]+)$"), 1),
    (re.compile(rf"^il y a {_COUNT} (?P<unit>[a-z]+)$"), -1),
    (re.compile(rf"^dans {_COUNT} (?P<unit>[a-z]+)$"), 1),
)
_UNIT_STEPS = {"day": relativedelta(days=1), "week": relativedelta(weeks=1), "month": relativedelta(months=1),
               "year": relativedelta(years=1)}

_ISO_WEEK = re.compile(r"^(?P<year>[0-9]{4})-?W(?P<week>[0-9]{2})(?:-?(?P<day>[1-7]))?$", re.IGNORECASE | re.ASCII)
_ISO_LIKE = re.compile(r"^[0-9]{4}(?:$|-[0-9]{2}(?:$|-[0-9]{2}))", re.ASCII)
_NUMERIC = re.compile(r"^(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<year>[0-9]+)$", re.ASCII)
_NUMERIC_YEAR_FIRST = re.compile(r"^(?P<year>[0-9]{4})(?P<sep>[/.-])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})$",
                                 re.ASCII)
_NUMERIC_MONTH = re.compile(r"^(?P<month>[0-9]{1,2})[/.-](?P<year>[0-9]{4})$", re.ASCII)
_DAY_OF_MONTH = re.compile(r"^(?P<day>[0-9]{1,2})(?:st|nd|rd|th|er|e)?$", re.ASCII)
_FULL_YEAR = re.compile(r"^[0-9]{4}$", re.ASCII)


class DayOrder(StrEnum):
    """How to read a numeric date such as 03/04/2025, when the user has said (--dayfirst or --monthfirst)."""

    DAY_FIRST = "dayfirst"
    MONTH_FIRST = "monthfirst"


@dataclass(frozen=True)
class DateRange:
    """A half-open UTC interval selected by the user; either side may be open (None).

    `lower_precision` and `upper_precision` say how precisely each bound was written, for `label` only; when they
    are not given the label shows each bound at the coarsest unit it falls on. `zone` says whose calendar the
    bounds were read on (see `read_in`): None for UTC, an IANA name, or LOCAL for each event's own.
    `calendar_lower` and `calendar_upper` are the bounds as calendar dates and clock times, whatever the zone
    (held as UTC datetimes, the same as `lower` and `upper` for a range read in UTC): what events known to the day
    or coarser are compared with (see `membership`).
    """

    lower: datetime | None
    upper: datetime | None
    lower_precision: Precision | None = field(default=None, compare=False, repr=False)
    upper_precision: Precision | None = field(default=None, compare=False, repr=False)
    zone: str | None = None
    described: str | None = field(default=None, compare=False, repr=False)
    calendar_lower: datetime | None = field(default=None, repr=False)
    calendar_upper: datetime | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", _utc(self.lower, "lower"))
        object.__setattr__(self, "upper", _utc(self.upper, "upper"))
        # Unless told otherwise, the calendar is UTC's: the bounds are the dates and times they show in UTC.
        object.__setattr__(self, "calendar_lower", _utc(self.calendar_lower, "calendar_lower") or self.lower)
        object.__setattr__(self, "calendar_upper", _utc(self.calendar_upper, "calendar_upper") or self.upper)
        if self.lower is not None and self.upper is not None and self.upper <= self.lower:
            raise InvalidDate(f"empty date range: {self.upper.isoformat()} is not after {self.lower.isoformat()}")

    def label(self) -> str:
        """How the range was read, at no more precision than known: "28 Jul 2025 – 3 Aug 2025 UTC", "Jul 2025 UTC",
        "from 1 Jul 2025 UTC", "until Aug 2025 UTC" or "all dates". The last unit shown is the last one included.
        A range read in a zone names it instead of UTC."""
        if self.described is not None:
            return self.described
        first = _show_first(self.lower, self.lower_precision) if self.lower is not None else None
        last = _show_last(self.upper, self.upper_precision) if self.upper is not None else None
        if first is None:
            return "all dates" if last is None else f"until {last} UTC"
        if last is None:
            return f"from {first} UTC"
        return f"{first} UTC" if first == last else f"{first} – {last} UTC"

    def read_in(self, zone: str) -> DateRange:
        """The same calendar bounds (days, months...) read on the clocks of `zone`, an IANA name, instead of UTC's;
        with LOCAL, on the clocks of each event's own place (see `for_span`). Raises InvalidDate for an unknown zone
        or a bound the zone would move beyond the calendar."""
        utc_label = self.label()
        if zone == LOCAL:
            if utc_label == "all dates":
                return self
            return replace(self, zone=LOCAL, described=f"{utc_label.removesuffix(' UTC')}, each event's local time")
        clocks = zone_info(zone)
        for written, precision in ((self.lower, self.lower_precision), (self._last_written(), self.upper_precision)):
            # A clock time the zone skips is refused, as `add` refuses it: read on the clocks either side of the
            # change it would be two different instants, and guessing is what jrnl taught us not to do. A time the
            # zone shows twice is read as its first occurrence: a range has no way yet to carry an offset.
            if written is not None and precision is not None:
                When(written.replace(tzinfo=None), precision, zone).check_local_time(twice=False)
        shown = utc_label if utc_label == "all dates" else f"{utc_label.removesuffix(' UTC')} {zone}"
        return DateRange(_on_clocks(self.lower, clocks), _on_clocks(self.upper, clocks), self.lower_precision,
                         self.upper_precision, zone, shown, self.calendar_lower, self.calendar_upper)

    def _last_written(self) -> datetime | None:
        """The start of the last unit the upper bound includes (the minute "--to 2025-03-09T02:30" names), for a
        bound finer than a day."""
        if self.upper is None or self.upper_precision is None or self.upper_precision <= Precision.DAY:
            return None
        return self.upper - _UNIT[self.upper_precision]

    def for_span(self, span: Span) -> DateRange:
        """The range as it applies to `span`: itself, or for a LOCAL range its bounds on the clocks of the span's
        zone (or offset; UTC for neither)."""
        if self.zone != LOCAL:
            return self
        clocks = zone_info(span.start.zone) if span.start.zone else span.start.tz
        return DateRange(_on_clocks(self.lower, clocks), _on_clocks(self.upper, clocks),
                         calendar_lower=self.calendar_lower, calendar_upper=self.calendar_upper)

    def candidate_bounds(self) -> tuple[datetime | None, datetime | None]:
        """UTC bounds that take in every event the range may hold: its instants and its calendar bounds, widened by
        the furthest any clock is from UTC, since a day on a local calendar is that far from the UTC day of the
        same date (membership, or the same rule in SQL, then decides event by event)."""
        lower = None if self.lower is None or self.calendar_lower is None else min(self.lower, self.calendar_lower)
        upper = None if self.upper is None or self.calendar_upper is None else max(self.upper, self.calendar_upper)
        return _shifted(lower, -FURTHEST_FROM_UTC), _shifted(upper, FURTHEST_FROM_UTC)

    def overlaps(self, span: Span) -> bool:
        """Whether any instant `span` may cover is an instant of this range: a comparison of instants, for callers
        that weigh local and UTC days themselves (the fact-checker). Which events a range holds is `membership`."""
        bounds = self.for_span(span)
        return ((bounds.upper is None or span.lower < bounds.upper)
                and (bounds.lower is None or bounds.lower < span.upper))

    def membership(self, span: Span) -> Membership | None:
        """The one within rule. An event known to the day or coarser is judged by its dates as printed, on its own
        calendar ("31 Jul 2025" at Kennedy is within July and within 31 July, whatever the range's zone); one known
        to the hour or better by its instants, against the range's on the range's clocks (UTC unless read in a
        zone). WITHIN when all the event may cover is inside the range, or when it is a span (with an end) that
        meets it, such as a visit lasting into it; POSSIBLY when only an imprecise single date overlaps it ("July
        2025" against 28-31 July); None when they do not meet."""
        if on_calendar(span):
            lower, upper = self.calendar_lower, self.calendar_upper
            first, after = calendar_bounds(span)
        else:
            bounds = self.for_span(span)  # once per event: membership runs for every event a query reads
            lower, upper, first, after = bounds.lower, bounds.upper, span.lower, span.upper
        if not ((upper is None or first < upper) and (lower is None or lower < after)):
            return None
        inside = (lower is None or first >= lower) and (upper is None or after <= upper)
        return Membership.WITHIN if inside or span.end is not None else Membership.POSSIBLY


def on_calendar(span: Span) -> bool:
    """Whether `span` is judged by its calendar dates rather than by its instants: known to the day or coarser, at
    both ends (the same test in SQL: store/query.py)."""
    return span.start.precision <= Precision.DAY and (span.end is None or span.end.precision <= Precision.DAY)


_END_OF_CALENDAR = datetime.max.replace(tzinfo=UTC)


def calendar_bounds(span: Span) -> tuple[datetime, datetime]:
    """The first moment of `span` and the first after it, as dates and clock times on its own calendar (held as
    UTC datetimes): "2025-07-31" at Kennedy is 31 July 00:00 to 1 August 00:00, wherever Kennedy is."""
    last = span.end or span.start
    first = on_clock(span.start.wall, UTC)
    try:
        after = on_clock(last.wall_after, UTC)
    except OverflowError:  # the last day of the calendar, on clocks east of UTC
        after = _END_OF_CALENDAR
    return first, after


LOCAL = "local"
"""The zone of a range read on each event's own clocks (`--tz local`)."""
_UNIT = {Precision.HOUR: timedelta(hours=1), Precision.MINUTE: timedelta(minutes=1),
         Precision.SECOND: timedelta(seconds=1)}
"""How long a unit finer than a day lasts: the same on every clock."""
FURTHEST_FROM_UTC = timedelta(hours=16)
"""No clock is further from UTC than this: UTC+14 in Kiribati today, and local mean time as far as Manila's
-15:56 before 1845."""


def _on_clocks(bound: datetime | None, clocks: tzinfo) -> datetime | None:
    """The instant at which `clocks` show what UTC's clocks show at `bound`."""
    if bound is None:
        return None
    try:
        return bound.replace(tzinfo=clocks).astimezone(UTC)
    except OverflowError:
        raise InvalidDate(f"{bound:%Y-%m-%d} read in that zone falls outside the calendar") from None


def _shifted(bound: datetime | None, by: timedelta) -> datetime | None:
    if bound is None:
        return None
    try:
        return bound + by
    except OverflowError:
        return None  # beyond the calendar: open on that side


def _utc(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    if value.utcoffset() is None:
        raise ValueError(f"DateRange.{name} must be an aware datetime, not {value.isoformat()}")
    return value.astimezone(UTC)


def _label_unit(instant: datetime, stated: Precision | None) -> Precision:
    """The stated precision, or finer when the instant does not fall on that unit's boundary in UTC."""
    aligned = next((p for p in Precision if When.from_instant(instant, p).lower == instant), Precision.SECOND)
    return max(stated, aligned) if stated is not None else aligned


def _show(instant: datetime, precision: Precision) -> str:
    return When.from_instant(instant, precision).label().removesuffix(" UTC")


def _show_first(lower: datetime, stated: Precision | None) -> str:
    return _show(lower, _label_unit(lower, stated))


def _show_last(upper: datetime, stated: Precision | None) -> str:
    return _show(upper - timedelta(microseconds=1), _label_unit(upper, stated))


@dataclass(frozen=True)
class _Period:
    """What one phrase names: the calendar units `first` through `last`, inclusive (the same for a single unit)."""

    first: When
    last: When

    def __post_init__(self) -> None:
        # Computing both bounds here makes a date at the edge of the calendar (9999, 0001) fail while reading.
        if self.last.upper <= self.first.lower:
            raise ValueError("a period must end after it starts")

    @classmethod
    def of(cls, when: When) -> _Period:
        return cls(when, when)

    @property
    def lower(self) -> datetime:
        return self.first.lower

    @property
    def upper(self) -> datetime:
        return self.last.upper

    def label(self) -> str:
        return DateRange(self.lower, self.upper, self.first.precision, self.last.precision).label()


def parse_date(text: str, *, today: date, day_order: DayOrder | None = None) -> When:
    """The date `text` names, at the precision written: ISO 8601, "31 July 2025", "août 2025", "yesterday",
    "3 days ago", "July" (the most recent one)... Raises InvalidDate naming the text when it cannot be read, is
    ambiguous, or names a week, which a single date cannot hold (use it as a range)."""
    period = _read(text, today, day_order)
    if period.first != period.last:
        kind = "a week" if period.first.precision == Precision.DAY else "a period"
        raise InvalidDate(f"{_quote(text)} is {kind} ({period.label()}), not a single date: use it as a range")
    return period.first


def parse_period(text: str, *, today: date) -> DateRange | None:
    """The period a phrase of a decade, a season or a part of either names, as a range: "1960s", "les années 60",
    "the sixties", "summer 1969", "au printemps 1961", "winter 1968-1969", "early 1960s", "fin 1961"; None when
    `text` is none of these. Raises InvalidDate when it is one but ambiguous ("winter 1969", "the twenties" in
    2025) or impossible. A two-digit decade is the last century's when this century's has not begun by `today`."""
    period = _period_words(text, today)
    return None if period is None else DateRange(period.lower, period.upper, period.first.precision,
                                                 period.last.precision)


def parse_range(start: str | None, end: str | None, *, today: date,
                day_order: DayOrder | None = None) -> DateRange:
    """The range from the start of `start`'s period to the end of `end`'s (the end is inclusive at its precision:
    "2025-07" includes all of July); None leaves that side open. Raises InvalidDate when the end is before the start."""
    first = _read(start, today, day_order) if start is not None else None
    last = _read(end, today, day_order) if end is not None else None
    return _join(first, last, f"--to {_plain(end or '')} is before --from {_plain(start or '')}")


def parse_shorthand(text: str, *, today: date, day_order: DayOrder | None = None) -> DateRange:
    """One period ("2025-07", "last week", "31 juillet 2025", "2025-Q3") or a range: "A..B" or "A to B" / "du A
    au B", whose end is inclusive at its precision (either side of ".." may be empty to leave it open: "..2025-08",
    "2025-07.."), or an ISO 8601 interval "A/B" or "A/P7D" (start and duration)."""
    interval = _ISO_INTERVAL.match(text.strip())
    if interval:
        return _iso_interval(interval, text, today, day_order)
    if ".." not in text:
        written = _written_range(text) or _shared_range(text)
        if written is None:
            period = _read(text, today, day_order)
            return _join(period, period, "")
        start, end = written
    else:
        start, _, end = text.partition("..")
        if ".." in end:
            raise InvalidDate(f"cannot read {_quote(text)} as a range: use one '..' (as in 2025-07..2025-09)")
    last = _read(end, today, day_order) if end.strip() else None
    completed = _in_the_ends_year(start, end)
    first = _read(completed or start, today, day_order) if start.strip() else None
    if completed is not None and first is not None and last is not None and first.lower >= last.upper:
        raise InvalidDate(f"in {_quote(text)}, the start {_plain(start)} has no year, and in the end's year "
                          f"({first.label().removesuffix(' UTC')}) it would come after the end: write its year")
    return _join(first, last, f"in {_quote(text)}, the end {_plain(end)} is before the start {_plain(start)}")


def _in_the_ends_year(start: str, end: str) -> str | None:
    """The start of "28 July to 3 August 2025" written in the end's year ("28 July 2025"), and "28" of "28 to 31
    July 2025" in its month and year too; None when the start has its year or the end has none. The caller refuses
    a start this puts after the end ("28 December to 3 January 2026") rather than guess the year before."""
    start_words, end_words = _plain_words(start).split(), _plain_words(end).split()
    start_shape = "".join(_token_kind(word) for word in start_words)
    end_shape = "".join(_token_kind(word) for word in end_words)
    if "y" not in end_shape or "m" not in end_shape or start_shape not in ("d", "dm", "md", "m"):
        return None
    year = next(word for word in end_words if _FULL_YEAR.match(word))
    month = next(word for word in end_words if word in MONTHS)
    return f"{start} {month} {year}" if start_shape == "d" else f"{start} {year}"


_SHARED = re.compile(r"^(?P<a>[^\s\-–]+)\s*[-–]\s*(?P<b>[^\s\-–]+)\s+(?P<rest>.*[0-9]{4})$")


def _shared_range(text: str) -> tuple[str, str] | None:
    """The two ends of "28-31 July 2025", "28–31 juillet 2025" or "July–August 1969": two days or two months
    sharing what follows them."""
    match = _SHARED.match(_plain_words(text))
    if match is None:
        return None
    kinds = {_token_kind(match["a"]), _token_kind(match["b"])}
    if kinds not in ({"d"}, {"m"}):
        return None
    return f"{match['a']} {match['rest']}", f"{match['b']} {match['rest']}"


_ISO_INTERVAL = re.compile(r"^(?P<start>[0-9]{4}-[^/\s]+)/(?P<end>[0-9]{4}-[^/\s]+|P\S*)$",
                           re.IGNORECASE)
_DURATION = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
                       r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)?$", re.IGNORECASE)


def _iso_interval(match: re.Match[str], text: str, today: date, day_order: DayOrder | None) -> DateRange:
    """An ISO 8601 interval: "2025-07-28/2025-08-03" (the end inclusive at its precision, as with "..") or
    "2025-07-28/P7D" (the start, then a duration: seven days from its first instant)."""
    if not match["end"].upper().startswith("P"):
        return parse_shorthand(f"{match['start']}..{match['end']}", today=today, day_order=day_order)
    duration = _DURATION.match(match["end"])
    if duration is None or not any(duration.groups()):
        raise InvalidDate(f"cannot read {_quote(match['end'])} in {_quote(text)} as an ISO 8601 duration "
                          "(such as P7D, P1M, PT12H)")
    first = _read(match["start"], today, day_order)
    part = {name: int(value or 0) for name, value in duration.groupdict().items()}
    try:
        upper = first.lower + relativedelta(years=part["years"], months=part["months"], weeks=part["weeks"],
                                            days=part["days"], hours=part["hours"], minutes=part["minutes"])
    except (ValueError, OverflowError):
        raise InvalidDate(f"{_quote(text)} is out of the range of dates tracker can hold") from None
    return DateRange(first.lower, upper, first.first.precision, None)


def _written_range(text: str) -> tuple[str, str] | None:
    """The two ends of "from A to B", "A to B", "du A au B", "A until B"; None for anything else."""
    words = text.strip().split()
    folded = [_plain_words(word) for word in words]
    for opening, closing in RANGE_WORDS:
        if opening and (not folded or folded[0] != opening):
            continue
        start = 1 if opening else 0
        if closing in folded[start + 1:-1]:
            cut = folded.index(closing, start + 1)
            return " ".join(words[start:cut]), " ".join(words[cut + 1:])
    return None


def _join(first: _Period | None, last: _Period | None, complaint: str) -> DateRange:
    lower = first.lower if first is not None else None
    upper = last.upper if last is not None else None
    if lower is not None and upper is not None and upper <= lower:
        raise InvalidDate(complaint)
    return DateRange(lower, upper, first.first.precision if first else None, last.last.precision if last else None)


def _quote(text: str) -> str:
    """The user's text for a one-line message: quoted, escaped and cut short."""
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _plain(text: str) -> str:
    return " ".join(text.split())


def _read(text: str, today: date, day_order: DayOrder | None) -> _Period:
    """The period `text` names; InvalidDate when no form reads it or the date is impossible or out of range."""
    stripped = text.strip()
    try:
        period = (_iso_week(stripped, text) or _quarter_of(stripped) or _iso(stripped)
                  or _numeric(stripped, text, day_order) or _period_words(stripped, today)
                  or _words(stripped, text, today))
    except InvalidDate:
        raise
    except (ValueError, OverflowError):
        raise InvalidDate(f"{_quote(text)} is out of the range of dates tracker can hold") from None
    if period is None:
        raise InvalidDate(f"cannot read {_quote(text)} as a date ({_EXAMPLES})")
    return period


def _day(value: date) -> When:
    return When.parse(value.isoformat())


def _month(year: int, month: int) -> When:
    return When.parse(f"{year:04d}-{month:02d}")


def _year(year: int) -> When:
    return When.parse(f"{year:04d}")


def _iso_week(stripped: str, text: str) -> _Period | None:
    match = _ISO_WEEK.match(stripped)
    if match is None:
        return None
    year, week = int(match["year"]), int(match["week"])
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        if year < 1:
            raise
        weeks = date(year, 12, 28).isocalendar().week
        raise InvalidDate(f"no such week {_quote(text)}: {year} has {weeks} ISO weeks") from None
    if match["day"]:
        return _Period.of(_day(monday + timedelta(days=int(match["day"]) - 1)))
    return _Period(_day(monday), _day(monday + timedelta(days=6)))


def _iso(stripped: str) -> _Period | None:
    return _Period.of(When.parse(stripped)) if _ISO_LIKE.match(stripped) else None


def _numeric(stripped: str, text: str, day_order: DayOrder | None) -> _Period | None:
    """03/04/2025, 31.07.2025, 2025/07/31, 07/2025: numeric dates, refusing two-digit years and day/month guesses."""
    if match := _NUMERIC_YEAR_FIRST.match(stripped):
        return _Period.of(_day(_valid_date(int(match["year"]), int(match["month"]), int(match["day"]), text)))
    if match := _NUMERIC_MONTH.match(stripped):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise InvalidDate(f"no such month {_quote(text)}: there is no month {month}")
        return _Period.of(_month(int(match["year"]), month))
    match = _NUMERIC.match(stripped)
    if match is None:
        return None
    if len(match["year"]) != 4:
        raise InvalidDate(f"cannot read {_quote(text)}: write the year with four digits (two-digit years are "
                          "ambiguous)")
    first, second, year = int(match["a"]), int(match["b"]), int(match["year"])
    return _Period.of(_day(_day_or_month_first(first, second, year, text, day_order)))


def _valid_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(f"no such date {_quote(text)} ({exc})") from None


def _day_or_month_first(first: int, second: int, year: int, text: str, day_order: DayOrder | None) -> date:
    readings: dict[DayOrder, date] = {}
    for order, (month, day) in ((DayOrder.DAY_FIRST, (second, first)), (DayOrder.MONTH_FIRST, (first, second))):
        try:
            readings[order] = date(year, month, day)
        except ValueError:
            continue
    if day_order is not None:
        if day_order not in readings:
            raise InvalidDate(f"no such date {_quote(text)} when read {day_order.value} (--{day_order.value})")
        return readings[day_order]
    if not readings:
        raise InvalidDate(f"no such date {_quote(text)}, read day first or month first")
    if len(set(readings.values())) > 1:
        day_first, month_first = (_day(readings[order]).label() for order in DayOrder)
        raise InvalidDate(f"{_quote(text)} is ambiguous: {day_first} or {month_first}? Pass --dayfirst or "
                          "--monthfirst, or write YYYY-MM-DD")
    return next(iter(readings.values()))


def _plain_words(text: str) -> str:
    """Folded words without commas or abbreviation dots or a leading French article: "Le 1er Août," is
    "1er aout"."""
    folded = re.sub(r"(?<=[a-z])\.", " ", fold_phrase(text).replace(",", " "))
    return re.sub(r"^(?:la |le |l')", "", " ".join(folded.split()))  # French articles: "le mois dernier"


def _words(stripped: str, text: str, today: date) -> _Period | None:
    words = _plain_words(stripped)
    if words in CALENDAR_PHRASES:
        return _calendar_unit(*CALENDAR_PHRASES[words], today)
    return _counted(words, today) or _written(words.split(), text, today)


def _calendar_unit(unit: str, offset: int, today: date) -> _Period:
    if unit == "day":
        return _Period.of(_day(today + timedelta(days=offset)))
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return _Period(_day(monday), _day(monday + timedelta(days=6)))
    if unit == "month":
        month = today.replace(day=1) + relativedelta(months=offset)
        return _Period.of(_month(month.year, month.month))
    if unit == "quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) + relativedelta(months=3 * offset)
        return _quarter(first.year, (first.month - 1) // 3 + 1)
    return _Period.of(_year(today.year + offset))


def _quarter(year: int, quarter: int) -> _Period:
    return _Period(_month(year, 3 * quarter - 2), _month(year, 3 * quarter))


_QUARTER = re.compile(r"^(?:(?P<year>[0-9]{4})-?(?P<letter>[qt])(?P<number>[1-4])|(?P<letter2>[qt])(?P<number2>[1-4])"
                      r"\s+(?P<year2>[0-9]{4}))$", re.IGNORECASE)


def _quarter_of(stripped: str) -> _Period | None:
    """ "2025-Q3", "Q3 2025", "T3 2025" (trimestre): the three months of that quarter."""
    match = _QUARTER.match(stripped)
    if match is None:
        return None
    letter = (match["letter"] or match["letter2"]).lower()
    if letter not in QUARTER_LETTERS:
        return None
    return _quarter(int(match["year"] or match["year2"]), int(match["number"] or match["number2"]))


def _counted(words: str, today: date) -> _Period | None:
    """ "3 days ago", "in 2 weeks", "il y a 3 jours", "dans un mois": the day that far from today."""
    for pattern, sign in _COUNTED:
        match = pattern.match(words)
        if match and match["unit"] in COUNT_UNITS:
            count = COUNT_WORDS.get(match["count"]) or int(match["count"])
            return _Period.of(_day(today + _UNIT_STEPS[COUNT_UNITS[match["unit"]]] * (sign * count)))
    return None


def _written(words: list[str], text: str, today: date) -> _Period | None:
    """Dates in words, with an optional leading weekday that must agree: "31 July 2025", "jeudi 31 juillet",
    "July 2025", "juillet", "lundi"."""
    if len(words) == 1 and words[0] in WEEKDAYS:
        return _Period.of(_day(today - timedelta(days=(today.weekday() - WEEKDAYS[words[0]]) % 7)))
    weekday = WEEKDAYS.get(words[0]) if len(words) > 1 else None
    period = _written_date(words[1:] if weekday is not None else words, text, today)
    if period is None or weekday is None:
        return period
    if period.first.precision != Precision.DAY:
        return None
    actual = period.first.wall.weekday()
    if actual != weekday:
        raise InvalidDate(f"{_quote(text)} does not agree with itself: {period.first.label()} is a "
                          f"{WEEKDAY_LABELS[actual]}")
    return period


def _token_kind(word: str) -> str:
    if word in MONTHS:
        return "m"
    if _FULL_YEAR.match(word):
        return "y"
    return "d" if _DAY_OF_MONTH.match(word) else "?"


def _written_date(words: list[str], text: str, today: date) -> _Period | None:
    shape = "".join(_token_kind(word) for word in words)
    month = next((MONTHS[word] for word in words if word in MONTHS), 0)
    days = [int(match["day"]) for word in words if (match := _DAY_OF_MONTH.match(word))]
    years = [int(word) for word in words if _FULL_YEAR.match(word)]
    if shape in ("dmd", "mdd"):
        raise InvalidDate(f"cannot read {_quote(text)}: write the year with four digits (two-digit years are "
                          "ambiguous)")
    if shape in ("dmy", "mdy"):
        return _Period.of(_day(_valid_date(years[0], month, days[0], text)))
    if shape in ("dm", "md"):
        return _Period.of(_day(_most_recent_day(month, days[0], text, today)))
    if shape == "my":
        return _Period.of(_month(years[0], month))
    if shape == "m":
        return _Period.of(_month(today.year if month <= today.month else today.year - 1, month))
    return None


_SEASONS, _PARTS, _DECADE_WORDS = table(SEASON_TERMS), table(PART_TERMS), table(DECADE_TERMS)
_FILLERS = frozenset(table(FILLER_TERMS))
_DECADE = re.compile(r"^'?(?P<digits>[0-9]{2}|[0-9]{4})'?s$")
_YEARS = re.compile(r"^(?P<first>[0-9]{4})(?:[-/–](?P<second>[0-9]{2}|[0-9]{4}))?$")


def _period_words(text: str, today: date) -> _Period | None:
    """A decade, a season or a part of a decade or year, in words (see parse_period); None for anything else."""
    plain = re.sub(r"(?:^|(?<=\s))[ld]'", "", _plain_words(text))  # French elision: "l'été", "d'automne"
    words = [word for word in re.sub(r"(?:^|(?<=\s))(mid|mi)-", r"\1 ", plain).split() if word not in _FILLERS]
    if not words:
        return None
    part = _PARTS.get(words[0])
    if part is not None:
        words = words[1:]
    if words and words[0] in _SEASONS:
        return None if part is not None else _season(str(_SEASONS[words[0]]), words[1:], text)
    decade = _decade(words, text, today)
    if decade is not None:
        if part is None:
            return _Period(_year(decade), _year(decade + 9))
        first, last = PARTS_OF_DECADE[str(part)]
        return _Period(_year(decade + first), _year(decade + last))
    if part is not None and len(words) == 1 and _FULL_YEAR.match(words[0]):
        first, last = PARTS_OF_YEAR[str(part)]
        return _Period(_month(int(words[0]), first), _month(int(words[0]), last))
    return None


def _decade(words: list[str], text: str, today: date) -> int | None:
    """The first year of the decade `words` name ("1960s", "'60s", "sixties", "annees 1960", "annees soixante"),
    or None. Two digits or a word name the last century's decade when this century's has not begun by `today`,
    and are refused as ambiguous when both have ("the twenties", in 2025)."""
    if words and words[0] == "annees":
        words = words[1:]
        if len(words) == 1 and re.fullmatch(r"[0-9]{2}|[0-9]{4}", words[0]):
            words = [words[0] + "s"]
    if len(words) != 1:
        return None
    match = _DECADE.match(words[0])
    if match is not None:
        number = int(match["digits"])
    elif isinstance(_DECADE_WORDS.get(words[0]), int):
        number = int(_DECADE_WORDS[words[0]])
    else:
        return None
    if number % 10:
        raise InvalidDate(f"{_quote(words[0])} is not a decade: a decade starts on a year ending in 0, as 1960s")
    if number >= 100:
        return number
    century = today.year - today.year % 100
    if century + number > today.year:
        return century - 100 + number  # "the sixties", in 2025: this century's have not begun
    raise InvalidDate(f"{_quote(text)} is ambiguous: the {century - 100 + number}s or the {century + number}s? "
                      "Write the decade's four digits")


def _season(season: str, words: list[str], text: str) -> _Period | None:
    """The months of `season` in the year `words` name; winter, which spans two years, needs both."""
    match = _YEARS.match(words[0]) if len(words) == 1 else None
    if match is None:
        return None
    first_month, last_month = SEASON_MONTHS[season]
    year = int(match["first"])
    if match["second"] is not None:
        second = int(match["second"]) + (year - year % 100 if len(match["second"]) == 2 else 0)
        if season != "winter" or second != year + 1:
            raise InvalidDate(f"{_quote(text)}: two years go with winter only, one after the other "
                              "(winter 1968-1969)")
        return _Period(_month(year, first_month), _month(second, last_month))
    if season == "winter":
        raise InvalidDate(f"{_quote(text)} is ambiguous: winter runs from December to February; write both years "
                          f"(winter {year - 1}-{year} or winter {year}-{year + 1})")
    return _Period(_month(year, first_month), _month(year, last_month))


def _most_recent_day(month: int, day: int, text: str, today: date) -> date:
    """The latest `day` of `month` not after today; 29 February goes back to the last leap year."""
    _valid_date(2000, month, day, text)  # a leap year: only days no year has are refused here
    for year in range(today.year, max(today.year - 9, 0), -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise InvalidDate(f"{_quote(text)} is out of the range of dates tracker can hold")


EVERY_DATE = DateRange(None, None)
"""The range without bounds: every date."""
