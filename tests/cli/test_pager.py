"""The pager shows colours, not escape codes, and shows the first screen at once: `less` gets -R (with -F and -X)
unless LESS says otherwise, TRACKER_PAGER or PAGER chooses the pager as git does, and output reaches the pager as
it is rendered."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from tracker.cli import pager
from tracker.cli.output import show
from tracker.cli.pager import batched, pager_command, pager_environment


def test_less_is_told_to_show_colours_when_less_is_unset() -> None:
    environ: dict[str, str] = {}
    pager_environment(environ)
    assert environ == {"LESS": "FRX"}


def test_the_users_settings_win() -> None:
    environ = {"LESS": "-S", "PAGER": "more", "TRACKER_PAGER": "most"}
    pager_environment(environ)
    assert environ == {"LESS": "-S", "PAGER": "most", "TRACKER_PAGER": "most"}


@pytest.mark.parametrize("setting", ["cat", "", "no-such-pager-anywhere", "'unbalanced"])
def test_no_pager_to_run(setting: str) -> None:
    assert pager_command({"PAGER": setting}) is None


@pytest.fixture
def fake_less(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pager that records the LESS it was given and everything it read, on a console that says it is a
    terminal three lines high."""
    script = tmp_path / "less"
    script.write_text(f"#!{sys.executable}\nimport os, sys\n"
                      f"open({str(tmp_path / 'env')!r}, 'w').write(os.environ.get('LESS', '<unset>'))\n"
                      f"read = open({str(tmp_path / 'read')!r}, 'w')\n"
                      "for line in sys.stdin:\n    read.write(line)\n    read.flush()\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("TRACKER_PAGER", raising=False)
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    monkeypatch.setattr(Console, "height", property(lambda self: 3))
    monkeypatch.setattr("tracker.cli.output._interactive", lambda console: True)
    return tmp_path


def test_a_long_rendering_goes_to_less_with_colours(fake_less: Path) -> None:
    show(Text("\n".join(f"line {number}" for number in range(10)), style="bold"))
    assert (fake_less / "env").read_text() == "FRX"
    read = (fake_less / "read").read_text()
    assert "line 9" in read and "\x1b[1m" in read  # colours reach the pager as escape codes it is told to show


def test_a_set_less_is_the_users(fake_less: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESS", "-S")
    show(Text("\n".join(f"line {number}" for number in range(10))))
    assert (fake_less / "env").read_text() == "-S"


def test_tracker_pager_wins_over_pager(fake_less: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fake_less / "less").rename(fake_less / "my-pager")
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    monkeypatch.setenv("TRACKER_PAGER", "my-pager")
    show(Text("\n".join(f"line {number}" for number in range(10))))
    assert "line 9" in (fake_less / "read").read_text()


def test_short_output_is_not_paged(fake_less: Path, capsys: pytest.CaptureFixture[str]) -> None:
    show(Text("one line"))
    assert not (fake_less / "read").exists()
    assert "one line" in capsys.readouterr().out


def test_streamed_parts_reach_the_pager_before_the_last_is_rendered(fake_less: Path) -> None:
    def arrived_first() -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (fake_less / "read").exists() and "first" in (fake_less / "read").read_text():
                return True
            time.sleep(0.01)
        return False

    def parts() -> Iterator[Text]:
        yield Text("first")
        yield Text(f"the pager had the first part: {arrived_first()}")  # made only after the pager read it

    show(parts())
    assert "first\nthe pager had the first part: True" in (fake_less / "read").read_text()


def test_pieces_that_come_slowly_are_given_one_by_one_and_fast_ones_in_groups(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pulled: list[int] = []

    def parts(count: int) -> Iterator[Text]:
        for index in range(count):
            pulled.append(index)
            yield Text(str(index))

    monkeypatch.setattr(pager, "BATCH_WAIT", 1e9)  # every piece fast
    groups = batched(parts(200))
    next(groups), next(groups)
    assert len(pulled) == 1 + pager.BATCH  # the first piece alone, then BATCH at once
    monkeypatch.setattr(pager, "BATCH_WAIT", 0.0)  # every piece "slow": each as soon as it is made
    pulled.clear()
    groups = batched(parts(200))
    next(groups), next(groups), next(groups)
    assert pulled == [0, 1, 2]


def test_no_pager_prints_directly(fake_less: Path, capsys: pytest.CaptureFixture[str]) -> None:
    show(Text("\n".join(f"line {number}" for number in range(10))), no_pager=True)
    assert not (fake_less / "read").exists()
    assert "line 9" in capsys.readouterr().out


def test_a_spinner_shows_on_a_terminal_only_when_work_takes_long(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.cli.output as output

    started: list[str] = []
    monkeypatch.setattr(output, "_stderr_is_a_terminal", lambda: True)
    monkeypatch.setattr("rich.status.Status.start", lambda self: started.append(str(self.status)))
    monkeypatch.setattr(output, "SPINNER_DELAY", 0.05)
    with output.waiting("quick"):
        pass
    with output.waiting("slow"):
        time.sleep(0.5)
    assert started == ["slow"]


def test_no_spinner_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.cli.output as output

    started: list[str] = []
    monkeypatch.setattr("rich.status.Status.start", lambda self: started.append("started"))
    monkeypatch.setattr(output, "SPINNER_DELAY", 0.0)
    with output.waiting("slow"):
        time.sleep(0.2)
    assert started == []


@pytest.mark.parametrize(("colour", "escapes"), [("always", True), ("never", False), ("auto", False)])
def test_colour_is_asked_for_with_color(db: str, colour: str, escapes: bool) -> None:
    from tests.conftest import run

    out = run("--color", colour, "timeline", "2025-07", "--no-pager", db=db).stdout  # piped: auto means none
    assert ("\x1b[" in out) is escapes
    assert "Timeline: Jul 2025 UTC" in out


def test_a_forced_terminal_writing_to_a_pipe_is_not_paged(fake_less: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.undo()  # the real rule: FORCE_COLOR lays out for a terminal, but a pipe is never paged
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("PATH", f"{fake_less}{os.pathsep}{os.environ['PATH']}")
    show(Text("\n".join(f"line {number}" for number in range(200))))
    assert not (fake_less / "read").exists()
    assert "line 199" in capsys.readouterr().out


needs_less = pytest.mark.skipif(shutil.which("less") is None, reason="needs less installed")


@needs_less
@pytest.mark.parametrize("environ", [{"TRACKER_PAGER": ""}, {"TRACKER_PAGER": "", "PAGER": "less"},
                                     {"TRACKER_PAGER": "  "}, {"TRACKER_PAGER": "cat", "PAGER": "less"}])
def test_an_empty_tracker_pager_means_none_whatever_pager_says(environ: dict[str, str]) -> None:
    assert pager_command(environ) is None
    assert pager_command({"PAGER": "less"}) == "less"  # what the empty setting overrides


@needs_less
def test_an_empty_configured_pager_means_none() -> None:
    assert pager_command({}, "") is None
    assert pager_command({}, None) == "less"


def test_an_empty_tracker_pager_writes_straight_to_the_terminal(fake_less: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_PAGER", "")
    monkeypatch.setenv("PAGER", "less")  # the fake one, which would record what it read
    show(Text("\n".join(f"line {number}" for number in range(10))))
    assert not (fake_less / "read").exists()


def test_a_card_taller_than_the_terminal_is_paged(fake_less: Path, db: str) -> None:
    from tests.conftest import run

    assert run("show", "duffy-bakanov-meeting", db=db).exit_code == 0
    assert "Sean Duffy" in (fake_less / "read").read_text()  # three lines high: the card goes to the pager


def test_a_card_is_not_paged_with_no_pager(fake_less: Path, db: str) -> None:
    from tests.conftest import run

    shown = run("show", "duffy-bakanov-meeting", "--no-pager", db=db)
    assert not (fake_less / "read").exists() and "Sean Duffy" in shown.stdout
