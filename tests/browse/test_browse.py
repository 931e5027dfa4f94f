"""`tracker browse` driven key by key on SQLite and PostgreSQL stores, with what the screen shows asserted."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from rich.style import Style
from textual.pilot import Pilot
from textual.widgets import Static

from tests.browse.conftest import browser, drive, press, screen, settle
from tests.conftest import run
from tracker.browse import app as browse_app
from tracker.browse import window
from tracker.browse.app import BrowseApp
from tracker.browse.screens import CARD_WIDTH, source_links
from tracker.cli.files import database_files
from tracker.cli.options import Filters
from tracker.store.interrupt import Cancellation, Interrupted
from tracker.store.query import EventQuery


@pytest.fixture(autouse=True)
def today(frozen_today: date) -> date:
    return frozen_today


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_the_first_screen_has_the_range_as_read_the_count_and_the_timeline(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = screen(pilot)
        lines = _lines(shown)
        assert lines[0].strip() == "Jul 2025 UTC · month view · read from '2025-07'"
        assert lines[1].strip().endswith("events") and not lines[1].strip().startswith("0 ")
        assert "── July 2025" in shown
        assert "1" in lines[3] and "31" in lines[3]  # the strip's days
        assert "●" in shown and "›" in shown  # a visit's marker, the cursor
        assert "? keys" in lines[-1]

    drive(browser(db, "2025-07"), script)


def test_zoom_moves_between_levels_and_the_header_follows(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        assert "week view" in _lines(await press(pilot, "plus"))[0]
        assert "day view" in _lines(await press(pilot, "plus"))[0]
        assert "day view" in _lines(await press(pilot, "plus"))[0]  # no finer level
        header = _lines(await press(pilot, "minus", "minus", "minus"))[0]
        assert header.strip().startswith("2025 UTC · year view")
        shown = await press(pilot, "minus")
        assert shown.splitlines()[0].strip().startswith("2020 – 2029 UTC · decade view")
        assert "2025" in shown.splitlines()[3]  # the strip has a bar per year
        assert "year view · zoomed in (year)" in _lines(await press(pilot, "plus"))[0]
        assert "year view · previous year" in _lines(await press(pilot, "left_square_bracket"))[0]

    drive(browser(db, "2025-07"), script)


def test_filter_as_you_type_with_completion_and_escape_clears(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        before = _lines(screen(pilot))[1]
        shown = await press(pilot, "slash", "agency:roscos", "tab")
        app = pilot.app
        assert isinstance(app, BrowseApp)
        assert app.filter_text == "agency:Roscosmos"
        assert "filter: agency:Roscosmos" in _lines(shown)[1]
        slugs = [match.event.slug for match in app.window.matches]
        assert slugs and all(any(agency.name == "Roscosmos" for agency in match.event.agencies)
                             for match in app.window.matches)
        shown = await press(pilot, " launch")
        assert "filter: agency:Roscosmos launch" in _lines(shown)[1]
        shown = await press(pilot, "escape")
        assert _lines(shown)[1] == before
        assert app.filter_text == ""

    drive(browser(db, "2025"), script)


def test_a_bad_filter_term_is_one_line_and_the_list_stays(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown_before = pilot.app.window.matches  # type: ignore[attr-defined]
        shown = await press(pilot, "slash", "kind:boat")
        assert "error: filter term 'kind:boat': unknown kind 'boat'" in _lines(shown)[-1]
        assert pilot.app.window.matches == shown_before  # type: ignore[attr-defined]
        shown = await press(pilot, *["backspace"] * 9, "agency:nobody-at-all")
        assert "error: unknown agency 'nobody-at-all'" in _lines(shown)[-1]

    drive(browser(db, "2025-07"), script)


def test_enter_opens_the_card_and_escape_returns_to_the_same_event(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        await press(pilot, "down", "down")
        current = app.window.current
        assert current is not None
        shown = await press(pilot, "enter")
        assert current.event.slug in shown and "precision" in shown and "Escape: back" in shown
        shown = await press(pilot, "escape")
        assert app.window.current == current
        assert "› " in shown

    drive(browser(db, "2025-07"), script)


def test_answers_arriving_while_the_card_is_open_are_shown_after_it(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        await press(pilot, "enter")
        app.action_today()  # the store answers while the card is on top
        await settle(pilot)
        assert "Escape: back" in screen(pilot)
        shown = await press(pilot, "escape")
        assert _lines(shown)[0].strip() == "Aug 2025 UTC · month view · today"
        assert "── August 2025" in shown

    drive(browser(db, "2025-07"), script)


def test_the_card_shows_dates_history_and_people_of_crew_11(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        while app.window.current is not None and app.window.current.event.slug != "crew-11-launch":
            await press(pilot, "down")
        shown = await press(pilot, "enter")
        assert "1 Aug 2025 15:43 UTC (11:43 EDT)" in shown and "Zena Cardman" in shown
        assert "planned 31 Jul 2025" in shown
        assert "scrubbed 31 Jul 2025 16:09 UTC" in await press(pilot, "pagedown")
        shown = await press(pilot, "end")
        assert "Links: " in shown and "www.space.com" in shown
        assert "www.space.com" in str(app.screen.query_one("#links", Static).render())

    drive(browser(db, "2025-08-01"), script)


def test_only_web_addresses_become_links_and_they_are_shown_literally() -> None:
    links = source_links(["https://www.space.com/a?b=c", "urn:tracker:seed", "javascript:alert(1)",
                          "https://evil.example/\x1b]8;;x\x07", "http://example.org/[bold]x[/bold]"])
    assert links is not None
    assert links.plain == "Links: www.space.com  example.org"
    targets = [span.style.link for span in links.spans if isinstance(span.style, Style) and span.style.link]
    assert targets == ["https://www.space.com/a?b=c", "http://example.org/[bold]x[/bold]"]
    assert source_links(["urn:tracker:seed"]) is None


def test_go_to_takes_what_from_takes_and_today_comes_back(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "g", "31 juillet 2025", "enter")
        assert _lines(shown)[0].strip() == "31 Jul 2025 UTC · day view · read from '31 juillet 2025'"
        shown = await press(pilot, "g", "last week", "enter")  # today is Wednesday 6 August 2025
        assert _lines(shown)[0].strip().startswith("28 Jul 2025 – 3 Aug 2025 UTC · week view")
        shown = await press(pilot, "g", "the 45th of Smarch", "enter")
        assert _lines(shown)[-1].startswith(" error: ")
        assert "week view" in _lines(shown)[0]  # the view stays
        shown = await press(pilot, "escape", "minus", "t")
        assert _lines(shown)[0].strip() == "Aug 2025 UTC · month view · today"

    drive(browser(db, "2025"), script)


def test_go_to_takes_an_events_name_as_show_does(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "g", "SpaceX Crew-11 launch to the ISS", "enter")
        await settle(pilot)
        shown = screen(pilot)
        assert _lines(shown)[0].strip() == "1 Aug 2025 UTC · day view · the day of 'SpaceX Crew-11 launch to the ISS'"
        assert "went to crew-11-launch" in _lines(shown)[-1]
        shown = await press(pilot, "g", "Nothing Of That Name", "enter")
        await settle(pilot)
        shown = screen(pilot)
        assert _lines(shown)[-1].startswith(" error: not a date, and no event 'Nothing Of That Name'")
        assert "day view" in _lines(shown)[0]  # the view stays

    drive(browser(db, "2025"), script)


def test_export_writes_the_view_with_its_filters_and_asks_before_replacing(db: str, tmp_path: Path) -> None:
    target = tmp_path / "view.json"

    async def script(pilot: Pilot[None]) -> None:
        await press(pilot, "slash", "kind:launch", "enter")
        shown = await press(pilot, "e", str(target), "enter")
        assert "exported" in _lines(shown)[-1]
        written = json.loads(target.read_text())
        assert written and {event["kind"] for event in written} == {"launch"}
        assert all(event["start"].startswith("2025") for event in written)
        target.write_text("keep me")
        shown = await press(pilot, "e", str(target), "enter")
        assert "exists: Enter again replaces it" in _lines(shown)[-1]
        assert target.read_text() == "keep me"
        await press(pilot, "escape")
        shown = await press(pilot, "e", str(tmp_path / "view.txt"), "enter")
        assert "error: give a file ending .csv, .json or .ics, not view.txt" in _lines(shown)[-1]
        await press(pilot, "escape")
        await press(pilot, "e", str(target), "enter", "enter")
        assert json.loads(target.read_text()) == written

    drive(browser(db, "2025"), script)


def test_export_never_writes_over_the_database(tmp_path: Path) -> None:
    database = tmp_path / "x.db"
    assert run("--db", str(database), "info").exit_code == 0
    disguised = tmp_path / "view.json"
    disguised.symlink_to(database)
    size = database.stat().st_size

    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "e", str(disguised), "enter", "enter")
        assert "error: refusing to write" in _lines(shown)[-1]

    drive(browser(str(database), "2025-07", protected=database_files(database)), script)
    assert database.stat().st_size == size


def test_the_fact_check_line_shows_the_verdict_inline(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "c", "Crew-11 launched on 31 July 2025", "enter")
        assert "contradicted" in shown and "crew-11-launch" in shown
        shown = await press(pilot, "escape")
        assert "month view" in _lines(shown)[0]

    drive(browser(db, "2025-07"), script)


def test_help_lists_every_key_and_q_quits_with_status_0(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "question_mark")
        for key in ("+ ", "- ", "t ", "g ", "/ ", "Enter", "c ", "e ", "q "):
            assert any(line.strip().startswith(key.strip()) or f"│{key}" in line for line in shown.splitlines()), key
        await press(pilot, "escape", "q")

    app = browser(db, "2025-07")
    drive(app, script)
    assert app.return_code == 0


def test_scrolling_past_a_page_loads_the_next_in_order(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browse_app, "PAGE", 4)
    monkeypatch.setattr(window, "MARGIN", 2)
    monkeypatch.setattr(window, "KEPT", 10)
    seen: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        total = app.total
        assert total is not None and total > 12
        for _ in range(total + 3):
            assert app.window.current is not None
            if not seen or seen[-1] != app.window.current.event.slug:
                seen.append(app.window.current.event.slug)
            assert len(app.window.matches) <= 10 + 4  # never the whole result
            await press(pilot, "down")
        last = app.window.current
        await press(pilot, "home")
        assert app.window.current is not None and app.window.current.event.slug == seen[0]
        await press(pilot, "end")
        assert app.window.current == last
        for _ in range(6):
            await press(pilot, "up")
        assert app.window.current is not None and app.window.current.event.slug == seen[-7]

    drive(browser(db, "2025"), script)
    run_result = run("timeline", "2025", "--format", "json", db=db)
    assert seen == [event["slug"] for event in json.loads(run_result.stdout)]


def test_cli_filters_start_in_the_filter_line(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        assert "filter: agency:NASA kind:launch" in _lines(screen(pilot))[1]
        app = pilot.app
        assert isinstance(app, BrowseApp)
        assert all(match.event.kind.value == "launch" for match in app.window.matches)

    drive(browser(db, "2025", Filters(agencies=("NASA",), kinds=("launch",))), script)


def test_stored_text_is_shown_literally(tmp_path: Path) -> None:
    database = str(tmp_path / "x.db")
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps([{"title": "[bold red]boom[/] \x1b[31mred", "start": "2025-09-01"}]))
    assert run("--db", database, "import", str(hostile)).exit_code == 0

    async def script(pilot: Pilot[None]) -> None:
        assert "[bold red]boom[/] \\x1b[31mred" in screen(pilot)
        assert "[bold red]boom[/] \\x1b[31mred" in await press(pilot, "enter")

    drive(browser(database, "2025"), script)


def test_without_a_range_every_date_is_shown_with_the_cursor_on_today(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        await settle(pilot)
        shown = screen(pilot)
        assert _lines(shown)[0].strip() == "all dates · every date view · no range given"
        assert app.window.current is not None
        assert app.window.current.event.span.lower.date() >= date(2025, 8, 6)
        assert app.window.cursor > 0 and "2020s" in shown

    drive(browser(db), script)


def test_an_unknown_name_given_to_the_command_is_one_line_before_any_screen(db: str) -> None:
    from click import Context

    from tracker.cli import cli
    from tracker.errors import NotFound

    with Context(cli), pytest.raises(NotFound, match="unknown agency 'Nobody Space Agency'"):
        browser(db, "2025", Filters(agencies=("Nobody Space Agency",)))


def test_a_terminal_that_is_not_interactive_gets_one_line(db: str) -> None:
    result = run("browse", db=db)
    assert result.exit_code == 2
    assert result.output == ("error: tracker browse needs an interactive terminal; use `tracker timeline` (same "
                             "RANGE and filters) for output to a pipe or file\n")


def _to(app: BrowseApp, slug: str) -> int:
    """How many steps down the cursor is from the event `slug`."""
    slugs = [match.event.slug for match in app.window.matches]
    return slugs.index(slug) - app.window.cursor


@pytest.mark.parametrize("keys", [("right_square_bracket",), ("minus",), ("slash",), ("down", "down", "t"),
                                  ("g", "c", "e"), ("q",)])
def test_keys_pressed_on_a_card_never_reach_the_timeline(db: str, keys: tuple[str, ...]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        await press(pilot, "down")
        before = (app.view, app.window.current, app.filter_text, app.prompt_mode, _lines(screen(pilot))[0])
        await press(pilot, "enter")
        card = app.screen
        assert "Escape: back" in screen(pilot)
        await press(pilot, *keys)
        assert app.screen is not card or keys != ("q",)  # q closes the card, as Escape does
        if app.screen is card:
            await press(pilot, "escape")
        shown = screen(pilot)
        assert len(app.screen_stack) == 1 and app.is_running
        assert (app.view, app.window.current, app.filter_text, app.prompt_mode, _lines(shown)[0]) == before
        assert "› " in shown

    drive(browser(db, "2025-07"), script)


def test_keys_typed_in_the_check_line_never_reach_the_timeline(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        before = (app.view, app.window.current)
        await press(pilot, "c", "down", "pagedown", "end", "tab", "]-/", "escape")
        assert len(app.screen_stack) == 1
        assert (app.view, app.window.current, app.prompt_mode) == (*before, None)

    drive(browser(db, "2025-07"), script)


def _unfolded(shown: str) -> str:
    """The screen's lines joined without their edges: text folded at the right edge reads as one."""
    return "".join(line.strip().rstrip("▁▂▃▄▅▆▇█▐▌│") for line in shown.splitlines())


def test_a_card_shows_every_source_whole_at_80_columns_and_articles_by_title(db: str) -> None:
    url = ("https://sputnikglobe.com/20250729/russian-space-agency-chief-bakanov-arrives-in-us---roscosmos-"
           "1122506357.html")

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        await press(pilot, *["down"] * _to(app, "bakanov-arrives-houston"), "enter")
        assert app.window.current is not None and url in app.window.current.event.sources
        shown = await press(pilot, "end")
        assert url in _unfolded(shown)
        assert "« Une main tendue dans le vide »" in shown and "urn:tracker:seed-article" not in shown
        assert max(len(line.rstrip()) for line in shown.splitlines()) <= 80

    drive(browser(db, "2025-07-28"), script)


def test_a_card_taller_than_the_screen_scrolls(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        await press(pilot, *["down"] * _to(app, "crew-11-launch"), "enter")
        top = screen(pilot)
        assert "Crew-11" in top and "Sources" not in top
        bottom = await press(pilot, "end")
        assert "Sources" in bottom and bottom != top
        assert await press(pilot, "home") == top

    drive(browser(db, "2025-08-01"), script)


def test_a_card_keeps_a_readable_width_centred_at_200_columns(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "enter")
        lines = [line for line in shown.splitlines()[:-1] if line.strip()]
        left = min(len(line) - len(line.lstrip()) for line in lines)
        right = max(len(line.rstrip()) for line in lines)
        assert right - left <= CARD_WIDTH
        assert abs(left - (200 - right)) <= 2  # centred

    async def main() -> None:
        async with browser(db, "2025-08-01").run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


def test_the_check_line_shows_an_article_by_its_title(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        shown = await press(pilot, "c", "Bakanov arrived in Houston on 28 July 2025", "enter")
        assert "confirmed" in shown
        shown = await press(pilot, "tab", "end")  # Tab leaves the claim line for the verdicts, End scrolls them
        assert "« Une main tendue dans le vide »" in shown and "urn:tracker:" not in shown

    drive(browser(db, "2025-07"), script)


def test_a_space_after_the_colon_of_a_filter_term_is_allowed(db: str) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, BrowseApp)
        shown = await press(pilot, "slash", "agency: nasa", "enter")
        assert "error" not in _lines(shown)[-1]
        assert app.window.matches and all(any(agency.name == "NASA" for agency in match.event.agencies)
                                          for match in app.window.matches)

    drive(browser(db, "2025-07"), script)


def test_a_new_filter_stops_the_counting_of_the_last_one(db: str) -> None:
    """The count and density strip of a filter still being counted are cancelled by the next keystroke's question
    (their statements stopped in the database), and say nothing: the answer shown is the new filter's."""
    app = browser(db, "2025")
    density = app.reader.density
    stuck: list[Cancellation] = []

    def slow_density(query: EventQuery, edges: Sequence[datetime],
                     cancellation: Cancellation | None = None) -> list[int]:
        if query.kinds and not query.statuses and cancellation is not None:  # "kind:launch": counted forever
            stuck.append(cancellation)
            for _ in range(2000):
                if cancellation.cancelled:
                    raise Interrupted("a newer question was asked")
                time.sleep(0.005)
            raise AssertionError("the question of the earlier filter was never cancelled")
        return density(query, edges, cancellation)

    app.reader.density = slow_density  # type: ignore[method-assign]

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"kind:launch")
        for _ in range(100):  # until the earlier filter's counting has begun
            if stuck:
                break
            await pilot.pause(0.02)
        await pilot.press(*" status:occurred")
        for _ in range(250):  # settle() would wait on the cancelled worker, which Textual reports as an error
            if app.total is not None and app.typed.statuses and not any(
                    worker.is_running for worker in app.workers):
                break
            await pilot.pause(0.02)
        shown = screen(pilot)
        assert stuck and stuck[0].cancelled
        assert "error" not in _lines(shown)[-1]
        assert app.filter_text == "kind:launch status:occurred"
        assert app.total is not None and app.total > 0

    drive(app, script)
