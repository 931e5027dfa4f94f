"""The CSV rows whose list cells the database makes (exports/csv.py) are the rows `formats.csv` writes of the
same events' values (store/export.py), whatever the names, roles and URLs hold: the characters escaped in a list
cell, white space inside and at the edges (left to Python), formula starts, any script, on both engines.
tests/store/test_export.py holds both to the records' output."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.dates.when import Span
from tracker.exports.csv import WHITE_SPACE, stored_rows
from tracker.formats.csv import values_row
from tracker.names import fold
from tracker.records import EventKind, EventRecord, EventStatus, Participant
from tracker.store.database import Store
from tracker.store.export import stored_events
from tracker.store.query import EventQuery
from tracker.store.write import import_events

hostile = st.sampled_from(["\\", ";", "(", ")", " ", "\u00a0", "\u3000", "\t", "=", "+", "'", "é", "\n"])
texts = st.lists(hostile | st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12).map("".join)
"""Any text a store holds, rich in what a list cell escapes."""
names = texts.filter(lambda text: text.strip() != "" and "\n" not in text and "\r" not in text)
_numbers: Iterator[int] = itertools.count()


@st.composite
def events(draw: st.DrawFn) -> EventRecord:
    return EventRecord(
        slug=f"event-{next(_numbers)}", title=draw(names), kind=draw(st.sampled_from(EventKind)),
        status=draw(st.sampled_from(EventStatus)), span=Span.parse("2025-07-31"), summary=draw(texts),
        agencies=draw(st.lists(st.builds(Participant, names, texts), max_size=3,
                               unique_by=lambda item: (fold(item.name), item.role))),
        people=draw(st.lists(st.builds(Participant, names, texts), max_size=2,
                             unique_by=lambda item: (fold(item.name), item.role))),
        sources=draw(st.lists(names.map(lambda text: "https://example.org/" + text), max_size=2, unique=True)),
        aliases=draw(st.lists(names, max_size=2, unique_by=fold)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(events(), min_size=1, max_size=4), neutralise=st.booleans())
def test_the_database_makes_the_rows_python_makes(store: Store, records: list[EventRecord], neutralise: bool) -> None:
    with store.transaction() as session:
        import_events(session, records)
    with store.reading() as session:
        made = list(stored_rows(session, EventQuery(), neutralise, batch=3))
        expected = [values_row(values, neutralise=neutralise) for values in stored_events(session, EventQuery())]
    assert made == expected
    assert len(made) >= len(records)


def test_white_space_is_what_python_strips() -> None:
    assert set(WHITE_SPACE) == {chr(code) for code in range(0x110000) if chr(code).isspace()}
