"""Search, best first: a name the query is (or begins a numbered series of) ranks above words found elsewhere; a
series in numeric order, each flight's events together, launch first; French words reach the English text.
On both engines, on a small store of series written the way the catalogue and the curated data write them."""

from __future__ import annotations

import random

import pytest

from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus
from tracker.store.database import Store
from tracker.store.query import EventQuery, find_events
from tracker.store.search_vocabulary import SEARCH_TERMS, phrases, query_parts
from tracker.store.write import import_events


def launch(slug: str, title: str, day: str, designation: str, aliases: list[str], vehicle: str,
           summary: str = "") -> EventRecord:
    return EventRecord(slug=slug, title=title, kind=EventKind.LAUNCH, status=EventStatus.OCCURRED,
                       span=Span.parse(day), designation=designation, flight=designation,
                       aliases=[*aliases, vehicle], vehicle=vehicle, vehicle_family=vehicle, summary=summary)


def after(slug: str, title: str, kind: EventKind, day: str, flight: str, aliases: list[str] | None = None,
          summary: str = "") -> EventRecord:
    return EventRecord(slug=slug, title=title, kind=kind, status=EventStatus.OCCURRED, span=Span.parse(day),
                       flight=flight, aliases=aliases or [], summary=summary)


def series() -> list[EventRecord]:
    events: list[EventRecord] = []
    for number, year in ((4, 1967), (7, 1968), (8, 1968), (11, 1969), (13, 1970), (16, 1972), (17, 1972)):
        designation = f"{year}-{number:03d}"
        events.append(launch(f"apollo-{number}", f"Saturn V launches Apollo {number}", f"{year}-03-01T12:00Z",
                             designation, [f"Apollo {number}", f"Apollo {number} CSM"], "Saturn V"))
        events.append(after(f"apollo-{number}-splashdown", f"Apollo {number} splashdown", EventKind.LANDING,
                            f"{year}-03-10T12:00Z", designation))
    events.append(after("apollo-11-moon-landing", "Apollo 11 lands on the Moon", EventKind.LANDING,
                        "1969-03-05T20:17Z", "1969-011", ["Eagle landing"]))
    events.append(after("apollo-11-eva", "Apollo 11 spacewalk 1 (Armstrong, Aldrin)", EventKind.SPACEWALK,
                        "1969-03-05", "1969-011", ["Apollo 11 EVA 1"]))
    events.append(launch("apollo-soyuz", "Saturn IB launches Apollo-Soyuz Test Project (Apollo (2 spacecraft))",
                         "1975-07-15T19:50Z", "1975-066", ["Apollo-Soyuz Test Project", "Apollo-Soyuz", "ASTP"],
                         "Saturn IB", summary="Apollo and Soyuz docked in orbit"))
    events.append(after("apollo-soyuz-docking", "Apollo and Soyuz dock", EventKind.DOCKING, "1975-07-17T16:09Z",
                        "1975-066"))
    for number in (3, 4, 10, 12):
        roman = {3: "III", 4: "IV", 10: "X", 12: "XII"}[number]
        designation = f"1965-{number + 100:03d}"
        events.append(launch(f"gemini-{number}", f"Titan II GLV launches Gemini {number} (Gemini {roman})",
                             f"1965-{number:02d}-03T15:00Z", designation, [f"Gemini {number}", f"Gemini {roman}"],
                             "Titan II"))
        events.append(after(f"gemini-{number}-eva", f"Gemini {roman} spacewalk", EventKind.SPACEWALK,
                            f"1965-{number:02d}-03", designation))  # known to the day: sorts before its launch
        events.append(after(f"gemini-{number}-splashdown", f"Gemini {roman} splashdown", EventKind.LANDING,
                            f"1965-{number:02d}-06T17:00Z", designation))
    for number in (1, 2, 5, 11, 40):
        designation = f"19{60 + number // 2}-{number + 200:03d}"
        events.append(launch(f"soyuz-{number}", f"Soyuz 11A511 launches Soyuz {number} (Soyuz-{number})",
                             f"19{60 + number // 2}-06-01T08:00Z", designation, [f"Soyuz {number}", f"Soyuz-{number}",
                                                                                  f"Soyouz {number}"], "Soyuz"))
        events.append(after(f"soyuz-{number}-landing", f"Soyuz {number} landing", EventKind.LANDING,
                            f"19{60 + number // 2}-06-20T08:00Z", designation))
    for number in (133, 212):
        events.append(launch(f"kosmos-{number}", f"Soyuz 11A511 launches Kosmos-{number}", f"1966-{number % 12 + 1:02d}"
                             f"-01T08:00Z", f"1966-{number:03d}", [f"Kosmos-{number}", "Soyuz 7K-OK No. 2"], "Soyuz"))
    events.append(launch("soyuz-t-5", "Soyuz-U launches Soyuz T-5", "1982-05-13T09:58Z", "1982-042", ["Soyuz T-5"],
                         "Soyuz-U"))
    for number in (5, 18, 21):
        designation = f"20{number:02d}-{number + 300:03d}"
        events.append(launch(f"shenzhou-{number}-launch", f"Shenzhou-{number} launch to Tiangong",
                             f"20{number:02d}-04-25T12:59Z", designation,
                             [f"Chang Zheng 2F launches Shenzhou {number}", f"Shenzhou {number}",
                              f"Shenzhou-{number}"], "Long March 2F"))
        events.append(after(f"shenzhou-{number}-docking", f"Shenzhou-{number} docks with Tiangong",
                            EventKind.DOCKING, f"20{number:02d}-04-26T03:32Z", designation))
        events.append(after(f"shenzhou-{number}-landing", f"Shenzhou-{number} return capsule lands at Dongfeng",
                            EventKind.LANDING, f"20{number:02d}-10-30T09:46Z", designation))
    events.append(EventRecord(slug="moon-talk", title="A talk on the Moon missions", kind=EventKind.MEETING,
                              status=EventStatus.OCCURRED, span=Span.parse("2019-07-20"),
                              summary="Apollo and Shenzhou veterans discuss lunar landing sites and docking"))
    random.Random(7).shuffle(events)  # the order they are stored in must not matter
    return events


@pytest.fixture
def series_store(store: Store) -> Store:
    with store.transaction() as session:
        import_events(session, series())
    return store


def best_first(store: Store, text: str) -> list[str]:
    with store.reading() as session:
        return [match.event.slug for match in find_events(session, EventQuery(text=text, ranked=True))]


def test_a_numbered_series_comes_first_in_numeric_order_each_flight_together_launch_first(
        series_store: Store) -> None:
    found = best_first(series_store, "apollo")
    assert found[:17] == [
        "apollo-4", "apollo-4-splashdown", "apollo-7", "apollo-7-splashdown", "apollo-8", "apollo-8-splashdown",
        "apollo-11", "apollo-11-eva", "apollo-11-moon-landing", "apollo-11-splashdown",
        "apollo-13", "apollo-13-splashdown", "apollo-16", "apollo-16-splashdown", "apollo-17",
        "apollo-17-splashdown", "apollo-soyuz"]  # then the name that begins with the word
    assert found[-1] == "moon-talk"  # the word in a summary only: last


def test_gemini_in_numeric_order_though_its_other_events_are_written_in_roman_numerals(series_store: Store) -> None:
    assert best_first(series_store, "gemini") == [
        slug for number in (3, 4, 10, 12)
        for slug in (f"gemini-{number}", f"gemini-{number}-eva", f"gemini-{number}-splashdown")]


def test_the_rocket_a_launch_is_also_called_is_not_the_name_of_its_flight(series_store: Store) -> None:
    found = best_first(series_store, "soyuz")
    numbered = [slug for number in (1, 2, 5, 11, 40) for slug in (f"soyuz-{number}", f"soyuz-{number}-landing")]
    assert found[:10] == numbered
    # then the names that begin with "Soyuz" (the payloads' "Soyuz 7K-OK", Soyuz T-5), in date order
    assert found[10:13] == ["kosmos-133", "kosmos-212", "soyuz-t-5"]
    assert found.index("apollo-soyuz") > 12


def test_shenzhou_written_with_a_dash(series_store: Store) -> None:
    assert best_first(series_store, "shenzhou")[:9] == [
        f"shenzhou-{number}-{what}" for number in (5, 18, 21) for what in ("launch", "docking", "landing")]


@pytest.mark.parametrize(("query", "first"), [
    ("apollo 11", ["apollo-11", "apollo-11-eva", "apollo-11-moon-landing", "apollo-11-splashdown"]),
    ("Apollo-Soyuz", ["apollo-soyuz", "apollo-soyuz-docking"]),
    ("shenzhou-18", ["shenzhou-18-launch", "shenzhou-18-docking", "shenzhou-18-landing"]),
    ("soyouz 5", ["soyuz-5"]),  # the French name is the launch's only
])
def test_a_whole_name_gives_its_flight_in_date_order(series_store: Store, query: str, first: list[str]) -> None:
    assert best_first(series_store, query)[:len(first)] == first


@pytest.mark.parametrize(("query", "expected"), [
    ("lune", {"apollo-11-moon-landing", "moon-talk"}),
    ("alunissage", {"apollo-11-moon-landing"}),
    ("amarrage", {"apollo-soyuz-docking", "shenzhou-5-docking", "shenzhou-18-docking", "shenzhou-21-docking"}),
    ("amerrissage apollo", {f"apollo-{number}-splashdown" for number in (4, 7, 8, 11, 13, 16, 17)}),
    ("sortie extravéhiculaire", {"apollo-11-eva"}),
    ("sorties extravéhiculaires gemini", {f"gemini-{number}-eva" for number in (3, 4, 10, 12)}),
    ("lancement shenzhou", {f"shenzhou-{number}-launch" for number in (5, 18, 21)}),
    ("atterrissage soyuz", {f"soyuz-{number}-landing" for number in (1, 2, 5, 11, 40)}),
    ("retour shenzhou", {f"shenzhou-{number}-landing" for number in (5, 18, 21)}),
])
def test_french_words_reach_the_same_events(series_store: Store, query: str, expected: set[str]) -> None:
    found = best_first(series_store, query)
    assert expected <= set(found), (query, found)


def test_a_french_word_keeps_what_it_found_as_itself(series_store: Store) -> None:
    with series_store.transaction() as session:
        import_events(session, [EventRecord(slug="lune-rousse", title="Lune rousse", kind=EventKind.OTHER,
                                            status=EventStatus.OCCURRED, span=Span.parse("2020-04"))])
    assert "lune-rousse" in best_first(series_store, "lun")
    assert "lune-rousse" in best_first(series_store, "lune")


def test_every_vocabulary_row_is_folded_has_a_language_and_english_words() -> None:
    from tracker.names import search_words

    for term in SEARCH_TERMS:
        assert term.text == " ".join(search_words(term.text)), term
        assert term.language in ("en", "fr") and term.means, term
        for meaning in term.means:
            assert meaning == " ".join(search_words(meaning)), term
        assert phrases()[tuple(term.text.split())] == term
    assert len({term.text for term in SEARCH_TERMS}) == len(SEARCH_TERMS)


def test_the_longest_phrase_is_read_first() -> None:
    parts = query_parts(["sortie", "dans", "l", "espace", "gemini"])
    assert [part.words for part in parts] == [("sortie", "dans", "l", "espace"), ("gemini",)]
    assert ("spacewalk",) in parts[0].means and parts[1].means == ()


@pytest.mark.parametrize("query", ["", "   ", "—", "-- !"])
def test_a_ranked_query_of_no_words_matches_nothing(series_store: Store, query: str) -> None:
    # no first word to look for in names, no phrase in titles: nothing, not an error
    assert best_first(series_store, query) == []
