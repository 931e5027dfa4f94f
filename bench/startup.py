"""Whole-process costs a user feels: `tracker timeline ... --format json` against a bare import of its libraries,
and a check that `tracker --help` and `tracker --version` stay off the database layer."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BASE_LIBRARIES = ("sqlalchemy.orm", "rich", "click", "dateutil.relativedelta")
DRIVERS = {"sqlite": "sqlite3", "postgresql": "psycopg"}
DATABASE_PACKAGES = ("sqlalchemy", "alembic", "psycopg", "sqlite3")
HEAVY_PACKAGES = (*DATABASE_PACKAGES, "rich")
DATABASE_LAYER = ("tracker.store", "tracker.ingest")
_CHECK = """
import json, sys
from tracker.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="tracker")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


@dataclass(frozen=True)
class Startup:
    """Median wall times of the timeline, show and check processes and of the bare import, and what --help and
    --version load."""

    timeline: float
    bare_import: float
    help_seconds: float
    python_seconds: float
    heavy_modules: dict[str, list[str]]
    timeline_events: int
    show: float
    check: float
    claim: str
    """The claim checked: the timeline's first event dated to the day, by its title, on that day."""

    @property
    def ratio(self) -> float:
        """Timeline process / bare import of its libraries."""
        return self.timeline / self.bare_import

    @property
    def ratios(self) -> dict[str, float]:
        """Each command's process / the bare import of its libraries (target for each: 1.0)."""
        return {"timeline": self.ratio, "show": self.show / self.bare_import, "check": self.check / self.bare_import}

    @property
    def help_is_light(self) -> bool:
        """Whether --help and --version load neither SQLAlchemy (nor a driver) nor tracker's database layer."""
        return not any(name.split(".")[0] in DATABASE_PACKAGES or name.startswith(DATABASE_LAYER)
                       for names in self.heavy_modules.values() for name in names)


def environment(home: Path) -> dict[str, str]:
    """The environment of a measured process: no default database, no colour, a home of its own, and Python free
    to cache its bytecode as on a user's machine (PYTHONDONTWRITEBYTECODE would recompile every tracker module at
    each start: about 0.1 s of a check spent in the compiler)."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("TRACKER_DATABASE_URL", "PYTHONDONTWRITEBYTECODE")}
    env.update(XDG_DATA_HOME=str(home / "data"), NO_COLOR="1")
    return env


def tracker_command() -> list[str]:
    """How a user starts tracker: the console script beside this interpreter, else `python -m tracker`."""
    script = Path(sys.executable).parent / "tracker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker"]


def median_seconds(command: list[str], env: dict[str, str], runs: int,
                   ok: tuple[int, ...] = (0,)) -> tuple[float, str]:
    """The median wall time of `runs` runs of `command` after one unmeasured warm-up run, and what it printed;
    raises RuntimeError when it exits with a status not in `ok` (a check's 1 says a verdict, not a failure)."""
    times = []
    output = ""
    for attempt in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode not in ok:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        if attempt:
            times.append(elapsed)
        output = done.stdout
    return statistics.median(times), output


def heavy_modules(arguments: list[str], env: dict[str, str]) -> list[str]:
    """The heavy or database-layer modules loaded by running `tracker ARGUMENTS` (empty is the goal)."""
    done = subprocess.run([sys.executable, "-c", _CHECK, *arguments], env=env, capture_output=True, text=True,
                          check=True)
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    return [name for name in loaded
            if name.split(".")[0] in HEAVY_PACKAGES or name.startswith(DATABASE_LAYER)]


def measure(url: str, dialect: str, first: date, last: date, home: Path, runs: int = 7) -> Startup:
    """Time `tracker --db URL timeline --from FIRST --to LAST --format json`, `show` and `check` of the first event
    it prints that is dated to the day, and the bare import; check --help."""
    env = environment(home)
    tracker = [*tracker_command(), "--db", url]
    timeline = [*tracker, "timeline", "--from", first.isoformat(), "--to", last.isoformat(), "--format", "json"]
    bare = [sys.executable, "-c", "import " + ", ".join((*BASE_LIBRARIES, DRIVERS[dialect]))]
    timeline_seconds, printed = median_seconds(timeline, env, runs)
    events = json.loads(printed)
    dated = [event for event in events if len(event["start"]) >= len("2025-07-31")]  # a day to claim
    if not dated:
        raise RuntimeError(f"no event dated to the day between {first} and {last} to show and check")
    claim = f"{dated[0]['title']} on {dated[0]['start'][:10]}"
    return Startup(
        timeline=timeline_seconds,
        bare_import=median_seconds(bare, env, runs)[0],
        help_seconds=median_seconds([*tracker_command(), "--help"], env, runs)[0],
        python_seconds=median_seconds([sys.executable, "-c", "pass"], env, runs)[0],
        heavy_modules={flag: heavy_modules([flag], env) for flag in ("--help", "--version")},
        timeline_events=len(events),
        show=median_seconds([*tracker, "show", dated[0]["slug"], "--no-pager"], env, runs)[0],
        check=median_seconds([*tracker, "check", claim, "--no-pager"], env, runs, ok=(0, 1))[0],
        claim=claim,
    )
