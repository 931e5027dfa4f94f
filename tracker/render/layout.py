"""Layouts that read well at any width: a wide form and a stacked one chosen by the width at hand, and sources
numbered once and listed below what cites them, so that a URL is never folded inside a table cell."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from tracker.render.text import literal, visible

NARROW = 100
"""Below this many columns tables give way to stacked lines: a column of ten characters splits words."""


class ByWidth:
    """`wide` where there are at least `threshold` columns, `narrow` (stacked lines) below."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, threshold: int = NARROW) -> None:
        self.wide, self.narrow, self.threshold = wide, narrow, threshold

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.threshold else self.narrow


class Wrapped:
    """`renderable` wrapped at the width it is given even when the output as a whole is not wrapped (piped):
    what is inside a box has to fit the box."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.renderable, options.update(no_wrap=False, overflow="fold"))


def indented(renderable: RenderableType, by: int = 2) -> RenderableType:
    """`renderable` set in by `by` columns, wrapped at what is left of the width (piped output included)."""
    return Padding(Wrapped(renderable), (0, 0, 0, by), expand=False)


def url_text(url: str, style: str = "underline") -> Text:
    """A URL on one line whatever the width: the terminal may wrap it on screen, but it is never cut or folded
    into pieces, so it copies whole."""
    return Text(visible(url), style=style, no_wrap=True, overflow="ignore")


class SourceNotes:
    """Sources numbered in the order they are first cited ("[1]"), then listed once, each on a line of its own.
    A source with a title but no web address (an article known by a URN) is shown by its title."""

    def __init__(self, titles: Mapping[str, str] | None = None) -> None:
        self.numbers: dict[str, int] = {}
        self.titles = titles or {}

    def cite(self, url: str) -> str:
        """The note number of `url`, "[2]", numbering it if it is new."""
        number = self.numbers.setdefault(url, len(self.numbers) + 1)
        return f"[{number}]"

    def lines(self) -> Iterator[Text]:
        """One line per source cited: its number and address (or title)."""
        for url, number in self.numbers.items():
            title = self.titles.get(url)
            if title and not url.startswith(("http://", "https://")):
                yield Text(f"[{number}] ", style="dim").append_text(literal(title, "italic"))  # words: may wrap
            else:
                yield Text(f"[{number}] ", style="dim", no_wrap=True, overflow="ignore").append_text(url_text(url))

    def listing(self, heading: str = "Sources") -> RenderableType:
        """The heading and the numbered sources."""
        return Group(Text(heading, style="bold"), *self.lines())
