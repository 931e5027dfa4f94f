"""A plain, non-editable install works from any directory: the wheel carries the migrations and the data."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_installs_and_renders_the_bundled_timeline(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("tracker-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tracker/_alembic/env.py" in names
    assert any(name.startswith("tracker/_alembic/versions/") for name in names)
    assert "tracker/_data/core.json" in names
    assert {"tracker/_data/gcat/launchlog.tsv.gz", "tracker/_data/gcat/orgs.tsv.gz", "tracker/_data/gcat/sites.tsv.gz",
            "tracker/_data/mission-aliases.tsv"} <= set(names)  # the launch catalogue ships in the wheel
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    # Dependencies come from the test run's own environment, so the test needs no network. A .pth line adds a
    # folder without running its .pth files, so the source checkout's editable install stays out of the way.
    [site_packages] = (tmp_path / "venv" / "lib").glob("python*/site-packages")
    (site_packages / "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "NO_COLOR": "1"}
    environment.pop("TRACKER_DATABASE_URL", None)
    where = subprocess.run([bin_dir / "python", "-c", "import tracker; print(tracker.__file__)"], cwd=elsewhere,
                           env=environment, check=True, capture_output=True, text=True)
    assert where.stdout.startswith(str(tmp_path / "venv"))
    shown = subprocess.run([bin_dir / "tracker", "timeline", "--from", "2025-07-28", "--to", "2025-08-03"],
                           cwd=elsewhere, env=environment, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "SpaceX Crew-11 launch" in shown.stdout
    assert "loaded the bundled dataset (7755 events created" in shown.stderr and "GCAT" in shown.stderr
    history = subprocess.run([bin_dir / "tracker", "timeline", "1969-07-16", "--format", "plain"], cwd=elsewhere,
                             env=environment, capture_output=True, text=True)
    assert "Saturn V launches Apollo 11  @ Kennedy Space Center" in history.stdout
