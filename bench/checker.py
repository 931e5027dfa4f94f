"""What a writer waits for from `tracker check`, on the bundled store (issue 26): one claim as a whole process
against a bare import of the libraries it uses, and the rate of `check --file` over the claims set.

    python -m bench.checker [--runs 7] [--claims tests/factcheck/claims/claims.tsv]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.startup import BASE_LIBRARIES, environment, median_seconds, tracker_command

CLAIMS = Path(__file__).resolve().parent.parent / "tests" / "factcheck" / "claims" / "claims.tsv"
ONE_CLAIM = "SpaceX Crew-11 launched on 1 August 2025 from Kennedy Space Center"
PYTHON_MODULES = ("zoneinfo", "sqlite3")
"""Besides the base libraries, what a check imports from the standard library (the bundled store is SQLite)."""


@dataclass(frozen=True)
class CheckerTimes:
    """Median seconds of one `tracker check CLAIM` process and of the bare import; the file rate."""

    one_claim: float
    bare_import: float
    claims: int
    file_seconds: float
    machine_load: str

    @property
    def ratio(self) -> float:
        """One check process / bare import of its libraries (target ≤ 1.0)."""
        return self.one_claim / self.bare_import

    @property
    def claims_per_second(self) -> float:
        """Claims checked a second by `check --file` (target ≥ 30), start-up included."""
        return self.claims / self.file_seconds


def claims_file(source: Path, folder: Path) -> tuple[Path, int]:
    """The claims of the set as a one-column CSV for `check --file`, and how many."""
    with source.open(encoding="utf-8") as stream:
        claims = [row["claim"] for row in csv.DictReader(stream, delimiter="\t")]
    target = folder / "claims.csv"
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["claim"])
        writer.writerows([claim] for claim in claims)
    return target, len(claims)


def measure(runs: int, source: Path = CLAIMS) -> CheckerTimes:
    """Time one check and the claims file on a bundled store of its own (seeded by an unmeasured first run)."""
    with tempfile.TemporaryDirectory(prefix="tracker-bench-check-") as folder:
        home = Path(folder)
        env = environment(home)
        command = tracker_command()
        one = median_seconds([*command, "check", ONE_CLAIM], env, runs, ok=(0, 1))[0]
        bare = median_seconds([sys.executable, "-c", "import " + ", ".join((*BASE_LIBRARIES, *PYTHON_MODULES))],
                              env, runs)[0]
        path, count = claims_file(source, home)
        whole = median_seconds([*command, "check", "--file", str(path), "--format", "json"], env, max(1, runs // 2),
                               ok=(0, 1))[0]
    return CheckerTimes(one, bare, count, whole, _load())


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def report(times: CheckerTimes) -> str:
    """The figures, one per line, each with its target."""
    return "\n".join((
        f"machine load (1, 5, 15 min): {times.machine_load}",
        f"one `tracker check CLAIM`: {times.one_claim:.3f} s; bare import of its libraries: "
        f"{times.bare_import:.3f} s; ratio {times.ratio:.2f}x (target ≤ 1.0x)",
        f"`check --file` over {times.claims} claims: {times.file_seconds:.2f} s, "
        f"{times.claims_per_second:.0f} claims/s (target ≥ 30)",
    ))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.checker", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each process (median taken)")
    parser.add_argument("--claims", type=Path, default=CLAIMS, help="a claims TSV with a `claim` column")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    arguments = parser.parse_args(argv)
    times = measure(arguments.runs, arguments.claims)
    print(report(times))
    if arguments.json:
        arguments.json.write_text(json.dumps({**times.__dict__, "ratio": times.ratio,
                                              "claims_per_second": times.claims_per_second}, indent=2))


if __name__ == "__main__":
    main()
