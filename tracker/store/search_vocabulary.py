"""The words of a search that name something the stored text says in other words, as data: one row per word or
phrase, with its language and the English words the events are written in ("lune" is the Moon). Adding a word is
one line; a test reads every row.

A row's `text` is written as `names.search_words` reads a query (folded, one space between words: "sortie
extravehiculaire", "sortie dans l espace"); a query word matches a row's word as written or with a plural "s" or
"x" ("lancements"). Each of a row's `means` is one alternative: its words must all be in the event, each as a whole
word ("moon landing" is an event saying both "moon" and "landing"). The query's own words stay one alternative too,
as prefixes, so nothing the search found before is lost.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class SearchTerm(NamedTuple):
    """A word or phrase of a search, its language ("fr"), and the alternatives (each a few English words, all of
    them present) that reach the same events."""

    text: str
    language: str
    means: tuple[str, ...]


SEARCH_TERMS: tuple[SearchTerm, ...] = (
    SearchTerm("lune", "fr", ("moon", "lunar")),
    SearchTerm("lunaire", "fr", ("lunar", "moon")),
    SearchTerm("lancement", "fr", ("launch", "launches", "launched", "liftoff")),
    SearchTerm("decollage", "fr", ("launch", "launches", "launched", "liftoff")),
    SearchTerm("amarrage", "fr", ("docking", "docks", "dock", "docked", "berthing", "berthed")),
    SearchTerm("desamarrage", "fr", ("undocking", "undocks", "undock", "undocked", "unberthing")),
    SearchTerm("sortie extravehiculaire", "fr", ("spacewalk", "eva", "extravehicular")),
    SearchTerm("sortie dans l espace", "fr", ("spacewalk", "eva", "extravehicular")),
    SearchTerm("marche dans l espace", "fr", ("spacewalk", "eva", "extravehicular")),
    SearchTerm("atterrissage", "fr", ("landing", "lands", "landed", "touchdown")),
    SearchTerm("alunissage", "fr", ("moon landing", "lands moon", "landed moon", "lunar landing")),
    SearchTerm("amerrissage", "fr", ("splashdown", "splashes", "splashed")),
    SearchTerm("retour", "fr", ("return", "returns", "returned", "landing", "lands", "splashdown")),
    SearchTerm("equipage", "fr", ("crew", "crewed")),
    SearchTerm("fusee", "fr", ("rocket",)),
    SearchTerm("navette", "fr", ("shuttle",)),
    SearchTerm("echec", "fr", ("failure", "fails", "failed")),
    SearchTerm("station spatiale internationale", "fr", ("iss", "international space station")),
)
"""Every row; `phrases()` indexes them by their words."""


@cache
def phrases() -> dict[tuple[str, ...], SearchTerm]:
    """Every row keyed by its words, each word also with a plural "s" or "x" ("lancements", "lunes")."""
    keyed: dict[tuple[str, ...], SearchTerm] = {}
    for term in SEARCH_TERMS:
        words = tuple(term.text.split())
        keyed[words] = term
        for plural in ("s", "x"):
            keyed.setdefault(tuple(word + plural for word in words), term)
            keyed.setdefault((*words[:-1], words[-1] + plural), term)
    return keyed


class QueryPart(NamedTuple):
    """A part of a search: the query's own words (matched as prefixes, all of them), and the other alternatives
    the vocabulary gives for them (each a few whole words, all of them); an event matches the part when it matches
    one alternative."""

    words: tuple[str, ...]
    means: tuple[tuple[str, ...], ...] = ()


def query_parts(words: list[str]) -> list[QueryPart]:
    """The parts of a search of `words` (folded): the longest vocabulary phrase starting at each word becomes one
    part with its alternatives; any other word is a part of its own."""
    known = phrases()
    longest = max((len(key) for key in known), default=1)
    parts: list[QueryPart] = []
    index = 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            term = known.get(tuple(words[index:index + size]))
            if term is not None:
                parts.append(QueryPart(tuple(words[index:index + size]),
                                       tuple(tuple(meaning.split()) for meaning in term.means)))
                index += size
                break
        else:
            parts.append(QueryPart((words[index],)))
            index += 1
    return parts
