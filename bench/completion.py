"""What one Tab costs: shell completion as bash asks for it (`_TRACKER_COMPLETE=bash_complete`), each a new
`tracker` process, against a bare `python -c pass` and a bare import of what completion needs (click, sqlite3).

    python -m bench.completion [--db sqlite:///PATH/tracker.db] [--runs 15]

Without --db the bundled store is made first in a temporary data directory (the default database, filled with
the curated events and the launch catalogue on first use, as a new user gets it). Each case is timed --runs times
after one warm-up, and the median taken; the target is at most 0.3 s a Tab.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRACKER = str(Path(sys.executable).with_name("tracker"))
TARGET_SECONDS = 0.3
CASES = [
    ("person by surname", "person Bak"),
    ("agency with a space", "timeline --agency Roscosmos\\ St"),
    ("place by a French form", "timeline --place Flori"),
    ("agency by any word", "agency Goddard"),
    ("slug", "show crew-1"),
    ("command name", "tim"),
]
"""(what is measured, the command line typed before Tab)."""


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[float, str]:
    """The median wall time of `command` over `runs` runs (after one warm-up), and what the last one printed."""
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        times.append(time.perf_counter() - started)
    return statistics.median(times), output


def completion_env(line: str, db: str | None) -> dict[str, str]:
    """The environment bash gives `tracker` when Tab is pressed after `line` (a word being typed at its end)."""
    words = ["tracker", *(["--db", db] if db else []), *shlex.split(line)]
    typed = " ".join(shlex.quote(word) for word in words)
    return {**os.environ, "_TRACKER_COMPLETE": "bash_complete", "COMP_WORDS": typed,
            "COMP_CWORD": str(len(words) - 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="the store to complete from (default: the bundled store, made first)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each case (default 15)")
    given = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-completion-") as folder:
        env = {**os.environ, "XDG_DATA_HOME": folder, "XDG_CONFIG_HOME": folder}
        env.pop("TRACKER_DATABASE_URL", None)
        os.environ.update(XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder)
        os.environ.pop("TRACKER_DATABASE_URL", None)
        if given.db is None:
            started = time.perf_counter()
            subprocess.run([TRACKER, "info"], env=env, capture_output=True, check=True)
            print(f"the bundled store, made in {time.perf_counter() - started:.1f} s (untimed below)")
        python, _ = timed([sys.executable, "-c", "pass"], env, given.runs)
        bare, _ = timed([sys.executable, "-c", "import click, sqlite3"], env, given.runs)
        print(f"python -c pass: {python * 1000:.0f} ms; python -c 'import click, sqlite3': {bare * 1000:.0f} ms")
        worst = 0.0
        for what, line in CASES:
            seconds, output = timed([TRACKER], completion_env(line, given.db), given.runs)
            offered = [entry.split(",", 1)[1] for entry in output.splitlines() if "," in entry]
            worst = max(worst, seconds)
            print(f"{what} ({line}<Tab>): {seconds * 1000:.0f} ms = {seconds / python:.1f}x python -c pass, "
                  f"{seconds / bare:.1f}x the bare import; {len(offered)} offered, first {offered[:2]}")
        verdict = "met" if worst <= TARGET_SECONDS else "missed"
        print(f"slowest Tab: {worst * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
