"""Fuzzing the command line with hostile values (issue #18): every command's options and every importer's fields
get NUL bytes, lone surrogates, control and bidi characters, names over the columns' sizes, dates at the ends of
the calendar, 5,000-digit numbers, deep nesting, LIKE wildcards, paths that lead nowhere.

Whatever the input: the exit status is 0, 1 or 2; nothing prints a traceback, nor the catch-all "unexpected"
error (a case the code did not foresee); and a command that fails leaves the store as it was. The number of
inputs each test ran is in docs/reliability.md (hypothesis's statistics: `pytest tests/test_fuzz.py
--hypothesis-show-statistics`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import curated_sqlite
from tracker import limits
from tracker.cli import cli
from tracker.formats.gcat import LAUNCH_COLUMNS, ORG_COLUMNS, SITE_COLUMNS

HOSTILE = [
    "", " ", "\t", "\x00", "a\x00b", "\ud800", "x\udcff", "\x1b[2J", "\x9b31m", "\u202eevil", "zero\u200bwidth",
    "line\u2028sep", "\x07\x08\x7f", "9999", "9999-12-31", "9999-12-31T23:59Z", "9999-12-31T23:59-01:00",
    "0001-01-01", "0001-01-01T00:00+01:00", "0000", "2025-02-30", "2025-13", "1" * 5000, "-1", "3000000", "1e309",
    "%", "_", "%_%", "'", '"', "\\", "[bold]x[/]", "N" * 201, "ß" * 150, "Asia/Tokyo", "Not/AZone", "../x",
    "?a=b", "a?b%20", "2025", "2025-07-31", "last week", "Q5 2025", "2025-W53", "P99999999D",
    "2025-01-01/P9999Y", "crew-11", "NASA", "Kennedy Space Center", "postgresql://u:p@127.0.0.1:1/db",
    "host=x password=y", "-", "--", "--help",
]
"""Values a hostile or careless user gives, each class named in the issue."""
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=24),
                   st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("".join))
OUTPUTS = ["", "nodir/x.csv", "-", "out.csv", "out.svg", "/dev/full", "."]
"""Output paths: never a generated one, which could name a file outside the test's folder."""
BACKUP_TARGETS = [*(path for path in OUTPUTS if path != "/dev/full"), "pipe"]
"""Where backups go: a FIFO in the test's folder ("pipe") stands for every special file, so that a backup that
wrongly replaced one (as one did /dev/full, for the whole machine) would replace only the test's own."""

# Every command and its options. A flag is (name, None); an option taking a value is (name, values); output file
# options take only OUTPUTS.
FILTERS = [("--from", values), ("--to", values), ("--around", values), ("--days", values), ("--agency", values),
           ("--person", values), ("--place", values), ("--source", values), ("--search", values),
           ("--kind", values), ("--status", values), ("--outcome", values), ("--tz", values), ("--strict", None),
           ("--dayfirst", None), ("--monthfirst", None)]
RICH = [("--format", st.sampled_from(["rich", "plain", "json", "csv", "x"])), ("--no-pager", None),
        ("--svg", st.sampled_from(OUTPUTS)), ("--html", st.sampled_from(OUTPUTS))]
FIELDS = [("--title", values), ("--kind", values), ("--status", values), ("--start", values), ("--end", values),
          ("--timezone", values), ("--place", values), ("--agency", values), ("--person", values),
          ("--source", values), ("--summary", values), ("--create-missing", None)]
COMMANDS: dict[str, tuple[int, list[tuple[str, st.SearchStrategy[str] | None]]]] = {
    # command: (how many positional values, options)
    "timeline": (1, FILTERS + RICH),
    "search": (1, [("--sort", st.sampled_from(["date", "relevance", "x"])), *FILTERS, *RICH]),
    "show": (1, [("--format", st.sampled_from(["rich", "json", "x"]))]),
    "on-this-day": (1, RICH),
    "agencies": (0, [("--format", st.sampled_from(["rich", "json", "x"]))]),
    "agency": (1, RICH),
    "people": (0, []),
    "person": (1, RICH),
    "export": (1, [*FILTERS, ("--format", st.sampled_from(["csv", "json", "ics", "timelinejs", "x"])),
                   ("-o", st.sampled_from(OUTPUTS)), ("--raw", None)]),
    "add": (0, [*FIELDS, ("--slug", values)]),
    "edit": (1, [*FIELDS, ("--reason", values), ("--as", values)]),
    "delete": (1, [("--yes", None)]),
    "check": (1, [("--format", st.sampled_from(["rich", "plain", "json", "x"])), ("--dayfirst", None)]),
    "info": (0, []),
    "db backup": (0, [("--yes", None), ("", st.sampled_from(BACKUP_TARGETS))]),
    "db restore": (0, [("--yes", None), ("", st.sampled_from(["hostile.db", "fuzz.db", "nowhere.db", ""]))]),
    "db current": (0, []),
}
"""(A "" option is a positional argument drawn from the given values.)"""
MUTATING = {"add", "edit", "delete", "import"}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A SQLite store holding the bundled dataset, and a folder to run in, shared by every example of a test."""
    folder = tmp_path_factory.mktemp("fuzz")
    os.mkfifo(folder / "pipe")
    yield curated_sqlite(folder / "fuzz.db"), folder


def _store_state(url: str) -> str:
    """Everything the store holds, as one digest: every row of every table, read straight from the file."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True)) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")]
        for table in tables:
            for row in sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"')):
                digest.update(row.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _invoke(url: str, folder: Path, args: list[str], input: str | None = None,
            env: dict[str, str] | None = None) -> Result:
    previous = Path.cwd()
    os.chdir(folder)  # relative output paths land in the test's folder
    try:
        return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})}).invoke(cli, ["--db", url, *args],
                                                                                       input=input)
    finally:
        os.chdir(previous)


def _check(result: Result, args: list[str], before: str | None, url: str) -> None:
    shown = repr(args)[:400]
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{shown}: {result.exception!r}"
    assert result.exit_code in (0, 1, 2), f"{shown}: exit {result.exit_code}: {result.output[-300:]}"
    assert "Traceback" not in result.output, shown
    assert "error: unexpected" not in result.stderr, f"{shown}: {result.stderr}"
    if result.exit_code != 0 and not (args[0] == "check" and result.exit_code == 1 and not result.stderr):
        # (check's status 1 with nothing on stderr is its verdict: a claim the record contradicts)
        declined = result.stderr.rstrip().endswith("Aborted!")  # a confirmation prompt answered no (or not at all)
        assert declined or result.stderr.startswith(("error:", "Usage:")), f"{shown}: {result.stderr[:300]}"
        if before is not None:
            assert _store_state(url) == before, f"{shown} failed and changed the store: {result.stderr}"


def fuzz(examples: int) -> settings:
    """Hypothesis settings for `examples` inputs, sized so that the whole file runs in well under a minute."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    positional, options = COMMANDS[name]
    args = name.split()
    for option, given_values in draw(st.lists(st.sampled_from(options), max_size=4)) if options else []:
        if option:
            args.append(option)
        if given_values is not None:
            args.append(draw(given_values))
    args += [draw(values) for _ in range(draw(st.integers(0, positional)))]
    return args


@fuzz(150)
@given(args=command_lines())
def test_every_command_gets_a_result_or_a_one_line_error(fuzzed: tuple[str, Path], args: list[str]) -> None:
    url, folder = fuzzed
    (folder / "hostile.db").write_bytes(b"SQLite format 3\x00" + "\x1b[2J\u202e".encode() * 100)
    before = _store_state(url) if args[0] in MUTATING or args[:2] == ["db", "restore"] else None
    _check(_invoke(url, folder, args, input="n\n"), args, before, url)


def _event(draw: st.DrawFn) -> dict[str, object]:
    fields = ["slug", "title", "kind", "status", "start", "end", "timezone", "place", "summary", "designation",
              "outcome"]
    event: dict[str, object] = {"title": draw(values), "start": draw(st.sampled_from(HOSTILE[13:25]) | values)}
    for name in draw(st.lists(st.sampled_from(fields), max_size=4)):
        event[name] = draw(values)
    if draw(st.booleans()):
        event["people"] = [{"name": draw(values), "role": draw(values)}]
    if draw(st.booleans()):
        event["sources"] = [draw(values)]
    return event


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | values,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(values, inner, max_size=3),
                           max_leaves=8)


@st.composite
def import_files(draw: st.DrawFn) -> tuple[str, dict[str, str], list[str]]:
    """A file to import (its format, its text and those of any companions, extra options)."""
    kind = draw(st.sampled_from(["json", "json-any", "json-deep", "csv", "ll2", "gcat"]))
    if kind == "json":
        document: object = {"events": [_event(draw)]}
        if draw(st.booleans()):
            document = {**document, "places": [{"name": draw(values), "timezone": draw(values)},
                                               {"name": draw(values), "timezone": draw(values)}],
                        "agencies": [{"name": draw(values), "country": draw(values), "short_name": draw(values)}]}
        return "json", {"in.json": json.dumps(document, ensure_ascii=draw(st.booleans()))}, []
    if kind == "json-any":
        return "json", {"in.json": json.dumps(draw(json_values))}, []
    if kind == "json-deep":
        depth = draw(st.sampled_from([999, 1001, 100_000]))
        return "json", {"in.json": "[" * depth + "]" * depth}, []
    if kind == "csv":
        columns = ["title", "start", *draw(st.lists(st.sampled_from(
            ["slug", "end", "timezone", "place", "agencies", "people", "summary", "sources", "aliases"]),
            unique=True, max_size=3))]
        rows = [[draw(values) for _ in columns] for _ in range(draw(st.integers(1, 2)))]
        text = "\n".join(",".join(json.dumps(cell, ensure_ascii=False) for cell in row) for row in [columns, *rows])
        return "csv", {"in.csv": text.replace("\\u0000", "\x00")}, []
    if kind == "ll2":
        result = {"id": draw(values), "name": draw(values), "net": draw(values), "status": {"abbrev": draw(values)},
                  "info_urls": draw(st.sampled_from([[], "x", [{"url": "u"}], {"url": "u"}, 5])),
                  "pad": {"location": {"name": draw(values), "timezone_name": draw(values)}}}
        return "ll2", {"in.json": json.dumps({"results": [result]})}, ["--format", "ll2"]
    row = [draw(values).replace("\t", " ").replace("\n", " ") for _ in LAUNCH_COLUMNS]
    tables = {"in.tsv": "#" + "\t".join(LAUNCH_COLUMNS) + "\n" + "\t".join(row) + "\n",
              "orgs.tsv": "#" + "\t".join(ORG_COLUMNS) + "\n" + "\t".join(draw(values).replace("\t", " ")
                                                                           for _ in ORG_COLUMNS) + "\n",
              "sites.tsv": "#" + "\t".join(SITE_COLUMNS) + "\n" + "\t".join(draw(values).replace("\t", " ")
                                                                             for _ in SITE_COLUMNS) + "\n"}
    return "gcat", tables, ["--format", "gcat"]


@fuzz(100)
@given(found=import_files(), dry_run=st.booleans())
def test_every_importer_gets_a_result_or_a_one_line_error(fuzzed: tuple[str, Path],
                                                          found: tuple[str, dict[str, str], list[str]],
                                                          dry_run: bool) -> None:
    url, folder = fuzzed
    _, files, options = found
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    main = next(name for name in files if name.startswith("in."))
    args = ["import", *options, *(["--dry-run"] if dry_run else []), main]
    before = _store_state(url)
    _check(_invoke(url, folder, args), args, before, url)
    if dry_run:
        assert _store_state(url) == before, f"{args}: a dry run changed the store"


@fuzz(25)
@given(cells=st.lists(values, min_size=1, max_size=3), claim=values)
def test_checking_a_file_of_hostile_claims_is_a_result_or_a_one_line_error(fuzzed: tuple[str, Path],
                                                                           cells: list[str], claim: str) -> None:
    url, folder = fuzzed
    (folder / "claims.csv").write_text("claim\n" + "\n".join(json.dumps(cell, ensure_ascii=False) for cell in cells),
                                       encoding="utf-8", errors="surrogatepass")
    for args in (["check", "--file", "claims.csv"], ["check", claim], ["check", "--article", "claims.csv"]):
        _check(_invoke(url, folder, args), args, None, url)


SMALL_LIMITS = {"LINE_MAX_BYTES": 512, "DECOMPRESSED_MAX_BYTES": 8192, "JSON_MAX_BYTES": 4096, "PROBLEMS_MAX": 5,
                "CLAIM_MAX_CHARACTERS": 200, "ARTICLE_MAX_BYTES": 4096}
"""The limits of tracker/limits.py lowered for the junk-file test, so that junk of a few kilobytes crosses them."""
GCAT_HEADERS = {"in.tsv": LAUNCH_COLUMNS, "orgs.tsv": ORG_COLUMNS, "sites.tsv": SITE_COLUMNS}
HEADERS = {"csv": b"title,start,place,summary\n", "json": b'{"events": [{"title": ', "ll2": b'{"results": [{"id": ',
           "gcat": b"", "claims": b"claim\n", "draft": b""}


@st.composite
def junk(draw: st.DrawFn, header: bytes) -> bytes:
    """Bytes a careless or hostile file holds: random bytes, or `header` and lines of hostile values joined by
    separators, with a line longer than the lowered line limit now and then."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=1500))
    separators = st.sampled_from(["\t", ",", ";", '"', "\n", "\r\n", "\r", " ", "\x00", "\u2028", "\ufeff"])
    pieces = draw(st.lists(st.tuples(values, separators), max_size=40))
    text = "".join(value + separator for value, separator in pieces)
    if draw(st.booleans()):
        text += draw(st.sampled_from(["x", "\t", ",", "é"])) * draw(st.integers(300, 3000))
    return header + text.encode("utf-8", "surrogatepass") * draw(st.sampled_from([1, 1, 1, 50]))


@st.composite
def junk_files(draw: st.DrawFn) -> tuple[dict[str, bytes], list[str]]:
    """A junk file for one reader (a GCAT table, plain or gzip, possibly cut short, beside two valid ones) and the
    command that reads it."""
    kind = draw(st.sampled_from(["csv", "json", "ll2", "gcat", "claims", "draft"]))
    data = draw(junk(HEADERS[kind]))
    if kind == "gcat":
        broken = draw(st.sampled_from(sorted(GCAT_HEADERS)))
        compress = draw(st.booleans())
        files = {}
        for name, columns in GCAT_HEADERS.items():
            header = ("#" + "\t".join(columns) + "\n").encode()
            content = header if name != broken else header + data if draw(st.booleans()) else data
            if compress:
                content = gzip.compress(content)
                if name == broken and draw(st.booleans()):
                    content = content[:draw(st.integers(0, len(content)))]
            files[name + ".gz" if compress else name] = content
        return files, ["import", "--format", "gcat", "in.tsv.gz" if compress else "in.tsv"]
    if kind in ("claims", "draft"):
        return {"in.txt": data}, ["check", "--file" if kind == "claims" else "--article", "in.txt"]
    name = "in.csv" if kind == "csv" else "in.json"
    return {name: data}, ["import", *(["--format", kind] if kind == "ll2" else []), name]


@fuzz(150)
@given(found=junk_files(), dry_run=st.booleans())
def test_every_reader_refuses_junk_files_in_one_line_and_writes_nothing(
        fuzzed: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, found: tuple[dict[str, bytes], list[str]],
        dry_run: bool) -> None:
    url, folder = fuzzed
    for name, value in SMALL_LIMITS.items():
        monkeypatch.setattr(limits, name, value)
    files, args = found
    for stale in [*folder.glob("*.tsv"), *folder.glob("*.tsv.gz")]:
        stale.unlink()  # a companion table of an earlier example must not stand in for this one's
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if dry_run and args[0] == "import":
        args = [args[0], "--dry-run", *args[1:]]
    before = _store_state(url)
    result = _invoke(url, folder, args)
    _check(result, args, before, url)
    event(f"{args[0]}: exit {result.exit_code}{', over a limit' if 'the limit for' in result.stderr else ''}")


CONFIG_KEYS = ["database", "pager", "color", "tz", "date_order", "create_names", "colour", '""', "a.b", '"x y"']
toml_scalars = st.one_of(values.map(json.dumps), st.booleans().map(lambda flag: str(flag).lower()),
                         st.integers().map(str), st.floats().map(str), st.sampled_from(
                             ['"auto"', '"never"', '"dayfirst"', '"Europe/Paris"', '"Not/AZone"', "'x'",
                              "1979-05-27T07:32:00Z", "inf", "nan", "0x1F", '"\\u0000"']))
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
    | st.dictionaries(st.sampled_from(CONFIG_KEYS[:6]), inner, max_size=2).map(
        lambda table: "{" + ", ".join(f"{key} = {value}" for key, value in table.items()) + "}"),
    max_leaves=6)


@st.composite
def config_files(draw: st.DrawFn) -> str:
    """A configuration file: settings with values of any kind, tables, junk lines, or arrays nested thousands
    deep."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.integers(0, 9))
        if choice == 0:
            lines.append(draw(values))
        elif choice == 1:
            lines.append(f"[{draw(st.sampled_from(CONFIG_KEYS))}]")
        elif choice == 2:
            depth = draw(st.sampled_from([10, 999, 1001, 5000]))
            lines.append(f"{draw(st.sampled_from(CONFIG_KEYS))} = " + "[" * depth + "]" * depth)
        else:
            lines.append(f"{draw(st.sampled_from(CONFIG_KEYS))} = {draw(toml_values)}")
    return "\n".join(lines)


@fuzz(100)
@given(text=config_files())
def test_any_configuration_file_gives_a_result_or_a_one_line_error(fuzzed: tuple[str, Path], text: str) -> None:
    url, folder = fuzzed
    config = folder / "config.toml"
    config.write_text(text, encoding="utf-8", errors="surrogatepass")
    for args in (["config", "show"], ["timeline", "--from", "28/07/2025", "--to", "2025-08-02"]):
        _check(_invoke(url, folder, args, env={"TRACKER_CONFIG": str(config)}), args, None, url)
