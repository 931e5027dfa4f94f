"""Where the files that ship with tracker are: the Alembic scripts and the bundled dataset.

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
