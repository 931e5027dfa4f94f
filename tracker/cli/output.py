"""Putting results on the terminal: colour only on a terminal (and never with NO_COLOR), a pager for long output
like git, SVG/HTML copies for articles and slides; `--format` for scripts (plain, JSON, CSV)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from tracker.cli.context import AppContext
from tracker.cli.files import output_file, protected_files
from tracker.cli.options import grouped

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from tracker.dates.ranges import DateRange
    from tracker.records import EventRecord, Match

FORMATS = ["rich", "plain", "json", "jsonl", "csv"]
PAGER_OPTIONS = [
    click.option("--no-pager", is_flag=True, help="Never page long output."),
    click.option("--svg", type=click.Path(dir_okay=False, path_type=Path), help="Also save the rendering as SVG."),
    click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help="Also save the rendering as HTML."),
]


@dataclass(frozen=True)
class Output:
    """How results are written: the format, and for rich output the pager and the saved copies."""

    format: str = "rich"
    no_pager: bool = False
    svg: Path | None = None
    html: Path | None = None


output_options = grouped(
    [click.option("--format", "format", type=click.Choice(FORMATS), default="rich", show_default=True,
                  help="rich for people; plain, json, jsonl (one event a line) or csv for scripts."),
     *PAGER_OPTIONS],
    Output, "output")
"""Add --format and the pager/SVG/HTML options to a command, which receives them as `output: Output`."""


def emit(matches: Iterable[Match], heading: str, output: Output, *, nearest: tuple[EventRecord | None,
         EventRecord | None] = (None, None), shown: DateRange | None = None, ranked: bool = False,
         gaps: bool = True, notice: str | None = None) -> None:
    """Write matches in the format asked for; `shown` is the range the heading names (it scales the bars);
    `ranked` matches are in order of relevance, not of date; without `gaps`, long gaps are not marked. A `notice`
    (what the store does not cover) goes under the heading, or on stderr for formats read by scripts."""
    records = (match.event for match in matches)  # streamed: written as they are read
    if output.format in ("json", "jsonl", "csv"):
        from tracker.formats import FORMATS as FILE_FORMATS

        _write_file_format(lambda stream: FILE_FORMATS[output.format].writer()(records, stream, True), notice)
        return
    if notice is not None and output.format != "rich":
        click.echo(f"note: {notice}", err=True)  # stderr: the data on stdout stays the data
    if output.format == "plain":
        from tracker.render.text import visible
        from tracker.render.timeline import plain_lines

        click.echo(visible(heading))  # it quotes what was asked for and names who: never obeyed by the terminal
        for line in plain_lines(matches):
            click.echo(line)
    else:
        from tracker.render.timeline import timeline_parts

        show(timeline_parts(matches, heading, shown=shown, nearest=nearest, ranked=ranked, gaps=gaps, notice=notice),
             no_pager=output.no_pager, svg=output.svg, html=output.html)


def emit_rows(rows: Iterable[list[str]], notice: str | None = None) -> None:
    """Write events given as their CSV cells (a store's, `exports.csv.stored_rows`): the bytes `emit` writes
    of their records in CSV."""
    from tracker.formats.csv import write_rows

    _write_file_format(lambda stream: write_rows(rows, stream), notice)


def emit_texts(texts: Iterable[str], output: Output, *, notice: str | None = None) -> None:
    """Write events given as the text of their JSON objects (a store's, `exports.json.stored_json`) in the
    format asked for, which must have `texts` in the registry: the bytes `emit` writes of their records."""
    from tracker.formats import FORMATS as FILE_FORMATS

    _write_file_format(lambda stream: FILE_FORMATS[output.format].texts_writer()(texts, stream, True), notice)


def _write_file_format(write: Callable[[IO[str]], int], notice: str | None) -> None:
    if notice is not None:
        click.echo(f"note: {notice}", err=True)  # stderr: the data on stdout stays the data
    with output_file(None) as stream:  # a terminal is shown escapes, never raw control characters
        write(stream)


def show(renderable: RenderableType | Iterator[RenderableType], *, no_pager: bool = False,
         svg: Path | None = None, html: Path | None = None) -> None:
    """Print `renderable` (or the pieces an iterator gives, each written as it comes, so the first lines show at
    once), through the pager on a terminal when it may not fit one screen, and save the copies asked for. On a
    terminal lines wrap at its width; piped, text lines are not wrapped at all, so nothing copied is cut."""
    from tracker.cli.pager import batched, page

    console = _console(record=bool(svg or html))
    parts = renderable if isinstance(renderable, Iterator) else iter([renderable])
    if _interactive(console) and not no_pager and (isinstance(renderable, Iterator)
                                                   or _too_tall(console, renderable)):
        paged = page(parts, console)  # `less -F` quits at once when it all fits
        if paged is not None:
            _save_copies(paged, svg, html)
            return
    for batch in batched(parts):  # streamed: the first lines come at once, memory stays flat
        console.print(batch, crop=False)
    _save_copies(console, svg, html)


def _console(*, record: bool) -> Console:
    from tracker.cli.streams import console as made

    context = click.get_current_context(silent=True)
    app = context.find_object(AppContext) if context else None
    colour = app.colour if app else "auto"
    if colour == "never":  # laid out for the terminal, written without any escape code
        console = made(record=record, color_system=None)
    else:
        console = made(record=record, force_terminal=True if colour == "always" else None)
    console.soft_wrap = not console.is_terminal  # a script or a file gets whole lines
    return console


def _is_a_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _stderr_is_a_terminal() -> bool:
    return _is_a_terminal(sys.stderr)


def _interactive(console: Console) -> bool:
    """Whether a person reads the output on a terminal: a console made to act as one (FORCE_COLOR, --color always)
    writing to a pipe or a file is laid out for a terminal but never paged, as git does."""
    return console.is_terminal and _is_a_terminal(console.file)


def _too_tall(console: Console, renderable: RenderableType) -> bool:
    return len(console.render_lines(renderable, console.options, pad=False)) > console.height


def _save_copies(console: Console, svg: Path | None, html: Path | None) -> None:
    protected = protected_files(click.get_current_context()) if click.get_current_context(silent=True) else []
    if svg is not None:
        with output_file(svg, protected) as stream:
            stream.write(console.export_svg(title="tracker", clear=False))
    if html is not None:
        with output_file(html, protected) as stream:
            stream.write(console.export_html(clear=False))


SPINNER_DELAY = 0.5
"""Seconds of work before a spinner appears: a quick command shows none."""


@contextmanager
def waiting(message: str) -> Iterator[None]:
    """Show a spinner with `message` on stderr while the block runs, only when stderr is a terminal and the block
    takes longer than SPINNER_DELAY; gone (not left on the screen) when the block ends, before any output."""
    if not _stderr_is_a_terminal():  # checked before importing rich: JSON for a script never loads it
        yield
        return
    from rich.console import Console

    from tracker.render.text import literal

    status = Console(stderr=True).status(literal(message))  # it may quote what was typed: never markup
    timer = threading.Timer(SPINNER_DELAY, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        status.stop()
