"""Smoke test of bench/browse.py: it measures `tracker browse` end to end on a few hundred generated events.

No timing is asserted (the numbers mean nothing at this size); bench/RESULTS.md holds real runs.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.conftest import run

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_browser_benchmark_measures_every_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO))
    generate = importlib.import_module("bench.generate")
    browse = importlib.import_module("bench.browse")
    data = generate.write_events_csv(tmp_path / "events.csv", 300)
    database = str(tmp_path / "bench.db")
    assert run("--db", database, "import", "--create-names", str(data)).exit_code == 0

    result = browse.measure(database, 300, runs=1)

    assert len(result.first_screen_every_date_ms) == 1 and len(result.first_screen_year_ms) == 1
    assert [typed.typed.split(":")[0] for typed in result.keystrokes] == ["agency", "person", "place",
                                                                         result.keystrokes[3].typed]
    assert all(typed.page_ms and len(typed.page_ms) == len(typed.counts_ms) for typed in result.keystrokes)
    lines = browse.report(result).splitlines()
    assert lines[0] == f"{database} (300 events)" and "first screen, a year" in lines[3]
