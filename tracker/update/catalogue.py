"""The update of the launch catalogue and the crew lists: GCAT's launchlog.tsv, orgs.tsv and sites.tsv and
McDowell's missions.tsv and rides.tsv, from planet4589.org, a mirror, or a folder.

In three steps, so that a failure at any of them leaves the store exactly as it was: every file is downloaded
whole (or found unchanged), then every file is read by the same readers as the bundled copies, then everything is
merged in one transaction. A new launch is added, a changed date goes to the event's history ("GCAT update"), a
curated launch of the same designation is merged, not duplicated; a value a user edited is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.bundled import GCAT_URL, MCDOWELL_URL, data_directory
from tracker.errors import InvalidImport, UpdateInterrupted
from tracker.records import Dataset
from tracker.store.write import Authorship, ImportReport, write_dataset
from tracker.update.origins import (
    CATALOGUE_FILES,
    GCAT_LAUNCH_LOG,
    GCAT_ORGS,
    GCAT_SITES,
    MCDOWELL_MISSIONS,
    MCDOWELL_RIDES,
    SourceFile,
)

if TYPE_CHECKING:
    from tracker.store.database import Session, Store
    from tracker.update.download import Fetched, Fetcher, Progress

GCAT_UPDATE = Authorship("GCAT", reason="GCAT update", source=GCAT_URL)
"""A launch log's authorship: the reason every replaced value is kept with, and the page it cites."""
MCDOWELL_UPDATE = Authorship("McDowell's lists", reason="McDowell update", source=MCDOWELL_URL)

_BUNDLED = {GCAT_ORGS.name: ("gcat", "orgs.tsv.gz"), GCAT_SITES.name: ("gcat", "sites.tsv.gz"),
            MCDOWELL_RIDES.name: ("mcdowell", "rides.tsv.gz")}
"""The bundled copy standing in for a companion table a source lacks."""


class _DryRun(Exception):
    """Raised inside the transaction so that a dry run rolls back everything it did."""


@dataclass
class CatalogueUpdate:
    """What an update did or, dry, would do: per file where it came from, notes (a file skipped, a bundled copy
    used), what the merge did, and the dates it changed."""

    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)
    downloaded: int = 0
    unchanged: int = 0
    requests: int = 0
    stage: str = "starting"
    """What the update is doing, for the message when Ctrl-C stops it ("downloading launchlog.tsv")."""
    new_events: list[str] = field(default_factory=list)
    """The events the update adds ("gcat-2025-002: Falcon 9 launches Starlink Group 12-11"), in the files' order."""

    def date_changes(self) -> list[str]:
        """The events whose dates changed ("gcat-2024-237: span changed"), from the merge's report."""
        return [line for line in self.report.changes if "span" in line.split(":", 1)[-1]]


def _is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


def _candidates(origin: str | None, source: SourceFile) -> list[str]:
    if origin is None:
        return [source.url]
    base = origin if origin.endswith("/") else origin + "/"
    return [base + source.name, base + source.name + ".gz"]


def _gather(origin: str | None, fetcher: Fetcher | None, done: CatalogueUpdate) -> dict[str, Fetched]:
    """Every catalogue file, downloaded whole or found unchanged (or, from a folder, found), each told in
    `done.files`; a missing one is noted and left out."""
    from tracker.update.download import Fetched, read_local

    found: dict[str, Fetched] = {}
    for source in CATALOGUE_FILES:
        done.stage = f"downloading {source.name} ({source.what})"
        if origin is not None and not _is_url(origin):
            path = read_local(Path(origin), source.name)
            fetched = Fetched(source.name, path, str(path) if path else None)
            if path is not None:
                done.files.append(f"{source.name}: {path}")
        else:
            assert fetcher is not None
            fetched = fetcher.fetch(source.name, _candidates(origin, source), source.what)
            if fetched.path is not None and fetched.downloaded:
                done.downloaded += 1
                size = fetched.path.stat().st_size
                done.files.append(f"{source.name}: downloaded {size / 1e6:.1f} MB from {fetched.url}")
            elif fetched.path is not None:
                done.unchanged += 1
                done.files.append(f"{source.name}: unchanged since the last update (HTTP 304, {fetched.url})")
        if fetched.path is None:
            where = origin or source.url
            done.notes.append(f"{source.name}: not found at {where}: skipped")
        else:
            found[source.name] = fetched
    return found


def _companion(found: dict[str, Fetched], source: SourceFile, done: CatalogueUpdate) -> Path:
    fetched = found.get(source.name)
    if fetched is not None and fetched.path is not None:
        return fetched.path
    folder, name = _BUNDLED[source.name]
    done.notes.append(f"{source.name}: the bundled copy is used instead")
    return data_directory() / folder / name


def _named(error: InvalidImport, source: SourceFile, fetched: Fetched) -> InvalidImport:
    """`error` naming the file by its name and origin rather than the temporary file it was read from."""
    return InvalidImport(error.problems, f"{source.name} ({source.what}, from {fetched.url})")


@dataclass
class _Read:
    launches: Dataset | None = None
    crews: Dataset | None = None


def _read(found: dict[str, Fetched], done: CatalogueUpdate) -> _Read:
    """Every file read and checked whole by the bundled copies' readers; InvalidImport names the file."""
    from tracker.formats.gcat import read_gcat
    from tracker.formats.mcdowell import read_mcdowell, with_crews

    read = _Read()
    log = found.get(GCAT_LAUNCH_LOG.name)
    if log is not None and log.path is not None:
        orgs, sites = _companion(found, GCAT_ORGS, done), _companion(found, GCAT_SITES, done)
        try:
            read.launches = read_gcat(log.path, orgs, sites)
        except InvalidImport as exc:
            culprit = next((found[source.name] for source in (GCAT_ORGS, GCAT_SITES)
                            if source.name in found and str(found[source.name].path) == exc.source), None)
            if culprit is not None:
                raise _named(exc, GCAT_ORGS if culprit.name == GCAT_ORGS.name else GCAT_SITES, culprit) from None
            raise _named(exc, GCAT_LAUNCH_LOG, log) from None
    missions = found.get(MCDOWELL_MISSIONS.name)
    if missions is not None and missions.path is not None:
        rides = _companion(found, MCDOWELL_RIDES, done)
        try:
            read.crews = read_mcdowell(missions.path, rides)
        except InvalidImport as exc:
            if MCDOWELL_RIDES.name in found and str(found[MCDOWELL_RIDES.name].path) == exc.source:
                raise _named(exc, MCDOWELL_RIDES, found[MCDOWELL_RIDES.name]) from None
            raise _named(exc, MCDOWELL_MISSIONS, missions) from None
    if read.launches is not None and read.crews is not None:
        read.launches, read.crews = with_crews(read.launches, read.crews)  # each crew written with its launch
    return read


def merge(session: Session, read: _Read, report: ImportReport) -> None:
    """Write what was read, in the order seeding does: McDowell's people first (curated events and crews name
    them), then the launches, then the landings and the launches GCAT lacks."""
    if read.crews is not None:
        write_dataset(session, Dataset(people=read.crews.people), report=report, authorship=MCDOWELL_UPDATE)
    if read.launches is not None:
        write_dataset(session, read.launches, report=report, authorship=GCAT_UPDATE)
    if read.crews is not None:
        write_dataset(session, Dataset(places=read.crews.places, sources=read.crews.sources,
                                       events=read.crews.events), report=report, authorship=MCDOWELL_UPDATE)


def update_catalogue(store: Store, origin: str | None, *, dry_run: bool = False, cache: Path | None = None,
                     progress: Progress | None = None) -> CatalogueUpdate:
    """Bring the store up to date with the catalogue files at `origin` (a folder, a base URL, or None for
    planet4589.org): all downloaded and read before anything is written, then merged in one transaction, or, with
    `dry_run`, merged and rolled back. Raises DownloadFailed, RateLimited or InvalidImport naming the file, with
    the store unchanged; a new download joins the cache only once every file has been read."""
    from tracker.store.stats import held_slugs
    from tracker.update.download import Fetcher, no_progress
    from tracker.update.origins import cache_directory

    done = CatalogueUpdate()
    client = Fetcher(cache or cache_directory(), progress=progress or no_progress) \
        if origin is None or _is_url(origin) else None
    found: dict[str, Fetched] = {}
    try:
        found = _gather(origin, client, done)
        if GCAT_LAUNCH_LOG.name not in found and MCDOWELL_MISSIONS.name not in found:
            done.notes.append("neither a launch log nor a missions list was found: nothing to update")
            return done
        done.stage = "reading the files"
        read = _read(found, done)
        for fetched in found.values():
            fetched.keep()
        done.stage = "merging into the database"
        try:
            with store.transaction() as session:
                incoming = [record for dataset in (read.launches, read.crews) if dataset is not None
                            for record in dataset.events]
                held = held_slugs(session, [record.slug for record in incoming])
                merge(session, read, done.report)
                added = held_slugs(session, [record.slug for record in incoming if record.slug not in held])
                done.new_events = [f"{record.slug}: {record.title}" for record in incoming if record.slug in added]
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return done
    except KeyboardInterrupt:
        raise UpdateInterrupted(f"interrupted while {done.stage}: nothing was changed") from None
    finally:
        for fetched in found.values():
            fetched.discard()
        if client is not None:
            done.requests = client.requests
            client.close()
