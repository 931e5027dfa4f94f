"""tracker's own tab-separated tables in data/ (places, agency successions): a header line naming the columns,
then one row a line, read the same way whatever the table holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracker.errors import InvalidImport


def table_rows(path: Path, columns: tuple[str, ...], problems: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of the table at `path` with its line number, its values stripped; a row of the wrong width is
    added to `problems` (in line order, among the caller's) instead. InvalidImport when the file cannot be read or
    its header is not `columns`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidImport([f"cannot read the file: {exc}"], str(path)) from None
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise InvalidImport([f"line 1: the columns must be {', '.join(columns)}"], str(path))
    for line, text in enumerate(lines[1:], start=2):
        values = [value.strip() for value in text.split("\t")]
        if len(values) != len(columns):
            problems.append(f"line {line}: {len(values)} tab-separated fields, the header has {len(columns)}")
            continue
        yield line, dict(zip(columns, values, strict=True))
