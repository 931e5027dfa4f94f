"""Untrusted text made safe for a terminal: stored titles and names are shown literally, never interpreted."""

from __future__ import annotations

import unicodedata

from rich.text import Text


def visible(value: str) -> str:
    """`value` with control characters (ESC, C1, bell...) written as escapes like \\x1b, so none reaches the
    terminal; newlines and tabs become spaces."""
    shown = []
    for char in value:
        if char in "\n\t\r":
            shown.append(" ")
        elif unicodedata.category(char) == "Cc":
            shown.append(f"\\x{ord(char):02x}")
        else:
            shown.append(char)
    return "".join(shown)


def literal(value: str, style: str = "") -> Text:
    """A rich Text that shows `value` exactly, markup included (rich parses markup only in plain strings)."""
    return Text(visible(value), style=style)
