"""Reading ahead in a thread: the same items in the same order, the producer's errors raised where they are
reached, a bounded distance ahead, and the thread gone once the consumer stops."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tracker.read_ahead import read_ahead


def test_items_come_in_order_across_chunks() -> None:
    assert list(read_ahead(range(1234), chunk=100, depth=2)) == list(range(1234))
    assert list(read_ahead([], chunk=10)) == []


def test_an_error_of_the_producer_is_raised_after_the_items_before_it() -> None:
    def failing() -> Iterator[int]:
        yield from range(25)
        raise ValueError("line 26: invalid date")

    seen: list[int] = []
    with pytest.raises(ValueError, match="line 26"):
        for item in read_ahead(failing(), chunk=10):
            seen.append(item)
    assert seen == list(range(25))


def test_the_producer_stays_a_bounded_distance_ahead_and_stops_with_the_consumer() -> None:
    produced: list[int] = []

    def counting() -> Iterator[int]:
        for item in range(1_000_000):
            produced.append(item)
            yield item

    before = threading.active_count()
    stream = read_ahead(counting(), chunk=10, depth=3)
    assert next(stream) == 0
    time.sleep(0.3)  # time enough to run far ahead, were it unbounded
    assert len(produced) <= 10 * (3 + 2)  # the queue's chunks, the one taken, the one being made
    stream.close()
    assert threading.active_count() == before
    assert len(produced) < 100
