"""What CI lets pass: with TRACKER_CI set (as .ci/run sets it), a test skipped for any reason but a missing
PostgreSQL server or a missing privilege it names fails the run, so that no test silently stops running there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPING = '''
import pytest

def test_missing_file():
    pytest.skip("the file is not there")

def test_missing_shell():
    pytest.skip("the zsh shell is not installed (apt-get install zsh)")

def test_privilege():
    pytest.skip("mounting a small file system needs root")

def test_no_server():
    pytest.skip("PostgreSQL tests need TRACKER_TEST_DATABASE_URL (e.g. postgresql+psycopg://...)")

def test_runs():
    pass
'''


def outcomes(tmp_path: Path, **env: str) -> str:
    (tmp_path / "test_skipping.py").write_text(SKIPPING, encoding="utf-8")
    environ = {key: value for key, value in os.environ.items() if key != "TRACKER_CI"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "tests.conftest", "-p", "no:randomly",
                             "-p", "no:cacheprovider", "-c", os.devnull, "--rootdir", str(tmp_path),
                             str(tmp_path / "test_skipping.py")], cwd=ROOT, env={**environ, **env},
                            capture_output=True, text=True, timeout=120)
    return result.stdout.splitlines()[-1]


def test_on_ci_only_a_missing_server_or_privilege_may_skip(tmp_path: Path) -> None:
    assert outcomes(tmp_path, TRACKER_CI="1").startswith("2 failed, 1 passed, 2 skipped")


def test_elsewhere_a_skip_is_a_skip(tmp_path: Path) -> None:
    assert outcomes(tmp_path).startswith("1 passed, 4 skipped")
