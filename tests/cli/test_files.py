"""Files a user names are written safely: never over the database in use, through devices and symlinks rather than
replacing them, with the mode `>` would give, and "-" is standard output."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import run


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.db"
    assert run("--db", str(path), "add", "--title", "Test", "--start", "2025").exit_code == 0
    return path


@pytest.mark.parametrize("suffix", ["", "-wal"])
@pytest.mark.parametrize("option", [("export", "-o"), ("timeline", "2025", "--svg"), ("timeline", "2025", "--html")])
def test_the_database_in_use_is_never_an_output(store_file: Path, suffix: str, option: tuple[str, ...]) -> None:
    before = store_file.read_bytes()
    target = store_file.with_name(store_file.name + suffix)
    result = run("--db", str(store_file), *option, str(target))
    assert result.exit_code == 2 and "refusing to write" in result.stderr and "database in use" in result.stderr
    assert store_file.read_bytes() == before


def test_a_dash_is_standard_output(store_file: Path) -> None:
    result = run("--db", str(store_file), "export", "-o", "-")
    assert result.stdout.startswith("slug,title") and not Path("-").exists()


def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_mode(store_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    previous = os.umask(0o022)
    try:
        assert run("--db", str(store_file), "export", "-o", str(target)).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert run("--db", str(store_file), "export", "-o", str(target)).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(previous)


def test_a_name_as_long_as_the_file_system_takes_is_written(store_file: Path, tmp_path: Path) -> None:
    target = tmp_path / ("e" * 246 + ".csv")  # 250 characters: the temporary file beside it must not be longer
    result = run("--db", str(store_file), "export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("slug,title")


def test_a_symlink_is_followed_and_kept(store_file: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run("--db", str(store_file), "export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("slug,title")


def test_a_special_file_is_written_through_not_replaced(store_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert run("--db", str(store_file), "export", "-o", str(fifo)).exit_code == 0
        assert os.read(reader, 100).startswith(b"slug,title")
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_read_only_target_is_an_error(store_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "locked.csv"
    target.write_text("keep")
    target.chmod(0o444)
    result = run("--db", str(store_file), "export", "-o", str(target))
    assert result.exit_code == 1 and "permission denied" in result.stderr and target.read_text() == "keep"


def test_a_backup_never_replaces_a_file_unasked(store_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(b"precious")
    refused = run("--db", str(store_file), "db", "backup", str(other), input="n\n")
    assert refused.exit_code == 1 and other.read_bytes() == b"precious"
    assert run("--db", str(store_file), "db", "backup", str(other), "--yes").exit_code == 0
    assert other.read_bytes().startswith(b"SQLite format 3")
    itself = run("--db", str(store_file), "db", "backup", str(store_file), "--yes")
    assert itself.exit_code == 2 and "database in use" in itself.stderr


def test_a_backup_never_replaces_a_device_or_fifo_and_follows_a_symlink(store_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused = run("--db", str(store_file), "db", "backup", str(fifo), "--yes")
    assert refused.exit_code == 1 and "not a regular file" in refused.stderr and refused.stderr.count("\n") == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    real, link = tmp_path / "real.db", tmp_path / "link.db"
    real.write_bytes(b"old")
    link.symlink_to(real)
    assert run("--db", str(store_file), "db", "backup", str(link), "--yes").exit_code == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"SQLite format 3")
