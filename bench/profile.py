"""Where tracker's time goes in one benchmark step: cProfile's top functions and the SQL statements by total time.

    python -m bench.profile import --db sqlite:////tmp/p.db --csv /tmp/bench/events-20000-20250731.csv
    python -m bench.profile week --db sqlite:////tmp/bench/tracker-sqlite.db --events 100000
    python -m bench.profile search --db sqlite:////tmp/bench/tracker-sqlite.db --events 100000
    python -m bench.profile export --db sqlite:////tmp/bench/tracker-sqlite.db

`import` needs an empty (or missing) database; the others a database the benchmark filled (`--keep DIR`).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench import generate, project, run


class StatementTally:
    """Executions and seconds per SQL statement (literals folded), gathered from every engine's cursor events."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self.rows: dict[str, int] = defaultdict(int)
        event.listen(Engine, "before_cursor_execute", self._before)
        event.listen(Engine, "after_cursor_execute", self._after)

    def _before(self, connection: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        connection.info["bench_started"] = time.perf_counter()

    def _after(self, connection: Any, cursor: Any, statement: str, parameters: Any, context: Any,
               executemany: bool) -> None:
        key = re.sub(r"\s+", " ", re.sub(r"\(\?(, \?)*\)|__\[POSTCOMPILE_\w+\]", "(...)", statement))[:160]
        self.calls[key] += 1
        self.seconds[key] += time.perf_counter() - connection.info.pop("bench_started", time.perf_counter())
        self.rows[key] += len(parameters) if executemany and parameters else 1

    def report(self, top: int) -> str:
        """The `top` statements by total time."""
        ranked = sorted(self.seconds, key=lambda key: -self.seconds[key])[:top]
        lines = [f"{'seconds':>9} {'calls':>8} {'rows/params':>11}  statement"]
        lines += [f"{self.seconds[key]:9.3f} {self.calls[key]:8d} {self.rows[key]:11d}  {key}" for key in ranked]
        return "\n".join(lines)


def profiled(action: Callable[[], Any], top: int) -> str:
    """Run `action` under cProfile; the top functions by own time and by cumulative time."""
    profile = cProfile.Profile()
    profile.runcall(action)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def step_action(arguments: argparse.Namespace) -> Callable[[], Any]:
    """What the chosen step runs."""
    if arguments.step == "import":
        importer = project.import_csv_phases if arguments.phases else project.import_csv
        return lambda: print(importer(arguments.db, arguments.csv))
    if arguments.step == "export":
        return lambda: project.export(arguments.db, Path(tempfile.mkdtemp()) / "export.csv")
    store = project.open_store(arguments.db)
    world = generate.universe(arguments.events)
    if arguments.step == "week":
        ranges = run.weeks(world, arguments.queries, generate.SEED + 2)
        return lambda: [project.week(store, lower, upper) for lower, upper in ranges]
    terms = run.words(world, arguments.queries, generate.SEED + 3)
    return lambda: [project.search(store, word) for word in terms]


def main() -> None:
    """Profile one step and print the functions and statements that dominate it."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["import", "week", "search", "export"])
    parser.add_argument("--db", required=True, help="tracker's database URL")
    parser.add_argument("--csv", type=Path, help="the CSV file to import (import)")
    parser.add_argument("--events", type=int, default=100_000, help="N the database was filled with (week, search)")
    parser.add_argument("--queries", type=int, default=50, help="queries to run (week, search)")
    parser.add_argument("--phases", action="store_true",
                        help="import: time read_csv and write_dataset apart instead of running `tracker import`")
    parser.add_argument("--top", type=int, default=25, help="functions and statements to list")
    arguments = parser.parse_args()
    action = step_action(arguments)
    tally = StatementTally()
    print(profiled(action, arguments.top))
    print(tally.report(arguments.top))


if __name__ == "__main__":
    main()
