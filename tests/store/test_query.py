"""Asking the store: the overlap rule, within/possibly-within, filters by name and alias, full-text search."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.dates.ranges import LOCAL, DateRange
from tracker.dates.when import When
from tracker.errors import NotFound
from tracker.records import EventKind, EventStatus, Membership
from tracker.store.database import Store
from tracker.store.query import (
    EventQuery,
    counted_events,
    event_by_slug,
    find_events,
    nearest_events,
    on_this_day,
)


def _query(lower: datetime | None = None, upper: datetime | None = None, **filters: object) -> EventQuery:
    return EventQuery(DateRange(lower, upper), **filters)  # type: ignore[arg-type]


def slugs(store: Store, **query: object) -> list[str]:
    with store.reading() as session:
        return [match.event.slug for match in find_events(session, _query(**query))]  # type: ignore[arg-type]


def memberships(store: Store, **query: object) -> dict[str, Membership]:
    with store.reading() as session:
        return {match.event.slug: match.membership
                for match in find_events(session, _query(**query))}  # type: ignore[arg-type]


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def test_overlap_rule_lists_events_whose_interval_meets_the_range(bundled_store: Store) -> None:
    week = slugs(bundled_store, lower=utc(2025, 7, 28), upper=utc(2025, 8, 4))
    assert {"bakanov-arrives-houston", "duffy-bakanov-meeting", "crew-11-launch", "crew-11-docking"} <= set(week)
    assert "crew-10-splashdown" not in week  # 9 August
    with bundled_store.reading() as session:
        starts = [match.event.span.lower for match in find_events(session, _query(utc(2025, 7, 28), utc(2025, 8, 4)))]
    assert starts == sorted(starts) and len(starts) == len(week)  # date order is kept by the query itself


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        # "2025-07-31" at Kennedy is printed 31 Jul 2025: it is judged by that date, not by its UTC hours
        (utc(2025, 7, 31), utc(2025, 8, 1), Membership.WITHIN),  # 31 July
        (utc(2025, 7, 1), utc(2025, 8, 1), Membership.WITHIN),  # July
        (utc(2025, 7, 31, 4), utc(2025, 8, 1, 4), Membership.POSSIBLY),  # a range cutting the day at 04:00
        (utc(2025, 8, 1), utc(2025, 8, 2), None),  # 1 August, though the local day ends at 04:00 UTC on it
        (utc(2025, 7, 30), utc(2025, 7, 31), None),  # 30 July
    ],
)
def test_a_day_precision_event_is_within_the_ranges_its_printed_date_is(
        bundled_store: Store, lower: datetime, upper: datetime, expected: Membership | None) -> None:
    assert memberships(bundled_store, lower=lower, upper=upper).get("duffy-bakanov-meeting") == expected


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/Los_Angeles", LOCAL])
def test_the_printed_date_decides_whatever_zone_the_range_is_read_in(bundled_store: Store, zone: str) -> None:
    day = DateRange(utc(2025, 7, 31), utc(2025, 8, 1)).read_in(zone)
    with bundled_store.reading() as session:
        found = {match.event.slug: match.membership for match in find_events(session, EventQuery(day, strict=True))}
        counted, _ = counted_events(session, EventQuery(day, strict=True))
    assert found.get("duffy-bakanov-meeting") == Membership.WITHIN
    assert counted == len(found)


def test_strict_hides_possibly_within_events(bundled_store: Store) -> None:
    loose = slugs(bundled_store, lower=utc(2025, 7, 31, 12), upper=utc(2025, 8, 1, 12))
    strict = slugs(bundled_store, lower=utc(2025, 7, 31, 12), upper=utc(2025, 8, 1, 12), strict=True)
    assert "duffy-bakanov-meeting" in loose and "duffy-bakanov-meeting" not in strict
    assert set(strict) < set(loose)


def test_spans_overlapping_the_range_are_within(bundled_store: Store) -> None:
    # the unconfirmed Starliner factory visit spans 28 July to August 2025
    found = memberships(bundled_store, lower=utc(2025, 8, 10), upper=utc(2025, 8, 11))
    assert found.get("bakanov-starliner-factory-visit") == Membership.WITHIN


def test_filters_match_names_short_names_and_aliases_without_case_or_accents(bundled_store: Store) -> None:
    by_alias = slugs(bundled_store, agencies=("Роскосмос",), lower=utc(2025, 7, 28), upper=utc(2025, 8, 4))
    by_short = slugs(bundled_store, agencies=("roscosmos",), lower=utc(2025, 7, 28), upper=utc(2025, 8, 4))
    assert by_alias == by_short and "duffy-bakanov-meeting" in by_alias
    assert slugs(bundled_store, people=("Dmitri Bakanov",)) == slugs(bundled_store, people=("dmitry BAKANOV",))
    assert "crew-11-launch" in slugs(bundled_store, places=("centre spatial kennedy",))


def test_filters_or_within_and_across(bundled_store: Store) -> None:
    launches = set(slugs(bundled_store, kinds=(EventKind.LAUNCH,)))
    meetings = set(slugs(bundled_store, kinds=(EventKind.MEETING,)))
    both = set(slugs(bundled_store, kinds=(EventKind.LAUNCH, EventKind.MEETING)))
    assert both == launches | meetings
    russian_launches = set(slugs(bundled_store, kinds=(EventKind.LAUNCH,), agencies=("Roscosmos",)))
    assert russian_launches < launches and "crew-11-launch" in russian_launches
    assert slugs(bundled_store, statuses=(EventStatus.UNCONFIRMED,)) == ["bakanov-starliner-factory-visit"]
    assert "crew-11-launch" in slugs(bundled_store, sources=("spacepolicyonline",))


def test_unknown_names_suggest_the_closest(bundled_store: Store) -> None:
    with bundled_store.reading() as session, pytest.raises(NotFound, match=r"unknown agency 'Roscosmoss' \(did you "
                                                                            r"mean: .*Roscosmos"):
        find_events(session, EventQuery(agencies=("Roscosmoss",)))
    with bundled_store.reading() as session, pytest.raises(NotFound, match="unknown person 'Nobody Atall'"):
        find_events(session, EventQuery(people=("Nobody Atall",)))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Bakanov", "duffy-bakanov-meeting"),  # a person's name
        ("baka", "duffy-bakanov-meeting"),  # a prefix
        ("Роскосмос", "duffy-bakanov-meeting"),  # an agency alias in Cyrillic
        ("platonov launch", "crew-11-launch"),  # words from names and title together
        ("Starliner", "starliner-cft-launch"),
    ],
)
def test_full_text_search_covers_titles_summaries_names_and_aliases(bundled_store: Store, words: str,
                                                                   expected: str) -> None:
    assert expected in slugs(bundled_store, text=words, ranked=True)


def test_search_ranks_title_matches_first(bundled_store: Store) -> None:
    assert slugs(bundled_store, text="Crew-11 launch", ranked=True)[0] == "crew-11-launch"


def test_search_with_punctuation_or_nothing_finds_nothing_without_failing(bundled_store: Store) -> None:
    assert slugs(bundled_store, text='"(*') == []
    assert slugs(bundled_store, text="") == []


def test_the_index_follows_changes_made_outside_tracker(bundled_store: Store) -> None:
    from sqlalchemy import text

    with bundled_store.engine.begin() as connection:
        connection.execute(text("UPDATE events SET title = 'Renamed quokka event' WHERE slug = 'crew-11-docking'"))
        connection.execute(text("UPDATE people SET name = 'Oleg Wombat' WHERE name = 'Oleg Platonov'"))
    assert slugs(bundled_store, text="quokka") == ["crew-11-docking"]
    assert "crew-11-launch" in slugs(bundled_store, text="wombat")
    with bundled_store.engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE slug = 'crew-11-docking'"))
    assert slugs(bundled_store, text="quokka") == []


def test_nearest_events_either_side_of_an_empty_range(bundled_store: Store) -> None:
    with bundled_store.reading() as session:
        before, after = nearest_events(session, EventQuery(DateRange(utc(2019, 1, 1), utc(2019, 2, 1))))
    assert before is not None and before.slug == "insight-landing"  # 26 Nov 2018, the last landing on Mars held
    assert after is not None and after.span.lower.year == 2024


def test_on_this_day_respects_precision(bundled_store: Store) -> None:
    with bundled_store.reading() as session:
        found = [match.event for match in on_this_day(session, 8, 1)]
    assert [event.slug for event in found] == ["crew-11-launch"]
    assert all(event.span.start.precision >= When.parse("2025-01-01").precision for event in found)


def test_an_unknown_slug_suggests_close_ones(bundled_store: Store) -> None:
    with bundled_store.reading() as session, pytest.raises(NotFound, match="did you mean: crew-11-launch"):
        event_by_slug(session, "crew-11-lunch")


def test_source_filters_take_percent_and_underscore_literally(bundled_store: Store) -> None:
    with pytest.raises(NotFound, match="no source matches"):
        slugs(bundled_store, sources=("%zz%",))  # as wildcards, "%" alone matched every source
    with pytest.raises(NotFound, match="no source matches"):
        slugs(bundled_store, sources=("n_sa.gov",))  # "_" matched any one character
    assert slugs(bundled_store, sources=("nasa.gov",))


def test_a_mission_designator_is_found_on_both_engines(bundled_store: Store) -> None:
    # PostgreSQL reads "Crew-11" as "crew" and the signed number "-11"
    found = slugs(bundled_store, text="crew-11")
    assert {"crew-11-launch", "crew-11-docking", "crew-11-undocking"} <= set(found)
    assert "crew-10-splashdown" not in found


@pytest.mark.parametrize("query", [
    EventQuery(text="launch", ranked=True),
    EventQuery(DateRange(utc(2025, 7, 1), utc(2025, 9, 1)), text="crew", strict=True),
    EventQuery(DateRange(utc(2025, 7, 1), utc(2025, 9, 1)), text="crew"),
    EventQuery(DateRange(utc(2025, 7, 31), utc(2025, 8, 2), zone=LOCAL), text="crew"),
    EventQuery(text="nothing matches this"),
])
def test_a_counted_search_counts_exactly_the_matches_it_streams(bundled_store: Store, query: EventQuery) -> None:
    with bundled_store.reading() as session:
        found, matches = counted_events(session, query)
        streamed = [match.event.slug for match in matches]
        assert found == len(streamed)
        assert streamed == [match.event.slug for match in find_events(session, query)]
