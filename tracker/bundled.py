"""Where the files that ship with tracker are: the Alembic scripts, the bundled dataset and the launch catalogue.

In a wheel they sit inside the package (`tracker/_alembic`, `tracker/_data`); in a source checkout they are the
top-level `alembic/` and `data/` folders, which stay the sources of truth.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(inside_package: str, in_checkout: str) -> Path:
    packaged = _PACKAGE / inside_package
    return packaged if packaged.is_dir() else _PACKAGE.parent / in_checkout


def alembic_directory() -> Path:
    """The folder holding `env.py` and `versions/`."""
    return _shipped("_alembic", "alembic")


def data_directory() -> Path:
    """The folder holding the bundled dataset's JSON documents."""
    return _shipped("_data", "data")


def dataset_files() -> list[Path]:
    """The bundled dataset's documents, in a stable order."""
    return sorted(data_directory().glob("*.json"))


def catalogue_log() -> Path:
    """The launch log of the bundled launch catalogue: GCAT's launchlog.tsv, unmodified but compressed, with its
    orgs.tsv.gz and sites.tsv.gz beside it (data/gcat/README.md says how to make them again)."""
    return data_directory() / "gcat" / "launchlog.tsv.gz"


def crews_missions() -> Path:
    """McDowell's human-spaceflight missions list, unmodified but compressed, with rides.tsv.gz beside it
    (data/mcdowell/README.md says where they come from)."""
    return data_directory() / "mcdowell" / "missions.tsv.gz"


MCDOWELL_URL = "https://planet4589.org/space/astro/lists/missions.html"
"""The page every crew and landing read from McDowell's human-spaceflight lists cites."""

MCDOWELL_CREDIT = "Jonathan C. McDowell, planet4589.org (human spaceflight missions and crew rides)"
"""The credit shown beside GCAT's wherever the crews and landings from McDowell's lists are shown or shipped."""

GCAT_URL = "https://planet4589.org/space/gcat/"
"""The page every event from the launch catalogue cites."""

GCAT_CREDIT = ("Jonathan C. McDowell, GCAT: General Catalog of Artificial Space Objects (planet4589.org/space/gcat), "
               "Creative Commons Attribution licence (CC BY)")
"""The credit GCAT's licence asks for wherever its data, or data derived from it, is shown or shipped."""
