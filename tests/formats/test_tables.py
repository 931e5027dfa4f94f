"""tracker's own tab-separated tables (formats/tables.py), as the places and successions tables are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import InvalidImport
from tracker.formats.successions import read_successions

HEADER = "predecessor\tsuccessor\tdate\tnote\tsource\n"


def test_a_row_of_the_wrong_width_is_named_among_the_other_problems_in_line_order(tmp_path: Path) -> None:
    table = tmp_path / "successions.tsv"
    table.write_text(HEADER + "NACA\tNACA\t1958-10-01\t\thttps://example.org\nNACA\tNASA\n", encoding="utf-8")
    with pytest.raises(InvalidImport) as raised:
        read_successions(table)
    assert raised.value.problems == ["line 2, column successor: an agency cannot succeed itself",
                                     "line 3: 2 tab-separated fields, the header has 5"]


@pytest.mark.parametrize("text", ["", "predecessor\tsuccessor\n"])
def test_a_table_without_its_header_is_refused_naming_the_columns(tmp_path: Path, text: str) -> None:
    table = tmp_path / "successions.tsv"
    table.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidImport, match="line 1: the columns must be predecessor, successor, date, note, source"):
        read_successions(table)


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    table = tmp_path / "successions.tsv"
    table.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InvalidImport, match="cannot read the file"):
        read_successions(table)
