"""Smoke test of bench/checker.py: it checks a claim and a claims file on a bundled store of its own and reports
the ratio and the rate. No timing is asserted (bench/RESULTS.md holds real runs)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def bench_checker(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench.checker, importable from the repository root whatever directory pytest runs in."""
    monkeypatch.syspath_prepend(str(REPO))
    return importlib.import_module("bench.checker")


@pytest.mark.slow
def test_the_checker_bench_reports_a_ratio_and_a_rate(bench_checker: ModuleType, tmp_path: Path) -> None:
    claims = tmp_path / "claims.tsv"
    claims.write_text("id\tclaim\nc1\tApollo 11 landed on the Moon on 20 July 1969.\n"
                      "c2\tVostok 1 launched on 12 April 1961.\n", encoding="utf-8")

    times = bench_checker.measure(runs=1, source=claims)

    assert times.claims == 2
    assert times.one_claim > 0 and times.bare_import > 0 and times.file_seconds > 0
    printed = bench_checker.report(times)
    assert f"ratio {times.ratio:.2f}x" in printed
    assert "over 2 claims" in printed
