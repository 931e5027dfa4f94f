"""The words of dates, in English and French, written once: month and weekday names with their abbreviations,
phrases naming a calendar unit around today, and counted phrases ("3 days ago", "il y a 3 jours").

Every table is keyed by folded text (names.fold_phrase: lowercase, unaccented), which is how ranges.py reads a
`--from` value and how factcheck/reading.py finds dates in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
                                            ("du", "jusqu'au"))
"""Words around the two ends of a written range ("from A to B", "A to B", "du A au B"), folded."""

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
