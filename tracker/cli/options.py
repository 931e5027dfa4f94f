"""The options every command that selects events shares (timeline, search, export): a range and filters."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from tracker.cli import say
from tracker.cli.completion import (
    complete_agency,
    complete_person,
    complete_place,
    complete_slug,
    complete_vehicle,
)
from tracker.records import EventKind, EventStatus, Outcome, Trajectory

if TYPE_CHECKING:
    from tracker.dates.ranges import DateRange
    from tracker.dates.when import Span
    from tracker.store.query import EventQuery
    from tracker.store.reading import Reader

Command = TypeVar("Command", bound=Callable[..., Any])


def today() -> date:
    """Today's date in UTC: what "last week" and "3 days ago" count from (tests freeze when.utc_now)."""
    from tracker.dates import when  # imported here: --help need not load the date model

    return when.utc_now().date()


def _choices(values: type[EventKind] | type[EventStatus] | type[Outcome]) -> click.Choice[str]:
    return click.Choice([member.value for member in values], case_sensitive=False)


TRAJECTORY_WORDS = {"orbital": Trajectory.ORBITAL, "suborbital": Trajectory.SUBORBITAL,
                    "lunar-surface": Trajectory.LUNAR_SURFACE}
"""What --trajectory takes (one word each, for the shell), and the trajectory each names."""

FILTERS: list[Callable[[Command], Command]] = [
    click.option("--from", "start", metavar="DATE",
                 help="Earliest date: 2025-07, 31 July 2025, 31 juillet 2025, last week, 3 days ago..."),
    click.option("--to", "end", metavar="DATE", help="Latest date, inclusive at its precision (2025-07 is all July)."),
    click.option("--around", metavar="SLUG", shell_complete=complete_slug,
                 help="Centre the range on this event (see --days)."),
    click.option("--days", type=click.IntRange(min=0, max=366_000),
                 help="With --around: days on either side (default 7)."),
    click.option("--agency", "agencies", multiple=True, metavar="NAME", shell_complete=complete_agency,
                 help="Name, short name or alias, with its parts (NASA's centres); repeatable."),
    click.option("--exact-agency", "exact_agencies", is_flag=True,
                 help="With --agency: only the agencies named, not their parts."),
    click.option("--person", "people", multiple=True, metavar="NAME", shell_complete=complete_person,
                 help="Name or alias; repeatable."),
    click.option("--kind", "kinds", multiple=True, type=_choices(EventKind), help="Repeatable."),
    click.option("--status", "statuses", multiple=True, type=_choices(EventStatus), help="Repeatable."),
    click.option("--outcome", "outcomes", multiple=True, type=_choices(Outcome),
                 help="Launches that succeeded, failed or partly failed; repeatable."),
    click.option("--place", "places", multiple=True, metavar="NAME", shell_complete=complete_place,
                 help="Name or alias, with every place inside it (Florida, Floride, Houston); repeatable."),
    click.option("--vehicle", "vehicles", multiple=True, metavar="NAME", shell_complete=complete_vehicle,
                 help='Launch vehicle family ("Saturn V", "Falcon 9", "Longue Marche 5") or the catalogue\'s '
                      'vehicle type ("Ariane 5ECA"); repeatable.'),
    click.option("--trajectory", "trajectories", multiple=True,
                 type=click.Choice(TRAJECTORY_WORDS, case_sensitive=False),
                 help="Launches into orbit, on a suborbital arc, or from the Moon's surface; repeatable."),
    click.option("--source", "sources", multiple=True, metavar="TEXT",
                 help="Part of a source's URL, title or publisher; repeatable."),
    click.option("--search", "text", metavar="TEXT", help="Only events matching these words (full-text)."),
    click.option("--strict", is_flag=True, help="Hide events whose imprecise date only overlaps the range."),
    click.option("--tz", "zone", metavar="ZONE",
                 help="Read the range's days on this zone's clocks (an IANA name such as America/New_York), or "
                      "'local': on each event's own place's clocks. Default: UTC."),
    click.option("--dayfirst", "day_order", flag_value="dayfirst", help="Read 03/04/2025 as 3 April."),
    click.option("--monthfirst", "day_order", flag_value="monthfirst", help="Read 03/04/2025 as 4 March."),
]


@dataclass(frozen=True)
class Filters:
    """The range and filter options, as typed values (what `--from`, `--agency`... were given)."""

    start: str | None = None
    end: str | None = None
    around: str | None = None
    days: int | None = None
    agencies: tuple[str, ...] = ()
    exact_agencies: bool = False
    people: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    trajectories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    text: str | None = None
    strict: bool = False
    zone: str | None = None
    day_order: str | None = None


def grouped(options: list[Callable[[Command], Command]], group: type[Any], name: str) -> Callable[[Command], Command]:
    """A decorator adding `options` to a command and handing the command one `group` dataclass (as keyword
    argument `name`) built from their values, instead of one keyword argument per option."""
    fields = [field.name for field in dataclasses.fields(group)]

    def decorate(command: Command) -> Command:
        @functools.wraps(command)
        def packed(*args: Any, **params: Any) -> Any:
            values = {field: params.pop(field) for field in fields if field in params}
            return command(*args, **{name: group(**values)}, **params)

        for option in reversed(options):
            packed = option(packed)
        return cast(Command, packed)

    return decorate


event_filters = grouped(FILTERS, Filters, "filters")
"""Add the range and filter options to a command, which receives them as `filters: Filters`."""


@dataclass(frozen=True)
class Selection:
    """What the user selected: the resolved range (echoed in headers) and the query to run."""

    range: DateRange
    query: EventQuery
    scope: str = ""
    """What the --agency filter takes in, for headings ("NASA and its parts"); empty without one."""
    notice: str | None = None
    """What the store does not cover of the range, to say beside the heading (or on stderr)."""


def select_events(session: Reader, filters: Filters, shorthand: str | None = None, *,
                  ranked: bool = False, say_range: bool = False) -> Selection:
    """Turn the shared options (and an optional positional range like 2025-07 or A..B) into a query. With
    `say_range`, the range a date phrase was read as is said on stderr (output for scripts has no heading)."""
    from tracker.cli.settings import settings
    from tracker.dates.ranges import DayOrder, parse_range, parse_shorthand
    from tracker.store.query import EventQuery, event_named

    day_order = filters.day_order or settings().date_order  # the option, else the configuration file's
    order = DayOrder(day_order) if day_order else None
    if filters.exact_agencies and not filters.agencies:
        raise click.UsageError("--exact-agency goes with --agency NAME (the agency to take without its parts)")
    if filters.days is not None and not filters.around:
        # Ignoring it would show a range the user did not ask for, silently.
        raise click.UsageError("--days goes with --around SLUG (the event the range is centred on)")
    if filters.around:
        if shorthand or filters.start or filters.end:
            raise click.UsageError("--around replaces --from, --to and a positional range")
        selected = _around(event_named(session, filters.around).span, filters.days)
    elif shorthand:
        if filters.start or filters.end:
            raise click.UsageError("give a positional range or --from/--to, not both")
        selected = parse_shorthand(shorthand, today=today(), day_order=order)
    else:
        selected = parse_range(filters.start, filters.end, today=today(), day_order=order)
    zone = filters.zone or settings().tz  # the option, else the configuration file's
    if zone:
        selected = selected.read_in(zone)
    query = EventQuery(
        selected, agencies=filters.agencies, people=filters.people,
        kinds=tuple(EventKind(kind.lower()) for kind in filters.kinds),
        statuses=tuple(EventStatus(status.lower()) for status in filters.statuses),
        outcomes=tuple(Outcome(outcome.lower()) for outcome in filters.outcomes),
        places=filters.places, sources=filters.sources, text=filters.text, strict=filters.strict, ranked=ranked,
        exact_agencies=filters.exact_agencies,
        vehicles=filters.vehicles,
        trajectories=tuple(TRAJECTORY_WORDS[trajectory.lower()] for trajectory in filters.trajectories),
    )
    if filters.vehicles:
        _say_vehicles(session, filters.vehicles)
    if say_range:
        _say_range(selected, filters, shorthand)
    scope = ""
    if filters.agencies:
        from tracker.store.trees import agency_scope

        scope = agency_scope(session, filters.agencies, exact=filters.exact_agencies)
    return Selection(selected, query, scope, _catalogue_notice(session, selected))


def _say_vehicles(session: Reader, names: tuple[str, ...]) -> None:
    """`vehicle: N1 (family); another family, not this one: N-I (--vehicle "N-I")` on stderr: what the names were
    read as, and the families easily taken for them (GCAT writes Japan's N-I and the Soviet N1 alike)."""
    from tracker.store.query import vehicles_named

    found = vehicles_named(session, names)
    read = [f"{name} (family)" for name in found.families] + [f"{name} (vehicle type)" for name in found.types]
    click.echo(f"vehicle: {', '.join(read)}", err=True)
    for other in found.see_also:
        click.echo(f'  another family, not counted here: {other} (--vehicle "{other}")', err=True)
    for written, families in found.shared:
        click.echo(f'  the catalogue writes "{written}" for {len(families)} families, told apart as '
                   + " and ".join(f'--vehicle "{family}"' for family in families), err=True)


def _catalogue_notice(session: Reader, selected: DateRange) -> str | None:
    """ "the launch catalogue (GCAT) ends 8 Dec 2024: later launches are only those curated" (and those Launch
    Library 2 listed as upcoming on the day of the store's last `db update --upcoming`), when the range runs
    past the date of the catalogue the store holds (none when it holds none): an empty 2025 is then no evidence that
    nothing was launched. The date is the stored source's (its stamp, or its latest launch), so it moves with
    `tracker db update`; a store written before sources carried dates falls back on its latest catalogued launch."""
    from tracker.bundled import GCAT_URL
    from tracker.dates.when import Precision, When
    from tracker.store.stats import catalogue_end, source_dates
    from tracker.update.origins import LL2_URL

    last = catalogue_end(session, GCAT_URL, "gcat-")
    if last is None:
        return None
    dated = source_dates(session, [GCAT_URL, LL2_URL])
    end = When.parse(dated[GCAT_URL], "UTC") if GCAT_URL in dated else When.from_instant(last, Precision.DAY)
    if selected.upper is not None and selected.upper <= end.upper:
        return None
    later = "those curated"
    if LL2_URL in dated:  # `db update --upcoming` adds what Launch Library 2 listed, as it stood that day
        later += f" and those Launch Library 2 listed as upcoming on {When.parse(dated[LL2_URL], 'UTC').label()}"
    return f"the launch catalogue (GCAT) ends {end.label()}: later launches are only {later}"


def _say_range(selected: DateRange, filters: Filters, shorthand: str | None) -> None:
    """`range: 2025-11-07 .. 2025-11-28 (read from "il y a 3 semaines")` on stderr, when dates were given: a JSON
    or CSV reader sees no heading, and an empty result should not leave them guessing what was asked (jrnl's
    lesson: say what a phrase resolved to)."""
    if filters.around:
        origin = f"{filters.days if filters.days is not None else 7} days around {filters.around}"
    elif shorthand:
        origin = f'read from "{shorthand}"'
    elif filters.start or filters.end:
        origin = "read from " + " ".join(f'{name} "{value}"' for name, value in
                                         (("--from", filters.start), ("--to", filters.end)) if value)
    else:
        return
    say(f"range: {_bound(selected.lower, last=False)} .. {_bound(selected.upper, last=True)} ({origin})",
               err=True)


def _bound(moment: datetime | None, *, last: bool) -> str:
    """A range bound in UTC ISO 8601: the day when the bound falls at midnight (the end inclusive, as written)."""
    if moment is None:
        return "(open)"
    if moment.time() == time(0) and moment.tzinfo is not None:
        return (moment - timedelta(days=1) if last else moment).date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


def _around(span: Span, days: int | None) -> DateRange:
    """Whole days around `span`: from its first day less `days` to its last day plus `days` (7 when not given),
    its days being those of its own calendar (a meeting on 31 July in Florida is on 31 July, not on 31 July and
    1 August UTC), the range's those of UTC."""
    from datetime import UTC, datetime, time

    from tracker.dates.ranges import DateRange
    from tracker.dates.when import Precision, zone_info

    clocks = zone_info(span.start.zone) if span.start.zone else span.start.tz
    either_side = timedelta(days=days if days is not None else 7)
    first = span.lower.astimezone(clocks).date() - either_side
    last = (span.upper - timedelta(microseconds=1)).astimezone(clocks).date() + either_side + timedelta(days=1)
    return DateRange(datetime.combine(first, time(), UTC), datetime.combine(last, time(), UTC),
                     Precision.DAY, Precision.DAY)
