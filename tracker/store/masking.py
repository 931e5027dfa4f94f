"""Database URLs made safe to print: the one rule every message, notice and listing that shows a URL goes through.

Pure string work, no SQLAlchemy: an error message can be masked without loading the database layer, and a URL no
parser accepts (a port that is not a number, an unencoded `@` in the password) is masked all the same.
"""

from __future__ import annotations

import re

MASK = "***"
SECRET_PARAMETERS = ("password", "passwd", "pwd", "sslpassword")
"""Query parameters libpq and the drivers read a password from (`?password=...`)."""

_SECRET_QUERY = re.compile(r"([?&](?:" + "|".join(SECRET_PARAMETERS) + r")=)[^&#]*", re.IGNORECASE)
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def mask_url(url: str) -> str:
    """`url` with its password shown as ***: in the user part (everything between `user:` and the LAST `@`, so a
    password holding an unencoded `@`, `/` or `:` is hidden whole) and in the query (`?password=`). Text without
    `://` (a plain file path) is returned as it is."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    at = rest.rfind("@")
    if at > 0 and not rest.startswith("/"):  # "/..." is a path (sqlite:////file): no user part to hide
        user, colon, _password = rest[:at].partition(":")
        if colon:
            rest = f"{user}:{MASK}{rest[at:]}"
    return f"{scheme}://{_SECRET_QUERY.sub(lambda match: match.group(1) + MASK, rest)}"


def mask_urls_in(message: str) -> str:
    """`message` with the password of every URL in it masked by `mask_url` (trailing punctuation kept)."""
    def masked(match: re.Match[str]) -> str:
        url = match.group(0).rstrip(".:;,)")
        return mask_url(url) + match.group(0)[len(url):]

    return _URL.sub(masked, message)
