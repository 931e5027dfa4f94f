"""Stored and typed text never acts on the terminal (issue 23): every command's output, in every format, every
error message (suggestions included) and every shell completion, run on a store whose every name is hostile, as
on a terminal, shows escape sequences, bells, C1 controls and bidi overrides as escapes; a pipe or a file still
gets every character of CSV and JSON as stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click.testing
import pytest
from click.shell_completion import ShellComplete
from click.testing import Result

from tests.conftest import run
from tracker.cli import cli

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
"""Sets the terminal's clipboard (here to "evil"): the sequence a hostile name would most like to slip through."""
CLEAR = "\x1b[2J"
PERSON = f"{OSC52}Eve"
AGENCY = f"Agency{CLEAR} [bold red]Red[/]"
SHORT = "\x9b31mAG"  # the C1 CSI: a one-byte escape sequence
PLACE = "Pad \u202e93-CL\x07"
TITLE = f"Launch {OSC52}{CLEAR}\x9b2J\u202eyalp [bold red]loud[/] \x1b[31m"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")
"""What must never reach a terminal raw: ESC (every CSI and OSC sequence), BEL (ends an OSC), the C1 CSI, and a
bidi override."""
HOSTILE_DOCUMENT = {
    "agencies": [{"name": AGENCY, "short_name": SHORT, "kind": "space agency", "country": "\x1b[",
                  "aliases": [f"\u202eAlias{CLEAR}"]}],
    "people": [{"name": PERSON, "nationality": "\x9b", "aliases": [f"{CLEAR}Clear"],
                "tenures": [{"agency": AGENCY, "role": f"chief\x07{OSC52}", "start": "2020"}]}],
    "places": [{"name": PLACE, "timezone": "America/New_York", "aliases": [f"KSC{OSC52}"]}],
    "events": [{"slug": "hostile", "title": TITLE, "kind": "launch", "status": "occurred",
                "start": "2025-02-01T10:00Z", "place": PLACE, "summary": f"{OSC52}summary [link=x]y[/link]",
                "agencies": [{"name": AGENCY, "role": f"role{CLEAR}"}],
                "people": [{"name": PERSON, "role": f"{OSC52}commander"}],
                "sources": [f"https://example.com/{CLEAR}"],
                "history": [{"start": "2025-01-31T10:00Z", "status": "scrubbed", "reason": f"weather{OSC52}",
                             "source": f"https://example.com/{CLEAR}"}]}],
}


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    """A SQLite store, itself at a path holding an escape sequence, whose every name, title, role, reason and
    source is hostile."""
    document = tmp_path / "hostile.json"
    document.write_text(json.dumps(HOSTILE_DOCUMENT), encoding="utf-8")
    database = str(tmp_path / f"store{CLEAR}.db")
    result = run("import", str(document), db=database)
    assert result.exit_code == 0, result.output
    return database


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output and error of `run` say they are a terminal (isatty), as `run(terminal=True)` lays them out.
    The spinner a slow command shows on such a stderr is kept off: its cursor codes are tracker's own, and whether
    it appears depends on how busy the machine is."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    monkeypatch.setattr("tracker.cli.output.SPINNER_DELAY", 3600.0)


def shown(result: Result) -> str:
    return result.stdout + result.stderr


def assert_safe(result: Result, args: tuple[str, ...]) -> None:
    assert "Traceback" not in shown(result), (args, shown(result))
    for raw in RAW:
        assert raw not in shown(result), (args, repr(raw), shown(result))


FORMATS = ("rich", "plain", "json", "jsonl", "csv")
COMMANDS: list[tuple[str, ...]] = [
    *(("timeline", "2025", "--format", fmt) for fmt in FORMATS),
    *(("timeline", "--from", "2025-01", "--format", fmt) for fmt in FORMATS),
    *(("search", "Launch", "--format", fmt) for fmt in FORMATS),
    *(("search", TITLE, "--format", fmt) for fmt in FORMATS),
    ("show", "hostile"), ("show", "hostile", "--format", "json"),
    *(("person", PERSON, "--format", fmt) for fmt in FORMATS),
    *(("people", "--format", fmt) for fmt in FORMATS),
    *(("agencies", "--format", fmt) for fmt in FORMATS),
    *(("agency", AGENCY, "--format", fmt) for fmt in FORMATS),
    *(("agency", SHORT, "--format", fmt) for fmt in FORMATS),
    *(("on-this-day", "2026-02-01", "--format", fmt) for fmt in FORMATS),
    ("check", "Eve launched on 1 February 2025"), ("check", f"{PERSON} launched on 1 February 2025"),
    ("check", "Eve launched on 1 February 2025", "--format", "json"),
    ("info",), ("info", "--format", "json"),
    ("config", "show"), ("config", "path"),
    ("db", "current"), ("db", "check"),
    *(("export", "--format", fmt) for fmt in ("csv", "json", "jsonl", "ics", "timelinejs")),
    ("export", "--format", "csv", "-o", "-"),
    # errors: not found with suggestions ("did you mean ..."), and click's own usage errors quoting what was typed
    ("person", "Eva"), ("person", f"{OSC52}Eva"), ("person", f"{CLEAR}Ev"), ("timeline", "--person", f"{OSC52}Eva"),
    ("agency", "Agency"), ("agency", f"x{OSC52}"),
    ("timeline", "--person", "Eva"), ("timeline", "--agency", "Agenc"), ("timeline", "--place", "Pad"),
    ("show", f"hostil{CLEAR}"), ("timeline", f"--{CLEAR}"), ("timeline", "--format", OSC52),
    (f"time{CLEAR}line",), ("timeline", "--from", f"2025{OSC52}"), ("timeline", f"{CLEAR}..2025"),
    ("search", f"{OSC52}nothing"), ("on-this-day", CLEAR), ("add", "--title", TITLE, "--start", f"x{CLEAR}"),
    ("import", f"/nonexistent/{OSC52}.json"), ("edit", "hostile", "--place", PLACE + "x"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args).encode("unicode_escape").decode())
def test_no_command_lets_hostile_text_reach_a_terminal(hostile: str, on_a_terminal: None,
                                                      args: tuple[str, ...]) -> None:
    result = run(*args, db=hostile, terminal=True)
    assert_safe(result, args)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    if result.exit_code:
        assert shown(result).strip(), args  # a failure says why


def test_suggestions_name_the_hostile_person_as_escapes(hostile: str, on_a_terminal: None) -> None:
    message = run("person", f"{OSC52}Eva", db=hostile, terminal=True).stderr
    assert "(did you mean: \\x1b]52;c;ZXZpbA==\\x07Eve?)" in message, message


def test_the_person_heading_and_lists_show_escapes_in_every_format(hostile: str, on_a_terminal: None) -> None:
    heading = run("person", PERSON, "--format", "plain", db=hostile, terminal=True).stdout.splitlines()[0]
    assert heading == "Timeline of \\x1b]52;c;ZXZpbA==\\x07Eve"
    plain = run("people", "--format", "plain", db=hostile, terminal=True).stdout
    assert plain.startswith("\\x1b]52;c;ZXZpbA==\\x07Eve\t\\x9b\t\\x1b[2JClear\t")
    table = run("agencies", "--format", "csv", db=hostile, terminal=True).stdout
    assert "Agency\\x1b[2J [bold red]Red[/]" in table and "\\x9b31mAG" in table


def test_with_colours_on_no_stored_sequence_reaches_the_terminal(hostile: str, on_a_terminal: None) -> None:
    for args in (("timeline", "2025"), ("show", "hostile"), ("people",), ("agencies",), ("person", PERSON),
                 ("search", "Launch")):
        result = run("--color", "always", *args, db=hostile, env={"TRACKER_PAGER": "cat"})
        assert "\x1b[" in result.stdout, args  # colours are on...
        for raw in (OSC52, CLEAR, "\x07", "\x9b", "\u202e", "\x1b[31m"):
            assert raw not in result.stdout, (args, repr(raw))  # ...yet no stored sequence is obeyed
        if args != ("people",):  # which shows agencies by short name
            assert "[/]" in result.stdout, args  # markup is shown, not applied


def test_csv_and_json_to_a_pipe_keep_every_character(hostile: str) -> None:
    for command in (["people"], ["agencies"]):
        rows = list(csv.reader(io.StringIO(run(*command, "--format", "csv", db=hostile).stdout)))
        assert PERSON in rows[1] or AGENCY in rows[1], rows
        listed = json.loads(run(*command, "--format", "json", db=hostile).stdout)
        assert listed[0]["name"] in (PERSON, AGENCY)
        lines = run(*command, "--format", "jsonl", db=hostile).stdout.splitlines()
        assert json.loads(lines[0])["name"] in (PERSON, AGENCY)
    events = list(csv.DictReader(io.StringIO(run("timeline", "2025", "--format", "csv", db=hostile).stdout)))
    assert events[0]["title"] == TITLE


def test_completion_never_offers_a_name_holding_an_escape(hostile: str) -> None:
    def completions(*words: str, incomplete: str) -> list[str]:
        return [item.value for item in ShellComplete(cli, {}, "tracker", "_TRACKER_COMPLETE")
                .get_completions(["--db", hostile, *words], incomplete)]

    assert completions("person", incomplete="") == []
    assert completions("timeline", "--place", incomplete="") == []
    assert completions("agency", incomplete="") == []
    assert completions("show", incomplete="host") == ["hostile"]  # a slug holds no control character


def test_completion_output_through_the_shell_protocol_holds_no_escape(hostile: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMP_WORDS", f"tracker --db {hostile} person ")
    monkeypatch.setenv("COMP_CWORD", "4")
    result = click.testing.CliRunner(env={"_TRACKER_COMPLETE": "bash_complete"}).invoke(cli, [],
                                                                                        prog_name="tracker")
    for raw in RAW:
        assert raw not in result.output


def test_the_spinner_shows_what_was_typed_as_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import time

    from tracker.cli.output import waiting

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr("tracker.cli.output.SPINNER_DELAY", 0.0)
    with waiting(f"searching for {'[bold red]loud[/]' + OSC52!r}"):
        time.sleep(0.3)
    assert "searching for" in screen.getvalue()
    assert "[bold red]loud[/]" in screen.getvalue()  # shown, not taken for markup (repr escapes the rest)
    for raw in (OSC52, CLEAR, "\x07", "\x9b", "\u202e"):
        assert raw not in screen.getvalue(), repr(raw)
