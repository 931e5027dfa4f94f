"""Database URLs are printed with their password masked: one rule, by the text alone, whatever the password holds."""

from __future__ import annotations

import pytest

from tracker.store.masking import mask_url, mask_urls_in


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://user:s3cret@db.example/tracker", "postgresql+psycopg://user:***@db.example/tracker"),
    # an unencoded "@" in the password: everything up to the LAST "@" is the user part
    ("postgresql://u:p@ss@host/db", "postgresql://u:***@host/db"),
    ("postgresql://u:p@ss@host:5432/db?sslmode=require", "postgresql://u:***@host:5432/db?sslmode=require"),
    ("postgresql://u:a/b:c@host/db", "postgresql://u:***@host/db"),  # "/" and ":" in it too
    ("postgresql://u:p%40ss@host/db", "postgresql://u:***@host/db"),
    ("postgresql://:secret@host/db", "postgresql://:***@host/db"),
    ("postgresql://u:SECRET@127.0.0.1:port/db", "postgresql://u:***@127.0.0.1:port/db"),  # no parser reads it
    ("postgresql://u@h/db?password=SECRET&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"),
    ("postgresql:///db?host=/tmp&PWD=SECRET", "postgresql:///db?host=/tmp&PWD=***"),
    ("postgresql://u@host/db", "postgresql://u@host/db"),  # no password: nothing hidden
    ("sqlite:////home/me@work/tracker.db", "sqlite:////home/me@work/tracker.db"),  # a path, not a user part
    ("/home/me/tracker.db", "/home/me/tracker.db"),
])
def test_the_password_is_masked_and_nothing_else(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_urls_inside_messages_are_masked_keeping_the_punctuation_around_them() -> None:
    message = "cannot open 'postgresql://u:p@ss@host/db': refused; tried postgresql://v:w@x/y."
    assert mask_urls_in(message) == \
        "cannot open 'postgresql://u:***@host/db': refused; tried postgresql://v:***@x/y."
    assert "ss@" not in mask_urls_in("could not parse postgresql://u:p@ss@host:x/db")
