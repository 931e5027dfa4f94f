"""Full-text search over the index the database keeps (migration 0002): SQLite FTS5 ranked by bm25, PostgreSQL
tsvector ranked by ts_rank. Both match every word of the query, each as a prefix ("baka" finds Bakanov).

A query has at most `limits.SEARCH_MAX_WORDS` words, and a word given twice is matched once: each prefix costs the
engine a pass over the words it begins, and FTS5 pays for a repeated one again for every other (1,000 copies of
"a" took 74 s, the same word once 0.01 s)."""

from __future__ import annotations

from sqlalchemy import Select, column, false, func, literal, literal_column, select, table
from sqlalchemy.orm import Session

from tracker import limits
from tracker.errors import InvalidRecord
from tracker.names import search_words


def matching_events(session: Session, query: str) -> Select[int, float]:
    """A SELECT of (event id, relevance) for events matching every word of `query`; higher relevance first.

    A query with no words matches nothing; InvalidRecord for one of more than `limits.SEARCH_MAX_WORDS` words.
    """
    words = search_words(query)
    if len(words) > limits.SEARCH_MAX_WORDS:
        raise InvalidRecord(f"search takes at most {limits.SEARCH_MAX_WORDS} words; {len(words):,} were given")
    words = list(dict.fromkeys(words))
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql(words)
    return _sqlite(words)


def _sqlite(words: list[str]) -> Select[int, float]:
    index = table("event_search", column("rowid"))
    if not words:
        return select(index.c.rowid.label("event_id"), literal(0.0).label("relevance")).where(false())
    # Each word quoted (so FTS5 reads no operators) and made a prefix; bm25 weights title, summary, names.
    expression = " ".join(f'"{word}"*' for word in words)
    relevance = -func.bm25(literal_column("event_search"), 10.0, 1.0, 5.0)
    return (select(index.c.rowid.label("event_id"), relevance.label("relevance"))
            .where(literal_column("event_search").op("MATCH")(expression)))


def _postgresql(words: list[str]) -> Select[int, float]:
    index = table("event_search", column("event_id"), column("document"))
    expression = " & ".join(_postgresql_term(word) for word in words) or "nothing_matches_this:*"
    query = func.to_tsquery("simple", expression)
    return (select(index.c.event_id, func.ts_rank(index.c.document, query).label("relevance"))
            .where(index.c.document.op("@@")(query)))


def _postgresql_term(word: str) -> str:
    """A word of the query as a tsquery prefix term. PostgreSQL's parser reads "Crew-11" as "crew" and the signed
    number "-11": a number is also looked for with its sign, so "crew-11" finds Crew-11 as on SQLite."""
    return f"({word}:* | '-{word}':*)" if word.isdigit() else f"{word}:*"
