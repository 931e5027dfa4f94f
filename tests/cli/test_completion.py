"""Shell completion from the store: slugs and names by prefix, and nothing (never an error) without a database."""

from __future__ import annotations

from pathlib import Path

from click.shell_completion import ShellComplete

from tracker.cli import cli


def completions(*words: str, incomplete: str) -> list[str]:
    """What Tab offers after `tracker WORDS` with `incomplete` typed."""
    return [item.value for item in ShellComplete(cli, {}, "tracker", "_TRACKER_COMPLETE")
            .get_completions(list(words), incomplete)]


def test_slugs_and_names_complete_from_the_store(db: str) -> None:
    assert "crew-9-undocking" in completions("--db", db, "show", incomplete="crew-9")
    assert all(slug.startswith("crew-9") for slug in completions("--db", db, "show", incomplete="crew-9"))
    assert "crew-9-launch" in completions("--db", db, "timeline", "--around", incomplete="crew-9-l")
    assert "Roscosmos" in completions("--db", db, "timeline", "--agency", incomplete="ros")
    assert "Roscosmos" in completions("--db", db, "agency", incomplete="Ros")
    assert "Sean Duffy" in completions("--db", db, "person", incomplete="sean d")
    assert "Kennedy Space Center" in completions("--db", db, "add", "--place", incomplete="kenn")
    assert "KSC" in completions("--db", db, "timeline", "--place", incomplete="KS")  # an alias


def test_no_database_completes_nothing_and_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert completions("--db", str(missing), "show", incomplete="crew") == []
    assert not missing.exists()


def test_vehicle_families_complete_from_the_table() -> None:
    offered = completions("timeline", "--vehicle", incomplete="falcon")
    assert offered == ["Falcon 1", "Falcon 9", "Falcon 9 Block 5", "Falcon 9 Full Thrust", "Falcon 9 v1.0",
                       "Falcon 9 v1.1", "Falcon 9 v1.2", "Falcon Heavy"]
    assert "Longue Marche 5" in completions("export", "--vehicle", incomplete="longue")
