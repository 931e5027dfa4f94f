"""How much a store holds."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.records import EventKind, Outcome, Trajectory
from tracker.store.schema import Agency, DateRevision, Event, EventSource, Person, Place, Source


def citing(session: Session, url: str) -> int:
    """How many events cite the source at `url`."""
    return session.scalar(select(func.count()).select_from(EventSource).join(Source)
                          .where(Source.url == url)) or 0


def counts(session: Session) -> dict[str, int]:
    """Rows of each kind: events, date revisions, agencies, people, places, sources."""
    kinds = {"events": Event, "date revisions": DateRevision, "agencies": Agency, "people": Person,
             "places": Place, "sources": Source}
    return {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in kinds.items()}


def launches_by_trajectory(session: Session, url: str) -> dict[str, dict[str, int]]:
    """The launches citing the source at `url` (the catalogue's), by trajectory ("orbital", "suborbital", "lunar
    surface", "unknown") and outcome ("success", "failure", "partial", "unknown"): what "orbital launches"
    counts, lunar-surface ascents and suborbital flights apart."""
    rows = session.execute(
        select(Event.trajectory, Event.outcome, func.count()).join(EventSource).join(Source)
        .where(Source.url == url, Event.kind == EventKind.LAUNCH).group_by(Event.trajectory, Event.outcome))
    found: dict[str, dict[str, int]] = {}
    for trajectory, outcome, count in rows:
        by_outcome = found.setdefault(Trajectory(trajectory).value if trajectory else "unknown", {})
        name = Outcome(outcome).value if outcome else "unknown"
        by_outcome[name] = by_outcome.get(name, 0) + count
    return found
