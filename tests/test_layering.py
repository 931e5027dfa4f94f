"""The core knows nothing of the terminal; render knows nothing of the database; the CLI builds no SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:` (imports for type hints only, never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skipped.update(id(child) for child in ast.walk(node))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(where: str) -> list[Path]:
    if where:
        return sorted((PACKAGE / where).rglob("*.py"))
    return sorted(path for path in PACKAGE.glob("*.py") if path.name != "__main__.py")  # the entry point


def touches(found: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(name for name in found if name.split(".")[0] in prefixes or name.startswith(prefixes))


@pytest.mark.parametrize("path", modules("") + modules("formats"), ids=lambda path: path.name)
def test_core_modules_do_not_import_the_terminal(path: Path) -> None:
    assert touches(imported_modules(path), ("rich", "click", "tracker.cli", "tracker.render")) == []


@pytest.mark.parametrize("path", modules("render"), ids=lambda path: path.name)
def test_render_does_not_touch_the_database(path: Path) -> None:
    assert touches(imported_modules(path), ("sqlalchemy", "click", "tracker.store.database", "tracker.store.schema")) == []


@pytest.mark.parametrize("path", modules("cli"), ids=lambda path: path.name)
def test_commands_build_no_sql(path: Path) -> None:
    assert touches(imported_modules(path), ("sqlalchemy", "tracker.store.schema")) == []
