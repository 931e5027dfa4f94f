"""The options every command that selects events shares (timeline, search, export): a range and filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tracker.records import EventKind, EventStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.dates.ranges import DateRange
    from tracker.store.query import EventQuery

Command = TypeVar("Command", bound=Callable[..., Any])


def today() -> date:
    """Today's date in UTC: what "last week" and "3 days ago" count from (tests replace this)."""
    return datetime.now(UTC).date()


def _choices(values: type[EventKind] | type[EventStatus]) -> click.Choice[str]:
    return click.Choice([member.value for member in values], case_sensitive=False)


FILTERS: list[Callable[[Command], Command]] = [
    click.option("--from", "start", metavar="DATE",
                 help="Earliest date: 2025-07, 31 July 2025, 31 juillet 2025, last week, 3 days ago..."),
    click.option("--to", "end", metavar="DATE", help="Latest date, inclusive at its precision (2025-07 is all July)."),
    click.option("--around", metavar="SLUG", help="Centre the range on this event (see --days)."),
    click.option("--days", type=click.IntRange(min=0), default=7, show_default=True,
                 help="With --around: days on either side."),
    click.option("--agency", "agencies", multiple=True, metavar="NAME", help="Name, short name or alias; repeatable."),
    click.option("--person", "people", multiple=True, metavar="NAME", help="Name or alias; repeatable."),
    click.option("--kind", "kinds", multiple=True, type=_choices(EventKind), help="Repeatable."),
    click.option("--status", "statuses", multiple=True, type=_choices(EventStatus), help="Repeatable."),
    click.option("--place", "places", multiple=True, metavar="NAME", help="Name or alias; repeatable."),
    click.option("--source", "sources", multiple=True, metavar="TEXT",
                 help="Part of a source's URL, title or publisher; repeatable."),
    click.option("--search", "text", metavar="TEXT", help="Only events matching these words (full-text)."),
    click.option("--strict", is_flag=True, help="Hide events whose imprecise date only overlaps the range."),
    click.option("--dayfirst", "day_order", flag_value="dayfirst", help="Read 03/04/2025 as 3 April."),
    click.option("--monthfirst", "day_order", flag_value="monthfirst", help="Read 03/04/2025 as 4 March."),
]


def event_filters(command: Command) -> Command:
    """Add the range and filter options to a command."""
    for option in reversed(FILTERS):
        command = option(command)
    return command


@dataclass(frozen=True)
class Selection:
    """What the user selected: the resolved range (echoed in headers) and the query to run."""

    range: DateRange
    query: EventQuery


def select_events(session: Session, params: dict[str, Any], shorthand: str | None = None, *,
                  ranked: bool = False) -> Selection:
    """Turn the shared options (and an optional positional range like 2025-07 or A..B) into a query."""
    from tracker.dates.ranges import DayOrder, parse_range, parse_shorthand
    from tracker.store.query import EventQuery, event_by_slug

    order = DayOrder(params["day_order"]) if params.get("day_order") else None
    if params.get("around"):
        if shorthand or params.get("start") or params.get("end"):
            raise click.UsageError("--around replaces --from, --to and a positional range")
        span = event_by_slug(session, params["around"]).span
        days = timedelta(days=params["days"])
        selected = _range_from(span.lower - days, span.upper + days)
    elif shorthand:
        if params.get("start") or params.get("end"):
            raise click.UsageError("give a positional range or --from/--to, not both")
        selected = parse_shorthand(shorthand, today=today(), day_order=order)
    else:
        selected = parse_range(params.get("start"), params.get("end"), today=today(), day_order=order)
    query = EventQuery(
        lower=selected.lower, upper=selected.upper,
        agencies=tuple(params.get("agencies", ())), people=tuple(params.get("people", ())),
        kinds=tuple(EventKind(kind.lower()) for kind in params.get("kinds", ())),
        statuses=tuple(EventStatus(status.lower()) for status in params.get("statuses", ())),
        places=tuple(params.get("places", ())), sources=tuple(params.get("sources", ())),
        text=params.get("text"), strict=bool(params.get("strict")), ranked=ranked,
    )
    return Selection(selected, query)


def _range_from(lower: datetime, upper: datetime) -> DateRange:
    from tracker.dates.ranges import DateRange

    return DateRange(lower, upper)
