"""The words of dates, in English and French, written once: month and weekday names with their abbreviations,
phrases naming a calendar unit around today, and counted phrases ("3 days ago", "il y a 3 jours").

Every table is keyed by folded text (names.fold_phrase: lowercase, unaccented), which is how ranges.py reads a
`--from` value and how factcheck/reading.py finds dates in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple


class Term(NamedTuple):
    """One word of a vocabulary table: its folded text, its language ("en", "fr") and what it means."""

    text: str
    language: str
    meaning: str | int


_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "janvier", "janv"),
    ("february", "feb", "fevrier", "fevr", "fev"),
    ("march", "mar", "mars"),
    ("april", "apr", "avril", "avr"),
    ("may", "mai"),
    ("june", "jun", "juin"),
    ("july", "jul", "juillet", "juil"),
    ("august", "aug", "aout"),
    ("september", "sep", "sept", "septembre"),
    ("october", "oct", "octobre"),
    ("november", "nov", "novembre"),
    ("december", "dec", "decembre"),
)
_WEEKDAY_NAMES: tuple[tuple[str, ...], ...] = (
    ("monday", "lundi"), ("tuesday", "mardi"), ("wednesday", "mercredi"), ("thursday", "jeudi"),
    ("friday", "vendredi"), ("saturday", "samedi"), ("sunday", "dimanche"),
)

MONTHS: dict[str, int] = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
"""Folded month names and abbreviations, English and French, to month numbers (1-12)."""

WEEKDAYS: dict[str, int] = {name: number for number, names in enumerate(_WEEKDAY_NAMES) for name in names}
"""Folded weekday names, English and French, to ISO weekday numbers less one (Monday 0)."""

WEEKDAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""How a weekday is named in messages."""

CALENDAR_PHRASES: dict[str, tuple[str, int]] = {
    "today": ("day", 0), "yesterday": ("day", -1), "tomorrow": ("day", 1),
    "aujourd'hui": ("day", 0), "aujourdhui": ("day", 0), "hier": ("day", -1), "demain": ("day", 1),
    "avant-hier": ("day", -2), "apres-demain": ("day", 2),
    "last week": ("week", -1), "this week": ("week", 0), "next week": ("week", 1),
    "semaine derniere": ("week", -1), "cette semaine": ("week", 0), "semaine prochaine": ("week", 1),
    "last month": ("month", -1), "this month": ("month", 0), "next month": ("month", 1),
    "mois dernier": ("month", -1), "ce mois": ("month", 0), "ce mois-ci": ("month", 0), "mois prochain": ("month", 1),
    "last year": ("year", -1), "this year": ("year", 0), "next year": ("year", 1),
    "annee derniere": ("year", -1), "an dernier": ("year", -1), "cette annee": ("year", 0),
    "annee prochaine": ("year", 1), "an prochain": ("year", 1),
    "last quarter": ("quarter", -1), "this quarter": ("quarter", 0), "next quarter": ("quarter", 1),
    "trimestre dernier": ("quarter", -1), "ce trimestre": ("quarter", 0), "trimestre prochain": ("quarter", 1),
}
"""Phrases naming the calendar unit around today: (unit, how many units from the current one)."""

QUARTER_LETTERS = {"q": "quarter", "t": "trimestre"}
"""A quarter written "Q3 2025" or "2025-Q3" in English, "T3 2025" in French (trimestre)."""

RANGE_WORDS: tuple[tuple[str, str], ...] = (("from", "to"), ("from", "until"), ("from", "through"), ("", "to"),
                                            ("", "until"), ("", "through"), ("du", "au"), ("de", "a"),
                                            ("du", "jusqu'au"), ("", "-"), ("", "–"))
"""Words around the two ends of a written range ("from A to B", "A to B", "du A au B", "A – B"), folded."""

COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "une": 1}
"""Words that count one, in "a week ago", "il y a une semaine"."""

COUNT_UNITS: dict[str, str] = {
    **dict.fromkeys(("day", "days", "jour", "jours"), "day"),
    **dict.fromkeys(("week", "weeks", "semaine", "semaines"), "week"),
    **dict.fromkeys(("month", "months", "mois"), "month"),
    **dict.fromkeys(("year", "years", "an", "ans", "annee", "annees"), "year"),
}
"""Folded unit words of counted phrases, singular and plural, to the unit."""



def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words` (longest first, so "juillet" wins over "juil")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def date_words() -> frozenset[str]:
    """Every month and weekday word: words that say when, never which event."""
    return frozenset(MONTHS) | frozenset(WEEKDAYS)


SEASON_TERMS: tuple[Term, ...] = (
    Term("spring", "en", "spring"), Term("printemps", "fr", "spring"),
    Term("summer", "en", "summer"), Term("ete", "fr", "summer"),
    Term("autumn", "en", "autumn"), Term("fall", "en", "autumn"), Term("automne", "fr", "autumn"),
    Term("winter", "en", "winter"), Term("hiver", "fr", "winter"),
)
"""Season words. A season is meteorological, of the northern hemisphere: see SEASON_MONTHS."""

SEASON_MONTHS: dict[str, tuple[int, int]] = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
"""The first and last month of each season: spring March-May, summer June-August, autumn September-November,
winter December to February, across two years (so "winter 1969" is refused as ambiguous: write both years)."""

PART_TERMS: tuple[Term, ...] = (
    Term("early", "en", "early"), Term("debut", "fr", "early"),
    Term("mid", "en", "mid"), Term("mi", "fr", "mid"), Term("milieu", "fr", "mid"),
    Term("late", "en", "late"), Term("fin", "fr", "late"),
)
"""Words for a part of a decade or a year: "early 1960s", "fin des années 60", "mid-1961", "début 1961"."""

PARTS_OF_DECADE: dict[str, tuple[int, int]] = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
"""The years of a decade each part holds, first and last: the early 1960s are 1960-1963, the mid-1960s 1964-1966,
the late 1960s 1967-1969."""

PARTS_OF_YEAR: dict[str, tuple[int, int]] = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
"""The months of a year each part holds, first and last, in thirds: early 1961 is January-April, mid-1961 May-August,
late 1961 September-December."""

DECADE_TERMS: tuple[Term, ...] = (
    Term("twenties", "en", 20), Term("thirties", "en", 30), Term("forties", "en", 40), Term("fifties", "en", 50),
    Term("sixties", "en", 60), Term("seventies", "en", 70), Term("eighties", "en", 80), Term("nineties", "en", 90),
    Term("vingt", "fr", 20), Term("trente", "fr", 30), Term("quarante", "fr", 40), Term("cinquante", "fr", 50),
    Term("soixante", "fr", 60), Term("soixante-dix", "fr", 70), Term("quatre-vingt", "fr", 80),
    Term("quatre-vingts", "fr", 80), Term("quatre-vingt-dix", "fr", 90),
    Term("annees", "fr", "decade"),
)
"""Decades in words ("the sixties", "les années soixante"), and the French word that introduces a decade ("les
années 1960", "les années 60"). A decade given by two digits or a word is the last century's when this century's
has not begun ("the sixties" in 2025), and refused as ambiguous when both have ("the twenties" in 2025)."""

FILLER_TERMS: tuple[Term, ...] = (
    Term("the", "en", ""), Term("of", "en", ""), Term("in", "en", ""), Term("during", "en", ""),
    Term("en", "fr", ""), Term("au", "fr", ""), Term("a", "fr", ""), Term("l", "fr", ""), Term("la", "fr", ""),
    Term("le", "fr", ""), Term("les", "fr", ""), Term("de", "fr", ""), Term("des", "fr", ""), Term("du", "fr", ""),
    Term("d", "fr", ""), Term("pendant", "fr", ""),
)
"""Words around a period that do not change it: "in the summer of 1969", "au printemps 1961", "l'été 1969"."""


def table(terms: Iterable[Term]) -> dict[str, str | int]:
    """A vocabulary table as a dictionary from folded text to meaning."""
    return {term.text: term.meaning for term in terms}
