"""The CSV contract: exact round trips, formula neutralisation, and every bad file refused with its line and column."""

from __future__ import annotations

import csv as stdlib_csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.dates.when import Precision, Span
from tracker.errors import InvalidImport, InvalidRecord
from tracker.formats.csv import (
    COLUMNS,
    SlugLines,
    _escaped_participants,
    _items,
    _text,
    format_participants,
    iter_csv,
    parse_participants,
    parse_sources,
    read_csv,
    write_csv,
)
from tracker.formats.csv import _event as csv_event
from tracker.formats.csv import _plain_event as plain_event
from tracker.limits import CSV_FIELD_MAX_CHARACTERS as FIELD_LIMIT
from tracker.records import EventKind, EventRecord, EventStatus, Participant, RevisionRecord, RevisionStatus

HEADER = ",".join(COLUMNS)


def event(**changes: object) -> EventRecord:
    values: dict[str, object] = {
        "slug": "crew-11-launch",
        "title": "SpaceX Crew-11 launch to the ISS",
        "kind": EventKind.LAUNCH,
        "status": EventStatus.OCCURRED,
        "span": Span.parse("2025-08-01T15:43Z", zone="America/New_York"),
        "timezone": "America/New_York",
        "place": "Kennedy Space Center",
        "summary": "Falcon 9 / Crew Dragon Endeavour from LC-39A.",
        "agencies": [Participant("NASA", "customer"), Participant("SpaceX", "launch provider")],
        "people": [Participant("Zena Cardman", "commander"), Participant("Mike Fincke")],
        "sources": ["https://www.nasa.gov/mission/nasas-spacex-crew-11/"],
    }
    values.update(changes)
    return EventRecord(**values)  # type: ignore[arg-type]


def exported(events: list[EventRecord], *, neutralise: bool = True) -> str:
    stream = io.StringIO(newline="")
    write_csv(events, stream, neutralise=neutralise)
    return stream.getvalue()


def read_text(text: str, **options: object) -> list[EventRecord]:
    return read_csv(io.BytesIO(text.encode("utf-8")), "file.csv", **options)  # type: ignore[arg-type]


def problems_of(data: str | bytes, **options: object) -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(InvalidImport) as caught:
        read_csv(io.BytesIO(raw), "file.csv", **options)  # type: ignore[arg-type]
    assert caught.value.source == "file.csv"
    return caught.value.problems


def one_problem(data: str | bytes, **options: object) -> str:
    found = problems_of(data, **options)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------------------------------------ round trips

AWKWARD = event(
    slug="awkward",
    title='He said "go", then: stop; wait, (really)',
    summary='Line one,\nline two; "quoted"\r\nשלום עולם مرحبا [bold]x[/] [link=https://x]y[/link] \\ back',
    place="Baïkonour; site (31)",
    agencies=[Participant("Roscosmos (Russia)", "host; lead"), Participant("a\\b", "")],
    people=[Participant("=cmd|' /C calc'!A0", "-role"), Participant("  spaced  ", " (x) "),
            Participant("אבי כהן", "מפקד")],
    sources=["https://en.wikipedia.org/wiki/Soyuz_(rocket)", "https://example.org/a;b"],
)


def test_export_read_export_is_byte_identical() -> None:
    first = exported([event(), AWKWARD])
    events = read_text(first)
    assert events == [event(), AWKWARD]
    assert exported(events) == first


def test_the_header_lists_the_columns_in_contract_order() -> None:
    assert exported([]).splitlines()[0] == HEADER


def test_the_common_case_stays_readable() -> None:
    row = exported([event()]).splitlines()[1]
    assert row == ("crew-11-launch,SpaceX Crew-11 launch to the ISS,launch,occurred,2025-08-01T15:43Z,,"
                   "America/New_York,Kennedy Space Center,NASA (customer); SpaceX (launch provider),"
                   "Zena Cardman (commander); Mike Fincke,Falcon 9 / Crew Dragon Endeavour from LC-39A.,"
                   "https://www.nasa.gov/mission/nasas-spacex-crew-11/,,,,minute,2025-08-01T15:43:00Z,"
                   "2025-08-01T15:44:00Z,,,")


@pytest.mark.parametrize(
    ("start", "end", "zone", "bounds"),
    [
        ("2025", "", "", "year,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z"),
        ("2025-07", "", "", "month,2025-07-01T00:00:00Z,2025-08-01T00:00:00Z"),
        ("2025-07-31", "", "Asia/Tokyo", "day,2025-07-30T15:00:00Z,2025-07-31T15:00:00Z"),  # a local day
        ("2025-07-31T16:09", "2025-08", "America/New_York", "minute,2025-07-31T20:09:00Z,2025-09-01T04:00:00Z"),
        ("0999-03-01T10:00:05Z", "", "", "second,0999-03-01T10:00:05Z,0999-03-01T10:00:06Z"),
    ],
)
def test_the_export_gives_the_precision_and_the_utc_bounds(start: str, end: str, zone: str, bounds: str) -> None:
    [read] = read_text(f"title,start,end,timezone\r\nx,{start},{end},{zone}\r\n")
    assert exported([read]).splitlines()[1].endswith(f",{bounds},,,")  # no vehicle, family or trajectory


def test_an_event_following_its_places_zone_is_written_with_that_zone() -> None:
    """So that the file means the same instants in a store that does not know the place."""
    [read] = read_text("title,start,place\r\nx,2024-08-24,JSC\r\n", known_zones={"jsc": "America/Chicago"})
    assert read.timezone is None
    row = exported([read]).splitlines()[1]
    assert ",America/Chicago,JSC," in row and row.endswith(",day,2024-08-24T05:00:00Z,2024-08-25T05:00:00Z,,,")
    assert read_text(exported([read]))[0].span.lower == read.span.lower  # read anywhere, the same instants


def test_the_derived_columns_are_ignored_on_import() -> None:
    """Edited in a spreadsheet, the dates win: the bounds are computed again from start, end and the zone."""
    text = exported([event()]).replace("minute,2025-08-01T15:43:00Z,2025-08-01T15:44:00Z", "year,nonsense,")
    assert read_text(text) == [event()]
    assert exported(read_text(text)) == exported([event()])


def test_names_with_separators_are_escaped_with_a_backslash() -> None:
    text = format_participants([Participant("Roscosmos (Russia)", "host; lead"), Participant("a\\b")])
    assert text == "Roscosmos \\(Russia\\) (host\\; lead); a\\\\b"
    assert parse_participants(text) == [Participant("Roscosmos (Russia)", "host; lead"), Participant("a\\b")]


def test_hand_written_lists_are_trimmed() -> None:
    assert parse_participants(" NASA ;SpaceX(launch provider) ;; Roscosmos ( host ) ") == [
        Participant("NASA"), Participant("SpaceX", "launch provider"), Participant("Roscosmos", "host")]


printable = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)  # NUL is refused
special = st.sampled_from(["=1+2", "+x", "-0044", "@SUM(A1)", "\tx", "\rx", "\nx", "'=x", "''+y", "'", "\\",
                           "a;b", "(x)", "x)", "[bold]x[/]", "שלום", "مرحبا", '"q"', ",", " ", "\x1b[31m"])
texts = st.one_of(printable, special, st.lists(st.one_of(printable, special), max_size=4).map("".join))
names = texts.filter(str.strip)  # a blank name is refused
titles = texts.map(str.strip).filter(bool)  # titles and summaries are trimmed, by the CSV and JSON readers alike
places = st.none() | texts.map(str.strip).filter(bool)
participants = st.lists(st.builds(Participant, names, texts), max_size=3)
spans = st.sampled_from([
    ("2025", None, None), ("2025-07", "2026-03", None), ("2025-07-31", None, "America/New_York"),
    ("2025-07-28", "2025-08-01", "Europe/Paris"), ("2025-08-01T15:43Z", None, None),
    ("2025-07-31T12:09", None, "America/New_York"), ("2025-08-01T11:43:42-04:00", "2025-08-01T16Z", None),
])


@st.composite
def events(draw: st.DrawFn) -> EventRecord:
    start, end, zone = draw(spans)
    return EventRecord(
        slug=draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)),
        title=draw(titles),
        kind=draw(st.sampled_from(EventKind)),
        status=draw(st.sampled_from(EventStatus)),
        span=Span.parse(start, end, zone),
        timezone=zone,
        place=draw(places),
        summary=draw(texts).strip(),
        agencies=draw(participants),
        people=draw(participants),
        sources=draw(st.lists(names, max_size=3)),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(events(), max_size=4, unique_by=lambda record: record.slug), st.booleans())
def test_any_text_round_trips_exactly(records: list[EventRecord], neutralise: bool) -> None:
    first = exported(records, neutralise=neutralise)
    if not records:
        return
    back = read_text(first)
    assert back == records
    assert exported(back, neutralise=neutralise) == first


# ------------------------------------------------------------------------------------------------ reading

@pytest.mark.usefixtures("frozen_today")  # 6 August 2025: a date before it is past
def test_columns_may_come_in_any_order_and_most_may_be_left_out() -> None:
    [found] = read_text("START,Title\r\n2025-07-31,Crew-11 launch\r\n")
    assert (found.slug, found.title, found.kind, found.status) == ("crew-11-launch-2025-07-31", "Crew-11 launch",
                                                                   EventKind.OTHER, EventStatus.OCCURRED)
    assert read_text("START,Title\r\n2025-09-01,Later\r\n")[0].status == EventStatus.PLANNED
    assert found.span.precision == Precision.DAY


def test_an_empty_slug_is_derived_from_title_and_start() -> None:
    [found] = read_text("slug,title,start\r\n,Crew-11 launch,2025-08-01T15:43Z\r\n")
    assert found.slug == "crew-11-launch-2025-08-01"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_detected_from_the_header(delimiter: str) -> None:
    text = f"title{delimiter}start{delimiter}people\r\nCrew-11{delimiter}2025{delimiter}A; B (pilot)\r\n"
    if delimiter == ";":
        text = text.replace("A; B (pilot)", '"A; B (pilot)"')
    [found] = read_text(text)
    assert found.people == [Participant("A"), Participant("B", "pilot")]


def test_the_delimiter_may_be_given() -> None:
    [found] = read_text("title|start\r\nCrew-11|2025\r\n", delimiter="|")
    assert found.title == "Crew-11"
    assert "one character" in one_problem("title,start\r\n", delimiter=",;")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(b"\xef\xbb\xbftitle;start\r\nCrew-11;2025-08\r\n")
    [found] = read_csv(path, "events.csv")
    assert found.span.start.iso() == "2025-08"


def test_dates_are_read_in_the_zone_of_a_known_place() -> None:
    [found] = read_text("title,start,place\r\nCrew-11,2025-07-31T12:09,KSC\r\n",
                        known_zones={"ksc": "America/New_York"})
    assert found.span.start.lower.isoformat() == "2025-07-31T16:09:00+00:00"


def test_a_timezone_column_wins_over_the_place() -> None:
    [found] = read_text("title,start,place,timezone\r\nx,2025-07-31T12:09,KSC,Europe/Paris\r\n",
                        known_zones={"ksc": "America/New_York"})
    assert found.span.start.lower.isoformat() == "2025-07-31T10:09:00+00:00"


def test_blank_lines_and_empty_rows_are_skipped() -> None:
    assert len(read_text("title,start\r\n\r\nx,2025\r\n,\r\ny,2026\r\n")) == 2


def test_history_is_not_carried_by_csv() -> None:
    dated = event(history=[RevisionRecord(RevisionStatus.SCRUBBED, Span.parse("2025-07-31T16:09Z"))])
    [found] = read_text(exported([dated]))
    assert found.history == []


def test_the_field_size_limit_is_restored_after_reading() -> None:
    before = stdlib_csv.field_size_limit()
    read_text("title,start\r\nx,2025\r\n")
    problems_of("title,start\r\n,2025\r\n")
    assert stdlib_csv.field_size_limit() == before


# ------------------------------------------------------------------------------------------------ injection

def test_formula_cells_are_neutralised_but_dates_are_not() -> None:
    risky = event(title="=HYPERLINK(\"http://x\")", summary="+1", place="@home",
                  people=[Participant("-dash")], sources=["\tx"], slug="-x")
    row = next(stdlib_csv.reader(io.StringIO(exported([risky]).splitlines()[1])))
    values = dict(zip(COLUMNS, row, strict=True))
    assert values["title"] == "'=HYPERLINK(\"http://x\")"
    assert values["summary"] == "'+1"
    assert values["place"] == "'@home"
    assert values["people"] == "'-dash"
    assert values["slug"] == "'-x"
    assert values["sources"] == "\\\tx"  # an edge tab in a list item is escaped, which already neutralises it
    [back] = read_text(exported([risky]))
    assert back == risky


def test_a_leading_quote_before_a_formula_character_round_trips() -> None:
    quoted = event(title="'=x", summary="''+y", place="'plain")
    text = exported([quoted])
    assert "''=x" in text and "'''+y" in text and ",'plain," in text
    assert read_text(text) == [quoted]
    assert read_text(exported([quoted], neutralise=False)) == [quoted]


def test_without_neutralising_formula_cells_are_written_as_they_are() -> None:
    text = exported([event(title="=1+2")], neutralise=False)
    assert ",=1+2," in text
    assert read_text(text)[0].title == "=1+2"


def test_a_date_column_is_never_altered() -> None:
    message = one_problem("title,start\r\nx,-0044\r\n")
    assert message.startswith("line 2, column start: invalid date '-0044'")


# ------------------------------------------------------------------------------------------------ refusals

def test_an_empty_file_is_refused() -> None:
    assert one_problem(b"").startswith("the file is empty: expected a header row")
    assert one_problem(b"\xef\xbb\xbf").startswith("the file is empty")


def test_a_header_without_rows_is_refused() -> None:
    assert one_problem(HEADER + "\r\n") == "no rows after the header: nothing to import"


@pytest.mark.parametrize("missing", ["title", "start"])
def test_a_missing_required_column_is_named(missing: str) -> None:
    header = ",".join(column for column in COLUMNS if column != missing)
    assert one_problem(header + "\r\n") == (f"line 1: missing required column {missing!r} "
                                            "(the header must name title and start)")


def test_an_unknown_column_is_named_with_the_known_ones() -> None:
    message = one_problem("title,start,colour\r\nx,2025,red\r\n")
    assert message == f"line 1: unknown column 'colour' (known: {', '.join(COLUMNS)})"


def test_a_repeated_column_is_refused() -> None:
    assert one_problem("title,start,title\r\nx,2025,y\r\n") == "line 1: column 'title' appears twice"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("2025-13-01", "line 2, column start: invalid date '2025-13-01': month must be in 1..12"),
        ("2025-02-30", "line 2, column start: invalid date '2025-02-30': day is out of range for month"),
        ("yesterday-ish", "line 2, column start: invalid date 'yesterday-ish' (expected ISO 8601"),
    ],
)
def test_invalid_dates_are_refused_with_line_and_column(written: str, problem: str) -> None:
    assert one_problem(f"title,start\r\nx,{written}\r\n").startswith(problem)


def test_an_end_before_the_start_is_refused() -> None:
    message = one_problem("title,start,end\r\nx,2025-08-02,2025-08-01\r\n")
    assert message == "line 2, column end: end 2025-08-01 is before start 2025-08-02"


def test_a_missing_title_is_refused() -> None:
    assert one_problem("title,start\r\n  ,2025\r\n") == "line 2, column title: missing"


@pytest.mark.parametrize(("column", "value"), [("kind", "party"), ("status", "done")])
def test_unknown_kinds_and_statuses_are_refused(column: str, value: str) -> None:
    message = one_problem(f"title,start,{column}\r\nx,2025,{value}\r\n")
    assert message.startswith(f"line 2, column {column}: unknown value {value!r} (known: ")


def test_an_unknown_time_zone_is_refused() -> None:
    assert one_problem("title,start,timezone\r\nx,2025,Mars/Base\r\n").startswith(
        "line 2, column timezone: unknown time zone 'Mars/Base'")


def test_duplicate_slugs_name_both_lines() -> None:
    message = one_problem("slug,title,start\r\na,x,2025\r\nb,y,2025\r\na,z,2026\r\n")
    assert message == "line 4, column slug: duplicate slug 'a' (also on line 2)"


def test_duplicate_derived_slugs_are_refused_too() -> None:
    message = one_problem("title,start\r\nCrew-11,2025-08-01\r\nCREW 11,2025-08-01T15:43Z\r\n")
    assert message == "line 3, column slug: duplicate derived slug 'crew-11-2025-08-01' (also on line 2)"


def test_bytes_that_are_not_utf8_are_located() -> None:
    data = b"title,start\r\nok,2025\r\n" + b"Baikonour caf\xe9,2025\r\n"
    assert one_problem(data) == ("line 3: not UTF-8 text (byte 0xe9 at byte 14 of the line, offset 35 in the "
                                 "file): save the file as UTF-8")


def test_a_header_that_is_not_utf8_is_refused() -> None:
    assert one_problem(b"\xfftitle,start\r\n").startswith("line 1: not UTF-8 text (byte 0xff at byte 1")


def test_a_field_over_one_mebibyte_is_reported_not_crashed_on() -> None:
    huge = "x" * (FIELD_LIMIT + 1)
    found = problems_of(f'title,start,summary\r\nok,2025,"{huge}"\r\nnext,2025,y\r\n')
    assert found == [f"line 2: a field is larger than 1 MiB ({FIELD_LIMIT:,} characters); "
                     "the file was not read further"]


def test_a_field_of_exactly_one_mebibyte_is_read() -> None:
    [found] = read_text(f"title,start,summary\r\nok,2025,{'x' * FIELD_LIMIT}\r\n")
    assert len(found.summary) == FIELD_LIMIT


@pytest.mark.parametrize(("row", "count"), [("x,2025,extra", 3), ("x", 1)])
def test_rows_with_too_many_or_too_few_cells_are_refused(row: str, count: int) -> None:
    assert one_problem(f"title,start\r\n{row}\r\n") == f"line 2: {count} cells, expected 2 (one per header column)"


def test_unbalanced_parentheses_in_a_list_are_refused() -> None:
    message = one_problem("title,start,agencies\r\nx,2025,NASA (customer\r\n")
    assert message.startswith("line 2, column agencies: unbalanced parenthesis in 'NASA (customer'")
    assert one_problem("title,start,people\r\nx,2025,(pilot)\r\n") == (
        "line 2, column people: a name is missing before the role in '(pilot)'")


def test_a_line_number_is_where_a_multi_line_row_starts() -> None:
    found = problems_of('title,start,summary\r\nx,2025-14,"one\r\ntwo\r\nthree"\r\ny,2025-13,\r\n')
    assert [problem.split(":")[0] for problem in found] == ["line 2, column start", "line 5, column start"]


def test_every_row_is_validated_and_at_most_twenty_problems_listed() -> None:
    rows = "".join(f"row {index},2025-13-01\r\n" for index in range(25))
    found = problems_of("title,start\r\n" + rows)
    assert len(found) == 21
    assert found[0].startswith("line 2, column start:") and found[19].startswith("line 21, column start:")
    assert found[20] == "... and 5 more problems"


def test_different_problems_in_one_file_are_all_reported() -> None:
    found = problems_of("title,start,kind\r\nx,2025-13,launch\r\n,2025,launch\r\ny,2025,party\r\nz\r\n")
    assert [problem.split(":")[0] for problem in found] == ["line 2, column start", "line 3, column title",
                                                             "line 4, column kind", "line 5"]


# ------------------------------------------------------------------------------------------------ streaming

def test_writing_streams_rows_as_events_arrive() -> None:
    stream = io.StringIO(newline="")
    written_before: list[int] = []

    def generated() -> Iterator[EventRecord]:
        for index in range(3):
            written_before.append(stream.getvalue().count("\r\n"))
            yield event(slug=f"e{index}")

    assert write_csv(generated(), stream) == 3
    assert written_before == [1, 2, 3]  # each row was written before the next event was asked for


def test_reading_streams_events_until_the_first_bad_row_then_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("title,start\r\na,2025\r\nb,2025-13\r\nc,2025\r\nd,2025-14\r\n")
    given: list[str] = []
    with pytest.raises(InvalidImport) as raised:
        given.extend(record.title for record in iter_csv(path, "events.csv"))
    assert given == ["a"]  # nothing after a bad row reaches the writer...
    assert [problem.split(":")[0] for problem in raised.value.problems] == [  # ...yet every row is checked
        "line 3, column start", "line 5, column start"]


def outcome(read: Callable[[str], object], cell: str) -> object:
    """What reading `cell` gives: the value, or the problem's message."""
    try:
        return read(cell)
    except InvalidRecord as exc:
        return str(exc)


@given(st.text(alphabet=" ;()aé\t\u00a0\u2003\n", max_size=24))
def test_cells_without_escapes_are_read_as_the_character_by_character_reader_reads_them(cell: str) -> None:
    assert outcome(parse_participants, cell) == outcome(_escaped_participants, cell)
    assert parse_sources(cell) == [_text(item) for item in _items(cell)]


def test_participants_read_lately_are_kept_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.formats.csv as module

    monkeypatch.setattr(module, "_KEPT_TEXTS", 3)
    monkeypatch.setattr(module, "_PARTICIPANTS_READ", {})
    cells = ["NASA (host); ESA", "JAXA; ESA; CNES (partner)", "NASA (host); ISRO", "NASA (host); ESA"]
    read = [parse_participants(cell) for cell in cells]
    assert len(module._PARTICIPANTS_READ) <= 3
    assert read == [_escaped_participants(cell) for cell in cells]
    assert read[0] == read[3] == [Participant("NASA", "host"), Participant("ESA")]


# The plain-row path (`_plain_event`) must build exactly the record the full reader (`_event`) builds, for every row
# it accepts, and leave every other row to it: so errors read the same whichever path a file's rows take.

_CELL_VALUES = {
    "slug": ["", "crew-11", "  crew-11 ", "Crew 11", "x" * 201, "a\u200bb", "é", "'=x", "\x00"],
    "title": ["Crew-11 launch", "", "  ", " padded ", "=SUM(A1)", "'=SUM(A1)", "a\x00b", "\ud800", "ß" * 150],
    "kind": ["", "launch", "LAUNCH", " docking ", "rocket", "\u212aitchen"],
    "status": ["", "occurred", "Planned", "maybe"],
    "start": ["2025-07-31", "2025-08-01T15:43Z", "2025-08-01T15:43", "2025", " 2025-07 ", "2025-13-01", "",
              "9999", "2025-03-09T02:30", "'2025"],
    "end": ["", "2025-08-02", "2025-07-01", "2025-08-01T16:00Z", "nope"],
    "timezone": ["", "America/New_York", "Mars/Olympus", " UTC ", "x" * 70],
    "place": ["", "Kennedy Space Center", "  ", "p" * 201, "Байконур", "Kourou"],
    "agencies": ["", "NASA; SpaceX (launch provider)", "NASA (", "(role)", "N\\;A", "a" * 201, "NASA (r)x",
                 "\u00df" * 120],
    "people": ["", "Zena Cardman (commander); Mike Fincke", "x (" + "r" * 201 + ")", ";;"],
    "summary": ["", "  spaced  ", "+1", "line\nbreak", "a\x00"],
    "sources": ["", "https://example.com/a; https://example.com/b", "u" * 2001, "a\\;b"],
    "outcome": ["", "success", "FAILURE", "won"],
    "designation": ["", "2025-089", "d" * 41],
    "aliases": ["", "Crew 11; SpaceX Crew-11", "two\nlines", "a\\", "'=x"],
    "precision": ["", "day", "anything"],
}


@st.composite
def csv_rows(draw: st.DrawFn) -> dict[str, str]:
    columns = draw(st.lists(st.sampled_from(sorted(_CELL_VALUES)), unique=True))
    cells = {name: draw(st.sampled_from(_CELL_VALUES[name]) | texts) for name in columns}
    return {"title": "t", "start": "2025"} | cells


def _full_reader(cells: dict[str, str], zones: dict[str, str | None]) -> EventRecord | str:
    try:
        return csv_event(cells, 2, zones)
    except InvalidRecord as exc:
        return str(exc)


@settings(max_examples=600, deadline=None)
@given(csv_rows())
def test_plain_rows_read_as_the_full_reader_reads_them(cells: dict[str, str]) -> None:
    zones: dict[str, str | None] = {"kennedy space center": "America/New_York", "байконур": "Asia/Almaty"}
    plain = plain_event(cells, zones)
    if plain is not None:
        assert plain == _full_reader(cells, zones)


def test_a_well_formed_file_takes_the_plain_path(tmp_path: Path) -> None:
    """The rows of a store's own export are plain: none falls back to the full reader (else the fast path would be
    dead code and an import twice as slow)."""
    rows = [
        {"slug": "crew-11", "title": "Crew-11 launch", "kind": "launch", "status": "occurred",
         "start": "2025-08-01T15:43Z", "place": "Kennedy Space Center",
         "agencies": "NASA (customer); SpaceX (launch provider)", "people": "Zena Cardman (commander)",
         "summary": "Crew rotation.", "sources": "https://www.nasa.gov/crew-11", "outcome": "success",
         "designation": "2025-168", "aliases": "SpaceX Crew-11", "precision": "minute"},
        {"title": "Visit", "start": "2025-07", "end": "2025-08", "timezone": "Europe/Paris",
         "agencies": "Roscosmos \\(RU\\)"},
    ]
    zones: dict[str, str | None] = {"kennedy space center": "America/New_York"}
    for cells in rows:
        found = plain_event(cells, zones)
        assert found is not None
        assert found == _full_reader(cells, zones)


def test_slug_lines_find_every_slug_given_twice_and_no_other() -> None:
    lines = SlugLines()
    slugs = [f"event-{number}" for number in range(20_000)]  # enough to grow the table several times
    assert all(lines.add(slug, number + 2) is None for number, slug in enumerate(slugs))
    assert lines.add("event-0", 30_000) == 2
    assert lines.add("event-19999", 30_001) == 20_001
    assert lines.add("event-20000", 30_002) is None
    assert lines.add("Événement\\ud800", 7) is None and lines.add("Événement\\ud800", 9) == 7
