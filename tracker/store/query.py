"""Asking the store which events match a query; `tracker.store.rows` turns them into records. The overlap rule lives
here and nowhere else, in SQL, as `DateRange.membership` states it in Python.

An event belongs to a range when what it may cover meets the range. An event known to the day or coarser is
compared on its own calendar: its dates as written (`start_iso`, `end_iso`) against the range's calendar bounds,
both as ISO text of one shape, which sorts as the dates do. An event known to the hour or better is compared on
its instants: `lower < range.upper` and `upper > range.lower`, on indexed UTC columns. Both tests run on the
events an index range picks first: those whose UTC interval overlaps the range widened by the furthest a clock is
from UTC. With both bounds given, that overlap is also split by span class (migration 0003), so the database
reads one short index range per class rather than every event that started before the range: the cost of a
week's query does not grow with the store.
"""

from __future__ import annotations

import bisect
import difflib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
    true,
    type_coerce,
)

from tracker.dates.ranges import EVERY_DATE, LOCAL, DateRange
from tracker.dates.when import Precision, When
from tracker.errors import NotFound
from tracker.names import ROMAN_NUMERALS, search_words
from tracker.records import (
    EventKind,
    EventRecord,
    EventStatus,
    FieldChangeRecord,
    Match,
    Membership,
    Outcome,
    Trajectory,
)
from tracker.store import tables
from tracker.store.alias_slugs import event_by_alias, shown_alias
from tracker.store.columns import (
    Event,
    EventAgency,
    EventPerson,
    EventSource,
    FieldChange,
    Source,
)
from tracker.store.directory import AGENCIES, PEOPLE, PLACES, Vehicles, resolve, resolve_vehicles
from tracker.store.interrupt import BudgetSpent, within_steps
from tracker.store.reading import Reader, dialect_of
from tracker.store.rows import (
    BATCH,
    EventRows,
    PreparedRows,
    among,
    event_rows,
    list_param,
    literal_like,
    read_records,
)
from tracker.store.search import (
    Spelled,
    among_matches,
    best_first,
    matches_at_least,
    matches_between,
    matches_event,
    matching_events,
    ranked_matches,
    spelled_out,
)
from tracker.store.tables import LONGEST_SPAN_CLASS, UTCDateTime
from tracker.store.trees import agencies_within, places_within

DATE_ORDER = (Event.lower, Event.upper, Event.slug)
"""How events are listed: by start, then end, then slug, so the order is total and stable."""


class Filter(NamedTuple):
    """A WHERE clause and the values of the parameters it leaves unbound."""

    clause: ColumnElement[bool]
    params: dict[str, datetime | str]


def overlapping(lower: datetime | None, upper: datetime | None) -> Filter:
    """Events whose interval overlaps [lower, upper); either bound may be open (None)."""
    if lower is None or upper is None:  # a half-open range: every event on one side of a bound
        conditions = []
        if upper is not None:
            conditions.append(Event.lower < upper)
        if lower is not None:
            conditions.append(Event.upper > lower)
        return Filter(and_(true(), *conditions), {})
    params: dict[str, datetime | str] = {"range_lower": lower, "range_upper": upper}
    for k in range(LONGEST_SPAN_CLASS):
        try:
            params[f"range_earliest_{k}"] = lower - timedelta(hours=4 ** k, minutes=1)
        except OverflowError:
            params[f"range_earliest_{k}"] = datetime.min.replace(tzinfo=UTC)
    return Filter(_bounded_overlap(), params)


@cache
def _bounded_overlap() -> ColumnElement[bool]:
    """The overlap test split by span class, built once: events of class k overlapping [lower, upper) start
    before `upper` and, lasting at most 4**k hours, after `lower` minus that (and a minute, against rounding where
    the class was computed in SQL), so each class is one short range of the index (span_class, lower)."""
    lower, upper = bindparam("range_lower", type_=UTCDateTime()), bindparam("range_upper", type_=UTCDateTime())
    classes = [and_(Event.span_class == literal_column(str(k)),
                    Event.lower.between(bindparam(f"range_earliest_{k}", type_=UTCDateTime()), upper))
               for k in range(LONGEST_SPAN_CLASS)]
    classes.append(and_(Event.span_class == literal_column(str(LONGEST_SPAN_CLASS)), Event.lower < upper))
    return and_(Event.lower < upper, Event.upper > lower, or_(*classes))


_FIRST_PAD = "0001-01-01T00:00:00.000000"
_LAST_PAD = "9999-12-31T23:59:59.999999"


def _on_calendar() -> ColumnElement[bool]:
    """Events judged by their calendar dates: known to the day or coarser at both ends (ranges.on_calendar). An
    end of ten characters or fewer is a date without a time."""
    return and_(Event.precision <= int(Precision.DAY),
                or_(Event.end_iso.is_(None), func.length(Event.end_iso) <= 10))


def _calendar_first() -> ColumnElement[str]:
    """The event's first moment on its own calendar, as ISO text to the microsecond: "2025-07" is
    "2025-07-01T00:00:00.000000"."""
    return Event.start_iso.concat(func.substr(literal_column(f"'{_FIRST_PAD}'", String),
                                              func.length(Event.start_iso) + 1))


def _calendar_last() -> ColumnElement[str]:
    """The event's last moment on its own calendar, or a text that sorts as it would: "2025-02" is
    "2025-02-31T23:59:59.999999", after every instant of February and before 1 March."""
    last = func.coalesce(Event.end_iso, Event.start_iso)
    return last.concat(func.substr(literal_column(f"'{_LAST_PAD}'", String), func.length(last) + 1))


def calendar_text(moment: datetime) -> str:
    """A calendar bound as the text `_calendar_first` and `_calendar_last` are compared with."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


@cache
def _rule(lower: bool, upper: bool, local: bool, strict: bool) -> ColumnElement[bool]:
    """DateRange.membership in SQL, for a range bounded below and/or above: the events that meet it (with
    `strict`, those WITHIN it). Built once per shape, with the bounds as parameters (see `_rule_params`). With
    `local` the instants of events known to the hour are left to Python (each is read on its own clocks)."""
    calendar_lower, calendar_upper = (bindparam(name, type_=String) for name in ("calendar_lower", "calendar_upper"))
    instant_lower, instant_upper = (bindparam(name, type_=UTCDateTime())
                                    for name in ("instant_lower", "instant_upper"))
    first, last = _calendar_first(), _calendar_last()
    calendar = _on_calendar()

    def both(*conditions: tuple[bool, ColumnElement[bool]]) -> ColumnElement[bool]:
        return and_(true(), *(condition for wanted, condition in conditions if wanted))

    # Text compared with text of the same shape (digits, with "-", "T", ":" and "." in the same places) sorts as
    # the dates do under any collation, the C collation and locale collations alike.
    calendar_meets = both((upper, first < calendar_upper), (lower, last >= calendar_lower))
    instant_meets = true() if local else both((upper, Event.lower < instant_upper),
                                              (lower, Event.upper > instant_lower))
    meets = or_(and_(calendar, calendar_meets), and_(not_(calendar), instant_meets))
    if not strict:
        return meets
    calendar_inside = both((lower, first >= calendar_lower), (upper, last < calendar_upper))
    instant_inside = true() if local else both((lower, Event.lower >= instant_lower),
                                               (upper, Event.upper <= instant_upper))
    inside = or_(and_(calendar, calendar_inside), and_(not_(calendar), instant_inside))
    return and_(meets, or_(inside, Event.end_iso.is_not(None)))  # a span meeting the range is within it


def _rule_params(range_: DateRange) -> dict[str, datetime | str]:
    """The parameters `_rule` leaves unbound, for `range_`."""
    params: dict[str, datetime | str] = {}
    if range_.lower is not None and range_.calendar_lower is not None:
        params.update(instant_lower=range_.lower, calendar_lower=calendar_text(range_.calendar_lower))
    if range_.upper is not None and range_.calendar_upper is not None:
        params.update(instant_upper=range_.upper, calendar_upper=calendar_text(range_.calendar_upper))
    return params


def within_rule(range_: DateRange, *, strict: bool = False) -> Filter:
    """The events `range_` holds, by the rule of DateRange.membership (with `strict`, only those WITHIN it), on
    top of an index range on their UTC bounds."""
    overlap = overlapping(*range_.candidate_bounds())
    if range_.lower is None and range_.upper is None:
        return overlap
    rule = _rule(range_.lower is not None, range_.upper is not None, range_.zone == LOCAL, strict)
    return Filter(and_(overlap.clause, rule), {**overlap.params, **_rule_params(range_)})


def events_between(session: Reader, lower: datetime | None = None, upper: datetime | None = None) -> list[EventRecord]:
    """Events that [lower, upper) (either bound may be open, UTC) holds, by the one rule, in date order."""
    found = within_rule(DateRange(lower, upper))
    return list(read_records(session, event_rows().where(found.clause).order_by(*DATE_ORDER), found.params))


@dataclass(frozen=True)
class EventQuery:
    """What a user asks of the timeline. Filters are ORed within one kind and ANDed across kinds."""

    range: DateRange = EVERY_DATE
    agencies: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    kinds: tuple[EventKind, ...] = ()
    statuses: tuple[EventStatus, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    places: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    text: str | None = None
    strict: bool = False
    ranked: bool = False
    limit: int | None = None
    exact_agencies: bool = False
    """Only the agencies named, not their parts (by default `agencies` takes in every part: NASA's centres)."""
    vehicles: tuple[str, ...] = ()
    """Vehicle families or types, by any of their names (store/directory.py `resolve_vehicles`)."""
    trajectories: tuple[Trajectory, ...] = ()


def _filtered(session: Reader, query: EventQuery, columns: EventRows | None = None,
              strict: bool = False, probe: bool = False) -> tuple[EventRows, dict[str, datetime | str]]:
    """The rows of the events matching the query's range and filters (`columns` of them, by default what a record
    needs), and the parameters they need; with `strict`, only those WITHIN the range.

    A filter on agencies, people or sources asks by default for the set of events they link to (`id IN (...)`,
    read from the link table's covering index, migration 0010): the database gathers them, then orders them. With
    `probe` it asks of each event in turn whether it links to them (`EXISTS`, one look-up in the same index), so
    the database can walk the events in date order and stop at a page's end: the plan for a filter that many
    events match (`page_of_events`)."""
    overlap = within_rule(query.range, strict=strict)
    statement = (event_rows() if columns is None else columns).where(overlap.clause)

    def linked(event_id: ColumnElement[int], condition: ColumnElement[bool]) -> ColumnElement[bool]:
        if probe:
            return exists().where(event_id == Event.id, condition)
        return Event.id.in_(select(event_id).where(condition))

    if query.agencies:
        ids = resolve(session, AGENCIES, query.agencies)
        wanted = ids if query.exact_agencies else agencies_within(ids)
        statement = statement.where(linked(EventAgency.event_id, EventAgency.agency_id.in_(wanted)))
    if query.people:
        ids = resolve(session, PEOPLE, query.people)
        statement = statement.where(linked(EventPerson.event_id, EventPerson.person_id.in_(ids)))
    if query.places:
        statement = statement.where(_unindexed(Event.place_id, probe).in_(
            places_within(resolve(session, PLACES, query.places))))
    if query.kinds:
        statement = statement.where(_unindexed(Event.kind, probe).in_(query.kinds))
    if query.statuses:
        statement = statement.where(Event.status.in_(query.statuses))
    if query.outcomes:
        statement = statement.where(Event.outcome.in_(query.outcomes))
    if query.vehicles:
        statement = statement.where(vehicle_clause(resolve_vehicles(session, query.vehicles)))
    if query.trajectories:
        statement = statement.where(Event.trajectory.in_(query.trajectories))
    if query.sources:
        statement = statement.where(linked(EventSource.event_id, EventSource.source_id.in_(
            _citing(session, query.sources))))
    return statement, overlap.params


def _unindexed(column: ColumnElement[Any], probe: bool) -> ColumnElement[Any]:
    """`column`, or with `probe` the same values through an expression no index serves (coalesce(x, x)): a walk in
    date order must not be turned by the planner into a gathering of every event of a kind or place."""
    return type_coerce(func.coalesce(column, column), column.type) if probe else column


def vehicle_clause(vehicles: Vehicles) -> ColumnElement[bool]:
    """Events launched by one of the resolved families or vehicle types."""
    return or_(Event.vehicle_family.in_(vehicles.families), Event.vehicle.in_(vehicles.types))


def vehicles_named(session: Reader, names: tuple[str, ...]) -> Vehicles:
    """What `names` designate as vehicles (families, types) and the families easily taken for them, to be said
    beside the answer ("--vehicle N1": the Soviet N1; Japan's N-I is another family). NotFound as `find_events`."""
    return resolve_vehicles(session, names)


def first_launch(session: Reader, vehicle: str) -> EventRecord:
    """The earliest launch of the vehicle family or type `vehicle` names (by start, then end, then slug): the
    first flight of Falcon Heavy is `first_launch(session, "Falcon Heavy")`. NotFound when the name is unknown or
    no launch of it is stored."""
    statement = (event_rows().where(Event.kind == EventKind.LAUNCH,
                                    vehicle_clause(resolve_vehicles(session, (vehicle,))))
                 .order_by(*DATE_ORDER).limit(1))
    found = next(read_records(session, statement), None)
    if found is None:
        raise NotFound(f"no launch of {vehicle!r} is stored")
    return found


def _citing(session: Reader, sources: tuple[str, ...]) -> Select[int]:
    """The sources whose URL, title or publisher contains one of `sources` (case-insensitive)."""
    matches = []
    for given in sources:
        pattern = f"%{literal_like(given.lower())}%"
        matches.extend([func.lower(column).like(pattern, escape="\\")
                        for column in (Source.url, Source.publisher, Source.title)])
    found = select(Source.id).where(or_(*matches))
    if not session.scalars(found.limit(1)).first():
        raise NotFound(f"no source matches {', '.join(repr(given) for given in sources)}")
    return found


def find_events(session: Reader, query: EventQuery) -> list[Match]:
    """Events matching every filter of `query`, in date order (or by relevance when `ranked` with text)."""
    return list(iter_events(session, query))


def iter_events(session: Reader, query: EventQuery, batch: int = BATCH) -> Iterator[Match]:
    """The matches of `query` one by one, loaded `batch` events at a time: memory stays flat however many."""
    statement, params = _statement(session, query)
    for record in read_records(session, statement, params, batch):
        # The SQL selected on the same rule, except on each event's own clocks (--tz local), where the SQL took
        # in the widest bounds and the event decides.
        membership = query.range.membership(record.span)
        if membership is None:
            continue
        if not (query.strict and membership == Membership.POSSIBLY):
            yield Match(record, membership, shown_alias(session, record))


def _statement(session: Reader, query: EventQuery) -> tuple[EventRows | PreparedRows, dict[str, datetime | str]]:
    """The whole SELECT for `query`, and its parameters."""
    range_ = query.range
    if query == EventQuery(range_, strict=query.strict) and range_.lower and range_.upper:
        held = within_rule(range_)  # the commonest question: what happened between X and Y
        return _between_in_date_order(range_.zone == LOCAL), held.params
    return ordered(session, query, event_rows())


def ordered(session: Reader, query: EventQuery, columns: EventRows,
            strict: bool = False) -> tuple[EventRows, dict[str, datetime | str]]:
    """`columns` of the events matching the query's range, filters and words, in its order (best first when
    `ranked` with words, else date order) and within its limit, and the parameters they need; with `strict`, only
    those WITHIN the range (`iter_events` leaves out the others itself)."""
    statement, params = _filtered(session, query, columns, strict=strict)
    if query.text is not None and query.ranked:
        ranked = ranked_matches(session, query.text)
        statement = statement.join(ranked, ranked.c.event_id == Event.id).order_by(*best_first(ranked))
    elif query.text is not None:
        found = matching_events(session, query.text).subquery()
        statement = statement.join(found, found.c.event_id == Event.id)
    statement = statement.order_by(*DATE_ORDER)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    return statement, params


@cache
def _between_in_date_order(local: bool) -> PreparedRows:
    """Events a bounded range holds, in date order, built once and compiled once per dialect: asking again costs
    the SQL and not the construction, hashing and compiling of the statement."""
    return PreparedRows(event_rows().where(_bounded_overlap(), _rule(True, True, local, False))
                        .order_by(*DATE_ORDER))


EventKey = tuple[datetime, datetime, str]
"""Where an event stands in date order (DATE_ORDER): its lower bound, upper bound and slug."""


def event_key(event: EventRecord) -> EventKey:
    """The place of `event` in date order, from which a page of results can start or end."""
    return (event.span.lower, event.span.upper, event.slug)


def selected(session: Reader, query: EventQuery, columns: EventRows, probe: bool = False,
             words: str | Spelled = "join") -> tuple[EventRows, dict[str, datetime | str]]:
    """`columns` of the events matching every filter of `query`, its words and `strict` included, in no order
    (`probe`: see `_filtered`). The words' matches are joined (`words="join"`), or each event is tested against
    them: among their set ("set", search.among_matches) or asking the index of that event alone, the words
    spelled out as `words` says (search.spelled_out, search.matches_event): see `page_ids`."""
    statement, params = _filtered(session, query, columns, strict=query.strict, probe=probe)
    if query.text is not None and not isinstance(words, str):
        statement = statement.where(matches_event(session, query.text, Event.id, words))
    elif query.text is not None and words == "set":
        statement = statement.where(among_matches(session, query.text, Event.id))
    elif query.text is not None:
        found = matching_events(session, query.text).subquery()
        statement = statement.join(found, found.c.event_id == Event.id)
    return statement, params


def _beyond(key: EventKey, *, after: bool) -> ColumnElement[bool]:
    """Events strictly after (or before) `key` in date order; the first term alone is an index range on `lower`."""
    lower, upper, slug = key
    if after:
        return and_(Event.lower >= lower, or_(Event.lower > lower, and_(Event.lower == lower, or_(
            Event.upper > upper, and_(Event.upper == upper, Event.slug > slug)))))
    return and_(Event.lower <= lower, or_(Event.lower < lower, and_(Event.lower == lower, or_(
        Event.upper < upper, and_(Event.upper == upper, Event.slug < slug)))))


def page_of_events(session: Reader, query: EventQuery, *, after: EventKey | None = None,
                   before: EventKey | None = None, limit: int = 100) -> list[Match]:
    """Up to `limit` matches of `query` in date order: the first ones, those right after `after`, or (with
    `before`) the last ones before it, still in date order. Each page is read from where it stands in the index
    (keyset), never by skipping rows: the thousandth page costs what the first does.

    The page's ids are chosen first, on the narrow rows of the events alone, and only those events are then read
    whole: a filter matching many events (a word being typed) sorts ids, not every column of every match."""
    if after is not None and before is not None:
        raise ValueError("a page is read after a key or before one, not both")
    ids = page_ids(session, query, after=after, before=before, limit=limit)
    if not ids:
        return []
    dialect = dialect_of(session)
    records = read_records(session, event_rows().where(among(Event.id, dialect, "page_ids", Integer))
                           .order_by(*DATE_ORDER), {"page_ids": list_param(ids, dialect)})
    return [Match(record, query.range.membership(record.span) or Membership.POSSIBLY) for record in records]


WALK_STEPS = 1_000_000
"""How long a page may be looked for by walking the dates (SQLite instructions, about 10 ms, some 15,000 events
passed over) before the other plan is taken."""


def _narrowed(query: EventQuery) -> bool:
    """Whether `query` has a filter besides its range and words (one `page_ids` chooses a plan for)."""
    return bool(query.agencies or query.people or query.sources or query.places or query.kinds or query.statuses
                or query.outcomes or query.vehicles or query.trajectories)


def _cheaper_plan(session: Reader, query: EventQuery, limit: int) -> str:
    """"gather" when the links of the query's agencies or people are few enough that gathering and sorting their
    events costs less than walking past the events between two of them; else "walk first". Both costs are about
    a microsecond an event (measured at 1M): gathering M events against walking limit * N / M of the N events
    (matches spread over the dates), so gathering wins while M * M < limit * N. The links are counted from the
    covering indexes (migration 0010), a few milliseconds for 150,000 of them, and events by place or kind from
    their indexes; the filters not counted (sources, statuses...) can only make M smaller, and a walk that finds
    too few stops at its budget."""
    counts: list[Select[int]] = []
    if query.places:
        counts.append(select(func.count()).select_from(tables.events).where(
            Event.place_id.in_(places_within(resolve(session, PLACES, query.places)))))
    if query.kinds:
        counts.append(select(func.count()).select_from(tables.events).where(Event.kind.in_(query.kinds)))
    if query.agencies:
        ids = resolve(session, AGENCIES, query.agencies)
        wanted = ids if query.exact_agencies else agencies_within(ids)
        counts.append(select(func.count()).where(EventAgency.agency_id.in_(wanted)))
    if query.people:
        counts.append(select(func.count()).where(EventPerson.person_id.in_(resolve(session, PEOPLE, query.people))))
    if not counts:
        return "walk first"
    matches = min(session.scalar(count) or 0 for count in counts)
    events = session.scalar(select(func.max(Event.id))) or 0  # the rowid's maximum: an index's last entry
    return "gather" if matches * matches < limit * events else "walk first"


def page_ids(session: Reader, query: EventQuery, *, after: EventKey | None = None,
             before: EventKey | None = None, limit: int = 100, plan: str | None = None) -> list[int]:
    """The ids of the page `page_of_events` reads, in date order (from the last one backwards with `before`).

    Two plans give the same ids. "gather": every match of the filters, then the first `limit` of them in date
    order, the cost growing with the matches (a filter on an agency of 150,000 events sorts 150,000 ids). "walk":
    the events in date order from the key, each probed against the filters, stopping at the page's end, the cost
    growing with the events passed over (all of them for a filter matching nothing). SQLite has no statistics to
    choose by, so for a filter on agencies or people `_cheaper_plan` counts their links first; a walk is given a
    budget of `WALK_STEPS`, after which the page is gathered. Words are walked past in two ways (`_words_page`):
    "walk" asks the index of each event in turn, "walk set" tests each against the set of their matches. `plan`
    ("walk", "walk set", "gather") forces one."""
    def statement(probe: bool, words: str | Spelled = "join") -> tuple[EventRows, dict[str, datetime | str]]:
        found, params = selected(session, query, select(Event.id), probe=probe, words=words)
        if before is not None:
            found = found.where(_beyond(before, after=False)).order_by(*(column.desc() for column in DATE_ORDER))
        else:
            if after is not None:
                found = found.where(_beyond(after, after=True))
            found = found.order_by(*DATE_ORDER)
        return found.limit(limit), params

    def walked(words: str | Spelled, steps: int | None, seconds: float | None = None) -> list[int] | None:
        walking, params = statement(probe=True, words=words)
        if steps is None:
            return list(session.scalars(walking, params))
        try:
            with within_steps(session, steps, seconds):
                return list(session.scalars(walking, params))
        except BudgetSpent:
            return None  # matches too few, or none near the key, for this plan: the next one is tried

    sqlite = dialect_of(session) == "sqlite"
    if plan is None and sqlite and query.text is not None:
        found = _words_page(session, query.text, limit, walked)
        if found is not None:
            return found
    elif plan is None and sqlite and _narrowed(query):
        plan = _cheaper_plan(session, query, limit)
    if plan in ("walk", "walk set"):
        spelled = {} if query.text is None or plan == "walk set" else spelled_out(session, query.text)
        return walked("set" if spelled is None else spelled, None) or []
    if plan == "walk first":
        found = walked("join", WALK_STEPS)
        if found is not None:
            return found
    gathering, params = statement(probe=False)
    return list(session.scalars(gathering, params))


WORDS_WALK_SECONDS = 0.04
"""How long a page of words is looked for by asking the index of each event in turn before their matches are
gathered. The look-ups happen in the full-text index, outside SQLite's virtual machine, so its instructions do not
measure them: a few hundred events, the page of a word a quarter of the events or more hold."""
WORDS_SAMPLE = 2000
"""Consecutive ids of events tested against the words to see how common their matches are."""


def _words_page(session: Reader, text: str, limit: int,
                walked: Callable[[str | Spelled, int | None, float | None], list[int] | None]) -> list[int] | None:
    """The page of a query with words, on SQLite, by the cheapest of three plans; None for "gather".

    A word being typed (`a`, `ag`) matches most events: when the words hold a quarter or more of `WORDS_SAMPLE`
    events in the middle of the ids, the page is found by asking the index of each event in date order whether it
    holds them, a look-up of tens of microseconds where the index keeps the words' prefixes (three letters or fewer,
    migration 0011) or a longer prefix is asked as the few words it begins (search.spelled_out); a page fills after
    a few hundred events, where reading and sorting every match takes seconds at a million events. Otherwise, or
    when that walk is out of its time, their matches are counted as far as `limit * N / 8` (N the events): that
    many or more, they are gathered into a set once (a fraction of a microsecond each) and the events walked in date
    order against it, which passes about limit * N / M events, against 8 M for reading and sorting the M matches;
    fewer, they are read and sorted."""
    events = session.scalar(select(func.max(Event.id))) or 0
    spelled = spelled_out(session, text)
    if spelled is not None:
        middle = max(events // 2 - WORDS_SAMPLE // 2, 1)
        common = 4 * matches_between(session, text, spelled, middle, middle + WORDS_SAMPLE - 1) >= min(
            WORDS_SAMPLE, events)
        found = walked(spelled, WALK_STEPS, WORDS_WALK_SECONDS) if common else None
        if found is not None:
            return found
    if matches_at_least(session, text, math.isqrt(limit * events // 8) + 1):
        return walked("set", None, None)
    return None


def count_events(session: Reader, query: EventQuery) -> int:
    """How many events match `query` (its words and `strict` included)."""
    statement, params = selected(session, query, select(func.count(Event.id)))
    return session.scalar(statement, params) or 0


def counted_events(session: Reader, query: EventQuery) -> tuple[int, Iterator[Match]]:
    """How many events match `query`, and the matches themselves as a stream (`iter_events`): a search with ten
    thousand hits is counted by one SQL statement and written as it is read, instead of every match being loaded
    before the first is shown. Where the range is read on each event's own clocks (`--tz local`), only the events
    themselves can say whether they fall in it, so they are read first and counted."""
    if query.range.zone == LOCAL:
        matches = find_events(session, query)
        return len(matches), iter(matches)
    return count_events(session, query), iter_events(session, query)


def counts_by_start(session: Reader, query: EventQuery, edges: Sequence[datetime]) -> list[int]:
    """How many matches of `query` start in each interval [edges[i], edges[i+1]) (`edges` ascending): one
    GROUP BY over the index range of starts, however many buckets."""
    if len(edges) < 2:
        return []
    # An event known to the day or coarser starts when its printed date does (the edges read as calendar dates);
    # one known to the hour at its instant.
    calendar, first = _on_calendar(), _calendar_first()

    def before(edge: datetime) -> ColumnElement[bool]:
        return or_(and_(calendar, first < calendar_text(edge)), and_(not_(calendar), Event.lower < edge))

    length = _aligned_prefix(edges)
    dialect = dialect_of(session)
    if length is not None:
        # Edges on whole decades, years, months, days or hours: an event's bucket is the first `length`
        # characters of its start, which one GROUP BY counts, where a CASE would test each edge on each event.
        bucket: ColumnElement[Any] = case((calendar, func.substr(first, 1, length)),
                                          else_=_instant_prefix(dialect, length))
    else:
        bucket = case(*((before(edge), index) for index, edge in enumerate(edges[1:])), else_=-1)
    statement, params = selected(session, query, select(bucket.label("bucket"), func.count(Event.id)))
    earliest, latest = DateRange(edges[0], edges[-1]).candidate_bounds()  # an index range on starts, first
    statement = statement.where(*([Event.lower >= earliest] if earliest else []),
                                *([Event.lower < latest] if latest else []))
    if length is None:
        statement = statement.where(not_(before(edges[0])), before(edges[-1]))
    grouped = statement.group_by(bucket)  # with prefixes, a start outside the edges is left out below
    counts = [0] * (len(edges) - 1)
    if length is not None:
        prefixes = [calendar_text(edge)[:length] for edge in edges]
        for prefix, count in session.execute(grouped, params):
            index = bisect.bisect_right(prefixes, prefix) - 1
            if 0 <= index < len(counts):
                counts[index] += count
        return counts
    for index, count in session.execute(grouped, params):
        if index >= 0:
            counts[index] = count
    return counts


_PREFIX_LENGTHS = (3, 4, 7, 10, 13)
"""Decades ("196"), years, months, days and hours ("2025-07-31T12") of an ISO start."""
_SMALLEST_TAIL = "0000-01-01T00:00:00.000000"


def _aligned_prefix(edges: Sequence[datetime]) -> int | None:
    """The shortest prefix of ISO text at which every edge is the first instant of its unit (a decade, year,
    month, day or hour), so that a start is before an edge exactly when its prefix is; None when there is none."""
    texts = [calendar_text(edge) for edge in edges]
    return next((length for length in _PREFIX_LENGTHS
                 if all(text[length:] == _SMALLEST_TAIL[length:] for text in texts)), None)


def _instant_prefix(dialect: str, length: int) -> ColumnElement[str]:
    """The first `length` characters of an event's UTC start as ISO text ("2025-07-31T12")."""
    if dialect == "postgresql":
        return func.substr(func.to_char(Event.lower, 'YYYY-MM-DD"T"HH24'), 1, length)
    stored = type_coerce(Event.lower, String)  # SQLite keeps "2025-07-31 12:09:00.000000": the text itself
    if length <= 10:
        return func.substr(stored, 1, length)
    return func.substr(stored, 1, 10).concat("T").concat(func.substr(stored, 12, length - 11))


def flight_events(session: Reader, flights: Sequence[str]) -> list[EventRecord]:
    """Every event of the flights whose launch designations are `flights` (a launch, its dockings, spacewalks and
    return), in date order: one indexed look-up."""
    if not flights:
        return []
    return list(read_records(session, event_rows().where(Event.flight.in_(list(flights))).order_by(*DATE_ORDER)))


def nearest_events(session: Reader, query: EventQuery) -> tuple[EventRecord | None, EventRecord | None]:
    """The last event before the query's range and the first after it (same filters), for empty results."""
    unbounded = replace(query, range=EVERY_DATE, limit=None)
    lower, upper = query.range.lower, query.range.upper
    before = after = None
    if lower is not None:
        statement = _filtered(session, unbounded)[0].where(Event.upper <= lower)
        before = next(read_records(session, statement.order_by(Event.upper.desc()).limit(1)), None)
    if upper is not None:
        statement = _filtered(session, unbounded)[0].where(Event.lower >= upper)
        after = next(read_records(session, statement.order_by(Event.lower).limit(1)), None)
    return before, after


def event_by_slug(session: Reader, slug: str) -> EventRecord:
    """The event called `slug`, or named by the readable alias `slug` (store/alias_slugs.py: `apollo-11-launch`);
    raises NotFound with the closest slugs."""
    found = next(read_records(session, event_rows().where(Event.slug == slug)), None) or event_by_alias(session, slug)
    if found is None:
        close = close_slugs(session, slug)
        raise NotFound(f"no event {slug!r}" + (f" (did you mean: {', '.join(close)}?)" if close else ""))
    return found


_NAMED_CANDIDATES = 50
"""Events the full-text index offers for a name, before the whole-name test: the name's own events rank first."""


def event_named(session: Reader, name: str) -> EventRecord:
    """The event `name` designates: its slug or readable alias slug (`apollo-11-launch`), else the one event whose
    title or other name is `name` (folded, Roman or Arabic numerals alike: "Apollo 11", "apollo XI", "Vostok 1"),
    the launch when the name is a flight's (Apollo 11's launch, not its landing); raises NotFound listing the
    events a name fits, or the closest slugs."""
    found = next(read_records(session, event_rows().where(Event.slug == name)), None) or event_by_alias(session, name)
    if found is not None:
        return found
    wanted = _name_key(name)
    if not wanted:
        return event_by_slug(session, name)
    ids = select(matching_events(session, " ".join(name.split())).subquery().c.event_id)
    pool = list(read_records(session, event_rows().where(Event.id.in_(ids.limit(_NAMED_CANDIDATES)))))
    keys = {event.slug: [_name_key(text) for text in (event.title, *event.aliases)] for event in pool}
    named = [event for event in pool if wanted in keys[event.slug]] or [
        event for event in pool if any(_contains(key, wanted) for key in keys[event.slug])]
    if len(named) > 1:
        launches = [event for event in named if event.kind is EventKind.LAUNCH]
        named = launches if len(launches) == 1 else named
    if len(named) == 1:
        return named[0]
    if named:
        slugs = [event.slug for event in sorted(named, key=lambda item: item.span.lower)]
        shown = ", ".join(slugs[:6]) + (", …" if len(slugs) > 6 else "")
        raise NotFound(f"{len(named)} events are called {name!r} ({shown}): give one's slug")
    close = [event.slug for event in pool[:3]] or close_slugs(session, name)
    raise NotFound(f"no event {name!r}" + (f" (did you mean: {', '.join(close)}?)" if close else ""))


def _contains(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Whether `wanted` appears in `words` as whole words, in order ("Crew-11" in "SpaceX Crew-11 launch")."""
    size = len(wanted)
    return any(words[index:index + size] == wanted for index in range(len(words) - size + 1))


def _name_key(text: str) -> tuple[str, ...]:
    """A name's words folded, a Roman numeral after the first word read as its number ("Apollo XI" = "apollo 11")."""
    words = search_words(text)
    return tuple(words[:1] + [str(ROMAN_NUMERALS.get(word, word)) for word in words[1:]])


_NEIGHBOURS = 200
"""Slugs read around an unknown one to suggest from: bounded, so a million events cost what ten thousand do."""


def close_slugs(session: Reader, slug: str, count: int = 3) -> list[str]:
    """The slugs most like `slug`, best first (for "did you mean"), chosen among those sharing a prefix with it
    (index ranges on the slugs, longest prefix first) and those whose words it shares: never the whole store."""
    found: set[str] = set()
    for length in dict.fromkeys(size for size in (len(slug), 12, 8, 5, 3, 1) if size <= len(slug)):
        prefix = slug[:length]
        found.update(session.scalars(select(Event.slug).where(Event.slug >= prefix, Event.slug < prefix + "\uffff")
                                     .order_by(Event.slug).limit(_NEIGHBOURS)))
        if len(found) >= _NEIGHBOURS:
            break
    words = sorted(search_words(slug.replace("-", " ")), key=len, reverse=True)[:1]
    if words:
        matching = matching_events(session, words[0]).subquery()
        found.update(session.scalars(select(Event.slug).join(matching, matching.c.event_id == Event.id)
                                     .limit(_NEIGHBOURS)))
    return difflib.get_close_matches(slug, sorted(found), n=count)


def slug_exists(session: Reader, slug: str) -> bool:
    """Whether an event has this slug."""
    return session.scalar(select(Event.id).where(Event.slug == slug)) is not None


def on_this_day(session: Reader, month: int, day: int) -> list[Match]:
    """Events known at least to the day whose date (local at their place, as recorded) is `day` `month`."""
    statement = (event_rows().where(Event.precision >= int(Precision.DAY),
                                    func.substr(Event.start_iso, 5, 6) == f"-{month:02d}-{day:02d}")
                 .order_by(*DATE_ORDER))
    return [Match(record, alias=shown_alias(session, record)) for record in read_records(session, statement)]


def field_changes(session: Reader, slug: str) -> list[FieldChangeRecord]:
    """Every change recorded for the event `slug` to a field other than its dates (which its history keeps), oldest
    first: the values imports, seeds, updates and edits replaced, and those a user's edit kept out."""
    rows = session.execute(
        select(FieldChange.field, FieldChange.before, FieldChange.after, FieldChange.author, FieldChange.applied,
               FieldChange.reason, Source.url, FieldChange.recorded_iso)
        .join(tables.events, Event.id == FieldChange.event_id)
        .outerjoin(tables.sources, Source.id == FieldChange.source_id)
        .where(Event.slug == slug, FieldChange.field != "span").order_by(FieldChange.id))
    return [FieldChangeRecord(name, before, after, author, applied, reason, url,
                              When.parse(recorded, "UTC") if recorded else None)
            for name, before, after, author, applied, reason, url, recorded in rows]


def source_titles(session: Reader, urls: Sequence[str]) -> dict[str, str]:
    """The title (with its publisher) of each of `urls` that has one, for sources known by title rather than by a
    web address."""
    rows = session.execute(select(Source.url, Source.title, Source.publisher)
                           .where(Source.url.in_(list(urls)), Source.title != ""))
    return {url: f"{title} — {publisher}" if publisher else title for url, title, publisher in rows}


def slugs_starting(session: Reader, prefix: str, limit: int = 30) -> list[str]:
    """The slugs starting with `prefix`, in order, at most `limit`: a range on the slug's unique index, for shell
    completion."""
    query = select(Event.slug).where(Event.slug >= prefix, Event.slug < prefix + "\uffff").order_by(Event.slug)
    return list(session.scalars(query.limit(limit)))
