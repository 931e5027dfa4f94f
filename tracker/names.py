"""How names are compared: case- and accent-insensitive, whatever the script ("Roscosmos" = "ROSCOSMOS",
"Baïkonour" = "baikonour", "Роскосмос" = "роскосмос")."""

import unicodedata


def fold(name: str) -> str:
    """The lookup key of a name: accents removed, case folded, inner white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())
