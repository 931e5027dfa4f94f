"""Claims written as a writer would, checked against a store holding the launch catalogue and the curated events
(and a few against the curated events alone): every kind of miss the checker used to make, in English and French."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run

pytestmark = pytest.mark.usefixtures("frozen_today")


def verdict(db: str, claim: str) -> tuple[str, str | None, str]:
    [result] = json.loads(run("check", claim, "--format", "json", db=db, width=200).stdout)
    return result["verdict"], result["subject"], result["explanation"]


@pytest.mark.parametrize(("claim", "expected", "subject"), [
    # a designator must match exactly, Roman or Arabic
    ("Artemis I launched on 16 November 2022", "confirmed", "gcat-2022-156"),
    ("Artemis 1 a décollé le 16 novembre 2022", "confirmed", "gcat-2022-156"),
    ("Artemis VII launched on 16 November 2022", "unknown", None),
    # the verb must fit the event's kind
    ("Apollo 11 landed on the Moon on 20 July 1969", "confirmed", "apollo-11-moon-landing"),
    ("Apollo 11 launched on 20 July 1969", "contradicted", "gcat-1969-059"),
    ("Crew-7 launched on 26 August 2023", "confirmed", "gcat-2023-128"),
    ("Ax-4 undocked from the ISS on 14 July 2025", "confirmed", "ax-4-undocking"),
    ("Crew-11 undocked from the ISS on 14 January 2026", "confirmed", "crew-11-undocking"),
    ("Crew-11 s'est désamarrée de l'ISS le 14 janvier 2026", "confirmed", "crew-11-undocking"),
    ("Soyuz MS-27 launched to the ISS on 8 April 2025", "confirmed", "soyuz-ms-27-launch"),
    ("Starliner landed at White Sands on 7 September 2024", "confirmed", "starliner-cft-landing"),
    # local days: Beijing dates of Tiangong events
    ("Shenzhou-21 docked with Tiangong on 1 November 2025", "confirmed", "shenzhou-21-docking"),
    ("Shenzhou-18 docked with Tiangong on 26 April 2024", "confirmed", "shenzhou-18-docking"),
    ("La capsule Shenzhou-21 s'est amarrée à Tiangong le 1er novembre 2025", "confirmed", "shenzhou-21-docking"),
    # rounding, and a time compared in its zone
    ("Soyuz MS-28 lifted off at 12:28 MSK on 27 November 2025", "confirmed", "soyuz-ms-28-launch"),
    ("Soyuz MS-28 lifted off at 12:27 MSK on 27 November 2025", "confirmed", "soyuz-ms-28-launch"),
    ("Soyuz MS-28 lifted off at 12:31 MSK on 27 November 2025", "contradicted", "soyuz-ms-28-launch"),
    ("Crew-11 lifted off at 11:43 a.m. EDT on 1 August 2025", "confirmed", "crew-11-launch"),
    # places: known ones contradict, regions contain, unknown ones make it imprecise
    ("Shenzhou-20 launched from Wenchang on 24 April 2025", "contradicted", "shenzhou-20-launch"),
    ("Polaris Dawn launched from Vandenberg on 10 September 2024", "contradicted", "polaris-dawn-launch"),
    ("Polaris Dawn launched from Florida on 10 September 2024", "confirmed", "polaris-dawn-launch"),
    ("Crew-11 a décollé de Floride le 1er août 2025", "confirmed", "crew-11-launch"),
    ("Soyuz MS-27 launched from Kazakhstan on 8 April 2025", "confirmed", "soyuz-ms-27-launch"),
    ("Shenzhou-20 launched from Zhongguancun on 24 April 2025", "imprecise", "shenzhou-20-launch"),
    # a date that singles out one candidate breaks a tie
    ("Bakanov became head of Roscosmos in February 2025", "confirmed", "bakanov-appointed-roscosmos-head"),
    # and the 2025 claims are judged as before
    ("Crew-11 launched on 31 July 2025", "contradicted", "crew-11-launch"),
    ("Sputnik 1 was launched on 4 October 1957", "confirmed", "gcat-1957-alp"),
])
def test_claims_against_the_whole_catalogue(catalogue_db: str, claim: str, expected: str, subject: str | None) -> None:
    found, about, explanation = verdict(catalogue_db, claim)
    assert (found, about) == (expected, subject), explanation


def test_a_mission_the_store_lacks_is_unknown_not_another_mission(db: str) -> None:
    for claim in ("Artemis I launched on 16 November 2022", "Vostok 1 launched on 12 April 1961",
                  "Crew-7 launched on 26 August 2023"):
        assert verdict(db, claim)[0] == "unknown", claim


def test_unknown_because_of_the_verb_names_what_the_store_holds(catalogue_db: str) -> None:
    _, _, explanation = verdict(catalogue_db, "Apollo 11 docked on 17 July 1969")
    assert "no docking" in explanation and "gcat-1969-059" in explanation


def test_a_place_nobody_knows_names_the_recorded_one(catalogue_db: str) -> None:
    _, _, explanation = verdict(catalogue_db, "Shenzhou-20 launched from Zhongguancun on 24 April 2025")
    assert "Jiuquan Satellite Launch Center" in explanation and "Zhongguancun" in explanation


def test_a_file_reports_a_bad_row_and_goes_on(catalogue_db: str, tmp_path: object) -> None:
    from pathlib import Path

    claims = Path(str(tmp_path)) / "claims.csv"
    claims.write_text("claim\nCrew-11 launched on 1 August 2025\nCrew-11 launched on 03/04/2025\n"
                      "Sputnik 1 was launched on 4 October 1957\n", encoding="utf-8")
    result = run("check", "--file", str(claims), "--format", "json", db=catalogue_db, width=200)
    found = json.loads(result.stdout)
    assert [item["verdict"] for item in found] == ["confirmed", "unknown", "confirmed"]
    assert "ambiguous" in found[1]["explanation"] and found[1]["where"] == "row 2"
    assert result.exit_code == 1


DRAFT = """Crew-11 launched on 1 August 2025 from Kennedy and docked with the station on 3 August 2025.
The spacecraft undocked on 14 January 2026.
Shenzhou-21 lifted off on 31 October 2025. La capsule s'est amarrée à Tiangong le 2 novembre 2025.
Soyuz MS-27 launched on 9 April 2025 and docked on 8 April 2025.
"""


def test_an_article_carries_its_subject_across_clauses_and_sentences(catalogue_db: str, tmp_path: object) -> None:
    from pathlib import Path

    draft = Path(str(tmp_path)) / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    found = json.loads(run("check", "--article", str(draft), "--format", "json", db=catalogue_db, width=200).stdout)
    assert [(item["where"], item["subject"], item["verdict"]) for item in found] == [
        ("line 1", "crew-11-launch", "confirmed"),
        ("line 1", "crew-11-docking", "contradicted"),  # planted: it docked on 2 August
        ("line 2", "crew-11-undocking", "confirmed"),
        ("line 3", "shenzhou-21-launch", "confirmed"),
        ("line 3", "shenzhou-21-docking", "contradicted"),  # planted: 1 November, Beijing time
        ("line 4", "soyuz-ms-27-launch", "contradicted"),  # planted: 8 April
        ("line 4", "soyuz-ms-27-docking", "confirmed"),
    ]


def test_a_place_named_as_a_region_keeps_its_other_names(db: str) -> None:
    found, about, explanation = verdict(db, "Duffy met Bakanov at NASA Headquarters on 31 July 2025")
    assert (found, about) == ("contradicted", "duffy-bakanov-meeting") and "Kennedy Space Center" in explanation
