"""The timeline pane: the loaded window of events drawn as the timeline draws them, with month (or year) rules
and the cursor, scrolled so that the cursor's event is always on screen."""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tracker.browse.rows import match_lines, period_of
from tracker.browse.window import Window
from tracker.records import Match

_CURSOR = Style(reverse=True)


class TimelinePane(Widget, can_focus=True):
    """The events of the view, one window of them at a time."""

    DEFAULT_CSS = """
    TimelinePane { height: 1fr; padding: 0 1; }
    """

    def __init__(self, window: Window, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.window = window
        self.by_year = False
        self.message: Text | None = Text("Loading…", style="italic")
        self._top = 0
        self._lines: dict[tuple[str, str], list[Text]] = {}

    def _event_lines(self, match: Match) -> list[Text]:
        key = (match.event.slug, match.membership.value)
        if key not in self._lines:
            if len(self._lines) > 4000:  # a cache of drawn rows, bounded as the window is
                self._lines.clear()
            self._lines[key] = match_lines(match)
        return self._lines[key]

    def forget(self) -> None:
        """Drop the drawn rows (the events were reloaded: a membership may have changed with the range)."""
        self._lines.clear()
        self._top = 0

    def _layout(self) -> tuple[list[tuple[Text, int | None]], int, int]:
        """Every line of the window (each with its event's index, None for rules), and where the cursor's event
        begins and ends among them."""
        lines: list[tuple[Text, int | None]] = []
        current, first, last = None, 0, 0
        for index, match in enumerate(self.window.matches):
            period = period_of(match.event, by_year=self.by_year)
            if period != current:
                lines.append((Text(f"── {period} ", style="bold dim"), None))
                current = period
            if index == self.window.cursor:
                first = len(lines)
            lines.extend((line, index) for line in self._event_lines(match))
            if index == self.window.cursor:
                last = len(lines)
        return lines, first, last

    def render(self) -> RenderableType:
        """The lines that fit, scrolled so that the cursor's event (and the rule above it) is in sight."""
        if not self.window.matches:
            return self.message or Text("")
        height, width = max(self.size.height, 1), max(self.size.width, 10)
        lines, first, last = self._layout()
        if first < self._top + 1:  # keep the rule above the cursor's event in sight when there is one
            self._top = max(first - 1, 0)
        elif last > self._top + height:
            self._top = last - height
        self._top = max(0, min(self._top, max(len(lines) - height, 0)))
        shown = Text()
        for number, (line, index) in enumerate(lines[self._top:self._top + height]):
            row = line.copy()
            row.truncate(width - 2, overflow="ellipsis")
            gutter = Text("›", style="bold") if index == self.window.cursor else Text(" ")
            if index == self.window.cursor:
                row.stylize(_CURSOR, 0, len(row))
            if number:
                shown.append("\n")
            shown.append_text(gutter.append(" ").append_text(row))
        return shown
