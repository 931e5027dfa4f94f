"""The loaded part of a long result: a run of consecutive matches in date order, the cursor in it, and whether
the run reaches either end of the result. The browser asks for the next page when the cursor nears an edge that
is not an end, and drops the far side when the run grows long, so memory stays flat whatever the store holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.records import Match
from tracker.store.query import EventKey, event_key

PAGE = 150
"""Events read in one page."""
MARGIN = 40
"""Another page is asked for when the cursor comes this close to an edge of what is loaded."""
KEPT = 1200
"""The most events held at once; beyond it the side away from the cursor is dropped."""


@dataclass
class Window:
    """Consecutive matches of a query (in date order), the cursor's index, and whether they reach the ends."""

    matches: list[Match] = field(default_factory=list)
    cursor: int = 0
    at_start: bool = True
    at_end: bool = True

    def reset(self, before: list[Match], after: list[Match], *, complete_before: bool, complete_after: bool) -> None:
        """Hold `before` then `after`, with the cursor on the first of `after` (else the last of `before`)."""
        self.matches = [*before, *after]
        self.cursor = len(before) if after else max(len(before) - 1, 0)
        self.at_start, self.at_end = complete_before, complete_after

    @property
    def current(self) -> Match | None:
        """The match under the cursor."""
        return self.matches[self.cursor] if self.matches else None

    def move(self, steps: int) -> None:
        """Move the cursor by `steps`, staying within what is loaded."""
        if self.matches:
            self.cursor = max(0, min(len(self.matches) - 1, self.cursor + steps))

    def need_after(self) -> EventKey | None:
        """The key to read the next page after, when the cursor is near the loaded end and more may follow."""
        if self.at_end or not self.matches or self.cursor < len(self.matches) - MARGIN:
            return None
        return event_key(self.matches[-1].event)

    def need_before(self) -> EventKey | None:
        """The key to read the page before, when the cursor is near the loaded start and more may precede."""
        if self.at_start or not self.matches or self.cursor >= MARGIN:
            return None
        return event_key(self.matches[0].event)

    def extend(self, page: list[Match], *, after: EventKey, limit: int) -> None:
        """Add a page read after `after`, if that is still the loaded end; drop the far start beyond KEPT."""
        if not self.matches or event_key(self.matches[-1].event) != after:
            return
        self.matches.extend(page)
        self.at_end = len(page) < limit
        if len(self.matches) > KEPT:
            dropped = len(self.matches) - KEPT
            self.matches = self.matches[dropped:]
            self.cursor -= dropped
            self.at_start = False

    def prepend(self, page: list[Match], *, before: EventKey, limit: int) -> None:
        """Add a page read before `before`, if that is still the loaded start; drop the far end beyond KEPT."""
        if not self.matches or event_key(self.matches[0].event) != before:
            return
        self.matches[:0] = page
        self.cursor += len(page)
        self.at_start = len(page) < limit
        if len(self.matches) > KEPT:
            self.matches = self.matches[:KEPT]
            self.at_end = False
