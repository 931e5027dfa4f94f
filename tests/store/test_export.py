"""The export of stored rows (store/export.py) writes exactly the bytes of the export of records, in every format that
writes stored values (CSV, JSON, JSON Lines): on the curated data, on the launch catalogue, on hostile names, every
kind of date and date history, with filters and ranges, in date order and ranked by a search, on both engines."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from tracker.dates.ranges import LOCAL, parse_range, parse_shorthand
from tracker.dates.when import Span, When
from tracker.exports.csv import stored_rows
from tracker.exports.json import stored_json
from tracker.formats import FORMATS, ListCells, WriteOptions
from tracker.formats.csv import read_csv, write_csv, write_rows
from tracker.records import (
    AgencyRecord,
    Dataset,
    EventKind,
    EventRecord,
    EventStatus,
    Outcome,
    Participant,
    PlaceRecord,
    RevisionRecord,
    RevisionStatus,
)
from tracker.store.database import Location, Store
from tracker.store.export import exports_stored, stored_events
from tracker.store.query import EventQuery, iter_events
from tracker.store.write import write_dataset

from ..conftest import run

TODAY = date(2025, 8, 6)
HOSTILE_NAMES = ["Roscosmos (Russia)", "a;b", "back\\slash", "  padded  ", "\u00a0no-break\u00a0", "=HYPERLINK(1)",
                 "+1", "-minus", "@at", "'=quoted", "''+twice", "tab\tinside", "Ünïcødé 🚀", "end)", "(start"]
FORMULAS = ["=1+1", "+cmd", "-2", "@SUM(A1)", "'=already", "''-twice", "\tindented", "plain", "\r\nbroken"]


STORED_FORMATS = [name for name, found in FORMATS.items() if found.values]


def _exports(store: Store, query: EventQuery | None = None, *, neutralise: bool = True, batch: int = 500,
             lists: ListCells = "text", file_format: str = "csv") -> tuple[str, str]:
    """The `file_format` output of `query` (every event by default) written from records, and from stored rows;
    the JSON objects' text and the CSV list cells the database builds are held to the stored rows' output too
    (exports/json.py, exports/csv.py)."""
    query = query or EventQuery()
    written, options = FORMATS[file_format], WriteOptions(lists=lists)
    with store.reading() as session:
        records, stored, texts = io.StringIO(), io.StringIO(), io.StringIO()
        written.writer()((match.event for match in iter_events(session, query)), records, neutralise, options)
        values = stored_events(session, query, batch, history=written.values == "history")
        written.values_writer()(values, stored, neutralise, options)
        if written.texts:
            written.texts_writer()(stored_json(session, query, batch), texts, neutralise, options)
            assert texts.getvalue() == stored.getvalue()
        if file_format == "csv" and lists == "text":
            write_rows(stored_rows(session, query, neutralise, batch), texts)
            assert texts.getvalue() == stored.getvalue()
    return records.getvalue(), stored.getvalue()


def _hostile_events() -> list[EventRecord]:
    """Events with odd names, roles, texts and lists, and with every precision, zone and shape of date."""
    dates: list[tuple[str, str | None, str | None, str | None]] = [  # start, end, own zone, place
        ("1961", None, None, None), ("1969-07", None, None, "Kennedy"), ("1969-07-20", None, None, "Kennedy"),
        ("1969-07-20T20Z", None, None, None), ("1969-07-20T20:17Z", "1969-07-21T17:54Z", None, "Sea of Tranquility"),
        ("1969-07-20T20:17:40Z", None, None, "Kennedy"), ("2025-07-31T12:09", None, None, "Kennedy"),
        ("2025-07-31T12:09:30", "2025-08-02", None, "Baikonur"), ("2025-03-09T03:30", None, "Asia/Tokyo", "Kennedy"),
        ("2025-07-31", "2025-08", "Asia/Tokyo", None), ("2025-07-31T16:09+05:30", None, None, "Baikonur"),
        ("1800-01-01", None, None, "Kennedy"), ("0900-06", "0901", None, None), ("9998-12-31", None, None, "Baikonur"),
        ("2025-11-02T01:30-04:00", None, None, "Kennedy"), ("2030", "2031-02-03T04:05:06Z", None, "Nowhere"),
    ]
    events = []
    for number, (start, end, zone, place) in enumerate(dates):
        names = HOSTILE_NAMES[number % len(HOSTILE_NAMES):] + HOSTILE_NAMES[:number % len(HOSTILE_NAMES)]
        events.append(EventRecord(
            slug=f"hostile-{number:02d}", title=FORMULAS[number % len(FORMULAS)] + f" {number}",
            kind=list(EventKind)[number % len(EventKind)], status=list(EventStatus)[number % len(EventStatus)],
            span=Span.parse(start, end, zone or {"Kennedy": "America/New_York", "Baikonur": "Asia/Almaty"}.get(
                place or "")),
            timezone=zone, place=place, summary=FORMULAS[(number + 3) % len(FORMULAS)] + ' "quoted", two\nlines',
            agencies=[Participant(names[0], "host; lead"), Participant("Zeta Agency"), Participant(names[1], "(co)"),
                      Participant("Alpha Agency", " spaced ")][: 1 + number % 4],
            people=[Participant(names[2]), Participant(names[3], "commander\\pilot")][: number % 3],
            sources=[f"https://example.org/{number};a=(b)", "https://example.org/back\\slash",
                     "=formula-looking"][: number % 4],
            outcome=list(Outcome)[number % 3] if number % 4 else None,
            designation=["1969-059", "=D", None][number % 3],
            aliases=[f"alias {number}", "semi;colon", "@mention", " spaced "][: number % 5],
            history=_hostile_history(number, zone or {"Kennedy": "America/New_York"}.get(place or ""))))
    return events


def _hostile_history(number: int, zone: str | None) -> list[RevisionRecord]:
    """Earlier dates for two events in three (none for the others): local and UTC, with and without a place, a
    source, a reason or a time it was recorded."""
    return [
        RevisionRecord(RevisionStatus.PLANNED, Span.parse("2025-07", zone=zone), reason="=first plan; \"quoted\"",
                       source="https://example.org/plan;a=(b)", recorded=When.parse("2025-06-01T10:00Z")),
        RevisionRecord(RevisionStatus.SCRUBBED, Span.parse("2025-07-31T12:09", "2025-07-31T13:00", zone),
                       place="Kennedy", reason="weather\nover the pad"),
        RevisionRecord(RevisionStatus.SUPERSEDED, None, place="Baikonur", recorded=When.parse("2025-08-01", zone)),
    ][: number % 3 + 1] if number % 3 else []


@pytest.fixture
def hostile_store(store: Store) -> Store:
    """A store of the hostile events, with places whose zone the events follow or override, one without a zone."""
    dataset = Dataset(
        agencies=[AgencyRecord("Alpha Agency", short_name="=Alpha"), AgencyRecord("Zeta Agency")],
        places=[PlaceRecord("Kennedy", "America/New_York"), PlaceRecord("Baikonur", "Asia/Almaty"),
                PlaceRecord("Sea of Tranquility"), PlaceRecord("Nowhere")],
        events=_hostile_events())
    with store.transaction() as session:
        write_dataset(session, dataset)
    return store


@pytest.mark.parametrize("neutralise", [True, False])
def test_hostile_values_are_written_alike(hostile_store: Store, neutralise: bool) -> None:
    from_records, from_rows = _exports(hostile_store, neutralise=neutralise, batch=3)
    assert from_rows == from_records
    assert from_rows.count("\r\n") > len(_hostile_events())  # the events are all there, with their line breaks


def test_hostile_values_are_written_alike_as_json_lists(hostile_store: Store) -> None:
    from_records, from_rows = _exports(hostile_store, batch=3, lists="json")
    assert from_rows == from_records


@pytest.mark.parametrize("lists", ["text", "json"])
def test_hostile_values_come_back_from_the_file(hostile_store: Store, tmp_path: Path, lists: ListCells) -> None:
    _, from_rows = _exports(hostile_store, lists=lists)
    path = tmp_path / "export.csv"
    path.write_text(from_rows, encoding="utf-8", newline="")
    read = {event.slug: event for event in read_csv(path, "export.csv",
                                                    known_zones={"kennedy": "America/New_York"})}
    for event in _hostile_events():  # agencies come back by the short name the export writes ("=Alpha")
        assert (read[event.slug].people, read[event.slug].sources) == (event.people, event.sources)
        assert read[event.slug].span.lower == event.span.lower


def test_the_curated_data_is_written_alike(bundled_store: Store) -> None:
    from_records, from_rows = _exports(bundled_store)
    assert from_rows == from_records
    assert len(from_rows.splitlines()) > 50


def test_the_launch_catalogue_is_written_alike(catalogue_db: str) -> None:
    store = Store(Location(catalogue_db))
    try:
        from_records, from_rows = _exports(store)
    finally:
        store.close()
    assert from_rows == from_records
    assert len(from_rows) > 1_000_000


@pytest.mark.parametrize("query", [
    EventQuery(parse_shorthand("2025-07", today=TODAY)),
    EventQuery(parse_shorthand("2025-07", today=TODAY), strict=True),
    EventQuery(parse_range("2025-07-20", "2025-07-31", today=TODAY).read_in("Asia/Tokyo"), strict=True),
    EventQuery(parse_range("2025", None, today=TODAY), agencies=("NASA",)),
    EventQuery(kinds=(EventKind.LAUNCH, EventKind.LANDING), statuses=(EventStatus.OCCURRED,)),
    EventQuery(text="crew"),
    EventQuery(text="crew", limit=3),
    EventQuery(places=("Kennedy Space Center",)),
    EventQuery(outcomes=(Outcome.SUCCESS,)),
], ids=["month", "strict month", "strict in Tokyo", "agency since 2025", "kinds and status", "words",
        "words limit", "place", "outcome"])
def test_a_selection_is_written_alike(bundled_store: Store, query: EventQuery) -> None:
    from_records, from_rows = _exports(bundled_store, query)
    assert from_rows == from_records
    assert from_rows.count("\r\n") > 2  # a header and events


def test_queries_decided_event_by_event_are_left_to_records() -> None:
    local = EventQuery(parse_shorthand("2025-07", today=TODAY).read_in(LOCAL))
    assert not exports_stored(local)
    assert exports_stored(EventQuery(text="apollo", ranked=True))  # ranked by SQL: best_first
    assert not exports_stored(EventQuery(parse_shorthand("2025-07", today=TODAY), strict=True, limit=3))
    assert exports_stored(EventQuery(parse_shorthand("2025-07", today=TODAY).read_in("Asia/Tokyo")))


def test_the_export_command_writes_what_records_write(db: str, bundled_store: Store) -> None:
    for arguments, query in [
        ((), EventQuery()),
        (("2025-07", "--agency", "NASA"), EventQuery(parse_shorthand("2025-07", today=TODAY), agencies=("NASA",))),
    ]:
        result = run("export", *arguments, "--format", "csv", "--raw", db=db)
        assert result.exit_code == 0, result.output
        from_records, _ = _exports(bundled_store, query, neutralise=False)
        assert result.stdout_bytes == from_records.encode()  # stdout_bytes: .stdout turns CRLF into LF
        assert from_records.count("\r\n") > 2


def test_the_export_command_reads_a_local_range_from_records(db: str, bundled_store: Store) -> None:
    result = run("export", "2025-07", "--tz", "local", "--format", "csv", db=db)
    assert result.exit_code == 0, result.output
    local = EventQuery(parse_shorthand("2025-07", today=TODAY).read_in(LOCAL))
    with bundled_store.reading() as session:
        expected = io.StringIO()
        write_csv((match.event for match in iter_events(session, local)), expected)
    assert result.stdout_bytes == expected.getvalue().encode()
    assert expected.getvalue().count("\r\n") > 2


@pytest.mark.parametrize("file_format", ["json", "jsonl"])
def test_hostile_values_and_history_are_written_alike_in_json(hostile_store: Store, file_format: str) -> None:
    from_records, from_rows = _exports(hostile_store, batch=3, file_format=file_format)
    assert from_rows == from_records
    assert from_rows.count('"slug": "hostile-') == len(_hostile_events())
    assert from_rows.count('"status": "superseded"') > 2  # the date history is there, from the stored rows


def test_only_the_formats_that_write_it_read_the_history(hostile_store: Store) -> None:
    with hostile_store.reading() as session:
        without = [event.history for event in stored_events(session, EventQuery())]
        with_history = {event.slug: len(event.history) for event in stored_events(session, EventQuery(), history=True)}
    assert not any(without)
    assert with_history == {event.slug: len(event.history) for event in _hostile_events()}
    assert sum(with_history.values()) > 10


@pytest.mark.parametrize("file_format", STORED_FORMATS)
def test_the_curated_data_is_written_alike_in_every_format(bundled_store: Store, file_format: str) -> None:
    from_records, from_rows = _exports(bundled_store, file_format=file_format)
    assert from_rows == from_records
    assert len(from_rows.splitlines()) > 50


@pytest.mark.parametrize("file_format", STORED_FORMATS)
@pytest.mark.parametrize("query", [
    EventQuery(text="apollo", ranked=True),
    EventQuery(text="crew 11", ranked=True),
    EventQuery(text="soyuz", ranked=True),
    EventQuery(parse_shorthand("2025-07", today=TODAY), text="launch", ranked=True, strict=True),
    EventQuery(text="nasa", ranked=True, agencies=("Roscosmos",), limit=4),
    EventQuery(text="spacewalk"),
], ids=["apollo", "crew 11", "soyuz", "strict month", "agency and limit", "date order"])
def test_a_search_is_written_alike(bundled_store: Store, query: EventQuery, file_format: str) -> None:
    from_records, from_rows = _exports(bundled_store, query, file_format=file_format)
    assert from_rows == from_records
    assert from_rows.count("crew") + from_rows.count("apollo") + from_rows.count("launch") > 2


@pytest.mark.parametrize("word", ["apollo", "soyuz 11", "telemetry"])
def test_a_search_of_the_launch_catalogue_is_written_alike(catalogue_db: str, word: str) -> None:
    store = Store(Location(catalogue_db))
    try:
        from_records, from_rows = _exports(store, EventQuery(text=word, ranked=True), file_format="json")
    finally:
        store.close()
    assert from_rows == from_records
    assert from_rows.count('"slug"') > 0


@pytest.mark.parametrize("file_format", ["json", "jsonl", "csv", "plain"])
def test_the_search_command_writes_what_records_write(db: str, bundled_store: Store, file_format: str) -> None:
    with bundled_store.reading() as session:
        apollo = [match.event.slug for match in iter_events(session, EventQuery(text="apollo", ranked=True))]
    result = run("search", "apollo", "--format", file_format, db=db)
    assert result.exit_code == 0, result.output
    if file_format == "plain":  # from records, as before: each line ends with the slug shown
        assert [line.rsplit("  ", 1)[-1] for line in result.stdout.splitlines()[1:]] == apollo
        return
    from_records, _ = _exports(bundled_store, EventQuery(text="apollo", ranked=True), file_format=file_format)
    assert result.stdout_bytes == from_records.encode()
    assert len(apollo) > 5


def test_the_export_command_writes_json_with_history_from_the_columns(db: str, bundled_store: Store) -> None:
    result = run("export", "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    from_records, from_rows = _exports(bundled_store, file_format="json")
    assert result.stdout_bytes == from_rows.encode() == from_records.encode()
    assert '"status": "scrubbed"' in from_rows  # Crew-11's scrub on 31 July 2025
