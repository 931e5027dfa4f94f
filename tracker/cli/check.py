"""`tracker check`: does a claim, a file of claims or a whole draft agree with the record?

Exit status: 0 when every claim is confirmed (or a draft holds no checkable claim); 1 when any claim is
contradicted, imprecise or unknown (imprecise is not confirmed: a script that asks "is this right?" must not be
told yes); 2 for usage errors (unreadable dates, files or columns).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli import options, say
from tracker.cli.context import AppContext, pass_app
from tracker.cli.files import standard_output
from tracker.cli.output import show, waiting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.dates.ranges import DayOrder
    from tracker.factcheck.claims import CheckResult, Claim
    from tracker.factcheck.mentions import Lexicon


@click.command("check")
@click.argument("claim", nargs=-1)
@click.option("--file", "claims_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV file of claims: a 'claim' column, or 'subject' and 'date' columns (and 'place').")
@click.option("--article", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A draft (English or French) whose dates near known events, people or agencies are checked.")
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
    """
    if sum((bool(claim), claims_file is not None, article is not None)) != 1:
        raise click.UsageError("give one of: a CLAIM, --file CLAIMS.csv or --article DRAFT.txt")
    from tracker.dates.ranges import DayOrder
    from tracker.factcheck.candidates import check_claims, check_draft, load_lexicon
    from tracker.factcheck.claims import all_confirmed

    order = DayOrder(day_order) if day_order else None
    source = article or claims_file
    text = _read(source) if source is not None else " ".join(claim)
    with app.store().session() as session, waiting("checking"):
        lexicon = load_lexicon(session, for_text=text)
        if article is not None:
            results = check_draft(session, _draft_claims(text, lexicon, order))
        elif claims_file is not None:
            results = check_claims(session, _file_claims(text, str(claims_file), lexicon, order))
        else:
            results = check_claims(session, _argument_claims(session, claim, lexicon, order))
        titles = _source_titles(session, results) if output != "json" else {}
    _report(results, output, no_pager, titles, file=claims_file, article=article)
    click.get_current_context().exit(0 if all_confirmed(results) else 1)


def _read(path: Path) -> str:
    from tracker.errors import InvalidRecord

    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRecord(f"{path}: not UTF-8 text") from None


def _draft_claims(text: str, lexicon: Lexicon, order: DayOrder | None) -> list[Claim]:
    from tracker.factcheck.reading import find_claims

    return find_claims(text, lexicon, today=options.today(), day_order=order)


def _file_claims(text: str, source: str, lexicon: Lexicon, order: DayOrder | None) -> list[Claim]:
    from tracker.factcheck.reading import claims_from_csv

    return claims_from_csv(text, lexicon, source=source, today=options.today(), day_order=order)


def _argument_claims(session: Session, words: tuple[str, ...], lexicon: Lexicon,
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


def _source_titles(session: Session, results: list[CheckResult]) -> dict[str, str]:
    """The titles of the sources the results cite, for those known by title rather than a web address."""
    from tracker.store.query import source_titles

    urls = {url for result in results for url in result.sources}
    urls.update(item.source for result in results for item in result.recorded if item.source)
    return source_titles(session, sorted(urls))


def _report(results: list[CheckResult], output: str, no_pager: bool, titles: dict[str, str], *, file: Path | None,
            article: Path | None) -> None:
    if output == "json":
        from tracker.factcheck.claims import result_to_json

        standard_output().write(json.dumps([result_to_json(result) for result in results], ensure_ascii=False,
                                           indent=2) + "\n")
        return
    from rich.console import Group

    from tracker.render.verdicts import draft_report, summary, verdict_card, verdict_table

    if article is not None:
        if not results:
            say(f"No checkable claims found in {article}: no date near a known event, person or agency.")
            return
        show(draft_report(results, f"Claims found in {article}", titles), no_pager=no_pager)
    elif file is not None:
        show(verdict_table(results, f"Claims in {file}", titles), no_pager=no_pager)
    elif len(results) == 1:
        show(verdict_card(results[0], titles), no_pager=no_pager)
    else:  # a claim with several dates: one card each
        show(Group(*(verdict_card(result, titles) for result in results), summary(results)), no_pager=no_pager)
