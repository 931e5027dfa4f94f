"""The date value type: parsing at every precision, the UTC interval each value covers, and honest labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tracker.dates import when
from tracker.dates.when import Precision, Span, When, _parse_any, _parse_plain, on_clock, zone_info
from tracker.errors import InvalidDate


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "zone", "precision", "lower", "upper"),
    [
        ("2025", None, Precision.YEAR, utc(2025, 1, 1), utc(2026, 1, 1)),
        ("2025-07", None, Precision.MONTH, utc(2025, 7, 1), utc(2025, 8, 1)),
        ("2025-12", None, Precision.MONTH, utc(2025, 12, 1), utc(2026, 1, 1)),
        ("2025-07-31", None, Precision.DAY, utc(2025, 7, 31), utc(2025, 8, 1)),
        ("2025-07-31", "America/New_York", Precision.DAY, utc(2025, 7, 31, 4), utc(2025, 8, 1, 4)),
        ("2025-07-31T16", None, Precision.HOUR, utc(2025, 7, 31, 16), utc(2025, 7, 31, 17)),
        ("2025-07-31T16:09Z", None, Precision.MINUTE, utc(2025, 7, 31, 16, 9), utc(2025, 7, 31, 16, 10)),
        ("2025-08-01T11:43-04:00", "America/New_York", Precision.MINUTE, utc(2025, 8, 1, 15, 43),
         utc(2025, 8, 1, 15, 44)),
        ("2025-08-01T11:43:42-04:00", None, Precision.SECOND, utc(2025, 8, 1, 15, 43, 42),
         utc(2025, 8, 1, 15, 43, 43)),
        ("2025-07-31T12:09", "America/New_York", Precision.MINUTE, utc(2025, 7, 31, 16, 9),
         utc(2025, 7, 31, 16, 10)),
        ("2024-10-11", "Asia/Almaty", Precision.DAY, utc(2024, 10, 10, 19), utc(2024, 10, 11, 19)),
    ],
)
def test_parse_gives_precision_and_utc_interval(text: str, zone: str | None, precision: Precision,
                                                lower: datetime, upper: datetime) -> None:
    value = When.parse(text, zone)
    assert (value.precision, value.lower, value.upper) == (precision, lower, upper)


def test_a_time_without_offset_or_zone_is_utc() -> None:
    assert When.parse("2025-07-31T16:09").iso() == "2025-07-31T16:09Z"


def test_a_local_day_across_a_dst_change_lasts_25_hours() -> None:
    value = When.parse("2025-11-02", "America/New_York")
    assert (value.upper - value.lower).total_seconds() == 25 * 3600


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13-01", "month must be in 1..12"),
        ("2025-02-30", "day is out of range"),
        ("yesterday-ish", "expected ISO 8601"),
        ("31/07/2025", "expected ISO 8601"),
        ("2025-07-31T25:00Z", "hour must be in 0..23"),
        ("", "expected ISO 8601"),
    ],
)
def test_invalid_dates_are_refused_naming_the_text(text: str, message: str) -> None:
    with pytest.raises(InvalidDate, match=message) as caught:
        When.parse(text)
    assert repr(text) in str(caught.value)


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(InvalidDate, match="unknown time zone 'Mars/Olympus_Mons'"):
        When.parse("2025-07-31", "Mars/Olympus_Mons")


def test_local_time_skipped_by_dst_is_refused() -> None:
    with pytest.raises(InvalidDate, match="does not exist in America/New_York"):
        When.parse("2025-03-09T02:30", "America/New_York")


def test_local_time_repeated_by_dst_needs_an_offset() -> None:
    with pytest.raises(InvalidDate, match="happens twice"):
        When.parse("2025-11-02T01:30", "America/New_York")
    assert When.parse("2025-11-02T01:30-05:00", "America/New_York").lower == utc(2025, 11, 2, 6, 30)


@pytest.mark.parametrize(
    ("text", "zone", "label"),
    [
        ("2025", None, "2025"),
        ("2025-07", None, "Jul 2025"),
        ("2025-07-31", "America/New_York", "31 Jul 2025"),
        ("2025-07-31T16", None, "31 Jul 2025 16h UTC"),
        ("2025-08-01T15:43Z", None, "1 Aug 2025 15:43 UTC"),
        ("2025-08-01T15:43:42Z", None, "1 Aug 2025 15:43:42 UTC"),
        # same calendar day locally: UTC only
        ("2025-08-01T15:43Z", "America/New_York", "1 Aug 2025 15:43 UTC"),
        # another calendar day locally: both
        ("2025-08-01T02:09Z", "America/New_York", "1 Aug 2025 02:09 UTC (31 Jul 2025 22:09 EDT)"),
        ("2024-03-23T12:36Z", "Asia/Almaty", "23 Mar 2024 12:36 UTC"),
        ("2025-08-01T02:09-04:00", None, "1 Aug 2025 06:09 UTC"),
        ("2025-08-01T22:09-04:00", None, "2 Aug 2025 02:09 UTC (1 Aug 2025 22:09 UTC-04:00)"),
    ],
)
def test_labels_never_show_more_than_is_known(text: str, zone: str | None, label: str) -> None:
    assert When.parse(text, zone).label() == label


def test_label_with_local_time_on_request() -> None:
    value = When.parse("2025-08-01T15:43Z", "America/New_York")
    assert value.label(with_local=True) == "1 Aug 2025 15:43 UTC (11:43 EDT)"


def test_containment_respects_precision() -> None:
    july = When.parse("2025-07")
    day = When.parse("2025-07-31")
    minute = When.parse("2025-07-31T23:59Z")
    august_first = When.parse("2025-08-01")
    assert july.contains(day) and july.contains(minute) and day.contains(minute)
    assert not day.contains(july)
    assert not july.contains(august_first)


def test_from_instant_truncates_to_the_precision() -> None:
    value = When.from_instant(utc(2025, 8, 1, 15, 43, 42), Precision.MINUTE)
    assert value.iso() == "2025-08-01T15:43Z"
    assert When.from_instant(utc(2025, 8, 1, 15, 43, 42), Precision.MONTH).iso() == "2025-08"


def test_span_end_is_inclusive_at_its_precision() -> None:
    span = Span.parse("2025-07-28", "2025-08-01")
    assert (span.lower, span.upper) == (utc(2025, 7, 28), utc(2025, 8, 2))
    assert span.duration() is not None and span.duration().days == 5  # type: ignore[union-attr]
    assert span.label() == "28 Jul – 1 Aug 2025"
    assert Span.parse("2025-07-28", "2025-07-31").label() == "28–31 Jul 2025"
    assert Span.parse("2024-06", "2025-03").label() == "Jun 2024 – Mar 2025"


def test_span_end_before_start_is_refused() -> None:
    with pytest.raises(InvalidDate, match="end 2025-07-27 is before start 2025-07-28"):
        Span.parse("2025-07-28", "2025-07-27")


def test_a_span_may_end_within_its_start_period() -> None:
    # "July 2025" to "31 July 2025": the end narrows the period but is not before it.
    assert Span.parse("2025-07", "2025-07-31").upper == utc(2025, 8, 1)


zones = st.sampled_from([None, "UTC", "America/New_York", "Asia/Almaty", "Europe/Moscow", "Asia/Tokyo"])


@given(
    # hypothesis bounds are naive by its API; the values it draws are UTC.
    moment=st.datetimes(min_value=datetime(1957, 1, 1), max_value=datetime(2100, 12, 31),  # noqa: DTZ001
                        timezones=st.just(UTC)),
    precision=st.sampled_from(list(Precision)),
    zone=zones,
)
def test_iso_round_trips_at_every_precision_and_zone(moment: datetime, precision: Precision,
                                                     zone: str | None) -> None:
    value = When.from_instant(moment, precision, zone)
    again = When.parse(value.iso(), zone)
    assert again.iso() == value.iso()
    assert (again.lower, again.upper) == (value.lower, value.upper)
    assert value.lower <= moment < value.upper


instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1),  # noqa: DTZ001
                        timezones=st.just(UTC))
values = st.builds(When.from_instant, instants, st.sampled_from(list(Precision)), zones)


@given(first=values, second=values)
def test_containment_is_interval_inclusion(first: When, second: When) -> None:
    assert first.contains(first)
    assert first.contains(second) == (first.lower <= second.lower and second.upper <= first.upper)
    if first.contains(second) and second.contains(first):
        assert (first.lower, first.upper) == (second.lower, second.upper)


def test_a_span_within_one_utc_day_shows_its_date_once() -> None:
    assert Span.parse("2025-01-30T12:43Z", "2025-01-30T18:09Z").label() == "30 Jan 2025 12:43–18:09 UTC"
    assert Span.parse("2025-01-30T22:43Z", "2025-01-31T04:09Z").label() == \
        "30 Jan 2025 22:43 UTC – 31 Jan 2025 04:09 UTC"


@pytest.mark.parametrize(("zone", "shown"), [
    ("Asia/Tokyo", "(2 Aug 2025 00:43 JST)"), ("Europe/Paris", "(17:43 CEST)"), ("Asia/Shanghai", "(23:43 CST)"),
    ("America/Los_Angeles", "(08:43 PDT)"), ("Asia/Kolkata", "(21:13 IST)"),
    ("Asia/Almaty", "(20:43 UTC+05:00)"),  # tzdata has no abbreviation for it, only "+05"
])
def test_local_times_name_the_zones_abbreviation_where_one_exists(zone: str, shown: str) -> None:
    assert When.parse("2025-08-01T15:43Z", zone).label(with_local=True).endswith(shown)



def _read_by(parse: Callable[[str, str | None], When | None], text: str,
             zone: str | None) -> tuple[When, datetime, datetime, datetime] | str | None:
    """What `parse` gives: the value with its bounds, the error's text, or None."""
    try:
        value = parse(text, zone)
    except InvalidDate as exc:
        return str(exc)
    return None if value is None else (value, value.lower, value.upper, value.wall_after)


def _written_with(year: int, rest: list[int], separator: str, fields: int, suffix: str) -> str:
    """A date written with its first `fields` fields (year, month, day, hour, minute, second), then `suffix`."""
    text = f"{year:04d}"
    for index, number in enumerate(rest[: fields - 1]):
        text += ("-", "-", separator, ":", ":")[index] + f"{number:02d}"
    return text + suffix


near_plain_dates = st.one_of(
    st.builds(_written_with, st.integers(0, 9999), st.lists(st.integers(0, 61), min_size=5, max_size=5),
              st.sampled_from(["T", "t", " "]), st.integers(1, 6),
              st.sampled_from(["", "", "Z", "z", "+02:00", "-0530", ".5", " ", "\n"])),
    st.builds(_written_with, st.sampled_from([1, 2, 1957, 2024, 9998, 9999]),
              st.tuples(st.integers(1, 12), st.integers(1, 31), st.integers(0, 23), st.integers(0, 59),
                        st.integers(0, 59)).map(list), st.just("T"), st.integers(1, 6), st.sampled_from(["", "Z"])),
    st.text(alphabet="0123456789-T:Z+ \u0662", max_size=22),
)


@given(text=near_plain_dates, zone=st.sampled_from([None, "UTC", "America/New_York", "Asia/Tokyo", "Pacific/Apia",
                                                    "Mars/Olympus_Mons"]))
def test_the_plain_date_reader_gives_what_the_general_one_gives(text: str, zone: str | None) -> None:
    plain = _read_by(_parse_plain, text, zone)
    if plain is not None:  # None: left to the general reader
        assert plain == _read_by(_parse_any, text, zone)


@pytest.mark.parametrize("text", ["2024", "2024-12", "2024-12-08", "2024-12-08T05", "2024-12-08T05:14",
                                  "2024-12-08T05:14Z", "2024-12-08T05:14:10", "2024-12-08T05:14:10Z"])
@pytest.mark.parametrize("zone", [None, "America/New_York"])
def test_the_forms_files_hold_take_the_plain_reader(text: str, zone: str | None) -> None:
    assert _parse_plain(text, zone) is not None


_ZONES = [None, "UTC", "Europe/Berlin", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago",
          "Asia/Kathmandu", "No/Such_Zone"]
_SHAPES = ["0000", "0000-00", "0000-00-00", "0000-00-00T00Z", "0000-00-00T00:00Z", "0000-00-00T00:00:00Z",
           "0000-00-00T00", "0000-00-00T00:00", "0000-00-00T00:00:00", "0000-00-00 00:00Z", "0000-00-00T00:00z",
           "0000-00-00T00:00:00.0Z", " 0000-00-00", "0000-0-00", "0000-00-00T00:00+00:00"]
"""The shapes the fast path reads (the first nine), and near misses it must leave to the general parser."""


def _filled(shape: str) -> st.SearchStrategy[str]:
    """`shape` with each 0 any digit (ASCII, or now and then another script's)."""
    digit = st.one_of(st.sampled_from("0123456789"), st.sampled_from("0123456789"), st.sampled_from("٣१𝟗"))
    return st.tuples(*[digit if char == "0" else st.just(char) for char in shape]).map("".join)


def _written(moment: datetime, shape: str) -> str:
    """`moment` written in `shape`, as tracker writes dates (the year zero-padded)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S").replace(moment.strftime("%Y"), f"{moment.year:04d}", 1)[
        :len(shape.rstrip("Zz"))] + ("Z" if shape.endswith("Z") else "")


_WALLS = st.one_of(st.datetimes(), st.datetimes(max_value=datetime(3, 1, 1)),  # noqa: DTZ001 - wall clocks
                   st.datetimes(min_value=datetime(9997, 12, 1)),  # noqa: DTZ001
                   st.datetimes(min_value=datetime(2, 1, 1))  # noqa: DTZ001
                   .map(lambda moment: moment.replace(day=1) - timedelta(days=1)))  # the last days of months
"""Wall clocks, many near the first and last years a date can be in and on the last days of months."""
_DATE_TEXTS = st.one_of(st.sampled_from(_SHAPES).flatmap(_filled),
                        st.builds(_written, _WALLS, st.sampled_from(_SHAPES[:9])),
                        st.text(max_size=24))


def _outcome(parse: Callable[[], When | None]) -> tuple[str, object]:
    try:
        value = parse()
    except InvalidDate as error:
        return "error", str(error)
    if value is None:
        return "none", None
    try:
        bounds: object = (value.lower, value.upper, value.wall_after)
    except (OverflowError, ValueError) as error:
        bounds = type(error)
    return "value", (value, bounds)


@settings(max_examples=600)
@given(text=_DATE_TEXTS, zone=st.sampled_from(_ZONES))
@example(text="0001", zone="Pacific/Kiritimati")  # the first year's start is before 0001-01-01 in UTC
@example(text="0001-01-01T05Z", zone=None)
@example(text="9999-12-31", zone="Pacific/Pago_Pago")  # the last day's end is after 9999-12-31 in UTC
@example(text="9999-12", zone=None)
@example(text="2025-03-30T02:30", zone="Europe/Berlin")  # skipped by the clock change
@example(text="2025-10-26T02:30", zone="Europe/Berlin")  # happens twice
@example(text="2025-10-26T03:30", zone="Europe/Berlin")
def test_plain_dates_are_read_as_the_general_parser_reads_them(text: str, zone: str | None) -> None:
    # The fast path for the shapes tracker stores gives the same value and bounds, or leaves the text to the
    # general parser (None); it never accepts what the general parser rejects.
    general = _outcome(lambda: when._parse_any(text, zone))
    plain = _outcome(lambda: when._parse_plain(text, zone))
    assert plain[0] == "none" or plain == general


@pytest.mark.parametrize("text", ["2025", "2025-07", "2025-07-31", "2025-07-31T16Z", "2025-07-31T16:09Z",
                                  "2025-07-31T16:09:42Z", "2025-07-31T16", "2025-07-31T16:09", "2025-07-31T16:09:42"])
def test_the_shapes_tracker_stores_take_the_fast_path(text: str) -> None:
    assert when._parse_plain(text, "Europe/Berlin") == when._parse_any(text, "Europe/Berlin")


@settings(max_examples=600)
@given(wall=_WALLS, precision=st.sampled_from(Precision))
def test_a_period_ends_where_relativedelta_ends_it(wall: datetime, precision: Precision) -> None:
    def after(step: Callable[[], datetime]) -> object:
        try:
            return step()
        except (OverflowError, ValueError) as error:
            return type(error)

    assert after(lambda: when._wall_after(wall, precision)) == after(lambda: wall + when._STEP[precision])


@given(wall=st.datetimes(), zone=st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"]))
def test_a_wall_clock_on_a_zone_is_what_replace_gives(wall: datetime, zone: str) -> None:
    clock = zone_info(zone)
    assert repr(on_clock(wall, clock)) == repr(wall.replace(tzinfo=clock))
