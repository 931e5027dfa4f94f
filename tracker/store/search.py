"""Full-text search over the index the database keeps (migration 0002): SQLite FTS5 ranked by bm25, PostgreSQL
tsvector ranked by ts_rank. Both match every word of the query, each as a prefix ("baka" finds Bakanov); a word
or phrase the vocabulary knows (store/search_vocabulary.py: "lune", "amarrage", "sortie extravéhiculaire") also
matches the English words the events are written in.

A query has at most `limits.SEARCH_MAX_WORDS` words, and a word given twice is matched once: each prefix costs the
engine a pass over the words it begins, and FTS5 pays for a repeated one again for every other (1,000 copies of
"a" took 74 s, the same word once 0.01 s).

**Best first** (`ranking`) is decided in SQL, so that a search's first page is read without building the rest.
An event's *names* are its title, its other names, and the other names of its flight's launch (Apollo 11's landing
is named "Apollo 11" too), each folded to lowercase with dashes as spaces ("Shenzhou-18" is "shenzhou 18"), less
the launch vehicle's name (every Soyuz rocket's launch is also called "Soyuz", which names the rocket, not the
flight). Names are read only for the matches whose title or names hold the query's first word, as the index says:
the many hits of a word found in summaries are ranked without reading their rows twice. Matches are ranked in
tiers, each a stronger sign that the query names the event:

0. a name is the query's words followed by a number: a numbered series ("apollo": Apollo 1 to 17, in numeric
   order, each launch followed by its flight's events in date order);
1. a name is the query's words ("apollo 11": the events of Apollo 11's flight, in date order);
2. a name begins with the query's words ("apollo": the Apollo-Soyuz Test Project);
3. the title holds the query's words as whole words, in order;
4. any other match (words in the summary, in a person's, agency's or place's name, or prefixes).

Within tiers 0 and 1 a flight's events stay together, its launch first, then in date order; tier 2 is in date
order; tiers 3 and 4 are ranked by the engine's relevance, then by date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)

from tracker import limits
from tracker.errors import InvalidRecord
from tracker.names import search_words
from tracker.records import EventKind
from tracker.store import tables
from tracker.store.columns import Event
from tracker.store.reading import Reader, dialect_of
from tracker.store.search_vocabulary import QueryPart, query_parts


def query_words(query: str) -> list[str]:
    """The folded words of `query`, each once, in order; InvalidRecord for more than `limits.SEARCH_MAX_WORDS`."""
    words = search_words(query)
    if len(words) > limits.SEARCH_MAX_WORDS:
        raise InvalidRecord(f"search takes at most {limits.SEARCH_MAX_WORDS} words; {len(words):,} were given")
    return list(dict.fromkeys(words))


def matching_events(session: Reader, query: str, spelled: Spelled | None = None) -> Select[int, float]:
    """A SELECT of (event id, relevance) for events matching every word of `query`; higher relevance first. On
    SQLite a word of `spelled` is asked as the index's words it begins (`spelled_out`), the same events.

    A query with no words matches nothing; InvalidRecord for one of more than `limits.SEARCH_MAX_WORDS` words.
    """
    parts = query_parts(query_words(query))
    if dialect_of(session) == "postgresql":
        return _postgresql(parts)
    return _sqlite(parts, spelled or {})


def _sqlite(parts: list[QueryPart], spelled: Spelled) -> Select[int, float]:
    index = table("event_search", column("rowid"))
    if not parts:
        return select(index.c.rowid.label("event_id"), literal(0.0).label("relevance")).where(false())
    # Each word quoted (so FTS5 reads no operators) and made a prefix; bm25 weights title, summary, names.
    expression = " AND ".join(_sqlite_part(part, spelled) for part in parts)
    relevance = -func.bm25(literal_column("event_search"), 10.0, 1.0, 5.0)
    return (select(index.c.rowid.label("event_id"), relevance.label("relevance"))
            .where(literal_column("event_search").op("MATCH")(expression)))


def _sqlite_part(part: QueryPart, spelled: Spelled) -> str:
    own = " AND ".join("(" + " OR ".join(f'"{term}"' for term in spelled[word]) + ")" if word in spelled
                       else f'"{word}"*' for word in part.words)
    if not part.means:
        return own
    others = [" AND ".join(f'"{word}"' for word in meaning) for meaning in part.means]
    return "(" + " OR ".join(f"({alternative})" for alternative in (own, *others)) + ")"


def _postgresql(parts: list[QueryPart]) -> Select[int, float]:
    index = table("event_search", column("event_id"), column("document"))
    expression = " & ".join(_postgresql_part(part) for part in parts) or "nothing_matches_this:*"
    query = func.to_tsquery("simple", expression)
    return (select(index.c.event_id, func.ts_rank(index.c.document, query).label("relevance"))
            .where(index.c.document.op("@@")(query)))


def _postgresql_part(part: QueryPart) -> str:
    own = " & ".join(_postgresql_term(word) for word in part.words)
    if not part.means:
        return own
    others = [" & ".join(meaning) for meaning in part.means]
    return "(" + " | ".join(f"({alternative})" for alternative in (own, *others)) + ")"


def _postgresql_term(word: str) -> str:
    """A word of the query as a tsquery prefix term. PostgreSQL's parser reads "Crew-11" as "crew" and the signed
    number "-11": a number is also looked for with its sign, so "crew-11" finds Crew-11 as on SQLite."""
    return f"({word}:* | '-{word}':*)" if word.isdigit() else f"{word}:*"


EventId = ColumnElement[int]
"""An event's id as a query names it (`Event.id`, or a subquery's column)."""

PREFIX_LENGTHS = 3
"""SQLite's index keeps the first one to three letters of its words as entries of their own (migration 0011)."""
SPELLED_WORDS = 8
"""The most words of the index a longer prefix is asked as, one event at a time (`spelled_out`)."""
Spelled = Mapping[str, Sequence[str]]
"""Words of a query, each with the words of the index it begins."""
_PLAIN = re.compile(r"[a-z0-9]+")


def spelled_out(session: Reader, query: str) -> Spelled | None:
    """How to ask of one event at a time whether it matches `query` at the cost of a look-up or two in the index,
    or None when that cannot be done. On SQLite a prefix of three letters or fewer is one entry of the index
    (migration 0011); a longer one would be answered by merging the entries of every word it begins, again for
    each event asked about, so it is asked as those words themselves (`"agency"` for `agen`) when it begins one to
    `SPELLED_WORDS` of them, listed by the index's vocabulary, and is plain ASCII (which the index's tokenizer reads
    as it is written). PostgreSQL tests an event's own words: always cheap."""
    if dialect_of(session) == "postgresql":
        return {}
    spelled: dict[str, Sequence[str]] = {}
    for word in query_words(query):
        if len(word) <= PREFIX_LENGTHS:
            continue
        if not _PLAIN.fullmatch(word):
            return None
        session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.event_search_words "
                             "USING fts5vocab(main, event_search, row)"))
        terms = list(session.scalars(text("SELECT term FROM temp.event_search_words WHERE term >= :word AND "
                                          "term < :beyond LIMIT :most"),
                                     {"word": word, "beyond": word + "\U0010ffff", "most": SPELLED_WORDS + 1}))
        if not terms or len(terms) > SPELLED_WORDS:
            return None
        spelled[word] = terms
    return spelled


def matches_event(session: Reader, query: str, event_id: EventId, spelled: Spelled) -> ColumnElement[bool]:
    """Whether the event `event_id` (a column of the enclosing query) matches every word of `query`, asked of
    that event alone, its words as `spelled` (`spelled_out`): the test of one event in a walk through the events
    in date order."""
    found = matching_events(session, query, spelled)
    return found.where(found.selected_columns[0] == event_id).exists()


def among_matches(session: Reader, query: str, event_id: EventId) -> ColumnElement[bool]:
    """Whether the event `event_id` is among the matches of `query`, gathered once into a set the database keeps
    while it walks the events: the id is compared through an expression no index serves (`id + 0`), so the
    planner keeps to its walk in date order instead of reading the matches and sorting them."""
    return (event_id + 0).in_(select(matching_events(session, query).subquery().c.event_id))


def matches_between(session: Reader, query: str, spelled: Spelled, first: int, last: int) -> int:
    """How many of the events whose ids run from `first` to `last` match `query` (its words as `spelled`): a
    sample of how common its matches are, read from that stretch of the index alone."""
    found = matching_events(session, query, spelled)
    identity = found.selected_columns[0]
    return session.scalar(select(func.count()).select_from(
        found.where(identity >= first, identity <= last).subquery())) or 0


def matches_at_least(session: Reader, query: str, count: int) -> bool:
    """Whether `query` matches at least `count` events: the index read no further than that."""
    found = select(matching_events(session, query).subquery().c.event_id).limit(count).subquery()
    return (session.scalar(select(func.count()).select_from(found)) or 0) >= count


def ranked_matches(session: Reader, query: str) -> CTE:
    """The matches of `query` with what ranks them (columns event_id, relevance, tier, series), computed once per
    match (a materialized CTE); join it on `event_id` and order by `best_first(...)`."""
    words = query_words(query)
    phrase = " ".join(words)
    postgresql = dialect_of(session) == "postgresql"
    found = matching_events(session, query).subquery()
    # Only an event whose title or names hold the query's first word can be named by it (Apollo 11's landing is
    # titled so), and the full-text index says which at once: the others, most hits of a word found in summaries,
    # are ranked on the index alone, without reading their rows again or looking up their flight.
    # A query of no words ("", "—") matches nothing, and has no first word or phrase to look for.
    mentioned = found.c.event_id.in_(_indexed(postgresql, _first_word_named(words, postgresql))) if words else false()
    in_title = found.c.event_id.in_(_indexed(postgresql, _phrase_in_title(words, postgresql))) if words else false()
    event, launch = tables.events.alias().c, tables.events.alias().c
    # By designation alone (its index): with the kind as well, SQLite chose the index of kinds, all launches.
    flight_names = (select(_names_of(launch)).where(launch.designation == event.flight)
                    .order_by(launch.id).limit(1).scalar_subquery())
    own_names = (select("\n" + func.coalesce(flight_names, "") + "\n" + _folded(event.title) + "\n"
                        + _names_of(event) + "\n")
                 .where(event.id == found.c.event_id).scalar_subquery())
    # Materialized, as ranked_matches is: the names are used a dozen times below, and a query flattened into its
    # user would compute them (their subqueries included) again for each use.
    named = (select(found.c.event_id, found.c.relevance, case((mentioned, own_names), else_="").label("names"),
                    case((in_title, 3), else_=4).label("in_title"))
             .cte("named_matches").prefix_with("MATERIALIZED"))
    find = func.strpos if postgresql else func.instr
    starts = find(named.c.names, "\n" + phrase + " ")
    rest = func.substr(named.c.names, starts + len(phrase) + 2)
    line = func.split_part(rest, "\n", 1) if postgresql else func.substr(rest, 1, func.instr(rest, "\n") - 1)
    # A whole number of at most nine digits, as written (no sign, no leading zero), on both engines alike.
    number = (line.op("~")("^(0|[1-9][0-9]{0,8})$") if postgresql
              else and_(func.length(line) <= 9, cast(cast(line, Integer), String) == line))
    unnamed = named.c.names == ""  # decided at once, without the string work below
    series = case((unnamed, None), (and_(starts > 0, number), cast(line, Integer)), else_=None)
    tier = case((unnamed, named.c.in_title),
                (and_(starts > 0, number), 0),
                (find(named.c.names, "\n" + phrase + "\n") > 0, 1),
                (starts > 0, 2),
                else_=named.c.in_title)
    return (select(named.c.event_id, named.c.relevance, tier.label("tier"), series.label("series"))
            .cte("ranked_matches").prefix_with("MATERIALIZED"))


def _indexed(postgresql: bool, expression: str) -> Select[int]:
    """The ids of the events the full-text `expression` (in the engine's own syntax) matches."""
    if postgresql:
        index = table("event_search", column("event_id"), column("document"))
        return select(index.c.event_id).where(index.c.document.op("@@")(func.to_tsquery("simple", expression)))
    fts = table("event_search", column("rowid"))
    return select(fts.c.rowid).where(literal_column("event_search").op("MATCH")(expression))


def _first_word_named(words: list[str], postgresql: bool) -> str:
    """The query's first word, whole, in an event's title or names (weights A and B on PostgreSQL)."""
    if postgresql:
        return " | ".join(f"{term}:AB" for term in _postgresql_forms(words[0]))
    return '{title names} : "' + words[0] + '"'


def _phrase_in_title(words: list[str], postgresql: bool) -> str:
    """The query's words, whole and in order, in an event's title."""
    if postgresql:
        return " <-> ".join("(" + " | ".join(f"{term}:A" for term in _postgresql_forms(word)) + ")"
                            for word in words)
    return 'title : "' + " ".join(words) + '"'


def _postgresql_forms(word: str) -> list[str]:
    """A whole word as PostgreSQL's parser may have stored it: a number also with a sign ("Crew-11": "-11")."""
    return [word, f"'-{word}'"] if word.isdigit() else [word]


def best_first(ranked: CTE) -> list[ColumnElement[Any]]:
    """The ORDER BY terms putting the rows of `ranked_matches` (joined to `Event`) best first, as this module's
    docstring says; date order is to follow them. In tiers 0 and 1 a flight's events stay together, its launch
    first (a spacewalk known to the day would otherwise sort before the launch that morning); tier 2's names are
    listed in date order, tiers 3 and 4 by relevance."""
    named = ranked.c.tier <= 1
    return [ranked.c.tier, func.coalesce(ranked.c.series, 0),
            case((named, func.coalesce(Event.flight, "")), else_=""),
            case((and_(named, Event.kind != EventKind.LAUNCH), 1), else_=0),
            case((ranked.c.tier <= 2, 0.0), else_=ranked.c.relevance).desc()]


def _folded(text: ColumnElement[str] | ColumnElement[str]) -> ColumnElement[str]:
    """`text` lowercase, with dashes read as spaces, as `search_words` reads a query ("Crew-11" is "crew 11")."""
    return func.lower(func.replace(func.replace(text, "-", " "), "\u2013", " "))


def _names_of(event: Any) -> ColumnElement[str]:
    """The other names of `event` folded, one a line, less its launch vehicle's names (which name the rocket)."""
    aliases = "\n" + _folded(event.aliases) + "\n"
    for vehicle in (event.vehicle_family, event.vehicle):
        aliases = func.replace(aliases, "\n" + _folded(func.coalesce(vehicle, "")) + "\n", "\n")
    return aliases
