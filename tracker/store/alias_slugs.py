"""Readable slugs for the catalogue's events people name: `apollo-11-launch` opens `gcat-1969-059`.

They are derived, never stored, from the bundled table of the names writers use for launches
(data/mission-aliases.tsv: one row per launch, its usual English name first): the usual name as a slug
("Apollo 11" is `apollo-11`, "STS-41-B" `sts-41-b`) and what happened:

- `MISSION-launch`: the launch (the event whose designation is the row's launch tag);
- `MISSION-landing`: the flight's first landing (Apollo 11's on the Moon; a Soyuz's return);
- `MISSION-return`: the flight's last landing, its return to Earth;
- `MISSION-splashdown`: that return, when it came down at sea (its title says "splashdown").

A name two rows share gives no slug (a test holds the table to none). An event's own slug always wins: an alias is
looked up only when no event has the slug asked for, and is shown in place of a catalogue slug only when no event
has it as its own; so an alias never hides, or is taken for, a user's event. Being derived from the bundled
table, an alias stays the same across updates and imports.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from sqlalchemy import select

from tracker.bundled import data_directory
from tracker.names import fold
from tracker.records import EventKind, EventRecord
from tracker.store.columns import Event
from tracker.store.reading import Reader
from tracker.store.rows import event_rows, read_records

MISSION_TABLE = "mission-aliases.tsv"
WHAT = ("launch", "landing", "return", "splashdown")
"""What an alias names of a mission, the last word of its slug."""
_CATALOGUE_SLUG = "gcat-"
"""The slugs the launch catalogue gives (`gcat-1969-059`), which an alias replaces on screen."""


def mission_slug(name: str) -> str:
    """A mission's name as a slug: folded, each run of other characters one dash ("Apollo 11" -> "apollo-11")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


@cache
def missions() -> tuple[dict[str, str], dict[str, str]]:
    """The missions of the bundled table: slug -> launch designation, and designation -> slug; a slug two rows
    would share is left out of both."""
    path = data_directory() / MISSION_TABLE
    if not path.is_file():
        return {}, {}
    by_slug: dict[str, str] = {}
    shared: set[str] = set()
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            names = [name.strip() for name in (row.get("names_en") or "").split(";") if name.strip()]
            tag = (row.get("launch_tag") or "").strip()
            if not names or not tag:
                continue
            slug = mission_slug(names[0])
            if slug in by_slug:
                shared.add(slug)
            by_slug[slug] = tag
    for slug in shared:
        del by_slug[slug]
    return by_slug, {tag: slug for slug, tag in by_slug.items()}


def split_alias(slug: str) -> tuple[str, str] | None:
    """The designation and the part (`WHAT`) an alias slug names, or None when `slug` is no alias."""
    mission, _, what = slug.rpartition("-")
    designation = missions()[0].get(mission)
    if designation is None or what not in WHAT:
        return None
    return designation, what


def event_by_alias(session: Reader, slug: str) -> EventRecord | None:
    """The event the alias slug `slug` names, or None when it is no alias or names nothing stored."""
    found = split_alias(slug)
    if found is None:
        return None
    designation, what = found
    if what == "launch":
        statement = event_rows().where(Event.designation == designation, Event.kind == EventKind.LAUNCH)
        return next(read_records(session, statement.order_by(Event.lower, Event.slug).limit(1)), None)
    landings = list(read_records(session, event_rows().where(Event.flight == designation,
                                                             Event.kind == EventKind.LANDING)
                                 .order_by(Event.lower, Event.upper, Event.slug)))
    if not landings:
        return None
    if what == "landing":
        return landings[0]
    if what == "splashdown" and "splash" not in landings[-1].title.lower():
        return None
    return landings[-1]


def shown_alias(session: Reader, event: EventRecord) -> str | None:
    """The alias to show for `event` in place of its catalogue slug (`apollo-11-launch` for `gcat-1969-059`), or
    None: only catalogue launches of the table have one, and only while no event has it as its own slug."""
    if not event.slug.startswith(_CATALOGUE_SLUG) or event.kind is not EventKind.LAUNCH or not event.designation:
        return None
    mission = missions()[1].get(event.designation)
    if mission is None:
        return None
    alias = f"{mission}-launch"
    if session.scalar(select(Event.id).where(Event.slug == alias)) is not None:
        return None
    return alias
