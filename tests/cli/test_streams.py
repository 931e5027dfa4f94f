"""Standard input as a file (`-`) and the exit statuses a shell sees: 0, 1, 2, 130 on Ctrl-C, 141 when the reader
closes the pipe. The statuses are checked through the installed `tracker` console script in a subprocess, as a
shell runs it, since click's test runner neither has a pipe to close nor a process to interrupt."""

from __future__ import annotations

import gzip
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import curated_sqlite, run
from tracker.bundled import data_directory

pytestmark = pytest.mark.usefixtures("frozen_today")

TRACKER = Path(sys.executable).with_name("tracker")
"""The console script `pip install` made: what a shell runs."""


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file of the curated events, built once for the module; tests copy it when they write."""
    path = tmp_path_factory.mktemp("curated") / "curated.db"
    curated_sqlite(path)
    return path


@pytest.fixture
def db(curated: Path, tmp_path: Path) -> str:
    copy = tmp_path / "copy.db"
    copy.write_bytes(curated.read_bytes())
    return f"sqlite:///{copy}"


def exported(db: str, file_format: str) -> str:
    result = run("export", "2025-07", "--format", file_format, db=db)
    assert result.exit_code == 0, result.output
    return result.stdout


# ------------------------------------------------------------------------------------------------ import -

@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_import_dash_reads_standard_input_and_tells_its_format_from_the_content(db: str, tmp_path: Path,
                                                                                 file_format: str) -> None:
    text = exported(db, file_format)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run("import", "-", "--create-names", db=empty, input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("8 events created")
    assert exported(empty, file_format) == text
    again = run("import", "-", db=empty, input=text)
    assert again.stdout.startswith("0 events created, 0 updated, 8 unchanged")


def test_import_dash_with_format_reads_a_semicolon_file(db: str) -> None:
    result = run("import", "-", "--format", "csv", "--create-names", db=db,
                 input="title;kind;start\nPiped launch;launch;2025-07-02\n")
    assert result.exit_code == 0, result.output
    assert "Piped launch" in run("timeline", "2025-07-02", "--format", "plain", db=db).stdout


def test_a_bad_row_from_standard_input_is_named_as_standard_input_and_nothing_is_written(db: str) -> None:
    before = run("timeline", "--format", "json", db=db).stdout
    result = run("import", "-", db=db, input="title,kind,start\nA,launch,2025-01-01\nB,launch,2025-13-01\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: standard input: line 3, column start: invalid date '2025-13-01': month must be in 1..12",
        "error: nothing was imported"]
    assert run("timeline", "--format", "json", db=db).stdout == before


def test_standard_input_of_no_known_format_asks_for_format(db: str) -> None:
    result = run("import", "-", db=db, input="hello\n")
    assert result.exit_code == 2
    assert result.stderr == ("error: standard input: cannot tell its format from its content: give --format (csv, "
                             "json, ll2, gcat, mcdowell, nasa-eva)\n")


def test_a_gcat_log_from_standard_input_needs_its_tables(db: str, tmp_path: Path) -> None:
    log = gzip.decompress((data_directory() / "gcat" / "launchlog.tsv.gz").read_bytes()).decode()
    head = "".join(log.splitlines(keepends=True)[:3])
    result = run("import", "-", db=db, input=head)
    assert result.exit_code == 2
    assert result.stderr == ("error: standard input: a GCAT file read from standard input needs --orgs and --sites "
                             "(read from a file, they are found beside it)\n")
    gcat = data_directory() / "gcat"
    given = run("import", "-", "--orgs", str(gcat / "orgs.tsv.gz"), "--sites", str(gcat / "sites.tsv.gz"), db=db,
                input=head)
    assert given.exit_code == 0, given.output
    assert given.stdout.startswith("2 events created")


# ------------------------------------------------------------------------------------------------ check -

def test_check_file_dash_reads_claims_from_standard_input(db: str) -> None:
    result = run("check", "--file", "-", "--format", "json", db=db,
                 input="claim\nCrew-11 launched on 1 August 2025\nCrew-11 launched on 31 July 2025\n")
    assert result.exit_code == 1
    assert [item["verdict"] for item in json.loads(result.stdout)] == ["confirmed", "contradicted"]


def test_check_article_dash_reads_the_draft_from_standard_input(db: str) -> None:
    result = run("check", "--article", "-", db=db, input="Crew-11 a décollé le 1er août 2025.\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Claims found in standard input")


def test_bytes_that_are_not_utf8_on_standard_input_are_named_by_line(db: str) -> None:
    result = run("check", "--file", "-", db=db, input=b"claim\n\xff\n")  # type: ignore[arg-type]
    assert result.exit_code == 2
    assert result.stderr == "error: standard input: line 2: not UTF-8 text\n"


# ------------------------------------------------------------------------------------------------ the installed script

def tracker(*args: str, db: str, **options: object) -> subprocess.CompletedProcess[str]:
    """The installed `tracker ARGS` on `db`, as a shell runs it."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run([str(TRACKER), "--db", db, *args], text=True, timeout=120,
                          **streams)  # type: ignore[call-overload]


def test_the_console_script_is_installed() -> None:
    assert TRACKER.is_file() and os.access(TRACKER, os.X_OK), f"no console script at {TRACKER}: pip install -e ."


@pytest.mark.parametrize(("args", "status"), [
    (["timeline", "2025-07", "--format", "plain"], 0),
    (["check", "Crew-11 launched on 1 August 2025"], 0),
    (["check", "Crew-11 launched on 31 July 2025"], 1),  # contradicted
    (["timeline", "--from", "2025-13"], 2),  # bad input
    (["show", "no-such-event"], 2),
    (["timline"], 2),  # a usage error, with a suggestion
])
def test_exit_statuses_of_the_installed_script(db: str, args: list[str], status: int) -> None:
    result = tracker(*args, db=db)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_database_is_status_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)
    result = tracker("timeline", db=str(broken))
    assert result.returncode == 1 and result.stderr.startswith("error: ")


@pytest.mark.parametrize("args", [
    ["timeline"],  # rich output, as `tracker timeline | head -1`
    ["timeline", "--format", "plain"],
    ["timeline", "--format", "json"],
    ["export", "--format", "csv"],
    ["show", "crew-11-launch"],
    ["--help"],  # written by click itself
])
def test_a_closed_pipe_is_status_141_without_a_message(db: str, args: list[str]) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the first line, as `| head -0` or a reader that died
    try:
        result = tracker(*args, db=db, stdout=writing, stderr=subprocess.PIPE)
    finally:
        os.close(writing)
    assert result.returncode == 141
    assert [line for line in result.stderr.splitlines() if not line.startswith(("note:", "range:"))] == []


def test_head_reads_the_first_line_and_the_status_is_141(db: str) -> None:
    command = f"{TRACKER} --db {db} timeline --format plain | head -1; echo \"status ${{PIPESTATUS[0]}}\""
    big = tmp_copy_with_many_events(db)
    result = subprocess.run(["bash", "-c", command.replace(db, big)], capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    assert lines[0] == "Timeline: all dates" and lines[-1] == "status 141", result.stderr
    assert result.stderr == ""


def tmp_copy_with_many_events(db: str) -> str:
    """`db` with 3,000 more events: output far larger than a pipe's buffer, so `head` closes it mid-way."""
    rows = "".join(f"Filler {number},other,2000-01-01\n" for number in range(3000))
    result = run("import", "-", "--format", "csv", db=db, input="title,kind,start\n" + rows)
    assert result.exit_code == 0, result.output
    return db


def test_ctrl_c_is_status_130(db: str) -> None:
    """Interrupted while it waits for standard input from a terminal, which it first tells how to end."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([str(TRACKER), "--db", db, "import", "-"], stdin=terminal, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    os.close(terminal)
    try:
        assert process.stderr is not None
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no hint on stderr"
        hint = process.stderr.readline()
        assert hint == "reading from standard input: end it with Ctrl-D at the start of a line (Ctrl-C cancels)\n"
        time.sleep(0.2)  # it is now waiting in read()
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert rest.strip() == "interrupted"


def test_ctrl_d_ends_input_from_a_terminal(db: str) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen([str(TRACKER), "--db", db, "import", "-", "--format", "csv"], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(terminal)
    try:
        os.write(controller, b"title,kind,start\nTyped event,other,2025-07-03\n\x04")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
    assert process.returncode == 0, err
    assert out.startswith("1 events created") or out.startswith("1 event created")
    assert "Ctrl-D" in err


def test_ctrl_c_at_a_prompt_is_status_130(db: str) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen([str(TRACKER), "--db", db, "delete", "crew-11-launch"], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(terminal)
    try:
        assert process.stderr is not None
        asked = b""
        while not asked.rstrip().endswith(b"[y/N]:"):  # the question goes to stderr: "Delete ...? [y/N]:"
            ready, _, _ = select.select([process.stderr], [], [], 60)
            assert ready, f"no prompt: {asked!r}"
            asked += os.read(process.stderr.fileno(), 1024)
        time.sleep(0.2)  # it is now waiting for the answer
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert err.decode().strip() == "interrupted"
    assert run("show", "crew-11-launch", db=db).exit_code == 0  # nothing deleted


def test_the_console_prints_emoji_codes_as_written() -> None:
    """A text that reads ":rocket:" (a title, a place, a claim quoted back) is printed as written, never as the
    emoji rich's markup would put in its place."""
    import io

    from tracker.cli.streams import console

    written = io.StringIO()
    console(file=written, width=40).print("Pad :rocket: 39A at 13:32")
    assert written.getvalue() == "Pad :rocket: 39A at 13:32\n"
