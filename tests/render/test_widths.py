"""Output that reads well at any width: on a terminal of 60, 80 or 200 columns no URL or word is split and narrow
terminals get stacked blocks instead of squeezed tables; piped, lines are not wrapped at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run

pytestmark = pytest.mark.usefixtures("frozen_today")
URL = re.compile(r"(?:https?|urn):[^\s│]+")
WIDTHS = [60, 80, 200]


def _urls_are_whole(out: str, expected: list[str]) -> None:
    found = set(URL.findall(out))
    for url in expected:
        assert url in found, f"{url} is not on one line"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_card_keeps_every_url_whole(db: str, width: int) -> None:
    import json

    event = json.loads(run("show", "crew-11-launch", "--format", "json", db=db).stdout)
    out = run("show", "crew-11-launch", db=db, width=width, terminal=True).stdout
    _urls_are_whole(out, [url for url in event["sources"] if url.startswith("http")])
    assert "« Une main tendue dans le vide »" in out  # the article known by a URN is shown by its title
    assert "urn:tracker:" not in out


@pytest.mark.parametrize("width", [60, 80])
def test_a_narrow_card_stacks_its_history(db: str, width: int) -> None:
    out = run("show", "crew-11-launch", db=db, width=width, terminal=True).stdout
    assert "┏" not in out  # no table squeezed into ten-character columns
    assert re.search(r"scrubbed 31 Jul 2025 16:09 UTC", out)
    assert max(len(line) for line in out.splitlines() if not URL.search(line)) <= width


def test_a_wide_card_has_its_history_table(db: str) -> None:
    out = run("show", "crew-11-launch", db=db, width=200, terminal=True).stdout
    assert "┃ status" in out and "┃ source" in out


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    path = tmp_path / "claims.csv"
    path.write_text("claim\nCrew-11 launched on 31 July 2025\nCrew-11 launched on 1 August 2025\n"
                    "Soyuz MS-27 launched on 8 April 2025\n")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_a_file_of_claims_is_compact_and_keeps_urls_whole(db: str, claims: Path, width: int) -> None:
    out = run("check", "--file", str(claims), db=db, width=width, terminal=True).stdout
    urls = [url for url in URL.findall(run("check", "--file", str(claims), db=db, width=400).stdout)]
    assert urls
    _urls_are_whole(out, urls)
    if width < 120:
        assert "┏" not in out
        assert len(out.splitlines()) < 45  # a few lines a claim and one a source, not eighty for three claims


@pytest.mark.parametrize("width", WIDTHS)
def test_the_agency_list_never_splits_a_word(db: str, width: int) -> None:
    out = run("agencies", db=db, width=width, terminal=True).stdout
    words = set(re.findall(r"[A-Za-z]+", out))
    assert "Administration" in words
    assert not {"Administrati", "Adminis"} & words


def test_piped_output_is_not_wrapped(db: str) -> None:
    out = run("timeline", "2025-07-28..2025-08-03", db=db, width=60).stdout
    assert any("Roscosmos delegation's planned visit to Boeing's CST-100 Starliner production facility" in line
               for line in out.splitlines())
    card = run("show", "duffy-bakanov-meeting", db=db, width=60).stdout
    _urls_are_whole(card, ["https://spacepolicyonline.com/news/crew-11-must-wait-another-day-while-duffy-meets-with-"
                           "bakanov"])


def test_a_wide_agency_table_keeps_each_cell_its_own(db: str) -> None:
    out = run("agencies", db=db, width=200, terminal=True).stdout
    nasa = next(line for line in out.splitlines() if line.startswith("│ NASA "))
    assert nasa.split("│")[1].strip() == "NASA"  # the stacked form's line is not in the table's cell
    assert "events" not in nasa
