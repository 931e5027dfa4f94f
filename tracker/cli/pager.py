"""Paging as git does: output goes to the pager as it is rendered, so the first screen shows at once however long
the rest takes, and `less` is told to show colours (-R), to quit when everything fits one screen (-F) and to leave
the text on the screen (-X) unless the user set LESS. TRACKER_PAGER wins over PAGER; "cat" or "" means no pager."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

ColourSystem = Literal["auto", "standard", "256", "truecolor", "windows"] | None


def pager_environment(environ: MutableMapping[str, str]) -> None:
    """Set up `environ` for the pager: TRACKER_PAGER over PAGER, and LESS=FRX when LESS is not set (a set LESS
    is the user's)."""
    if "TRACKER_PAGER" in environ:
        environ["PAGER"] = environ["TRACKER_PAGER"]
    environ.setdefault("LESS", "FRX")


def pager_command(environ: MutableMapping[str, str], configured: str | None = None) -> str | None:
    """The pager to run: TRACKER_PAGER, else PAGER, else `configured` (the configuration file's), else less; None
    when there is none to run (set to "cat" or "", or not installed). The first of them that is set decides, even
    when it is set to nothing: `TRACKER_PAGER=` turns paging off whatever PAGER says."""
    for name in ("TRACKER_PAGER", "PAGER"):
        if name in environ:
            command = environ[name]
            break
    else:
        command = configured if configured is not None else "less"
    command = command.strip()
    try:
        program = shlex.split(command)[0] if command else ""
    except ValueError:  # an unbalanced quote: not a command we can run
        return None
    if program in ("", "cat") or shutil.which(program) is None:
        return None
    return command


def page(parts: Iterable[RenderableType], terminal: Console) -> Console | None:
    """Write `parts` through the pager as each is rendered, laid out for `terminal` (its width, colours and
    recording); the console that wrote them (holding the recording), or None, with nothing written, when there is
    no pager to run."""
    from tracker.cli.settings import settings
    from tracker.cli.streams import console

    environ = dict(os.environ)
    pager_environment(environ)
    command = pager_command(environ, settings().pager)
    if command is None:
        return None
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environ,
                               encoding="utf-8", errors="replace")
    assert process.stdin is not None  # PIPE was asked for
    colours = cast("ColourSystem", terminal.color_system)  # the name of the system the terminal console detected
    paged = console(file=process.stdin, width=terminal.width, color_system=colours,
                    force_terminal=True, no_color=terminal.no_color, record=terminal.record, soft_wrap=False)
    try:
        for part in batched(iter(parts)):
            paged.print(part, crop=False)
            process.stdin.flush()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: nothing more to show
    finally:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        process.wait()
    return paged


BATCH = 64
"""Pieces printed at a time after the first: each print has a fixed cost (environment, hooks, a write and a flush)
that would otherwise be paid for every event."""


BATCH_WAIT = 0.2
"""Seconds after which the pieces gathered so far are printed, even fewer than BATCH."""


def batched(parts: Iterator[RenderableType]) -> Iterator[RenderableType]:
    """The first piece alone (the heading shows at once), then groups of BATCH pieces, or of fewer when pieces
    come slowly: a group is given once BATCH_WAIT seconds have passed since the last, so that pieces each made
    by real work (a claim checked) show as they come, while a fast stream (rows read) is printed in groups."""
    import time
    from itertools import islice

    from rich.console import Group

    yield from islice(parts, 1)
    batch: list[RenderableType] = []
    last = time.monotonic()
    for part in parts:
        batch.append(part)
        if len(batch) == BATCH or time.monotonic() - last >= BATCH_WAIT:
            yield Group(*batch)
            batch, last = [], time.monotonic()
    if batch:
        yield Group(*batch)
