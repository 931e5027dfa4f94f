"""tracker's own code paths, exactly as its commands use them: import, range query, search, export."""

from __future__ import annotations

import csv
import time
from datetime import datetime
from pathlib import Path

from tracker.dates.ranges import DateRange
from tracker.formats.csv import read_csv
from tracker.records import Dataset
from tracker.store.database import Location, Store
from tracker.store.directory import place_zones
from tracker.store.query import EventQuery, event_by_slug, find_events
from tracker.store.write import write_dataset


def open_store(url: str) -> Store:
    """The store at `url`, created and migrated if needed (as every command does first)."""
    store = Store(Location(url))
    store.prepare(notify=lambda message: None)
    return store


def import_csv(url: str, path: Path) -> dict[str, float]:
    """`tracker --db URL import FILE.csv`, run in this process through the command itself, so the benchmark
    follows whatever the command does (validate every row, then write in one transaction).

    The store is created and migrated first, untimed. Returns the seconds and the events in the store after.
    """
    import click
    from sqlalchemy import func, select

    from tracker.cli import cli
    from tracker.store.tables import events as event_table

    open_store(url).close()
    command = cli.get_command(click.Context(cli), "import")
    assert command is not None
    # The generated file names thousands of agencies and people the new store lacks: create them, as a user
    # importing a catalogue of their own says to (where the command asks for it).
    create = ["--create-names"] if any("--create-names" in option.opts for option in command.params) else []
    started = time.perf_counter()
    cli.main(args=["--db", url, "import", *create, str(path)], prog_name="tracker", standalone_mode=False)
    seconds = time.perf_counter() - started
    store = Store(Location(url))
    with store.session() as session:
        events = session.scalar(select(func.count()).select_from(event_table)) or 0
    store.close()
    return {"seconds": seconds, "events": float(events)}


def import_csv_phases(url: str, path: Path) -> dict[str, float]:
    """The library calls behind an import, timed apart: read_csv (every row validated into memory), then
    write_dataset and the commit. Used by `python -m bench.profile import --phases`."""
    store = open_store(url)
    started = time.perf_counter()
    with store.transaction() as session:
        events = read_csv(path, str(path), known_zones=place_zones(session))
        read = time.perf_counter()
        report = write_dataset(session, Dataset(events=events))
        written = time.perf_counter()
    committed = time.perf_counter()
    store.close()
    return {"seconds": committed - started, "read": read - started, "write": written - read,
            "commit": committed - written, "events": float(report.created["events"])}


def week(store: Store, lower: datetime, upper: datetime) -> list[str]:
    """The slugs of the events overlapping [lower, upper), loaded with everything a timeline shows."""
    with store.reading() as session:  # as the commands read
        return [match.event.slug for match in find_events(session, EventQuery(DateRange(lower, upper)))]


def within_week(store: Store, slugs: set[str], lower: datetime, upper: datetime) -> dict[str, bool]:
    """Whether each of `slugs` belongs to [lower, upper) by the store's one rule (DateRange.membership, the label
    rule): what settles an event a raw overlap of UTC instants and tracker answer differently."""
    with store.reading() as session:  # as the commands read
        return {slug: DateRange(lower, upper).membership(event_by_slug(session, slug).span) is not None
                for slug in slugs}


def search(store: Store, word: str) -> list[str]:
    """The slugs of the events matching `word` (full-text), in date order."""
    with store.reading() as session:  # as the commands read
        return [match.event.slug for match in find_events(session, EventQuery(text=word))]


def export(url: str, path: Path) -> tuple[float, int]:
    """`tracker --db URL export -o FILE.csv`, run in this process through the command itself (as `import_csv`
    runs the import), so the benchmark follows whatever the command does. Returns the seconds the command took
    and the rows it wrote (counted afterwards, untimed)."""
    from tracker.cli import cli

    started = time.perf_counter()
    cli.main(args=["--db", url, "export", "--format", "csv", "-o", str(path)], prog_name="tracker",
             standalone_mode=False)
    seconds = time.perf_counter() - started
    with path.open(encoding="utf-8", newline="") as written:
        return seconds, sum(1 for _ in csv.reader(written)) - 1
