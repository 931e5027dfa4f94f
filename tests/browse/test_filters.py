"""The filter line read into terms, without a screen."""

from __future__ import annotations

import pytest

from tracker.browse.filters import FIELDS, Typed, completion, read_filter
from tracker.errors import InvalidRecord
from tracker.records import EventKind


@pytest.mark.parametrize("field", FIELDS)
def test_every_term_takes_a_space_after_its_colon(field: str) -> None:
    value = {"kind": "launch", "status": "occurred", "outcome": "failure", "trajectory": "orbital"}.get(field, "X")
    assert read_filter(f"{field}: {value} moon") == read_filter(f"{field}:{value} moon")
    assert read_filter(f"{field}: {value}") != Typed()


def test_a_quoted_value_after_the_space_and_a_term_after_an_empty_one() -> None:
    assert read_filter('agency: "Rocket Lab" kind:  launch') == Typed(agencies=("Rocket Lab",),
                                                                     kinds=(EventKind.LAUNCH,))
    with pytest.raises(InvalidRecord, match="filter term 'agency:' needs a value"):
        read_filter("agency: kind:launch")
    with pytest.raises(InvalidRecord, match="filter term 'kind:boat': unknown kind 'boat'"):
        read_filter("kind: boat")


def test_completion_after_a_space() -> None:
    assert completion("moon agency: nas", {"agency": ["NASA"]}) == "moon agency:NASA"
