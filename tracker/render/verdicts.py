"""The verdict report: each claim checked, its verdict, why, the dates the record holds and the sources behind them.
One claim gets a card; a file of claims a table; a draft a list that quotes each sentence. Claims, sentences and
everything stored are untrusted text, shown literally."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.factcheck.claims import CheckResult, RecordedDate, Verdict, tally
from tracker.render.layout import ByWidth, SourceNotes, Wrapped, indented
from tracker.render.text import literal

WIDE_TABLE = 120
"""Below this many columns a table of claims gives way to a block per claim: five columns need room."""

VERDICT_STYLES = {
    Verdict.CONFIRMED: ("✓", "bold green"),
    Verdict.CONTRADICTED: ("✗", "bold red"),
    Verdict.IMPRECISE: ("~", "bold yellow"),
    Verdict.UNKNOWN: ("?", "bold magenta"),
}


def verdict_label(verdict: Verdict) -> Text:
    """The verdict with its mark and colour: "✗ contradicted"."""
    symbol, style = VERDICT_STYLES[verdict]
    return Text(f"{symbol} {verdict.value}", style=style)


def summary(results: Sequence[CheckResult]) -> Text:
    """How many claims, and how many of each verdict: "3 claims: 1 confirmed, 2 contradicted"."""
    return summary_of(tally(results))


def summary_of(counts: Mapping[Verdict, int]) -> Text:
    """`summary` from the number of claims of each verdict (counted as they were shown)."""
    total = sum(counts.values())
    line = Text(f"{total} claim{'s' if total != 1 else ''}: ", style="bold")
    for index, (verdict, count) in enumerate((verdict, counts[verdict]) for verdict in Verdict
                                             if counts.get(verdict)):
        line.append(", " if index else "")
        line.append(f"{count} {verdict.value}", style=VERDICT_STYLES[verdict][1])
    return line


def _recorded_line(item: RecordedDate, notes: SourceNotes | None = None) -> Text:
    line = Text()
    if item.span is not None:
        line.append(item.span.label(with_local=True), style="bold" if item.status == "current" else "strike")
    if item.place:
        line.append(" at " if item.span is not None else "at ", style="dim")
        line.append_text(literal(item.place, "" if item.status == "current" else "strike"))
    line.append(f"  {item.status}", style="dim italic" if item.status == "current" else "italic")
    if item.matches_claim:
        line.append("  ← as the claim says", style="yellow")
    if item.source and notes is not None:
        line.append(f"  {notes.cite(item.source)}", style="dim")
    return line


def _lines(items: Sequence[Text]) -> Text:
    joined = Text()
    for index, item in enumerate(items):
        joined.append("\n" if index else "")
        joined.append_text(item)
    return joined


def _event(result: CheckResult) -> Text:
    if result.event is None:
        return Text("no event chosen", style="dim")
    text = literal(result.event.slug, "bold")
    text.append_text(literal(f" — {result.event.title}", "dim"))
    return text


def _claimed(result: CheckResult) -> Text:
    claimed = result.claim.date
    text = Text()
    if claimed is not None:
        if claimed.when is not None:
            text.append(claimed.when.label(with_local=True), style="bold")
            text.append(f" ({claimed.when.precision.label})", style="dim")
        text.append_text(literal(f"  as written: {claimed.text}", "dim"))
    for place in result.claim.places:
        text.append("\n" if text.plain else "")
        text.append("at ", style="dim")
        text.append_text(literal(place.name, "bold"))
        if place.implied_by:
            text.append_text(literal(f" (implied: {place.implied_by})", "dim"))
    return text


def _cited(urls: Sequence[str], notes: SourceNotes) -> Text:
    return Text(" ".join(notes.cite(url) for url in urls), style="dim")


def _candidates(result: CheckResult) -> Text:
    return _lines([literal(f"{event.slug} — {event.span.label()} — {event.title}") for event in result.candidates])


def verdict_card(result: CheckResult, titles: Mapping[str, str] | None = None) -> RenderableType:
    """One claim in full: the claim, its verdict, the event, the date as read, every recorded date, why, and the
    sources, numbered and listed below the card (by title for those `titles` names that have no web address)."""
    notes = SourceNotes(titles)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(ratio=1, overflow="fold")
    facts.add_row("claim", literal(result.claim.text))
    facts.add_row("verdict", verdict_label(result.verdict))
    reading = result.claim.reading()
    if reading:
        facts.add_row("read", literal(reading, "dim"))
    facts.add_row("event", _event(result))
    claimed = _claimed(result)
    if claimed.plain:
        facts.add_row("claimed", claimed)
    if result.recorded:
        facts.add_row("recorded", _lines([_recorded_line(item, notes) for item in result.recorded]))
    facts.add_row("why", literal(result.explanation))
    if result.candidates:
        facts.add_row("candidates", _candidates(result))
    if result.sources:
        facts.add_row("sources", _cited(result.sources, notes))
    title = literal(result.claim.where or "claim", "bold")
    card = Panel(Wrapped(facts), title=title, title_align="left", border_style=VERDICT_STYLES[result.verdict][1])
    return Group(card, *notes.lines())


def _current(result: CheckResult) -> Text:
    if result.event is None:
        return _candidates(result) if result.candidates else Text("—", style="dim")
    return _lines([_recorded_line(item) for item in result.recorded
                   if item.status == "current" or item.matches_claim])


TABLE_ROWS = 50
"""Claims per table: a file of claims is shown as tables of this many rows, each printed when its claims are
checked, so the first verdicts show at once and a file of any length is shown in flat memory."""
_WHERE_WIDTH = len("row 100000")
_VERDICT_WIDTH = max(len(verdict_label(verdict)) for verdict in Verdict)


def verdict_rows(results: Iterable[CheckResult], title: str, notes: SourceNotes) -> Iterator[RenderableType]:
    """Many claims, one row each (where, the claim, the verdict, the event and its date, why and the sources), or
    one short block each on a narrow terminal; a table of `TABLE_ROWS` at a time, each given as soon as its claims
    are, the columns keeping their widths from one table to the next. Sources are cited by number in `notes`, for
    the caller to list below."""
    chunk: list[CheckResult] = []
    first = True
    for result in results:
        chunk.append(result)
        if len(chunk) == TABLE_ROWS:
            yield _table(chunk, title if first else None, notes)
            chunk, first = [], False
    if chunk or first:
        yield _table(chunk, title if first else None, notes)


def _table(results: Sequence[CheckResult], title: str | None, notes: SourceNotes) -> RenderableType:
    table = Table(title=literal(title, "bold") if title else None, title_justify="left", expand=True,
                  show_lines=True, show_header=title is not None)
    table.add_column("where", no_wrap=True, style="dim", min_width=_WHERE_WIDTH)
    table.add_column("claim", ratio=2, overflow="fold")
    table.add_column("verdict", no_wrap=True, min_width=_VERDICT_WIDTH)
    table.add_column("recorded", ratio=2, overflow="fold")
    table.add_column("why and sources", ratio=3, overflow="fold")
    stacked: list[RenderableType] = [literal(title, "bold underline"), Text()] if title else []
    for result in results:
        why = literal(result.explanation)
        if result.sources:
            why.append("\n").append_text(_cited(result.sources, notes))
        recorded = literal(result.event.slug, "bold") if result.event else Text("no event chosen", style="dim")
        recorded.append("\n")
        recorded.append_text(_current(result))
        table.add_row(literal(result.claim.where), literal(result.claim.text), verdict_label(result.verdict),
                      recorded, why)
        stacked.append(draft_block(result, notes))
    return ByWidth(table, Group(*stacked), threshold=WIDE_TABLE)


def draft_block(result: CheckResult, notes: SourceNotes) -> RenderableType:
    """One claim of a draft: where it is, its verdict and event, the sentence quoted, why, the candidates and the
    sources, cited by number in `notes`; a blank line after it."""
    heading = literal(result.claim.where or "", "dim")
    heading.append("  ")
    heading.append_text(verdict_label(result.verdict))
    if result.event is not None:
        heading.append("  ")
        heading.append_text(literal(result.event.slug, "bold"))
    body: list[RenderableType] = [literal(f"« {result.claim.text} »", "italic")]
    reading = result.claim.reading()
    if reading:
        body.append(literal(f"read: {reading}", "dim"))
    body.append(literal(result.explanation))
    if result.candidates:
        body.append(_candidates(result))
    if result.sources:
        body.append(_cited(result.sources, notes))
    return Group(heading, indented(Group(*body)), Text())
