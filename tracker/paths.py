"""File paths a user gave (an option, an argument, the configuration file), made absolute with one-line errors
naming the value when that cannot be done: a loop of symbolic links, `~someone` for no such user, a NUL."""

from __future__ import annotations

import errno
from pathlib import Path

from tracker.errors import InvalidRecord


def expanded(given: str | Path, what: str) -> Path:
    """`given` with a leading `~` or `~user` expanded; InvalidRecord naming `what` (e.g. "the database") and the
    value when it holds a NUL or names a user who does not exist."""
    text = str(given)
    if "\x00" in text:
        raise InvalidRecord(f"{what} {text!r} contains a NUL character (\\x00), which no file name may hold")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # Path.expanduser: "Could not determine home directory."
        user = text[1:].split("/", 1)[0]
        raise InvalidRecord(f"{what} {text!r}: " + (f"there is no user {user!r} whose home ~{user} names"
                                                    if user else "the home directory (~) is not known")) from None


def resolved(given: str | Path, what: str) -> Path:
    """`given` expanded (see `expanded`), made absolute with every symbolic link followed; InvalidRecord naming
    `what` and the value for a loop of symbolic links, which leads to no file at all."""
    path = expanded(given, what)
    try:
        return path.resolve()
    except RuntimeError:  # Python before 3.13: "Symlink loop from ..."
        pass
    except OSError as exc:  # Python 3.13 and later: ELOOP
        if exc.errno != errno.ELOOP:
            raise
    raise InvalidRecord(f"{what} {str(given)!r} is a loop of symbolic links, which leads to no file")
