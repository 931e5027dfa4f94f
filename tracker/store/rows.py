"""Stored events read back as records, from plain rows.

One SELECT gives the events with their place, their agencies, people and sources (each list a correlated aggregate
read as JSON text, each item with its position, from the link table's covering index: migration 0012), and whether
they have a date history; one more statement per batch gives the history of those that have any. No ORM instance is
built on this path: reading a week or a whole store costs little more than its SQL. The ORM stays the way events
are written. A statement asked again and again (a week's) is compiled once per dialect (`PreparedRows`).

The export of a range or a whole store reads the lists per batch instead (`attached_lists`, one `UNION ALL`),
sharing equal participants across batches.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CompoundSelect,
    Integer,
    Row,
    Select,
    String,
    any_,
    bindparam,
    exists,
    func,
    literal_column,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Connection, CursorResult, Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from tracker.dates.when import Span, When
from tracker.records import KINDS, OUTCOMES, STATUSES, TRAJECTORIES, EventRecord, Participant, RevisionRecord
from tracker.store import tables
from tracker.store.columns import (
    Agency,
    DateRevision,
    Event,
    EventAgency,
    EventPerson,
    EventSource,
    Person,
    Place,
    Source,
)
from tracker.store.reading import Reader, connection_of, dialect_of

if TYPE_CHECKING:
    from sqlalchemy.orm import QueryableAttribute

EventRows = Select[*tuple[Any, ...]]
"""A SELECT of event rows as `event_rows()` starts it, with any filters and order added."""

Item = TypeVar("Item")

BATCH = 500
"""Events whose attached rows are asked for together (reading a whole store was 13% faster than with 1,000)."""


def event_rows() -> EventRows:
    """A SELECT of the columns a record needs, one row per event, ready for filters and ordering on `Event`.

    `kind` and `status` come back as the stored text (`_records` maps it to the enum with a dict): SQLAlchemy's
    own conversion of each value was a tenth of the time of reading a whole store. The agencies, people and
    sources come back as JSON text (`list_columns`, each item with its position: `_records` puts them in order):
    asked in the same statement, they cost SQLite an index range per event, where a second statement per batch
    cost a third of a week's query."""
    return (select(Event.id, Event.slug, Event.title, type_coerce(Event.kind, String),
                   type_coerce(Event.status, String), Event.start_iso, Event.end_iso, Event.timezone, Event.summary,
                   Place.name, Place.timezone, type_coerce(Event.outcome, String), Event.designation, Event.aliases,
                   Event.flight, Event.vehicle, Event.vehicle_family, type_coerce(Event.trajectory, String),
                   *list_columns(positioned=True), exists().where(DateRevision.event_id == Event.id))
            .outerjoin(tables.places, Place.id == Event.place_id))


class json_list(FunctionElement[str]):  # noqa: N801 (named as SQL functions are)
    """An aggregate of the rows of a list as JSON text, in the order of its first argument (the position): each
    item is the value of the second argument, or the array of the values of the others when there are more."""

    name = "json_list"
    type = String()
    inherit_cache = True


@compiles(json_list, "sqlite")
def _json_list_on_sqlite(element: json_list, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite 3.40 takes no ORDER BY in an aggregate: the rows come from a subquery ordered by position (`event_list`).
    _, *values = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"json_group_array({_json_item(values, 'json_array')})"


@compiles(json_list, "postgresql")
def _json_list_on_postgresql(element: json_list, compiler: SQLCompiler, **kw: Any) -> str:
    position, *values = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"coalesce(CAST(json_agg({_json_item(values, 'json_build_array')} ORDER BY {position}) AS TEXT), '[]')"


def _json_item(values: list[str], array: str) -> str:
    return values[0] if len(values) == 1 else f"{array}({', '.join(values)})"


class positioned_json_list(json_list):  # noqa: N801 (named as SQL functions are)
    """As `json_list`, each item the array of all its arguments, the position first, in no particular order on
    SQLite: the reader sorts the few items of a list (`_by_position`), where SQLite sorted them in a temporary b-tree
    per list per event (a seventh of a week's statement)."""

    name = "positioned_json_list"
    inherit_cache = True


@compiles(positioned_json_list, "sqlite")
def _positioned_json_list_on_sqlite(element: positioned_json_list, compiler: SQLCompiler, **kw: Any) -> str:
    values = [compiler.process(clause, **kw) for clause in element.clauses]
    return f"json_group_array({_json_item(values, 'json_array')})"


@compiles(positioned_json_list, "postgresql")
def _positioned_json_list_on_postgresql(element: positioned_json_list, compiler: SQLCompiler, **kw: Any) -> str:
    position, *_ = values = [compiler.process(clause, **kw) for clause in element.clauses]
    return f"coalesce(CAST(json_agg({_json_item(values, 'json_build_array')} ORDER BY {position}) AS TEXT), '[]')"


class json_text(FunctionElement[str]):  # noqa: N801 (named as SQL functions are)
    """Its argument as the JSON text `formats.json.encode` writes of it: a string quoted and escaped, NULL as
    `null`. SQLite's `json_quote` and PostgreSQL's `to_json` escape what Python's encoder escapes (the quote, the
    backslash and the control characters, with the same short forms) and nothing else."""

    name = "json_text"
    type = String()
    inherit_cache = True


@compiles(json_text, "sqlite")
def _json_text_on_sqlite(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_quote({compiler.process(element.clauses, **kw)})"


@compiles(json_text, "postgresql")
def _json_text_on_postgresql(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"coalesce(CAST(to_json(CAST({compiler.process(element.clauses, **kw)} AS TEXT)) AS TEXT), 'null')"


class json_text_list(FunctionElement[str]):  # noqa: N801 (named as SQL functions are)
    """An aggregate of the rows of a list as the JSON array `formats.json.encode` writes, in the order of its first
    argument (the position): each item is the second argument, the item's JSON text, and they are separated by
    ", "."""

    name = "json_text_list"
    type = String()
    inherit_cache = True


@compiles(json_text_list, "sqlite")
def _json_text_list_on_sqlite(element: json_text_list, compiler: SQLCompiler, **kw: Any) -> str:
    _, item = (compiler.process(clause, **kw) for clause in element.clauses)  # in order: see `_json_list_on_sqlite`
    return f"'[' || coalesce(group_concat({item}, ', '), '') || ']'"


@compiles(json_text_list, "postgresql")
def _json_text_list_on_postgresql(element: json_text_list, compiler: SQLCompiler, **kw: Any) -> str:
    position, item = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"'[' || coalesce(string_agg({item}, ', ' ORDER BY {position}), '') || ']'"


def list_columns(*, positioned: bool = False) -> tuple[ColumnElement[str], ...]:
    """The agencies (name and role), people (likewise) and source URLs of the event of each row, as JSON arrays in
    position order; with `positioned`, each item an array starting with its position, the items in any order."""
    aggregate = positioned_json_list if positioned else json_list
    return (event_list(EventAgency.position, EventAgency.event_id, func.coalesce(Agency.short_name, Agency.name),
                       EventAgency.role, joined=(tables.agencies, Agency.id == EventAgency.agency_id),
                       aggregate=aggregate),
            event_list(EventPerson.position, EventPerson.event_id, Person.name, EventPerson.role,
                       joined=(tables.people, Person.id == EventPerson.person_id), aggregate=aggregate),
            event_list(EventSource.position, EventSource.event_id, Source.url,
                       joined=(tables.sources, Source.id == EventSource.source_id), aggregate=aggregate))


def list_texts() -> tuple[ColumnElement[str], ...]:
    """The lists of `list_columns` as the JSON text `formats.json.values_to_json` and its encoder write of them:
    the agencies and people as objects of `name` and `role`, the sources as strings."""
    return (event_list(EventAgency.position, EventAgency.event_id,
                       _participant_text(func.coalesce(Agency.short_name, Agency.name), EventAgency.role),
                       joined=(tables.agencies, Agency.id == EventAgency.agency_id), aggregate=json_text_list),
            event_list(EventPerson.position, EventPerson.event_id, _participant_text(Person.name, EventPerson.role),
                       joined=(tables.people, Person.id == EventPerson.person_id), aggregate=json_text_list),
            event_list(EventSource.position, EventSource.event_id, json_text(Source.url),
                       joined=(tables.sources, Source.id == EventSource.source_id), aggregate=json_text_list))


def sql_text(text: str) -> ColumnElement[str]:
    """`text` as an SQL string literal (for constant text that holds no `%` or `:`)."""
    return literal_column("'" + text.replace("'", "''") + "'", String)


def _participant_text(name: ColumnElement[str], role: ColumnElement[str]) -> ColumnElement[str]:
    return sql_text('{"name": ') + json_text(name) + sql_text(', "role": ') + json_text(role) + sql_text("}")


def event_list(position: ColumnElement[int], event_id: ColumnElement[int], *values: ColumnElement[Any],
               joined: tuple[Any, ColumnElement[bool]],
               aggregate: type[FunctionElement[str]] = json_list) -> ColumnElement[str]:
    """One list of the event of each row, as `aggregate` (a function of the position and the values, in this
    order) makes it of its rows: `json_list` by default. Every aggregate but `positioned_json_list` takes the rows
    in position order (SQLite's aggregates take them in the subquery's order)."""
    rows = (select(position.label("position"), *(value.label(f"value_{n}") for n, value in enumerate(values)))
            .join(*joined).where(event_id == Event.id))
    if aggregate is not positioned_json_list:
        rows = rows.order_by(position)
    return select(aggregate(*rows.correlate(tables.events).subquery().c)).scalar_subquery()


def read_records(session: Reader, statement: EventRows | PreparedRows, params: Mapping[str, object] | None = None,
                 batch: int = BATCH) -> Iterator[EventRecord]:
    """The records of the events `statement` (built on `event_rows()`, with `params` for its unbound parameters)
    selects, in its order, fetched `batch` at a time: memory stays flat however many there are."""
    connection = connection_of(session)  # Core execution: no ORM result machinery on this path
    # Where the driver can stream (PostgreSQL's server-side cursors), rows come `batch` at a time; SQLite's cursor
    # steps through the statement as rows are fetched, so memory stays flat without the option, whose buffered
    # fetching cost a week's query 0.03 ms. The option is given to this execution, not to a copy of the statement,
    # so that a statement built once keeps the cache key it computed.
    options = {"yield_per": batch} if connection.dialect.supports_server_side_cursors else {}
    if isinstance(statement, PreparedRows):
        result = statement.execute(connection, params or {}, options)
    else:
        result = connection.execute(statement, params, execution_options=options)
    for rows in result.partitions(batch):
        yield from _records(connection, rows)


class _Compiled(NamedTuple):
    """A statement's SQL for one dialect, and how to give it its parameters."""

    sql: str
    names: tuple[str, ...]
    """The parameters in the order the SQL takes them (a name may come more than once)."""
    positional: bool
    fixed: dict[str, Any]
    """The values bound in the statement itself, converted for the driver."""
    converters: Mapping[str, Callable[[Any], Any]]
    """How the value given for a parameter is converted for the driver (a datetime to the stored text)."""


class PreparedRows:
    """A SELECT built on `event_rows()` once (a week's query), compiled once per dialect and run as its SQL text
    (`Connection.exec_driver_sql`): SQLAlchemy's execution of the statement itself (cache look-up, the parameters'
    processing, the result's set-up) was about a seventh of a week's query. Its parameters take no list (no
    "expanding" IN) and its columns need no conversion by `_records` (a boolean may come back as 0 or 1)."""

    def __init__(self, statement: EventRows) -> None:
        self.statement = statement
        self._compiled: dict[tuple[type[Dialect], str], _Compiled] = {}  # by `_dialect_key`

    def execute(self, connection: Connection, params: Mapping[str, object],
                options: Mapping[str, Any]) -> CursorResult[Any]:
        """The rows for `params` on `connection`."""
        compiled = self._compiled.get(_dialect_key(connection.dialect)) or self._compile(connection.dialect)
        given = {name: convert(params[name]) if (convert := compiled.converters.get(name)) else params[name]
                 for name in params}
        values = compiled.fixed | given
        bound: tuple[Any, ...] | dict[str, Any] = (
            tuple(values[name] for name in compiled.names) if compiled.positional
            else {name: values[name] for name in compiled.names})
        return connection.exec_driver_sql(compiled.sql, bound, execution_options=options)

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a prepared statement takes no list parameter")
        binds = {name: bind for bind, name in compiled.bind_names.items()}  # by the name the SQL gives each
        converters = {name: convert for name, bind in binds.items()
                      if (convert := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
        fixed = {name: converters[name](bind.effective_value) if name in converters else bind.effective_value
                 for name, bind in binds.items() if bind.value is not None}
        names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(binds)
        prepared = self._compiled[_dialect_key(dialect)] = _Compiled(compiled.string, names, compiled.positional,
                                                                     fixed, converters)
        return prepared


def _dialect_key(dialect: Dialect) -> tuple[type[Dialect], str]:
    """What a statement's SQL text depends on: the dialect, and its driver's parameter style."""
    return type(dialect), dialect.paramstyle


AGENCY, PERSON, SOURCE = 0, 1, 2
"""Which list a row of the links statement belongs to."""


class _Attached(NamedTuple):
    """The statements reading what is attached to a batch of events (bound parameter `ids`), by event and order:
    the agencies, people and sources in one statement, the date history in another."""

    links: CompoundSelect[*tuple[Any, ...]]
    revisions: EventRows


@cache
def attached_statements(dialect: str) -> _Attached:
    """Built once per dialect: a week's query then costs its SQL, not the construction of its statements."""
    place, source = tables.places.alias(), tables.sources.alias()
    links: CompoundSelect[*tuple[Any, ...]] = union_all(
        select(EventAgency.event_id.label("event_id"), literal_column(str(AGENCY)).label("list"),
               func.coalesce(Agency.short_name, Agency.name).label("name"), EventAgency.role.label("role"),
               EventAgency.position.label("position"))
        .join(tables.agencies, Agency.id == EventAgency.agency_id).where(among(EventAgency.event_id, dialect)),
        select(EventPerson.event_id, literal_column(str(PERSON)), Person.name, EventPerson.role, EventPerson.position)
        .join(tables.people, Person.id == EventPerson.person_id).where(among(EventPerson.event_id, dialect)),
        select(EventSource.event_id, literal_column(str(SOURCE)), Source.url, literal_column("''"),
               EventSource.position)
        .join(tables.sources, Source.id == EventSource.source_id).where(among(EventSource.event_id, dialect)),
    )  # no ORDER BY: sorting every item of a batch was a third of the statement's time; `attached_lists` sorts
    return _Attached(
        links=links,
        revisions=select(DateRevision.event_id, DateRevision.status, DateRevision.start_iso, DateRevision.end_iso,
                         place.c.name, DateRevision.reason, source.c.url, DateRevision.recorded_iso)
        .outerjoin(place, place.c.id == DateRevision.place_id)
        .outerjoin(source, source.c.id == DateRevision.source_id)
        .where(among(DateRevision.event_id, dialect)).order_by(DateRevision.event_id, DateRevision.position))


def among(column: ColumnElement[Any] | QueryableAttribute[Any], dialect: str, name: str = "ids",
          element: type[Integer] | type[String] = Integer) -> ColumnElement[bool]:
    """`column IN :name` with the values as one bound parameter (an array; JSON text on SQLite, see
    `list_param`), so the statement is compiled once however many values there are, and never hits a limit on
    the number of parameters."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(element)))
    return column.in_(select(literal_column("value")).select_from(func.json_each(bindparam(name))))


def literal_like(text: str) -> str:
    """`text` for a LIKE pattern (with `escape="\\"`) where "%", "_" and "\\" are what the user typed, not
    wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_param(values: Sequence[int | str], dialect: str) -> list[int | str] | str:
    """The value to bind for an `among` parameter."""
    return list(values) if dialect == "postgresql" else json.dumps(list(values))


def records_by_slug(session: Reader, slugs: Sequence[str]) -> dict[str, EventRecord]:
    """The stored events among `slugs`, as records by slug."""
    dialect = dialect_of(session)
    statement = event_rows().where(among(Event.slug, dialect, "slugs", String))
    return {record.slug: record for record in read_records(session, statement, {"slugs": list_param(slugs, dialect)})}


def _records(connection: Connection, rows: Sequence[Row[*tuple[Any, ...]]]) -> Iterator[EventRecord]:
    revisions = date_histories(connection, [row[0] for row in rows if row[-1]])
    known: dict[tuple[str, str], Participant] = {}
    for (event_id, slug, title, kind, status, start, end, own_zone, summary, place, place_zone, outcome, designation,
         aliases, flight, vehicle, family, trajectory, agencies, people, sources, _) in rows:
        zone = own_zone or place_zone
        agency_items, person_items, source_items = _loads(f"[{agencies},{people},{sources}]")  # one decoding
        yield EventRecord(
            slug=slug, title=title, kind=KINDS[kind], status=STATUSES[status], span=Span.parse(start, end, zone),
            timezone=own_zone, place=place, summary=summary, agencies=_participants(agency_items, known),
            people=_participants(person_items, known), sources=[url for _, url in _by_position(source_items)],
            history=[revision(values, zone) for values in revisions.get(event_id, ())],
            outcome=OUTCOMES[outcome] if outcome else None, designation=designation,
            aliases=aliases.split("\n") if aliases else [], flight=flight, vehicle=vehicle, vehicle_family=family,
            trajectory=TRAJECTORIES[trajectory] if trajectory else None)


_EMPTY = "[]"
_loads = json.JSONDecoder().decode


def sources_of(listed: str) -> list[str]:
    """The source URLs a `list_columns` column holds."""
    return _loads(listed) if listed != _EMPTY else []


def participants_of(listed: str, known: dict[str, tuple[Participant, ...]]) -> list[Participant]:
    """The participants a `list_columns` column holds. A list read once in a batch is not decoded again (they are
    immutable): many events name the same agencies in the same roles."""
    if listed == _EMPTY:
        return []
    found = known.get(listed)
    if found is None:
        found = known[listed] = tuple([Participant(name, role) for name, role in _loads(listed)])
    return list(found)


def _by_position(items: list[list[Any]]) -> list[list[Any]]:
    """The items of a decoded positioned list (`list_columns(positioned=True)`) sorted by their positions, which
    come first and differ (most lists hold one or two items)."""
    if len(items) > 1:
        items.sort()
    return items


def _participants(items: list[list[Any]], known: dict[tuple[str, str], Participant]) -> list[Participant]:
    """The participants of a decoded positioned list ([position, name, role]), in order. Equal participants share
    one object (they are immutable), kept in `known`: many events of a batch name the same agencies in the same
    roles."""
    found = []
    for _, name, role in _by_position(items):
        participant = known.get((name, role))
        if participant is None:
            participant = known[name, role] = Participant(name, role)
        found.append(participant)
    return found


class AttachedLists(NamedTuple):
    """The agencies, people and source URLs of a batch of events, by event id, each list in order."""

    agencies: dict[int, list[Participant]]
    people: dict[int, list[Participant]]
    sources: dict[int, list[str]]


KNOWN_PARTICIPANTS = 50_000
"""The most participants `attached_lists` keeps from batch to batch."""


def attached_lists(connection: Connection, ids: Sequence[int],
                   known: dict[tuple[str, str], Participant] | None = None) -> AttachedLists:
    """The lists of the events `ids` (one statement, its rows in no order), each sorted by position. Equal
    participants share one object (they are immutable), kept in `known` from batch to batch when given: a long
    read names the same agencies and people in the same roles again and again."""
    dialect = connection.dialect.name
    rows = connection.execute(attached_statements(dialect).links, {"ids": list_param(ids, dialect)}).all()
    known = {} if known is None else known
    if len(known) > KNOWN_PARTICIPANTS:
        known.clear()
    agencies: dict[int, list[tuple[int, Participant]]] = defaultdict(list)
    people: dict[int, list[tuple[int, Participant]]] = defaultdict(list)
    sources: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for event_id, kind, name, role, position in rows:
        if kind == SOURCE:
            sources[event_id].append((position, name))
            continue
        participant = known.get((name, role))
        if participant is None:
            participant = known[name, role] = Participant(name, role)
        (agencies if kind == AGENCY else people)[event_id].append((position, participant))
    return AttachedLists(_in_order(agencies), _in_order(people), _in_order(sources))


_POSITION = itemgetter(0)


def _in_order(lists: dict[int, list[tuple[int, Item]]]) -> dict[int, list[Item]]:
    """Each event's items sorted by their positions (most lists hold one or two)."""
    ordered: dict[int, list[Item]] = {}
    for event_id, items in lists.items():
        if len(items) > 1:
            items.sort(key=_POSITION)
        ordered[event_id] = [item for _, item in items]
    return ordered


def date_histories(connection: Connection, ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
    """The stored date history of the events `ids` (those that have one: most have none, and an empty `ids`
    spares the statement), by event, in order, as rows for `revision`."""
    revisions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if ids:
        dialect = connection.dialect.name
        for event_id, *values in connection.execute(attached_statements(dialect).revisions,
                                                     {"ids": list_param(ids, dialect)}).all():
            revisions[event_id].append(tuple(values))
    return revisions


def revision(values: tuple[Any, ...], zone: str | None) -> RevisionRecord:
    """A row of `date_histories` as a record, its dates read in `zone` (the event's)."""
    status, start, end, place, reason, source, recorded = values
    return RevisionRecord(status=status, span=Span.parse(start, end, zone) if start else None, place=place,
                          reason=reason, source=source, recorded=When.parse(recorded) if recorded else None)
