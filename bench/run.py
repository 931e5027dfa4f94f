"""The benchmark: tracker's own code paths against a raw-driver baseline, same data, same process run.

    python -m bench --events 100000 --engine both --queries 200 --keep /tmp/bench

For each engine it prints what tracker took, what the raw baseline took and the ratio tracker/raw (lower is
better) for: 1. the CSV import, 2. a week's range query (p50), 3. a full-text search (p50), 4. the CSV export of
everything (time and peak memory, each in a process of its own), 5. the `tracker timeline` process against a bare
import of its libraries. Results are checked as well as timed: both sides must return the same events and export
the same bytes. On SQLite it also runs the peer, sqlite-utils, on the same data (bench/peer.py) and prints
tracker/peer for the import, the export and a search with many hits, or says that the peer is not installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from bench import generate, machine, peer, report, startup
from bench.raw import Raw, RawPostgreSQL, RawSQLite

POSTGRES_VARIABLE = "TRACKER_TEST_DATABASE_URL"
DATABASES = ("tracker_bench", "tracker_bench_raw", "tracker_bench_copy")
"""tracker's, the raw baseline's, and the raw baseline loaded by COPY (PostgreSQL)."""
REPO = Path(__file__).resolve().parents[1]
CHECKED = 5
"""How many weeks and words are checked for identical results on both sides before timing."""
Question = TypeVar("Question")


class BenchmarkError(RuntimeError):
    """The benchmark could not run, or the two sides disagreed about a result."""


@dataclass
class Target:
    """One engine's pair of databases: tracker's (a SQLAlchemy URL) and the baseline's (a path or conninfo)."""

    dialect: str
    project_url: str
    raw_target: str
    cleanup: Callable[[], None] = field(default=lambda: None, repr=False)
    copy_target: str | None = None
    """PostgreSQL: a third database, where the raw baseline loads the file by COPY."""

    def open_raw(self) -> Raw:
        """A connection of the raw baseline."""
        return RawSQLite(Path(self.raw_target)) if self.dialect == "sqlite" else RawPostgreSQL(self.raw_target)


@dataclass
class EngineResult:
    """Everything measured on one engine; times in seconds, memory in MB."""

    dialect: str
    events: int
    queries: int
    import_project: dict[str, float] | None  # None when the databases of an earlier run were reused
    import_raw: dict[str, float] | None
    week_project: float
    week_raw: float
    week_raw_bucketed: float
    week_events: float
    search_project: float
    search_raw: float
    search_events: float
    export_project: dict[str, float]
    export_raw: dict[str, float]
    export_identical: bool
    startup: startup.Startup
    plans: dict[str, list[str]]
    peer: peer.PeerResult | None = None
    peer_note: str = ""
    """Why the peer was not measured (not installed, or not on this engine); empty when it was."""
    browse: dict[str, Any] | None = None
    """`tracker browse` on the same store (bench/browse.py: first screens, each keystroke of four filters), SQLite."""

    @property
    def peer_ratios(self) -> dict[str, float]:
        """tracker / sqlite-utils for the steps the peer ran (empty without the peer)."""
        if self.peer is None:
            return {}
        return self.peer.ratios(self.import_project["seconds"] if self.import_project else None)

    @property
    def ratios(self) -> dict[str, float]:
        """The ratios tracker/raw (import, week, search, export) and process/bare import (timeline, show, check),
        each a cost (lower is better)."""
        return {
            **({"import": self.import_project["seconds"] / self.import_raw["seconds"]}
               if self.import_project and self.import_raw else {}),
            "week": self.week_project / self.week_raw_bucketed,
            "search": self.search_project / self.search_raw,
            "export": self.export_project["seconds"] / self.export_raw["seconds"],
            **self.startup.ratios,
        }

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, ratios included."""
        return {**asdict(self), "ratios": self.ratios, "peer_ratios": self.peer_ratios}


# ---------------------------------------------------------------------------------------------------- databases


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def sqlite_target(directory: Path, reuse: bool) -> Target:
    """Two fresh SQLite files in `directory`, or with `reuse` the ones an earlier run left there."""
    project, raw = directory / "tracker-sqlite.db", directory / "raw-sqlite.db"
    if reuse:
        missing = [path.name for path in (project, raw) if not path.exists()]
        if missing:
            raise BenchmarkError(f"--reuse: no {' or '.join(missing)} in {directory}")
    else:
        _remove_sqlite(project)
        _remove_sqlite(raw)
    return Target("sqlite", f"sqlite:///{project}", str(raw))


def postgresql_target(admin_url: str, keep: bool, reuse: bool) -> Target:
    """Two fresh databases on the server of `admin_url` (or with `reuse` those of an earlier run), dropped
    afterwards unless `keep`."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def recreate(create: bool) -> None:
        with admin.connect() as connection:
            for name in DATABASES:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                if create:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))

    if not reuse:
        recreate(create=True)
    base = make_url(admin_url)
    project = base.set(database=DATABASES[0]).render_as_string(hide_password=False)
    raw = base.set(drivername="postgresql", database=DATABASES[1]).render_as_string(hide_password=False)
    copy = base.set(drivername="postgresql", database=DATABASES[2]).render_as_string(hide_password=False)
    return Target("postgresql", project, raw, cleanup=(lambda: None) if keep else (lambda: recreate(create=False)),
                  copy_target=copy)


def targets(engine: str, directory: Path, keep: bool, reuse: bool, echo: Callable[[str], None]) -> Iterator[Target]:
    """The engines to run on; PostgreSQL only when TRACKER_TEST_DATABASE_URL names a server."""
    if engine in ("sqlite", "both"):
        yield sqlite_target(directory, reuse)
    if engine in ("postgresql", "both"):
        admin_url = os.environ.get(POSTGRES_VARIABLE)
        if admin_url:
            yield postgresql_target(admin_url, keep, reuse)
        elif engine == "postgresql":
            raise BenchmarkError(f"--engine postgresql needs {POSTGRES_VARIABLE} (an admin URL such as "
                                 "postgresql+psycopg://postgres@127.0.0.1:5432/test)")
        else:
            echo(f"PostgreSQL skipped: {POSTGRES_VARIABLE} is not set")


# ---------------------------------------------------------------------------------------------------- steps


def run_child(task: str, **args: str) -> dict[str, float]:
    """Run `python -m bench.child TASK` and return what it measured (its own peak memory included)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "bench.child", task, json.dumps(args)], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchmarkError(f"{task} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def csv_file(directory: Path, events: int, echo: Callable[[str], None]) -> Path:
    """The generated CSV file of `events` events (reused when already in `directory`)."""
    path = directory / f"events-{events}-{generate.SEED}.csv"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        generate.write_events_csv(partial, events)
        partial.rename(path)
        echo(f"generated {path} ({events:,} events, {path.stat().st_size / 1e6:.0f} MB) "
             f"in {time.perf_counter() - started:.1f} s")
    return path


def weeks(world: generate.Universe, count: int, seed: int) -> list[tuple[datetime, datetime]]:
    """`count` random weeks (seeded) within the generated calendar, as [lower, upper) UTC instants."""
    rng = random.Random(seed)
    first = datetime(world.first_day.year, world.first_day.month, world.first_day.day, tzinfo=UTC)
    starts = [first + timedelta(days=rng.randrange(max(1, world.days - 7))) for _ in range(count)]
    return [(start, start + timedelta(days=7)) for start in starts]


def words(world: generate.Universe, count: int, seed: int) -> list[str]:
    """`count` code names used in titles (with repeats when there are fewer), folded as a search is."""
    rng = random.Random(seed)
    return [rng.choice(world.codenames).lower() for _ in range(count)]


def _seconds(epoch: datetime) -> int:
    return int(epoch.timestamp())


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _slugs(rows: list[Any]) -> list[str]:
    return [row[0] for row in rows]


def compare(what: str, project: list[str], raw: list[str]) -> None:
    """Raise BenchmarkError unless both sides found the same events in the same order."""
    if project != raw:
        missing, extra = sorted(set(raw) - set(project))[:3], sorted(set(project) - set(raw))[:3]
        raise BenchmarkError(f"{what}: tracker found {len(project)} events, raw {len(raw)} "
                             f"(only raw: {missing}; only tracker: {extra}; same set: {set(project) == set(raw)})")


def compare_week(store: Any, what: str, project: list[str], raw: list[str], week: tuple[datetime, datetime]) -> None:
    """As `compare`, where the raw side overlaps UTC instants and tracker follows the label rule (an event known to
    the day belongs to the ranges its printed date does): every event only one side found must be one the rule
    settles that way, and the events both found must come in the same order."""
    from bench import project as tracker

    differing = set(project) ^ set(raw)
    judged = tracker.within_week(store, differing, *week) if differing else {}
    both = set(project) & set(raw)
    if any(judged[slug] != (slug in project) for slug in differing) or \
            [slug for slug in project if slug in both] != [slug for slug in raw if slug in both]:
        compare(what, project, raw)


def measure_weeks(store: Any, raw: Raw, ranges: list[tuple[datetime, datetime]]) -> dict[str, float]:
    """p50 of tracker's find_events, the raw same-predicate SELECT and the raw span-class SELECT over `ranges`."""
    from bench import project

    for lower, upper in ranges[:CHECKED]:
        found = project.week(store, lower, upper)
        compare_week(store, f"week {lower:%Y-%m-%d}", found, _slugs(raw.week(_seconds(lower), _seconds(upper))),
                     (lower, upper))
        compare_week(store, f"week {lower:%Y-%m-%d} (span classes)", found,
                     _slugs(raw.week_bucketed(_seconds(lower), _seconds(upper))), (lower, upper))
    # Each side's series runs on its own: interleaved, the plain raw query (tens of milliseconds over a large part
    # of the table at 1M) evicted the CPU caches before every tracker query and added a millisecond to it.
    project_times, answers = _series(lambda week: project.week(store, *week), ranges)
    raw_times, _ = _series(lambda week: raw.week(*map(_seconds, week)), ranges)
    bucketed_times, _ = _series(lambda week: raw.week_bucketed(*map(_seconds, week)), ranges)
    return {"project": statistics.median(project_times), "raw": statistics.median(raw_times),
            "bucketed": statistics.median(bucketed_times),
            "events": statistics.median(len(answer) for answer in answers)}


def _series(action: Callable[[Question], list[Any]], questions: list[Question]) -> tuple[list[float], list[list[Any]]]:
    """The time `action` takes for each question (a week, a word), and what it answered."""
    times: list[float] = []
    answers: list[list[Any]] = []
    for question in questions:
        elapsed, answer = _timed(lambda question=question: action(question))  # type: ignore[misc]
        times.append(elapsed)
        answers.append(answer)
    return times, answers


def measure_search(store: Any, raw: Raw, terms: list[str]) -> dict[str, float]:
    """p50 of tracker's full-text find_events and of the raw MATCH/@@ SELECT over `terms`."""
    from bench import project

    for word in terms[:CHECKED]:
        compare(f"search {word!r}", project.search(store, word), _slugs(raw.search(word)))
    project_times, found = _series(lambda word: project.search(store, word), terms)
    raw_times, _ = _series(raw.search, terms)
    return {"project": statistics.median(project_times), "raw": statistics.median(raw_times),
            "events": statistics.median(len(item) for item in found)}


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def measure_export(target: Target, directory: Path, keep: bool) -> tuple[dict[str, float], dict[str, float], bool]:
    """Both exports, each in a process of its own; and whether they wrote the same bytes."""
    mine, theirs = directory / f"export-tracker-{target.dialect}.csv", directory / f"export-raw-{target.dialect}.csv"
    project = run_child("project-export", url=target.project_url, out=str(mine))
    raw = run_child("raw-export", engine=target.dialect, target=target.raw_target, out=str(theirs))
    identical = _digest(mine) == _digest(theirs)
    if not keep:
        mine.unlink()
        theirs.unlink()
    return project, raw, identical


def query_plans(store: Any, raw: Raw, week: tuple[datetime, datetime]) -> dict[str, list[str]]:
    """How each engine runs the week query: tracker's overlap test (its main SELECT) and the raw span-class one."""
    from sqlalchemy import select

    from tracker.store.query import DATE_ORDER, overlapping
    from tracker.store.tables import events as event_table

    lower, upper = week
    overlap = overlapping(lower, upper)
    statement = select(event_table.c.id).where(overlap.clause).order_by(*DATE_ORDER)
    explain = "EXPLAIN QUERY PLAN " if store.dialect == "sqlite" else "EXPLAIN ANALYZE "
    with store.session() as session:
        connection = session.connection()
        compiled = statement.compile(dialect=connection.dialect)
        values = {name: value.replace(tzinfo=None) if isinstance(value, datetime) else value  # stored naive UTC
                  for name, value in compiled.construct_params(overlap.params).items()}
        positions = compiled.positiontup
        params = tuple(values[name] for name in positions) if positions is not None else values
        rows = connection.exec_driver_sql(explain + compiled.string, params).all()
    return {"tracker": [str(row[-1] if store.dialect == "sqlite" else row[0]) for row in rows],
            "raw span classes": raw.plan(_seconds(lower), _seconds(upper), bucketed=True)}


# ---------------------------------------------------------------------------------------------------- one engine


@dataclass(frozen=True)
class Settings:
    """What one run measures."""

    events: int
    queries: int
    startup_runs: int
    directory: Path
    keep: bool
    reuse: bool = False


def import_both(target: Target, path: Path, echo: Callable[[str], None]) -> tuple[dict[str, float], dict[str, float]]:
    """Step 1: the CSV imported by tracker, then by the baseline, each in a child process."""
    echo(f"[{target.dialect}] importing {path.name} (tracker, then raw)...")
    project = run_child("project-import", url=target.project_url, csv=str(path))
    raw = run_child("raw-import", engine=target.dialect, target=target.raw_target, csv=str(path))
    if target.copy_target is not None:
        copied = run_child("raw-import", engine=target.dialect, target=target.copy_target, csv=str(path), copy="yes")
        raw["copy_seconds"] = copied["seconds"]
    echo(f"[{target.dialect}] import: tracker {project['seconds']:.1f} s, raw {raw['seconds']:.1f} s"
         + (f", raw by COPY {raw['copy_seconds']:.1f} s" if "copy_seconds" in raw else ""))
    if project["events"] != raw["events"]:
        raise BenchmarkError(f"tracker stored {project['events']:.0f} events, raw {raw['events']:.0f}")
    return project, raw


def _check_reused(store: Any, raw: Raw, events: int) -> None:
    """Refuse to measure reused databases that do not hold N events (an earlier run of another N, say)."""
    from sqlalchemy import func, select

    from tracker.store.tables import events as event_table

    with store.session() as session:
        stored = session.scalar(select(func.count()).select_from(event_table))
    if stored != events or raw.count() != events:
        raise BenchmarkError(f"--reuse: the databases hold {stored:,} (tracker) and {raw.count():,} (raw) events, "
                             f"not {events:,}: run once with --keep and --events {events} first")


def run_engine(target: Target, settings: Settings, path: Path, echo: Callable[[str], None]) -> EngineResult:
    """Every step on one engine."""
    from bench import project

    world = generate.universe(settings.events)
    import_project, import_raw = (None, None) if settings.reuse else import_both(target, path, echo)
    store = project.open_store(target.project_url)
    raw = target.open_raw()
    try:
        if settings.reuse:
            _check_reused(store, raw, settings.events)
        if isinstance(raw, RawPostgreSQL):
            raw.analyze()
            _analyze_postgresql(store)
        echo(f"[{target.dialect}] {settings.queries} week queries and searches...")
        week = measure_weeks(store, raw, weeks(world, settings.queries, generate.SEED + 2))
        found = measure_search(store, raw, words(world, settings.queries, generate.SEED + 3))
        middle = weeks(world, 1, generate.SEED + 4)[0]
        plans = query_plans(store, raw, middle)
    finally:
        raw.close()
        store.close()
    echo(f"[{target.dialect}] exporting (tracker, then raw) and timing processes...")
    export_project, export_raw, identical = measure_export(target, settings.directory, settings.keep)
    first = world.first_day + timedelta(days=world.days // 2)
    processes = startup.measure(target.project_url, target.dialect, first, first + timedelta(days=6),
                                settings.directory, settings.startup_runs)
    measured, note = run_peer(target, settings, path, echo)
    return EngineResult(target.dialect, settings.events, settings.queries, import_project, import_raw,
                        week["project"], week["raw"], week["bucketed"], week["events"], found["project"],
                        found["raw"], found["events"], export_project, export_raw, identical, processes, plans,
                        measured, note, measure_browse(target, settings, echo))


BROWSE_RUNS = 3
"""First screens of `tracker browse` timed per view (median taken); each filter is typed once."""


def measure_browse(target: Target, settings: Settings, echo: Callable[[str], None]) -> dict[str, Any] | None:
    """`tracker browse` on tracker's SQLite store, headless (bench/browse.py); None on PostgreSQL."""
    if target.dialect != "sqlite":
        return None
    from bench import browse  # it reads this module's words(): imported here, not at the top

    echo(f"[{target.dialect}] tracker browse: first screens and filter keystrokes...")
    return asdict(browse.measure(target.project_url, settings.events, min(BROWSE_RUNS, settings.startup_runs)))


PEER_RUNS = 3
"""Paired runs of the peer's export and search (each against tracker's process), median taken."""


def run_peer(target: Target, settings: Settings, path: Path,
             echo: Callable[[str], None]) -> tuple[peer.PeerResult | None, str]:
    """sqlite-utils on the same data (SQLite only), or why it was not run."""
    if target.dialect != "sqlite":
        return None, "sqlite-utils is a SQLite tool: no peer on this engine"
    command = peer.executable()
    if command is None:
        echo(peer.NOT_INSTALLED)
        return None, peer.NOT_INSTALLED
    echo(f"[{target.dialect}] the peer, sqlite-utils: import, export and search (tracker beside it)...")
    database = settings.directory / peer.DATABASE
    imported = None
    if not (settings.reuse and database.exists()):
        imported = run_child("peer-import", peer=command, database=str(database), csv=str(path))
    try:
        return peer.measure(command, target.project_url, settings.directory, min(PEER_RUNS, settings.startup_runs),
                            imported), ""
    except RuntimeError as exc:
        raise BenchmarkError(str(exc)) from None


def _analyze_postgresql(store: Any) -> None:
    """Refresh the planner's statistics of tracker's database, as autovacuum would soon after an import."""
    from sqlalchemy import text

    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


# ---------------------------------------------------------------------------------------------------- entry


@contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    """`keep` (created if needed), or a temporary folder removed afterwards."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        yield Path(folder)


def run_benchmark(events: int = 1_000_000, engine: str = "sqlite", queries: int = 200, keep: Path | None = None,
                  *, reuse: bool = False, startup_runs: int = 7,
                  echo: Callable[[str], None] = print) -> dict[str, EngineResult]:
    """Run every step on each engine asked for, print each engine's table, and return the results by engine.
    With `reuse`, the databases an earlier run left in `keep` are measured again, without step 1."""
    if reuse and keep is None:
        raise BenchmarkError("--reuse needs --keep DIR, the folder of the run whose databases it measures again")
    results: dict[str, EngineResult] = {}
    echo(machine.describe())
    with workspace(keep) as directory:
        path = csv_file(directory, events, echo)
        for target in targets(engine, directory, keep is not None, reuse, echo):
            settings = Settings(events, queries, startup_runs, directory, keep is not None, reuse)
            try:
                results[target.dialect] = run_engine(target, settings, path, echo)
            finally:
                target.cleanup()
            echo(report.table(results[target.dialect]))
    return results


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line of `python -m bench`."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, metavar="N", help="events to generate (1,000,000)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="sqlite",
                        help=f"PostgreSQL needs {POSTGRES_VARIABLE} (an admin URL); default sqlite")
    parser.add_argument("--queries", type=int, default=200, metavar="K", help="week queries and searches (200)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the CSV, databases and exports in DIR (the CSV is reused when present)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure steps 2-5 again on the databases a --keep run left in DIR (no import)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each process timed in step 5 (7)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark from the command line."""
    arguments = parse_arguments(argv)
    try:
        results = run_benchmark(arguments.events, arguments.engine, arguments.queries, arguments.keep,
                                reuse=arguments.reuse, startup_runs=arguments.runs)
    except BenchmarkError as exc:
        sys.exit(f"error: {exc}")
    if arguments.json:
        document = {"machine": machine.facts(), **{name: result.as_dict() for name, result in results.items()}}
        arguments.json.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
