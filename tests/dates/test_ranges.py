"""Dates and ranges as typed on the command line: every written form in English and French, relative phrases from a
frozen today, the refusal to guess day/month order, whole periods at both ends of a range, and honest labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.dates.ranges import DateRange, DayOrder, parse_date, parse_period, parse_range, parse_shorthand
from tracker.dates.vocabulary import DECADE_TERMS, FILLER_TERMS, PART_TERMS, SEASON_TERMS
from tracker.dates.when import Precision, Span, When
from tracker.errors import InvalidDate
from tracker.records import Membership

TODAY = date(2025, 8, 6)  # a Wednesday


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def bounds(text: str, today: date = TODAY, day_order: DayOrder | None = None) -> tuple[datetime | None, ...]:
    found = parse_shorthand(text, today=today, day_order=day_order)
    return found.lower, found.upper


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2025", "2025", Precision.YEAR),
        ("2025-07", "2025-07", Precision.MONTH),
        ("2025-07-31", "2025-07-31", Precision.DAY),
        ("2025-07-31T12:00Z", "2025-07-31T12:00Z", Precision.MINUTE),
        ("  2025-07-31T12:00:05+02:00 ", "2025-07-31T12:00:05+02:00", Precision.SECOND),
        ("31 July 2025", "2025-07-31", Precision.DAY),
        ("Jul 31 2025", "2025-07-31", Precision.DAY),
        ("July 31, 2025", "2025-07-31", Precision.DAY),
        ("July 31st, 2025", "2025-07-31", Precision.DAY),
        ("31 Jul. 2025", "2025-07-31", Precision.DAY),
        ("Thursday, July 31, 2025", "2025-07-31", Precision.DAY),
        ("JULY 2025", "2025-07", Precision.MONTH),
        ("31 juillet 2025", "2025-07-31", Precision.DAY),
        ("1er août 2025", "2025-08-01", Precision.DAY),
        ("1er aout 2025", "2025-08-01", Precision.DAY),
        ("le 14 juillet 2025", "2025-07-14", Precision.DAY),
        ("jeudi 31 juillet 2025", "2025-07-31", Precision.DAY),
        ("31 juil. 2025", "2025-07-31", Precision.DAY),
        ("3 févr. 2025", "2025-02-03", Precision.DAY),
        ("25 décembre 2024", "2024-12-25", Precision.DAY),
        ("25 DECEMBRE 2024", "2024-12-25", Precision.DAY),
        ("août 2025", "2025-08", Precision.MONTH),
        ("aout 2025", "2025-08", Precision.MONTH),
        ("Août 2025", "2025-08", Precision.MONTH),
        ("2025/07/31", "2025-07-31", Precision.DAY),
        ("2025-7-31", "2025-07-31", Precision.DAY),
        ("07/2025", "2025-07", Precision.MONTH),
        ("2025-W31-3", "2025-07-30", Precision.DAY),
    ],
)
def test_written_and_iso_dates(text: str, iso: str, precision: Precision) -> None:
    value = parse_date(text, today=TODAY)
    assert (value.iso(), value.precision) == (iso, precision)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("today", "2025-08-06"), ("Yesterday", "2025-08-05"), ("tomorrow", "2025-08-07"),
        ("aujourd'hui", "2025-08-06"), ("Aujourd’hui", "2025-08-06"), ("hier", "2025-08-05"),
        ("demain", "2025-08-07"), ("avant-hier", "2025-08-04"), ("après-demain", "2025-08-08"),
        ("3 days ago", "2025-08-03"), ("1 day ago", "2025-08-05"), ("0 days ago", "2025-08-06"),
        ("2 weeks ago", "2025-07-23"), ("a week ago", "2025-07-30"), ("3 months ago", "2025-05-06"),
        ("a year ago", "2024-08-06"), ("in 3 days", "2025-08-09"), ("in 2 weeks", "2025-08-20"),
        ("il y a 3 jours", "2025-08-03"), ("il y a une semaine", "2025-07-30"), ("il y a 2 mois", "2025-06-06"),
        ("il y a un an", "2024-08-06"), ("dans 3 jours", "2025-08-09"), ("Il Y A  10 JOURS", "2025-07-27"),
        ("last month", "2025-07"), ("this month", "2025-08"), ("next month", "2025-09"),
        ("le mois dernier", "2025-07"), ("ce mois-ci", "2025-08"), ("le mois prochain", "2025-09"),
        ("last year", "2024"), ("this year", "2025"), ("next year", "2026"),
        ("l'année dernière", "2024"), ("l'an dernier", "2024"), ("cette année", "2025"), ("l'an prochain", "2026"),
    ],
)
def test_relative_phrases_count_from_today(text: str, iso: str) -> None:
    assert parse_date(text, today=TODAY).iso() == iso


def test_months_back_land_on_the_last_day_of_a_shorter_month() -> None:
    assert parse_date("6 months ago", today=date(2025, 8, 31)).iso() == "2025-02-28"


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("last week", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("this week", utc(2025, 8, 4), utc(2025, 8, 11)),
        ("next week", utc(2025, 8, 11), utc(2025, 8, 18)),
        ("la semaine dernière", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("cette semaine", utc(2025, 8, 4), utc(2025, 8, 11)),
        ("semaine prochaine", utc(2025, 8, 11), utc(2025, 8, 18)),
        ("2025-W31", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("2025w31", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("2026-W53", utc(2026, 12, 28), utc(2027, 1, 4)),
        ("2025-W01", utc(2024, 12, 30), utc(2025, 1, 6)),
    ],
)
def test_weeks_are_whole_iso_weeks_monday_to_sunday(text: str, lower: datetime, upper: datetime) -> None:
    assert bounds(text) == (lower, upper)
    assert parse_range(text, text, today=TODAY) == DateRange(lower, upper)


def test_a_week_is_refused_as_a_single_date_rather_than_narrowed_to_its_monday() -> None:
    with pytest.raises(InvalidDate, match=r"^'last week' is a week \(28 Jul 2025 – 3 Aug 2025 UTC\), not a single"):
        parse_date("last week", today=TODAY)


@pytest.mark.parametrize(
    ("text", "today", "iso"),
    [
        ("July", TODAY, "2025-07"),
        ("August", TODAY, "2025-08"),  # the current month counts as the most recent
        ("September", TODAY, "2024-09"),
        ("juillet", TODAY, "2025-07"),
        ("Décembre", TODAY, "2024-12"),
        ("December", date(2026, 1, 15), "2025-12"),
        ("January", date(2026, 1, 15), "2026-01"),
        ("February", date(2026, 1, 15), "2025-02"),
        ("31 July", TODAY, "2025-07-31"),
        ("6 August", TODAY, "2025-08-06"),
        ("7 août", TODAY, "2024-08-07"),
        ("25 December", date(2026, 1, 15), "2025-12-25"),
        ("December 31", date(2026, 1, 1), "2025-12-31"),
        ("1er janvier", date(2026, 1, 1), "2026-01-01"),
        ("29 February", TODAY, "2024-02-29"),
        ("Wednesday", TODAY, "2025-08-06"),  # today counts as the most recent
        ("Monday", TODAY, "2025-08-04"),
        ("Tuesday", TODAY, "2025-08-05"),
        ("Thursday", TODAY, "2025-07-31"),
        ("lundi", TODAY, "2025-08-04"),
        ("dimanche", TODAY, "2025-08-03"),
        ("Friday", date(2026, 1, 1), "2025-12-26"),
        ("jeudi", date(2026, 1, 1), "2026-01-01"),
    ],
)
def test_bare_months_days_and_weekdays_are_the_most_recent_past_one(text: str, today: date, iso: str) -> None:
    assert parse_date(text, today=today).iso() == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("yesterday", "2025-12-31"), ("last month", "2025-12"), ("last year", "2025"), ("3 days ago", "2025-12-29"),
    ],
)
def test_relative_phrases_cross_the_year_boundary(text: str, iso: str) -> None:
    assert parse_date(text, today=date(2026, 1, 1)).iso() == iso


def test_last_week_across_new_year() -> None:
    assert bounds("last week", today=date(2026, 1, 1)) == (utc(2025, 12, 22), utc(2025, 12, 29))


@pytest.mark.parametrize(
    ("text", "day_order", "iso"),
    [
        ("13/04/2025", None, "2025-04-13"),
        ("31/07/2025", None, "2025-07-31"),
        ("31.07.2025", None, "2025-07-31"),
        ("31-07-2025", None, "2025-07-31"),
        ("04/13/2025", None, "2025-04-13"),
        ("04/04/2025", None, "2025-04-04"),  # both readings give the same day
        ("03/04/2025", DayOrder.DAY_FIRST, "2025-04-03"),
        ("03/04/2025", DayOrder.MONTH_FIRST, "2025-03-04"),
        ("3/4/2025", DayOrder.DAY_FIRST, "2025-04-03"),
        ("13/04/2025", DayOrder.DAY_FIRST, "2025-04-13"),
    ],
)
def test_numeric_dates_unambiguous_or_with_a_day_order(text: str, day_order: DayOrder | None, iso: str) -> None:
    assert parse_date(text, today=TODAY, day_order=day_order).iso() == iso


def test_an_ambiguous_numeric_date_is_refused_naming_both_readings_and_the_options() -> None:
    message = ("'03/04/2025' is ambiguous: 3 Apr 2025 or 4 Mar 2025? Pass --dayfirst or --monthfirst, "
               "or write YYYY-MM-DD")
    with pytest.raises(InvalidDate) as caught:
        parse_date("03/04/2025", today=TODAY)
    assert str(caught.value) == message
    with pytest.raises(InvalidDate, match=r"ambiguous.*--dayfirst"):
        parse_range("03/04/2025", None, today=TODAY)
    with pytest.raises(InvalidDate, match="ambiguous"):
        parse_shorthand("01/02/2025..13/02/2025", today=TODAY)


def test_day_orders_are_strings_the_command_line_can_pass() -> None:
    assert DayOrder("dayfirst") is DayOrder.DAY_FIRST and DayOrder("monthfirst") is DayOrder.MONTH_FIRST


@pytest.mark.parametrize(
    ("start", "end", "lower", "upper"),
    [
        ("2025", "2025", utc(2025, 1, 1), utc(2026, 1, 1)),
        ("2024", "2025", utc(2024, 1, 1), utc(2026, 1, 1)),
        ("2025-07", "2025-07", utc(2025, 7, 1), utc(2025, 8, 1)),
        ("2025-07", "2025-08", utc(2025, 7, 1), utc(2025, 9, 1)),
        ("2025-08", "août 2025", utc(2025, 8, 1), utc(2025, 9, 1)),
        ("2025-07-28", "2025-08-03", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("28 juillet 2025", "3 août 2025", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("2025-07-31T12", "2025-07-31T13", utc(2025, 7, 31, 12), utc(2025, 7, 31, 14)),
        ("2025-07-31T12:00Z", "2025-07-31T12:30Z", utc(2025, 7, 31, 12), utc(2025, 7, 31, 12, 31)),
        ("2025-07-31T12:00:00Z", "2025-07-31T12:00:09Z", utc(2025, 7, 31, 12), utc(2025, 7, 31, 12, 0, 10)),
        ("last week", "last week", utc(2025, 7, 28), utc(2025, 8, 4)),
        ("2025-W30", "last week", utc(2025, 7, 21), utc(2025, 8, 4)),
        ("last month", "last month", utc(2025, 7, 1), utc(2025, 8, 1)),
        ("10 days ago", "yesterday", utc(2025, 7, 27), utc(2025, 8, 6)),
        ("2025-07-15", "2025-07", utc(2025, 7, 15), utc(2025, 8, 1)),
        ("July", None, utc(2025, 7, 1), None),
        (None, "2025-07", None, utc(2025, 8, 1)),
        (None, None, None, None),
        ("28/07/2025", "03/08/2025", utc(2025, 7, 28), utc(2025, 8, 4)),
    ],
)
def test_the_end_of_a_range_is_inclusive_at_its_precision(start: str | None, end: str | None,
                                                           lower: datetime | None, upper: datetime | None) -> None:
    found = parse_range(start, end, today=TODAY, day_order=DayOrder.DAY_FIRST)
    assert (found.lower, found.upper) == (lower, upper)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-08", "2025-07", "--to 2025-07 is before --from 2025-08"),
        ("2025-08-01", "2025-07", "--to 2025-07 is before --from 2025-08-01"),
        ("today", "last week", "--to last week is before --from today"),
    ],
)
def test_a_range_ending_before_it_starts_is_refused(start: str, end: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_range(start, end, today=TODAY)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "lower", "upper", "label"),
    [
        ("2025-07", utc(2025, 7, 1), utc(2025, 8, 1), "Jul 2025 UTC"),
        ("2025", utc(2025, 1, 1), utc(2026, 1, 1), "2025 UTC"),
        ("last week", utc(2025, 7, 28), utc(2025, 8, 4), "28 Jul 2025 – 3 Aug 2025 UTC"),
        ("31 juillet 2025", utc(2025, 7, 31), utc(2025, 8, 1), "31 Jul 2025 UTC"),
        ("yesterday", utc(2025, 8, 5), utc(2025, 8, 6), "5 Aug 2025 UTC"),
        ("2025-07-31T16:09Z", utc(2025, 7, 31, 16, 9), utc(2025, 7, 31, 16, 10), "31 Jul 2025 16:09 UTC"),
        ("2025-07-28..2025-08-03", utc(2025, 7, 28), utc(2025, 8, 4), "28 Jul 2025 – 3 Aug 2025 UTC"),
        ("2025-07..2025-09", utc(2025, 7, 1), utc(2025, 10, 1), "Jul 2025 – Sep 2025 UTC"),
        ("2024..2025", utc(2024, 1, 1), utc(2026, 1, 1), "2024 – 2025 UTC"),
        ("2025-07-01..2025-07-31", utc(2025, 7, 1), utc(2025, 8, 1), "1 Jul 2025 – 31 Jul 2025 UTC"),
        ("..2025-08", None, utc(2025, 9, 1), "until Aug 2025 UTC"),
        ("2025-07..", utc(2025, 7, 1), None, "from Jul 2025 UTC"),
        ("2025-07-01..", utc(2025, 7, 1), None, "from 1 Jul 2025 UTC"),
        ("..", None, None, "all dates"),
        (" 2025-07 .. 2025-08 ", utc(2025, 7, 1), utc(2025, 9, 1), "Jul 2025 – Aug 2025 UTC"),
        ("juillet 2025..1er août 2025", utc(2025, 7, 1), utc(2025, 8, 2), "Jul 2025 – 1 Aug 2025 UTC"),
        ("last month..this week", utc(2025, 7, 1), utc(2025, 8, 11), "Jul 2025 – 10 Aug 2025 UTC"),
        ("2025-07-31T12:00Z..2025-07-31T23:59Z", utc(2025, 7, 31, 12), utc(2025, 8, 1),
         "31 Jul 2025 12:00 – 31 Jul 2025 23:59 UTC"),
        ("2025-W31..2025-W32", utc(2025, 7, 28), utc(2025, 8, 11), "28 Jul 2025 – 10 Aug 2025 UTC"),
    ],
)
def test_shorthand_periods_and_ranges(text: str, lower: datetime | None, upper: datetime | None, label: str) -> None:
    found = parse_shorthand(text, today=TODAY)
    assert (found.lower, found.upper, found.label()) == (lower, upper, label)


@pytest.mark.parametrize(
    ("lower", "upper", "label"),
    [
        (utc(2025, 7, 1), utc(2025, 8, 1), "Jul 2025 UTC"),
        (utc(2025, 7, 28), utc(2025, 8, 4), "28 Jul 2025 – 3 Aug 2025 UTC"),
        (utc(2025, 7, 28, 6, 30), utc(2025, 8, 4), "28 Jul 2025 06:30 – 3 Aug 2025 UTC"),
        (utc(2025, 1, 1), None, "from 2025 UTC"),
        (None, None, "all dates"),
    ],
)
def test_a_range_built_from_instants_labels_each_bound_at_the_unit_it_falls_on(
        lower: datetime | None, upper: datetime | None, label: str) -> None:
    assert DateRange(lower, upper).label() == label


def test_range_bounds_are_kept_in_utc_and_must_be_aware() -> None:
    eastern = timezone(timedelta(hours=-4))
    assert DateRange(datetime(2025, 7, 31, 20, tzinfo=eastern), None).lower == utc(2025, 8, 1)
    with pytest.raises(ValueError, match="aware"):
        DateRange(datetime(2025, 7, 31), None)  # noqa: DTZ001 - the naive value under test
    with pytest.raises(InvalidDate, match="empty date range"):
        DateRange(utc(2025, 8, 1), utc(2025, 7, 1))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-07", None, Membership.WITHIN),  # the whole range
        ("2025-07-31", None, Membership.WITHIN),  # the last day
        ("2025-07-31T23:59Z", None, Membership.WITHIN),
        ("2025", None, Membership.POSSIBLY),  # a coarser date that only overlaps
        ("2025-07-31T22:00-04:00", None, None),  # 1 Aug 02:00 UTC: the upper bound is exclusive
        ("2025-08-01", None, None),  # the day after
        ("2025-06-30", None, None),  # the day before
        ("2025-07-31", "2025-08-01", Membership.WITHIN),  # a span lasting out of the range is in it
        ("2025-06", "2025-09", Membership.WITHIN),  # so is one lasting across it
        ("2025-06", "2025-06-30", None),  # but not one ending before it
    ],
)
def test_membership_is_the_one_within_rule(start: str, end: str | None, expected: Membership | None) -> None:
    july = parse_shorthand("2025-07", today=TODAY)
    assert july.membership(Span.parse(start, end)) is expected


# The label rule, by precision x zone x range kind. Events known to the day or coarser belong to the ranges their
# printed date belongs to, on any clock; events known to the hour or better are judged by their instant on the
# range's clocks. Expected values come from the calendar: Kennedy is UTC-4 in summer, Tokyo UTC+9.
W, P = Membership.WITHIN, Membership.POSSIBLY
LABEL_RULE = [
    # (event start, event zone, range, range zone, expected)
    ("2025-07-31", "America/New_York", "2025-07", None, W),  # printed 31 Jul 2025: within July
    ("2025-07-31", "America/New_York", "2025-07-31", None, W),  # and within 31 July
    ("2025-07-31", "America/New_York", "2025-07-31", "Asia/Tokyo", W),  # whatever the range's clocks
    ("2025-07-31", "America/New_York", "2025-08-01", None, None),  # not 1 August, though its UTC hours reach it
    ("2025-08-01", "Asia/Tokyo", "2025-08", None, W),  # printed 1 Aug: August, though it starts 31 Jul UTC
    ("2025-08-01", "Asia/Tokyo", "2025-07", None, None),
    ("2025-08-01", "Asia/Tokyo", "2025-W31", None, W),  # 28 Jul - 3 Aug
    ("2025-07", "America/New_York", "2025-07", "America/Los_Angeles", W),  # a month within its month
    ("2025-07", "America/New_York", "2025-W31", None, P),  # but only possibly within a week of it
    ("2025-07", None, "2025-07-31", None, P),
    ("2025", "Europe/Paris", "2025-Q3", None, P),
    ("2025", "Europe/Paris", "2025", "Asia/Tokyo", W),
    ("2025-07-31T23:30", "America/New_York", "2025-07-31", None, None),  # 1 Aug 03:30 UTC
    ("2025-07-31T23:30", "America/New_York", "2025-08-01", None, W),
    ("2025-07-31T23:30", "America/New_York", "2025-07-31", "America/New_York", W),  # on Kennedy's clocks
    ("2025-08-01T05:00", "Asia/Tokyo", "2025-07-31", None, W),  # 31 Jul 20:00 UTC
    ("2025-08-01T05:00", "Asia/Tokyo", "2025-08-01", "Asia/Tokyo", W),
    ("2025-08-01T05", "Asia/Tokyo", "2025-08-01", None, None),  # the hour 31 Jul 20:00-21:00 UTC
    ("2025-08-01T15:43Z", None, "2025-08-01", "Asia/Tokyo", None),  # 2 Aug 00:43 in Tokyo
]


@pytest.mark.parametrize(("start", "zone", "text", "range_zone", "expected"), LABEL_RULE)
def test_the_label_rule(start: str, zone: str | None, text: str, range_zone: str | None,
                        expected: Membership | None) -> None:
    found = parse_shorthand(text, today=TODAY)
    if range_zone is not None:
        found = found.read_in(range_zone)
    assert found.membership(Span.parse(start, zone=zone)) is expected


def test_a_span_of_days_is_judged_by_its_printed_days() -> None:
    # 30 July to 1 August at Kennedy: it meets 31 July and 1 August, but not 2 August
    visit = Span.parse("2025-07-30", "2025-08-01", "America/New_York")
    assert parse_shorthand("2025-08-01", today=TODAY).membership(visit) is Membership.WITHIN
    assert parse_shorthand("2025-08-02", today=TODAY).membership(visit) is None
    assert parse_shorthand("2025-07-29", today=TODAY).membership(visit) is None


def test_open_sides_contain_everything_on_that_side() -> None:
    since_july = parse_shorthand("2025-07..", today=TODAY)
    assert since_july.membership(Span.parse("2999")) is Membership.WITHIN
    assert since_july.membership(Span.parse("2025-06")) is None
    everything = parse_shorthand("..", today=TODAY)
    assert everything.membership(Span.parse("0001")) is Membership.WITHIN and everything.label() == "all dates"


@pytest.mark.parametrize(
    ("text", "day_order", "message"),
    [
        ("yesterday-ish", None,
         "cannot read 'yesterday-ish' as a date (try 2025-07-31, 31 July 2025, last week, 3 days ago)"),
        ("", None, "cannot read '' as a date (try 2025-07-31, 31 July 2025, last week, 3 days ago)"),
        ("next tuesday", None,
         "cannot read 'next tuesday' as a date (try 2025-07-31, 31 July 2025, last week, 3 days ago)"),
        ("3 fortnights ago", None,
         "cannot read '3 fortnights ago' as a date (try 2025-07-31, 31 July 2025, last week, 3 days ago)"),
        ("03/04/25", None, "cannot read '03/04/25': write the year with four digits (two-digit years are ambiguous)"),
        ("31 July 25", None,
         "cannot read '31 July 25': write the year with four digits (two-digit years are ambiguous)"),
        ("July 31 25", None,
         "cannot read 'July 31 25': write the year with four digits (two-digit years are ambiguous)"),
        ("13/04/2025", DayOrder.MONTH_FIRST, "no such date '13/04/2025' when read monthfirst (--monthfirst)"),
        ("31/02/2025", None, "no such date '31/02/2025', read day first or month first"),
        ("31 June 2025", None, "no such date '31 June 2025' (day is out of range for month)"),
        ("29 février 2025", None, "no such date '29 février 2025' (day is out of range for month)"),
        ("30 February", None, "no such date '30 February' (day is out of range for month)"),
        ("2025/02/30", None, "no such date '2025/02/30' (day is out of range for month)"),
        ("13/2025", None, "no such month '13/2025': there is no month 13"),
        ("2025-W53", None, "no such week '2025-W53': 2025 has 52 ISO weeks"),
        ("Monday 31 July 2025", None, "'Monday 31 July 2025' does not agree with itself: 31 Jul 2025 is a Thursday"),
        ("in 999999 years", None, "'in 999999 years' is out of the range of dates tracker can hold"),
        ("9999", None, "'9999' is out of the range of dates tracker can hold"),
        ("x" * 80, None, f"cannot read '{'x' * 57}…' as a date (try 2025-07-31, 31 July 2025, last week, 3 days ago)"),
    ],
)
def test_invalid_dates_say_what_was_not_understood(text: str, day_order: DayOrder | None, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text, today=TODAY, day_order=day_order)
    assert str(caught.value) == message


def test_iso_errors_come_from_the_date_type_and_name_the_text() -> None:
    with pytest.raises(InvalidDate, match=r"^invalid date '2025-13'"):
        parse_date("2025-13", today=TODAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-08..2025-07", "in '2025-08..2025-07', the end 2025-07 is before the start 2025-08"),
        ("2025..2026..2027", "cannot read '2025..2026..2027' as a range: use one '..' (as in 2025-07..2025-09)"),
        ("2025-07..soon", "cannot read 'soon' as a date (try 2025-07-31, 31 July 2025, last week, 3 days ago)"),
    ],
)
def test_invalid_shorthand_ranges(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_shorthand(text, today=TODAY)
    assert str(caught.value) == message


FRAGMENTS = ["2025", "07", "31", "13", "1er", "3", "0", "99999", "July", "juillet", "août", "Monday", "lundi",
             "last", "next", "this", "week", "month", "year", "ago", "in", "il y a", "dans", "days", "jours", "le",
             "la", "l'", "/", "-", ".", "..", ",", "W", "T", "Z", ":", "+", "9999", "0000", "0001", "29", "February"]
TEXTS = st.one_of(
    st.text(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join),
)


@given(TEXTS, st.dates(), st.sampled_from([None, *DayOrder]))
def test_any_text_gives_a_date_or_invalid_date(text: str, today: date, day_order: DayOrder | None) -> None:
    try:
        value = parse_date(text, today=today, day_order=day_order)
    except InvalidDate as error:
        assert "\n" not in str(error)
    else:
        assert value.lower < value.upper


@given(TEXTS, st.dates(), st.sampled_from([None, *DayOrder]))
def test_any_text_gives_a_range_or_invalid_date(text: str, today: date, day_order: DayOrder | None) -> None:
    try:
        found = parse_shorthand(text, today=today, day_order=day_order)
    except InvalidDate as error:
        assert "\n" not in str(error)
    else:
        assert found.label()
        if found.lower is not None and found.upper is not None:
            assert found.lower < found.upper


@pytest.mark.parametrize(("text", "label"), [
    ("2025-Q3", "Jul 2025 – Sep 2025 UTC"),
    ("Q3 2025", "Jul 2025 – Sep 2025 UTC"),
    ("T3 2025", "Jul 2025 – Sep 2025 UTC"),  # trimestre
    ("last quarter", "Apr 2025 – Jun 2025 UTC"),
    ("trimestre dernier", "Apr 2025 – Jun 2025 UTC"),
    ("this quarter", "Jul 2025 – Sep 2025 UTC"),
    ("2025-07-28/2025-08-03", "28 Jul 2025 – 3 Aug 2025 UTC"),  # ISO 8601 interval, the end inclusive
    ("2025-07-28/P7D", "28 Jul 2025 – 3 Aug 2025 UTC"),  # a start and a duration
    ("28 July 2025 to 3 August 2025", "28 Jul 2025 – 3 Aug 2025 UTC"),
    ("from 28 July 2025 to 3 August 2025", "28 Jul 2025 – 3 Aug 2025 UTC"),
    ("du 28 juillet 2025 au 3 août 2025", "28 Jul 2025 – 3 Aug 2025 UTC"),
    ("2025-07 until 2025-09", "Jul 2025 – Sep 2025 UTC"),
])
def test_ranges_people_write(text: str, label: str) -> None:
    assert parse_shorthand(text, today=TODAY).label() == label


def test_a_duration_that_is_not_one_is_named() -> None:
    with pytest.raises(InvalidDate, match=r"'P7X'.*ISO 8601 duration"):
        parse_shorthand("2025-07-28/P7X", today=TODAY)


TODAY = date(2025, 8, 6)


@pytest.mark.parametrize(("start", "end"), [("2025-03-09T02:30", None), (None, "2025-03-09T02:30"),
                                            ("2025-03-09T02", None), ("2025-03-09T02:00:59", None)])
def test_a_range_bound_the_zone_skips_is_refused_as_add_refuses_it(start: str | None, end: str | None) -> None:
    written = start or end
    with pytest.raises(InvalidDate) as refused:
        parse_range(start, end, today=TODAY).read_in("America/New_York")
    assert str(refused.value) == f"{written!r} does not exist in America/New_York (skipped by a clock change)"
    with pytest.raises(InvalidDate, match="does not exist in America/New_York") as added:
        When.parse(str(written), "America/New_York")
    assert str(added.value) == str(refused.value)  # the same message, word for word


def test_bounds_beside_the_gap_and_whole_days_are_read_as_before() -> None:
    before = parse_range(None, "2025-03-09T01:59", today=TODAY).read_in("America/New_York")
    assert before.upper == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)  # 02:00 EST, which is 03:00 EDT
    after = parse_range("2025-03-09T03:00", None, today=TODAY).read_in("America/New_York")
    assert after.lower == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)
    day = parse_shorthand("2025-03-09", today=TODAY).read_in("America/New_York")
    assert (day.lower, day.upper) == (datetime(2025, 3, 9, 5, tzinfo=UTC), datetime(2025, 3, 10, 4, tzinfo=UTC))
    repeated = parse_range("2025-11-02T01:30", None, today=TODAY).read_in("America/New_York")
    assert repeated.lower == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)  # the first of the two 01:30s


@pytest.mark.parametrize(("text", "first", "last"), [
    # a start without a year takes the end's (and a bare day the end's month too)
    ("28 July to 3 August 2025", date(2025, 7, 28), date(2025, 8, 3)),
    ("du 28 juillet au 3 août 2025", date(2025, 7, 28), date(2025, 8, 3)),
    ("from 28 July to 3 August 2025", date(2025, 7, 28), date(2025, 8, 3)),
    ("28 July – 3 August 2025", date(2025, 7, 28), date(2025, 8, 3)),
    ("28 to 31 July 2025", date(2025, 7, 28), date(2025, 7, 31)),
    ("du 1er au 3 août 2025", date(2025, 8, 1), date(2025, 8, 3)),
    ("July to August 1969", date(1969, 7, 1), date(1969, 8, 31)),
    # days or months sharing their month and year
    ("28-31 July 2025", date(2025, 7, 28), date(2025, 7, 31)),
    ("28–31 juillet 2025", date(2025, 7, 28), date(2025, 7, 31)),
    ("July–August 1969", date(1969, 7, 1), date(1969, 8, 31)),
    # decades
    ("1960s", date(1960, 1, 1), date(1969, 12, 31)),
    ("the 1960s", date(1960, 1, 1), date(1969, 12, 31)),
    ("1960's", date(1960, 1, 1), date(1969, 12, 31)),
    ("années 1960", date(1960, 1, 1), date(1969, 12, 31)),
    ("les années 60", date(1960, 1, 1), date(1969, 12, 31)),  # 2060 has not come: the 1960s
    ("'60s", date(1960, 1, 1), date(1969, 12, 31)),
    ("the sixties", date(1960, 1, 1), date(1969, 12, 31)),
    ("les années soixante-dix", date(1970, 1, 1), date(1979, 12, 31)),
    # seasons: meteorological, northern hemisphere
    ("summer 1969", date(1969, 6, 1), date(1969, 8, 31)),
    ("été 1969", date(1969, 6, 1), date(1969, 8, 31)),
    ("l'été 1969", date(1969, 6, 1), date(1969, 8, 31)),
    ("in the summer of 1969", date(1969, 6, 1), date(1969, 8, 31)),
    ("spring 1961", date(1961, 3, 1), date(1961, 5, 31)),
    ("au printemps 1961", date(1961, 3, 1), date(1961, 5, 31)),
    ("the spring of 1961", date(1961, 3, 1), date(1961, 5, 31)),
    ("autumn 1957", date(1957, 9, 1), date(1957, 11, 30)),
    ("fall 1957", date(1957, 9, 1), date(1957, 11, 30)),
    ("automne 1957", date(1957, 9, 1), date(1957, 11, 30)),
    ("winter 1968-1969", date(1968, 12, 1), date(1969, 2, 28)),
    ("hiver 1967/68", date(1967, 12, 1), date(1968, 2, 29)),  # 1968 was a leap year
    # parts of a decade (1960-1963, 1964-1966, 1967-1969) and of a year (in thirds)
    ("early 1960s", date(1960, 1, 1), date(1963, 12, 31)),
    ("mid-1960s", date(1964, 1, 1), date(1966, 12, 31)),
    ("late 1960s", date(1967, 1, 1), date(1969, 12, 31)),
    ("the late sixties", date(1967, 1, 1), date(1969, 12, 31)),
    ("début des années 60", date(1960, 1, 1), date(1963, 12, 31)),
    ("milieu des années 1960", date(1964, 1, 1), date(1966, 12, 31)),
    ("fin des années 1960", date(1967, 1, 1), date(1969, 12, 31)),
    ("early 1961", date(1961, 1, 1), date(1961, 4, 30)),
    ("début 1961", date(1961, 1, 1), date(1961, 4, 30)),
    ("mid-1961", date(1961, 5, 1), date(1961, 8, 31)),
    ("mi-1961", date(1961, 5, 1), date(1961, 8, 31)),
    ("late 1961", date(1961, 9, 1), date(1961, 12, 31)),
    ("fin 1961", date(1961, 9, 1), date(1961, 12, 31)),
    # and as either end of a range
    ("1960s..1970s", date(1960, 1, 1), date(1979, 12, 31)),
    ("summer 1969 to autumn 1969", date(1969, 6, 1), date(1969, 11, 30)),
])
def test_ranges_as_people_write_them(text: str, first: date, last: date) -> None:
    found = parse_shorthand(text, today=TODAY)
    assert (found.lower, found.upper) == (datetime.combine(first, datetime.min.time(), UTC),
                                          datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC))


@pytest.mark.parametrize(("text", "message"), [
    ("winter 1969", "'winter 1969' is ambiguous: winter runs from December to February; write both years "
                    "(winter 1968-1969 or winter 1969-1970)"),
    ("summer 1969-1970", "'summer 1969-1970': two years go with winter only, one after the other (winter 1968-1969)"),
    ("winter 1968-1970", "'winter 1968-1970': two years go with winter only, one after the other (winter 1968-1969)"),
    ("the twenties", "'the twenties' is ambiguous: the 1920s or the 2020s? Write the decade's four digits"),
    ("les années 20", "'les années 20' is ambiguous: the 1920s or the 2020s? Write the decade's four digits"),
    ("1965s", "'1965s' is not a decade: a decade starts on a year ending in 0, as 1960s"),
    ("28 December to 3 January 2026", "in '28 December to 3 January 2026', the start 28 December has no year, and "
                                      "in the end's year (28 Dec 2026) it would come after the end: write its year"),
])
def test_periods_that_could_mean_two_things_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_shorthand(text, today=TODAY)
    assert str(caught.value) == message


def test_a_period_is_a_range_not_a_date() -> None:
    with pytest.raises(InvalidDate, match=r"^'summer 1969' is a period \(Jun 1969 – Aug 1969 UTC\), not a single"):
        parse_date("summer 1969", today=TODAY)
    assert parse_range("1960s", "summer 1969", today=TODAY).label() == "1960 – Aug 1969 UTC"


def test_parse_period_reads_periods_and_nothing_else() -> None:
    assert parse_period("été 1969", today=TODAY) == parse_shorthand("1969-06..1969-08", today=TODAY)
    assert parse_period("the 1960s", today=TODAY) == parse_shorthand("1960..1969", today=TODAY)
    assert parse_period("31 July 2025", today=TODAY) is None
    assert parse_period("Apollo 11", today=TODAY) is None
    with pytest.raises(InvalidDate, match="ambiguous"):
        parse_period("hiver 1969", today=TODAY)


def test_a_two_digit_decade_becomes_ambiguous_once_this_centurys_has_begun() -> None:
    assert parse_period("the sixties", today=date(2059, 12, 31)) == parse_shorthand("1960s", today=TODAY)
    with pytest.raises(InvalidDate, match="the 1960s or the 2060s"):
        parse_period("the sixties", today=date(2060, 1, 1))


def test_every_period_word_is_read_with_its_language() -> None:
    for term in (*SEASON_TERMS, *PART_TERMS, *DECADE_TERMS, *FILLER_TERMS):
        assert term.language in ("en", "fr") and term.text == term.text.lower(), term
    for term in SEASON_TERMS:
        text = f"{term.text} 1968-1969" if term.meaning == "winter" else f"{term.text} 1969"
        assert parse_period(text, today=TODAY) is not None, term
    for term in PART_TERMS:
        assert parse_period(f"{term.text} 1961", today=TODAY) is not None, term
    for term in DECADE_TERMS:
        text = "les annees 1960" if term.meaning == "decade" else f"the {term.text}"
        if term.meaning in ("decade", 30, 40, 50, 60, 70, 80, 90):
            assert parse_period(text, today=TODAY) is not None, term
