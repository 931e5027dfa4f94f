"""The screens over the timeline: an event's card, the list of keys, and the fact-check line with its verdicts.
Each is modal (a key pressed on it never reaches the timeline behind) and returns to the timeline with Escape, the
cursor where it was."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tracker.browse.keys import KEYS
from tracker.browse.reader import StoreReader
from tracker.errors import TrackerError
from tracker.factcheck.claims import sources_cited
from tracker.records import EventRecord
from tracker.render.card import event_card
from tracker.render.text import visible
from tracker.render.verdicts import summary, verdict_card

CARD_WIDTH = 100
"""The widest a card or the check line's verdicts get, in columns: on a wide terminal they are centred, not
stretched into lines too long to read."""

# Every child as wide as a card: the screen centres its children as one block, as wide as the widest.
_READABLE = f"""
    align-horizontal: center;
    background: $background;
    & > * {{ width: {CARD_WIDTH}; max-width: 100%; }}
    & > VerticalScroll {{ height: 1fr; }}
"""


class Unclipped:
    """`renderable` with every line wider than the space given continued on the next lines instead of cut off:
    a source's URL is kept on one line by the render code (so it copies whole from a terminal), which a widget
    would crop at its edge."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        for line in Segment.split_lines(console.render(self.renderable, options)):
            while Segment.get_line_length(line) > width:
                head, line = Segment.divide(line, [width, Segment.get_line_length(line)])
                yield from head
                yield Segment.line()
            yield from line
            yield Segment.line()


class CardScreen(ModalScreen[None]):
    """The full card of one event: every date with its history, local and UTC times, participants and roles,
    place, sources numbered with their whole addresses (a source known by title shown by its title)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "app.pop_screen", "back")]
    DEFAULT_CSS = f"CardScreen {{ {_READABLE} }}"

    def __init__(self, event: EventRecord, reader: StoreReader) -> None:
        super().__init__()
        self.event = event
        self.reader = reader

    def compose(self) -> ComposeResult:
        """The card, scrollable, its sources as links, and how to go back."""
        with VerticalScroll():
            yield Static(Unclipped(event_card(self.event)), id="card")
            links = source_links(self.event.sources)
            if links is not None:
                yield Static(links, id="links")
        yield Static(Text("Escape: back to the timeline   ↑↓ PgUp PgDn: scroll", style="dim"), id="status")

    def on_mount(self) -> None:
        """Ask the store for the titles of sources known by title, to show them in place of their URNs."""
        self.query_one(VerticalScroll).focus()
        self._load_titles()

    @work(thread=True, exclusive=True, group="titles")
    def _load_titles(self) -> None:
        urls = [*self.event.sources, *(item.source for item in self.event.history if item.source)]
        try:
            titles = self.reader.titles(urls)
        except Exception:  # the card stands without titles: its sources are still listed by address
            return
        if titles:
            self.app.call_from_thread(self.query_one("#card", Static).update,
                                      Unclipped(event_card(self.event, titles)))


def source_links(urls: list[str]) -> Text | None:
    """The web sources as hyperlinks named by their site (a terminal that supports links opens them on a click,
    often with Ctrl or Cmd), or None when there are none. Only http(s) addresses without control characters
    become links; the text shown is the site as `visible` makes it."""
    line = Text("Links: ", style="bold")
    found = 0
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or visible(url) != url or " " in url:
            continue
        line.append("  " if found else "")
        line.append(visible(parts.netloc), style=Style(underline=True, link=url))
        found += 1
    return line if found else None


class HelpScreen(ModalScreen[None]):
    """Every key, from the one table the bindings are made from."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "app.pop_screen", "back")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 100%; max-width: 100; height: auto; max-height: 100%;
                                  border: round $accent; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        """The keys as a table."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for _keys, shown, _action, meaning in KEYS:
            table.add_row(shown, meaning)
        note = Text("The strip above the list counts the events starting in each part of the view; click a part "
                    "to zoom into it. Escape closes this list.", style="dim")
        with VerticalScroll():
            yield Static(Group(Text("Keys", style="bold underline"), table, note))


class CheckScreen(ModalScreen[None]):
    """A line to type a claim in ("Crew-11 launched on 31 July 2025"), and its verdict cards below, their sources
    shown as `tracker check` shows them (by title when known by title, URLs whole)."""

    # A priority binding: the claim line would take Escape otherwise.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "back", priority=True)]
    DEFAULT_CSS = f"CheckScreen {{ {_READABLE} }}"

    def __init__(self, reader: StoreReader) -> None:
        super().__init__()
        self.reader = reader

    def compose(self) -> ComposeResult:
        """The claim line over the verdicts."""
        yield Static(Text("Check a claim against the record (Enter checks, Escape returns):", style="bold"))
        yield Input(placeholder="Crew-11 launched on 31 July 2025", id="claim")
        with VerticalScroll():
            yield Static(id="verdicts")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Check the claim typed, off the screen's thread."""
        if event.value.strip():
            self.query_one("#verdicts", Static).update(Text("Checking…", style="italic"))
            self._check(event.value)

    @work(thread=True, exclusive=True, group="check")
    def _check(self, claim: str) -> None:
        shown: RenderableType
        try:
            results = self.reader.check(claim)
            titles = self.reader.titles(sorted(sources_cited(results)))
            shown = Unclipped(Group(*(verdict_card(result, titles) for result in results), summary(results)))
        except TrackerError as exc:
            shown = Text(f"error: {exc}", style="bold red")
        self.app.call_from_thread(self.query_one("#verdicts", Static).update, shown)
