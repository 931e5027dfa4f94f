"""What a piece of prose mentions: the people, agencies and places the store knows (by any of their names, ignoring
case and accents), mission designators ("Crew-11", "Soyuz MS-27", "Artemis II"), words that say what kind of event
it is, in English and French ("launched", "a décollé", "rencontre"), and the other content words.

Pure: the names come in a `Lexicon` built by whoever has them (the store, or a test). Every position given is a
character offset in the text as written, because `fold_keeping_length` folds one character into one character.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache

from tracker.dates.vocabulary import date_words
from tracker.factcheck.claims import Cues
from tracker.factcheck.vocabulary import (
    ASSERTION_PHRASES,
    COUNTED_DAYS,
    KIND_PHRASES,
    PROGRAMME_SPELLINGS,
    RELATIVE_DAYS,
    Assertion,
)
from tracker.names import ROMAN_NUMERALS, fold, fold_keeping_length
from tracker.records import EventKind, EventRecord

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Token:
    """A word of folded text and where it is."""

    text: str
    start: int
    end: int


def tokens(folded: str) -> list[Token]:
    """The words (runs of letters and digits) of already folded text."""
    return [Token(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(folded)]


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces, so later searches skip what was already read."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


class Category(StrEnum):
    """What a known name designates."""

    PERSON = "person"
    AGENCY = "agency"
    PLACE = "place"
    VEHICLE = "vehicle"


@dataclass(frozen=True)
class NameMention:
    """A known person, agency or place named in a text (by `name`, its name in the store), and where.

    `locative` is set for a place introduced as a location ("in Houston", "à Houston", "at the Kennedy Space
    Center", "à bord de l'ISS"), not merely named ("the flight to the ISS", "la visite du centre Johnson").
    """

    category: Category
    name: str
    start: int
    end: int
    locative: bool = False


# Words after which a place is where something happens (folded, so "à" is "a").
_LOCATIVE = frozenset({"in", "at", "from", "near", "off", "aboard", "inside", "on", "a", "au", "aux", "en", "dans",
                       "depuis", "pres", "sur", "bord"})
_LEFT_FROM = ("decoll", "lance", "parti", "envole", "tire")
"""French verbs after which "de" introduces where something left from (folded)."""
_BEFORE_NAME = frozenset({"the", "le", "la", "les", "l", "de", "d", "du", "s"})

_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "before", "being", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "how", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "were", "what",
    "when", "where", "which", "while", "who", "will", "with", "would", "after", "also", "about", "above", "again",
    "against", "all", "any", "because", "both", "did", "does", "doing", "down", "during", "each", "few", "further",
    "here", "more", "most", "other", "over", "same", "should", "some", "such", "through", "under", "until", "very",
    "we", "you", "your", "yet", "just", "only", "own", "so", "not", "no", "nor", "now", "off", "once", "out", "up",
    "said", "says", "told", "later", "early", "late", "next", "last", "first", "second", "third", "day", "days",
    "year", "years", "week", "weeks", "month", "months", "date", "time", "times", "today", "yesterday", "tomorrow",
    "morning", "evening", "night", "afternoon", "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au",
    "aux", "et", "ou", "mais", "donc", "ni", "car", "ce", "cet", "cette", "ces", "il", "elle", "ils", "elles", "nous",
    "vous", "je", "tu", "se", "sa", "son", "ses", "leur", "leurs", "lui", "y", "en", "ne", "pas", "plus", "moins",
    "tres", "que", "qui", "quoi", "dont", "est", "sont", "etait", "etaient", "sera", "seront", "ete", "etre", "avoir",
    "avait", "ont", "aura", "auront", "ai", "avec", "sans", "pour", "par", "sur", "sous", "dans", "entre", "vers",
    "chez", "apres", "avant", "depuis", "pendant", "lors", "selon", "comme", "aussi", "encore", "deja", "toujours",
    "tout", "tous", "toute", "toutes", "meme", "alors", "ainsi", "jour", "jours", "annee", "annees", "ans", "mois",
    "semaine", "semaines", "heure", "heures", "fois", "premier", "premiere", "premiers", "dernier", "derniere",
    "lieu", "doit", "devait"
))
# Words too common in this domain to tell one event from another (though "Crew-11" is still a mission).
_GENERIC = frozenset((
    "space", "spatial", "spatiale", "spatiaux", "station", "international", "internationale", "mission", "missions",
    "crew", "equipage", "agency", "agence", "chief", "head", "officials", "official"
))
_NO_EVENT_NAMES = frozenset(("moon", "lune", "earth", "terre", "mars", "sun", "soleil", "rocket", "fusee",
                             "spacecraft", "satellite", "capsule"))
"""Words an event's title or other names may hold that never name it alone ("Surveyor 1 lands on the Moon")."""

_DATE_WORDS = date_words()


def is_stopword(word: str) -> bool:
    """Whether a folded word says nothing about which event is meant ("the", "pour", "mission", "juillet")."""
    return word in _STOPWORDS or word in _DATE_WORDS or word in _GENERIC


def _is_function_word(word: str) -> bool:
    return word in _STOPWORDS or word in _DATE_WORDS


@dataclass(frozen=True)
class _Entry:
    category: Category
    name: str
    surname: bool = False
    """Found by a surname alone: only where it is written with a capital ("Spring" the astronaut, not spring)."""


@dataclass
class Lexicon:
    """Every name the store knows for people, agencies and places, by the folded words that spell it.

    A person is also found by their surname alone ("Bakanov", "Duffy") when no other person shares it and it is
    not an ordinary word.
    """

    entries: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)

    @classmethod
    def build(cls, *, people: Mapping[str, Sequence[str]] | None = None,
              agencies: Mapping[str, Sequence[str]] | None = None,
              places: Mapping[str, Sequence[str]] | None = None,
              vehicles: Mapping[str, Sequence[str]] | None = None, for_text: str | None = None) -> Lexicon:
        """A lexicon from each category's names: canonical name -> other names (short names, aliases). With
        `for_text`, agencies and places are kept only when their first word is in that text: a name can only be
        found where it begins (the launch catalogue brings thousands of agency names, a claim a dozen words)."""
        entries: dict[tuple[str, ...], list[_Entry]] = defaultdict(list)
        present = frozenset(_TOKEN.findall(fold_keeping_length(for_text))) if for_text is not None else None
        groups = ((Category.PERSON, people or {}), (Category.AGENCY, agencies or {}), (Category.PLACE, places or {}),
                  (Category.VEHICLE, vehicles or {}))
        for category, names in groups:
            for name, aliases in names.items():
                for spelling in (name, *aliases):
                    if present is not None and category is not Category.PERSON and not _begins_in(spelling,
                                                                                                  present):
                        continue
                    key = _key(spelling)
                    entry = _Entry(category, name)
                    if _usable(key) and entry not in entries[key]:
                        entries[key].append(entry)
        surnames: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for name, aliases in (people or {}).items():
            for spelling in (name, *aliases):
                key = _key(spelling)
                if len(key) >= 2:
                    surnames[key[1:]].add(name)
        for key, owners in surnames.items():
            if len(owners) == 1 and key not in entries and len("".join(key)) >= 4 and not all(
                    is_stopword(word) for word in key):
                entries[key].append(_Entry(Category.PERSON, next(iter(owners)), surname=True))
        return cls(dict(entries))

    @cached_property
    def _longest_from(self) -> dict[str, int]:
        """The most words of a name beginning with each word: a word no name begins with is passed at once, where
        the whole lexicon (thousands of agency names, some of ten words) would otherwise be tried at every word."""
        longest: dict[str, int] = {}
        for key in self.entries:
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
        return longest

    def spot(self, text: str) -> list[NameMention]:
        """The known names in `text`, longest first where they overlap, in order of appearance."""
        words = tokens(fold_keeping_length(text))
        found: list[tuple[int, int, _Entry]] = []  # first word index, word count, entry
        index = 0
        longest_from = self._longest_from
        while index < len(words):
            for size in range(min(longest_from.get(words[index].text, 0), len(words) - index), 0, -1):
                key = tuple(word.text for word in words[index:index + size])
                after = index + size
                entries = [entry for entry in self.entries.get(key, ()) if not entry.surname or (
                    text[words[index].start].isupper()  # "Spring" the astronaut, never spring
                    and not (after < len(words) and text[words[after].start].isupper()))]  # not "Dong" of "Dong Fang"
                if entries:
                    found.extend((index, size, entry) for entry in entries)
                    index += size
                    break
            else:
                index += 1
        covered = {position for first, size, _ in found for position in range(first, first + size)}
        mentions = []
        for first, size, entry in found:
            locative = entry.category is Category.PLACE and _is_locative(words, first, covered)
            mentions.append(NameMention(entry.category, entry.name, words[first].start,
                                        words[first + size - 1].end, locative))
        return mentions


def text_words(text: str) -> frozenset[str]:
    """The folded words of `text`, as names begin with them in the store's keys and in a lexicon's."""
    return frozenset(_TOKEN.findall(fold(text))) | frozenset(_TOKEN.findall(fold_keeping_length(text)))


def _begins_in(spelling: str, words: frozenset[str]) -> bool:
    """Whether the first word of `spelling` is among `words` (folded)."""
    first = _TOKEN.search(fold_keeping_length(spelling))
    return first is not None and first.group() in words


def _key(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold_keeping_length(name)))


def _usable(key: tuple[str, ...]) -> bool:
    return bool(key) and len("".join(key)) >= 2 and not (len(key) == 1 and is_stopword(key[0]))


def _is_locative(words: list[Token], first: int, covered: set[int]) -> bool:
    """Whether the words before a place make it a location: a locative preposition, possibly followed by articles,
    "de" or other names ("at NASA's Johnson Space Center", "à bord de l'ISS")."""
    index = first - 1
    for _ in range(4):
        if index < 0:
            return False
        word = words[index].text
        if word in _LOCATIVE:
            return True
        if word in ("de", "d") and index > 0 and words[index - 1].text.startswith(_LEFT_FROM):
            return True  # "a décollé de Xichang", "lancé de Kourou": where it left from
        if word not in _BEFORE_NAME and index not in covered:
            return False
        index -= 1
    return False


_KINDS = [(phrase, re.compile(rf"(?<!\w)(?:{phrase.pattern})(?!\w)")) for phrase in KIND_PHRASES]
_ASSERTIONS = [(phrase, re.compile(rf"(?<!\w)(?:{phrase.pattern})(?!\w)")) for phrase in ASSERTION_PHRASES]


@dataclass(frozen=True)
class KindMention:
    """A word that says what kind of event is meant ("launched" -> launch), and where; `weak` for a loss ("died"),
    which may be a launch's or a return's."""

    kind: EventKind
    start: int
    end: int
    weak: bool = False


def _lowered(text: str) -> str:
    """`text` in lowercase, keeping its accents and its length (one character for one)."""
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in
                   text.replace("’", "'").replace("ʼ", "'"))


def kind_words(text: str) -> list[KindMention]:
    """The kind words in `text` (vocabulary.KIND_PHRASES), in order of appearance; where phrases overlap, the
    longest wins ("flew into space" over "flew")."""
    lower = _lowered(text)
    found = [KindMention(kind, match.start(), match.end(), phrase.weak) for phrase, pattern in _KINDS
             for match in pattern.finditer(lower) for kind in phrase.kinds]
    found.sort(key=lambda mention: (mention.start, -(mention.end - mention.start)))
    kept: list[KindMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end and (mention.start, mention.end) != (kept[-1].start, kept[-1].end):
            continue  # inside a longer phrase already kept
        kept.append(mention)
    # "landed 108 minutes after launch": a kind named only to date another is not what the sentence asserts (when
    # the sentence asserts a kind of its own: "after launch it exploded" is still about the launch).
    asserted = [mention for mention in kept if not _TIME_REFERENCE.search(lower, 0, mention.start)]
    return asserted if any(not mention.weak for mention in asserted) else kept


_TIME_REFERENCE = re.compile(r"(?<!\w)(?:after|before|following|since|until|après|avant|depuis|dès)\s+(?:(?:the|its|his"
                             r"|her|their|le|la|les|son|sa|ses|leur)\s+|l')?$")
"""What comes before a kind word that only dates something else ("after launch", "avant l'amarrage")."""

_RELATIVE_DAYS = [(phrase, re.compile(rf"(?<!\w)(?:{phrase.pattern})(?!\w)")) for phrase in RELATIVE_DAYS]


@dataclass(frozen=True)
class RelativeDayMention:
    """A phrase dating its sentence from the previous one's date, how many days after it (negative: before), and
    where it is written."""

    days: int
    start: int
    end: int
    text: str


def relative_days(text: str) -> list[RelativeDayMention]:
    """The phrases of `text` that date it from the sentence before (vocabulary.RELATIVE_DAYS), in order."""
    lower = _lowered(text)
    found = []
    for phrase, pattern in _RELATIVE_DAYS:
        for match in pattern.finditer(lower):
            count = match.groupdict().get("count")
            days = phrase.days if count is None else phrase.sign * (int(count) if count.isdigit()
                                                                    else COUNTED_DAYS[count])
            found.append(RelativeDayMention(days, match.start(), match.end(), text[match.start():match.end()]))
    return sorted(found, key=lambda mention: mention.start)


@dataclass(frozen=True)
class AssertionMention:
    """A phrase asserting what became of an event ("successfully", "failed", "maiden flight"), and where."""

    asserts: Assertion
    start: int
    end: int


def assertion_words(text: str) -> list[AssertionMention]:
    """The assertion phrases in `text` (vocabulary.ASSERTION_PHRASES), in order of appearance."""
    lower = _lowered(text)
    found = [AssertionMention(phrase.asserts, match.start(), match.end()) for phrase, pattern in _ASSERTIONS
             for match in pattern.finditer(lower)]
    return sorted(found, key=lambda mention: mention.start)


# "Crew-11", "Soyuz MS-27", "Ax-4", "Shenzhou 20", "Fram2", "Artemis II": a word and a small number or a Roman
# numeral, which is how missions are named. Matched on folded text.
_DESIGNATOR = re.compile(
    r"(?<![\w-])(?P<series>[a-z]{3,}[ -][a-z])-(?P<serial>\d{1,3})(?![\w:]|[.,]\d)"
    r"|(?<![\w-])(?P<word>[a-z]{2,})[- ]?(?P<number>\d{1,3})(?![\w:]|[.,]\d)"
    r"|(?<![\w-])(?P<joined>[a-z]{2,}\d{1,3})(?!\w)"
    r"|(?<![\w-])(?P<named>[a-z]{3,}) (?P<roman>i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv|xvi|xvii)(?![\w'-])"
)
_PROGRAMME = re.compile(r"(?<![\w-])(?P<programme>[a-z]{3,})[ -]$")
"""The word before a short designator ("Soyuz" of "Soyuz MS-28"), which tells two programmes' MS-28 apart."""


@dataclass(frozen=True)
class Designator:
    """A mission designator, normalised ("crew-11", "ms-27", "fram2"; Roman numerals as numbers: "Artemis II" is
    "artemis-2", the same mission as "Artemis 2"), and where it was written."""

    value: str
    start: int
    end: int


def designators(text: str) -> list[Designator]:
    """The mission designators in `text` (whose dates and known names should already be blanked)."""
    folded = fold_keeping_length(text)
    found = []
    for match in _DESIGNATOR.finditer(folded):
        start = match.start()
        if match["series"]:  # "Soyuz T-6": a programme's one-letter series
            programme, _, letter = match["series"].replace(" ", "-").rpartition("-")
            value = f"{_spelled(programme)}-{letter}-{int(match['serial'])}"
        elif match["word"]:
            if _is_function_word(match["word"]):
                continue
            value = f"{_spelled(match['word'])}-{int(match['number'])}"
            programme = _PROGRAMME.search(folded, 0, start) if len(match["word"]) <= 3 else None
            if programme is not None and not _is_function_word(programme["programme"]):
                value, start = f"{_spelled(programme['programme'])}-{value}", programme.start()
        elif match["joined"]:
            value = match["joined"]
        else:
            if _is_function_word(match["named"]):
                continue
            value = f"{_spelled(match['named'])}-{ROMAN_NUMERALS[match['roman']]}"
        found.append(Designator(value, start, match.end()))
    return found


_NUMERALS = {number: numeral for numeral, number in ROMAN_NUMERALS.items()}


def _spelled(word: str) -> str:
    """A programme's name in the spelling the catalogue writes ("soyouz" -> "soyuz")."""
    return PROGRAMME_SPELLINGS.get(word, word)


def numeral_forms(value: str) -> list[str]:
    """The ways a normalised designator is written, for a full-text search: "artemis-2" as "artemis 2" and
    "artemis ii" (stored titles write either)."""
    head, _, number = value.rpartition("-")
    if not head or not number.isdigit():
        return [value.replace("-", " ")]
    forms = [f"{head.replace('-', ' ')} {number}"]
    if int(number) in _NUMERALS:
        forms.append(f"{head.replace('-', ' ')} {_NUMERALS[int(number)]}")
    return forms


def stem(word: str) -> str:
    """A crude stem of a folded word, enough to match "arrived" with "arrives" and "délégation" with "delegation"."""
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    """The stems of the words in `text` that may name a particular event: no stopwords, numbers or short words."""
    stems = []
    for word in tokens(fold_keeping_length(text)):
        if len(word.text) >= 4 and not word.text.isdigit() and not is_stopword(word.text):
            value = stem(word.text)
            if value not in stems:
                stems.append(value)
    return stems


def event_designators(event: EventRecord) -> frozenset[str]:
    """The designators in an event's title, slug and other names ("crew-11" for crew-11-launch; "sputnik-1" and
    "spoutnik-1" for the launch GCAT calls 1-y ISZ)."""
    return frozenset(value for text in (event.title, event.slug.replace("-", " "), *event.aliases)
                     for value in _designator_values(text))


@lru_cache(maxsize=16384)
def _designator_values(text: str) -> tuple[str, ...]:
    """The designators of one stored name, remembered: a file of claims meets the same candidates again and again
    (reading them was a third of `check --file`)."""
    return tuple(found.value for found in designators(_without_years(text)))


def event_names(event: EventRecord) -> list[tuple[str, ...]]:
    """The names an event goes by, as folded words: its other names (payloads, the names writers use) and the
    names in its title (runs of capitalised words: "Saturn V", "Curiosity", "Mars Pathfinder", and a run's last
    word, "Pathfinder"); never a lone common word ("Moon", "mission") nor a single letter."""
    catalogued = event.kind is EventKind.LAUNCH and bool(event.designation)
    return list(_names(event.title, tuple(event.aliases), catalogued))


@lru_cache(maxsize=16384)
def _names(title: str, aliases: tuple[str, ...], catalogued: bool) -> tuple[tuple[str, ...], ...]:
    names = []
    # A catalogue launch's title is "vehicle launches payloads": its aliases already hold the payloads' names, and
    # a word of its title ("Glenn" of "SS John Glenn") is no name of the launch.
    titled = _title_names(title) if not catalogued else []
    # "Challenger (STS 51-L)": each part is a name of its own.
    parts = [part.strip() for alias in aliases for part in re.split(r"[()]", alias) if part.strip()]
    for alias in [*aliases, *parts, *titled]:
        key = tuple(_TOKEN.findall(fold_keeping_length(alias)))
        if key and len("".join(key)) >= 3 and not (len(key) == 1 and (
                is_stopword(key[0]) or key[0].isdigit() or key[0] in _NO_EVENT_NAMES)):
            names.append(key)
    return tuple(dict.fromkeys(names))


_CAPITALISED = re.compile(r"(?:[A-Z][\w'’-]*|\d[\w-]*)(?:\s+(?:[A-Z][\w'’-]*|[IVX]+|\d[\w-]*))*")


def _title_names(title: str) -> list[str]:
    """The runs of capitalised words (with the numbers and Roman numerals that follow) in a title, and the last
    word of each run when it is long enough to be a name of its own."""
    found = []
    for match in _CAPITALISED.finditer(title):
        run = match.group()
        if run[0].isdigit():
            continue
        found.append(run)
        last = run.split()[-1]
        if last != run and len(last) >= 5 and last[0].isupper():
            found.append(last)
    return found


_NEUTRAL = frozenset({"happen", "occur", "took", "place", "held", "produit", "deroul", "intervenu", "survenu",
                      "effectue", "effectu", "realis", "flight", "spaceflight", "launch", "rocket", "fusee", "lanceur",
                      "vehicle", "vol", "only", "unique", "seul", "woman", "femme", "homme", "man", "american",
                      "americain", "sovietique", "soviet", "chinese", "chinois", "satellite", "spacecraft", "vaisseau",
                      "capsule", "station", "navette", "shuttle", "astronaut", "astronaute", "cosmonaut",
                      "cosmonaute", "taikonaut", "taikonaute", "aboard", "bord", "orbit", "orbite", "earth", "terre"})
"""Stems that say nothing of what happened beyond what a kind-less claim's date already asks ("took place")."""


def unexplained(cues: Cues, event: EventRecord) -> list[str]:
    """The claim's content words that neither name a kind of event nor appear in the event's title, names or
    summary, when the claim has no kind word: what it says happened is something tracker cannot read ("crossed
    the heliopause"), so the event's date says nothing of it."""
    if cues.kinds or cues.asserts:
        return []
    known = set(title_stems(event)) | set(content_stems(" ".join(event.aliases))) | set(content_stems(event.summary))
    return [word for word in cues.words if word not in known and word not in _NEUTRAL]


def summary_designators(event: EventRecord) -> frozenset[str]:
    """The designators an event's summary mentions (weaker evidence than its title)."""
    return frozenset(_designator_values(event.summary))


def title_stems(event: EventRecord) -> frozenset[str]:
    """The content stems of an event's title."""
    return _title_stems(event.title)


@lru_cache(maxsize=16384)
def _title_stems(title: str) -> frozenset[str]:
    return frozenset(content_stems(title))


def _without_years(text: str) -> str:
    """`text` without years or dates written in it ("2024-04-25" in a slug is not mission 4 of anything)."""
    return re.sub(r"\d{4,}(?:[- ]\d{1,2}){0,2}", " ", text)
