"""Metadata for Datasette (https://datasette.io) over a SQLite store: who to credit for the data and under which
licence, what each table and column holds, the words behind coded columns, which tables are tracker's own
machinery (hidden), the search index, and facets that answer quickly on the bundled store.

Facets were chosen by timing them on the bundled store with its launch catalogue (about 7,800 events), against
Datasette's limit of 200 ms per facet (`facet_time_limit_ms`):

- Faceting `events_readable` by its JSON lists (`_facet_array=agencies`) makes Datasette expand every event's list
  and de-duplicate whole rows, each computing its names: 0.3 to 0.5 s, over the limit, so it "times out". No
  definition of the view can make that cheap: the same facet on a table holding the view's rows took 0.15 s on
  the same (busy) machine, Datasette's `select distinct` over whole rows being most of the cost. The
  cheap way to count events per agency or person is the link tables, `event_agencies` by `agency_id` and
  `event_people` by `person_id`: Datasette groups the indexed key and shows each agency's or person's name (their
  `label_column`), and a click lists the events, titles shown. Those are the facets offered.
- `events_readable` is faceted by plain columns (kind, status, outcome, precision in words): a GROUP BY each.
"""

from __future__ import annotations

from typing import Any

from tracker.bundled import GCAT_CREDIT, GCAT_URL, MCDOWELL_CREDIT, MCDOWELL_URL
from tracker.dates.when import Precision
from tracker.store.tables import LONGEST_SPAN_CLASS

NASA_EVA_URL = "https://data.nasa.gov/Raw-Data/Extra-vehicular-Activity-EVA-US-and-Russia/9kcy-zwvn"
TIDYTUESDAY_URL = "https://github.com/rfordatascience/tidytuesday/tree/master/data/2020/2020-07-14"

SOURCES: list[tuple[str, str, str, str]] = [
    ("Launch catalogue (every launch since 1957)", GCAT_CREDIT, GCAT_URL,
     "Creative Commons Attribution licence (CC BY)"),
    ("Crews and landings", MCDOWELL_CREDIT, MCDOWELL_URL,
     "no licence stated; credited as the author asks (see data/mcdowell/README.md)"),
    ("Spacewalks", "NASA, Extra-vehicular Activity (EVA) - US and Russia, data.nasa.gov", NASA_EVA_URL,
     "no licence stated; a work of the U.S. Government, credited (see data/nasa-eva/README.md)"),
    ("Names in the original script and nationalities of astronauts",
     "Mariya Stavnichuk and Tatsuya Corlett, astronaut database (Mendeley Data), via TidyTuesday", TIDYTUESDAY_URL,
     "TidyTuesday repository: MIT; the original record's licence not verified; credited "
     "(see data/tidytuesday/README.md)"),
    ("Curated events (2024-2026 missions, meetings, landings and firsts)",
     "tracker's bundled dataset, each event citing its own sources (the sources table)", "", "as each source"),
]
"""Each bundled source: what it gave, its credit, its page, and its licence (as its README in data/ states)."""

HIDDEN = ("alembic_version", "event_search_suspended", "event_search_config", "event_search_content",
          "event_search_data", "event_search_docsize", "event_search_idx")
"""tracker's machinery, not data: the schema revision, the switch that suspends the search triggers during a bulk
import, and the search index's shadow tables (the index itself, `event_search`, is hidden by Datasette and used
through `?_search=`)."""

_PRECISIONS = ", ".join(f"{int(precision)} = {precision.label}" for precision in Precision)
_SPAN_CLASSES = f"k = 0..{LONGEST_SPAN_CLASS}: the interval lasts at most 4^k hours (0 = up to 1 hour, " \
    f"3 = up to 3 days, 7 = up to 2 years; {LONGEST_SPAN_CLASS} = longer)"
_WHEN = {
    "start": "The start as known, ISO 8601 at its precision (2025, 2025-07, 2025-07-31, 2025-08-01T15:43Z); "
             "a date without an offset is local to `timezone`.",
    "end": "The end, inclusive at its own precision (empty: the event has only a start).",
    "timezone": "The IANA zone the dates are read in (the place's when empty).",
}
_EVENT = {
    "slug": "The event's stable identifier (tracker show SLUG).",
    "title": "What happened.",
    "kind": "launch, landing, docking, undocking, spacewalk, visit, meeting, appointment, announcement or other.",
    "status": "planned, occurred, scrubbed, postponed, cancelled or unconfirmed.",
    "outcome": "A launch's outcome: success, failure or partial (empty: not a launch, or not known).",
    "summary": "A few sentences on the event.",
    "designation": "The COSPAR launch designation (1969-059) or another catalogue's identifier.",
    "flight": "The designation of the launch whose flight this event belongs to.",
    "vehicle": "The launch vehicle as the catalogue names its type (Ariane 5G).",
    "vehicle_family": "The family a person would name (Ariane 5).",
    "trajectory": "orbital, suborbital or lunar surface.",
    "aliases": "Other names of the event, one a line (searchable).",
}
_SEARCH = {"fts_table": "event_search", "fts_pk": "id"}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata (the `-m metadata.json` document) for a tracker SQLite file whose Datasette name is
    `database` (its file name without `.db`)."""
    gcat = SOURCES[0]
    return {
        "title": "tracker: space events",
        "description_html": _credits_html(),
        "license": "CC BY (GCAT launch catalogue); every source credited below",
        "license_url": GCAT_URL,
        "source": f"{GCAT_CREDIT}; and the sources below",
        "source_url": gcat[2],
        "databases": {database: {
            "source": "Jonathan C. McDowell (GCAT, human spaceflight lists), NASA, Stavnichuk & Corlett, "
                      "tracker's curated events",
            "source_url": GCAT_URL,
            "license": "CC BY (GCAT); others as credited",
            "license_url": GCAT_URL,
            "tables": {**_tables(), **{name: {"hidden": True} for name in HIDDEN}},
        }},
    }


def _credits_html() -> str:
    from html import escape

    items = []
    for what, credit, url, licence in SOURCES:
        link = f' (<a href="{escape(url)}">{escape(url)}</a>)' if url else ""
        items.append(f"<li><strong>{escape(what)}</strong>: {escape(credit)}{link}. Licence: {escape(licence)}.</li>")
    return ("<p>Dated space events with the precision really known. Data from:</p><ul>" + "".join(items) + "</ul>"
            "<p>Search events with <code>?_search=</code> on <code>events</code> or <code>events_readable</code>; "
            "count events per agency or person by faceting <code>event_agencies</code> by <code>agency_id</code> or "
            "<code>event_people</code> by <code>person_id</code>.</p>")


def _tables() -> dict[str, dict[str, Any]]:
    return {
        "events": {
            **_SEARCH, "label_column": "title", "facets": ["kind", "status", "outcome", "trajectory"],
            "description": "Space events. Coded columns: precision and span_class (events_readable shows them in "
                           "words); lower/upper are the UTC bounds of the interval the dates may cover.",
            "columns": {
                **_EVENT,
                "start_iso": _WHEN["start"], "end_iso": _WHEN["end"], "timezone": _WHEN["timezone"],
                "precision": f"How much of the start is known: {_PRECISIONS}.",
                "span_class": f"Size class of [lower, upper), for range queries: {_SPAN_CLASSES}.",
                "lower": "The first instant the dates may cover (UTC).",
                "upper": "The first instant after everything they may cover (UTC; half-open [lower, upper)).",
                "place_id": "Where it happened (places).",
                "created_at": "When the event was first stored (UTC).",
                "updated_at": "When the event was last changed (UTC).",
            },
        },
        "events_readable": {
            **_SEARCH, "facets": ["kind", "status", "outcome", "precision"],
            "description": "One row per event, in words: precision and span class as words, UTC bounds as ISO text, "
                           "the place's name, agencies and people as JSON lists in their order. To count events per "
                           "agency, facet event_agencies by agency_id (quicker than an array facet here).",
            "columns": {
                **_EVENT, **_WHEN,
                "precision": "How much of the start is known: year, month, day, hour, minute or second.",
                "span_class": "How long the interval the dates cover may be, in words (up to 4 hours, ...).",
                "lower_utc": "The first instant the dates may cover, UTC (ISO 8601).",
                "upper_utc": "The first instant after everything they may cover, UTC (half-open).",
                "place": "Where it happened.",
                "agencies": "The agencies involved (JSON list, short names, in order).",
                "people": "The people involved (JSON list, in order).",
            },
        },
        "event_agencies": {
            "facets": ["agency_id", "role"],
            "description": "Which agencies took part in which event, and how: facet by agency_id to count events "
                           "per agency.",
            "columns": {"event_id": "The event (events).", "agency_id": "The agency (agencies).",
                        "role": "Its part (operator, launch provider, customer, host, ...).",
                        "position": "Order among the event's agencies."},
        },
        "event_people": {
            "facets": ["person_id", "role"],
            "description": "Who took part in which event, and how: facet by person_id to count events per person.",
            "columns": {"event_id": "The event (events).", "person_id": "The person (people).",
                        "role": "Their part (commander, flight engineer, ...).",
                        "position": "Order among the event's people."},
        },
        "agencies": {"label_column": "name", "facets": ["kind", "country"],
                     "description": "Space agencies, companies and other organisations.",
                     "columns": {"name": "Full name.", "short_name": "The name events show (NASA).",
                                 "kind": "agency, company, military, ...", "country": "Country (ISO code or name).",
                                 "parent_id": "The organisation it is part of (agencies).",
                                 "name_key": "The name folded for look-ups (internal).",
                                 "short_key": "The short name folded for look-ups (internal)."}},
        "people": {"label_column": "name", "facets": ["nationality"],
                   "description": "Astronauts, cosmonauts, officials and others named by events.",
                   "columns": {"name": "Name as writers use it.", "nationality": "Nationality.",
                               "name_key": "The name folded for look-ups (internal)."}},
        "places": {"label_column": "name", "facets": ["kind"],
                   "description": "Launch sites, landing zones, stations, bodies, with their zone and coordinates.",
                   "columns": {"timezone": "The IANA zone local dates at the place are read in.",
                               "latitude": "Degrees north.", "longitude": "Degrees east.",
                               "parent_id": "The place it lies within (places).",
                               "name_key": "The name folded for look-ups (internal)."}},
        "sources": {"label_column": "url", "description": "Articles, pages and catalogues events cite."},
        "event_sources": {"description": "Which sources each event cites, in order."},
        "date_revisions": {"description": "Earlier dates and places of events (scrubs, slips, superseded "
                                          "reports), with why and when they were recorded.",
                           "columns": {"status": "What became of that date: planned, scrubbed, postponed, "
                                                 "superseded.", "start_iso": _WHEN["start"], "end_iso": _WHEN["end"]}},
        "field_changes": {"description": "The history of every other field: each value replaced, by whom "
                                         "(author), from which source, and whether it was applied (0: a value "
                                         "kept aside because a user's edit outranks it). Evidence, not machinery.",
                          "facets": ["field", "author"]},
        "tenures": {"description": "Who held which role at which agency, and when."},
        "agency_successions": {"description": "Which agency succeeded which, and when."},
        "agency_aliases": {"description": "Other names of agencies (searchable)."},
        "person_aliases": {"description": "Other names of people: original scripts, French forms, full names."},
        "place_aliases": {"description": "Other names of places."},
        # Datasette 0.65 lists every view, hidden or not: the description at least says what this one is.
        "event_search_source": {"hidden": True, "description": "tracker's machinery: what the search index holds "
                                                               "for each event, as its triggers compute it."},
    }
