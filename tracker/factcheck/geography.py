"""Where the store's places are, for judging a claimed place: the store's own tree of places (data/places.tsv,
through store/trees.py: Florida holds Cape Canaveral, which holds Kennedy Space Center; the Moon holds the Sea of
Tranquility), so that "launched from Florida" is checked against a launch recorded at Kennedy Space Center and
"from Vandenberg" against one recorded at Kennedy is wrong.

This module never reads the store: candidates.py reads the tree once per batch of claims and holds it here with
`using_tree` while the claims are judged. There is no second table of places.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tracker.names import fold

_TREE: ContextVar[dict[str, frozenset[str]] | None] = ContextVar("place_tree", default=None)


@contextmanager
def using_tree(contents: dict[str, frozenset[str]]) -> Iterator[None]:
    """Within the block, places hold what the store's tree says they hold (each folded name or other name of a
    place -> the folded names of every place inside it, itself included)."""
    token = _TREE.set(contents)
    try:
        yield
    finally:
        _TREE.reset(token)


def within(claimed: str, recorded: str) -> bool:
    """Whether the place a claim names is, or contains, the recorded place."""
    if fold(claimed) == fold(recorded):
        return True
    tree = _TREE.get()
    return tree is not None and fold(recorded) in tree.get(fold(claimed), frozenset())


def is_located(place: str) -> bool:
    """Whether the tree puts `place` inside another place (so a claim naming a place that does not hold it is
    wrong): a place holding more than it does (its own other names hold exactly what it holds)."""
    tree = _TREE.get()
    if tree is None:
        return False
    own = tree.get(fold(place), frozenset({fold(place)}))
    return any(fold(place) in inside and inside > own for inside in tree.values())
