"""The peer: sqlite-utils, the tool a user would pick instead of tracker for the same file, run on the same data
in the same run (SQLite only). Installed with the `bench` extra (`pip install -e '.[bench]'`).

Each side is a whole process, as a user runs it, timed as paired medians (tracker then the peer, R times):
- import: `sqlite-utils insert PEER.db events FILE.csv --csv --pk slug` (no checks, no names resolved, no links,
  no search index), then `sqlite-utils enable-fts PEER.db events title summary --create-triggers`, the search
  index a sqlite-utils user builds before searching (timed apart); tracker's figure is the import of step 1;
- export: `tracker --db URL export --format csv -o FILE` against `sqlite-utils rows PEER.db events --csv`;
- search with many hits: `tracker --db URL search WORD --format json` against `sqlite-utils search PEER.db
  events WORD` (its JSON, ranked by bm25), for a word of the summaries that about a tenth of the events hold.
"""

from __future__ import annotations

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
    search_tracker: float
    search_peer: float
    search_hits_tracker: int
    search_hits_peer: int

    def ratios(self, tracker_import: float | None) -> dict[str, float]:
        """tracker / sqlite-utils for each step measured (a cost: lower is better)."""
        found = {"export": self.export_tracker / self.export_peer, "search": self.search_tracker / self.search_peer}
        if tracker_import is not None and self.import_seconds:
            found = {"import": tracker_import / self.import_seconds, **found}
        return found


def _run(command: list[str], env: dict[str, str], stdout: Any = subprocess.DEVNULL) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - started
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
    export = _paired([*tracker_command(), "--db", project_url, "export", "--format", "csv", "-o", str(exported[0])],
                     [peer, "rows", str(database), "events", "--csv"], env, runs, exported[1])
    for path in exported:
        path.unlink(missing_ok=True)
    mine = [*tracker_command(), "--db", project_url, "search", MANY_HITS_WORD, "--format", "json"]
    theirs = [peer, "search", str(database), "events", MANY_HITS_WORD]
    search = _paired(mine, theirs, env, runs)
    loaded = (imported["seconds"], imported["peak_mb"], imported["fts"]) if imported else (None, None, None)
    return PeerResult(*loaded, *export, *search, _hits(mine, env), _hits(theirs, env))
