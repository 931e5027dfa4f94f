"""What the browser shows: a range of dates at a zoom level (decade, year, month, week, day, or every date), how it
was read, and the buckets its density strip counts. Pure: no store, no terminal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from dateutil.relativedelta import relativedelta

from tracker.dates.ranges import EVERY_DATE, DateRange
from tracker.dates.when import Precision


class Zoom(IntEnum):
    """The zoom levels, coarsest first: `+` moves down this list, `-` up it."""

    ALL = 0
    DECADE = 1
    YEAR = 2
    MONTH = 3
    WEEK = 4
    DAY = 5

    @property
    def label(self) -> str:
        """The level's name as the header shows it."""
        return "every date" if self == Zoom.ALL else self.name.lower()


_STEPS = {Zoom.DECADE: relativedelta(years=10), Zoom.YEAR: relativedelta(years=1),
          Zoom.MONTH: relativedelta(months=1), Zoom.WEEK: relativedelta(weeks=1), Zoom.DAY: relativedelta(days=1)}
_PRECISIONS = {Zoom.DECADE: Precision.YEAR, Zoom.YEAR: Precision.YEAR, Zoom.MONTH: Precision.MONTH,
               Zoom.WEEK: Precision.DAY, Zoom.DAY: Precision.DAY}


def unit_range(zoom: Zoom, instant: datetime) -> DateRange:
    """The decade, year, month, week (Monday to Sunday) or day, in UTC, holding `instant` (every date for ALL)."""
    if zoom == Zoom.ALL:
        return EVERY_DATE
    moment = instant.astimezone(UTC)
    day = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    start = {Zoom.DECADE: day.replace(year=moment.year - moment.year % 10, month=1, day=1),
             Zoom.YEAR: day.replace(month=1, day=1), Zoom.MONTH: day.replace(day=1),
             Zoom.WEEK: day - timedelta(days=day.weekday()), Zoom.DAY: day}[zoom]
    precision = _PRECISIONS[zoom]
    return DateRange(start, start + _STEPS[zoom], precision, precision)


def zoom_of(shown: DateRange) -> Zoom | None:
    """The zoom level whose unit `shown` is exactly, if any (a range like 3..17 July is none)."""
    if shown.lower is None and shown.upper is None:
        return Zoom.ALL
    if shown.lower is None or shown.upper is None:
        return None
    return next((zoom for zoom in _STEPS if unit_range(zoom, shown.lower) == shown), None)


@dataclass(frozen=True)
class View:
    """A range on screen: its zoom level (None for a range that is no calendar unit) and how it was read."""

    range: DateRange
    zoom: Zoom | None
    read_from: str

    @classmethod
    def of(cls, shown: DateRange, read_from: str) -> View:
        """The view of `shown`, at the zoom level it is a unit of."""
        return cls(shown, zoom_of(shown), read_from)

    def heading(self) -> str:
        """What the header says: the range, its zoom level, and how it was read."""
        level = f"{self.zoom.label} view" if self.zoom is not None else "range"
        return f"{self.range.label()} · {level} · {self.read_from}"

    def _finer(self) -> Zoom | None:
        """The zoom one step finer than this view (for a custom range, the coarsest unit shorter than it)."""
        if self.zoom is not None:
            return Zoom(self.zoom + 1) if self.zoom < Zoom.DAY else None
        lower, upper = self.range.lower, self.range.upper
        if lower is None or upper is None:
            return Zoom.DECADE
        return next((zoom for zoom in _STEPS if lower + _STEPS[zoom] <= upper), Zoom.DAY)

    def zoomed_in(self, at: datetime) -> View:
        """One level finer, on the unit holding `at` (the cursor's event, or today), kept within this view."""
        finer = self._finer()
        lower, upper = self.range.lower, self.range.upper
        if finer is None:
            return self
        instant = at
        if lower is not None and instant < lower:
            instant = lower
        if upper is not None and instant >= upper:
            instant = upper - timedelta(microseconds=1)
        return View(unit_range(finer, instant), finer, f"zoomed in ({finer.label})")

    def zoomed_out(self, at: datetime | None) -> View:
        """One level coarser, on the unit holding this view's start (or `at` when this view is every date)."""
        if self.zoom == Zoom.ALL:
            return self
        coarser = Zoom(self.zoom - 1) if self.zoom is not None else None
        lower = self.range.lower or at
        if coarser is None:  # a custom range: the smallest unit that holds it, else every date
            coarser = next((zoom for zoom in reversed(_STEPS) if lower is not None and self.range.upper is not None
                            and unit_range(zoom, lower).upper is not None
                            and unit_range(zoom, lower).upper >= self.range.upper  # type: ignore[operator]
                            and unit_range(zoom, lower) != self.range), Zoom.ALL)
        if coarser == Zoom.ALL or lower is None:
            return View(EVERY_DATE, Zoom.ALL, "zoomed out (every date)")
        return View(unit_range(coarser, lower), coarser, f"zoomed out ({coarser.label})")

    def shifted(self, steps: int) -> View:
        """The previous (negative `steps`) or next unit at the same zoom; a custom range moves by its length."""
        lower, upper = self.range.lower, self.range.upper
        if lower is None or upper is None:
            return self
        word = "next" if steps > 0 else "previous"
        if self.zoom is None or self.zoom == Zoom.ALL:
            length = (upper - lower) * steps
            return View(DateRange(lower + length, upper + length, self.range.lower_precision,
                                  self.range.upper_precision), None, f"{word} range")
        moved = lower + _STEPS[self.zoom] * steps
        return View(unit_range(self.zoom, moved), self.zoom, f"{word} {self.zoom.label}")

    def at_today(self, today: datetime) -> View:
        """The unit holding `today` at this view's zoom (every date stays every date)."""
        zoom = self.zoom if self.zoom is not None else Zoom.MONTH
        return View(unit_range(zoom, today), zoom, "today")


@dataclass(frozen=True)
class Bucket:
    """One bar of the density strip: its label and the unit of the next zoom level it stands for."""

    label: str
    range: DateRange


_BUCKET_UNIT = {Zoom.ALL: Zoom.DECADE, Zoom.DECADE: Zoom.YEAR, Zoom.YEAR: Zoom.MONTH, Zoom.MONTH: Zoom.DAY,
                Zoom.WEEK: Zoom.DAY}


def buckets(view: View, extent: tuple[datetime, datetime] | None) -> list[Bucket]:
    """The units that `view` holds, one bar each: years of a decade, months of a year, days of a month or week,
    hours of a day, decades of every date (over `extent`, the first and last start in the store); a custom range
    is cut into the largest units of which it holds several."""
    lower, upper = view.range.lower, view.range.upper
    if lower is None or upper is None:
        if extent is None:
            return []
        lower = lower or unit_range(Zoom.DECADE, extent[0]).lower
        upper = upper or unit_range(Zoom.DECADE, extent[1]).upper
    assert lower is not None and upper is not None
    zoom = view.zoom if view.zoom is not None else View(DateRange(lower, upper), None, "")._finer()
    if zoom == Zoom.DAY:
        return [Bucket(f"{hour:02d}", DateRange(lower + timedelta(hours=hour), lower + timedelta(hours=hour + 1),
                                                Precision.HOUR, Precision.HOUR))
                for hour in range(24) if lower + timedelta(hours=hour) < upper]
    unit = _BUCKET_UNIT[zoom] if zoom is not None and view.zoom is not None else (zoom or Zoom.DAY)
    found: list[Bucket] = []
    cursor = unit_range(unit, lower)
    while cursor.lower is not None and cursor.upper is not None and cursor.lower < upper and len(found) < 400:
        clipped = DateRange(max(cursor.lower, lower), min(cursor.upper, upper), cursor.lower_precision,
                            cursor.upper_precision)  # a custom range's first and last buckets hold only its part
        found.append(Bucket(_bucket_label(unit, cursor.lower), clipped))
        cursor = unit_range(unit, cursor.upper)
    return found


def _bucket_label(zoom: Zoom, start: datetime) -> str:
    if zoom == Zoom.DECADE:
        return f"{start.year}s"
    if zoom == Zoom.YEAR:
        return str(start.year)
    if zoom == Zoom.MONTH:
        return f"{start:%b}"
    if zoom == Zoom.WEEK:
        return f"{start.day} {start:%b}"
    return str(start.day)
