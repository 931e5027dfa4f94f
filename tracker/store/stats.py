"""How much a store holds."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
