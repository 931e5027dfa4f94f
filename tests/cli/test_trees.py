"""Agencies with their parts and places within places, as a user asks for them on the launch catalogue: NASA's
1969 launches through its centres, Florida by any name, Houston with Johnson Space Center."""

from __future__ import annotations

import gzip
import json

from tests.conftest import run, slugs
from tracker.bundled import catalogue_log


def _table(name: str) -> list[dict[str, str]]:
    lines = gzip.decompress((catalogue_log().parent / name).read_bytes()).decode("utf-8").splitlines()
    header = [column.strip() for column in lines[0].lstrip("#").split("\t")]
    return [dict(zip(header, (value.strip() for value in line.split("\t")), strict=True))
            for line in lines[1:] if line and not line.startswith("#")]


def nasa_launch_tags(year: str, *, exact: bool = False) -> set[str]:
    """The launches of `year` in GCAT's log whose provider or a payload's owner is NASA or (unless `exact`),
    through orgs.tsv's Parent column, one of its parts: computed from the bundled files alone, not by tracker."""
    parents: dict[str, str] = {}
    for row in _table("orgs.tsv.gz"):
        parents.setdefault(row["Code"], row["Parent"])

    def under_nasa(code: str) -> bool:
        seen = set()
        while code and code not in seen:
            if code == "NASA":
                return True
            if exact:
                return False
            seen.add(code)
            code = parents.get(code, "")
        return False

    tags = set()
    for row in _table("launchlog.tsv.gz"):
        if row["Launch_Date"].startswith(year):
            codes = [code.strip().rstrip("?") for column in ("Agency", "SatOwner") for code in row[column].split("/")]
            if any(under_nasa(code) for code in codes):
                tags.add(row["Launch_Tag"])
    return tags


def test_nasa_launches_of_1969_take_in_its_centres(catalogue_db: str) -> None:
    result = run("timeline", "1969", "--agency", "NASA", "--kind", "launch", "--format", "json", db=catalogue_db)
    assert result.exit_code == 0, result.output
    launches = json.loads(result.stdout)
    assert {event["designation"] for event in launches} == nasa_launch_tags("1969")
    assert len(launches) == len(nasa_launch_tags("1969")) > 15
    titles = " ".join(event["title"] for event in launches)
    assert all(f"Apollo {number}" in titles for number in (9, 10, 11, 12))
    heading = run("timeline", "1969", "--agency", "NASA", "--kind", "launch", "--format", "plain", db=catalogue_db)
    assert heading.stdout.splitlines()[0] == "Timeline: 1969 UTC · NASA and its parts"


def test_exact_agency_keeps_only_the_agency_itself(catalogue_db: str) -> None:
    exact = slugs(catalogue_db, "timeline", "1969", "--agency", "NASA", "--exact-agency", "--kind", "launch")
    assert len(exact) == len(nasa_launch_tags("1969", exact=True)) == 1  # the old answer: one lunar module ascent
    plain = run("timeline", "1969", "--agency", "NASA", "--exact-agency", "--format", "plain", db=catalogue_db)
    assert plain.stdout.splitlines()[0] == "Timeline: 1969 UTC · NASA only"
    alone = run("timeline", "1969", "--exact-agency", db=catalogue_db)
    assert alone.exit_code == 2 and "--exact-agency goes with --agency" in alone.stderr


def test_the_agency_command_lists_its_parts_and_what_came_before(catalogue_db: str) -> None:
    nasa = run("agency", "NASA", terminal=True, width=140, db=catalogue_db).stdout
    assert "parts (15)" in nasa and "NASA MSFC" in nasa and "MSC" in nasa and "JPL" in nasa
    assert "NACA" in nasa and "1 Oct 1958" in nasa and "Timeline of NASA and its parts" in nasa
    roscosmos = run("agency", "Roscosmos", terminal=True, width=140, db=catalogue_db).stdout
    before = roscosmos[roscosmos.index("before:"):roscosmos.index("Timeline of Roscosmos")]
    assert before.index("Roskosmos") < before.index("RKA") < before.index("MOM")
    soviet = slugs(catalogue_db, "agency", "Roscosmos")
    assert soviet and all(slug >= "gcat-2015" for slug in soviet if slug.startswith("gcat-"))  # no Soviet launch


def test_agencies_tree_puts_parts_under_their_agency(catalogue_db: str) -> None:
    rows = run("agencies", "--tree", "--format", "plain", db=catalogue_db).stdout.splitlines()
    nasa = next(index for index, row in enumerate(rows)
                if row.split("\t")[2] == "National Aeronautics and Space Administration")
    assert rows[nasa].startswith("0\tNASA\t")
    parts = rows[nasa + 1:nasa + 16]
    assert all(row.startswith("1\t") for row in parts) and any("\tNASA MSFC\t" in row for row in parts)


def test_florida_by_any_name_takes_in_kennedy_and_cape_canaveral(catalogue_db: str) -> None:
    florida = run("timeline", "--place", "Florida", "--format", "json", db=catalogue_db)
    places = {event["place"] for event in json.loads(florida.stdout)}
    assert {"Kennedy Space Center", "Cape Canaveral Space Force Station", "Atlantic Ocean off Florida",
            "Gulf of Mexico off Florida"} <= places
    assert places <= {"Kennedy Space Center", "Cape Canaveral Space Force Station", "Atlantic Ocean off Florida",
                      "Gulf of Mexico off Florida"}
    assert slugs(catalogue_db, "timeline", "--place", "Floride") == [
        event["slug"] for event in json.loads(florida.stdout)]


def test_houston_takes_in_johnson_space_center(catalogue_db: str) -> None:
    found = run("timeline", "--place", "Houston", "--format", "json", db=catalogue_db)
    assert {event["place"] for event in json.loads(found.stdout)} == {"Houston", "Johnson Space Center"}


def test_gcat_codes_of_one_site_are_one_place(catalogue_db: str) -> None:
    vandenberg = slugs(catalogue_db, "timeline", "1963", "--place", "Point Arguello")
    assert vandenberg == slugs(catalogue_db, "timeline", "1963", "--place", "Vandenberg Space Force Base")
    assert "gcat-1963-014" in slugs(catalogue_db, "timeline", "1963", "--place", "California")  # a PA launch


def test_matching_places_are_listed_one_a_line(catalogue_db: str) -> None:
    result = run("timeline", "--place", "off", db=catalogue_db)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: 3 places match 'off'; give more of the name:",
                                          "  Atlantic Ocean off Florida", "  Gulf of Mexico off Florida",
                                          "  Pacific Ocean off California"]


def test_places_lists_the_tree_every_catalogue_site_inside_a_country_or_world(catalogue_db: str) -> None:
    rows = [row.split("\t") for row in run("places", "--format", "plain", db=catalogue_db).stdout.splitlines()]
    top = {name for depth, name, kind, _ in rows if depth == "0"}
    assert {"United States", "China", "Russia", "Kazakhstan", "France", "Moon"} <= top
    # Every place the catalogue's launches use sits under a country, a world or the open sea; what stands alone is
    # in orbit or unplaced by its source (stations, spacecraft, "Ocean splashdown"), never a launch site.
    alone = {name for depth, name, kind, events in rows if depth == "0" and kind == "" and events != "0"}
    assert {"International Space Station", "Tiangong space station"} <= alone
    import sqlite3

    with sqlite3.connect(catalogue_db.removeprefix("sqlite:///")) as connection:
        sites = {name for (name,) in connection.execute(
            "SELECT DISTINCT p.name FROM events e JOIN places p ON p.id = e.place_id WHERE e.slug LIKE 'gcat-%' "
            "AND e.kind = 'launch'")}
    assert sites and not sites & alone
