"""Files over HTTP into the download cache: timeouts, retries with backoff on 5xx and connection errors,
conditional requests (ETag, Last-Modified) so an unchanged file is not downloaded again, and atomic writes.

httpx is the client: a timeout per phase (connect, read), streaming bodies for a progress bar, and it is already
typed (mypy --strict), where requests needs stubs. It is imported only here, and only by `tracker db update`.

A download goes to a temporary file beside the cache and is checked (complete, not an HTML page); it replaces the
cached copy only when the caller keeps it (`Fetched.keep`), once every file of the update has been read.
"""

from __future__ import annotations

import email.utils
import json
import os
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from tracker.errors import DownloadFailed, RateLimited

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Per phase: 10 s to connect, 30 s between bytes read (a large file may take longer as a whole)."""
ATTEMPTS = 4
"""Tries per request: the first and three retries, on 5xx, timeouts and dropped connections."""
BACKOFF = 1.0
"""Seconds before the first retry, doubled before each next one (1, 2, 4)."""
SHORT_WAIT = 10.0
"""A Retry-After of at most this many seconds is waited out; a longer one ends the update, saying how long."""
USER_AGENT = "tracker (space-event timeline; tracker db update)"
_sleep = time.sleep  # replaced by tests, which wait for nothing

Progress = Callable[[str, int | None], AbstractContextManager[Callable[[int], None] | None]]
"""Given what is downloaded and its size (None when the server does not say), a context giving the callback told
how many bytes have come."""


def no_progress(what: str, total: int | None) -> AbstractContextManager[Callable[[int], None] | None]:
    """Draw nothing."""
    return nullcontext()


@dataclass
class Fetched:
    """One file of an update: where to read it (`path`, None when no source had it), whether it was downloaded
    now (else the cached copy was unchanged, or it came from a folder), and from where."""

    name: str
    path: Path | None
    url: str | None
    downloaded: bool = False
    _cached: Path | None = None
    _meta: dict[str, str] | None = None

    def keep(self) -> None:
        """Make a new download the cached copy, with what the server said of it for the next conditional
        request: each by an atomic rename, so a cache is never half written."""
        if not self.downloaded or self.path is None or self._cached is None or self._meta is None:
            return
        os.replace(self.path, self._cached)
        _write_atomically(_meta_path(self._cached.parent, self.name), json.dumps(self._meta).encode())
        self.path, self.downloaded = self._cached, False

    def discard(self) -> None:
        """Remove a new download that is not kept."""
        if self.downloaded and self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def _meta_path(cache: Path, name: str) -> Path:
    return cache / f"{name}.http.json"


def _write_atomically(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _wait_text(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    minutes = round(seconds / 60)
    return f"{minutes} minutes" if minutes < 90 else f"{seconds / 3600:.1f} hours"


def retry_after(value: str | None, now: datetime) -> float | None:
    """The seconds a Retry-After header asks for (a number, or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - now).total_seconds()) if moment.tzinfo else None


def rate_limited(what: str, seconds: float | None, now: datetime) -> RateLimited:
    """The error for a refusal to serve more requests now, saying how long to wait and until when."""
    if seconds is None:
        return RateLimited(f"{what}: the server refuses more requests for now (HTTP 429, no Retry-After): try "
                           "again later; nothing was changed")
    until = datetime.fromtimestamp(now.timestamp() + seconds, UTC)
    return RateLimited(f"{what}: the server asks to wait {_wait_text(seconds)} before another request (HTTP 429, "
                       f"until {until:%H:%M} UTC); nothing was changed")


def _looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a body (decompressed when gzip) are an HTML page: an error or login page a
    server sent with status 200 instead of the table."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 512)
        except zlib.error:
            return False
    start = head.lstrip()[:64].lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body"))


class Fetcher:
    """Downloads with one HTTP client: retries, conditional requests against the cache, atomic writes."""

    def __init__(self, cache: Path, *, progress: Progress = no_progress, attempts: int = ATTEMPTS,
                 backoff: float = BACKOFF, timeout: httpx.Timeout | float | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.cache = cache
        self.progress = progress
        self.attempts = attempts
        self.backoff = backoff
        self.now = now
        self.requests = 0
        """How many requests were sent (retries included)."""
        self.client = httpx.Client(timeout=TIMEOUT if timeout is None else timeout, follow_redirects=True,
                                   headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _response(self, url: str, what: str, headers: dict[str, str]) -> Iterator[httpx.Response]:
        """A streamed response of status below 500 other than 429, after retries with backoff on 5xx, timeouts
        and connection errors, and after waiting out a short Retry-After; DownloadFailed or RateLimited else."""
        problem = ""
        waited = False
        for attempt in range(self.attempts):
            if attempt and not waited:
                _sleep(self.backoff * 2 ** (attempt - 1))
            waited = False
            self.requests += 1
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    if response.status_code == 429:
                        wait = retry_after(response.headers.get("Retry-After"), self.now())
                        if wait is not None and wait <= SHORT_WAIT and attempt + 1 < self.attempts:
                            _sleep(wait)
                            problem, waited = "HTTP 429", True
                            continue
                        raise rate_limited(f"{what} ({url})", wait, self.now())
                    if response.status_code >= 500:
                        problem = f"HTTP {response.status_code} {response.reason_phrase}"
                        continue
                    yield response
                    return
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:
                problem = f"connection failed ({exc or type(exc).__name__})"
        raise DownloadFailed(f"{what}: {problem} after {self.attempts} tries ({url}); nothing was changed")

    def fetch(self, name: str, urls: list[str], what: str) -> Fetched:
        """`name` from the first of `urls` that has it (a 404 tries the next), as a new download when it changed
        since the cached copy, else that copy (HTTP 304); Fetched.path None when none has it."""
        self.cache.mkdir(parents=True, exist_ok=True)
        meta_path = _meta_path(self.cache, name)
        try:
            known: dict[str, str] = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        cached = self.cache / known.get("file", "-")
        if known.get("url") in urls:  # the URL that served it last time first: no 404 asked for again
            urls = [known["url"], *(url for url in urls if url != known["url"])]
        for url in urls:
            headers = {}
            if known.get("url") == url and cached.is_file():
                if known.get("etag"):
                    headers["If-None-Match"] = known["etag"]
                if known.get("last_modified"):
                    headers["If-Modified-Since"] = known["last_modified"]
            with self._response(url, what, headers) as response:
                if response.status_code in (404, 410):
                    continue
                if response.status_code == 304 and headers:
                    return Fetched(name, cached, url)
                if response.status_code != 200:
                    raise DownloadFailed(f"{what}: HTTP {response.status_code} {response.reason_phrase} ({url}); "
                                         "nothing was changed")
                file_name = url.rsplit("/", 1)[-1] if url.rsplit("/", 1)[-1].startswith(name) else name
                temporary = self._receive(response, what, url, file_name)
                meta = {"url": url, "file": file_name, "etag": response.headers.get("ETag", ""),
                        "last_modified": response.headers.get("Last-Modified", "")}
                return Fetched(name, temporary, url, True, self.cache / file_name, meta)
        return Fetched(name, None, None)

    def _receive(self, response: httpx.Response, what: str, url: str, file_name: str) -> Path:
        """The body, whole, in a temporary file named like `file_name` (so `.gz` stays the suffix); DownloadFailed
        when it stops short of its Content-Length or is an HTML page."""
        stated = response.headers.get("Content-Length")
        total = int(stated) if stated and stated.isdigit() and "Content-Encoding" not in response.headers else None
        descriptor, name = tempfile.mkstemp(dir=self.cache, prefix=f".{file_name}.", suffix=".part" + (
            ".gz" if file_name.endswith(".gz") else ""))
        temporary = Path(name)
        received = 0
        head = b""
        try:
            with os.fdopen(descriptor, "wb") as stream, self.progress(what, total) as told:
                try:
                    for chunk in response.iter_bytes():
                        if len(head) < 512:
                            head += chunk[:512 - len(head)]
                        stream.write(chunk)
                        received += len(chunk)
                        if told is not None:
                            told(received)
                except httpx.TransportError as exc:
                    raise DownloadFailed(f"{what}: the download stopped after {received:,} bytes "
                                         f"({exc or type(exc).__name__}; {url}); nothing was changed") from None
            if total is not None and received != total:
                raise DownloadFailed(f"{what}: the download is incomplete, {received:,} of {total:,} bytes ({url}); "
                                     "nothing was changed")
            if "html" in response.headers.get("Content-Type", "") or _looks_like_html(head):
                raise DownloadFailed(f"{what}: the server sent an HTML page, not the table ({url}); nothing was "
                                     "changed")
            return temporary
        except BaseException:  # Ctrl-C too: no partial file stays behind
            temporary.unlink(missing_ok=True)
            raise

    def get_json(self, url: str, what: str) -> Any:
        """The JSON document at `url` (after retries); DownloadFailed for another status or a body that is not
        JSON."""
        with self._response(url, what, {"Accept": "application/json"}) as response:
            if response.status_code != 200:
                raise DownloadFailed(f"{what}: HTTP {response.status_code} {response.reason_phrase} ({url}); "
                                     "nothing was changed")
            try:
                body = response.read()
            except httpx.TransportError as exc:
                raise DownloadFailed(f"{what}: the download stopped ({exc or type(exc).__name__}; {url}); nothing "
                                     "was changed") from None
        try:
            return json.loads(body)
        except ValueError:
            shown = "an HTML page" if _looks_like_html(body[:512]) else "not JSON"
            raise DownloadFailed(f"{what}: the server sent {shown} ({url}); nothing was changed") from None


def read_local(folder: Path, name: str) -> Path | None:
    """`name` or `name.gz` in `folder`, whichever is there (None when neither)."""
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None

