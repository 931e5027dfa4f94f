"""Driving the browser in tests: build it as `tracker browse` does, run it headless at 80x24, read the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tracker.browse.app import BrowseApp
from tracker.cli.browse import make_browser
from tracker.cli.context import AppContext
from tracker.cli.options import Filters

SIZE = (80, 24)


def browser(db: str, period: str | None = None, filters: Filters | None = None,
            protected: list[Path] | None = None) -> BrowseApp:
    """The browser `tracker --db DB browse PERIOD` with `filters` would run."""
    return make_browser(AppContext(db, debug=False), period, filters or Filters(), protected or [])


def drive(app: BrowseApp, script: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    """Run `app` headless at 80x24 and hand its pilot to `script` (no asyncio plugin is needed)."""
    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the store has answered every question asked so far (the filter's pause included) and the
    answers are on screen."""
    for _ in range(3):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen(pilot: Pilot[None]) -> str:
    """The text on the screen now, line by line."""
    # The compositor's strips are what the terminal would be sent; Textual has no public "screen as text".
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def press(pilot: Pilot[None], *keys: str) -> str:
    """Press `keys` (a string of several characters is typed one character at a time), wait, and read the
    screen."""
    for key in keys:
        if len(key) > 1 and key not in KEY_NAMES:
            await pilot.press(*key)
        else:
            await pilot.press(key)
    await settle(pilot)
    return screen(pilot)


KEY_NAMES = {"enter", "escape", "tab", "home", "end", "pageup", "pagedown", "up", "down", "left", "right",
             "plus", "minus", "slash", "question_mark", "backspace", "space", "left_square_bracket",
             "right_square_bracket"}
