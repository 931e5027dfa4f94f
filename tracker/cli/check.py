"""`tracker check`: does a claim, a file of claims or a whole draft agree with the record?

Exit status: 0 when every claim is confirmed (or a draft holds no checkable claim); 1 when any claim is
contradicted, imprecise or unknown (imprecise is not confirmed: a script that asks "is this right?" must not be
told yes); 2 for usage errors (unreadable dates, files or columns).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from tracker import limits
from tracker.cli import options
from tracker.cli.context import AppContext, pass_app
from tracker.cli.files import standard_output
from tracker.cli.output import show, waiting

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tracker.dates.ranges import DayOrder
    from tracker.factcheck.claims import CheckResult, Claim, Verdict
    from tracker.factcheck.mentions import Lexicon
    from tracker.store.reading import Reader


@click.command("check")
@click.argument("claim", nargs=-1)
@click.option("--file", "claims_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
              help="A CSV file of claims: a 'claim' column, or 'subject' and 'date' columns (and 'place'); - for "
                   "standard input.")
@click.option("--article", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
              help="A draft (English or French) whose dates near known events, people or agencies are checked; - "
                   "for standard input.")
@click.option("--format", "output", type=click.Choice(["rich", "json"]), default="rich", show_default=True,
              help="rich for people; json (one object per claim) for scripts.")
@click.option("--dayfirst", "day_order", flag_value="dayfirst", help="Read 03/04/2025 as 3 April.")
@click.option("--monthfirst", "day_order", flag_value="monthfirst", help="Read 03/04/2025 as 4 March.")
@click.option("--no-pager", is_flag=True, help="Never page long output.")
@pass_app
def check(app: AppContext, claim: tuple[str, ...], claims_file: Path | None, article: Path | None, output: str,
          day_order: str | None, no_pager: bool) -> None:
    """Check CLAIM against the record: "Crew-11 launched on 31 July 2025", "Crew-11 a décollé le 31 juillet
    2025", or a subject and a date: crew-11-launch 2025-07-31.

    Each claim is confirmed, contradicted (with the recorded date, the difference in days and any planned,
    scrubbed or superseded date it matches), imprecise (the record is coarser than the claim) or unknown (no event
    matches clearly: the candidates are listed). Places and people a claim states are checked too. Exits 0 when
    every claim is confirmed, 1 otherwise, 2 for bad input.

    \b
    Examples:
      tracker check "Crew-11 launched on 31 July 2025"
      tracker check crew-11-launch 2025-07-31
      tracker check --file claims.csv --format json
      tracker check --article draft.txt
      cat draft.txt | tracker check --article -
    """
    if sum((bool(claim), claims_file is not None, article is not None)) != 1:
        raise click.UsageError("give one of: a CLAIM, --file CLAIMS.csv or --article DRAFT.txt")
    from tracker.dates.ranges import DayOrder
    from tracker.factcheck.candidates import checked, draft_results, load_lexicon
    from tracker.factcheck.claims import Verdict
    from tracker.factcheck.reading import check_claim_length

    order = DayOrder(day_order) if day_order else None
    text = " ".join(claim)
    check_claim_length(text)
    source = article or claims_file
    if article is not None:
        _check_draft_size(article)
    counts: Counter[Verdict] = Counter()
    with app.store().reading() as session, contextlib.ExitStack() as stack:
        with waiting("checking"):
            # A file is read as it is checked: its names cannot be picked out first, so every name is loaded.
            lexicon = load_lexicon(session, for_text=text if source is None else None)
        if article is not None:
            lines = stack.enter_context(_lines(article, total=limits.ARTICLE_MAX_BYTES))
            results = draft_results(session, _draft_claims(lines, lexicon, order))
        elif claims_file is not None:
            lines = stack.enter_context(_lines(claims_file))
            results = checked(session, _file_claims(lines, _named(claims_file), lexicon, order))
        else:
            with waiting("checking"):
                results = iter(list(checked(session, _argument_claims(session, claim, lexicon, order))))
        _report(_counted(results, counts), counts, session, output, no_pager, file=claims_file, article=article)
    click.get_current_context().exit(0 if set(counts) <= {Verdict.CONFIRMED} else 1)


def _check_draft_size(path: Path) -> None:
    """Refuse a draft over `limits.ARTICLE_MAX_BYTES` before anything is printed, when its size is known (a pipe's
    is counted as it is read)."""
    from tracker.cli.streams import is_standard_input
    from tracker.errors import InvalidRecord
    from tracker.limits import size_label

    if is_standard_input(path):
        return  # counted as it is read
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0
    if size > limits.ARTICLE_MAX_BYTES:
        raise InvalidRecord(f"{path}: {size:,} bytes, larger than {size_label(limits.ARTICLE_MAX_BYTES)}, the limit "
                            "for a draft checked with --article")


@contextlib.contextmanager
def _lines(path: Path, total: int | None = None) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 file (a leading BOM dropped, line endings kept and made "\\n", as reading it as text
    would), read one at a time and each bounded (see `limits.bounded_lines`); InvalidRecord naming the line for
    bytes that are not UTF-8."""
    from tracker.cli.streams import binary_standard_input, is_standard_input
    from tracker.errors import InvalidRecord
    from tracker.limits import bounded_lines

    def decoded(stream: IO[bytes]) -> Iterator[str]:
        for number, line in enumerate(bounded_lines(stream, _named(path), total=total, what="draft"), start=1):
            try:
                text = (line[3:] if number == 1 and line.startswith(b"\xef\xbb\xbf") else line).decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidRecord(f"{_named(path)}: line {number}: not UTF-8 text") from None
            if "\r" not in text:
                yield text
                continue
            pieces = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # a lone CR ends a line too
            yield from (piece + "\n" for piece in pieces[:-1])
            if pieces[-1]:
                yield pieces[-1]

    if is_standard_input(path):
        yield decoded(binary_standard_input())  # read as it comes: the first verdicts show at once
        return
    with path.open("rb") as stream:
        yield decoded(stream)


def _named(path: Path | None) -> str:
    """How messages and headings name the file at `path`: `-` is "standard input"."""
    from tracker.cli.streams import STANDARD_INPUT_NAME, is_standard_input

    return STANDARD_INPUT_NAME if is_standard_input(path) else str(path)


def _counted(results: Iterable[CheckResult], counts: Counter[Verdict]) -> Iterator[CheckResult]:
    """`results`, each counted in `counts` by its verdict as it passes (the exit status and the tally need no
    more)."""
    for result in results:
        counts[result.verdict] += 1
        yield result


def _draft_claims(lines: Iterable[str], lexicon: Lexicon, order: DayOrder | None) -> Iterator[Claim]:
    from tracker.factcheck.reading import draft_claims

    return draft_claims(lines, lexicon, today=options.today(), day_order=order)


def _file_claims(lines: Iterable[str], source: str, lexicon: Lexicon, order: DayOrder | None) -> Iterator[Claim]:
    from tracker.factcheck.reading import csv_claims

    return csv_claims(lines, lexicon, source=source, today=options.today(), day_order=order)


def _argument_claims(session: Reader, words: tuple[str, ...], lexicon: Lexicon,
                     order: DayOrder | None) -> list[Claim]:
    """SUBJECT DATE when there are two arguments and the second is a date by itself; else one free-text claim."""
    from tracker.errors import InvalidDate
    from tracker.factcheck.reading import read_claims, read_date, subject_claim

    if len(words) == 2:
        try:
            read_date(words[1], today=options.today(), day_order=order)
        except InvalidDate:
            pass
        else:
            return [subject_claim(words[0], words[1], lexicon, today=options.today(), day_order=order)]
    return read_claims(" ".join(words), lexicon, today=options.today(), day_order=order)


def _report(results: Iterator[CheckResult], counts: Counter[Verdict], session: Reader, output: str, no_pager: bool,
            *, file: Path | None, article: Path | None) -> None:
    """Write each result as it comes: JSON objects, a draft's blocks, a file's tables, or cards for a claim; then
    the sources cited (their titles looked up once all are known) and the tally (`counts`, which the results fill
    as they are read)."""
    if output == "json":
        _write_json(results)
        return
    from rich.console import Group
    from rich.text import Text

    from tracker.factcheck.claims import sources_cited
    from tracker.render.layout import SourceNotes
    from tracker.render.text import literal
    from tracker.render.verdicts import draft_block, summary, summary_of, verdict_card, verdict_rows
    from tracker.store.query import source_titles

    if file is None and article is None:
        shown = list(results)
        titles = source_titles(session, sorted(sources_cited(shown)))
        if len(shown) == 1:
            show(verdict_card(shown[0], titles), no_pager=no_pager)
        else:  # a claim with several dates: one card each
            show(Group(*(verdict_card(result, titles) for result in shown), summary(shown)), no_pager=no_pager)
        return
    notes = SourceNotes()

    def parts() -> Iterator[RenderableType]:
        if article is not None:
            heading = False
            for result in results:
                if not heading:
                    yield Group(literal(f"Claims found in {_named(article)}", "bold underline"), Text())
                    heading = True
                yield draft_block(result, notes)
            if not heading:
                yield literal(f"No checkable claims found in {_named(article)}: no date near a known event, person or "
                              "agency.")
                return
        else:
            yield from verdict_rows(results, f"Claims in {_named(file)}", notes)
        notes.titles = source_titles(session, list(notes.numbers))
        yield from notes.lines()
        yield summary_of(counts)

    show(parts(), no_pager=no_pager)


def _write_json(results: Iterator[CheckResult]) -> None:
    """The results as one JSON array, written an object at a time, laid out as `json.dumps(..., indent=2)` lays
    out the whole array."""
    from tracker.factcheck.claims import result_to_json

    stream = standard_output()
    count = 0
    for result in results:
        item = json.dumps(result_to_json(result), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        stream.write(("[\n  " if not count else ",\n  ") + item)
        stream.flush()  # each verdict reaches a reader as soon as it is made
        count += 1
    stream.write("\n]\n" if count else "[]\n")
