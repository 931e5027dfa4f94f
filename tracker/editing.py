"""Entering and correcting events one at a time. A change never overwrites: an old date or place is kept in the
event's history, every other old value in its changes, with the reason and source given; the user's values then
outrank what bundled data or a catalogue later says."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tracker.dates.when import Precision, When, utc_now
from tracker.errors import InvalidRecord
from tracker.records import Dataset, EventRecord, RevisionRecord, RevisionStatus, check_record
from tracker.store.directory import check_names_known
from tracker.store.query import event_by_slug, slug_exists
from tracker.store.write import USER, Authorship, OnConflict, delete_events, write_dataset

if TYPE_CHECKING:
    from tracker.store.database import Session


def add_event(session: Session, record: EventRecord, *, create_missing: bool = False) -> str:
    """Store a new event and return its slug; raises InvalidRecord if the slug is taken, NotFound for unknown
    names unless `create_missing`."""
    check_record(record, "")
    if slug_exists(session, record.slug):
        raise InvalidRecord(f"an event {record.slug!r} already exists (use `tracker edit {record.slug}`)")
    if not create_missing:
        check_names_known(session, record)
    write_dataset(session, Dataset(events=[record]), OnConflict.FAIL)
    return record.slug


@dataclass(frozen=True)
class Correction:
    """Why a date or place changed, who said so, and what became of the old value."""

    reason: str = ""
    source: str | None = None
    status: RevisionStatus = RevisionStatus.SUPERSEDED


def edit_event(session: Session, slug: str, changed: EventRecord, correction: Correction, *,
               create_missing: bool = False) -> EventRecord:
    """Replace the event `slug` with `changed`; its old date and place, if they changed, go to its history."""
    current = event_by_slug(session, slug)
    if changed.slug != slug:
        raise InvalidRecord("an event's slug cannot be changed")
    if not create_missing:
        check_names_known(session, changed)
    history = list(current.history)
    if changed.span != current.span or changed.place != current.place:
        history.append(RevisionRecord(
            correction.status,
            current.span if changed.span != current.span else None,
            current.place if changed.place != current.place else None,
            correction.reason, correction.source, When.from_instant(utc_now(), Precision.SECOND)))
    updated = replace(changed, history=history,
                      sources=[*changed.sources, *([correction.source] if correction.source and
                                                   correction.source not in changed.sources else [])])
    check_record(updated, "")
    write_dataset(session, Dataset(events=[updated]), OnConflict.UPDATE,
                  authorship=Authorship(USER, reason=correction.reason or "edited", source=correction.source))
    return updated


def delete_event(session: Session, slug: str) -> None:
    """Remove the event `slug` and everything attached to it; raises NotFound if there is none."""
    event_by_slug(session, slug)
    delete_events(session, [slug])


