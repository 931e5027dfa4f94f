"""Shell completion from the store: slugs and names by prefix, and nothing (never an error) without a database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from tests.conftest import curated_sqlite
from tracker.cli import cli
from tracker.cli.completion import bash_escaped


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


def test_names_complete_by_any_word(db: str) -> None:
    """A surname, a word inside an agency's or a place's name, a French form: each finds its name."""
    assert completions("--db", db, "person", incomplete="Bak") == ["Dmitry Bakanov"]  # one person, once
    assert completions("--db", db, "timeline", "--person", incomplete="bakanow") == ["Dmitry Bakanov"]
    assert "Roscosmos State Corporation for Space Activities" in completions("--db", db, "agency",
                                                                             incomplete="state corp")
    assert "Kennedy Space Center" in completions("--db", db, "timeline", "--place", incomplete="space cent")
    assert "Russie" in completions("--db", db, "timeline", "--place", incomplete="russ")  # the French name
    # a word inside another name (Nouvelle-Zélande) offers the place under its own name
    assert completions("--db", db, "timeline", "--place", incomplete="zelande") == ["New Zealand"]
    offered = completions("--db", db, "timeline", "--agency", incomplete="ros")
    assert offered[0].casefold().startswith("ros") and "Roscosmos" in offered  # names that start with it first


def test_a_postgresql_url_is_completed_through_the_store(database_url: str, db: str) -> None:
    assert "Dmitry Bakanov" in completions("--db", db, "person", incomplete="bak")
    assert "crew-9-launch" in completions("--db", db, "show", incomplete="crew-9-l")


def test_completion_reads_the_store_without_sqlalchemy(tmp_path: Path) -> None:
    """Each Tab is a new process: on SQLite it must not pay for importing SQLAlchemy or the ORM."""
    db = curated_sqlite(tmp_path / "curated.db")
    code = ("import sys\nfrom tracker.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(name for name in sys.modules if name.startswith(('sqlalchemy', 'rich', 'tracker.store."
            "database'))), file=sys.stderr)")
    env = {**os.environ, "_TRACKER_COMPLETE": "bash_complete", "COMP_WORDS": f"tracker --db {db} person Bak",
           "COMP_CWORD": "4"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout == "plain,Dmitry\\ Bakanov\n"
    assert result.stderr.strip() == "[]"


@pytest.mark.parametrize(("value", "escaped"), [
    ("Roscosmos State Corporation for Space Activities", r"Roscosmos\ State\ Corporation\ for\ Space\ Activities"),
    ("Cape Canaveral AFS, Eastern Test Range", r"Cape\ Canaveral\ AFS,\ Eastern\ Test\ Range"),
    ("L'Aéroport (Tarmac) & $HOME", r"L\'Aéroport\ \(Tarmac\)\ \&\ \$HOME"),
    ("crew-11-launch", "crew-11-launch"),
])
def test_bash_values_are_escaped_as_one_word(value: str, escaped: str) -> None:
    assert bash_escaped(value) == escaped
    read_back = subprocess.run(["bash", "-c", 'eval "set -- $ESCAPED"; printf "%s\\n" "$#" "$1"'],
                               env={**os.environ, "ESCAPED": escaped}, capture_output=True, text=True,
                               check=True).stdout
    assert read_back == f"1\n{value}\n"


# ------------------------------------------------------------------------------------------------ the shells

def shell(name: str) -> str:
    """The path of the shell `name`, or a skip naming it (.ci/run installs bash, zsh and fish)."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"the {name} shell is not installed (apt-get install {name})")
    return found


@pytest.fixture
def on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed `tracker` first on PATH, as the completion scripts call it by name."""
    script = Path(sys.executable).with_name("tracker")
    assert script.is_file(), f"no console script at {script}: pip install -e ."
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")


@pytest.fixture
def store_file(tmp_path: Path) -> str:
    return curated_sqlite(tmp_path / "curated.db").removeprefix("sqlite:///")


BASH = r"""
eval "$(_TRACKER_COMPLETE=bash_source tracker)"
COMP_WORDS=(tracker --db "$DB" %s); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_tracker_completion tracker
printf '%%s\n' "${COMPREPLY[@]}"
"""


@pytest.mark.usefixtures("on_path")
def test_bash_completes_names_escaped(store_file: str) -> None:
    def tab(words: str) -> list[str]:
        result = subprocess.run([shell("bash"), "--norc", "-c", BASH % words], env={**os.environ, "DB": store_file},
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert tab(r"timeline --agency 'Roscosmos\ St'") == [r"Roscosmos\ State\ Corporation\ for\ Space\ Activities"]
    assert tab("person Bak") == [r"Dmitry\ Bakanov"]
    assert tab("show crew-11-l") == ["crew-11-launch"]
    # what bash inserts is read back as one argument: the command line then runs as meant
    line = f"tracker --db {store_file} timeline --format plain --agency {tab(r'timeline --agency Roscosmos')[0]}"
    ran = subprocess.run([shell("bash"), "--norc", "-c", line], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and "Roscosmos" in ran.stdout, ran.stderr


ZSH = r"""
compdef() { : }
compadd() {
    local name; while (( $# )); do [[ $1 == -a ]] && { name=$2; shift }; shift; done; print -rl -- "${(@P)name}"
}
eval "$(_TRACKER_COMPLETE=zsh_source tracker)"
words=(tracker --db "$DB" %s); CURRENT=${#words}
_tracker_completion
"""


@pytest.mark.usefixtures("on_path")
def test_zsh_completes_names(store_file: str) -> None:
    """zsh's script hands each value whole to `compadd` (stubbed here to print them), which quotes what it
    inserts itself."""
    def tab(words: str) -> list[str]:
        result = subprocess.run([shell("zsh"), "-f", "-c", ZSH % words], env={**os.environ, "DB": store_file},
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert tab(r"timeline --agency 'Roscosmos\ St'") == ["Roscosmos State Corporation for Space Activities"]
    assert tab("person Bak") == ["Dmitry Bakanov"]
    assert tab("show crew-11-l") == ["crew-11-launch"]


@pytest.mark.usefixtures("on_path")
def test_fish_completes_names(store_file: str) -> None:
    """fish's own completion engine (`complete -C`), on the script `tracker` writes; fish escapes what it
    inserts itself. A comma inside a value is kept (click's script cut the value there)."""
    def tab(line: str) -> list[str]:
        script = f'_TRACKER_COMPLETE=fish_source tracker | source; complete -C "tracker --db $DB {line}"'
        result = subprocess.run([shell("fish"), "--no-config", "-c", script], env={**os.environ, "DB": store_file},
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert tab(r"timeline --agency Roscosmos\ St") == ["Roscosmos State Corporation for Space Activities"]
    assert tab("person Bak") == ["Dmitry Bakanov"]
    assert tab("show crew-11-l") == ["crew-11-launch"]
    assert tab("timeline --place Nouvelle") == ["Nouvelle-Zélande"]
