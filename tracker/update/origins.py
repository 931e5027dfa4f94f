"""Where `tracker db update` takes its files from, in one place, and where it keeps what it downloaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.bundled import GCAT_URL, MCDOWELL_URL


@dataclass(frozen=True)
class SourceFile:
    """One file an update reads: its name (as it sits in a folder or a mirror, optionally with `.gz`), the URL it
    is published at, whether the update can do without it (a companion table: the bundled copy stands in), and
    what it is, for messages."""

    name: str
    url: str
    what: str
    companion: bool = False


GCAT_LAUNCH_LOG = SourceFile("launchlog.tsv", "https://planet4589.org/space/gcat/tsv/derived/launchlog.tsv",
                             "GCAT launch log")
GCAT_ORGS = SourceFile("orgs.tsv", "https://planet4589.org/space/gcat/tsv/tables/orgs.tsv",
                       "GCAT organisation table", companion=True)
GCAT_SITES = SourceFile("sites.tsv", "https://planet4589.org/space/gcat/tsv/tables/sites.tsv",
                        "GCAT launch-site table", companion=True)
MCDOWELL_MISSIONS = SourceFile("missions.tsv", "https://planet4589.org/space/astro/lists/missions.tsv",
                               "McDowell's human-spaceflight missions list")
MCDOWELL_RIDES = SourceFile("rides.tsv", "https://planet4589.org/space/astro/lists/rides.tsv",
                            "McDowell's crew rides table", companion=True)

CATALOGUE_FILES = (GCAT_LAUNCH_LOG, GCAT_ORGS, GCAT_SITES, MCDOWELL_MISSIONS, MCDOWELL_RIDES)
"""Every file `tracker db update` downloads, in the order it downloads them."""

LL2_API = "https://ll.thespacedevs.com/2.3.0/"
"""Launch Library 2's API, version 2.3 (TheSpaceDevs)."""
LL2_UPCOMING = "launches/upcoming/"
"""The upcoming launches endpoint, under the API (or a mirror given with --from)."""
LL2_PAGE_SIZE = 100
"""Results asked for per page: the most LL2 gives, so the fewest requests of the free tier's 15 an hour."""
LL2_URL = "https://thespacedevs.com/llapi"
"""The page every launch read from Launch Library 2's upcoming list cites, and whose date is when it was read."""
LL2_CREDIT = "Launch Library 2 by The Space Devs (thespacedevs.com): free tier, 15 requests an hour"

SOURCE_NAMES = {GCAT_URL: "GCAT launch log", MCDOWELL_URL: "McDowell's human-spaceflight missions list",
                LL2_URL: "Launch Library 2 upcoming launches"}
"""The sources whose date `tracker info` shows, by the URL the store keeps them under."""


def cache_directory() -> Path:
    """The folder downloads are kept in, with what the server said of each (ETag, Last-Modified) so an unchanged
    file is not downloaded again: `downloads/` in the user's data directory, beside the default database."""
    import platformdirs

    return platformdirs.user_data_path("tracker", appauthor=False) / "downloads"
