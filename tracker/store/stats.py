"""How much a store holds, and how far its sources reach."""

from datetime import datetime

from sqlalchemy import func, select

from tracker.records import EventKind, Outcome, Trajectory
from tracker.store import tables
from tracker.store.columns import Event, EventSource, Source
from tracker.store.reading import Reader


def citing(session: Reader, url: str) -> int:
    """How many events cite the source at `url`."""
    return session.scalar(select(func.count()).select_from(tables.event_sources).join(tables.sources)
                          .where(Source.url == url)) or 0


def counts(session: Reader) -> dict[str, int]:
    """Rows of each kind: events, date revisions, agencies, people, places, sources."""
    kinds = {"events": tables.events, "date revisions": tables.date_revisions, "agencies": tables.agencies,
             "people": tables.people, "places": tables.places, "sources": tables.sources}
    return {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in kinds.items()}


def launches_by_trajectory(session: Reader, url: str) -> dict[str, dict[str, int]]:
    """The launches citing the source at `url` (the catalogue's), by trajectory ("orbital", "suborbital", "lunar
    surface", "unknown") and outcome ("success", "failure", "partial", "unknown"): what "orbital launches"
    counts, lunar-surface ascents and suborbital flights apart."""
    rows = session.execute(
        select(Event.trajectory, Event.outcome, func.count())
        .join_from(tables.events, tables.event_sources).join(tables.sources)
        .where(Source.url == url, Event.kind == EventKind.LAUNCH).group_by(Event.trajectory, Event.outcome))
    found: dict[str, dict[str, int]] = {}
    for trajectory, outcome, count in rows:
        by_outcome = found.setdefault(Trajectory(trajectory).value if trajectory else "unknown", {})
        name = Outcome(outcome).value if outcome else "unknown"
        by_outcome[name] = by_outcome.get(name, 0) + count
    return found


def catalogue_end(session: Reader, url: str, prefix: str) -> datetime | None:
    """Where the latest event citing the catalogue at `url` starts (UTC): how far the catalogue reaches. None
    when the store holds no event of the catalogue's own, whose slugs start with `prefix` ("gcat-"): curated
    events cite a catalogue too, without the store holding it. One statement, read backwards on the index of
    starts."""
    source = select(Source.id).where(Source.url == url).scalar_subquery()
    held = select(Event.id).where(Event.slug >= prefix, Event.slug < prefix + "\uffff").exists()
    return session.scalar(select(Event.lower).join(tables.event_sources, EventSource.event_id == Event.id)
                          .where(EventSource.source_id == source, held).order_by(Event.lower.desc()).limit(1))


def source_dates(session: Reader, urls: list[str]) -> dict[str, str]:
    """The date each of these sources was published or last updated (ISO text, as stored), for those the store
    holds with one: GCAT's launch log and McDowell's missions list carry theirs, which `tracker db update` moves."""
    rows = session.execute(select(Source.url, Source.published_iso).where(Source.url.in_(urls),
                                                                           Source.published_iso.is_not(None)))
    return {url: str(published) for url, published in rows}


def slugs_citing(session: Reader, urls: list[str]) -> dict[str, str]:
    """For each of these source URLs that an event cites, the slug of the (first) event citing it: how a
    catalogue's own record of an event (Launch Library 2's API URL, holding its id) finds the event again."""
    found: dict[str, str] = {}
    for start in range(0, len(urls), 500):  # bounded IN lists
        rows = session.execute(select(Source.url, Event.slug)
                               .join(tables.event_sources, EventSource.source_id == Source.id)
                               .join(tables.events, Event.id == EventSource.event_id)
                               .where(Source.url.in_(urls[start:start + 500])).order_by(Event.id))
        for url, slug in rows:
            found.setdefault(url, slug)
    return found


def held_slugs(session: Reader, slugs: list[str]) -> set[str]:
    """Which of these slugs the store holds."""
    found: set[str] = set()
    for start in range(0, len(slugs), 500):
        found.update(session.scalars(select(Event.slug).where(Event.slug.in_(slugs[start:start + 500]))))
    return found
