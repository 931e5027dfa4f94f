"""Files into the store: a file read through the format registry, then written all or nothing (store/write.py),
with a dry run and a progress callback; and the bundled dataset, which fills a new default database.

The store never seeds itself: whoever opens it passes `seed_bundled` to `Store.prepare` when a new default database
should be filled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.bundled import GCAT_CREDIT, catalogue_log, dataset_files
from tracker.formats import ReadOptions, format_for
from tracker.formats.json import parse_document
from tracker.store.directory import place_zones
from tracker.store.write import ImportReport, OnConflict, import_events, write_dataset

if TYPE_CHECKING:
    from tracker.store.database import Session, Store

Progress = Callable[[int], AbstractContextManager[Callable[[int], None] | None]]
"""Given how many events (or lines) are coming, a context giving the callback told how many are written."""


class _DryRun(Exception):
    """Raised inside the import transaction so that a dry run rolls back everything it did."""


def _no_progress(total: int) -> AbstractContextManager[Callable[[int], None] | None]:
    return nullcontext()


def import_file(store: Store, path: Path, *, file_format: str | None = None, on_conflict: OnConflict =
                OnConflict.UPDATE, options: ReadOptions | None = None, dry_run: bool = False,
                progress: Progress = _no_progress) -> ImportReport:
    """Read `path` (in `file_format`, else the format its content or name shows) and write it in one transaction:
    all of it, or nothing when any record is invalid (InvalidImport lists the problems). A dry run writes, reports,
    then rolls back."""
    chosen = format_for(path, file_format)
    report = ImportReport()
    try:
        with store.transaction() as session:
            given = options or ReadOptions()
            read_options = ReadOptions(place_zones(session), given.delimiter, given.companions)
            incoming = chosen.reader()(path, read_options)
            with progress(incoming.size) as told:
                write_dataset(session, incoming.dataset, on_conflict, told, report=report,
                              revision_reason=f"{chosen.label} update")
                if incoming.stream is not None:
                    import_events(session, incoming.stream, on_conflict, told, report=report,
                                  revision_reason=f"{chosen.label} update")
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def import_document(session: Session, document: object, source: str,
                    on_conflict: OnConflict = OnConflict.UPDATE) -> ImportReport:
    """Validate a parsed tracker JSON document against the store's places, then write it."""
    dataset = parse_document(document, source, place_zones(session))
    return write_dataset(session, dataset, on_conflict)


def _bundled_documents() -> Iterator[Path]:
    """core.json first: it defines the agencies and places the other documents name."""
    yield from sorted(dataset_files(), key=lambda path: (path.name != "core.json", path.name))


def load_bundled_dataset(session: Session, *, catalogue: bool = True) -> ImportReport:
    """Write the bundled dataset into the store: the curated documents under data/, then (with `catalogue`) every
    launch of the bundled GCAT launch log. Curated events come first, so a launch both hold keeps its curated
    slug, title and dates, and the catalogue adds its source, names and outcome (linked by designation).
    Idempotent."""
    total = ImportReport()
    for path in _bundled_documents():
        document = json.loads(path.read_text(encoding="utf-8"))
        total.add(import_document(session, document, f"bundled {path.name}"))
    if catalogue:
        from tracker.formats.gcat import read_gcat

        total.add(write_dataset(session, read_gcat(catalogue_log()), revision_reason="GCAT update"))
    return total


def seed_bundled(session: Session) -> str:
    """What `Store.prepare` runs to fill a new default database: the bundled dataset and launch catalogue,
    summarised in one line with the catalogue's credit."""
    report = load_bundled_dataset(session)
    return f"loaded the bundled dataset ({report.summary()}); launch history: {GCAT_CREDIT}"
