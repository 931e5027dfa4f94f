"""The browser's main screens, pinned as SVG snapshots (pytest-textual-snapshot): 80x24, today frozen at 6 August
2025, NO_COLOR set by the test home, the bundled dataset on SQLite. Update with `pytest --snapshot-update` after a
change meant to alter them, and look at the report before committing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.browse.conftest import SIZE, browser, settle
from tests.conftest import engines

pytestmark = pytest.mark.usefixtures("frozen_today")


def _keys(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


SCREENS = {
    "month": ("2025-07", ()),
    "decade": ("2025", ("minus",)),
    "filtered": ("2025", ("slash", *"agency:roscos", "tab", "enter")),
    "card": ("2025-08-01", ("enter",)),
    "help": ("2025-07", ("question_mark",)),
    "check": ("2025-07", ("c", *"Crew-11 launched on 31 July 2025", "enter")),
}


@pytest.mark.parametrize("name", sorted(SCREENS))
@engines("sqlite")  # one engine is enough for a picture: the pilot tests run on both
def test_screen(name: str, db: str, snap_compare: Any) -> None:
    period, keys = SCREENS[name]
    assert snap_compare(browser(db, period), terminal_size=SIZE, run_before=_keys(*keys))
