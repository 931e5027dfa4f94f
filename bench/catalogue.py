"""The launch catalogue's costs, as a person meets them: importing GCAT's whole launch log, and the first command on a
new machine, which creates the default database and fills it with the bundled data and catalogue.

    python -m bench.catalogue [--runs 3] [--log data/gcat/launchlog.tsv.gz]

The log defaults to the bundled copy, decompressed (with orgs.tsv and sites.tsv) into a temporary folder first.

Whole processes, median of R runs, each beside its raw baseline and peer measured in the same run:
- import: `tracker import --format gcat launchlog.tsv` into a new SQLite file, against a raw script that reads the
  log with str.split, groups its rows by launch and inserts one row per launch with a full-text index
  (sqlite3 only), and against `sqlite-utils insert --tsv` of the log as it is (one row per payload, no checks) when
  sqlite-utils is installed (`pip install -e '.[bench]'`);
- first run: `tracker timeline 1969-07` with an empty data directory (create, migrate, seed, query), against the
  same command once the store exists.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LOG = ROOT / "data" / "gcat" / "launchlog.tsv.gz"
"""The bundled launch log: GCAT's file, unmodified and gzip-compressed (data/gcat/README.md)."""
RAW_IMPORT = """
import sqlite3, sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\\n")[1:]
launches = {}
for line in rows:
    if line and not line.startswith("#"):
        fields = line.split("\\t")
        launch = launches.setdefault(fields[0].strip(), (fields[1].strip(), [], fields[9].strip(), fields[12].strip()))
        launch[1].append(fields[4].strip())
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE TABLE launches (tag TEXT PRIMARY KEY, date TEXT, names TEXT, vehicle TEXT, site TEXT)")
db.execute("CREATE VIRTUAL TABLE launch_search USING fts5(names, vehicle)")
rows = [(tag, date, "\\n".join(names), vehicle, site) for tag, (date, names, vehicle, site) in launches.items()]
db.executemany("INSERT INTO launches VALUES (?, ?, ?, ?, ?)", rows)
db.execute("INSERT INTO launch_search (rowid, names, vehicle) SELECT rowid, names, vehicle FROM launches")
db.commit()
"""


def _timed(command: list[str], env: dict[str, str] | None = None, before: Callable[[], None] | None = None) -> float:
    if before is not None:
        before()
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _median(runs: int, command: list[str], env: dict[str, str] | None = None,
            before: Callable[[], None] | None = None) -> float:
    return statistics.median(_timed(command, env, before) for _ in range(runs))


def _tracker() -> str:
    return str(Path(sys.executable).with_name("tracker"))


def measure(log: Path, runs: int, work: Path) -> dict[str, float | None]:
    """Every figure, in seconds (None for a peer that is not installed)."""
    target = work / "import.db"
    raw_target = work / "raw.db"

    def fresh(*paths: Path) -> Callable[[], None]:
        return lambda: [path.unlink(missing_ok=True) for path in paths] and None

    results: dict[str, float | None] = {
        "import": _median(runs, [_tracker(), "--db", str(target), "import", "--format", "gcat", str(log)],
                          before=fresh(target, target.with_name("import.db-wal"), target.with_name("import.db-shm"))),
        "import raw": _median(runs, [sys.executable, "-c", RAW_IMPORT, str(log), str(raw_target)],
                              before=fresh(raw_target)),
        "import peer": None,
    }
    peer = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    if Path(peer).exists():
        peer_target = work / "peer.db"
        results["import peer"] = _median(runs, [peer, "insert", str(peer_target), "launches", str(log), "--tsv"],
                                         before=fresh(peer_target))
    home = work / "home"
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    env.pop("TRACKER_DATABASE_URL", None)
    command = [_tracker(), "timeline", "1969-07", "--format", "plain"]
    results["first run"] = _median(runs, command, env, before=lambda: shutil.rmtree(home, ignore_errors=True))
    results["later run"] = _median(runs, command, env)
    return results


def report(results: dict[str, float | None]) -> str:
    """The figures as a small table with the ratios."""
    def ratio(value: float | None, base: float | None) -> str:
        return f"{value / base:.2f}x" if value and base else "n/a"

    peer = results["import peer"]
    lines = [
        f"import of the whole log   tracker {results['import']:.2f} s   raw {results['import raw']:.2f} s "
        f"({ratio(results['import'], results['import raw'])})   sqlite-utils "
        + (f"{peer:.2f} s ({ratio(results['import'], peer)})" if peer else "not installed (pip install -e '.[bench]')"),
        f"first run (create, seed)  {results['first run']:.2f} s   later run {results['later run']:.2f} s "
        f"({ratio(results['first run'], results['later run'])})",
    ]
    return "\n".join(lines)


def _decompressed(log: Path, folder: Path) -> Path:
    """The gzip-compressed launch log `log` and the orgs and sites tables beside it, decompressed into `folder`
    (the raw baseline and the peer read plain text)."""
    import gzip

    plain = folder / "gcat"
    plain.mkdir()
    for name in ("launchlog", "orgs", "sites"):
        source = log.with_name(f"{name}.tsv.gz")
        if source.is_file():
            (plain / f"{name}.tsv").write_bytes(gzip.decompress(source.read_bytes()))
    return plain / "launchlog.tsv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=DEFAULT_LOG, help="GCAT's launchlog.tsv (orgs/sites beside it)")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(argv)
    if not options.log.is_file():
        print(f"error: no launch log at {options.log}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        log = _decompressed(options.log, Path(folder)) if options.log.suffix == ".gz" else options.log
        print(report(measure(log, options.runs, Path(folder))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
