"""Reading ahead: the items of an iterator produced by a thread of their own while the caller consumes them.

An import spends a third of its time parsing and checking rows (Python, holding the interpreter's lock) and a
third in the database's C code, which releases that lock while it works. Reading the next rows while the previous
ones are being inserted overlaps the two on a machine with a second core. Memory stays bounded: the thread stops
when `depth` chunks are waiting to be consumed.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")

_DONE = object()
"""Put in the queue after the last chunk."""


class _Failed:
    """Put in the queue when the producing iterator raised: the consumer raises the same exception."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(items: Iterable[Item], *, chunk: int = 500, depth: int = 8) -> Iterator[Item]:
    """The items of `items`, in order, produced by a background thread up to `depth` chunks of `chunk` ahead.

    An exception raised by `items` is raised here, where the consumer reaches it, with everything produced before
    it given first. When the consumer stops early (an exception of its own, or it closes this generator), the
    thread stops at its next chunk. `items` must not use anything the consumer uses at the same time (a database
    session): only pure work, such as parsing a file, belongs there.
    """
    chunks: queue.Queue[list[Item] | _Failed | object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        part: list[Item] = []
        try:
            for item in items:
                part.append(item)
                if len(part) == chunk:
                    _put(chunks, part, stop)
                    part = []
                    if stop.is_set():
                        return
            _put(chunks, part, stop)
            _put(chunks, _DONE, stop)
        except BaseException as error:
            _put(chunks, part, stop)  # what came before the error is given first
            _put(chunks, _Failed(error), stop)

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while (part := chunks.get()) is not _DONE:
            if isinstance(part, _Failed):
                raise part.error
            yield from part  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


def _put(chunks: queue.Queue[list[Item] | _Failed | object], value: object, stop: threading.Event) -> None:
    """Put `value` in the queue, waiting for room, unless the consumer has stopped."""
    while not stop.is_set():
        try:
            chunks.put(value, timeout=0.1)
            return
        except queue.Full:
            continue
