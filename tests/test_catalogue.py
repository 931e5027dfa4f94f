"""The default store holds the launch catalogue: every launch since Sputnik, findable by the names writers use,
failures visibly failures, the curated launches merged with their catalogue rows, every event sourced."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests.conftest import run, slugs
from tracker.bundled import GCAT_URL, catalogue_log, data_directory
from tracker.store.database import Location, Store
from tracker.store.schema import Event, EventSource

pytestmark = pytest.mark.usefixtures("frozen_today")


def launch_tags(year: str) -> set[str]:
    lines = gzip.decompress(catalogue_log().read_bytes()).decode().splitlines()[1:]
    return {line.split("\t")[0].strip() for line in lines if line.split("\t")[1].startswith(year)}


def test_the_bundled_tables_are_gcats_files_unmodified() -> None:
    """Each decompressed table has the SHA-256 of the file GCAT published, as data/gcat/README.md records it."""
    folder = data_directory() / "gcat"
    recorded = dict(re.findall(r"^\| (\w+\.tsv) \| `([0-9a-f]{64})` \|$", (folder / "README.md").read_text(),
                               re.MULTILINE))
    assert sorted(recorded) == ["launchlog.tsv", "orgs.tsv", "sites.tsv"]
    assert catalogue_log() == folder / "launchlog.tsv.gz"
    for name, digest in recorded.items():
        assert hashlib.sha256(gzip.decompress((folder / f"{name}.gz").read_bytes())).hexdigest() == digest, name


def test_apollo_11_in_july_1969_with_utc_and_kennedy_local_time(catalogue_db: str) -> None:
    out = run("timeline", "1969-07", "--format", "plain", db=catalogue_db).stdout
    assert "16 Jul 1969 13:32:00 UTC (09:32:00 EDT)  launch  Saturn V launches Apollo 11  @ Kennedy Space Center" in out


def test_every_2024_attempt_once_with_the_curated_launches_merged(catalogue_db: str) -> None:
    found = json.loads(run("timeline", "2024", "--kind", "launch", "--format", "json", db=catalogue_db).stdout)
    designations = Counter(event["designation"] for event in found)
    suborbital = {tag for tag in designations if "-S" in tag}  # crewed suborbital flights, from McDowell's list
    assert set(designations) - suborbital == launch_tags("2024") and max(designations.values()) == 1
    assert suborbital == {"2024-S01", "2024-S34", "2024-S37", "2024-S49", "2024-S75"}
    crew_8 = next(event for event in found if event["designation"] == "2024-042")
    assert crew_8["slug"] == "crew-8-launch" and GCAT_URL in crew_8["sources"] and crew_8["outcome"] == "success"
    assert "gcat-2024-042" not in {event["slug"] for event in found}


def test_agency_filter_by_its_short_name(catalogue_db: str) -> None:
    found = slugs(catalogue_db, "timeline", "--agency", "ISRO", "2014")
    assert len(found) >= 4 and all(slug.startswith("gcat-2014-") for slug in found)


def test_failures_are_failures(catalogue_db: str) -> None:
    failed = json.loads(run("timeline", "1957", "--outcome", "failure", "--format", "json", db=catalogue_db).stdout)
    assert [event["designation"] for event in failed] == ["1957-F01"]  # Vanguard TV-3, 6 December 1957
    assert "✗ failure" in run("timeline", "1957-12", "--format", "plain", db=catalogue_db).stdout


def test_writers_names_find_launches(catalogue_db: str) -> None:
    assert slugs(catalogue_db, "search", "Sputnik 1")[0] == "gcat-1957-alp"
    assert "gcat-1961-mu" in slugs(catalogue_db, "search", "Gagarine")


def test_every_event_of_the_default_store_is_sourced(catalogue_db: str) -> None:
    store = Store(Location(catalogue_db))
    with store.reading() as session:
        unsourced = session.scalar(select(func.count()).select_from(Event).where(
            ~Event.id.in_(select(EventSource.event_id))))
    store.close()
    assert unsourced == 0


def test_seeding_again_changes_nothing(catalogue_db: str) -> None:
    result = run("db", "seed", db=catalogue_db)
    assert result.exit_code == 0 and " 0 updated" in result.stdout and "0 events created" in result.stdout
    assert "Creative Commons" in result.stderr


def test_info_credits_gcat(catalogue_db: str) -> None:
    assert "launch catalogue: 6828 events from Jonathan C. McDowell" in run("info", db=catalogue_db).stdout


@pytest.mark.parametrize(("claim", "verdict"), [
    ("Sputnik 1 was launched on 4 October 1957", "confirmed"),
    ("Spoutnik 1 a été lancé le 4 octobre 1957", "confirmed"),
    ("Apollo 11 launched on 16 July 1969", "confirmed"),
    ("Apollo 11 launched on 17 July 1969", "contradicted"),
    ("Gagarin's flight, Vostok 1, launched on 12 April 1961", "confirmed"),
    ("Challenger (STS-51-L) was launched on 28 January 1986", "confirmed"),
    ("Crew-11 launched on 31 July 2025", "contradicted"),  # the 2025 claims are judged as before
    ("Crew-11 launched on 1 August 2025", "confirmed"),
])
def test_checking_dates_in_the_launch_history(catalogue_db: str, claim: str, verdict: str) -> None:
    [result] = json.loads(run("check", claim, "--format", "json", db=catalogue_db, width=200).stdout)
    assert result["verdict"] == verdict, result["explanation"]


def test_a_postgresql_store_is_seeded_with_the_catalogue_too(empty_postgres_url: str) -> None:
    seeded = run("db", "seed", db=empty_postgres_url)
    assert seeded.exit_code == 0 and seeded.stdout.startswith("7755 events created"), seeded.output
    assert slugs(empty_postgres_url, "search", "Sputnik 1")[0] == "gcat-1957-alp"


def test_every_mission_name_cites_an_agency_or_the_catalogue() -> None:
    """data/mission-aliases.tsv shows writers no Wikipedia copy, scraper site, blog or news page."""
    allowed = ("nasa.gov", "esa.int", "jaxa.jp", "isro.gov.in", "cnsa.gov.cn", "roscosmos.ru", "planet4589.org")
    lines = (data_directory() / "mission-aliases.tsv").read_text(encoding="utf-8").splitlines()[1:]
    hosts = {line.split("\t")[3]: urlsplit(line.split("\t")[3]).hostname or "" for line in lines}
    assert len(hosts) > 1 and GCAT_URL in hosts
    assert [url for url, host in hosts.items()
            if not any(host == name or host.endswith("." + name) for name in allowed)] == []
