"""Every limit of tracker/limits.py: refused with a one-line error naming the limit (and the file and line where
there is one), the store unchanged, and listed in the README. Where a limit is large, the test lowers it with
monkeypatch, so that no test builds gigabytes; the time the worst allowed input takes is measured in bench/."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import curated_sqlite, run
from tracker import limits
from tracker.factcheck.mentions import Lexicon
from tracker.factcheck.reading import draft_claims, draft_sentences, sentences
from tracker.formats.gcat import LAUNCH_COLUMNS, ORG_COLUMNS, SITE_COLUMNS

README = Path(__file__).resolve().parent.parent / "README.md"
TODAY = date(2025, 8, 6)


def one_line_error(result: Result, code: int = 2) -> str:
    """The single `error:` line a failed command printed (the import's closing line aside)."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line != "error: nothing was imported"]
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store of the curated events, shared by the tests that only read it or must leave it unchanged."""
    return curated_sqlite(tmp_path_factory.mktemp("limits") / "limits.db")


def _rows(url: str) -> tuple[int, ...]:
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("events", "agencies", "places", "sources", "date_revisions"))


def _feed(pipe: Path, text: str) -> None:
    """Write `text` into the FIFO `pipe`, as a program piping into tracker would, until tracker stops reading."""
    with contextlib.suppress(BrokenPipeError), pipe.open("w", encoding="utf-8") as stream:
        stream.write(text)


# --- Search ---------------------------------------------------------------------------------------------------------

def test_a_search_of_more_words_than_the_limit_is_refused_naming_both(db: str) -> None:
    words = ["apollo"] * 1000
    assert one_line_error(run("search", *words, db=db)) == \
        f"error: search takes at most {limits.SEARCH_MAX_WORDS} words; 1,000 were given"
    over = [f"w{index}" for index in range(limits.SEARCH_MAX_WORDS + 1)]
    assert one_line_error(run("timeline", "--search", " ".join(over), db=db)) == \
        f"error: search takes at most {limits.SEARCH_MAX_WORDS} words; {limits.SEARCH_MAX_WORDS + 1} were given"


def test_a_search_at_the_limit_runs_and_a_repeated_word_counts_once_in_the_matching(db: str) -> None:
    once = run("search", "crew", "--format", "json", db=db)
    repeated = run("search", *["crew"] * limits.SEARCH_MAX_WORDS, "--format", "json", db=db)
    assert once.exit_code == repeated.exit_code == 0
    assert [event["slug"] for event in json.loads(repeated.stdout)] == \
        [event["slug"] for event in json.loads(once.stdout)] != []


# --- Claims and drafts ----------------------------------------------------------------------------------------------

def test_a_claim_over_the_limit_is_refused_naming_it(curated: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "CLAIM_MAX_CHARACTERS", 40)
    claim = "Crew-11 launched from Kennedy Space Center on 1 August 2025"
    assert one_line_error(run("check", claim, db=curated)) == \
        f"error: a claim may have at most 40 characters; {len(claim)} were given"
    assert one_line_error(run("check", "crew-11-launch", "1 August 2025 " + "x" * 40, db=curated)).startswith(
        "error: a claim may have at most 40 characters")


def test_a_row_over_the_limit_is_reported_as_that_row_and_the_rest_is_checked(
        curated: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "CLAIM_MAX_CHARACTERS", 40)
    claims = tmp_path / "claims.csv"
    claims.write_text("claim\nCrew-11 launched from Kennedy Space Center on 1 August 2025\n"
                      "Crew-11 launched on 1 August 2025\n", encoding="utf-8")
    result = run("check", "--file", str(claims), "--format", "json", db=curated)
    assert result.exit_code == 1
    first, second = json.loads(result.stdout)
    assert first["where"] == "row 1" and first["verdict"] == "unknown"
    assert first["explanation"] == "a claim may have at most 40 characters; 59 were given"
    assert first["claim"].endswith("… (19 more characters)")
    assert (second["where"], second["verdict"]) == ("row 2", "confirmed")


def test_a_line_of_a_claims_file_over_the_line_limit_is_one_line(curated: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "LINE_MAX_BYTES", 64)
    claims = tmp_path / "claims.csv"
    claims.write_text("claim\nCrew-11 launched on 1 August 2025\n" + "x" * 65 + "\n", encoding="utf-8")
    assert one_line_error(run("check", "--file", str(claims), "--format", "json", db=curated)) == \
        f"error: {claims}: line 3: longer than 64 bytes, the limit for a line; the file was not read further"


def test_a_draft_over_the_size_limit_is_refused_before_anything_is_printed(curated: str, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "ARTICLE_MAX_BYTES", 1024)
    draft = tmp_path / "draft.txt"
    draft.write_text("Crew-11 launched on 1 August 2025.\n\n" * 40, encoding="utf-8")
    result = run("check", "--article", str(draft), db=curated)
    assert one_line_error(result) == (f"error: {draft}: 1,440 bytes, larger than 1 KiB, the limit for a draft "
                                      "checked with --article")
    assert result.stdout == ""


def test_a_draft_read_from_a_pipe_stops_at_the_size_limit(curated: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "ARTICLE_MAX_BYTES", 1024)
    pipe = tmp_path / "draft"
    os.mkfifo(pipe)
    writer = threading.Thread(target=_feed, args=(pipe, "Crew-11 launched on 1 August 2025.\n\n" * 40))
    writer.start()
    result = run("check", "--article", str(pipe), "--format", "json", db=curated)
    writer.join()
    assert one_line_error(result) == (f"error: {pipe}: line 57: the draft holds more than 1 KiB, the limit for a "
                                      "draft; the file was not read further")


def test_a_sentence_over_the_claim_limit_in_a_draft_is_reported_and_not_read(
        curated: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "CLAIM_MAX_CHARACTERS", 100)
    draft = tmp_path / "draft.txt"
    draft.write_text("Crew-11 launched on 1 August 2025.\n\n" + "Crew-11 docked on 2 August 2025 and " * 10 + "done.\n",
                     encoding="utf-8")
    result = run("check", "--article", str(draft), "--format", "json", db=curated)
    assert result.exit_code == 1
    launch, long = json.loads(result.stdout)
    assert (launch["where"], launch["subject"], launch["verdict"]) == ("line 1", "crew-11-launch", "confirmed")
    assert (long["where"], long["verdict"]) == ("line 3", "unknown")
    assert long["explanation"] == "a sentence of 365 characters, over the 100 a claim may have: not checked"


LEXICON = Lexicon.build(people={"Sean Duffy": []}, places={"Kennedy Space Center": []})


def test_a_draft_gives_its_first_claims_before_the_rest_is_read() -> None:
    def lines() -> Iterator[str]:
        yield "Crew-11 launched from Kennedy Space Center on 1 August 2025.\n"
        yield "\n"
        raise AssertionError("read past the first paragraph before giving its claim")

    claims = draft_claims(lines(), LEXICON, today=TODAY)
    first = next(claims)
    assert first.where == "line 1" and first.date is not None and first.date.text == "1 August 2025"


def test_the_streamed_sentences_are_those_of_the_whole_text() -> None:
    text = ("Apollo 11 launched on 16 July 1969 at 9:32 a.m. EDT. Armstrong stepped out on 21 July.\n"
            "It was Aug. 1 for Lyndon B. Johnson\u2028and a line split by U+2028.\n\n- a bullet. Another one!\n"
            "  wrapped (here). And \"quoted.\" End")
    assert list(draft_sentences(iter(text.splitlines(keepends=True)))) == sentences(text)
    assert [sentence.line for sentence in sentences(text)] == [1, 1, 2, 5, 5, 6, 6]


# --- Files ----------------------------------------------------------------------------------------------------------

def test_a_csv_line_over_the_limit_is_refused_naming_the_file_the_line_and_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = curated_sqlite(tmp_path / "t.db")
    before = _rows(url)
    monkeypatch.setattr(limits, "LINE_MAX_BYTES", 64)
    path = tmp_path / "in.csv"
    path.write_text("title,start\nShort,2025-01-01\nLong," + "x" * 80 + "\n", encoding="utf-8")
    assert one_line_error(run("import", str(path), db=url)) == \
        f"error: {path}: line 3: longer than 64 bytes, the limit for a line; the file was not read further"
    assert _rows(url) == before


def test_a_csv_with_more_problems_than_the_limit_is_read_no_further(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "PROBLEMS_MAX", 3)
    path = tmp_path / "in.csv"
    path.write_text("title,start\n" + "".join(f"Bad {index},not a date\n" for index in range(10)), encoding="utf-8")
    result = run("import", str(path), db=curated_sqlite(tmp_path / "t.db"))
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if str(path) in line]
    assert [problem.split(": ")[2].split(",")[0] for problem in problems] == ["line 2", "line 3", "line 4", "line 5"]
    assert problems[-1].endswith("line 5: the file was not read further after 3 problems")


def _gcat(folder: Path, rows: str, *, compressed: bool = True, orgs: str = "", sites: str = "") -> Path:
    """A GCAT launch log with `rows` after its header, and companion tables (with `orgs`, `sites` rows)."""
    tables = {"launchlog.tsv": "#" + "\t".join(LAUNCH_COLUMNS) + "\n" + rows,
              "orgs.tsv": "#" + "\t".join(ORG_COLUMNS) + "\n" + orgs,
              "sites.tsv": "#" + "\t".join(SITE_COLUMNS) + "\n" + sites}
    for name, text in tables.items():
        if compressed:
            (folder / f"{name}.gz").write_bytes(gzip.compress(text.encode()))
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder / ("launchlog.tsv.gz" if compressed else "launchlog.tsv")


def test_a_gzip_table_expanding_past_the_limit_is_refused_as_it_is_read(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    url = curated_sqlite(tmp_path / "t.db")
    before = _rows(url)
    monkeypatch.setattr(limits, "DECOMPRESSED_MAX_BYTES", 4096)
    log = _gcat(tmp_path, ("x" + "\t" * (len(LAUNCH_COLUMNS) - 1) + "\n") * 1000)
    header, row = len("#" + "\t".join(LAUNCH_COLUMNS) + "\n"), len(LAUNCH_COLUMNS) + 1
    past = 2 + (4096 - header) // row  # the first line whose bytes take the table past 4 KiB
    assert one_line_error(run("import", "--format", "gcat", str(log), db=url)) == (
        f"error: {log}: line {past}: the GCAT table holds more than 4 KiB, the limit for a GCAT table; the file "
        "was not read further")
    assert _rows(url) == before


@pytest.mark.parametrize("table", ["launchlog", "orgs", "sites"])
def test_one_enormous_line_in_any_gcat_table_is_refused_before_it_is_held(tmp_path: Path, table: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "LINE_MAX_BYTES", 1024)
    huge = "y" * 5000 + "\n"
    log = _gcat(tmp_path, huge if table == "launchlog" else "", orgs=huge if table == "orgs" else "",
                sites=huge if table == "sites" else "")
    assert one_line_error(run("import", "--format", "gcat", str(log), db=curated_sqlite(tmp_path / "t.db"))) == (
        f"error: {tmp_path / table}.tsv.gz: line 2: longer than 1 KiB, the limit for a line; the file was not read "
        "further")


def test_an_uncompressed_gcat_table_has_the_same_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "DECOMPRESSED_MAX_BYTES", 300)
    log = _gcat(tmp_path, "", compressed=False, orgs="z\n" * 200)
    assert "the limit for a GCAT table" in one_line_error(
        run("import", "--format", "gcat", str(log), db=curated_sqlite(tmp_path / "t.db")))


def test_a_broken_gzip_stream_is_one_line_naming_the_file(tmp_path: Path) -> None:
    log = _gcat(tmp_path, "")
    log.write_bytes(gzip.compress(b"#" + "\t".join(LAUNCH_COLUMNS).encode() + b"\n" + b"row\n" * 1000)[:-40])
    message = one_line_error(run("import", "--format", "gcat", str(log), db=curated_sqlite(tmp_path / "t.db")))
    assert message.startswith(f"error: {log}: ") and "cannot read the file" in message


@pytest.mark.parametrize(("name", "document", "options"), [
    ("in.json", {"events": [{"title": "x" * 200, "start": "2025-01-01"}]}, []),
    ("ll2.json", {"results": [{"id": "x" * 200}]}, ["--format", "ll2"]),
])
def test_a_json_document_over_the_limit_is_refused_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             name: str, document: object,
                                                             options: list[str]) -> None:
    url = curated_sqlite(tmp_path / "t.db")
    before = _rows(url)
    monkeypatch.setattr(limits, "JSON_MAX_BYTES", 100)
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    size = path.stat().st_size
    assert one_line_error(run("import", *options, str(path), db=url)) == \
        f"error: {path}: {size} bytes, larger than 100 bytes, the limit for a JSON document; the file was not read"
    assert _rows(url) == before


def test_a_json_document_from_a_pipe_is_read_no_further_than_the_limit(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "JSON_MAX_BYTES", 100)
    pipe = tmp_path / "in.json"
    os.mkfifo(pipe)
    writer = threading.Thread(target=_feed, args=(pipe, json.dumps({"events": ["x" * 5000]})))
    writer.start()
    result = run("import", "--format", "json", str(pipe), db=curated_sqlite(tmp_path / "t.db"))
    writer.join(timeout=5)
    assert one_line_error(result) == \
        f"error: {pipe}: larger than 100 bytes, the limit for a JSON document; the file was not read further"


# --- The configuration file ---------------------------------------------------------------------------------------

def test_a_configuration_file_over_the_limit_or_nested_too_deeply_is_one_line(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("a = " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    assert one_line_error(run("config", "show", env={"TRACKER_CONFIG": str(config)}), code=1) == (
        f"error: cannot read the configuration file {config}: its tables or arrays are nested too deeply (no "
        "setting is nested at all)")
    monkeypatch.setattr(limits, "CONFIG_MAX_BYTES", 1024)
    config.write_text('pager = "less"\n' + "# a comment\n" * 100, encoding="utf-8")
    assert one_line_error(run("config", "show", env={"TRACKER_CONFIG": str(config)}), code=1) == \
        f"error: {config}: larger than 1 KiB, the limit for the configuration file"


# --- The README -----------------------------------------------------------------------------------------------------

def test_the_readme_lists_every_limit_with_its_value() -> None:
    section = README.read_text(encoding="utf-8").split("## Limits", 1)[1].split("\n## ", 1)[0]
    constants = [name for name in vars(limits) if re.fullmatch(r"[A-Z_]+", name)]
    assert len(constants) >= 8
    for name in constants:
        value = getattr(limits, name)
        shown = limits.size_label(value) if name.endswith("_BYTES") else f"{value:,}"
        row = next((line for line in section.splitlines() if f"`{name}`" in line), "")
        assert shown in row, f"README's Limits section should list {name} ({shown})"
