"""The house rules, held as a table: which layer may import which, checked for every module of tracker/ and every
import in it, including those inside functions (lazy imports); no import cycles; nothing defined and never used.

Imports under `if TYPE_CHECKING:` are left out: they are never run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
BASE = ("tracker.errors", "tracker.records", "tracker.names", "tracker.bundled", "tracker.dates", "tracker.paths",
        "tracker.vehicles", "tracker.limits")

# layer (a module or package prefix) -> the tracker modules it may import. Listed most specific first.
ALLOWED: list[tuple[str, tuple[str, ...]]] = [
    ("tracker.factcheck.candidates", (*BASE, "tracker.factcheck", "tracker.store")),
    ("tracker.factcheck", (*BASE, "tracker.factcheck")),
    ("tracker.formats", (*BASE, "tracker.formats")),
    ("tracker.store", (*BASE, "tracker.store")),
    ("tracker.exports", (*BASE, "tracker.formats", "tracker.store", "tracker.exports")),
    ("tracker.ingest", (*BASE, "tracker.formats", "tracker.store")),
    ("tracker.editing", (*BASE, "tracker.store", "tracker.ingest")),
    ("tracker.update", (*BASE, "tracker.formats", "tracker.store", "tracker.update")),
    ("tracker.render", (*BASE, "tracker.render", "tracker.factcheck.claims")),
    ("tracker.browse", (*BASE, "tracker.browse", "tracker.store", "tracker.render", "tracker.factcheck")),
    ("tracker.cli", ("tracker",)),
    ("tracker.__init__", ()),
    ("tracker.__main__", ("tracker.cli",)),
    ("tracker", BASE),  # errors, records, names, bundled, dates, paths, vehicles and limits import only each other
]
# third-party package -> the layers that may import it
THIRD_PARTY = {
    "sqlalchemy": ("tracker.store", "tracker.exports"),  # exports: the SQL that writes a format's bytes
    "alembic": ("tracker.store",),
    "psycopg": ("tracker.store",),
    "rich": ("tracker.render", "tracker.cli", "tracker.browse"),
    "click": ("tracker.cli",),
    "textual": ("tracker.browse",),
    "httpx": ("tracker.update",),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 2 else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:` (imports for type hints only, never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skipped.update(id(child) for child in ast.walk(node))
    return (node for node in ast.walk(tree) if id(node) not in skipped)


def imported(path: Path) -> set[str]:
    """Every module `path` imports when run, at the top or inside functions."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names
                          if f"{node.module}.{alias.name}" in MODULES}
            found.update(submodules)
            if len(submodules) < len(node.names):  # `from tracker import limits` is an import of tracker.limits
                found.add(node.module)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_of(module: str) -> tuple[str, tuple[str, ...]]:
    return next((layer, allowed) for layer, allowed in ALLOWED if _within(module, layer))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layer_table(module: str) -> None:
    layer, allowed = layer_of(module)
    found = imported(MODULES[module])
    tracker_imports = {name for name in found if _within(name, "tracker")}
    wrong = sorted(name for name in tracker_imports
                   if not any(_within(name, prefix) for prefix in allowed) and not _within(name, module))
    assert wrong == [], f"{module} ({layer}) may not import {wrong}"
    for package, layers in THIRD_PARTY.items():
        if any(_within(name, package) for name in found):
            assert any(_within(module, allowed_layer) for allowed_layer in layers), f"{module} imports {package}"


def test_the_table_forbids_what_the_rules_forbid() -> None:
    def may(importer: str, target: str) -> bool:
        return any(_within(target, prefix) for prefix in layer_of(importer)[1])

    assert not may("tracker.render.timeline", "tracker.store.query")
    assert not may("tracker.factcheck.matching", "tracker.store.query")
    assert may("tracker.factcheck.candidates", "tracker.store.query")
    assert not may("tracker.dates.ranges", "tracker.formats.csv")
    assert not may("tracker.store.write", "tracker.ingest")
    assert not may("tracker.formats.json", "tracker.store.schema")


def test_the_browse_command_loads_textual_only_when_it_runs() -> None:
    top = {alias.name if isinstance(node, ast.Import) else node.module or ""
           for node in ast.parse(MODULES["tracker.cli.browse"].read_text()).body
           if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names}
    assert not any(_within(name, "tracker.browse") or _within(name, "textual") for name in top)
    assert "tracker.browse.app" in imported(MODULES["tracker.cli.browse"])  # inside the command


def _graph() -> dict[str, set[str]]:
    return {module: {name for name in imported(path) if name in MODULES and name != module}
            for module, path in MODULES.items()}


def test_no_import_cycles() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module):], module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(graph[module]):
            # a package's __init__ importing its own submodule lazily is how a registry loads them
            if not (target.startswith(module + ".") and MODULES[module].name == "__init__.py"):
                visit(target, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


KEPT = {
    "tracker.cli.main": "the console script's entry point (pyproject.toml)",
    "tracker.store.query.events_between": "a small library entry point: events overlapping two instants",
    "tracker.cli.db.check_database": "`tracker db check`, registered on the db group by its decorator",
    "tracker.cli.db.datasette_metadata": "`tracker db datasette-metadata`, registered on the db group by its decorator",
}
"""Names defined in tracker/ and used nowhere else in it, kept on purpose, and why."""


def _definitions() -> Iterator[tuple[str, str]]:
    for module, path in MODULES.items():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef) and \
                    not node.name.startswith("_"):
                yield module, node.name


def test_nothing_is_defined_and_never_used() -> None:
    sources = {path: path.read_text() for path in [*MODULES.values(), PACKAGE.parent / "alembic" / "env.py"]}
    unused = []
    for module, name in _definitions():
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        uses = sum(len(pattern.findall(text)) for text in sources.values())
        if uses <= 1 and f"{module}.{name}" not in KEPT:
            unused.append(f"{module}.{name}")
    assert unused == []
