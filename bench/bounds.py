"""The cost of the largest inputs tracker accepts (tracker/limits.py), each run as `tracker` itself in a child
process: its wall time, the time to its first line of output and its peak resident memory (from wait4).

    python -m bench.bounds --db sqlite:///PATH/tracker.db [--rows 100000] [--article-kb 5120] [--keep DIR]

- search: the worst query allowed (the 32 commonest prefixes of the index: every word is a prefix, and these
  expand to the most indexed words), 32 copies of "a" (a repeated word is matched once), and 1,000 words
  (refused at once).
- check --file: ROWS claims made from the store's own events ("TITLE on DAY MONTH YEAR"), streamed: the first
  verdict shows at once and memory stays flat.
- check --article: a draft of ARTICLE_KB kilobytes (the limit is 5 MiB), paragraphs of those claims, streamed.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

TRACKER = str(Path(sys.executable).with_name("tracker"))


def measured(args: list[str]) -> dict[str, float]:
    """Run `tracker ARGS`: seconds in all, seconds to the first line of standard output, peak RSS in MB, exit
    status."""
    started = time.perf_counter()
    child = subprocess.Popen([TRACKER, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    first = None
    for _ in iter(child.stdout.readline, b""):
        if first is None:
            first = time.perf_counter() - started
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "first_line": first if first is not None else seconds,
            "peak_mb": usage.ru_maxrss / 1024, "exit": float(child.returncode)}


def commonest_prefixes(url: str, count: int = 32) -> list[str]:
    """The `count` prefixes of the index's words found in the most events (SQLite's fts5vocab), shortest first."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
        connection.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, event_search, row)")
        words = [row[0] for row in connection.execute("SELECT term FROM temp.vocabulary ORDER BY doc DESC LIMIT 64")]
    prefixes: list[str] = []
    for word in words:
        for end in range(1, len(word) + 1):
            if word[:end] not in prefixes:
                prefixes.append(word[:end])
    return prefixes[:count]


def claims(url: str, folder: Path, rows: int) -> list[str]:
    """`rows` claims about the store's events, each event's title and day, cycling through the events with the day
    moved by 0, 1 or 2 on each pass (confirmed, then contradicted)."""
    export = folder / "events.csv"
    subprocess.run([TRACKER, "--db", url, "export", "--format", "csv", "-o", str(export)], check=True,
                   stderr=subprocess.DEVNULL)
    with export.open(newline="", encoding="utf-8") as stream:
        events = [(row["title"], row["start"][:10]) for row in csv.DictReader(stream) if len(row["start"]) >= 10]
    found = []
    for index in range(rows):
        title, day = events[index % len(events)]
        moved = datetime.fromordinal(datetime.fromisoformat(day).toordinal() + (index // len(events)) % 3)
        found.append(f"{title} on {moved.day} {moved.strftime('%B')} {moved.year}")
    return found


def report(name: str, figures: dict[str, float]) -> None:
    print(f"{name:58} {figures['seconds']:8.2f} s  first line {figures['first_line']:7.2f} s  "
          f"peak {figures['peak_mb']:7.1f} MB  exit {int(figures['exit'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a store holding the bundled dataset (sqlite:///...)")
    parser.add_argument("--rows", type=int, default=100_000, help="claims in the file checked (default 100,000)")
    parser.add_argument("--article-kb", type=int, default=5 * 1024, help="size of the draft checked (default 5120)")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    given = parser.parse_args()
    folder = given.keep or Path(tempfile.mkdtemp(prefix="bounds-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = given.db

    if url.startswith("sqlite:///"):
        prefixes = commonest_prefixes(url)
        report(f"search: the 32 commonest prefixes ({' '.join(prefixes[:4])} ...)",
               measured(["--db", url, "search", "--format", "json", *prefixes]))
    report("search: 32 copies of 'a'", measured(["--db", url, "search", "--format", "json", *["a"] * 32]))
    report("search: 1,000 words (refused)", measured(["--db", url, "search", "--format", "json", *["a"] * 1000]))

    written = claims(url, folder, given.rows)
    claims_file = folder / "claims.csv"
    with claims_file.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["claim"])
        writer.writerows([claim] for claim in written)
    report(f"check --file, {given.rows:,} rows, json",
           measured(["--db", url, "check", "--file", str(claims_file), "--format", "json"]))

    draft = folder / "draft.txt"
    limit = given.article_kb * 1024
    with draft.open("w", encoding="utf-8") as stream:
        size, index = 0, 0
        while True:
            paragraph = ". ".join(written[index:index + 4]) + ".\n\n"
            if size + len(paragraph.encode()) > limit:
                break
            stream.write(paragraph)
            size += len(paragraph.encode())
            index = (index + 4) % max(1, len(written) - 4)
    report(f"check --article, {size / 1024:,.0f} KB, json",
           measured(["--db", url, "check", "--article", str(draft), "--format", "json"]))


if __name__ == "__main__":
    main()
