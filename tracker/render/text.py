"""Untrusted text made safe for a terminal: stored titles and names are shown literally, never interpreted.

One rule, `visible`, for every renderer (rich, plain), every message (errors, notices, headings) and for files
written to a terminal (CSV, JSON): a character that a terminal obeys or that reorders or hides text is shown as an
escape. Files keep every character as it is. Rich is imported only by `literal`, so the command line can neutralise
an error message without loading it.
"""

from __future__ import annotations

import io
import unicodedata
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories shown as escapes: controls (C0, DEL, C1 such as CSI U+009B, and ESC), format characters
(bidi overrides and isolates U+202A-U+202E and U+2066-U+2069, zero-width spaces and joiners, the BOM) and the line
and paragraph separators U+2028 and U+2029, which a terminal or a reader's eye would take for something else."""


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str, *, lines: bool = False) -> str:
    """`value` with every control, format and separator character written as an escape (\\x1b, \\u202e, \\u2028),
    so none reaches the terminal; newlines and tabs become spaces, or with `lines` are kept (a file's lines)."""
    if value.isascii() and value.isprintable():
        return value  # most text: nothing to look at character by character
    shown = []
    for char in value:
        if char in "\n\t\r":
            shown.append(char if lines and char != "\r" else " ")
        elif unicodedata.category(char) in _HIDDEN:
            shown.append(_escape(char))
        else:
            shown.append(char)
    return "".join(shown)


class _VisibleStream(io.TextIOBase):
    """A text stream that writes through `visible`, keeping lines: what a file format writes, made safe to show."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text.replace("\r\n", "\n"), lines=True))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True


def for_terminal(stream: IO[str]) -> IO[str]:
    """`stream` itself when it is a file or a pipe; when it is a terminal, a stream that shows CSV or JSON with its
    control, bidi and zero-width characters as escapes (line breaks kept, a CR before LF dropped)."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return _VisibleStream(stream) if terminal else stream  # type: ignore[return-value]


def literal(value: str, style: str = "") -> Text:
    """A rich Text that shows `value` exactly, markup included (rich parses markup only in plain strings)."""
    from rich.text import Text

    return Text(visible(value), style=style)
