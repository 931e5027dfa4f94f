"""`tracker check` as a writer uses it, against the bundled data on SQLite and PostgreSQL: one claim in English or
French, a subject and a date, a CSV file of claims, whole drafts in both languages, JSON for scripts, exit
statuses, and hostile text. "Today" is frozen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import run
from tracker.cli import cli

pytestmark = pytest.mark.usefixtures("frozen_today")

SCRUB_SOURCE = "https://www.space.com/space-exploration/human-spaceflight/spacex-nasa-scrub-crew-11-astronaut-" \
               "launch-due-to-weather-video"
HOUSTON_SOURCE = "https://news.az/news/russian-space-chief-visits-us-for-first-talks-with-nasa-since-2018"
PLANNED_AND_SCRUBBED = ("31 Jul 2025 was the planned date; the attempt on 31 Jul 2025 16:09 UTC (12:09 EDT) was "
                        "scrubbed")



def check(db: str, *args: str, width: int = 200) -> Result:
    return run("check", *args, db=db, width=width)


def as_json(db: str, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = check(db, *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def flat(text: str) -> str:
    """Rendered text with its wrapping and table borders removed, to look for phrases."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def test_an_english_claim_with_the_planned_date_is_contradicted_and_explained(db: str) -> None:
    result = check(db, "Crew-11 launched on 31 July 2025")
    assert result.exit_code == 1
    out = flat(result.stdout)
    assert "✗ contradicted" in out and "crew-11-launch" in out
    assert PLANNED_AND_SCRUBBED in out
    assert "launched on 1 Aug 2025 15:43 UTC (11:43 EDT), 1 day later than claimed." in out
    assert SCRUB_SOURCE in out.replace(" ", "")


def test_a_french_claim_reads_the_same(db: str) -> None:
    code, (found,) = as_json(db, "Crew-11 a décollé le 31 juillet 2025")
    assert code == 1
    assert found["subject"] == "crew-11-launch" and found["verdict"] == "contradicted"
    assert found["claimed"] == {"text": "31 juillet 2025", "date": "2025-07-31", "precision": "day"}
    assert found["difference_days"] == 1 and found["explanation"].startswith(PLANNED_AND_SCRUBBED)


def test_the_structured_form_gives_one_json_object_with_recorded_dates_and_sources(db: str) -> None:
    code, (found,) = as_json(db, "crew-11-launch", "2025-07-31")
    assert code == 1
    assert set(found) >= {"claim", "subject", "verdict", "recorded", "sources", "explanation"}
    assert found["claim"] == "crew-11-launch 2025-07-31"
    assert [(item["status"], item["date"], item["matches_claim"]) for item in found["recorded"]] == [
        ("current", "2025-08-01T15:43Z", False), ("planned", "2025-07-31", True),
        ("scrubbed", "2025-07-31T16:09Z", True)]
    assert SCRUB_SOURCE in found["sources"] and "https://spacepolicyonline.com/news/crew-11-on-the-way-to-iss" in \
        found["sources"]


@pytest.mark.parametrize(("args", "phrase"), [
    (["Crew-11 launched in August 2025"], "Confirmed at month precision: launched on 1 Aug 2025 15:43 UTC"),
    (["Crew-11 launched on 1 August at 11:43 a.m. EDT"], "has no year: read as 1 Aug 2025 15:43 UTC"),
    (["Crew-11 launch", "1 August 2025"], "Confirmed at day precision"),
    (["Duffy met Bakanov at Kennedy Space Center on 31 July 2025"], "Place: Kennedy Space Center, as recorded."),
])
def test_confirmed_claims_exit_zero(db: str, args: list[str], phrase: str) -> None:
    result = check(db, *args)
    assert result.exit_code == 0, result.output
    assert "✓ confirmed" in result.stdout and phrase in flat(result.stdout)


def test_a_wrong_meeting_place_is_contradicted_with_its_superseded_source(db: str) -> None:
    code, (found,) = as_json(db, "Duffy met Bakanov in Houston on 31 July 2025")
    assert code == 1 and found["subject"] == "duffy-bakanov-meeting" and found["verdict"] == "contradicted"
    assert [finding["verdict"] for finding in found["findings"]] == ["confirmed", "contradicted", "confirmed"]
    assert "The record places it at Kennedy Space Center, not Houston; Houston was reported earlier and " \
           "superseded" in found["explanation"]
    assert HOUSTON_SOURCE in found["sources"]


def test_a_claim_finer_than_the_record_is_imprecise_and_exits_one(db: str) -> None:
    code, (found,) = as_json(db, "duffy-bakanov-meeting", "2025-07-31T14:00Z")
    assert code == 1 and found["verdict"] == "imprecise"
    assert found["explanation"].startswith("The record only knows 31 Jul 2025")


def test_an_unknown_event_lists_the_nearest_candidates(db: str) -> None:
    code, (found,) = as_json(db, "Crew-99 launched on 3 March 2025")
    assert code == 1 and found["verdict"] == "unknown" and found["subject"] is None
    assert found["explanation"] == "No recorded event matches this claim."
    assert found["candidates"][0]["slug"] == "crew-10-launch"


def test_an_ambiguous_subject_lists_the_candidates_and_asks_for_the_slug(db: str) -> None:
    result = check(db, "Bakanov visited on 29 July 2025")
    assert result.exit_code == 1
    out = flat(result.stdout)
    assert "? unknown" in out and "Several events fit about equally" in out
    assert "bakanov-visits-jsc" in out and "bakanov-arrives-houston" in out and "tracker check" in out


def test_a_yearless_date_is_echoed_with_the_year_it_was_given(db: str) -> None:
    code, (found,) = as_json(db, "Crew-11 a décollé le 31 juillet")
    assert code == 1 and found["claimed"]["date"] == "2025-07-31"
    assert found["explanation"].startswith("'31 juillet' has no year: read as 31 Jul 2025, the year of the record.")


@pytest.mark.parametrize(("args", "message"), [
    ([], "give one of: a CLAIM, --file"),
    (["Crew-11 launched"], "error: no date found in 'Crew-11 launched'"),
    (["Crew-11 launched on 31 February 2025"], "error: no such date"),
    (["Crew-11 launched on 03/04/2025"], "ambiguous"),
])
def test_unreadable_claims_are_usage_errors(db: str, args: list[str], message: str) -> None:
    result = check(db, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_a_file_of_free_text_claims_prints_a_table_of_verdicts(db: str, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("claim\nCrew-11 launched on 31 July 2025\nCrew-11 a décollé le 1er août 2025\n"
                      '"Duffy met Bakanov in Houston on 31 July 2025"\n', encoding="utf-8")
    result = check(db, "--file", str(claims), width=600)  # wide enough that no cell wraps
    assert result.exit_code == 1
    out = flat(result.stdout)
    for expected in ("row 1", "row 2", "row 3", "✗ contradicted", "✓ confirmed", PLANNED_AND_SCRUBBED,
                     "3 claims: 1 confirmed, 2 contradicted"):
        assert expected in out, expected


def test_a_file_of_subjects_and_dates(db: str, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("subject,date\ncrew-11-launch,2025-08-01\nCrew-11 launch,August 2025\n"
                      "duffy-bakanov-meeting,2025-07\n", encoding="utf-8")
    code, found = as_json(db, "--file", str(claims))
    assert code == 0
    assert [(item["where"], item["subject"], item["verdict"]) for item in found] == [
        ("row 1", "crew-11-launch", "confirmed"), ("row 2", "crew-11-launch", "confirmed"),
        ("row 3", "duffy-bakanov-meeting", "confirmed")]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_file_of_claims_is_read_whatever_its_line_endings(db: str, tmp_path: Path, ending: str) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_bytes(ending.join(["\ufeffclaim", "Crew-11 launched on 1 August 2025", '"Crew-11 docked',
                                    'on 2 August 2025"', ""]).encode())
    code, found = as_json(db, "--file", str(claims))
    assert code == 0 and [(item["where"], item["subject"]) for item in found] == [
        ("row 1", "crew-11-launch"), ("row 2", "crew-11-docking")]


@pytest.mark.parametrize(("content", "message"), [
    ("subject,when\nx,y\n", "expected a 'claim' column, or 'subject' and 'date' columns (found: subject, when)"),
    ("claim\n", "no claims to check"),
])
def test_a_file_without_claims_is_refused_before_anything_is_checked(db: str, tmp_path: Path, content: str,
                                                                      message: str) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text(content, encoding="utf-8")
    result = check(db, "--file", str(claims))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr


@pytest.mark.parametrize(("content", "where", "message"), [
    ("claim\nCrew-11 launched on 1 August 2025\nCrew-11 launched\n", "row 2", "no date found"),
    ("subject,date\ncrew-11-launch,not a date\ncrew-11-launch,2025-08-01\n", "row 1", "cannot read 'not a date'"),
])
def test_a_bad_row_is_reported_as_that_row_and_the_rest_is_checked(db: str, tmp_path: Path, content: str,
                                                                   where: str, message: str) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text(content, encoding="utf-8")
    result = check(db, "--file", str(claims), "--format", "json")
    found = {item["where"]: item for item in json.loads(result.stdout)}
    assert result.exit_code == 1 and len(found) == 2
    assert found[where]["verdict"] == "unknown" and message in found[where]["explanation"]
    assert [item["verdict"] for key, item in found.items() if key != where] == ["confirmed"]


ENGLISH_DRAFT = """NASA and Roscosmos talk again

Roscosmos chief Dmitry Bakanov landed in Houston on July 28, 2025, leading a small
delegation. The next day he toured NASA's Johnson Space Center, including mission control.

On 31 July, Bakanov sat down with acting NASA administrator Sean Duffy, the first such
meeting since 2018.

SpaceX's Crew-11 lifted off from Kennedy Space Center on 31 July 2025 at 11:43 a.m. EDT,
carrying cosmonaut Oleg Platonov. Crew Dragon Endeavour docked with the station on
August 2, 2025.
"""

FRENCH_DRAFT = """Le patron de Roscosmos aux États-Unis

Dmitri Bakanov a atterri à Houston le 28 juillet 2025 avec une délégation russe.
Le lendemain, il a visité le centre spatial Johnson.

Le point d'orgue de la visite : le 31 juillet, jour du lancement de Crew-11, Dmitri Bakanov
doit s'entretenir avec Sean Duffy.

L'amarrage de Crew-11 à l'ISS a eu lieu le 3 août 2025.
"""


def check_draft(db: str, tmp_path: Path, text: str) -> tuple[int, list[dict[str, Any]]]:
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    return as_json(db, "--article", str(draft))


def test_an_english_draft_flags_the_launch_date_and_the_implied_meeting_place(db: str, tmp_path: Path) -> None:
    code, found = check_draft(db, tmp_path, ENGLISH_DRAFT)
    assert code == 1
    assert [(item["where"], item["subject"], item["verdict"]) for item in found] == [
        ("line 3", "bakanov-arrives-houston", "confirmed"),
        ("line 4", "bakanov-visits-jsc", "confirmed"),  # "the next day": 29 July, from the sentence before
        ("line 6", "duffy-bakanov-meeting", "contradicted"),
        ("line 9", "crew-11-launch", "contradicted"),
        ("line 10", "crew-11-docking", "confirmed"),
    ]
    meeting, launch = found[2], found[3]
    assert meeting["claim"].startswith("On 31 July, Bakanov sat down with acting NASA administrator Sean Duffy")
    assert "The text puts it in Houston (the text last placed Dmitry Bakanov there, line 3); the record places " \
           "it at Kennedy Space Center" in meeting["explanation"]
    assert HOUSTON_SOURCE in meeting["sources"]
    assert launch["explanation"].startswith("31 Jul 2025 was the planned date; launched on 1 Aug 2025 15:43 UTC")
    assert launch["claimed"]["date"] == "2025-07-31T11:43-04:00"


def test_a_french_draft_flags_the_launch_date_and_the_meeting_place(db: str, tmp_path: Path) -> None:
    code, found = check_draft(db, tmp_path, FRENCH_DRAFT)
    assert code == 1
    assert [(item["where"], item["subject"], item["verdict"]) for item in found] == [
        ("line 3", "bakanov-arrives-houston", "confirmed"),
        ("line 4", "bakanov-visits-jsc", "confirmed"),  # "le lendemain": 29 July, from the sentence before
        ("line 6", "crew-11-launch", "contradicted"),
        ("line 6", "duffy-bakanov-meeting", "contradicted"),
        ("line 9", "crew-11-docking", "contradicted"),
    ]
    assert found[2]["explanation"].startswith("'31 juillet' has no year: read as 31 Jul 2025")
    assert "Houston was reported earlier and superseded" in found[3]["explanation"]
    assert found[4]["difference_days"] == -1


def test_the_draft_report_quotes_each_sentence_with_its_verdict_and_source(db: str, tmp_path: Path) -> None:
    draft = tmp_path / "brouillon.txt"
    draft.write_text(FRENCH_DRAFT, encoding="utf-8")
    result = check(db, "--article", str(draft), width=120)
    assert result.exit_code == 1
    out = flat(result.stdout)
    assert f"Claims found in {draft}" in out
    assert "line 3 ✓ confirmed bakanov-arrives-houston" in out
    assert "« Dmitri Bakanov a atterri à Houston le 28 juillet 2025 avec une délégation russe. »" in out
    assert "line 6 ✗ contradicted crew-11-launch" in out and "line 6 ✗ contradicted duffy-bakanov-meeting" in out
    assert HOUSTON_SOURCE in out.replace(" ", "")
    assert "5 claims: 2 confirmed, 3 contradicted" in out


def test_a_draft_without_dates_has_no_checkable_claims(db: str, tmp_path: Path) -> None:
    draft = tmp_path / "calm.txt"
    draft.write_text("Crew-11 and the future of the station\n\nCooperation between NASA and Roscosmos continues. "
                     "Sean Duffy and Dmitry Bakanov both said the station matters.\n", encoding="utf-8")
    result = check(db, "--article", str(draft))
    assert result.exit_code == 0
    assert result.stdout == f"No checkable claims found in {draft}: no date near a known event, person or agency.\n"
    assert as_json(db, "--article", str(draft)) == (0, [])


def test_a_draft_that_is_not_text_is_a_usage_error(db: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.bin"
    draft.write_bytes(b"\xff\xfe\x00bad")
    result = check(db, "--article", str(draft))
    assert result.exit_code == 2 and "not UTF-8 text" in result.stderr


def test_untrusted_text_is_printed_literally(db: str) -> None:
    result = check(db, "[bold red]Crew-11[/] launched \x1b]8;;http://x\x07 on 1 August 2025 \x9b")
    assert result.exit_code == 0
    assert "[bold red]Crew-11[/]" in result.stdout and "\\x1b]8;;http://x\\x07" in result.stdout
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout and "\x07" not in result.stdout


def test_check_has_help() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "crew-11-launch 2025-07-31" in result.stdout and "--article" in result.stdout
