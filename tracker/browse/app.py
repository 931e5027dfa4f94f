"""The browser: a header saying what is shown and how it was read, the density strip, the timeline pane, and a
line at the bottom for the filter, prompts and messages.

Every database question runs in a worker thread (Textual's `work(thread=True)`), one group per kind of question
with `exclusive=True`; each answer carries the generation of the view and filter it was asked for and is dropped
when they have changed since, so the latest question wins and the screen never waits on the store. A worker
thread cannot be stopped from outside, so the page and the counts of a question also carry a `Cancellation`:
asking the next question cancels them, which stops their statements in the database at once, and the new
question never shares the machine with the work of an old one (a filter typed at a million events started a
count and a density strip of over a second at each keystroke).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Input, Static

from tracker.browse.density import DensityStrip
from tracker.browse.filters import Typed, completion, narrowed, read_filter
from tracker.browse.keys import KEYS
from tracker.browse.prompts import NameSuggester
from tracker.browse.reader import StoreReader
from tracker.browse.screens import CardScreen, CheckScreen, HelpScreen
from tracker.browse.timeline import TimelinePane
from tracker.browse.view import Bucket, View, Zoom, buckets, unit_range
from tracker.browse.window import PAGE, Window
from tracker.dates.ranges import parse_shorthand
from tracker.errors import TrackerError
from tracker.records import EventRecord, Match
from tracker.store.interrupt import Cancellation, interruption
from tracker.store.query import EventKey, EventQuery

Exporter = Callable[[Path, Iterable[EventRecord]], int]
"""Writes events to the file a user named, in the format its suffix names; how many were written."""

DEBOUNCE = 0.12
"""Seconds of quiet in the filter line before the store is asked: typing a word asks once, not per letter."""

_END = datetime.max.replace(tzinfo=UTC)


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _one_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class BrowseApp(App[None]):
    """`tracker browse`: the timeline as a screen to live in."""

    TITLE = "tracker browse"
    CSS = """
    #heading, #counts, #status { text-wrap: nowrap; text-overflow: ellipsis; }
    #heading { height: 1; padding: 0 1; background: $primary-background; text-style: bold; }
    #counts { height: 1; padding: 0 1; color: $text-muted; }
    #prompt { height: 1; border: none; padding: 0 1; display: none; }
    #prompt.shown { display: block; }
    #status { height: 1; padding: 0 1; color: $text-muted; }
    #claim { height: 1; border: none; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(keys, action, description, show=False) for keys, _shown, action, description in KEYS),
        Binding("escape", "escape", "close the line, clear the filter", show=False),
        Binding("tab", "complete", "complete a name", show=False, priority=True),
    ]

    def __init__(self, reader: StoreReader, view: View, base: EventQuery, *, today: Callable[[], date],
                 exporter: Exporter, filter_text: str = "", start_at_today: bool = False) -> None:
        super().__init__()
        self.reader = reader
        self.view = view
        self.base = base
        self.today = today
        self.exporter = exporter
        self.filter_text = filter_text
        self.typed = Typed()
        self.window = Window()
        self.generation = 0
        self.total: int | None = None
        self.extent: tuple[datetime, datetime] | None = None
        self.prompt_mode: str | None = None
        self.suggester = NameSuggester()
        self._debounce: Timer | None = None
        self._confirmed_path: Path | None = None
        self._start_at_today = start_at_today
        self._loading: set[str] = set()
        self._questions: dict[str, Cancellation] = {}
        self._counts_after_page: int | None = None
        """The generation whose count and density strip are asked once its page is shown: on a machine of two
        cores the page, what the reader waits for, does not share them with the counting."""

    # -- layout ------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, counts, strip, timeline, the bottom line and the status line, top to bottom."""
        # Kept by reference, not looked up: App.query_one searches the screen on top (a card, the help), and an
        # answer from the store may arrive while one is open.
        self.heading, self.counts = Static(id="heading"), Static(id="counts")
        self.strip, self.pane = DensityStrip(id="density"), TimelinePane(self.window, id="timeline")
        self.prompt = Input(id="prompt", suggester=self.suggester)
        self.status = Static(Text("? keys  / filter  + - zoom  [ ] move  g go to  Enter card  q quit", style="dim"),
                             id="status")
        yield from (self.heading, self.counts, self.strip, self.pane, self.prompt, self.status)

    def on_mount(self) -> None:
        """Read the filter given on the command line and ask the store for the first page, names and extent."""
        self.pane.focus()
        try:
            self.typed = read_filter(self.filter_text)
        except TrackerError as exc:
            self.say(f"error: {exc}")
        self._load_names()
        self._load_extent()
        today = _start_of(self.today())
        self._refresh_view(("at", today) if self._start_at_today else ("start", None))

    # -- what is asked of the store ----------------------------------------------------------------------------

    @property
    def question(self) -> EventQuery:
        """The current question: the view's range with the command's filters and the filter line's."""
        return narrowed(replace(self.base, range=self.view.range), self.typed)

    def _refresh_view(self, anchor: tuple[str, datetime | None]) -> None:
        """Show the current view and filter again from `anchor`: ("start"|"end", None) or ("at", instant)."""
        self.generation += 1
        self.total = None
        self._loading.clear()
        pane = self.pane
        pane.by_year = self.view.zoom in (Zoom.ALL, Zoom.DECADE)
        self._show_heading()
        self._load_page(self.generation, self.question, anchor, self._anew("page"))
        self._anew("counts")  # stops the counting of the last question now; this one's starts with its page
        self._counts_after_page = self.generation

    def _anew(self, lane: str) -> Cancellation:
        """Cancel what the last question of `lane` still runs; the new question's cancellation."""
        earlier = self._questions.get(lane)
        if earlier is not None:
            earlier.cancel()
        self._questions[lane] = fresh = Cancellation()
        return fresh

    @work(thread=True, exclusive=True, group="page")
    def _load_page(self, generation: int, query: EventQuery, anchor: tuple[str, datetime | None],
                   cancellation: Cancellation) -> None:
        try:
            kind, instant = anchor
            if kind == "start":
                before: list[Match] = []
                after = self.reader.page(query, limit=PAGE, cancellation=cancellation)
                done_before, done_after = True, len(after) < PAGE
            elif kind == "end":
                after = []
                before = self.reader.page(query, before=(_END, _END, ""), limit=PAGE, cancellation=cancellation)
                done_before, done_after = len(before) < PAGE, True
            else:
                assert instant is not None
                key: EventKey = (instant, instant, "")
                after = self.reader.page(query, after=key, limit=PAGE, cancellation=cancellation)
                before = self.reader.page(query, before=key, limit=PAGE // 2, cancellation=cancellation)
                done_before, done_after = len(before) < PAGE // 2, len(after) < PAGE
        except Exception as exc:  # the store's trouble is said on the status line, never a traceback
            if not interruption(exc):  # a question cancelled by a newer one has nothing to say
                self.call_from_thread(self._failed, generation, exc)
            return
        self.call_from_thread(self._show_page, generation, before, after, done_before, done_after)

    def _show_page(self, generation: int, before: list[Match], after: list[Match], done_before: bool,
                   done_after: bool) -> None:
        if generation != self.generation:
            return  # a newer question was asked meanwhile
        pane = self.pane
        pane.forget()
        self.window.reset(before, after, complete_before=done_before, complete_after=done_after)
        pane.message = None if self.window.matches else Text(self._nothing(), style="italic")
        self._cursor_moved()
        if self._counts_after_page == generation:
            self._counts_after_page = None
            self._load_counts(generation, self.question, self.view, self._questions["counts"])

    def _nothing(self) -> str:
        filtered = " matching the filter" if self.filter_text.strip() else ""
        return f"No events{filtered} in {self.view.range.label()}. Press - to zoom out, / to change the filter."

    @work(thread=True, exclusive=True, group="counts")
    def _load_counts(self, generation: int, query: EventQuery, view: View, cancellation: Cancellation) -> None:
        parts = buckets(view, self.extent)
        edges = [part.range.lower for part in parts if part.range.lower is not None]
        if parts and parts[-1].range.upper is not None:
            edges.append(parts[-1].range.upper)
        try:
            total = self.reader.count(query, cancellation)
            self.call_from_thread(self._show_total, generation, total)
            counts = self.reader.density(query, edges, cancellation)
        except Exception as exc:
            if not interruption(exc):
                self.call_from_thread(self._failed, generation, exc)
            return
        self.call_from_thread(self._show_density, generation, parts, counts)

    def _show_total(self, generation: int, total: int) -> None:
        if generation == self.generation:
            self.total = total
            self._show_heading()

    def _show_density(self, generation: int, parts: list[Bucket], counts: list[int]) -> None:
        if generation == self.generation:
            self.strip.show(parts, counts)

    @work(thread=True, group="more-after")
    def _load_after(self, generation: int, query: EventQuery, key: EventKey) -> None:
        try:
            page = self.reader.page(query, after=key, limit=PAGE)
        except Exception as exc:
            self.call_from_thread(self._failed, generation, exc)
            return
        self.call_from_thread(self._extend, generation, page, key, True)

    @work(thread=True, group="more-before")
    def _load_before(self, generation: int, query: EventQuery, key: EventKey) -> None:
        try:
            page = self.reader.page(query, before=key, limit=PAGE)
        except Exception as exc:
            self.call_from_thread(self._failed, generation, exc)
            return
        self.call_from_thread(self._extend, generation, page, key, False)

    def _extend(self, generation: int, page: list[Match], key: EventKey, after: bool) -> None:
        self._loading.discard("after" if after else "before")
        if generation != self.generation:
            return
        if after:
            self.window.extend(page, after=key, limit=PAGE)
        else:
            self.window.prepend(page, before=key, limit=PAGE)
        self._cursor_moved()

    @work(thread=True, group="names")
    def _load_names(self) -> None:
        try:
            self.suggester.names = self.reader.names()
        except Exception as exc:
            self.call_from_thread(self.say, f"error: names for completion: {_one_line(exc)}")

    @work(thread=True, group="extent")
    def _load_extent(self) -> None:
        try:
            extent = self.reader.extent()
        except Exception as exc:
            self.call_from_thread(self.say, f"error: {_one_line(exc)}")
            return
        self.call_from_thread(self._show_extent, extent)

    def _show_extent(self, extent: tuple[datetime, datetime] | None) -> None:
        self.extent = extent
        if self.view.zoom == Zoom.ALL and self._counts_after_page != self.generation:
            self._load_counts(self.generation, self.question, self.view, self._anew("counts"))
            self._show_heading()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self.generation:
            # A filter naming nobody yet (typing "agency:ros"): what was shown stays, the status line says why.
            self.say(f"error: {_one_line(exc)}")
            if self.total is None:
                self.counts.update(Text("no count: the filter cannot be read", style="dim"))

    # -- what is shown -----------------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        """Put a one-line message on the status line."""
        self.status.update(Text(message, style="bold" if message.startswith("error") else "",
                                                      no_wrap=True, overflow="ellipsis"))

    def _show_heading(self) -> None:
        self.heading.update(Text(self.view.heading(), no_wrap=True, overflow="ellipsis"))
        total = "counting…" if self.total is None else f"{self.total:,} event{'s' if self.total != 1 else ''}"
        filters = f" · filter: {self.filter_text}" if self.filter_text.strip() else ""
        self.counts.update(Text(f"{total}{filters}", no_wrap=True, overflow="ellipsis"))
        strip = self.strip
        parts = buckets(self.view, self.extent)
        if [part.range for part in parts] != [part.range for part in strip.buckets]:
            strip.show(parts, None)

    def _cursor_moved(self) -> None:
        current = self.window.current
        self.strip.mark(current.event.span.lower if current else None)
        self.pane.refresh()
        key = self.window.need_after()
        if key is not None and "after" not in self._loading:
            self._loading.add("after")
            self._load_after(self.generation, self.question, key)
        key = self.window.need_before()
        if key is not None and "before" not in self._loading:
            self._loading.add("before")
            self._load_before(self.generation, self.question, key)

    # -- keys --------------------------------------------------------------------------------------------------

    def action_move(self, steps: int) -> None:
        """Move the cursor by `steps` events."""
        self.window.move(steps)
        self._cursor_moved()

    def action_page(self, direction: int) -> None:
        """Move the cursor by about a screen of events."""
        height = self.pane.size.height
        self.action_move(direction * max(height // 2, 1))

    def action_first(self) -> None:
        """Go to the first event of the view."""
        self._refresh_view(("start", None))

    def action_last(self) -> None:
        """Go to the last event of the view."""
        self._refresh_view(("end", None))

    def _cursor_instant(self) -> datetime:
        current = self.window.current
        return current.event.span.lower if current else _start_of(self.today())

    def action_zoom_in(self) -> None:
        """One zoom level finer, on the cursor's date."""
        instant = self._cursor_instant()
        self.view = self.view.zoomed_in(instant)
        self._refresh_view(("at", instant))

    def action_zoom_out(self) -> None:
        """One zoom level coarser, keeping the cursor's event."""
        instant = self._cursor_instant()
        self.view = self.view.zoomed_out(instant)
        self._refresh_view(("at", instant))

    def action_shift(self, steps: int) -> None:
        """The previous or next period at this zoom."""
        self.view = self.view.shifted(steps)
        self._refresh_view(("start", None))

    def action_today(self) -> None:
        """The period holding today at this zoom, the cursor on today's first event (or the next one)."""
        today = _start_of(self.today())
        if self.view.zoom != Zoom.ALL:
            self.view = self.view.at_today(today)
        self._refresh_view(("at", today))

    def on_density_strip_chosen(self, message: DensityStrip.Chosen) -> None:
        """Zoom into the bucket clicked in the strip."""
        self.view = View.of(message.bucket.range, f"chose {message.bucket.label} in the strip")
        self._refresh_view(("start", None))

    def action_open_card(self) -> None:
        """The card of the event under the cursor."""
        if self.window.current is not None:
            self.push_screen(CardScreen(self.window.current.event, self.reader))

    def action_help(self) -> None:
        """Every key."""
        self.push_screen(HelpScreen())

    def action_check(self) -> None:
        """The fact-check line."""
        self.push_screen(CheckScreen(self.reader))

    # -- the bottom line: filter, go to, export ----------------------------------------------------------------

    def _ask(self, mode: str, placeholder: str, value: str = "") -> None:
        prompt = self.prompt
        self.prompt_mode = mode
        prompt.placeholder = placeholder
        prompt.value = value
        prompt.add_class("shown")
        prompt.focus()
        prompt.cursor_position = len(value)

    def _close_prompt(self) -> None:
        self.prompt_mode = None
        prompt = self.prompt
        prompt.remove_class("shown")
        self.pane.focus()

    def action_filter(self) -> None:
        """Open the filter line."""
        self._ask("filter", "words, agency:NASA person:… kind:launch status:… outcome:failure place:…",
                  self.filter_text)
        self.say("filter: Tab or → completes a name, Enter keeps the filter, Escape clears it")

    def action_go_to(self) -> None:
        """Ask for a date or range to show."""
        self._ask("go to", "go to: 2025-07, 31 juillet 2025, last week, 1969..1972, Apollo 11")
        self.say("go to: a date or range as --from or RANGE take it, or an event's name; Enter goes, Escape cancels")

    def action_export(self) -> None:
        """Ask for a file to write the view (with its filters) to."""
        self._ask("export", "export to: view.csv, view.json or view.ics")
        self.say("export: a file ending .csv, .json or .ics; Enter writes, Escape cancels")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Apply the filter line once typing pauses (DEBOUNCE)."""
        if event.input.id != "prompt" or self.prompt_mode != "filter" or event.value == self.filter_text:
            return
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, lambda: self._apply_filter(event.value))

    def _apply_filter(self, text: str) -> None:
        try:
            typed = read_filter(text)
        except TrackerError as exc:
            self.say(f"error: {exc}")
            return
        same = typed == self.typed
        self.filter_text, self.typed = text, typed
        self.say(f"filter: {text}" if text.strip() else "filter cleared")
        if same:  # "crew " reads as "crew": the store is not asked again
            self._show_heading()
        else:
            self._refresh_view(("at", self._cursor_instant()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter on the bottom line: keep the filter, go to the date, or export to the file."""
        if event.input.id != "prompt":
            return
        mode, value = self.prompt_mode, event.value.strip()
        if mode == "filter":
            if self._debounce is not None:
                self._debounce.stop()
            if event.value != self.filter_text:
                self._apply_filter(event.value)
            self._close_prompt()
        elif mode == "go to" and value:
            self._go_to(value)
        elif mode == "export" and value:
            self._export_to(Path(value).expanduser())
        else:
            self._close_prompt()

    def _go_to(self, text: str) -> None:
        try:
            shown = parse_shorthand(text, today=self.today())
        except TrackerError as exc:
            self._go_to_event(text, str(exc))  # not a date: perhaps an event's name ("Apollo 11")
            return
        self._close_prompt()
        self.view = View.of(shown, f"read from {text!r}")
        self.say(f"went to {shown.label()}")
        self._refresh_view(("start", None))

    @work(thread=True, exclusive=True, group="go-to")
    def _go_to_event(self, name: str, not_a_date: str) -> None:
        """Go to the day of the event `name` designates (as `tracker show NAME` finds it), the cursor on it."""
        try:
            event = self.reader.named(name)
        except TrackerError as exc:
            # The event's answer first: it names what was looked for and the closest names; the date's is longer.
            self.call_from_thread(self.say, f"error: not a date, and {exc} ({not_a_date})")
            return
        self.call_from_thread(self._went_to_event, name, event)

    def _went_to_event(self, name: str, event: EventRecord) -> None:
        self._close_prompt()
        self.view = View(unit_range(Zoom.DAY, event.span.lower), Zoom.DAY, f"the day of {name!r}")
        self.say(f"went to {event.slug}: {event.title}")
        self._refresh_view(("at", event.span.lower))

    def _export_to(self, path: Path) -> None:
        if path.suffix.lower() not in (".csv", ".json", ".ics"):
            self.say(f"error: give a file ending .csv, .json or .ics, not {path.name}")
            return
        if path.exists() and path != self._confirmed_path:
            self._confirmed_path = path
            self.say(f"{path.name} exists: Enter again replaces it, Escape cancels")
            return
        self._confirmed_path = None
        self._close_prompt()
        self.say(f"exporting to {path}…")
        self._export(self.question, path)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, query: EventQuery, path: Path) -> None:
        try:
            written = self.reader.export(query, lambda records: self.exporter(path, records))
        except Exception as exc:
            self.call_from_thread(self.say, f"error: {_one_line(exc)}")
            return
        self.call_from_thread(self.say, f"exported {written:,} event{'s' if written != 1 else ''} to {path}")

    def action_escape(self) -> None:
        """Close the bottom line; in the filter line (or with a filter set), clear the filter."""
        if self.prompt_mode == "filter" or (self.prompt_mode is None and self.filter_text):
            if self._debounce is not None:
                self._debounce.stop()
            self._close_prompt()
            if self.filter_text:
                self._apply_filter("")
        elif self.prompt_mode is not None:
            self._confirmed_path = None
            self._close_prompt()
            self.say("cancelled")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Completion (a priority binding, so it reaches past the cards) acts only on the timeline's own screen:
        Tab on a card or in the claim line is theirs."""
        return not (action == "complete" and len(self.screen_stack) > 1)

    def action_complete(self) -> None:
        """Complete the name being typed in the filter line."""
        prompt = self.prompt
        completed = completion(prompt.value, self.suggester.names) if self.prompt_mode == "filter" else None
        if completed is not None:
            prompt.value = completed
            prompt.cursor_position = len(completed)
