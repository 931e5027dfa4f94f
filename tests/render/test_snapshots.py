"""The rendered timeline, pinned: the week of the NASA-Roscosmos talks as a person sees it at 100 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_rendered_week_snapshot(db: str) -> None:
    out = run("timeline", "2025-07-28..2025-08-03", width=100, db=db).stdout
    expected = (Path(__file__).parent / "snapshots" / "week-2025-07-28.txt").read_text()
    assert [line.rstrip() for line in out.splitlines()] == expected.splitlines()
