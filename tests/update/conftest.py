"""A local HTTP server standing in for planet4589.org and Launch Library 2 (the standard library's, in a thread),
serving files with ETags (so a second update gets 304s) and, per path, a script of misbehaviours: a status, a
Retry-After, a delay, a body cut short, an HTML page."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import tracker.update.download

DATA = Path(__file__).resolve().parents[2] / "data"
LL2_PAGES = Path(__file__).resolve().parent / "ll2"


@dataclass
class Reply:
    """One scripted reply: a status with headers and a body; `cut` sends only that many bytes of a body whose
    Content-Length says all of it; `delay` waits before answering."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut: int | None = None
    delay: float = 0.0


@dataclass
class Server:
    """The server's content: files by path, scripted replies by path (used first, in order), and the log of
    (path, status) answered."""

    url: str
    files: dict[str, bytes] = field(default_factory=dict)
    script: dict[str, list[Reply]] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)

    def statuses(self) -> list[int]:
        return [status for _, status in self.log]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            server.log.append((self.path, reply.status))  # before the reply: the client's next request follows it
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            body = reply.body if reply.cut is None else reply.body[:reply.cut]
            try:
                self.wfile.write(body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            if reply.cut is not None:
                self.close_connection = True

        def do_GET(self) -> None:
            scripted = server.script.get(self.path)
            if scripted:
                self._send(scripted.pop(0))
                return
            body = server.files.get(self.path)
            if body is None:
                self._send(Reply(404, b"not found"))
                return
            tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == tag:
                self._send(Reply(304))
                return
            self._send(Reply(200, body, {"ETag": tag, "Content-Type": "text/tab-separated-values"}))

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    """A server on 127.0.0.1 (a free port), stopped after the test."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Server("")))
    state = Server(f"http://127.0.0.1:{httpd.server_address[1]}/")
    httpd.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries and Retry-After waits take no time in tests; the waits asked for are listed."""
    waited: list[float] = []
    monkeypatch.setattr(tracker.update.download, "_sleep", waited.append)
    return waited


BUNDLED_FILES = {"/orgs.tsv.gz": DATA / "gcat" / "orgs.tsv.gz", "/sites.tsv.gz": DATA / "gcat" / "sites.tsv.gz",
                 "/missions.tsv.gz": DATA / "mcdowell" / "missions.tsv.gz",
                 "/rides.tsv.gz": DATA / "mcdowell" / "rides.tsv.gz"}

_TAIL_FROM = "2024-230"
"""The launch log's launches from this tag on (its last days, December 2024) make the synthetic logs."""
CHANGED = ("2024-237 \t2024 Dec  8 0512:30", "2024-237 \t2024 Dec  8 0514:10")
"""The date the newer log changes: Starlink Group 12-5's launch, 1 min 40 s later."""
NEW_ROWS = (
    # Crew-10, which the curated data holds with its designation (2025-049, McDowell's missions list).
    "2025-049\t2025 Mar 14 2303:48\t2025-049A\tP\tCrew Dragon Endurance\tCrew-10\tS63204\tNASA\tUS\tFalcon 9\t"
    "446/B1085.5\t-\tKSC\tLC39A\t-\t-\tSPX\tUS\tOS\tWire",
    # A launch nobody has: a Starlink batch of January 2025.
    "2025-002\t2025 Jan  4 0127:00\t2025-002A\tP      D    \tStarlink 99001\tStarlink Group 12-11-1\tS99001\t"
    "SPXS\tUS\tFalcon 9\t421/B1080.15\t-\tCC\tLC40\t-\t-\tSPX\tUS\tOS\tWire",
)


def launch_log(*, newer: bool) -> bytes:
    """A launch log in GCAT's form: the bundled log's header and its launches from 2024-230 on, and, `newer`,
    with one of their dates changed (CHANGED) and two launches of 2025 added (NEW_ROWS)."""
    lines = gzip.decompress((DATA / "gcat" / "launchlog.tsv.gz").read_bytes()).decode("utf-8").splitlines()
    kept = [lines[0], *(line for line in lines[1:] if line[:8] >= _TAIL_FROM and line[:4] == "2024")]
    text = "\n".join(kept) + "\n"
    if newer:
        assert CHANGED[0] in text
        text = text.replace(CHANGED[0], CHANGED[1]) + "\n".join(NEW_ROWS) + "\n"
    return text.encode("utf-8")


def serve_catalogue(server: Server, *, newer: bool) -> None:
    """The server holding the bundled companion tables (gzip) and a synthetic launch log (plain TSV)."""
    for path, file in BUNDLED_FILES.items():
        server.files[path] = file.read_bytes()
    server.files["/launchlog.tsv"] = launch_log(newer=newer)
