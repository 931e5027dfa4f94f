"""Files into the store: a file read through the format registry, then written all or nothing (store/write.py),
with a dry run and a progress callback; and the bundled dataset, which fills a new default database.

The store never seeds itself: whoever opens it passes `seed_bundled` to `Store.prepare` when a new default database
should be filled.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.bundled import GCAT_CREDIT, MCDOWELL_CREDIT, catalogue_log, crews_missions, dataset_files
from tracker.errors import UnknownNames
from tracker.formats import ReadOptions, format_for
from tracker.formats.json import parse_document
from tracker.names import fold
from tracker.records import Dataset, EventRecord
from tracker.store.directory import KnownNames, known_names, place_zones
from tracker.store.write import USER, Authorship, ImportReport, OnConflict, import_events, write_dataset

if TYPE_CHECKING:
    from tracker.store.database import Session, Store

Progress = Callable[[int], AbstractContextManager[Callable[[int], None] | None]]
"""Given how many events (or lines) are coming, a context giving the callback told how many are written."""


class _DryRun(Exception):
    """Raised inside the import transaction so that a dry run rolls back everything it did."""


def _no_progress(total: int) -> AbstractContextManager[Callable[[int], None] | None]:
    return nullcontext()


HAND_WRITTEN = ("csv", "json")
"""The formats people write by hand, where a name the store lacks is more often a typo ("NASAA") than a new agency.
The catalogue formats (LL2, GCAT) and the bundled data bring names of their own and create them."""


@dataclass
class NewNames:
    """The agencies, people and places an import of a hand-written file names and neither the store nor the file
    defines: created only when `create` is set, else the import is refused (UnknownNames) listing them all.
    `found` holds each as (kind, name as first written, closest known names), in the order they come."""

    create: bool = False
    found: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per name: "new agency 'NASAA' (did you mean NASA?)"."""
        return [f"new {kind} {name!r}" + (f" (did you mean {', '.join(close)}?)" if close else "")
                for kind, name, close in self.found]


class _NameWatch:
    """Notes the names events carry that the store and the file's own definitions lack, as the events go by."""

    def __init__(self, known: KnownNames, dataset: Dataset) -> None:
        self.known = known
        self.seen: dict[tuple[str, str], str] = {}
        for kind, records in (("agency", dataset.agencies), ("person", dataset.people), ("place", dataset.places)):
            for record in records:
                short: str | None = getattr(record, "short_name", None)  # agencies only
                for name in [record.name, *([short] if short else []), *record.aliases]:
                    self.seen.setdefault((kind, fold(name)), "")  # defined by the file: not new

    def watch(self, events: Iterable[EventRecord]) -> Iterator[EventRecord]:
        """`events`, unchanged, noting their names on the way. A name spelled as an earlier event spelled it is
        passed over at the cost of a set look-up: most events repeat names already noted."""
        agencies: set[str] = set()
        people: set[str] = set()
        places: set[str] = set()
        for event in events:
            for item in event.agencies:
                if item.name not in agencies:
                    self._note("agency", item.name, agencies)
            for item in event.people:
                if item.name not in people:
                    self._note("person", item.name, people)
            for place in (event.place, *(item.place for item in event.history)) if event.history else (event.place,):
                if place and place not in places:
                    self._note("place", place, places)
            yield event

    def _note(self, kind: str, name: str, spellings: set[str]) -> None:
        spellings.add(name)
        key = (kind, fold(name))
        if key not in self.seen:
            self.seen[key] = "" if self.known.knows(kind, name) else name

    def report(self, into: NewNames, limit: int = 50) -> None:
        """Put the new names in `into`, with suggestions for the first `limit` (difflib over every name is not
        free)."""
        for index, ((kind, _), name) in enumerate((key, name) for key, name in self.seen.items() if name):
            into.found.append((kind, name, self.known.suggestions(kind, name) if index < limit else []))


@contextmanager
def _rare_collections(allocations: int = 10_000) -> Iterator[None]:
    """A block in which the cyclic garbage collector looks for garbage every `allocations` new containers instead
    of every 700 (Python's default), put back when the block ends.

    An import allocates and frees millions of small lists, tuples and records, all freed by reference counting;
    at the default rate the collector ran 2,355 times during an import of 100,000 events, and its full passes
    over the growing caches of names and sources took a fifth of the import's CPU time (13.2 s against 10.7 s).
    Collections still happen, so the memory held by cycles stays bounded (the peak did not move).
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(allocations, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def import_file(store: Store, path: Path, *, file_format: str | None = None, on_conflict: OnConflict =
                OnConflict.UPDATE, options: ReadOptions | None = None, dry_run: bool = False,
                progress: Progress = _no_progress, new_names: NewNames | None = None,
                replace_all: bool = False) -> ImportReport:
    """Read `path` (in `file_format`, else the format its content or name shows) and write it in one transaction:
    all of it, or nothing when any record is invalid (InvalidImport lists the problems). A dry run writes, reports,
    then rolls back. With `new_names`, a hand-written file's names the store lacks are collected there, and the
    import is refused (UnknownNames) unless `new_names.create` is set.

    A record changes only the fields it states, unless `replace_all` makes it its event's whole truth; either way
    every value replaced goes to history. A hand-written file is the user's word, which outranks every source; a
    catalogue's (GCAT, Launch Library 2) never overwrites a field the user edited."""
    chosen = format_for(path, file_format)
    report = ImportReport()
    authorship = Authorship(USER if chosen.name in HAND_WRITTEN else f"{chosen.label} update", replace_all,
                            f"{chosen.label} update")
    try:
        with _rare_collections(), store.transaction() as session:
            given = options or ReadOptions()
            read_options = ReadOptions(place_zones(session), given.delimiter, given.companions)
            incoming = chosen.reader()(path, read_options)
            watch = _NameWatch(known_names(session), incoming.dataset) \
                if new_names is not None and chosen.name in HAND_WRITTEN else None
            dataset, stream = incoming.dataset, incoming.stream
            if watch is not None:
                dataset = Dataset(dataset.agencies, dataset.people, dataset.places, dataset.sources,
                                  list(watch.watch(dataset.events)))
                stream = None if stream is None else watch.watch(stream)
            with progress(incoming.size) as told:
                write_dataset(session, dataset, on_conflict, told, report=report, authorship=authorship)
                if stream is not None:
                    import_events(session, stream, on_conflict, told, report=report, authorship=authorship)
            if watch is not None and new_names is not None:
                watch.report(new_names)
                if new_names.found and not new_names.create:
                    raise UnknownNames(new_names.lines(), str(path))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


BUNDLED_AUTHOR = "bundled data"
BUNDLED = Authorship(BUNDLED_AUTHOR, reason="bundled data update")
"""The bundled dataset's authorship: it never overwrites what a user edited."""


def import_document(session: Session, document: object, source: str,
                    on_conflict: OnConflict = OnConflict.UPDATE, authorship: Authorship = BUNDLED) -> ImportReport:
    """Validate a parsed tracker JSON document against the store's places, then write it (as bundled data unless
    `authorship` says otherwise)."""
    dataset = parse_document(document, source, place_zones(session))
    return write_dataset(session, dataset, on_conflict, authorship=authorship)


def _bundled_documents() -> Iterator[Path]:
    """core.json first: it defines the agencies and places the other documents name."""
    yield from sorted(dataset_files(), key=lambda path: (path.name != "core.json", path.name))


def load_bundled_dataset(session: Session, *, catalogue: bool = True) -> ImportReport:
    """Write the bundled dataset into the store: the curated documents under data/, then (with `catalogue`) every
    launch of the bundled GCAT launch log and the crews and landings of McDowell's human-spaceflight lists (whose
    people are written before the curated documents, which name astronauts by McDowell's full forms). Curated
    events come first, so a launch both hold keeps its curated slug, title and dates, and the catalogue adds its
    source, names and outcome (linked by designation). Idempotent."""
    from tracker.formats.places import bundled_places
    from tracker.formats.successions import bundled_successions

    total = ImportReport()
    # The tree of places first: the documents and the catalogue then find each place's region and country there.
    total.add(write_dataset(session, Dataset(places=bundled_places().places), authorship=BUNDLED))
    crews = _bundled_crews() if catalogue else None
    if crews is not None:  # the people first: curated events name astronauts by McDowell's full forms, their aliases
        total.add(write_dataset(session, Dataset(people=crews.people), authorship=_MCDOWELL))
    for path in _bundled_documents():
        document = json.loads(path.read_text(encoding="utf-8"))
        total.add(import_document(session, document, f"bundled {path.name}"))
    if catalogue:
        from tracker.formats.gcat import read_gcat
        from tracker.formats.mcdowell import with_crews

        assert crews is not None
        launches, crews = with_crews(read_gcat(catalogue_log()), crews)  # each crew written with its launch
        total.add(write_dataset(session, launches, authorship=Authorship(BUNDLED_AUTHOR, reason="GCAT update")))
        # The landings, and the launches GCAT lacks; the people were written first.
        total.add(write_dataset(session, Dataset(places=crews.places, sources=crews.sources, events=crews.events),
                                authorship=_MCDOWELL))
        total.add(_load_spacewalks(session))
    # Successions last, between agencies the documents and the catalogue have named (data/agency-successions.tsv).
    total.add(write_dataset(session, Dataset(successions=bundled_successions()), authorship=BUNDLED))
    return total


_MCDOWELL = Authorship(BUNDLED_AUTHOR, reason="McDowell update")


def _bundled_crews() -> Dataset:
    """McDowell's crews and landings (data/mcdowell/), linked to the launches by designation."""
    from tracker.formats.mcdowell import read_mcdowell

    return read_mcdowell(crews_missions())


def _load_spacewalks(session: Session) -> ImportReport:
    """The bundled NASA EVA table (data/nasa-eva/), its walkers matched to the bundled McDowell rides
    (data/mcdowell/). Loaded after the launches, whose designations the spacewalks' flights name, and after
    McDowell's crews, whose people take the walkers' names (McDowell's full forms) as aliases."""
    from tracker.bundled import data_directory
    from tracker.formats.nasa_eva import read_nasa_eva

    data = data_directory()
    dataset = read_nasa_eva(data / "nasa-eva" / "eva.csv.gz", data / "mcdowell" / "rides.tsv.gz",
                            data / "mcdowell" / "missions.tsv.gz")
    return write_dataset(session, dataset, authorship=Authorship(BUNDLED_AUTHOR, reason="NASA EVA update"))


def seed_bundled(session: Session) -> str:
    """What `Store.prepare` runs to fill a new default database: the bundled dataset and launch catalogue,
    summarised in one line with the catalogue's credit."""
    with _rare_collections():
        report = load_bundled_dataset(session)
    return (f"loaded the bundled dataset ({report.summary()}); launch history: {GCAT_CREDIT}; crews and landings: "
            f"{MCDOWELL_CREDIT}")
