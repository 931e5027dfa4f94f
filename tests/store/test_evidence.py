"""Evidence is only ever added: an import changes only what a record states, `--replace` is the one way to make a
record the whole truth, every replaced value goes to history, and bundled data never overwrites what a user edited
nor removes a revision the user wrote. On both engines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import run
from tracker.editing import Correction, edit_event
from tracker.ingest import import_document, import_file
from tracker.records import EventKind, EventStatus, Outcome, Participant, RevisionStatus
from tracker.store.database import Store
from tracker.store.query import event_by_slug, field_changes
from tracker.store.schema import FieldChange
from tracker.store.write import USER, Authorship

PLACES = [{"name": "Kennedy Space Center", "timezone": "America/New_York"},
          {"name": "Cape Canaveral", "timezone": "America/New_York"}]
AGENCIES = [{"name": "NASA"}, {"name": "SpaceX"}]
PEOPLE = [{"name": "Zena Cardman"}, {"name": "Oleg Platonov"}]


def whole(**changes: Any) -> dict[str, Any]:
    """The bundled-style record of one launch, with every field stated."""
    event = {"slug": "crew-11-launch", "title": "Crew-11 launch", "kind": "launch", "status": "occurred",
             "start": "2025-08-01T15:43Z", "place": "Kennedy Space Center", "summary": "Four crew to the ISS.",
             "agencies": [{"name": "NASA", "role": "operator"}],
             "people": [{"name": "Zena Cardman", "role": "commander"}],
             "sources": ["https://example.org/crew-11"], "outcome": "success", "designation": "2025-168",
             "aliases": ["Crew-11"]}
    event.update(changes)
    return event


def bundled(store: Store, *events: dict[str, Any]) -> Any:
    """Write `events` as the bundled data writes them; the report."""
    with store.transaction() as session:
        return import_document(session, {"places": PLACES, "agencies": AGENCIES, "people": PEOPLE,
                                          "events": list(events)}, "bundled test.json")


def by_user(store: Store, *events: dict[str, Any]) -> Any:
    with store.transaction() as session:
        return import_document(session, {"events": list(events)}, "mine.json", authorship=Authorship(USER))


def stored(store: Store, slug: str = "crew-11-launch") -> Any:
    with store.reading() as session:
        return event_by_slug(session, slug)


def changes(store: Store, slug: str = "crew-11-launch") -> list[Any]:
    with store.reading() as session:
        return field_changes(session, slug)


def test_a_record_stating_few_fields_leaves_the_others_alone(store: Store) -> None:
    bundled(store, whole())
    by_user(store, {"slug": "crew-11-launch", "title": "Crew-11", "kind": "launch", "start": "2025-08-01T15:43Z"})
    event = stored(store)
    assert event.title == "Crew-11"
    assert event.place == "Kennedy Space Center"
    assert event.summary == "Four crew to the ISS."
    assert [item.name for item in event.agencies] == ["NASA"]
    assert [item.name for item in event.people] == ["Zena Cardman"]
    assert event.outcome == Outcome.SUCCESS
    assert [(item.field, item.before, item.after) for item in changes(store)] == [
        ("title", "Crew-11 launch", "Crew-11")]


def test_a_field_stated_empty_is_emptied_and_its_old_value_kept(store: Store) -> None:
    bundled(store, whole())
    report = by_user(store, whole(place=None, summary="", people=[]))
    event = stored(store)
    assert (event.place, event.summary, event.people) == (None, "", [])
    kept = {item.field: item.before for item in changes(store)}
    assert kept == {"place": "Kennedy Space Center", "summary": "Four crew to the ISS.",
                    "people": "Zena Cardman (commander)"}
    assert report.changes == ["crew-11-launch: place, summary, people emptied"]
    assert [item.place for item in event.history] == ["Kennedy Space Center"]  # the old place in the date history


def test_sources_and_other_names_are_only_added_to_without_replace(store: Store, tmp_path: Path) -> None:
    bundled(store, whole())
    by_user(store, whole(sources=["https://example.org/other"], aliases=[]))
    event = stored(store)
    assert event.sources == ["https://example.org/other", "https://example.org/crew-11"]
    assert event.aliases == ["Crew-11"]


def test_replace_makes_the_record_the_whole_truth_and_keeps_the_old_values(store: Store, tmp_path: Path) -> None:
    bundled(store, whole(history=[{"status": "scrubbed", "start": "2025-07-31T16:09Z", "reason": "weather"}]))
    path = tmp_path / "partial.json"
    path.write_text(json.dumps([{"slug": "crew-11-launch", "title": "Crew-11", "kind": "launch",
                                 "start": "2025-08-01T15:43Z"}]))
    report = import_file(store, path, replace_all=True)
    event = stored(store)
    assert (event.place, event.summary, event.agencies, event.people, event.sources, event.outcome) == \
        (None, "", [], [], [], None)
    assert [item.reason for item in event.history][:1] == ["weather"]  # history is never dropped
    emptied = {item.field for item in changes(store) if not item.after}
    assert {"place", "summary", "agencies", "people", "sources", "outcome", "designation", "aliases"} <= emptied
    assert report.updated == 1


def test_a_dry_run_lists_what_would_change_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    bundled(store, whole())
    path = tmp_path / "partial.csv"
    path.write_text("slug,title,kind,start,summary\ncrew-11-launch,Crew-11,launch,2025-08-01T15:43Z,\n")
    report = import_file(store, path, dry_run=True)
    assert report.changes == ["crew-11-launch: title changed; summary emptied"]
    assert stored(store).summary == "Four crew to the ISS."
    assert changes(store) == []


@pytest.mark.parametrize(("field", "edit", "check"), [
    ("title", {"title": "My title"}, lambda event: event.title == "My title"),
    ("kind", {"kind": EventKind.OTHER}, lambda event: event.kind == EventKind.OTHER),
    ("status", {"status": EventStatus.UNCONFIRMED}, lambda event: event.status == EventStatus.UNCONFIRMED),
    ("span", {"span": "2025-08-02"}, lambda event: event.span.start.iso() == "2025-08-02"),
    ("place", {"place": "Cape Canaveral"}, lambda event: event.place == "Cape Canaveral"),
    ("summary", {"summary": "My notes"}, lambda event: event.summary == "My notes"),
    ("agencies", {"agencies": [Participant("SpaceX", "operator")]},
     lambda event: [item.name for item in event.agencies] == ["SpaceX"]),
    ("people", {"people": [Participant("Oleg Platonov", "observer")]},
     lambda event: [(item.name, item.role) for item in event.people] == [("Oleg Platonov", "observer")]),
    ("outcome", {"outcome": Outcome.PARTIAL}, lambda event: event.outcome == Outcome.PARTIAL),
    ("designation", {"designation": "2025-999"}, lambda event: event.designation == "2025-999"),
])
def test_bundled_data_never_overwrites_a_field_the_user_edited(store: Store, field: str, edit: dict[str, Any],
                                                              check: Any) -> None:
    from dataclasses import replace

    from tracker.dates.when import Span

    bundled(store, whole())
    with store.transaction() as session:
        current = event_by_slug(session, "crew-11-launch")
        values = {name: Span.parse(value, None, "America/New_York") if name == "span" else value
                  for name, value in edit.items()}
        edit_event(session, "crew-11-launch", replace(current, **values), Correction("my reason"))
    newer = whole(summary="A newer bundled summary.", title="Crew-11 launch (bundled)",
                  agencies=[{"name": "NASA", "role": "operator"}, {"name": "SpaceX", "role": "provider"}],
                  people=[{"name": "Zena Cardman", "role": "commander"}, {"name": "Oleg Platonov", "role": "pilot"}],
                  status="occurred", kind="launch", start="2025-08-01T15:44Z", outcome="failure",
                  designation="2025-168")
    first = bundled(store, newer)
    assert check(stored(store)), f"the user's {field} was overwritten"
    assert any(line.startswith(f"crew-11-launch: kept your {field} ") for line in first.conflicts)
    declined = [item for item in changes(store) if not item.applied and item.field == field]
    if field != "span":  # a date's history is the event's own; its declined value is kept all the same
        assert len(declined) == 1
    again = bundled(store, newer)
    assert again.conflicts == []  # recorded once
    assert check(stored(store))
    with store.reading() as session:
        rows = session.scalars(select(FieldChange).where(FieldChange.field == field,
                                                         FieldChange.applied.is_(False))).all()
        assert len(rows) == 1


def test_fields_the_user_did_not_edit_still_follow_the_bundled_data(store: Store) -> None:
    bundled(store, whole())
    with store.transaction() as session:
        from dataclasses import replace

        current = event_by_slug(session, "crew-11-launch")
        edit_event(session, "crew-11-launch", replace(current, summary="My notes"), Correction())
    bundled(store, whole(summary="Bundled summary", title="Crew-11 launch to the ISS"))
    event = stored(store)
    assert (event.summary, event.title) == ("My notes", "Crew-11 launch to the ISS")
    title = [item for item in changes(store) if item.field == "title"]
    assert [(item.author, item.before) for item in title] == [("bundled data", "Crew-11 launch")]


def test_re_seeding_keeps_every_revision_the_user_wrote(store: Store) -> None:
    from dataclasses import replace

    from tracker.dates.when import Span

    bundled(store, whole(history=[{"status": "scrubbed", "start": "2025-07-31T16:09Z", "reason": "weather"}]))
    for day, reason in (("2025-08-02", "slipped"), ("2025-08-01T15:43Z", "back")):
        with store.transaction() as session:
            current = event_by_slug(session, "crew-11-launch")
            edit_event(session, "crew-11-launch", replace(current, span=Span.parse(day, None, "America/New_York")),
                       Correction(reason, "https://example.org/mine", RevisionStatus.SUPERSEDED))
    bundled(store, whole(history=[{"status": "scrubbed", "start": "2025-07-31T16:09Z", "reason": "weather"}]))
    assert [item.reason for item in stored(store).history] == ["weather", "slipped", "back"]


def test_db_seed_keeps_the_users_edits_and_history(db: str) -> None:
    """The attack that found the loss, through the commands a user runs."""
    edited = run("edit", "crew-11-launch", "--summary", "My notes", "--person", "Sean Duffy:observer",
                 "--reason", "my check", "--source", "https://example.org/mine", db=db)
    assert edited.exit_code == 0, edited.output
    moved = run("edit", "crew-11-launch", "--start", "2025-08-02", "--reason", "test", db=db)
    assert moved.exit_code == 0, moved.output
    back = run("edit", "crew-11-launch", "--start", "2025-08-01T15:43Z", "--reason", "back", db=db)
    assert back.exit_code == 0, back.output
    seeded = run("db", "seed", "--without-catalogue", db=db)
    assert seeded.exit_code == 0, seeded.output
    shown = run("show", "crew-11-launch", "--format", "json", db=db)
    event = json.loads(shown.output)
    assert event["summary"] == "My notes"
    assert {"name": "Sean Duffy", "role": "observer"} in event["people"]
    assert [item["reason"] for item in event["history"]][-2:] == ["test", "back"]


def test_import_dry_run_names_the_fields_and_replace_is_an_option(db: str, tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    path.write_text("slug,title,kind,start,place\ncrew-11-launch,Crew-11,launch,2025-08-01T15:43Z,\n")
    result = run("import", "--dry-run", str(path), db=db)
    assert result.exit_code == 0, result.output
    assert "would update crew-11-launch: title changed; place emptied" in result.output
    replaced = run("import", "--dry-run", "--replace", str(path), db=db)
    assert "summary" in replaced.output and "emptied" in replaced.output
    card = run("show", "crew-11-launch", db=db, terminal=True)
    assert "Changes" not in card.output  # a dry run recorded nothing


def test_a_logged_launch_settles_the_planned_one_it_is_linked_to(store: Store) -> None:
    # Launch Library 2 listed it with a NET; the launch catalogue then logs it, under its own slug.
    bundled(store, whole(slug="ll2-crew-11", title="Falcon 9 Block 5 | Crew-11", status="planned",
                         start="2025-07-31T16:09Z", outcome=None))
    bundled(store, whole(slug="gcat-2025-168", title="Falcon 9 launches Crew Dragon Endeavour",
                         start="2025-08-01T15:43:42Z"))

    event = stored(store, "ll2-crew-11")
    assert event.status is EventStatus.OCCURRED and event.span.start.iso() == "2025-08-01T15:43:42Z"
    assert any(item.span is not None and item.span.start.iso() == "2025-07-31T16:09Z" for item in event.history)
    assert "Falcon 9 launches Crew Dragon Endeavour" in event.aliases  # one event, not two


def test_a_logged_launch_never_moves_a_date_the_user_gave_a_planned_launch(store: Store) -> None:
    bundled(store, whole(slug="ll2-crew-11", status="planned", start="2025-07-31T16:09Z", outcome=None))
    by_user(store, {"slug": "ll2-crew-11", "title": "Crew-11 launch", "start": "2025-07-30T12:00Z"})
    bundled(store, whole(slug="gcat-2025-168", start="2025-08-01T15:43:42Z"))

    assert stored(store, "ll2-crew-11").span.start.iso() == "2025-07-30T12:00Z"
