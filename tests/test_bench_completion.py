"""bench/completion.py runs and reports each Tab against its baselines (no timing asserted: speed is measured in
bench/, recorded in bench/RESULTS.md)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.conftest import curated_sqlite

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_completion_benchmark_reports_each_tab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.syspath_prepend(str(REPO))
    completion = importlib.import_module("bench.completion")
    db = curated_sqlite(tmp_path / "curated.db")
    assert completion.main(["--db", db, "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("python -c pass: ")
    assert len(lines) == 2 + len(completion.CASES) and lines[-1].startswith("slowest Tab: ")
    surname = next(line for line in lines if line.startswith("person by surname"))
    assert "x python -c pass" in surname and "first ['Dmitry\\\\ Bakanov']" in surname
