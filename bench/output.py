"""Output at scale, as a person meets it: how soon the first event shows and how much memory a timeline of a whole
store takes, piped, and how long `show` takes to suggest slugs for one it does not hold.

    python -m bench.output --db sqlite:////tmp/bench/tracker-sqlite.db [--runs 3] [--range ..2029]

Whole processes (the console script beside this interpreter), median of R runs, measured in the same run as
their baselines:
- `tracker timeline` over every event (no range, or the one given), piped, as rich text, `--format plain` and
  `--format json`: time to the first event line, time to the end, and the process's peak RSS. The floor is the
  bare import of the libraries the command needs (`python -c "import sqlalchemy.orm, rich, click, dateutil"`);
  the peer is the same events as JSON (#17: rich output should cost at most 1.5x the JSON output);
- `tracker show` with a slug the store does not hold (the suggestions come from an index, not from every slug),
  against a `tracker show` of a slug it holds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

FLOOR = [sys.executable, "-c", "import sqlalchemy.orm, rich, click, dateutil.relativedelta"]


@dataclass(frozen=True)
class Run:
    """One process: seconds to its first line holding `marker` (None: never), to its end, and its peak RSS."""

    first: float | None
    total: float
    peak_mb: float


def _tracker() -> str:
    return str(Path(sys.executable).with_name("tracker"))


def run_once(command: list[str], marker: bytes | None = None) -> Run:
    """Run `command` with its output piped to this process, reading it line by line as it comes."""
    started = time.perf_counter()
    first = None
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env={**os.environ, "COLUMNS": "120"})
    assert process.stdout is not None
    for line in process.stdout:
        if first is None and (marker is None or marker in line):
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    _, status, usage = os.wait4(process.pid, 0)  # the child's own peak memory, which Popen.wait does not give
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    return Run(first, total, usage.ru_maxrss / 1024)


def median_run(runs: int, command: list[str], marker: bytes | None = None) -> Run:
    """The median of each figure over `runs` runs."""
    done = [run_once(command, marker) for _ in range(runs)]
    firsts = [run.first for run in done if run.first is not None]
    return Run(statistics.median(firsts) if firsts else None, statistics.median(run.total for run in done),
               statistics.median(run.peak_mb for run in done))


def measure(url: str, runs: int, period: str | None = None) -> dict[str, Run]:
    """Every figure of this benchmark on the store at `url`: timelines of every event, or of `period` only."""
    tracker = [_tracker(), "--db", url]
    timeline = [*tracker, "timeline", *([period] if period else [])]
    known = _a_slug(url)
    return {
        "floor (bare imports)": median_run(runs, FLOOR),
        # the first event: the rail drawn beside it, its plain line, its JSON object
        "timeline, rich": median_run(runs, timeline, b"\xe2\x94\x82"),
        "timeline, plain": median_run(runs, [*timeline, "--format", "plain"], b"  "),
        "timeline, json": median_run(runs, [*timeline, "--format", "json"], b'"slug"'),
        "show, known slug": median_run(runs, [*tracker, "show", known]),
        "show, unknown slug": median_run(runs, [*tracker, "show", "no-such-event-anywhere"]),
    }


def _a_slug(url: str) -> str:
    """The first event's slug, read without holding the whole listing (a forked child would count this process's
    memory as its own until it runs tracker)."""
    with subprocess.Popen([_tracker(), "--db", url, "timeline", "--format", "csv"], stdout=subprocess.PIPE) as listing:
        assert listing.stdout is not None
        listing.stdout.readline()  # the header
        slug = listing.stdout.readline().split(b",")[0].decode()
        listing.kill()
    return slug


def report(url: str, results: dict[str, Run]) -> str:
    """A table of the figures, with each timeline's cost against the JSON output's."""
    json_total = results["timeline, json"].total
    rows = [f"store: {url}", "| run | first line | total | peak RSS | total / JSON |", "|---|---|---|---|---|"]
    for name, run in results.items():
        first = f"{run.first:.2f} s" if run.first is not None else "—"
        ratio = f"{run.total / json_total:.2f}x" if name.startswith("timeline") else ""
        rows.append(f"| {name} | {first} | {run.total:.2f} s | {run.peak_mb:.0f} MB | {ratio} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.output", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store to read (a bench store of N events)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--range", dest="period", metavar="RANGE",
                        help="time the timelines of this range only (..2029 of a 1M store: its first 100k events)")
    arguments = parser.parse_args(argv)
    print(report(arguments.db, measure(arguments.db, arguments.runs, arguments.period)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
