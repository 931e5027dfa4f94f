"""The curated landings on other worlds (data/landings-and-firsts.json): each one sourced from an agency, NSSDCA or
McDowell page, linked to a launch the bundled catalogue holds, its crew named as McDowell's lists name them, and
the six Apollo Moon landings on their days."""

from __future__ import annotations

import gzip
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import run
from tracker.bundled import catalogue_log, data_directory

pytestmark = pytest.mark.usefixtures("frozen_today")

LANDINGS = data_directory() / "landings-and-firsts.json"

ALLOWED_HOSTS = ("nasa.gov", "esa.int", "cnsa.gov.cn", "jaxa.jp", "isro.gov.in", "roscosmos.ru",
                 "planet4589.org", "pds-geosciences.wustl.edu")
"""Where the file's sources may live: NASA (NSSDCA included), ESA, CNSA, JAXA, ISRO, Roscosmos, McDowell's pages,
and the Geosciences Node of NASA's Planetary Data System (NASA's archive, hosted by Washington University)."""

APOLLO_DAYS = {"apollo-11-moon-landing": "1969-07-20", "apollo-12-moon-landing": "1969-11-19",
               "apollo-14-moon-landing": "1971-02-05", "apollo-15-moon-landing": "1971-07-30",
               "apollo-16-moon-landing": "1972-04-21", "apollo-17-moon-landing": "1972-12-11"}
"""The UTC day of each touchdown (NASA's mission pages)."""


def landings() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(LANDINGS.read_text(encoding="utf-8"))["events"]
    return events


def catalogue_tags() -> set[str]:
    lines = gzip.decompress(catalogue_log().read_bytes()).decode().splitlines()
    return {line.split("\t")[0].strip() for line in lines if line and not line.startswith("#")}


def rides_text() -> str:
    """McDowell's rides.tsv, as bundled in data/mcdowell/ (gzip-compressed)."""
    return gzip.decompress((data_directory() / "mcdowell" / "rides.tsv.gz").read_bytes()).decode("utf-8")


def mcdowell_names() -> set[str]:
    """Each rider's name as McDowell writes it, without rank and employer ("Neil Alden Armstrong")."""
    rows = [line.split("\t") for line in rides_text().splitlines() if line and not line.startswith("#")]
    return {row[7].split(",")[0].strip() for row in rows if len(row) > 7}


def test_every_landing_cites_only_agency_nssdca_or_mcdowell_pages() -> None:
    for event in landings():
        assert event["sources"], event["slug"]
        for url in event["sources"]:
            host = urlsplit(url).hostname or ""
            assert any(host == allowed or host.endswith("." + allowed) for allowed in ALLOWED_HOSTS), (
                event["slug"], url)


def test_every_landing_belongs_to_a_launch_in_the_bundled_catalogue() -> None:
    tags = catalogue_tags()
    for event in landings():
        assert event["flight"] in tags, (event["slug"], event["flight"])


def test_every_person_is_named_as_mcdowell_names_them() -> None:
    names = mcdowell_names()
    people = [(event["slug"], person["name"]) for event in landings() for person in event.get("people", [])]
    assert people and all(name in names for _, name in people), [item for item in people if item[1] not in names]


def test_the_six_apollo_landings_with_their_days_and_the_two_who_landed() -> None:
    found = {event["slug"]: event for event in landings() if event["slug"] in APOLLO_DAYS}
    assert {slug: event["start"][:10] for slug, event in found.items()} == APOLLO_DAYS
    for event in found.values():
        assert event["kind"] == "landing" and event["place"].endswith("(Moon)")
        assert sorted(person["role"] for person in event["people"]) == ["commander", "lunar module pilot"]


def test_a_new_store_shows_apollo_11_landing_in_july_1969(db: str) -> None:
    out = run("timeline", "1969-07", "--format", "plain", db=db).stdout
    assert "20 Jul 1969 20:17:40 UTC  landing  Apollo 11 lands on the Moon  @ Sea of Tranquility (Moon)" in out
    card = run("show", "apollo-11-moon-landing", db=db).stdout
    assert "Neil Alden Armstrong" in card and "Edwin Eugene Aldrin" in card
