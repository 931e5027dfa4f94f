"""The timeline: events in date order, grouped by month, each with its date at its precision, kind, title,
status, agencies, people and roles (a launch's or landing's crew on one line, by surname), and any dates it had
before (planned, scrubbed, superseded)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tracker.dates.ranges import DateRange
from tracker.dates.when import Precision, Span
from tracker.names import family_name
from tracker.records import EventKind, EventRecord, EventStatus, Match, Membership, Participant, RevisionRecord
from tracker.render.style import KIND_SYMBOLS, OUTCOME_MARKS, STATUS_STYLES, AgencyColours, duration_label, length_label
from tracker.render.text import literal, visible

BAR_WIDTH = 30

def _month_heading(event: EventRecord) -> str:
    start = event.span.start
    if start.precision == Precision.YEAR:
        return f"{start.wall.year}"
    local = start.wall if start.precision <= Precision.DAY else start.lower
    return f"{local:%B} {local.year}"


def _participants(items: list[Participant], colours: AgencyColours | None = None) -> Text:
    line = Text()
    for index, item in enumerate(items):
        if index:
            line.append(", ")
        style = colours(item.name) if colours is not None else "bold"
        line.append_text(literal(item.name, style))
        if item.role:
            line.append_text(literal(f" ({item.role})", "dim"))
    return line


CREW_KINDS = frozenset({EventKind.LAUNCH, EventKind.LANDING})
"""The kinds whose people are a crew, shown on one line by surname: "crew: Armstrong (commander), Collins (command
module pilot), Aldrin (lunar module pilot)"."""


def _crew(items: list[Participant]) -> Text:
    """A crew on one line, by surname, each with the plain words of its role (the agency's own title, "flight
    engineer (Bortinzhener)", is left to the card)."""
    line = Text("crew: ", style="dim")
    for index, item in enumerate(items):
        if index:
            line.append(", ")
        line.append_text(literal(family_name(item.name), "bold"))
        role = item.role.split(" (")[0]
        if role:
            line.append_text(literal(f" ({role})", "dim"))
    return line


def _revision_line(revision: RevisionRecord) -> Text:
    line = Text("↳ ", style="dim")
    line.append(revision.status.value, style="dim italic")
    if revision.span is not None:
        line.append(" ")
        line.append(revision.span.label(), style="dim strike")
    if revision.place:
        line.append(" at ", style="dim")
        line.append_text(literal(revision.place, "dim strike"))
    if revision.reason:
        line.append_text(literal(f" — {revision.reason}", "dim"))
    return line


def event_lines(event: EventRecord, colours: AgencyColours | None = None) -> Iterator[Text]:
    """The lines one event takes in the timeline, beside its kind's marker; agencies take their colours in the
    view from `colours`."""
    head = Text()
    head.append(event.span.label(with_local=True), style="bold")
    head.append("  ")
    head.append_text(literal(event.title, "bold" if event.status == EventStatus.OCCURRED else ""))
    head.append(f"  {event.kind.value}", style="dim")
    if event.status != EventStatus.OCCURRED:
        head.append(f"  [{event.status.value}]", style=STATUS_STYLES.get(event.status, ""))
    if event.outcome in OUTCOME_MARKS:
        mark, style = OUTCOME_MARKS[event.outcome]
        head.append(f"  {mark}", style=style)
    yield head
    details = Text()
    if event.place:
        details.append("@ ", style="dim")
        details.append_text(literal(event.place))
    if event.agencies:
        details.append("  " if event.place else "")
        details.append_text(_participants(event.agencies, colours or AgencyColours()))
    if details:
        yield details
    if event.people:
        yield _crew(event.people) if event.kind in CREW_KINDS else _participants(event.people)
    shown: set[str] = set()
    for revision in event.history:
        line = _revision_line(revision)
        if line.plain not in shown:  # two sources reporting the same superseded date make one line
            shown.add(line.plain)
            yield line


def matched_lines(match: Match, colours: AgencyColours | None = None) -> list[Text]:
    """The lines of a matched event: `event_lines`, the first marked "~ … (possibly within range)" when its
    imprecise date only overlaps the range."""
    lines = list(event_lines(match.event, colours))
    if match.membership == Membership.POSSIBLY:
        lines[0] = Text("~ ", style="yellow").append_text(lines[0]).append("  (possibly within range)", style="dim")
    return lines


def _bar(span: Span, scale: timedelta) -> Text:
    """A bar as long as the span, against `scale` (the range shown) spread over BAR_WIDTH cells."""
    length = span.duration() or timedelta(0)
    cells = max(1, min(BAR_WIDTH, round(BAR_WIDTH * length / scale))) if scale else 1
    bar = Text("━" * cells, style="bold blue")
    bar.append(f" {duration_label(span)}", style="dim")
    return bar


class _OnTheLine:
    """An event drawn on the timeline's vertical line: its kind's marker on the first row, the line beside every
    row after it (wrapped ones included), and one row of line below to lead to the next event.

    Each line is wrapped and rendered as a Text directly: going through a Group and `render_lines` made rich
    measure, split and crop every segment again, and was most of a long timeline's time."""

    RAIL = Segment("│ ", Style(dim=True))

    def __init__(self, marker: Text, lines: list[Text]) -> None:
        self.marker = marker
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Unwrapped output (piped, soft wrap) keeps each line whole: a copied title or place is never cut.
        width = None if options.no_wrap else max(options.max_width - 2, 10)
        # Without colours (piped, NO_COLOR) and nothing recorded, styles would be dropped on output anyway: the
        # plain text is the same bytes, without splitting each line into its styled spans.
        plain = console.color_system is None and not console.record
        first = True
        for line in self.lines:
            for row in [line] if width is None else line.wrap(console, width):
                if first:
                    yield from _segments(self.marker, console, plain)
                    yield Segment(" ")
                    first = False
                else:
                    yield self.RAIL
                yield from _segments(row, console, plain)
                yield Segment.line()
        yield self.RAIL
        yield Segment.line()


def _segments(text: Text, console: Console, plain: bool) -> Iterable[Segment]:
    return [Segment(text.plain)] if plain else text.render(console)


@dataclass
class _View:
    """What stays the same for every event of one timeline: the span bars' scale, the gap worth marking, and the
    agencies' colours."""

    scale: timedelta
    gap: timedelta | None
    colours: AgencyColours = field(default_factory=AgencyColours)

    def row(self, match: Match) -> _OnTheLine:
        event = match.event
        symbol, style = KIND_SYMBOLS[event.kind]
        lines = matched_lines(match, self.colours)
        lines[0] = lines[0].copy().append(f"  {match.shown_slug}", style="dim")  # what is seen can be opened
        if event.span.end is not None:
            lines.insert(1, _bar(event.span, self.scale))
        return _OnTheLine(Text(symbol, style=style), lines)


GAP_SHARE = 10
"""A gap is marked when it is at least a tenth of the view (about 9 days in a quarter, 5 weeks in a year)..."""
MIN_GAP = timedelta(days=2)


def _gap_threshold(matches: list[Match], scale: timedelta) -> timedelta | None:
    """...and three times the typical (median) spacing of the first events, and at least two days."""
    starts = [match.event.span.lower for match in matches]
    gaps = sorted(later - earlier for earlier, later in itertools.pairwise(starts))
    if len(gaps) < 3:
        return None
    return max(gaps[len(gaps) // 2] * 3, scale / GAP_SHARE, MIN_GAP)


def _scale(matches: list[Match], shown: DateRange | None) -> timedelta:
    first = (shown.lower if shown else None) or min(match.event.span.lower for match in matches)
    last = (shown.upper if shown else None) or max(match.event.span.upper for match in matches)
    return max(last - first, timedelta(minutes=1))


def _bar_legend(scale: timedelta) -> Text:
    legend = Text("━" * BAR_WIDTH, style="bold blue")
    legend.append(f" spans are drawn to one scale: a full bar is {length_label(scale)}", style="dim")
    return legend


def _nearby(nearest: tuple[EventRecord | None, EventRecord | None]) -> Iterator[Text]:
    for label, event in zip(("before", "after"), nearest, strict=True):
        if event is not None:
            line = Text(f"Nearest {label}: ", style="dim")
            line.append(event.span.label(), style="bold")
            line.append("  ")
            line.append_text(literal(event.title))
            line.append(f"  ({event.slug})", style="dim")
            yield line


WINDOW = 500
"""Events read before the first line is drawn: enough to set the bar scale and the gap rule, few enough that the
first screen comes at once and memory stays flat however many follow."""


def timeline_parts(matches: Iterable[Match], heading: str, *, shown: DateRange | None = None,
                   nearest: tuple[EventRecord | None, EventRecord | None] = (None, None),
                   ranked: bool = False, gaps: bool = True, notice: str | None = None) -> Iterator[RenderableType]:
    """The timeline, piece by piece as the events arrive: a heading, then events grouped under a rule per month,
    spans drawn to one scale for the whole view (the range the heading names; when it is open, the extent of the
    first events) and explained once, gaps long for the view marked (unless not `gaps`: the days between one
    year's 1 August and the next are not a gap in anything), each agency of the view in a colour of its own, and,
    when nothing matched, the nearest events on either side. `ranked` results (a search, best first) are listed
    in their order, without month rules or gap lines. A `notice` (what the store does not cover) follows the
    heading."""
    yield literal(heading, "bold underline")  # it quotes the search words or names the person
    if notice is not None:
        yield Text(f"Note: {notice}", style="dim italic")
    arriving = iter(matches)
    first = list(itertools.islice(arriving, WINDOW))
    if not first:
        yield Text("No events in this range.", style="italic")
        yield from _nearby(nearest)
        return
    scale = _scale(first, shown)
    view = _View(scale, _gap_threshold(first, scale) if gaps and not ranked else None)
    if any(match.event.span.end is not None for match in first):
        yield _bar_legend(scale)
    every = itertools.chain(first, arriving)
    if ranked:  # best first: months and gaps would jump about and mean nothing
        yield from (view.row(match) for match in every)
        return
    current, previous = None, None
    for match in every:
        event = match.event
        if previous is not None and view.gap is not None and event.span.lower - previous > view.gap:
            yield Text(f"⋮ {(event.span.lower - previous).days} days without events", style="dim italic")
        previous = event.span.lower
        month = _month_heading(event)
        if month != current:
            yield Rule(month, align="left", style="dim")
            current = month
        yield view.row(match)


def plain_lines(matches: Iterable[Match]) -> Iterator[str]:
    """One line per event, for grep and for terminals without colour: date, kind, title, place, status, and the
    slug that opens it (`tracker show SLUG`)."""
    for match in matches:
        event = match.event
        mark = "~" if match.membership == Membership.POSSIBLY else " "
        fields = [f"{mark}{event.span.label(with_local=True)}", event.kind.value, visible(event.title)]
        if event.place:
            fields.append(f"@ {visible(event.place)}")
        if event.status != EventStatus.OCCURRED:
            fields.append(f"[{event.status.value}]")
        if event.outcome in OUTCOME_MARKS:
            fields.append(OUTCOME_MARKS[event.outcome][0])
        fields.append(visible(match.shown_slug))
        yield "  ".join(fields)
