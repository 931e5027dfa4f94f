"""The writer-style claim set in tests/factcheck/claims/ is well formed: its columns, size, share of French, ids,
verdict words (those the README's fact-check section defines), sources from the allowed publishers, and the
drafts' sidecars. It does not run the checker: whether `tracker check` agrees is a separate test."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SET = Path(__file__).resolve().parent / "claims"
CLAIM_COLUMNS = ["id", "language", "claim", "expected", "why", "source"]
SIDECAR_COLUMNS = ["sentence", "expected", "why", "source"]
LANGUAGES = {"en", "fr"}
# Agencies, NSSDCA and NASA's portals (any nasa.gov host), and McDowell's planet4589.org; never Wikipedia.
ALLOWED_HOSTS = ("nasa.gov", "esa.int", "jaxa.jp", "isro.gov.in", "cnsa.gov.cn", "cmse.gov.cn", "roscosmos.ru",
                 "planet4589.org")
# The store's own curated records may be cited as `data/<file>.json#<slug>`.
DATA_REFERENCE = re.compile(r"^data/(?P<file>[\w.-]+\.json)#(?P<slug>[\w-]+)$")
DRAFTS = ("article-en", "article-fr")
# A full stop followed by a capital, except after "a.m." / "p.m." ("3:45 p.m. EST").
SENTENCE_BREAK = re.compile(r"(?<![ap]\.m)[.!?]\s+[A-ZÀ-Ý]")


def read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return the header and rows of a UTF-8, tab-separated file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return list(reader.fieldnames or []), list(reader)


@cache
def readme_verdicts() -> frozenset[str]:
    """The verdict words the project README's fact-check section defines (its `- **word** —` list)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Checking a date before it goes to print", 1)[1].split("\n## ", 1)[0]
    return frozenset(re.findall(r"^- \*\*(\w+)\*\* —", section, flags=re.MULTILINE))


@cache
def curated_slugs(file: str) -> frozenset[str]:
    """The slugs of the events in one of the bundled data files."""
    document = json.loads((ROOT / "data" / file).read_text(encoding="utf-8"))
    return frozenset(event["slug"] for event in document["events"])


def source_problem(source: str) -> str | None:
    """Why a source is not acceptable, or None when it is an allowed page or an existing curated record."""
    reference = DATA_REFERENCE.match(source)
    if reference:
        if not (ROOT / "data" / reference["file"]).is_file():
            return f"no file data/{reference['file']}"
        if reference["slug"] not in curated_slugs(reference["file"]):
            return f"no event {reference['slug']!r} in data/{reference['file']}"
        return None
    parts = urlsplit(source)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        return "not a URL"
    if "wikipedia" in host or not any(host == allowed or host.endswith("." + allowed) for allowed in ALLOWED_HOSTS):
        return f"host {host} is not an allowed publisher"
    return None


CLAIM_HEADER, CLAIMS = read_tsv(SET / "claims.tsv")


def test_readme_defines_the_four_verdicts() -> None:
    assert readme_verdicts() == {"confirmed", "contradicted", "imprecise", "unknown"}


def test_claims_have_the_columns_in_order() -> None:
    assert CLAIM_HEADER == CLAIM_COLUMNS


def test_every_field_of_every_claim_is_filled() -> None:
    empty = [(row["id"], column) for row in CLAIMS for column in CLAIM_COLUMNS if not (row[column] or "").strip()]
    assert not empty


def test_there_are_at_least_150_claims_and_a_quarter_in_french() -> None:
    assert len(CLAIMS) >= 150
    assert {row["language"] for row in CLAIMS} <= LANGUAGES
    french = sum(row["language"] == "fr" for row in CLAIMS)
    assert french * 4 >= len(CLAIMS)


def test_ids_are_unique() -> None:
    ids = [row["id"] for row in CLAIMS]
    assert len(set(ids)) == len(ids)


def test_claims_are_not_repeated() -> None:
    texts = [row["claim"].casefold() for row in CLAIMS]
    assert len(set(texts)) == len(texts)


def test_expected_verdicts_are_readme_words() -> None:
    wrong = {row["id"]: row["expected"] for row in CLAIMS if row["expected"] not in readme_verdicts()}
    assert not wrong


def test_every_verdict_occurs_and_the_mix_is_realistic() -> None:
    counts = {verdict: sum(row["expected"] == verdict for row in CLAIMS) for verdict in readme_verdicts()}
    assert all(counts.values()), counts
    # About 45 % true, 35 % false, 20 % other: each share within ten points of it.
    assert abs(counts["confirmed"] / len(CLAIMS) - 0.45) <= 0.10
    assert abs(counts["contradicted"] / len(CLAIMS) - 0.35) <= 0.10


@pytest.mark.parametrize("row", CLAIMS, ids=[row["id"] for row in CLAIMS])
def test_each_claim_cites_an_allowed_source(row: dict[str, str]) -> None:
    assert source_problem(row["source"]) is None, (row["id"], row["source"], source_problem(row["source"]))


def test_the_source_check_refuses_wikipedia_and_unknown_slugs() -> None:
    assert source_problem("https://en.wikipedia.org/wiki/Vostok_1") is not None
    assert source_problem("https://nasa.gov.example.com/x") is not None
    assert source_problem("data/spaceflight-2025-2026.json#no-such-event") is not None
    assert source_problem("https://nssdc.gsfc.nasa.gov/planetary/lunar/apollo.html") is None


def test_each_claim_is_one_sentence_with_a_date_or_period() -> None:
    dated = re.compile(r"\b(1[89]\d\d|20\d\d)\b|\b(19|20)\d0s\b")
    undated = [row["id"] for row in CLAIMS if not dated.search(row["claim"])]
    several = [row["id"] for row in CLAIMS if SENTENCE_BREAK.search(row["claim"].rstrip("."))]
    assert not undated and not several


@pytest.mark.parametrize("draft", DRAFTS)
def test_each_draft_has_a_sidecar_of_its_own_sentences(draft: str) -> None:
    text = (SET / f"{draft}.md").read_text(encoding="utf-8")
    header, rows = read_tsv(SET / f"{draft}.expected.tsv")
    assert header == SIDECAR_COLUMNS
    assert len(rows) >= 8
    assert not [row["sentence"] for row in rows if row["sentence"] not in text]
    assert {row["expected"] for row in rows} <= readme_verdicts()
    assert 3 <= sum(row["expected"] == "contradicted" for row in rows) <= 4
    assert not [row["source"] for row in rows if source_problem(row["source"])]
    words = len(text.split())
    assert 250 <= words <= 400, words
