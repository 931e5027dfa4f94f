"""The errors the core raises. The command line turns each into a one-line message and an exit status."""


class TrackerError(Exception):
    """Base of every error tracker reports to a user; its message is complete on one line."""


class InvalidDate(TrackerError, ValueError):
    """Raised when a date or time zone cannot be read, does not exist, or is ambiguous."""


class InvalidRecord(TrackerError, ValueError):
    """Raised when a record from a file or an option is malformed; the message names where."""


MAX_PROBLEMS = 20


class InvalidImport(TrackerError):
    """Raised when a file has invalid records, so none is written. Holds the first 20 problems found, then
    "... and N more problems"."""

    def __init__(self, problems: list[str], source: str) -> None:
        if len(problems) > MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS], f"... and {len(problems) - MAX_PROBLEMS} more problems"]
        self.problems = problems
        self.source = source
        shown = problems[0] if problems else "no records"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source}: {shown}{more}")


class NotFound(TrackerError, LookupError):
    """Raised when a slug or name matches nothing in the store."""


class SchemaOutdated(TrackerError):
    """Raised when a database needs a migration the tool will not run by itself (PostgreSQL)."""


class StoreUnavailable(TrackerError):
    """Raised when the database cannot be opened or reached."""


class UnknownNames(InvalidImport):
    """Raised when a file written by hand names agencies, people or places the store does not know, and creating
    them was not asked for: each problem names one, with the closest known names (a typo, more often than not)."""


class DownloadFailed(TrackerError):
    """Raised when a file an update needs cannot be had whole (an error status, a timeout after retries, a
    truncated body, an HTML page instead of data); the message names the file and why. Nothing is written."""


class RateLimited(DownloadFailed):
    """Raised when a server refuses more requests for now (HTTP 429, or Launch Library 2's hourly allowance spent);
    the message says how long to wait."""


class UpdateInterrupted(TrackerError):
    """Raised when Ctrl-C stops an update; the message says during which file or step. Nothing was written. Exit
    status 130, as for any Ctrl-C."""
