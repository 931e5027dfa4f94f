"""The JSON objects the database writes (exports/json.py) are the bytes Python's encoder writes of the same
events' values (store/export.py, formats/json.py), whatever the texts hold: quotes, backslashes, control characters,
line breaks, any script, on both engines. tests/store/test_export.py holds both to the records' output."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, literal, select

from tracker.dates.when import Span
from tracker.exports.json import stored_json
from tracker.formats.json import EVENT_FIELDS, encode, values_to_json
from tracker.names import fold
from tracker.records import EventKind, EventRecord, EventStatus, Outcome, Participant, Trajectory
from tracker.store.database import Store
from tracker.store.export import stored_events
from tracker.store.query import EventQuery
from tracker.store.rows import json_text
from tracker.store.write import import_events

texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
"""Any text a store holds (none holds NUL, which PostgreSQL cannot store)."""
words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=16).map(
    str.strip).filter(bool)
"""A name: one line, no edge spaces, as records hold them."""
_numbers: Iterator[int] = itertools.count()


@st.composite
def events(draw: st.DrawFn) -> EventRecord:
    number = next(_numbers)
    zone = draw(st.sampled_from([None, "Asia/Almaty"]))
    return EventRecord(
        slug=f"event-{number}", title=draw(words), kind=draw(st.sampled_from(EventKind)),
        status=draw(st.sampled_from(EventStatus)),
        span=Span.parse(*draw(st.sampled_from([("1969", None), ("2025-07-31T12:09", "2025-08-02")])), zone),
        timezone=zone, summary=draw(texts),
        agencies=draw(st.lists(st.builds(Participant, words, texts), max_size=3,
                               unique_by=lambda item: (fold(item.name), item.role))),
        people=draw(st.lists(st.builds(Participant, words, texts), max_size=2,
                             unique_by=lambda item: (fold(item.name), item.role))),
        sources=draw(st.lists(st.from_regex(r"https://example\.org/[a-z\\\";\u00e9\u2028]{1,8}", fullmatch=True),
                              max_size=2, unique=True)),
        outcome=draw(st.none() | st.sampled_from(Outcome)), designation=draw(st.none() | words),
        aliases=draw(st.lists(words, max_size=2, unique_by=fold)), flight=draw(st.none() | words),
        vehicle=draw(st.none() | words), vehicle_family=draw(st.none() | words),
        trajectory=draw(st.none() | st.sampled_from(Trajectory)),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(events(), min_size=1, max_size=4))
def test_the_database_writes_what_the_encoder_writes(store: Store, records: list[EventRecord]) -> None:
    with store.transaction() as session:
        import_events(session, records)
    with store.reading() as session:
        written = list(stored_json(session, EventQuery(), batch=3))
        encoded = [encode(values_to_json(values)) for values in stored_events(session, EventQuery(), history=True)]
    assert written == encoded
    assert len(written) >= len(records)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts | st.none())
def test_a_text_is_quoted_as_the_encoder_quotes_it(store: Store, text: str | None) -> None:
    with store.reading() as session:
        assert session.scalar(select(json_text(literal(text, String)))) == encode(text)


def test_the_keys_are_those_of_an_event_object() -> None:
    with_no_values = (None,) * 8 + ((), (), "", (), None, None, (), 1, "", "", None, None, None, None, ())
    assert tuple(values_to_json(with_no_values)) == EVENT_FIELDS  # type: ignore[arg-type]
