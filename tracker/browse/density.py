"""The density strip: one bar per bucket of the view (a year of a decade, a month of a year, a day of a month...)
as tall as the events starting in it, so gaps and bursts show at a glance; the cursor's bucket is marked, and
clicking a bucket zooms into it."""

from __future__ import annotations

from datetime import datetime

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from tracker.browse.view import Bucket

_BLOCKS = "▁▂▃▄▅▆▇█"


class DensityStrip(Widget):
    """Bars of event counts per bucket, with their labels below."""

    DEFAULT_CSS = """
    DensityStrip { height: 2; padding: 0 1; }
    """

    class Chosen(Message):
        """A bucket was clicked: the browser zooms into it."""

        def __init__(self, bucket: Bucket) -> None:
            super().__init__()
            self.bucket = bucket

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buckets: list[Bucket] = []
        self.counts: list[int] | None = None
        self.marked: datetime | None = None

    def show(self, buckets: list[Bucket], counts: list[int] | None) -> None:
        """Draw these buckets with these counts (None while they are being counted)."""
        self.buckets, self.counts = buckets, counts
        self.refresh()

    def mark(self, instant: datetime | None) -> None:
        """Mark the bucket holding `instant` (the cursor's event)."""
        if instant != self.marked:
            self.marked = instant
            self.refresh()

    def _cell(self) -> int:
        return max(1, min(10, (self.size.width - 1) // max(len(self.buckets), 1)))

    def render(self) -> RenderableType:
        """A bar per bucket (░ while counting, · for none) over a line of labels."""
        if not self.buckets:
            return Text("")
        cell = self._cell()
        bars, labels = Text(), Text()
        top = max(self.counts or [0]) or 1
        # a label every `every` bars, each followed by at least one space
        every = max(1, -(-(max(len(bucket.label) for bucket in self.buckets) + 1) // cell))
        for index, bucket in enumerate(self.buckets):
            count = self.counts[index] if self.counts is not None else None
            lower, upper = bucket.range.lower, bucket.range.upper
            marked = (self.marked is not None and lower is not None and upper is not None
                      and lower <= self.marked < upper)
            if count is None:
                glyph = "░"
            elif count == 0:
                glyph = "·"
            else:
                glyph = _BLOCKS[min(len(_BLOCKS) - 1, (count * len(_BLOCKS) - 1) // top)]
            bar_width = max(cell - 1, 1) if cell > 1 else 1
            bars.append(glyph * bar_width, style="bold reverse" if marked else "cyan")
            bars.append(" " * (cell - bar_width))
            if index % every == 0:
                span = cell * min(every, len(self.buckets) - index)
                if index + every >= len(self.buckets):  # the last label may reach past its bars
                    span = max(span, len(bucket.label) + 1)
                labels.append(bucket.label[:span - 1].ljust(span), style="dim")
        return Text.assemble(bars, "\n", labels)

    def on_click(self, event: events.Click) -> None:
        """Ask the browser to zoom into the bucket clicked."""
        index = (event.x - 1) // self._cell()
        if 0 <= index < len(self.buckets):
            self.post_message(self.Chosen(self.buckets[index]))
