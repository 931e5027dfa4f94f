"""A full `tracker db update` from a local server: the time of the first update (every file downloaded, the whole
launch log and crew lists read and merged into a seeded store) and of a second one (every file answered 304).

The server is the standard library's, on 127.0.0.1, serving the bundled GCAT and McDowell files as planet4589.org
publishes them (uncompressed, with ETags). Run: `python -m bench.update [--db-dir DIR]`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = {"launchlog.tsv": DATA / "gcat" / "launchlog.tsv.gz", "orgs.tsv": DATA / "gcat" / "orgs.tsv.gz",
         "sites.tsv": DATA / "gcat" / "sites.tsv.gz", "missions.tsv": DATA / "mcdowell" / "missions.tsv.gz",
         "rides.tsv": DATA / "mcdowell" / "rides.tsv.gz"}


def _serve(files: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = files.get(self.path.lstrip("/"))
            tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"' if body is not None else ""
            status = 404 if body is None else 304 if self.headers.get("If-None-Match") == tag else 200
            self.send_response(status)
            if status == 200:
                assert body is not None
                self.send_header("ETag", tag)
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Content-Length", "0")
            self.end_headers()
            if status == 200:
                assert body is not None
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _tracker(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tracker", *args], check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    """Seed a store (not timed), then time two updates from the local server."""
    import os

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db-dir", type=Path, help="where to put the store (default: a temporary folder)")
    options = parser.parse_args()
    folder = options.db_dir or Path(tempfile.mkdtemp(prefix="tracker-update-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: gzip.decompress(path.read_bytes()) for name, path in FILES.items()}
    server = _serve(files)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "XDG_DATA_HOME": str(folder / "home"), "TRACKER_DATABASE_URL": f"sqlite:///{folder / 't.db'}"}
    seeded = _tracker("db", "seed", env=env)
    first = _tracker("db", "update", "--from", url, env=env)
    second = _tracker("db", "update", "--from", url, env=env)
    size = sum(len(body) for body in files.values()) / 1e6
    print(f"seed {seeded:.1f} s; update from a local server, {size:.1f} MB in 5 files: first {first:.1f} s "
          f"(all downloaded), second {second:.1f} s (all 304)")
    server.shutdown()


if __name__ == "__main__":
    main()
