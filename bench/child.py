"""One measured step in a process of its own, so its peak memory is its own: `python -m bench.child TASK JSON`.

Prints one JSON object on the last line of standard output: the task's result, its wall time in seconds and the
process's peak resident memory in MB (VmHWM from /proc/self/status; ru_maxrss where there is no /proc).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_raw(engine: str, target: str) -> Any:
    """The raw baseline on `target`: a SQLite file path or a PostgreSQL conninfo."""
    from bench.raw import RawPostgreSQL, RawSQLite

    return RawSQLite(Path(target)) if engine == "sqlite" else RawPostgreSQL(target)


def project_import(args: dict[str, str]) -> dict[str, float]:
    """tracker's CSV import of the file into a new store."""
    from bench.project import import_csv

    return import_csv(args["url"], Path(args["csv"]))


def raw_import(args: dict[str, str]) -> dict[str, float]:
    """The raw import: tables created (not timed), then the file loaded and indexed."""
    raw = open_raw(args["engine"], args["target"])
    raw.create()
    started = time.perf_counter()
    count = raw.load(Path(args["csv"]), copy=True) if args.get("copy") else raw.load(Path(args["csv"]))
    seconds = time.perf_counter() - started
    raw.close()
    return {"seconds": seconds, "events": float(count)}


def project_export(args: dict[str, str]) -> dict[str, float]:
    """tracker's streaming CSV export of every event."""
    from bench.project import export

    seconds, count = export(args["url"], Path(args["out"]))
    return {"seconds": seconds, "events": float(count)}


def raw_export(args: dict[str, str]) -> dict[str, float]:
    """The raw export: csv.writer over one cursor."""
    raw = open_raw(args["engine"], args["target"])
    started = time.perf_counter()
    count = raw.export(Path(args["out"]))
    seconds = time.perf_counter() - started
    raw.close()
    return {"seconds": seconds, "events": float(count)}


def peer_import(args: dict[str, str]) -> dict[str, float]:
    """sqlite-utils' import of the CSV, then its search index (bench/peer.py), run from this process."""
    from bench.peer import load

    return load(args["peer"], Path(args["database"]), Path(args["csv"]))


TASKS = {"project-import": project_import, "raw-import": raw_import, "project-export": project_export,
         "raw-export": raw_export, "peer-import": peer_import}


def main() -> None:
    """Run the task named by the first argument with the JSON arguments of the second."""
    task, args = sys.argv[1], json.loads(sys.argv[2])
    result = TASKS[task](args)
    result.setdefault("peak_mb", peak_rss_mb())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
