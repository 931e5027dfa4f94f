"""How text is compared: case- and accent-insensitive, whatever the script ("Roscosmos" = "ROSCOSMOS",
"Baïkonour" = "baikonour", "Роскосмос" = "роскосмос"). Every fold in tracker is here: names as lookup keys
(`fold`), phrases read for dates (`fold_phrase`), text whose offsets must survive (`fold_keeping_length`), and
search words (`search_words`)."""

import unicodedata
from functools import lru_cache


# An import looks up the same few thousand names hundreds of thousands of times (every participant of every
# event, through the directories); folding is pure, so each distinct name is folded once.
@lru_cache(maxsize=65_536)
def fold(name: str) -> str:
    """The lookup key of a name: accents removed, case folded, inner white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def fold_phrase(text: str) -> str:
    """Lowercase and unaccented, with typographic apostrophes made plain and spaces kept: "Aujourd’hui" is
    "aujourd'hui" (how date phrases are read)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def fold_keeping_length(text: str) -> str:
    """`text` lowercased, without accents, with typographic apostrophes made plain, one character for one: offsets
    in the result are offsets in `text` ("Août" is "aout", "L’ISS" is "l'iss")."""
    if text.isascii():  # most names: nothing to unaccent, and lowering keeps the length
        return text.lower().replace("`", "'")
    folded = []
    for char in text:
        if char in "’‘`´ʼ":
            folded.append("'")
            continue
        bare = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
        lower = bare.lower()
        if len(lower) == 1:
            folded.append(lower)
        else:
            folded.append(char.lower() if len(char.lower()) == 1 else char)
    return "".join(folded)


def search_words(query: str) -> list[str]:
    """The words of a search query, folded, without the punctuation a full-text engine would read as syntax."""
    return "".join(char if char.isalnum() else " " for char in fold(query)).split()


FAMILY_NAME_FIRST = frozenset({
    "Cai", "Chen", "Deng", "Fei", "Gui", "Jiang", "Jing", "Li", "Liu", "Nie", "Song", "Tang", "Wang", "Wu", "Yang",
    "Ye", "Zhai", "Zhang", "Zhu",  # the Chinese astronauts' family names (McDowell's rides, CMSA crews to 2025)
    "Yi", "Pham", "Farkas",  # Yi Soyeon, Pham Tuan, Farkas Bertalan
})
"""Family names written first ("Yang Liwei"): a two-word name starting with one is that family's."""


def family_name(name: str) -> str:
    """The name a crew list shows for a person: the surname ("Neil Armstrong" -> "Armstrong", with its particle:
    "Frank de Winne" -> "de Winne"), the first word of a two-word name written family name first ("Yang Liwei" ->
    "Yang")."""
    words = name.split()
    if len(words) == 2 and words[0] in FAMILY_NAME_FIRST:
        return words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1] in ("de", "van", "von", "da", "di", "del", "der", "le", "la", "dos", "du"):
        start -= 1
    return " ".join(words[start:]) if words else name


ROMAN_NUMERALS: dict[str, int] = {numeral: number for number, numeral in enumerate(
    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii"),
    start=1)}
"""Roman numerals as missions are numbered (folded): "Artemis II" is Artemis 2, "Apollo XI" Apollo 11."""
