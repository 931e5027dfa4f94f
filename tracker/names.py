"""How names are compared: case- and accent-insensitive, whatever the script ("Roscosmos" = "ROSCOSMOS",
"Baïkonour" = "baikonour", "Роскосмос" = "роскосмос")."""

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
