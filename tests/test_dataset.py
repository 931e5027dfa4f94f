"""The bundled dataset: sourced, loadable through the importer, and true to what really happened around the
source article (whose wrong claims are kept as superseded, sourced values)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tracker.bundled import dataset_files
from tracker.records import EventRecord, RevisionStatus
from tracker.store.database import Store
from tracker.store.query import events_between

ARTICLE_EVENTS = {"bakanov-arrives-houston", "bakanov-visits-jsc", "duffy-bakanov-meeting",
                  "bakanov-starliner-factory-visit", "bakanov-meets-crew-11", "crew-11-launch",
                  "duffy-appointed-acting-nasa-administrator", "last-nasa-roscosmos-heads-meeting-2018"}


def documents() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in dataset_files()]


def all_events() -> list[dict[str, Any]]:
    return [event for document in documents() for event in document.get("events", [])]


def test_every_event_cites_a_web_source_described_in_the_dataset() -> None:
    described = {source["url"] for document in documents() for source in document.get("sources", [])}
    for event in all_events():
        assert any(url.startswith(("https://", "http://")) for url in event["sources"]), event["slug"]
        assert set(event["sources"]) <= described, event["slug"]
        for revision in event.get("history", []):
            assert revision.get("source") in described, event["slug"]


def test_slugs_are_unique_across_documents() -> None:
    repeated = [slug for slug, count in Counter(event["slug"] for event in all_events()).items() if count > 1]
    assert repeated == []


def test_the_article_events_and_sixty_others_are_there() -> None:
    slugs = {event["slug"] for event in all_events()}
    assert slugs >= ARTICLE_EVENTS
    assert len(slugs - ARTICLE_EVENTS) >= 60


@pytest.fixture
def recorded(bundled_store: Store) -> dict[str, EventRecord]:
    with bundled_store.reading() as session:
        return {event.slug: event for event in events_between(session)}


def test_crew_11_launched_on_1_august_after_the_31_july_scrub(recorded: dict[str, EventRecord]) -> None:
    launch = recorded["crew-11-launch"]
    assert launch.span.start.iso() == "2025-08-01T15:43Z"
    assert launch.place == "Kennedy Space Center"
    scrubbed = [item for item in launch.history if item.status == RevisionStatus.SCRUBBED]
    assert scrubbed and scrubbed[0].span is not None
    assert scrubbed[0].span.start.iso().startswith("2025-07-31")
    assert {person.name for person in launch.people} >= {"Oleg Platonov", "Zena Cardman"}


def test_the_duffy_bakanov_meeting_was_at_kennedy_not_houston(recorded: dict[str, EventRecord]) -> None:
    meeting = recorded["duffy-bakanov-meeting"]
    assert meeting.place == "Kennedy Space Center"
    assert meeting.span.start.iso() == "2025-07-31"
    assert any(item.place == "Houston" and item.status == RevisionStatus.SUPERSEDED for item in meeting.history)
    assert {person.name for person in meeting.people} == {"Sean Duffy", "Dmitry Bakanov"}


def test_bakanov_arrived_in_houston_on_28_july(recorded: dict[str, EventRecord]) -> None:
    arrival = recorded["bakanov-arrives-houston"]
    assert (arrival.span.start.iso(), arrival.place) == ("2025-07-28", "Houston")
