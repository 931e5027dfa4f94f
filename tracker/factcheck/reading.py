"""Reading claims: a sentence a writer wants checked ("Crew-11 launched on 31 July 2025", "Crew-11 a décollé le
31 juillet 2025"), a subject and a date ("crew-11-launch", "2025-07-31"), a CSV file of either, or a whole draft in
English or French, in which claims are found. Pure: names come from a `Lexicon`, "today" is given.

Dates are spotted on candidate spans of text (day and month names in both languages, ISO and numeric dates, a year
alone, a time and zone beside a date) and each is read by `ranges.parse_date` at the precision written. A date
without a year keeps its words, so that `factcheck.check` can complete it from the event's record.

Decisions where the request was silent:

- In a draft, a date is paired with what its own sentence names (people, agencies, places, missions, kinds of
  event); a sentence with several dates is cut into clauses, one per date. A date that is only a bound ("since
  2018", "until", "jusqu'au", "delayed to April 2026") is not a claim about when something happened, and relative
  dates ("yesterday") are left out of drafts, which are not written today.
- A draft sentence without a date is still checked for its place, tentatively (reported only if its event is
  clear), when it states one, or when it names a person the draft last placed somewhere and the event is a meeting
  or visit: "Bakanov landed in Houston on 28 July. [...] Bakanov is to meet Duffy" puts the meeting in Houston.
- In a draft, people named in a sentence only help find the event: prose names people for many reasons. In a
  claim given to check, the people it names are checked as taking part.
"""

from __future__ import annotations

import csv
import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from tracker import limits
from tracker.dates.ranges import DayOrder, parse_date, parse_period
from tracker.dates.vocabulary import (
    CALENDAR_PHRASES,
    COUNT_UNITS,
    COUNT_WORDS,
    DECADE_TERMS,
    MONTHS,
    PART_TERMS,
    SEASON_TERMS,
    WEEKDAYS,
    alternation,
    table,
)
from tracker.dates.when import Precision, When
from tracker.errors import InvalidDate, InvalidImport, InvalidRecord, TrackerError
from tracker.factcheck.claims import Claim, ClaimedDate, ClaimedPlace, Clock, Cues, TimeBasis, at_clock
from tracker.factcheck.mentions import (
    AssertionMention,
    Category,
    KindMention,
    Lexicon,
    NameMention,
    RelativeDayMention,
    assertion_words,
    blank,
    content_stems,
    designators,
    is_stopword,
    kind_words,
    relative_days,
)
from tracker.factcheck.vocabulary import COUNTED_DAYS
from tracker.names import fold_keeping_length
from tracker.records import EventKind


@dataclass(frozen=True)
class Sentence:
    """A sentence of a draft, with the line it starts on and its paragraph (counted from 0)."""

    text: str
    line: int
    paragraph: int


_BULLET = re.compile(r"^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”’)\]]*")
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "mt", "jr", "sr", "vs", "no", "gen", "col", "lt", "capt", "cmdr", "sgt", "prof",
    "approx", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "m", "mme", "mm", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "janv", "fevr", "févr", "avr", "juil", "déc"
))


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text`: paragraphs are separated by blank lines, list items start their own, and lines
    wrapped inside a paragraph are joined; abbreviations ("a.m.", "Aug.", "Lyndon B. Johnson") do not end one."""
    return list(draft_sentences(text.splitlines()))


def draft_sentences(lines: Iterable[str]) -> Iterator[Sentence]:
    """The sentences of a text given line by line (as `sentences` reads them), each paragraph's as soon as the
    paragraph ends: a draft is read without being held whole. A line holding several line breaks (a vertical tab,
    U+2028) counts as the lines `str.splitlines` makes of it."""
    current: list[tuple[int, str]] = []
    paragraph = 0
    number = 0
    for given in lines:
        for line in given.splitlines() or [""]:
            number += 1
            if not line.strip():
                if current:
                    yield from _paragraph_sentences(current, paragraph)
                    current = []
                    paragraph += 1
                continue
            if current and _BULLET.match(line):
                yield from _paragraph_sentences(current, paragraph)
                current = []
            current.append((number, line.strip()))
    if current:
        yield from _paragraph_sentences(current, paragraph)


def _paragraph_sentences(lines: list[tuple[int, str]], paragraph: int) -> Iterator[Sentence]:
    joined = " ".join(line for _, line in lines)
    starts: list[int] = []  # where each line begins in `joined`
    offset = 0
    for _, line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for start, end in _sentence_spans(joined):
        piece = joined[start:end]
        text = piece.strip()
        if text:
            first = start + len(piece) - len(piece.lstrip())
            yield Sentence(text, lines[bisect_right(starts, first) - 1][0], paragraph)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    # Linear in the text: nothing after a candidate end is copied, and the word before it is found by walking
    # back to the space that starts it (a paragraph of a megabyte was quadratic before).
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        after = match.end()
        following = _SPACES.match(text, after).end()  # type: ignore[union-attr]  # \s* always matches
        if after < len(text) and (following == after or following == len(text)
                                  or not _starts_sentence(text[following])):
            continue
        word_start = match.start()
        while word_start > start and not text[word_start - 1].isspace():
            word_start -= 1
        word = text[word_start:match.start()].lower()
        if match.group().startswith(".") and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        spans.append((start, after))
        start = after
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_SPACES = re.compile(r"\s*")


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in "«\"“'([—–-•"


# --- Dates --------------------------------------------------------------------------------------------------------

_MONTH = rf"(?P<month>{alternation(MONTHS)})(?![a-z])\.?"
_WEEKDAY = rf"(?:(?P<weekday>{alternation(WEEKDAYS)}),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|e)?"
_YEAR = r"(?P<year>\d{4})(?![\d:])"
_EDGE = r"(?<![\w/.:-])"
_DECADE_WORDS = alternation(word for word in table(DECADE_TERMS) if word != "annees")
_DATE_FORMS = {
    "day month": re.compile(rf"{_EDGE}{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of|\s+de)?\s+{_MONTH}(?:,?\s+{_YEAR})?"),
    "month day": re.compile(rf"{_EDGE}{_WEEKDAY}{_MONTH}\s+(?:the\s+)?{_DAY}(?![\d:h])(?:,?\s+{_YEAR})?"),
    "month year": re.compile(rf"{_EDGE}{_MONTH}(?:\s+of|\s+de)?\s+{_YEAR}"),
    "iso": re.compile(_EDGE + r"\d{4}-\d{2}(?:-\d{2}(?:t\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}(?::?\d{2})?)?)?)?"
                      r"(?![\w:-])"),
    "numeric": re.compile(_EDGE + r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{4})(?![\w/-])"),
    "year": re.compile(rf"{_EDGE}(?P<year>19[5-9]\d|20\d\d)(?![\w/:-]|[.,]\d)"),
    # Periods, whose words are dates/vocabulary.py's; ranges.parse_period says what each is ("late 1960s").
    "period": re.compile(
        rf"{_EDGE}(?:(?:{alternation(table(PART_TERMS))})[\s-]+(?:(?:of|the|de|des|d')\s*)*)?"
        rf"(?:(?:{alternation(table(SEASON_TERMS))})(?:\s+(?:of|de|d'))?\s+\d{{4}}(?:\s*[-/]\s*\d{{2,4}})?"
        rf"|\d{{4}}s|'?\d{{2}}s|annees\s+(?:\d{{4}}|\d{{2}})(?!\d)|(?:annees\s+)?(?:{_DECADE_WORDS})"
        r"|(?<=[a-z][\s-])\d{4}(?![\w/:-]))(?![\w])"),
}
_COUNT = rf"(?:\d{{1,4}}|{alternation(COUNT_WORDS)}) (?:{alternation(COUNT_UNITS)})"
_RELATIVE = re.compile(rf"(?<![\w-])(?:(?:le |la |l')?(?:{alternation(CALENDAR_PHRASES)})|{_COUNT} ago|il y a {_COUNT})"
                       r"(?!\w)")

_CLOCK = (r"(?P<hour>[0-2]?\d)(?:(?::|\s?h\s?)(?P<minute>[0-5]\d)(?!\d)|\s?h(?![a-z])|(?=\s?[ap]\.?\s?m(?![a-z])))"
          r"\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))?")
_ZONE = (r"(?:\s*,?\s*\(?\s*(?P<zone>utc\s?[+-]\s?\d{1,2}(?::?\d{2})?|gmt\s?[+-]\s?\d{1,2}|utc|gmt|z|edt|est|cdt"
         r"|cst|mdt"
         r"|mst|pdt|pst|akdt|hst|msk|bst|cest|cet|eest|eet|jst|bjt|local time|heure locale|locale|heure de moscou"
         r"|moscow time|beijing time|heure de pekin|china standard time|japan standard time|japan time"
         r"|temps universel)(?![a-z])\s*\)?)?")
_CLOCK_AFTER = re.compile(r"\s*,?\s*(?:at|a|vers|around|about|-)?\s*" + _CLOCK + _ZONE)
_CLOCK_BEFORE = re.compile(_CLOCK + _ZONE + r"\s*,?\s*(?:on|le|the)?\s*$")
_ZONE_AFTER = re.compile(r"\s*\(?\s*(?P<zone>utc|gmt|local time|heure locale)\s*\)?(?![a-z])")
_OFFSETS = {"utc": 0, "gmt": 0, "z": 0, "temps universel": 0, "edt": -240, "est": -300, "cdt": -300, "cst": -360,
            "mdt": -360, "mst": -420, "pdt": -420, "pst": -480, "akdt": -480, "hst": -600, "msk": 180,
            "heure de moscou": 180, "moscow time": 180, "bjt": 480, "beijing time": 480, "heure de pekin": 480,
            "china standard time": 480, "japan standard time": 540, "japan time": 540, "bst": 60, "cet": 60,
            "cest": 120, "eet": 120, "eest": 180, "jst": 540}
_LOCAL = frozenset({"local time", "heure locale", "locale"})
# Words that make the date after them a bound, not the day something happened.
_BOUNDS = frozenset({"since", "until", "till", "before", "after", "by", "to", "from", "depuis", "jusqu", "jusqu'au",
                     "jusqu'en", "jusqu'a", "avant", "apres", "au", "des", "ici"})
_ARTICLES = frozenset({"le", "la", "l", "the", "du"})


@dataclass(frozen=True)
class DateSpot:
    """A date found in a text: where, what it reads as (or why it cannot be read), and whether it is only a bound
    ("since 2018") rather than the day something happened."""

    start: int
    end: int
    date: ClaimedDate | None
    problem: str = ""
    bound: bool = False


def spot_dates(text: str, *, today: date, day_order: DayOrder | None = None,
               relative: bool = False) -> list[DateSpot]:
    """The dates written in `text`, in order, each with any time and zone written beside it; `relative` also
    reads "yesterday", "3 days ago"... from `today`."""
    folded = fold_keeping_length(text)
    matches: list[tuple[int, int, str, re.Match[str]]] = []
    for form, pattern in _DATE_FORMS.items():
        matches.extend((match.start(), match.end(), form, match) for match in pattern.finditer(folded))
    if relative:
        matches.extend((match.start(), match.end(), "relative", match) for match in _RELATIVE.finditer(folded))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for item in sorted(matches, key=lambda item: (item[0], -(item[1] - item[0]))):
        if not any(item[0] < end and start < item[1] for start, end, _, _ in chosen):
            chosen.append(item)
    spots = []
    for start, end, form, match in sorted(chosen, key=lambda item: item[0]):
        if form == "month year" and match["month"] == "mars" and text[start] == "M" and start > 0:
            continue  # "Mars 2020" inside a sentence is the planet's mission, not March
        spots.append(_read_spot(text, folded, start, end, form, match, today, day_order))
    return spots


def _read_spot(text: str, folded: str, start: int, end: int, form: str, match: re.Match[str], today: date,
               day_order: DayOrder | None) -> DateSpot:
    bound = _is_bound(folded[:start])
    written = text[start:end]
    try:
        if form == "iso":
            when = When.parse(written)
            basis = TimeBasis.AS_WRITTEN if when.precision > Precision.DAY else TimeBasis.EITHER
            return DateSpot(start, end, ClaimedDate(written, when, basis), bound=bound)
        if form == "relative":
            return DateSpot(start, end, ClaimedDate(written, parse_date(match.group(), today=today)), bound=bound)
        if form == "period":
            # "au printemps 1961", "au début de 1961": "au" introduces a period, not a bound of one.
            return _period_spot(text, start, end, today, bound and not folded[:start].rstrip().endswith(" au"))
        day_words, year = _date_words(form, match)
        if form == "numeric":
            day: When | None = parse_date(match.group(), today=today, day_order=day_order)
        elif year is None:
            _check_day_words(day_words)
            day = None
        else:
            day = parse_date(f"{day_words} {year}", today=today, day_order=day_order)
    except InvalidDate as exc:
        return DateSpot(start, end, None, str(exc), bound)
    daily = form in ("day month", "month day", "numeric")
    clock, start, end = _clock_beside(folded, start, end) if daily else (None, start, end)
    if clock is None:
        clock, end = _zone_beside(folded, end)
    basis = TimeBasis.EITHER
    if clock is not None and clock.offset is not None:
        basis = TimeBasis.AS_WRITTEN
    elif clock is not None and any(word in folded[start:end] for word in _LOCAL):
        basis = TimeBasis.LOCAL
    claimed = at_clock(day, clock) if day is not None else None
    date_text = text[start:end].strip(" ,")
    return DateSpot(start, end, ClaimedDate(date_text, claimed, basis, day_words, clock), bound=bound)


def _period_spot(text: str, start: int, end: int, today: date, bound: bool) -> DateSpot:
    """A decade, a season or a part of one ("the late 1960s", "au printemps 1961") as a claimed period; a phrase
    that only looks like one ("late 1961" is; "fin 2" is not) is no date at all."""
    written = text[start:end]
    period = parse_period(written, today=today)
    if period is None or period.lower is None or period.upper is None:
        return DateSpot(start, end, None, f"{written!r} is not a date", bound=True)  # set aside, never checked
    first = When.parse(str(period.lower.year))
    return DateSpot(start, end, ClaimedDate(written, first, period=period), bound=bound)


def _date_words(form: str, match: re.Match[str]) -> tuple[str, str | None]:
    """The date without its year, as `parse_date` reads it ("jeudi 31 juillet"), and the year if written."""
    groups = match.groupdict()
    if form in ("day month", "month day"):
        words = " ".join(part for part in (groups.get("weekday"), groups["day"], groups["month"]) if part)
        return words, groups.get("year")
    if form == "month year":
        return groups["month"], groups["year"]
    if form == "year":
        return "", groups["year"]
    return match.group(), None


def _check_day_words(words: str) -> None:
    """Refuse a day that no year has (31 April) even before the year is known."""
    parts = words.split()
    day, month = (parts[-2], parts[-1]) if parts[-1].isalpha() else (parts[-1], parts[-2])
    parse_date(f"{day} {month} 2000", today=date(2000, 12, 31))


def _is_bound(before: str) -> bool:
    words = re.findall(r"[a-z']+", before[-40:])
    while words and words[-1] in _ARTICLES:
        words.pop()
    return bool(words) and (words[-1] in _BOUNDS or words[-1].startswith("jusqu") or words[-1] == "d'ici")


def _clock_beside(folded: str, start: int, end: int) -> tuple[Clock | None, int, int]:
    after = _CLOCK_AFTER.match(folded, end)
    if after is not None and (clock := _clock(after)) is not None:
        return clock, start, after.end()
    window = max(0, start - 40)
    before = _CLOCK_BEFORE.search(folded[window:start])
    if before is not None and (clock := _clock(before)) is not None:
        return clock, window + before.start(), end
    return None, start, end


def _clock(match: re.Match[str]) -> Clock | None:
    hour = int(match["hour"])
    minute = int(match["minute"]) if match["minute"] else None
    ampm = (match["ampm"] or "").replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        return None
    return Clock(hour, minute, _offset(match["zone"]))


def _offset(zone: str | None) -> int | None:
    """Minutes east of UTC for a written zone ("edt", "utc+3"); None for none, or for local time."""
    key = " ".join((zone or "").split())
    if not key or key in _LOCAL:
        return None
    if key in _OFFSETS:
        return _OFFSETS[key]
    found = re.fullmatch(r"(?:utc|gmt)([+-])(\d{1,2})(?::?(\d{2}))?", key.replace(" ", ""))
    if found is None:
        return None
    minutes = int(found[2]) * 60 + int(found[3] or 0)
    return minutes if found[1] == "+" else -minutes


def _zone_beside(folded: str, end: int) -> tuple[Clock | None, int]:
    found = _ZONE_AFTER.match(folded, end)
    if found is None:
        return None, end
    return Clock(None, None, _offset(found["zone"])), found.end()


_LEADING = frozenset({"", "on", "in", "the", "le", "en", "au"})  # words that may come before a date on its own


def read_date(text: str, *, today: date, day_order: DayOrder | None = None) -> ClaimedDate:
    """The one date `text` is ("2025-07-31", "31 juillet 2025", "1 August at 11:43 a.m. EDT", "yesterday");
    raises InvalidDate when it is not a date, or names a week."""
    stripped = text.strip()
    spots = spot_dates(stripped, today=today, day_order=day_order, relative=True)
    before = stripped[:spots[0].start].strip(" ,").lower() if spots else ""
    if len(spots) == 1 and before in _LEADING and not stripped[spots[0].end:].strip(" ,.)"):
        spot = spots[0]
        if spot.date is None:
            raise InvalidDate(spot.problem)
        return spot.date
    when = parse_date(stripped, today=today, day_order=day_order)
    return ClaimedDate(stripped, when)


# --- Claims -------------------------------------------------------------------------------------------------------

_UNKNOWN_PLACE = re.compile(r"(?<!\w)(?:in|at|to|from|à|au|aux|en|vers|pour|depuis)\s+(?:the\s+|le\s+|la\s+|l['’])?"
                            r"(?P<name>[A-ZÀ-Ý][\w-]+(?:\s+[A-ZÀ-Ý][\w-]+)*)")
_STATED_PLACE = re.compile(r"(?<!\w)(?:in|at|from|à|au|aux|en|depuis)\s+(?:the\s+|le\s+|la\s+|l['’])?$")


@dataclass(frozen=True)
class _AnalysedText:
    """What one sentence mentions, read once."""

    text: str
    names: list[NameMention]
    kinds: list[KindMention]
    assertions: list[AssertionMention]
    dates: list[DateSpot]
    designators: list[tuple[str, int, int]]
    words: list[tuple[str, int]]
    unknown_places: list[tuple[str, int, bool]]
    """Capitalised names after "in", "to", "from", "à"... that no known name covers, with where they start and
    whether they say where something happened ("from Wenchang": yes; "flew to Florida": no, where someone went)."""
    unnamed: str
    """The sentence folded, its dates and the names of people and agencies blanked."""

    @property
    def unknown_place(self) -> bool:
        """Whether the sentence sends someone to a place tracker does not know."""
        return bool(self.unknown_places)

    @cached_property
    def relative(self) -> list[RelativeDayMention]:
        """The phrases dating the sentence from the one before ("the same day", "la veille")."""
        return relative_days(self.text)

    @cached_property
    def unknown_names(self) -> list[tuple[str, int]]:
        """The capitalised words tracker does not know as a person, agency, place or vehicle, nor as a date, a
        pronoun or an article, with where they are: "Challenger", "Orion", "Hubble" may name events."""
        covered = [(name.start, name.end) for name in self.names] + [(spot.start, spot.end) for spot in self.dates]
        covered += [(item.start, item.end) for item in self.relative]
        found = []
        for match in _CAPITALISED.finditer(blank(self.text, covered)):
            word = fold_keeping_length(match.group()).split("'")[0].split("’")[0]
            if word not in _PRONOUNS and word not in MONTHS and word not in WEEKDAYS and not is_stopword(word) \
                    and word not in COUNTED_DAYS and word not in _SCENERY:
                found.append((match.group(), match.start()))
        return found


_NUMBER_AFTER = re.compile(r"[ -]?(?:[A-Z]{1,3}[ -]?)?(?:\d{1,3}|[IVX]{1,5})(?![\w.,]\d|\w)")
"""What makes a vehicle's name a mission's: a number, or a series and a number ("Soyuz 11", "Soyuz MS-27",
"Soyouz T-6", "Vostok 1")."""


def _read_sentence(text: str, lexicon: Lexicon, *, today: date, day_order: DayOrder | None,
                   relative: bool) -> _AnalysedText:
    # A vehicle's name followed by a number names a mission, not the rocket: "Sputnik 1", "Vostok 6", "Soyuz 11".
    names = [name for name in lexicon.spot(text)
             if name.category is not Category.VEHICLE or not _NUMBER_AFTER.match(text, name.end)]
    kinds = kind_words(text)
    # A date inside a name is part of the name: "Long March 5" is a rocket, not the fifth of March.
    dates = [spot for spot in spot_dates(text, today=today, day_order=day_order, relative=relative)
             if not any(name.start < spot.end and spot.start < name.end for name in names
                        if name.category is not Category.PLACE)]  # "12:27 Moscow time" is a clock
    spans = [(spot.start, spot.end) for spot in dates] + [(name.start, name.end) for name in names]
    # An event's own name is looked for outside people's and agencies' names ("Yuri" of "Yuri Gagarin" names no
    # satellite), but a place may be an event's name too ("Mir", the station and its launch).
    unnamed = fold_keeping_length(blank(text, [(spot.start, spot.end) for spot in dates] + [
        (name.start, name.end) for name in names if name.category in (Category.PERSON, Category.AGENCY)]))
    spans += [(kind.start, kind.end) for kind in kinds]
    rest = blank(text, spans)
    found = designators(rest)
    rest = blank(rest, [(designator.start, designator.end) for designator in found])
    words = [(word, match.start()) for match in re.finditer(r"[^\W\d_]{4,}", rest) for word in
             content_stems(match.group())]
    covered = [(name.start, name.end) for name in names]
    covered += [(designator.start, designator.end) for designator in found]
    unknown = [(match["name"], match.start("name"), bool(_STATED_PLACE.search(text[:match.start("name")])))
               for match in _UNKNOWN_PLACE.finditer(text)
               if not any(start <= match.start("name") < end for start, end in covered)
               and fold_keeping_length(match["name"].split()[0]) not in MONTHS
               and fold_keeping_length(match["name"].split()[0]) not in WEEKDAYS]
    return _AnalysedText(text, names, kinds, assertion_words(text), dates,
                         [(item.value, item.start, item.end) for item in found], words, unknown, unnamed)


def _clauses(analysed: _AnalysedText) -> list[tuple[int, int, ClaimedDate | None]]:
    """The dates of a sentence that say when something happened, each with the stretch of the sentence that goes
    with it; the whole sentence, without a date, when there is none."""
    spots = [spot for spot in analysed.dates if spot.date is not None and not spot.bound]
    if not spots:
        return [(first, last, None) for first, last in _subjects(analysed, 0, len(analysed.text))]
    return [(first, last, spot.date) for (start, end), spot in zip(_windows(analysed, spots), spots, strict=True)
            for first, last in _subjects(analysed, start, end)]


_CLAUSE_BREAK = re.compile(r"[,;:]|\s(?:and|et|then|puis|but|mais|while|alors que)\s")


def _subjects(analysed: _AnalysedText, start: int, end: int) -> list[tuple[int, int]]:
    """The stretch `start`-`end` cut where it names two events with one date: "on 31 July, the day of the Crew-11
    launch, Bakanov is to meet Duffy" is a claim about the launch and one about the meeting. A clause names an event
    when it has a kind word and a person or mission; the clauses between two such go with the next one."""
    text = blank(analysed.text, [(spot.start, spot.end) for spot in analysed.dates])  # "July 28, 2025" is one piece
    cuts = [start, *(match.end() for match in _CLAUSE_BREAK.finditer(text, start, end)), end]
    clauses = [(first, last) for first, last in itertools.pairwise(cuts) if last > first]
    strong = [index for index, (first, last) in enumerate(clauses) if _names_an_event(analysed, first, last)]
    if len(strong) < 2:
        return [(start, end)]
    bounds = [start, *(clauses[index][1] for index in strong[:-1]), end]
    return list(itertools.pairwise(bounds))


def _names_an_event(analysed: _AnalysedText, start: int, end: int) -> bool:
    def inside(position: int) -> bool:
        return start <= position < end

    kind = any(inside(mention.start) for mention in analysed.kinds)
    who = any(inside(name.start) for name in analysed.names if name.category is Category.PERSON)
    mission = any(inside(first) for _, first, _ in analysed.designators)
    return kind and (who or mission)


def _windows(analysed: _AnalysedText, spots: list[DateSpot]) -> list[tuple[int, int]]:
    """One stretch of the sentence per date: cut between two dates at the last clause break ("," ";" "and" "et"
    "puis"...) between them, else half way."""
    if len(spots) <= 1:
        return [(0, len(analysed.text))]
    cuts = [0]
    for left, right in itertools.pairwise(spots):
        between = analysed.text[left.end:right.start]
        breaks = [match.start() for match in re.finditer(r"[,;:]|\s(?:and|et|then|puis|but|mais|while|alors que)\s",
                                                         between)]
        cuts.append(left.end + (breaks[-1] if breaks else len(between) // 2))
    cuts.append(len(analysed.text))
    return list(itertools.pairwise(cuts))


def _cues(analysed: _AnalysedText, start: int, end: int) -> tuple[Cues, tuple[ClaimedPlace, ...]]:
    def inside(position: int) -> bool:
        return start <= position < end

    names = [name for name in analysed.names if inside(name.start)]

    def named(category: Category) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name.name for name in names if name.category is category))

    cues = Cues(
        people=named(Category.PERSON),
        agencies=named(Category.AGENCY),
        places=named(Category.PLACE),
        vehicles=named(Category.VEHICLE),
        kinds=_kinds_said([kind for kind in analysed.kinds if inside(kind.start)]),
        designators=tuple(dict.fromkeys(value for value, first, _ in analysed.designators if inside(first))),
        words=tuple(dict.fromkeys(word for word, first in analysed.words if inside(first))),
        asserts=tuple(dict.fromkeys(item.asserts for item in analysed.assertions if inside(item.start))),
        unnamed=analysed.unnamed[start:end],
        written=tuple(dict.fromkeys(
            [analysed.text[name.start:name.end] for name in names if name.category is Category.PLACE]
            + [word for word, first in analysed.unknown_names if inside(first)])),
    )
    places = tuple(ClaimedPlace(name) for name in dict.fromkeys(
        name.name for name in names if name.category is Category.PLACE and name.locative))
    places += tuple(ClaimedPlace(name, known=False) for name in dict.fromkeys(
        name for name, first, stated in analysed.unknown_places if stated and inside(first)))
    return cues, places


def _kinds_said(mentions: list[KindMention]) -> tuple[EventKind, ...]:
    """The kinds a clause's words name: a loss ("died", "exploded") narrows them only when nothing stronger does
    ("Challenger exploded after launch" is about a launch)."""
    strong = [mention.kind for mention in mentions if not mention.weak]
    return tuple(dict.fromkeys(strong or [mention.kind for mention in mentions]))


def read_claims(text: str, lexicon: Lexicon, *, today: date, day_order: DayOrder | None = None) -> list[Claim]:
    """The claims a text given to check makes: one per date it states (a sentence with two dates makes two), or
    one about a place when it states a place and no date. The people it names are checked as taking part.

    Raises InvalidDate when a date cannot be read, or when the text states neither a date nor a place, and
    InvalidRecord when it is longer than `limits.CLAIM_MAX_CHARACTERS`."""
    check_claim_length(text)
    analysed = _read_sentence(" ".join(text.split()), lexicon, today=today, day_order=day_order, relative=True)
    for spot in analysed.dates:
        if spot.date is None and not spot.bound:
            raise InvalidDate(spot.problem)
    claims = []
    subject = _Subject()
    for start, end, claimed in _clauses(analysed):
        cues, places = _cues(analysed, start, end)
        cues, subject = _carried(cues, subject)
        if claimed is None and not places:
            continue
        claims.append(Claim(analysed.text, claimed, subject=analysed.text, cues=cues, places=places,
                            people=cues.people))
    if not claims:
        raise InvalidDate(f"no date found in {_short(text)}: write one such as 31 July 2025, 2025-07-31 or "
                          "1 August 2025 at 11:43 EDT")
    return claims


def subject_claim(subject: str, when: str, lexicon: Lexicon, *, today: date, day_order: DayOrder | None = None,
                  place: str | None = None) -> Claim:
    """A claim given as a subject (a slug such as crew-11-launch, or words such as "Crew-11 launch") and a date,
    and optionally a place; raises InvalidDate or InvalidRecord when the date or place cannot be read, or when
    they are together longer than `limits.CLAIM_MAX_CHARACTERS`."""
    check_claim_length(" ".join((subject, when, place or "")).strip())
    subject = subject.strip()
    if not subject:
        raise InvalidRecord("empty subject: give a slug (crew-11-launch) or words (Crew-11 launch)")
    claimed = read_date(when, today=today, day_order=day_order)
    analysed = _read_sentence(subject, lexicon, today=today, day_order=day_order, relative=False)
    cues, _ = _cues(analysed, 0, len(subject))
    places: tuple[ClaimedPlace, ...] = ()
    if place and place.strip():
        known = [name.name for name in lexicon.spot(place) if name.category is Category.PLACE]
        if not known:
            raise InvalidRecord(f"unknown place {place.strip()!r}")
        places = (ClaimedPlace(known[0]),)
        cues = replace(cues, places=tuple(dict.fromkeys((*cues.places, known[0]))))
    slug = subject if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", subject) else None
    text = " ".join(part for part in (subject, when.strip(), f"at {place.strip()}" if place else "") if part)
    return Claim(text, claimed, slug=slug, subject=subject, cues=cues, places=places, people=cues.people)


def check_claim_length(text: str) -> None:
    """Raise InvalidRecord when `text` is longer than a claim may be (`limits.CLAIM_MAX_CHARACTERS`)."""
    if len(text) > limits.CLAIM_MAX_CHARACTERS:
        raise InvalidRecord(f"a claim may have at most {limits.CLAIM_MAX_CHARACTERS:,} characters; {len(text):,} "
                            "were given")


def csv_claims(lines: Iterable[str], lexicon: Lexicon, *, source: str, today: date,
               day_order: DayOrder | None = None) -> Iterator[Claim]:
    """The claims of a CSV file given line by line (line endings kept), each as soon as its row is read: a file
    with a `claim` column (free text), or `subject` and `date` columns (and an optional `place`). A row that
    cannot be read (an ambiguous or impossible date, an unknown place, a claim over the length limit) becomes a
    claim carrying its `problem`, so the rest of the file is still checked. InvalidImport, before any claim, for a
    file without the columns; after the last, for one without rows; and for a row the CSV module cannot read."""
    reader = csv.DictReader(lines)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise InvalidImport([f"row 0 (the header): {_csv_problem(exc)}"], source) from None
    columns = {name.strip().lower(): name for name in fieldnames or [] if name}
    if "claim" not in columns and not {"subject", "date"} <= columns.keys():
        found = ", ".join(columns) or "none"
        raise InvalidImport([f"expected a 'claim' column, or 'subject' and 'date' columns (found: {found})"], source)
    claimed = False
    for number, row in enumerate(_csv_rows(reader, source), start=1):
        for claim in _row_claims(row, columns, f"row {number}", lexicon, today, day_order):
            claimed = True
            yield claim
    if not claimed:
        raise InvalidImport(["no claims to check (the file has a header and no rows)"], source)


def _row_claims(row: dict[str, str], columns: dict[str, str], where: str, lexicon: Lexicon, today: date,
                day_order: DayOrder | None) -> list[Claim]:
    def cell(name: str) -> str:
        value = row.get(columns[name]) if name in columns else None
        return value.strip() if isinstance(value, str) else ""

    try:
        if "claim" in columns:
            if not cell("claim"):
                raise InvalidRecord("empty claim")
            return [replace(claim, where=where) for claim in
                    read_claims(cell("claim"), lexicon, today=today, day_order=day_order)]
        claim = subject_claim(cell("subject"), cell("date"), lexicon, today=today, day_order=day_order,
                              place=cell("place") or None)
        return [replace(claim, where=where)]
    except TrackerError as exc:
        written = cell("claim") or f"{cell('subject')} {cell('date')}".strip()
        return [Claim(_shortened(written), where=where, problem=str(exc))]


def _shortened(text: str) -> str:
    """`text`, or its beginning when it is over the length limit: it is quoted back, not checked."""
    limit = limits.CLAIM_MAX_CHARACTERS
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit:,} more characters)"


def _csv_rows(reader: csv.DictReader[str], source: str) -> Iterator[dict[str, str]]:
    """The rows of `reader`; InvalidImport naming the row when the CSV module cannot read one."""
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidImport([f"row {number + 1}: {_csv_problem(exc)}"], source) from None
        number += 1
        yield row


def _csv_problem(error: csv.Error) -> str:
    limit = csv.field_size_limit()
    if "field larger than field limit" in str(error):
        return f"a cell is larger than {limit // 1024} KiB ({limit:,} characters), longer than any claim"
    return str(error)


def draft_claims(lines: Iterable[str], lexicon: Lexicon, *, today: date,
                 day_order: DayOrder | None = None) -> Iterator[Claim]:
    """The checkable claims in a draft given line by line, each as soon as its paragraph is read: each date near
    something the store knows (a person, agency, place, mission or kind of event), paired with what its sentence
    names; and tentative place claims (see the module notes). Each claim's text is its sentence and `where` its
    line. A sentence longer than `limits.CLAIM_MAX_CHARACTERS` is not read: it is given as a claim carrying that
    problem."""
    whereabouts: dict[str, tuple[str, int]] = {}  # person -> (place, line) where the draft last put them
    subject = _Subject()  # what the draft last named: "he", "it", "the capsule" mean it
    previous: ClaimedDate | None = None  # the last date stated: "the same day", "la veille" count from it
    for sentence in draft_sentences(lines):
        where = f"line {sentence.line}"
        if len(sentence.text) > limits.CLAIM_MAX_CHARACTERS:
            yield Claim(_shortened(sentence.text), where=where,
                        problem=f"a sentence of {len(sentence.text):,} characters, over the "
                                f"{limits.CLAIM_MAX_CHARACTERS:,} a claim may have: not checked")
            continue
        analysed = _read_sentence(sentence.text, lexicon, today=today, day_order=day_order, relative=False)
        for start, end, claimed in _clauses(analysed):
            cues, places = _cues(analysed, start, end)
            if claimed is None:
                claimed = _dated_from(previous, analysed, start, end)
            cues, subject = _carried(cues, subject, own=_names_its_own(analysed, start, end))
            if not places and not analysed.unknown_place:
                places = _implied(cues.people, whereabouts)
            if claimed is not None and cues.any:
                previous = claimed if claimed.period is None else previous
                yield Claim(sentence.text, claimed, cues=cues, places=places, where=where)
            elif claimed is None and places and (cues.people or cues.designators):
                yield Claim(sentence.text, None, cues=cues, places=places, where=where, tentative=True)
        _follow(analysed, sentence.line, whereabouts)


_PRONOUNS = frozenset({"he", "she", "it", "they", "its", "their", "his", "her", "this", "that", "these", "the", "a",
                       "an", "il", "elle", "ils", "elles", "le", "la", "les", "l", "un", "une", "son", "sa", "ses",
                       "leur", "leurs", "ce", "cet", "cette", "ces", "on"})
"""First words of a clause that name nothing of their own: a clause starting so may be about the last subject."""
_SCENERY = frozenset({"earth", "terre", "moon", "lune", "sun", "soleil", "pacific", "pacifique", "atlantic",
                      "atlantique", "indian", "ocean", "space", "espace", "orbit", "orbite"})
"""Capitalised words that are where things happen, never what a clause is about ("a single orbit of the Earth")."""


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]*")


def _names_its_own(analysed: _AnalysedText, start: int, end: int) -> bool:
    """Whether a clause names a subject of its own that tracker does not know as a name: a capitalised word that
    is not a pronoun, an article, a date or a number ("Challenger broke apart", "La navette Challenger", "Orion
    splashed down"). Such a clause is never about the last subject."""
    return any(start <= first < end for _, first in analysed.unknown_names)


@dataclass(frozen=True)
class _Subject:
    """What a draft last named: the missions and people a following clause without names of its own is about, and
    what kind of event it was."""

    designators: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    kinds: tuple[EventKind, ...] = ()


def _carried(cues: Cues, subject: _Subject, *, own: bool = False) -> tuple[Cues, _Subject]:
    """A clause's cues completed from the draft's subject, and the subject for the next clause.

    A clause that names a mission or a person, or opens with a name of its own (`own`: "Challenger broke
    apart"), has its own subject, which wins: it becomes the subject. One that names none, nor an agency, but
    says what happened ("He landed the same day", "La capsule s'est amarrée ...") is about the last subject's
    missions and people."""
    if cues.designators or cues.people or own:
        return cues, _Subject(cues.designators, cues.people, cues.kinds)
    if (subject.designators or subject.people) and not cues.agencies and cues.kinds:
        carried = replace(cues, designators=subject.designators, people=subject.people, carried=True)
        return carried, replace(subject, kinds=cues.kinds)
    return cues, subject if not cues.agencies else _Subject()


def _dated_from(previous: ClaimedDate | None, analysed: _AnalysedText, start: int, end: int) -> ClaimedDate | None:
    """The date a clause gives by reference to the last one stated ("the same day", "two days later", "la
    veille"), at day precision, or None when it gives none or no day was stated before."""
    if previous is None or previous.when is None or previous.when.precision < Precision.DAY:
        return None
    mention = next((item for item in analysed.relative if start <= item.start < end), None)
    if mention is None:
        return None
    midnight = previous.when.wall.replace(hour=0, minute=0, second=0, microsecond=0)  # wall-clock, zone beside it
    when = When(midnight + timedelta(days=mention.days), Precision.DAY, previous.when.zone, previous.when.offset)
    return ClaimedDate(f"{mention.text} ({when.label()})", when.checked(), previous.basis)


def _implied(people: tuple[str, ...], whereabouts: dict[str, tuple[str, int]]) -> tuple[ClaimedPlace, ...]:
    implied = []
    for person in people:
        if person in whereabouts:
            place, line = whereabouts[person]
            implied.append(ClaimedPlace(place, f"the text last placed {person} there, line {line}", person))
    return tuple(implied)


def _follow(analysed: _AnalysedText, line: int, whereabouts: dict[str, tuple[str, int]]) -> None:
    """Remember where the sentence puts the people it names; forget it when it sends them somewhere unknown."""
    located = [name.name for name in analysed.names if name.category is Category.PLACE and name.locative]
    for name in analysed.names:
        if name.category is not Category.PERSON:
            continue
        if located:
            whereabouts[name.name] = (located[0], line)
        elif analysed.unknown_place:
            whereabouts.pop(name.name, None)


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")

