"""Where the store's places are: launch sites, cities, regions and countries in English and French, each with the
store places (and smaller regions) it contains, so that "launched from Florida" is checked against a launch recorded
at Kennedy Space Center, and "from Vandenberg" against one recorded at Kennedy is wrong.

Contents name places as the store names them: the curated places of data/core.json and the common site names of
the launch catalogue (formats/gcat.py, COMMON_SITE_NAMES). A region may contain other regions.

The store's own tree of places (data/places.tsv: "Moon" holds the Sea of Tranquility) is consulted as well, while
`using_tree` holds it: candidates.py reads it from the store for each check (this module never reads the store).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from tracker.names import fold

_TREE: ContextVar[dict[str, frozenset[str]] | None] = ContextVar("place_tree", default=None)


@contextmanager
def using_tree(contents: dict[str, frozenset[str]]) -> Iterator[None]:
    """Within the block, places hold what the store's tree says they hold (folded name -> folded names inside
    it, itself included), besides the table below."""
    token = _TREE.set(contents)
    try:
        yield
    finally:
        _TREE.reset(token)


def _in_tree(claimed: str, recorded: str) -> bool:
    tree = _TREE.get()
    return tree is not None and fold(recorded) in tree.get(fold(claimed), frozenset())


def _tree_locates(place: str) -> bool:
    """Whether the store's tree puts `place` inside another place: a key holding more than it does (its own other
    names hold exactly what it holds)."""
    tree = _TREE.get()
    if tree is None:
        return False
    own = tree.get(fold(place), frozenset({fold(place)}))
    return any(fold(place) in inside and inside > own for inside in tree.values())

KSC = "Kennedy Space Center"
CCSFS = "Cape Canaveral Space Force Station"
_CAPE = (KSC, CCSFS, "Boeing Commercial Crew and Cargo Processing Facility")

REGIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (other spellings, English and French; what it contains)
    "Cape Canaveral": (("Cap Canaveral", "Canaveral", "Merritt Island"), _CAPE),
    "Florida": (("Floride",), ("Cape Canaveral", "Atlantic Ocean off Florida", "Gulf of Mexico off Florida")),
    "Houston": (("Houston, Texas",), ("Houston", "Johnson Space Center")),
    "Texas": ((), ("Houston", "Starbase", "Boca Chica")),
    "Boca Chica": ((), ("Starbase",)),
    "Vandenberg": ((), ("Vandenberg Space Force Base",)),
    "California": (("Californie",), ("Vandenberg", "Pacific Ocean off California")),
    "Wallops": (("Wallops Island",), ("Wallops Flight Facility",)),
    "Virginia": (("Virginie",), ("Wallops",)),
    "New Mexico": (("Nouveau-Mexique",), ("White Sands Space Harbor",)),
    "Alaska": ((), ("Pacific Spaceport Complex – Alaska",)),
    "Washington": (("Washington, D.C.",), ("Washington, D.C.",)),
    "United States": (("USA", "U.S.", "États-Unis", "Etats-Unis", "America", "Amérique"),
                      ("Florida", "Texas", "California", "Virginia", "New Mexico", "Alaska", "Washington")),
    "Baikonur": (("Baïkonour", "Baykonur", "Tyuratam", "Байконур"), ("Baikonur Cosmodrome",)),
    "Kazakhstan": (("Kazakstan",), ("Baikonur", "Kazakhstan steppe")),
    "Plesetsk": (("Plessetsk",), ("Plesetsk Cosmodrome",)),
    "Vostochny": (("Vostotchny", "Восточный"), ("Vostochny Cosmodrome",)),
    "Moscow": (("Moscou", "Москва"), ("Moscow",)),
    "Russia": (("Russie", "Россия"), ("Plesetsk", "Vostochny", "Kapustin Yar", "Moscow")),
    "Jiuquan": (("Dongfeng",), ("Jiuquan Satellite Launch Center",)),
    "Wenchang": ((), ("Wenchang Space Launch Site",)),
    "Hainan": ((), ("Wenchang",)),
    "Xichang": ((), ("Xichang Satellite Launch Center",)),
    "Taiyuan": ((), ("Taiyuan Satellite Launch Center",)),
    "China": (("Chine", "中国"), ("Jiuquan", "Hainan", "Xichang", "Taiyuan")),
    "Kourou": ((), ("Guiana Space Centre",)),
    "French Guiana": (("Guyane", "Guyane française", "Guiana"), ("Kourou",)),
    "Sriharikota": ((), ("Satish Dhawan Space Centre",)),
    "India": (("Inde",), ("Sriharikota",)),
    "Tanegashima": ((), ("Tanegashima Space Center",)),
    "Uchinoura": ((), ("Uchinoura Space Center",)),
    "Japan": (("Japon",), ("Tanegashima", "Uchinoura")),
    "Mahia": (("Mahia Peninsula",), ("Rocket Lab Launch Complex 1",)),
    "New Zealand": (("Nouvelle-Zélande",), ("Mahia",)),
    "South Korea": (("Corée du Sud", "Korea"), ("Naro Space Center",)),
    "North Korea": (("Corée du Nord",), ("Sohae Satellite Launching Station",)),
    "Israel": (("Israël",), ("Palmachim Airbase",)),
}
"""Each region's name, other spellings and contents (store places and smaller regions)."""


@cache
def _regions() -> dict[str, str]:
    """Folded spellings of every region to its name."""
    return {fold(spelling): name for name, (others, _) in REGIONS.items() for spelling in (name, *others)}


def region_named(name: str) -> str | None:
    """The region a place name means ("Floride" is Florida), or None."""
    return _regions().get(fold(name))


@cache
def places_in(region: str) -> frozenset[str]:
    """Every store place name `region` contains, through smaller regions, folded."""
    found: set[str] = set()
    for content in REGIONS[region][1]:
        found.add(fold(content))
        if content in REGIONS and content != region:
            found |= places_in(content)
    return frozenset(found)


@cache
def _located() -> frozenset[str]:
    return frozenset().union(*(places_in(region) for region in REGIONS))


def within(claimed: str, recorded: str) -> bool:
    """Whether the place a claim names (a store place or a region) is, or contains, the recorded place."""
    if fold(claimed) == fold(recorded) or _in_tree(claimed, recorded):
        return True
    region = region_named(claimed)
    return region is not None and fold(recorded) in places_in(region)


def is_located(place: str) -> bool:
    """Whether the table knows which regions the store place `place` is in (so it can say it is not in one)."""
    return fold(place) in _located() or _tree_locates(place)


def spellings() -> dict[str, list[str]]:
    """Every region with its other spellings, as the fact-checker's lexicon takes names."""
    return {name: list(others) for name, (others, _) in REGIONS.items()}
