"""Asking the timeline from the command line, as a new user would: every range form, filters, formats, widths,
colour rules and hostile text. "Today" is frozen so relative ranges are deterministic."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import run, slugs
from tracker.cli import cli
from tracker.dates.when import Span
from tracker.records import EventKind, EventRecord, EventStatus
from tracker.store.database import Store
from tracker.store.write import import_events

pytestmark = pytest.mark.usefixtures("frozen_today")





WEEK = {"bakanov-arrives-houston", "bakanov-visits-jsc", "duffy-bakanov-meeting", "crew-11-launch"}


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2025-07-28", "--to", "2025-08-03"],
        ["--from", "28 July 2025", "--to", "3 August 2025"],
        ["--from", "Jul 28 2025", "--to", "Aug 3 2025"],
        ["--from", "28 juillet 2025", "--to", "3 août 2025"],
        ["2025-07-28..2025-08-03"],
        ["--around", "duffy-bakanov-meeting", "--days", "3"],
        ["--from", "28/07/2025", "--to", "03/08/2025", "--dayfirst"],
        ["--from", "07/28/2025", "--to", "08/03/2025", "--monthfirst"],
    ],
)
def test_every_way_of_writing_the_week(db: str, args: list[str]) -> None:
    for slug, start in (("just-before", "2025-07-27T23:00Z"), ("just-after", "2025-08-04T05:00Z")):
        assert run("add", "--slug", slug, "--title", slug, "--start", start, db=db).exit_code == 0
    found = set(slugs(db, "timeline", *args))
    assert found >= WEEK
    assert not found & {"just-before", "just-after", "ax-4-splashdown", "crew-10-splashdown"}


@pytest.mark.parametrize(
    ("args", "inside", "outside"),
    [
        (["2025-07"], "duffy-bakanov-meeting", "crew-11-launch"),
        (["2025"], "crew-11-launch", "starliner-cft-launch"),
        (["--from", "2025-08", "--to", "août 2025"], "crew-11-launch", "bakanov-visits-jsc"),
        (["--from", "last week", "--to", "last week"], "crew-11-docking", "crew-10-splashdown"),
        (["--from", "last month", "--to", "last month"], "duffy-bakanov-meeting", "crew-11-launch"),
        (["--from", "10 days ago", "--to", "yesterday"], "crew-11-launch", "duffy-appointed-acting-nasa-administrator"),
        (["--from", "July"], "ax-4-splashdown", "ax-4-launch"),
    ],
)
def test_ranges_in_plain_words(db: str, args: list[str], inside: str, outside: str) -> None:
    found = slugs(db, "timeline", *args)
    assert inside in found and outside not in found


def test_the_resolved_range_is_echoed(db: str) -> None:
    out = run("timeline", "--from", "28 juillet 2025", "--to", "3 août 2025", db=db).stdout
    assert "28 Jul 2025 – 3 Aug 2025" in out.splitlines()[0]


def test_ambiguous_numeric_dates_are_refused(db: str) -> None:
    result = run("timeline", "--from", "03/04/2025", db=db)
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr and "--dayfirst" in result.stderr


def test_imprecise_dates_are_marked_possibly_within_and_strict_hides_them(db: str) -> None:
    # the meeting is known to the day (31 July): half of that day cannot say whether it holds it
    loose = run("timeline", "2025-07-31T12:00Z..2025-07-31T23:59Z", db=db).stdout
    assert "possibly within range" in loose
    strict = slugs(db, "timeline", "2025-07-31T12:00Z..2025-07-31T23:59Z", "--strict")
    assert "duffy-bakanov-meeting" not in strict


@pytest.mark.parametrize(
    ("args", "expected", "unexpected"),
    [
        (["--agency", "Роскосмос"], "crew-11-launch", "ax-4-launch"),
        (["--agency", "JAXA", "--agency", "ESA"], "crew-11-launch", "soyuz-ms-27-launch"),
        (["--person", "Dmitri Bakanov"], "duffy-bakanov-meeting", "crew-11-docking"),
        (["--kind", "meeting"], "duffy-bakanov-meeting", "crew-11-launch"),
        (["--status", "unconfirmed"], "bakanov-starliner-factory-visit", "crew-11-launch"),
        (["--place", "KSC"], "crew-11-launch", "bakanov-visits-jsc"),
        (["--source", "spacepolicyonline"], "duffy-bakanov-meeting", "bakanov-visits-jsc"),
        (["--search", "Bakanov"], "duffy-bakanov-meeting", "crew-11-docking"),
    ],
)
def test_filters(db: str, args: list[str], expected: str, unexpected: str) -> None:
    found = slugs(db, "timeline", "2025", *args)
    assert expected in found and unexpected not in found


def test_unknown_filter_names_are_errors_with_suggestions(db: str) -> None:
    result = run("timeline", "--agency", "Roscosmoss", db=db)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown agency 'Roscosmoss' (did you mean:")


def test_search_command_ranks_results(db: str) -> None:
    result = run("search", "Crew-11", "launch", "--format", "json", db=db)
    assert json.loads(result.stdout)[0]["slug"] == "crew-11-launch"
    assert "Search: 'Crew-11 launch'" in run("search", "Crew-11", "launch", db=db).stdout


def test_search_heading_counts_the_streamed_matches_and_json_has_an_event_a_line(db: str) -> None:
    plain = run("search", "launch", "--format", "plain", db=db).stdout.splitlines()
    found = int(plain[0].split("(")[1].split()[0])
    assert found > 10 and len(plain) == found + 1
    lines = run("search", "launch", "--format", "json", db=db).stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == found + 2
    assert [json.loads(line.rstrip(","))["slug"] for line in lines[1:-1]] == \
        [event["slug"] for event in json.loads("\n".join(lines))]


def test_show_gives_the_event_card_with_history_and_sources(db: str) -> None:
    out = run("show", "crew-11-launch", width=160, db=db).stdout
    for expected in ("SpaceX Crew-11 launch to the ISS", "1 Aug 2025 15:43 UTC (11:43 EDT)", "scrubbed",
                     "31 Jul 2025 16:09 UTC (12:09 EDT)", "Zena Cardman — commander", "America/New_York",
                     "https://spacepolicyonline.com/news/crew-11-on-the-way-to-iss"):
        assert expected in out, expected
    missing = run("show", "crew-11-lunch", db=db)
    assert missing.exit_code == 2 and "did you mean: crew-11-launch" in missing.stderr


def test_agencies_people_and_their_timelines(db: str) -> None:
    assert "Roscosmos" in run("agencies", width=200, db=db).stdout
    assert "Sean Duffy" in run("people", width=200, db=db).stdout
    duffy = run("person", "sean duffy", width=120, db=db).stdout
    assert "acting administrator, NASA" in duffy and "9 Jul 2025" in duffy
    assert "Duffy meets" in duffy
    assert "crew-11-launch" in slugs(db, "agency", "jaxa")


def test_on_this_day_lists_other_years_same_day(db: str) -> None:
    assert slugs(db, "on-this-day", "2026-08-01") == ["crew-11-launch"]


def test_empty_results_say_so_and_show_the_nearest_events(db: str) -> None:
    out = run("timeline", "2019", db=db).stdout
    assert "No events in this range." in out
    assert "Nearest before: 26 Nov 2018" in out and "Nearest after:" in out


def test_plain_output_is_one_line_per_event(db: str) -> None:
    lines = run("timeline", "2025-07-28..2025-08-03", "--format", "plain", db=db).stdout.splitlines()
    assert any(line.startswith(" 1 Aug 2025 15:43 UTC (11:43 EDT)  launch  SpaceX Crew-11 launch") for line in lines)


@pytest.mark.parametrize("width", [60, 80, 160])
def test_rendering_fits_the_width(db: str, width: int) -> None:
    out = run("timeline", "2025-07-28..2025-08-03", width=width, db=db, terminal=True).stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "SpaceX Crew-11" in out


def test_no_escape_codes_when_not_a_terminal_or_with_no_color(db: str) -> None:
    assert "\x1b[" not in run("timeline", "2025-07", db=db).stdout
    forced = run("timeline", "2025-07", env={"FORCE_COLOR": "1", "NO_COLOR": ""}, db=db).stdout
    assert "\x1b[" in forced  # colour does appear on a (forced) terminal...
    no_color = run("timeline", "2025-07", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}, db=db).stdout
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", no_color)  # ...and NO_COLOR removes it


def test_svg_and_html_copies(db: str, tmp_path: Path) -> None:
    svg, html = tmp_path / "week.svg", tmp_path / "week.html"
    run("timeline", "2025-07-28..2025-08-03", "--svg", str(svg), "--html", str(html), db=db)
    assert svg.read_text().startswith("<svg") and "Crew-11" in svg.read_text()
    assert "Crew-11" in html.read_text()


def test_markup_and_escapes_in_stored_text_print_literally(tmp_path: Path) -> None:
    database = str(tmp_path / "hostile.db")
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps([{"title": "[bold red]boom[/] \x1b]8;;http://x\x07link \x9bred",
                                    "start": "2025-09-01", "summary": "[link=http://evil]x[/link]",
                                    "people": [{"name": "[i]Eve[/i]"}]}]))
    CliRunner().invoke(cli, ["--db", database, "import", "--create-names", str(hostile)])
    for output in ("rich", "plain"):
        out = run("timeline", "--format", output, db=database).stdout
        assert "[bold red]boom[/]" in out and "\\x1b]8;;http://x\\x07link \\x9bred" in out
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "[i]Eve[/i]" in run("timeline", db=database).stdout


@pytest.mark.parametrize(("option", "typed", "slug"), [
    ("--person", "Bakanov", "duffy-bakanov-meeting"),  # a surname
    ("--person", "duffy", "duffy-bakanov-meeting"),  # any case
    ("--place", "Kennedy", "duffy-bakanov-meeting"),  # the start of a name
    ("--agency", "Roscos", "duffy-bakanov-meeting"),  # a prefix of a short name
])
def test_names_as_people_type_them(db: str, option: str, typed: str, slug: str) -> None:
    assert slug in slugs(db, "timeline", "2025-07", option, typed)


def test_a_name_several_entries_share_lists_them(db: str) -> None:
    result = run("timeline", "2025-07", "--person", "Dmitr", db=db)
    assert result.exit_code == 2
    assert "people match 'Dmitr'; give more of the name:\n  Dmitry Bakanov\n" in result.stderr


def test_ranked_search_has_no_month_rules_or_gaps_and_date_order_on_request(db: str) -> None:
    ranked = run("search", "Crew-11", "--no-pager", db=db, width=100).stdout
    assert "best first" in ranked.splitlines()[0]
    assert "───" not in ranked and "days without events" not in ranked
    by_date = run("search", "Crew-11", "--sort", "date", "--no-pager", db=db, width=100).stdout
    assert "in date order" in by_date.splitlines()[0] and "August 2025 ───" in by_date
    dated = slugs(db, "search", "Crew-11", "--sort", "date")
    assert dated == sorted(dated, key=slugs(db, "timeline", "--search", "Crew-11").index)


def test_what_the_label_says_is_what_the_range_holds(db: str) -> None:
    # The Duffy-Bakanov meeting is printed "31 Jul 2025" (a day at Kennedy): it is within July and within 31 July,
    # in the timeline, with --strict, and in an export.
    assert "duffy-bakanov-meeting" in slugs(db, "timeline", "2025-07", "--strict")
    day = run("timeline", "2025-07-31", "--format", "plain", db=db).stdout
    line = next(line for line in day.splitlines() if "Duffy" in line)
    assert "31 Jul 2025" in line and "~" not in line and "possibly" not in day
    exported = run("export", "2025-07", "--strict", "--format", "json", db=db)
    assert exported.exit_code == 0
    assert "duffy-bakanov-meeting" in [event["slug"] for event in json.loads(exported.stdout)]
    assert "duffy-bakanov-meeting" not in slugs(db, "timeline", "2025-08")


def test_on_this_day_marks_no_gaps_between_years(store: Store) -> None:
    # Anniversaries are years apart by nature: "⋮ 3652 days without events" between them would mean nothing.
    years = [2000, 2001, 2002, 2003, 2004, 2005, 2020]
    events = [EventRecord(slug=f"event-{year}", title=f"Something on 20 July {year}", kind=EventKind.OTHER,
                          status=EventStatus.OCCURRED, span=Span.parse(f"{year}-07-20")) for year in years]
    with store.transaction() as session:
        import_events(session, events)
    shown = run("on-this-day", "2026-07-20", db=store.location.url, terminal=True).stdout
    assert all(f"Something on 20 July {year}" in shown for year in years)
    assert "without events" not in shown
    timeline = run("timeline", "2000..2020", db=store.location.url, terminal=True).stdout
    assert "without events" in timeline  # the same events in a timeline: the gaps are worth marking there


def _catalogue_and_curated(store: Store) -> str:
    """A store holding two launches from the launch catalogue (the last on 8 Dec 2024) and a curated one after."""
    from tracker.bundled import GCAT_URL

    def launch(slug: str, start: str, sources: list[str]) -> EventRecord:
        return EventRecord(slug=slug, title=slug.replace("-", " "), kind=EventKind.LAUNCH,
                           status=EventStatus.OCCURRED, span=Span.parse(start), sources=sources)

    with store.transaction() as session:
        import_events(session, [launch("gcat-2024-100", "2024-11-20T10:00Z", [GCAT_URL]),
                                launch("gcat-2024-200", "2024-12-08T21:05Z", [GCAT_URL]),
                                launch("curated-launch", "2025-08-01T15:43Z", ["https://www.nasa.gov/"])])
    return store.location.url


NOTE = "the launch catalogue (GCAT) ends 8 Dec 2024: later launches are only those curated"


@pytest.mark.parametrize(("args", "noted"), [
    (("timeline", "2025"), True),
    (("timeline", "2024-12"), True),  # runs past 8 December
    (("timeline", "2024-11..2024-12-08"), False),  # ends with the catalogue's last day
    (("timeline",), True),  # every date
    (("search", "launch"), True),
    (("search", "launch", "--to", "2024-11"), False),
])
def test_a_range_past_the_launch_catalogue_says_where_it_ends(store: Store, args: tuple[str, ...],
                                                              noted: bool) -> None:
    db = _catalogue_and_curated(store)
    shown = run(*args, db=db, terminal=True).stdout
    assert (f"Note: {NOTE}" in shown) is noted
    if noted:
        assert shown.splitlines()[1] == f"Note: {NOTE}"  # right under the heading


def test_scripts_read_the_catalogue_note_on_stderr(store: Store) -> None:
    db = _catalogue_and_curated(store)
    exported = run("export", "2025", "--format", "json", db=db)
    assert exported.exit_code == 0 and f"note: {NOTE}" in exported.stderr
    assert [event["slug"] for event in json.loads(exported.stdout)] == ["curated-launch"]
    plain = run("timeline", "2025", "--format", "plain", db=db)
    assert f"note: {NOTE}" in plain.stderr and NOTE not in plain.stdout


def test_the_note_names_launch_library_2_once_upcoming_launches_were_added(store: Store) -> None:
    # after `db update --upcoming`, later launches also come from Launch Library 2's list of that day
    from tracker.dates.when import When
    from tracker.records import Dataset, SourceRecord
    from tracker.store.write import write_dataset
    from tracker.update.origins import LL2_URL

    db = _catalogue_and_curated(store)
    listed = SourceRecord(LL2_URL, "Launch Library 2: upcoming launches", published=When.parse("2026-12-05", "UTC"))
    planned = EventRecord(slug="ll2-launch", title="ll2 launch", kind=EventKind.LAUNCH, status=EventStatus.PLANNED,
                          span=Span.parse("2026-12-20"), sources=[LL2_URL])
    with store.transaction() as session:
        write_dataset(session, Dataset(sources=[listed], events=[planned]))
    shown = run("timeline", "2025", db=db, terminal=True).stdout
    assert shown.splitlines()[1].startswith(f"Note: {NOTE} and those")  # right under the heading, wrapped
    assert " ".join(f"Note: {NOTE} and those Launch Library 2 listed as upcoming on 5 Dec 2026".split()) in " ".join(
        shown.split())


def test_no_catalogue_no_note(db: str) -> None:
    assert "Note:" not in run("timeline", "2025", db=db, terminal=True).stdout


def test_the_bundled_catalogue_ends_in_december_2024(catalogue_db: str) -> None:
    # GCAT's launch log as bundled: its last launch is on 8 December 2024 (UTC)
    shown = run("timeline", "2025-01", db=catalogue_db, terminal=True).stdout
    assert shown.splitlines()[1] == f"Note: {NOTE}"
