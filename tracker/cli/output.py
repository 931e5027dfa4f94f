"""Putting renderables on the terminal: colour only on a terminal (and never with NO_COLOR), a pager for long
output like git, and SVG/HTML copies for articles and slides."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import RenderableType

PAGER_OPTIONS = [
    click.option("--no-pager", is_flag=True, help="Never page long output."),
    click.option("--svg", type=click.Path(dir_okay=False, path_type=Path), help="Also save the rendering as SVG."),
    click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help="Also save the rendering as HTML."),
]


def show(renderable: RenderableType, *, no_pager: bool = False, svg: Path | None = None,
         html: Path | None = None) -> None:
    """Print `renderable`, through a pager when it is taller than the terminal, and save the copies asked for."""
    from rich.console import Console

    console = Console(record=bool(svg or html))
    too_tall = (console.is_terminal
                and len(console.render_lines(renderable, console.options, pad=False)) > console.height)
    if too_tall and not no_pager:
        with console.pager(styles=True):
            console.print(renderable)
    else:
        console.print(renderable)
    if svg is not None:
        console.save_svg(str(svg), title="tracker", clear=False)
    if html is not None:
        console.save_html(str(html), clear=False)
