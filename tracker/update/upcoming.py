"""Launch Library 2's upcoming launches as planned launches: `tracker db update --upcoming`.

LL2's free tier allows 15 requests an hour. Pages of 100 launches keep an update to a few requests; the requests
sent to LL2 in the last hour are counted in the download folder, and an update that would pass the allowance is
refused before it sends anything, saying how long to wait. A 429 from the server is honoured the same way.

Each launch keeps its LL2 id (its API URL among its sources), so a re-run updates the same event even when LL2
renames it; one with LL2's launch designator is linked to the catalogue's or a curated launch of the same COSPAR
designation, keeping one event. A NET that moves goes to the event's history: "slipped to ..." (postponed), or,
when the old NET had come and gone, scrubbed; a NET brought forward is recorded as the earlier plan.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tracker.bundled import GCAT_URL
from tracker.dates.when import Precision, When
from tracker.errors import InvalidImport, UpdateInterrupted
from tracker.records import Dataset, EventRecord, EventStatus, RevisionRecord, RevisionStatus, SourceRecord
from tracker.store.write import Authorship, ImportReport, write_dataset
from tracker.update.origins import LL2_API, LL2_PAGE_SIZE, LL2_UPCOMING, LL2_URL

if TYPE_CHECKING:
    from tracker.store.database import Session, Store
    from tracker.update.download import Fetcher

HOURLY_REQUESTS = 15
"""Launch Library 2's free tier: requests an hour."""
LL2_UPDATE = Authorship("Launch Library 2", reason="Launch Library 2 update", source=LL2_URL)
_DESIGNATOR = re.compile(r"(\d{4}-\d{3})[A-Z]*")


class _DryRun(Exception):
    """Raised inside the transaction so that a dry run rolls back everything it did."""


@dataclass
class UpcomingUpdate:
    """What an update of upcoming launches did: pages read, requests sent, what the merge did, the NETs moved."""

    pages: int = 0
    requests: int = 0
    notes: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


class Allowance:
    """The requests sent to Launch Library 2 in the last hour, kept in a small JSON file beside the downloads."""

    def __init__(self, path: Path, now: datetime) -> None:
        self.path = path
        self.now = now
        try:
            sent = [datetime.fromisoformat(text) for text in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            sent = []
        self.sent = sorted(moment for moment in sent if moment.tzinfo and now - moment < timedelta(hours=1))

    def left(self) -> int:
        """Requests still allowed this hour."""
        return HOURLY_REQUESTS - len(self.sent)

    def refusal(self) -> str:
        """Why no request may be sent now, and how long to wait."""
        free = self.sent[0] + timedelta(hours=1)
        wait = max(1, round((free - self.now).total_seconds() / 60))
        return (f"Launch Library 2's free tier allows {HOURLY_REQUESTS} requests an hour, and {len(self.sent)} were "
                f"sent in the last hour: wait {wait} minutes (until {free:%H:%M} UTC); nothing was changed")

    def spend(self) -> None:
        """Count one request now, in the file too (written whole, then renamed)."""
        self.sent.append(self.now)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".part")
        temporary.write_text(json.dumps([moment.isoformat() for moment in self.sent]), encoding="utf-8")
        temporary.replace(self.path)


def _first_url(base: str) -> str:
    return f"{base}{LL2_UPCOMING}?limit={LL2_PAGE_SIZE}&mode=detailed"


def _next_url(base: str, given: object) -> str | None:
    """The next page, asked of the same server as the first: LL2's `next` names its own host, which a mirror is
    not."""
    if not isinstance(given, str) or not given:
        return None
    return f"{base}{LL2_UPCOMING}?{urlsplit(given).query}"


def fetch_pages(origin: str | None, fetcher: Fetcher, allowance: Allowance | None, pages: int,
                notes: list[str]) -> list[Any]:
    """Up to `pages` pages of upcoming launches from LL2 (or the mirror at `origin`), counting each request
    against `allowance` (LL2 itself only); RateLimited when the allowance is spent."""
    from tracker.errors import RateLimited

    base = LL2_API if origin is None else (origin if origin.endswith("/") else origin + "/")
    url: str | None = _first_url(base)
    documents: list[Any] = []
    while url is not None:
        if len(documents) == pages:
            notes.append(f"stopped after {pages} pages to stay within the free tier's {HOURLY_REQUESTS} requests an "
                         "hour (more with --pages)")
            break
        if allowance is not None:
            if allowance.left() <= 0:
                raise RateLimited(allowance.refusal())
            allowance.spend()
        document = fetcher.get_json(url, f"Launch Library 2 upcoming launches, page {len(documents) + 1}")
        documents.append(document)
        url = _next_url(base, document.get("next") if isinstance(document, dict) else None)
    return documents


def read_pages(folder: Path) -> list[Any]:
    """Saved LL2 pages in a folder: upcoming.json, then upcoming-2.json and so on (any `upcoming*.json`, in the
    order of the numbers in their names)."""
    def number(path: Path) -> int:
        digits = re.findall(r"\d+", path.stem)
        return int(digits[-1]) if digits else 1

    documents = []
    for path in sorted(folder.glob("upcoming*.json"), key=number):
        try:
            documents.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise InvalidImport([f"not an LL2 page: {exc}"], str(path)) from None
    return documents


def _api_url(item: dict[str, Any]) -> str | None:
    """The launch's LL2 id, as the API URL (version 2.3) that names it."""
    ident = item.get("id")
    return f"{LL2_API}launches/{ident}/" if isinstance(ident, str) and ident else None


def read_launches(documents: list[Any], known_places: set[str]) -> list[EventRecord]:
    """The launches of every page, read by the LL2 reader, each with its LL2 id (API URL) and the page it came
    from among its sources, and its COSPAR designation when LL2 gives one ("2025-169A" -> "2025-169")."""
    from tracker.formats.ll2 import read_ll2

    records: dict[str, EventRecord] = {}
    for number, document in enumerate(documents, start=1):
        items = document.get("results") if isinstance(document, dict) else None
        if not items:
            continue
        events = read_ll2(document, f"Launch Library 2 upcoming launches, page {number}", known_places)
        for item, event in zip(items, events, strict=True):
            given = set(event.given or ())
            sources = [*event.sources]
            api = _api_url(item) if isinstance(item, dict) else None
            for url in (api, LL2_URL):
                if url and url not in sources:
                    sources.append(url)
            designation = None
            designator = item.get("launch_designator") if isinstance(item, dict) else None
            match = _DESIGNATOR.fullmatch(designator.strip()) if isinstance(designator, str) else None
            if match:
                designation = match[1]
                given.add("designation")
            records[event.slug] = replace(event, sources=sources, designation=designation or event.designation,
                                          given=frozenset(given))
    return list(records.values())


def _moved(stored: EventRecord, incoming: EventRecord, now: datetime) -> RevisionRecord | None:
    """The revision a moved NET leaves in the history, or None when the NET did not move."""
    old, new = stored.span, incoming.span
    if (old.lower, old.upper) == (new.lower, new.upper):
        return None
    recorded = When.from_instant(now, Precision.SECOND)
    label = new.start.label()
    if new.lower < old.lower:
        return RevisionRecord(RevisionStatus.PLANNED, old, None, f"moved earlier to {label}", LL2_URL, recorded)
    if stored.status == EventStatus.PLANNED and old.start.precision >= Precision.HOUR and old.lower <= now:
        return RevisionRecord(RevisionStatus.SCRUBBED, old, None, f"scrubbed; next attempt {label}", LL2_URL,
                              recorded)
    return RevisionRecord(RevisionStatus.POSTPONED, old, None, f"slipped to {label}", LL2_URL, recorded)


def merge(session: Session, records: list[EventRecord], now: datetime, done: UpcomingUpdate) -> None:
    """Write the launches: each found again by its LL2 id (keeping the stored slug), a moved NET recorded; a launch
    the catalogue (GCAT) has since logged is left to it."""
    from tracker.store.rows import records_by_slug
    from tracker.store.stats import slugs_citing

    by_id = slugs_citing(session, [url for record in records for url in record.sources
                                   if url.startswith(f"{LL2_API}launches/")])
    renamed = []
    for record in records:
        ident = next((url for url in record.sources if url in by_id), None)
        renamed.append(replace(record, slug=by_id[ident]) if ident else record)
    stored = records_by_slug(session, [record.slug for record in renamed])
    written = []
    for record in renamed:
        current = stored.get(record.slug)
        if current is not None and GCAT_URL in current.sources:
            continue  # logged by the catalogue: its record of a launch that happened outranks the upcoming list
        revision = _moved(current, record, now) if current is not None else None
        if revision is not None:
            record = replace(record, history=[*record.history, revision])
            done.moved.append(f"{record.slug}: {revision.reason}")
        written.append(record)
    source = SourceRecord(LL2_URL, "Launch Library 2: upcoming launches", "The Space Devs", "", "en",
                          When.from_instant(now, Precision.DAY, "UTC"))
    write_dataset(session, Dataset(sources=[source], events=written), report=done.report, authorship=LL2_UPDATE)


def update_upcoming(store: Store, origin: str | None, *, dry_run: bool = False, pages: int = 4,
                    cache: Path | None = None, now: datetime | None = None) -> UpcomingUpdate:
    """Read LL2's upcoming launches (from LL2, a mirror URL, or a folder of saved pages) and merge them in one
    transaction as planned launches, or roll back with `dry_run`. Raises RateLimited (saying how long to wait),
    DownloadFailed or InvalidImport with the store unchanged; UpdateInterrupted for Ctrl-C (the store unchanged
    too)."""
    try:
        return _update(store, origin, dry_run=dry_run, pages=pages, cache=cache, now=now or datetime.now(UTC))
    except KeyboardInterrupt:
        raise UpdateInterrupted("interrupted while reading Launch Library 2's upcoming launches: nothing was "
                                "changed") from None


def _update(store: Store, origin: str | None, *, dry_run: bool, pages: int, cache: Path | None,
            now: datetime) -> UpcomingUpdate:
    from tracker.store.directory import place_zones
    from tracker.update.download import Fetcher
    from tracker.update.origins import cache_directory

    moment = now
    done = UpcomingUpdate()
    folder = origin is not None and not origin.startswith(("http://", "https://"))
    if folder:
        assert origin is not None
        documents = read_pages(Path(origin))
    else:
        downloads = cache or cache_directory()
        allowance = Allowance(downloads / "ll2-requests.json", moment) if origin is None else None
        with Fetcher(downloads) as fetcher:
            try:
                documents = fetch_pages(origin, fetcher, allowance, pages, done.notes)
            finally:
                done.requests = fetcher.requests
    done.pages = len(documents)
    if not documents:
        done.notes.append(f"no upcoming launches found at {origin}: nothing to update")
        return done
    with store.reading() as session:
        known = set(place_zones(session))
    records = read_launches(documents, known)
    try:
        with store.transaction() as session:
            merge(session, records, moment, done)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return done
