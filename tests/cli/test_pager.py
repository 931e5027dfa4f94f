"""The pager shows colours, not escape codes: `less` gets -R (with -F and -X) unless LESS says otherwise, and
TRACKER_PAGER or PAGER chooses the pager, as git does."""

from __future__ import annotations

import os

import pytest

from tracker.cli.output import _pager_environment


def test_less_is_told_to_show_colours_when_less_is_unset() -> None:
    environ: dict[str, str] = {}
    _pager_environment(environ)
    assert environ == {"LESS": "FRX"}


def test_the_users_settings_win() -> None:
    environ = {"LESS": "-S", "PAGER": "more", "TRACKER_PAGER": "most"}
    _pager_environment(environ)
    assert environ == {"LESS": "-S", "PAGER": "most", "TRACKER_PAGER": "most"}


def test_a_long_rendering_pages_with_that_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydoc

    from rich.console import Console
    from rich.text import Text

    from tracker.cli.output import show

    seen: list[tuple[str, str]] = []
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setenv("PAGER", "less")  # restored after the test, though show() changes it
    monkeypatch.setenv("TRACKER_PAGER", "my-pager")
    monkeypatch.setattr(pydoc, "pager", lambda text: seen.append((os.environ.get("LESS", ""),
                                                                 os.environ.get("PAGER", ""))))
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    monkeypatch.setattr(Console, "height", property(lambda self: 3))
    show(Text("\n".join(f"line {number}" for number in range(10))))
    assert seen == [("FRX", "my-pager")]
