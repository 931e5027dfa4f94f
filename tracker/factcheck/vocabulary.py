"""The words a claim asserts with, in English and French, as data: one row per phrase, each with its language and
what it says. Adding a word is one line; a test reads every row.

- `KIND_PHRASES`: the kind of event a verb or noun names ("splashed down" -> landing, "a décollé" -> launch). A
  `weak` row ("died", "exploded") names a loss, which may be a launch's or a return's: it narrows the kinds only
  when the sentence has no stronger kind word ("Challenger exploded after launch" is a launch).
- `ASSERTION_PHRASES`: what the sentence says became of the event: success, failure (a loss is a failure),
  a first flight, a plan rather than something done, a cancellation.

Phrases are regular expressions matched on lowercase text that keeps its accents (French needs them: "lancé" is
launched, "fer de lance" is not), between word boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.records import EventKind


@dataclass(frozen=True)
class KindPhrase:
    """A phrase naming one or more kinds of event, in a language; `weak` when it names a loss rather than a kind."""

    language: str
    pattern: str
    kinds: tuple[EventKind, ...]
    weak: bool = False


LAUNCH, LANDING, DOCKING, UNDOCKING = EventKind.LAUNCH, EventKind.LANDING, EventKind.DOCKING, EventKind.UNDOCKING
SPACEWALK, VISIT, MEETING = EventKind.SPACEWALK, EventKind.VISIT, EventKind.MEETING
APPOINTMENT, ANNOUNCEMENT = EventKind.APPOINTMENT, EventKind.ANNOUNCEMENT

KIND_PHRASES: tuple[KindPhrase, ...] = (
    KindPhrase("en", r"launch(?:ed|es|ing)?(?! (?:pad|site|complex|tower|window|control|director))"
                     r"|lift(?:s|ed)?[ -]?off|liftoff|blast(?:s|ed)? off|took off|takes off"
                     r"|(?:reached|went into|placed (?:\w+ ){0,3}in) orbit|into orbit", (LAUNCH,)),
    # "Shenzhou 6 followed on 12 October 2005", "Sputnik 2 carried Laika": what a mission did, named loosely.
    KindPhrase("en", r"followed|carried|(?:made|makes) (?:its|her|his|their) (?:only |sole |single |first |last )?"
                     r"(?:space ?)?flight", (LAUNCH,), weak=True),
    KindPhrase("fr", r"a suivi|suivit|emport(?:ait|a|é|ant)|a emporté|(?:a|avait) effectué (?:son|sa) (?:unique |seul "
                     r"|premier |dernier )?vol", (LAUNCH,), weak=True),
    KindPhrase("en", r"fl(?:ew|own|ies|y) (?:into|to) (?:space|orbit)|went (?:into|to) (?:space|orbit)"
                     r"|(?:first|maiden|inaugural|debut) (?:flight|launch|mission)|(?:made|makes) (?:its|her|his|their)"
                     r" (?:first|maiden|debut) flight|orbited|was launched", (LAUNCH,)),
    KindPhrase("en", r"fl(?:ew|own)(?: aboard| on| in)?", (LAUNCH,)),
    KindPhrase("fr", r"lancements?|lancé(?:e|es|s)?|décoll\w*|decoll\w*|s'est envolée?|se sont envolé(?:e|es|s)?"
                     r"|premier vol|vol inaugural|a volé|ont volé|est parti(?:e)? dans l'espace|mis(?:e)? en orbite",
               (LAUNCH,)),
    KindPhrase("en", r"splash(?:ed|es)?[ -]?down|splashdown|touch(?:ed|es)?[ -]?down|touchdown|returned to earth"
                     r"|came (?:back|home)|re-?entry|re-?entered|landed back|was deorbited|deorbit(?:ed)?", (LANDING,)),
    KindPhrase("fr", r"amerri\w*|retour sur terre|rentrée atmosphérique|rentrée|revenus? sur terre"
                     r"|rentré(?:e|s|es)? sur terre|désorbité(?:e)?|desorbite"
                     r"|regagn(?:é|e|ent|ait|a|èrent)? (?:la )?terre",
               (LANDING,)),
    # People land somewhere too: "Bakanov landed in Houston", "a atterri à Houston" is an arrival.
    KindPhrase("en", r"land(?:ed|s|ing)", (LANDING, VISIT)),
    KindPhrase("fr", r"atterri\w*|se pos\w*|s'est posée?|se sont posé(?:e|s|es)?|posé(?:e|s|es)? sur",
               (LANDING, VISIT)),
    KindPhrase("en", r"dock(?:ed|s|ing)?|berth(?:ed|s|ing)?", (DOCKING,)),
    KindPhrase("fr", r"amarr\w*|arrim\w*", (DOCKING,)),
    KindPhrase("en", r"undock(?:ed|s|ing)?|unberth(?:ed|s|ing)?", (UNDOCKING,)),
    KindPhrase("fr", r"désamarr\w*|desamarr\w*", (UNDOCKING,)),
    KindPhrase("en", r"space ?walks?|spacewalking|walk(?:s|ed|ing)? in space|walk(?:s|ed|ing)? on the moon"
                     r"|moonwalks?|eva|extravehicular", (SPACEWALK,)),
    KindPhrase("fr", r"sorties? extrav[ée]hiculaires?|marché dans l'espace"
                     r"|sorti(?:e|es|s|r)? (?:\w+ ){0,2}dans l'espace", (SPACEWALK,)),
    KindPhrase("en", r"visit\w*|toured|tours? of|arriv(?:ed|es|al|ing)|trip", (VISIT,)),
    KindPhrase("fr", r"visité\w*|déplacement|deplacement|séjour|sejour|arrivée?s?", (VISIT,)),
    KindPhrase("en", r"met|meet(?:s|ing|ings)?|talks|summit", (MEETING,)),
    KindPhrase("fr", r"rencontr\w*|réunion|reunion|entretien|entretenu|s'entretenir|sommet|pourparlers", (MEETING,)),
    KindPhrase("en", r"appoint(?:ed|s|ment)?|named|sworn in|took office|became (?:the )?(?:\w+ ){0,2}(?:head"
                     r"|administrator|director|chief)", (APPOINTMENT,)),
    KindPhrase("fr", r"nommée?s?|pr[êe]t[ée] serment|investie?|devenu(?:e)? (?:le |la )?(?:chef|patron|directeur"
                     r"|directrice|administrat\w*)", (APPOINTMENT,)),
    KindPhrase("en", r"announc(?:ed|es|ement)|decid(?:ed|es)|decision|nominat(?:ed|es|ion)|nominee", (ANNOUNCEMENT,)),
    KindPhrase("fr", r"annonc\w*|décid\w*|décision|nomination", (ANNOUNCEMENT,)),
    # Losses: a launch's or a return's; see the module notes.
    KindPhrase("en", r"died|dies|killed|perished|explod(?:ed|es)|blew up|broke (?:apart|up)|disintegrated|was lost"
                     r"|were lost|was destroyed|crashed|disaster|tragedy|accident", (LAUNCH, LANDING), weak=True),
    KindPhrase("fr", r"morts?|mourir|tués?|péri|a explosé|explosé(?:e)?|s'est désintégrée?|désintégrée?|perdue?s?"
                     r"|détruite?|s'est écrasée?|catastrophe|tragédie|accident", (LAUNCH, LANDING), weak=True),
)


class Assertion(StrEnum):
    """What a sentence says became of the event it names."""

    SUCCESS = "success"  # it worked: reached orbit, landed safely
    FAILURE = "failure"  # it failed, or was lost
    FIRST = "first"  # the first of its kind: a vehicle's maiden flight
    FIRST_TIME = "first time"  # something done for the first time: with a success, the first that succeeded
    PLANNED = "planned"  # a plan, not something done: "is scheduled to launch"
    CANCELLED = "cancelled"  # it was called off


@dataclass(frozen=True)
class AssertionPhrase:
    """A phrase asserting something of an event, in a language."""

    language: str
    pattern: str
    asserts: Assertion


ASSERTION_PHRASES: tuple[AssertionPhrase, ...] = (
    AssertionPhrase("en", r"successful(?:ly)?|reached orbit|went into orbit|safely|without incident|(?:was|were) a "
                          r"success|succeeded", Assertion.SUCCESS),
    AssertionPhrase("fr", r"avec succès|un succès|réussi(?:e|s|es)?|a atteint l'orbite|sans encombre"
                          r"|sain(?:e|s|es)? et sau(?:f|ve|fs|ves)", Assertion.SUCCESS),
    AssertionPhrase("en", r"(?<!nearly )(?<!almost )(?<!narrowly )fail(?:ed|s|ure)|unsuccessful(?:ly)?|died|dies"
                          r"|killed|perished|explod(?:ed|es)|blew up"
                          r"|broke (?:apart|up)|disintegrated|was lost|were lost|was destroyed|crashed"
                          r"|lost (?:its|their) crew|disaster|tragedy", Assertion.FAILURE),
    AssertionPhrase("fr", r"échou\w*|echou\w*|échec|echec|morts?|tués?|péri|a explosé|explosé(?:e)?|s'est désintégrée?"
                          r"|désintégrée?|perdue?s?|détruite?|s'est écrasée?|catastrophe|tragédie", Assertion.FAILURE),
    AssertionPhrase("en", r"(?:first|maiden|inaugural|debut) (?:flight|launch)|(?:made|makes) (?:its|her|his|their) "
                          r"(?:first|maiden|debut) flight|flew for the first time|first launched",
                    Assertion.FIRST),
    AssertionPhrase("fr", r"premier vol|vol inaugural|lancement inaugural|a volé pour la première fois"
                          r"|premier lancement", Assertion.FIRST),
    AssertionPhrase("en", r"for the first time", Assertion.FIRST_TIME),
    AssertionPhrase("fr", r"pour la première fois", Assertion.FIRST_TIME),
    # "The first Saturn V", "its first launch", "la première femme": the earliest of those that fit alike.
    AssertionPhrase("en", r"the first|(?:its|her|his|their) first", Assertion.FIRST),
    AssertionPhrase("fr", r"(?:le|son) premier|(?:la|sa) première", Assertion.FIRST),
    AssertionPhrase("en", r"(?:is|are|was|were|had) (?:scheduled|planned|due|set|expected) to|planned to"
                          r"|plann(?:ed|ing) for|will (?:launch|fly|land|dock"
                          r"|meet|visit|lift off|take off|splash down)|plans to|is to (?:launch|fly|meet|visit)",
                    Assertion.PLANNED),
    AssertionPhrase("fr", r"prévoyai(?:t|ent)|(?:avait|avaient) prévu|(?:est|était|sont|étaient) (?:prévue?s?"
                          r"|programmée?s?|attendue?s?)|doit (?:décoller|partir"
                          r"|être lancée?|rencontrer|visiter)|devrait|décollera|partira|sera lancée?",
                    Assertion.PLANNED),
    AssertionPhrase("en", r"(?:was|were) (?:cancell?ed|called off|scrapped|abandoned)", Assertion.CANCELLED),
    AssertionPhrase("fr", r"(?:a été|ont été|fut) annulée?s?|annulée?s?", Assertion.CANCELLED),
)


@dataclass(frozen=True)
class RelativeDay:
    """A phrase dating a sentence from the one before it ("the same day", "two days later", "la veille"): `days`
    after the previous sentence's date, or, for a counted phrase, `sign` times the number it counts."""

    language: str
    pattern: str
    days: int = 0
    sign: int = 0


COUNTED_DAYS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
                "huit": 8, "neuf": 9, "dix": 10}
"""Number words a counted phrase may use ("two days later", "deux jours plus tard")."""

_COUNT = r"(?P<count>\d{1,3}|" + "|".join(COUNTED_DAYS) + ")"

RELATIVE_DAYS: tuple[RelativeDay, ...] = (
    RelativeDay("en", r"(?:on )?(?:the|that) (?:very )?same day|(?:on )?that day|the same day", 0),
    RelativeDay("en", r"the (?:next|following) day|the day after|a day later|one day later", 1),
    RelativeDay("en", r"the (?:day before|previous day|eve)|a day (?:earlier|before)", -1),
    RelativeDay("en", _COUNT + r" days (?:later|after(?:wards)?)", sign=1),
    RelativeDay("en", _COUNT + r" days (?:earlier|before)", sign=-1),
    RelativeDay("fr", r"le même jour|ce même jour|ce jour-là|le jour même", 0),
    RelativeDay("fr", r"le lendemain|le jour suivant|un jour plus tard", 1),
    RelativeDay("fr", r"la veille|le jour précédent|un jour plus tôt", -1),
    RelativeDay("fr", _COUNT + r" jours (?:plus tard|après)", sign=1),
    RelativeDay("fr", _COUNT + r" jours (?:plus tôt|avant|auparavant)", sign=-1),
)


PROGRAMME_SPELLINGS: dict[str, str] = {
    "soyouz": "soyuz", "spoutnik": "sputnik", "saliout": "salyut", "bourane": "buran", "iouri": "yuri",
    "proton-k": "proton", "voskhod": "voskhod", "lunokhod": "lunokhod", "louna": "luna", "venera": "venera",
    "mars": "mars", "zond": "zond", "kosmos": "kosmos", "cosmos": "kosmos",
}
"""French (and other) spellings of programme names, folded, to the one the catalogue writes: "Soyouz MS-03" is
Soyuz MS-03, "Spoutnik 1" Sputnik 1 (a designator is compared in this one spelling)."""
