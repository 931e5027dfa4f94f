"""The peer: sqlite-utils, the tool a user would pick instead of tracker for the same file, run on the same data
in the same run (SQLite only). Installed with the `bench` extra (`pip install -e '.[bench]'`).

Each side is a whole process, as a user runs it, timed as paired medians (tracker then the peer, R times):
- import: `sqlite-utils insert PEER.db events FILE.csv --csv --pk slug` (no checks, no names resolved, no links,
  no search index), then `sqlite-utils enable-fts PEER.db events title summary --create-triggers`, the search
  index a sqlite-utils user builds before searching (timed apart); tracker's figure is the import of step 1;
- export: `tracker --db URL export --format csv -o FILE` against `sqlite-utils rows PEER.db events --csv` (one
  table as it was loaded), and against the fair peer, `sqlite-utils query TRACKER.db SQL --csv`: the same columns
  in the same order from tracker's own file, its place, agencies, people and sources joined, escaped and
  protected by one SQL statement (`export_sql`); the run checks that the two files agree on every row;
- search with many hits: `tracker --db URL search WORD --format json` against `sqlite-utils search PEER.db
  events WORD` (its JSON, ranked by bm25), for a word of the summaries that about a tenth of the events hold.
"""

from __future__ import annotations

import itertools
import json
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.startup import environment, tracker_command

MANY_HITS_WORD = "telemetry"
"""A word of one summary in ten (bench.generate's _SUMMARIES): a search with about N/10 hits."""
DATABASE = "peer-sqlite.db"
EXPORT_COLUMNS = ("slug", "title", "kind", "status", "start", "end", "timezone", "place", "agencies", "people",
                  "summary", "sources", "outcome", "designation", "aliases", "precision", "lower_utc", "upper_utc",
                  "vehicle", "vehicle_family", "trajectory")
"""The columns of `tracker export --format csv`, in its order (a test holds them to tracker.formats.csv.COLUMNS)."""
NOT_INSTALLED = "sqlite-utils not installed (pip install -e '.[bench]'): no peer measured"


def executable() -> str | None:
    """The sqlite-utils command beside this interpreter or on PATH; None when it is not installed."""
    beside = Path(sys.executable).with_name("sqlite-utils")
    return str(beside) if beside.exists() else shutil.which("sqlite-utils")


@dataclass(frozen=True)
class PeerResult:
    """Seconds (and MB, counts) measured for tracker and sqlite-utils on the same data."""

    import_seconds: float | None  # None when the peer's database of an earlier run was reused
    import_peak_mb: float | None
    fts_seconds: float | None
    export_tracker: float
    export_peer: float
    export_query_tracker: float
    export_query_peer: float
    export_rows_agree: bool
    """Whether `sqlite-utils query --csv` of `export_sql()` wrote tracker's export, row for row, byte for byte."""
    search_tracker: float
    search_peer: float
    search_hits_tracker: int
    search_hits_peer: int
    export_query_tracker_cpu: float = 0.0
    export_query_peer_cpu: float = 0.0
    """CPU seconds (user and system, medians) of the export process and of the fair peer's."""

    def ratios(self, tracker_import: float | None) -> dict[str, float]:
        """tracker / sqlite-utils for each step measured (a cost: lower is better)."""
        found = {"export": self.export_tracker / self.export_peer,
                 "export query": self.export_query_tracker / self.export_query_peer,
                 "search": self.search_tracker / self.search_peer}
        if tracker_import is not None and self.import_seconds:
            found = {"import": tracker_import / self.import_seconds, **found}
        return found


_CPU: list[float] = []
"""The CPU seconds (user and system) of each process `_run` ran, in order: on a machine shared with other work
the wall time of a process grows with the load, its CPU time much less."""


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(command: list[str], env: dict[str, str], stdout: Any = subprocess.DEVNULL) -> float:
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - started
    _CPU.append(_children_cpu() - cpu)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def _paired(mine: list[str], theirs: list[str], env: dict[str, str], runs: int,
            theirs_out: Path | None = None) -> tuple[float, float]:
    """Median wall times of `mine` and `theirs`, run alternately `runs` times after one warm-up of each."""
    times: tuple[list[float], list[float]] = ([], [])
    for attempt in range(runs + 1):
        first = _run(mine, env)
        if theirs_out is not None:
            with theirs_out.open("w", encoding="utf-8") as stream:
                second = _run(theirs, env, stream)
        else:
            second = _run(theirs, env)
        if attempt:
            times[0].append(first)
            times[1].append(second)
    return statistics.median(times[0]), statistics.median(times[1])


def _escaped(column: str, specials: str) -> str:
    """`column` with a backslash before each backslash and each of `specials`, as formats.csv escapes list items."""
    expression = f"replace({column}, '\\', '\\\\')"
    for char in specials:
        expression = f"replace({expression}, '{char}', '\\{char}')"
    return expression


def _protected(column: str) -> str:
    """`column` with a leading `'` where a spreadsheet would run it as a formula (formats.csv.protect)."""
    return (f"CASE WHEN substr({column}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), char(10)) "
            f"THEN '''' || {column} ELSE {column} END")


def _listed(items: str) -> str:
    """An event's list as a CSV cell: the `items` (a SELECT of `item` by `l.position`) joined by "; "."""
    return (f"coalesce((SELECT group_concat(item, '; ') FROM (SELECT {items} WHERE l.event_id = e.id "
            f"ORDER BY l.position)), '')")


def export_sql() -> str:
    """The statement the fair peer runs on tracker's SQLite file: every event in date order with its place,
    agencies, people and sources (each list by position), escaped and protected as `tracker export --format csv`
    writes them, in its columns (`EXPORT_COLUMNS`). The values come from an inner query that SQLite runs as a
    co-routine (OFFSET 0 keeps it from being merged into the outer one), so that each list is built once and only
    protected outside. Not covered, since the generated data has none: white space leading or trailing a list item
    (escaped by tracker) and a cell already starting with a protecting `'` (protected again by tracker)."""
    role = _escaped("l.role", ";()")
    # an agency goes by its short name where it has one (store/rows.py attached_statements), a person by the name
    agency, person = _escaped("coalesce(n.short_name, n.name)", ";()"), _escaped("n.name", ";()")
    agency_item, person_item = (f"CASE WHEN l.role = '' THEN {name} ELSE {name} || ' (' || {role} || ')' END AS item"
                                for name in (agency, person))
    precisions = " ".join(f"WHEN {number} THEN '{label}'" for number, label in
                          enumerate(("year", "month", "day", "hour", "minute", "second"), start=1))
    inner = {
        "slug": "e.slug", "title": "e.title", "kind": "e.kind", "status": "e.status", "start": "e.start_iso",
        "end": "coalesce(e.end_iso, '')", "timezone": "coalesce(e.timezone, p.timezone, '')",
        "place": "coalesce(p.name, '')",
        "agencies": _listed(f"{agency_item} FROM event_agencies l JOIN agencies n ON n.id = l.agency_id"),
        "people": _listed(f"{person_item} FROM event_people l JOIN people n ON n.id = l.person_id"),
        "summary": "e.summary",
        "sources": _listed(f"{_escaped('s.url', ';')} AS item FROM event_sources l "
                           "JOIN sources s ON s.id = l.source_id"),
        "outcome": "coalesce(e.outcome, '')", "designation": "coalesce(e.designation, '')",
        "aliases": "replace(" + _escaped("e.aliases", ";") + ", char(10), '; ')",
        "precision": f"CASE e.precision {precisions} END",
        "lower_utc": "strftime('%Y-%m-%dT%H:%M:%SZ', e.lower)",
        "upper_utc": "strftime('%Y-%m-%dT%H:%M:%SZ', e.upper)",
        "vehicle": "coalesce(e.vehicle, '')", "vehicle_family": "coalesce(e.vehicle_family, '')",
        "trajectory": "coalesce(e.trajectory, '')"}
    if tuple(inner) != EXPORT_COLUMNS:
        raise AssertionError("the peer's export query must give tracker's columns in tracker's order")
    # Validated dates and derived words: written as they are.
    plain = {"start", "end", "precision", "lower_utc", "upper_utc"}
    outer = ", ".join(f'"{column}"' if column in plain else f'{_protected(chr(34) + column + chr(34))} AS "{column}"'
                      for column in inner)
    values = ", ".join(f'{value} AS "{column}"' for column, value in inner.items())
    return (f"SELECT {outer} FROM (SELECT {values} FROM events e LEFT JOIN places p ON p.id = e.place_id "
            "ORDER BY e.lower, e.upper, e.slug LIMIT -1 OFFSET 0)")


def rows_agree(mine: Path, theirs: Path) -> bool:
    """Whether the two CSV files hold the same rows in the same order, line for line, byte for byte."""
    with mine.open("rb") as left, theirs.open("rb") as right:
        return all(a == b for a, b in itertools.zip_longest(left, right))


def _hits(command: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return len(json.loads(done.stdout))


def load(peer: str, database: Path, csv_path: Path) -> dict[str, float]:
    """Import the CSV into a new peer database, then build its search index: the seconds of each and the import's
    peak memory (MB). Run it in a process of its own (`bench.child peer-import`): the peak is that of this
    process's largest child, which is then the import."""
    import resource

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = environment(database.parent)
    seconds = _run([peer, "insert", str(database), "events", str(csv_path), "--csv", "--pk", "slug"], env)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    fts = _run([peer, "enable-fts", str(database), "events", "title", "summary", "--create-triggers"], env)
    return {"seconds": seconds, "peak_mb": peak, "fts": fts}


def measure(peer: str, project_url: str, directory: Path, runs: int,
            imported: dict[str, float] | None) -> PeerResult:
    """The peer's export and search beside tracker's, on the SQLite store at `project_url` and the peer's
    database in `directory`; `imported` is what `load` measured (None when the database was reused)."""
    database = directory / DATABASE
    env = environment(directory)
    exported = directory / "export-tracker-process.csv", directory / "export-peer.csv"
    mine_export = [*tracker_command(), "--db", project_url, "export", "--format", "csv", "-o", str(exported[0])]
    export = _paired(mine_export, [peer, "rows", str(database), "events", "--csv"], env, runs, exported[1])
    tracker_file = project_url.removeprefix("sqlite:///")
    _CPU.clear()
    queried = _paired(mine_export, [peer, "query", tracker_file, export_sql(), "--csv"], env, runs, exported[1])
    measured = _CPU[2:]  # after the warm-up pair: tracker, peer, tracker, peer...
    queried_cpu = statistics.median(measured[0::2]), statistics.median(measured[1::2])
    agree = rows_agree(*exported)
    for path in exported:
        path.unlink(missing_ok=True)
    mine = [*tracker_command(), "--db", project_url, "search", MANY_HITS_WORD, "--format", "json"]
    theirs = [peer, "search", str(database), "events", MANY_HITS_WORD]
    search = _paired(mine, theirs, env, runs)
    loaded = (imported["seconds"], imported["peak_mb"], imported["fts"]) if imported else (None, None, None)
    return PeerResult(*loaded, *export, *queried, agree, *search, _hits(mine, env), _hits(theirs, env),
                      *queried_cpu)
