"""Datasette over a seeded store, through Datasette's own test client and the metadata `tracker db
datasette-metadata` writes: the credit shows, search and facets answer, coded columns read as words, tracker's
machinery is hidden."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

from tests.conftest import run


@pytest.fixture
def datasette(tmp_path: Path) -> Datasette:
    """Datasette on a SQLite store seeded with the bundled dataset (Datasette reads SQLite files only; PostgreSQL's
    refusal to write metadata is in test_integrity)."""
    path = tmp_path / "tracker.db"
    assert run("db", "seed", "--without-catalogue", db=f"sqlite:///{path}").exit_code == 0
    result = run("db", "datasette-metadata", db=f"sqlite:///{path}")
    assert result.exit_code == 0, result.output
    return Datasette([str(path)], metadata=json.loads(result.stdout))


def get(datasette: Datasette, path: str) -> Any:
    """The response to GET `path` on the `tracker` database (the file is tracker.db)."""
    async def fetch() -> Any:
        return await datasette.client.get(path.replace("{db}", "/tracker"))

    response = asyncio.run(fetch())
    assert response.status_code == 200, (path, response.text[:300])
    return response


def test_every_bundled_source_is_credited_with_its_licence(datasette: Datasette) -> None:
    page = get(datasette, "/").text
    assert "Data license:" in page and "CC BY" in page
    for credit in ("GCAT: General Catalog of Artificial Space Objects", "Jonathan C. McDowell, planet4589.org",
                   "Extra-vehicular Activity (EVA) - US and Russia", "Stavnichuk and Tatsuya Corlett"):
        assert credit in page, credit
    metadata = get(datasette, "/-/metadata.json").json()
    assert metadata["license"].startswith("CC BY") and metadata["source_url"] == "https://planet4589.org/space/gcat/"


def test_search_finds_events_in_the_table_and_the_readable_view(datasette: Datasette) -> None:
    for table in ("events", "events_readable"):
        rows = get(datasette, f"{{db}}/{table}.json?_search=Bakanov&_shape=array").json()
        assert "duffy-bakanov-meeting" in [row["slug"] for row in rows], table


def test_facets_answer_with_names_and_words(datasette: Datasette) -> None:
    agencies = get(datasette, "{db}/event_agencies.json").json()["facet_results"]["agency_id"]["results"]
    assert "National Aeronautics and Space Administration" in {facet["label"] for facet in agencies}  # not its id
    readable = get(datasette, "{db}/events_readable.json").json()["facet_results"]
    assert set(readable) >= {"kind", "status", "outcome", "precision"}  # none timed out
    assert {facet["value"] for facet in readable["precision"]["results"]} <= {
        "year", "month", "day", "hour", "minute", "second"}
    people = get(datasette, "{db}/event_people.json").json()["facet_results"]["person_id"]["results"]
    assert all(isinstance(facet["label"], str) and facet["label"] for facet in people)


def test_coded_columns_are_words_or_described(datasette: Datasette) -> None:
    [row] = get(datasette, "{db}/events_readable.json?slug=crew-11-launch&_shape=array").json()
    assert (row["precision"], row["span_class"]) == ("minute", "up to 1 hour")
    page = get(datasette, "{db}/events").text
    assert "1 = year, 2 = month, 3 = day" in page and "the interval lasts at most 4^k hours" in page


def test_trackers_machinery_is_hidden(datasette: Datasette) -> None:
    tables = {table["name"]: table["hidden"] for table in get(datasette, "{db}.json").json()["tables"]}
    assert tables["alembic_version"] and tables["event_search_suspended"] and tables["event_search_data"]
    assert not tables["events"] and not tables["field_changes"]  # the history of changes is evidence
    page = get(datasette, "{db}").text
    assert "alembic_version" not in page and "event_search_data" not in page


def test_datasette_finds_the_search_index_without_metadata(tmp_path: Path) -> None:
    """Datasette detects the index of `events` by itself, as sqlite-utils does (test_integrity), from the
    `content="events"` the FTS table's definition carries."""
    path = tmp_path / "tracker.db"
    assert run("db", "seed", "--without-catalogue", db=f"sqlite:///{path}").exit_code == 0
    rows = get(Datasette([str(path)]), "{db}/events.json?_search=Bakanov&_shape=array").json()
    assert "duffy-bakanov-meeting" in [row["slug"] for row in rows]
