"""The machine and software a run measured, printed with every result."""

from __future__ import annotations

import hashlib
import os
import platform
import sqlite3
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _version(module: str) -> str:
    try:
        return version(module)
    except PackageNotFoundError:
        return "absent"


def source_digest() -> str:
    """A short digest of tracker's Python sources: which version of the code a result measured."""
    import tracker

    digest = hashlib.sha256()
    root = Path(tracker.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def facts() -> dict[str, str]:
    """CPU, cores, memory, OS, Python, SQLite, SQLAlchemy and psycopg versions, and the tracker source digest."""
    return {
        "tracker sources": source_digest(),
        "cpu": _cpu(),
        "cores": str(os.cpu_count()),
        "memory": f"{_memory_gb():.0f} GB",
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": _version("sqlalchemy"),
        "psycopg": _version("psycopg"),
    }


def describe() -> str:
    """One line naming the machine and the software versions."""
    return "machine: " + ", ".join(f"{name} {value}" for name, value in facts().items())
