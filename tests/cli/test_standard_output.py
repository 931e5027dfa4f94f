"""Standard output that cannot be written (a full disk, /dev/full): one line on stderr and a failing status, never a
traceback, for what runs before any command (--help, --version, shell completion) as for the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"], ["timeline", "--help"], ["config", "path"],
                                  ["completion"]])
def test_a_full_standard_output_is_one_line(args: list[str], tmp_path: Path) -> None:
    environment = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    if args == ["completion"]:
        environment["_TRACKER_COMPLETE"] = "bash_source"
        args = []
    with FULL.open("w") as full:
        result = subprocess.run([sys.executable, "-m", "tracker", *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, env=environment, timeout=60, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    # a command's own writes fail inside it, where standard output and a file's writes look alike
    assert result.stderr.splitlines() == [
        "error: cannot write to standard output: No space left on device"
        if not args or args[0] in ("--help", "-h", "--version") else
        "error: disk full: cannot write: No space left on device"], result.stderr
