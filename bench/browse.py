"""`tracker browse` on a large store: time to the first screen, and how long the screen waits after each keystroke
of a filter, measured in a headless Textual app at 80x24 (what `tracker browse` runs, without the terminal).

    python -m bench.browse --db /tmp/bench/tracker-sqlite.db --events 100000 [--runs 5] [--json FILE]

`--events` must be the N the store was generated with (bench/generate.py): it picks agency names and title words
that exist there. Measured, per run:

- import: `import textual, tracker.browse.app` in a fresh interpreter (what the command adds to a start);
- first screen: from building the app (the store opened) to the first page of events drawn, for the view with no
  range (every date, the cursor on today: a page on each side of today) and for a year in the middle;
- filter keystroke: after each character of `agency:NAME` (the first word of the busiest agency's name, about 15%
  of the events), `person:SURNAME` (one person), `place:Baikonur` (one place in 24) and of a title word typed in
  the filter line (keystrokes the line refuses before asking the store, `agency:`, left out),
  the time from the end of the pause that gathers keystrokes (DEBOUNCE, 0.12 s, not counted) to the answer drawn:
  the new page, or the one-line error for a name typed halfway that several agencies match; and to the count and
  density strip updated (these come later and never hold the screen);
- page: moving the cursor through 2,000 events (14 pages read while scrolling), the slowest wait for a page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import generate
from bench.run import words


@dataclass
class Keystrokes:
    """Latency after each keystroke of one filter, in ms: to the new page, and to the count and strip."""

    typed: str
    page_ms: list[float]
    counts_ms: list[float]


@dataclass
class BrowseResult:
    """Everything measured on one store; times in ms."""

    database: str
    events: int
    import_ms: float
    first_screen_every_date_ms: list[float]
    first_screen_year_ms: list[float]
    keystrokes: list[Keystrokes]
    page_wait_max_ms: float


def _import_ms(runs: int) -> float:
    code = "import time; t = time.perf_counter(); import textual.app, tracker.browse.app; " \
           "print((time.perf_counter() - t) * 1000)"
    return statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(runs))


def _browser(database: str, period: str | None) -> Any:
    from tracker.cli.browse import make_browser
    from tracker.cli.context import AppContext
    from tracker.cli.options import Filters

    return make_browser(AppContext(database, debug=False), period, Filters(), [])


class _Clock:
    """Timestamps of the moments that matter, taken by wrapping the app's own steps."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.asked = self.page = self.counts = 0.0
        show_page, show_density, apply_filter, failed = (app._show_page, app._show_density, app._apply_filter,
                                                         app._failed)

        def on_page(generation: int, *rest: Any) -> None:
            show_page(generation, *rest)
            if generation == app.generation:
                self.page = time.perf_counter()

        def on_density(generation: int, *rest: Any) -> None:
            show_density(generation, *rest)
            if generation == app.generation:
                self.counts = time.perf_counter()

        def on_filter(text: str) -> None:
            generation = app.generation
            self.asked = time.perf_counter()
            apply_filter(text)
            if app.generation == generation:  # the line could not be read ("agency:"): nothing was asked
                self.page = self.counts = self.asked

        def on_failure(generation: int, exc: BaseException) -> None:
            # A name typed halfway can match several agencies: the answer is the one-line error, as fast to see.
            failed(generation, exc)
            if generation == app.generation:
                self.page = self.counts = time.perf_counter()

        app._show_page, app._show_density, app._apply_filter, app._failed = on_page, on_density, on_filter, \
            on_failure


async def _until(condition: Callable[[], bool], pilot: Any, limit: float = 180.0) -> None:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise TimeoutError("the browser did not answer in time")
        await pilot.pause(0.005)


def _first_screen(database: str, period: str | None) -> float:
    async def main() -> float:
        started = time.perf_counter()
        app = _browser(database, period)
        clock = _Clock(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(lambda: clock.page > 0, pilot)
            return (clock.page - started) * 1000

    return asyncio.run(main())


def _keystrokes(database: str, filters: list[str]) -> list[Keystrokes]:
    async def main() -> list[Keystrokes]:
        app = _browser(database, None)
        clock = _Clock(app)
        found = []
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(lambda: clock.page > 0 and clock.counts > 0, pilot)
            for typed in filters:
                await pilot.press("slash")
                result = Keystrokes(typed, [], [])
                for character in typed:
                    clock.asked = clock.page = clock.counts = 0.0
                    await pilot.press(character)
                    await _until(lambda: clock.asked > 0 and clock.page >= clock.asked and
                                 clock.counts >= clock.asked, pilot)
                    if clock.page == clock.asked:  # "agency:" alone: read and refused, the store not asked
                        continue
                    result.page_ms.append((clock.page - clock.asked) * 1000)
                    result.counts_ms.append((clock.counts - clock.asked) * 1000)
                found.append(result)
                await pilot.press("escape")
                await app.workers.wait_for_complete()
        return found

    return asyncio.run(main())


def _page_wait(database: str, period: str) -> float:
    """The longest the cursor waited at the edge of what was loaded, moving down through 2,000 events."""
    async def main() -> float:
        app = _browser(database, period)
        clock = _Clock(app)
        longest = 0.0
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(lambda: clock.page > 0, pilot)
            for _ in range(2000):
                app.action_move(1)
                if app.window.cursor >= len(app.window.matches) - 1 and not app.window.at_end:
                    last = app.window.matches[-1]
                    started = time.perf_counter()
                    await _until(lambda last=last: app.window.matches[-1] is not last or app.window.at_end, pilot)
                    longest = max(longest, time.perf_counter() - started)
            await pilot.pause()
        return longest * 1000

    return asyncio.run(main())


def measure(database: str, events: int, runs: int) -> BrowseResult:
    """Every measure on the store at `database`, generated with `events` events."""
    world = generate.universe(events)
    middle = world.first_day.year + (world.last_day.year - world.first_day.year) // 2
    agency = world.agencies[0].split()[0]  # the first word of the busiest: it names that one agency
    word = words(world, 1, generate.SEED + 3)[0]
    imported = _import_ms(runs)
    every_date = [_first_screen(database, None) for _ in range(runs)]
    year = [_first_screen(database, str(middle)) for _ in range(runs)]
    print(f"  first screens (ms): every date {every_date}, {middle} {year}", flush=True)  # progress: 1M is slow
    person = world.people[0].split()[-1]  # a surname names one person
    typed = _keystrokes(database, [f"agency:{agency}", f"person:{person}", "place:Baikonur", word])
    return BrowseResult(database, events, imported, every_date, year, typed, _page_wait(database, str(middle)))


def report(result: BrowseResult) -> str:
    """The result as the lines RESULTS.md quotes."""
    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values):.0f} ms, max {max(values):.0f} ms"

    lines = [f"{result.database} ({result.events:,} events)",
             f"  import textual + tracker.browse.app: {result.import_ms:.0f} ms",
             f"  first screen, every date (cursor on today): {ms(result.first_screen_every_date_ms)}",
             f"  first screen, a year: {ms(result.first_screen_year_ms)}"]
    for typed in result.keystrokes:
        lines.append(f"  filter {typed.typed!r}, per keystroke: page {ms(typed.page_ms)}; "
                     f"count and strip {ms(typed.counts_ms)}")
    lines.append(f"  scrolling 2,000 events: longest wait for a page {result.page_wait_max_ms:.0f} ms")
    return "\n".join(lines)


def main() -> None:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.browse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, action="append", help="a store made from bench/generate.py data")
    parser.add_argument("--events", type=int, required=True, action="append",
                        help="the N each --db was generated with, in the same order")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    results = []
    for database, events in zip(arguments.db, arguments.events, strict=True):
        result = measure(database, events, arguments.runs)
        print(report(result), flush=True)
        results.append(asdict(result))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
