"""The printed table of one engine's results, with each target and whether it was met."""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bench.run import EngineResult

IMPORT_TARGET = 2.0
WEEK_TARGET = 2.0
SEARCH_TARGET = 10.0
EXPORT_TARGET = 2.0
EXPORT_MEMORY_MB = 200.0
PROCESS_TARGET = 1.0
"""A short command's process (timeline, show, check) against the bare import of its libraries (issues 26, 30)."""
PEER_IMPORT_TARGET = 1.0
PEER_EXPORT_TARGET = 3.0
PEER_EXPORT_QUERY_TARGET = 1.0
"""tracker's export process against the fair peer: the same columns through `sqlite-utils query --csv` (issue 30)."""
PEER_SEARCH_TARGET = 1.5
BROWSE_FIRST_SCREEN_MS = 500.0
BROWSE_KEYSTROKE_MS = 150.0
"""The page drawn after each keystroke of a filter, any filter (issue 30); the count and strip may come later."""


class Line(NamedTuple):
    """One row: what, tracker's value, the baseline's, their ratio, the target and whether it is met."""

    label: str
    project: str
    raw: str
    ratio: float | None
    target: str
    met: bool | None


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


def _import_lines(result: EngineResult) -> list[Line]:
    mine, raw = result.import_project, result.import_raw
    if mine is None or raw is None:
        return [Line("1 import (CSV to store)", "reused", "reused", None, f"<= {IMPORT_TARGET:g}x", None)]
    ratio = mine["seconds"] / raw["seconds"]
    return [
        Line("1 import (CSV to store)", _s(mine["seconds"]), _s(raw["seconds"]), ratio, f"<= {IMPORT_TARGET:g}x",
             ratio <= IMPORT_TARGET),
        Line("  import peak RSS", _mb(mine["peak_mb"]), _mb(raw["peak_mb"]), mine["peak_mb"] / raw["peak_mb"],
             "bounded", None),
        *([Line("  raw loading by COPY instead of executemany", _s(mine["seconds"]), _s(raw["copy_seconds"]),
                mine["seconds"] / raw["copy_seconds"], "", None)] if "copy_seconds" in raw else []),
    ]


def _query_lines(result: EngineResult) -> list[Line]:
    best_raw_week = result.week_raw_bucketed
    week = result.week_project / best_raw_week
    versus_week = result.search_project / best_raw_week
    return [
        Line(f"2 week query p50 ({result.week_events:.0f} events)", _ms(result.week_project), _ms(best_raw_week),
             week, f"<= {WEEK_TARGET:g}x", week <= WEEK_TARGET),
        Line("  raw with the plain overlap predicate", "", _ms(result.week_raw),
             result.week_project / result.week_raw, "", None),
        Line(f"3 full-text search p50 ({result.search_events:.0f} events)", _ms(result.search_project),
             _ms(result.search_raw), result.search_project / result.search_raw, "", None),
        Line("  search / raw week query", _ms(result.search_project), _ms(best_raw_week), versus_week,
             f"< {SEARCH_TARGET:g}x", versus_week < SEARCH_TARGET),
    ]


def _export_lines(result: EngineResult) -> list[Line]:
    mine, raw = result.export_project, result.export_raw
    ratio = mine["seconds"] / raw["seconds"]
    rate = f"{mine['events'] / mine['seconds']:,.0f}/s", f"{raw['events'] / raw['seconds']:,.0f}/s"
    return [
        Line("4 CSV export of all events", _s(mine["seconds"]), _s(raw["seconds"]), ratio,
             f"<= {EXPORT_TARGET:g}x", ratio <= EXPORT_TARGET),
        Line("  export throughput", *rate, None, ">= raw / 2", None),
        Line("  export peak RSS", _mb(mine["peak_mb"]), _mb(raw["peak_mb"]), None,
             f"< {EXPORT_MEMORY_MB:g} MB", mine["peak_mb"] < EXPORT_MEMORY_MB),
        Line("  same bytes as raw", "yes" if result.export_identical else "NO", "", None, "", None),
    ]


def _process_lines(result: EngineResult) -> list[Line]:
    processes = result.startup
    ratios = processes.ratios
    return [
        Line(f"5 timeline process ({processes.timeline_events} events)", _s(processes.timeline),
             _s(processes.bare_import), ratios["timeline"], f"<= {PROCESS_TARGET:g}x",
             ratios["timeline"] <= PROCESS_TARGET),
        Line("  show process (the first of them)", _s(processes.show), _s(processes.bare_import), ratios["show"],
             f"<= {PROCESS_TARGET:g}x", ratios["show"] <= PROCESS_TARGET),
        Line("  check process (its title on its day)", _s(processes.check), _s(processes.bare_import),
             ratios["check"], f"<= {PROCESS_TARGET:g}x", ratios["check"] <= PROCESS_TARGET),
        Line("  tracker --help / python -c pass", _s(processes.help_seconds), _s(processes.python_seconds),
             processes.help_seconds / processes.python_seconds, "", None),
        Line("  --help/--version free of SQLAlchemy and DB layer", "yes" if processes.help_is_light else "NO", "",
             None, "yes", processes.help_is_light),
    ]


def _peer_lines(result: EngineResult) -> list[Line]:
    """tracker beside sqlite-utils (whole processes; the "raw" column holds the peer's figure)."""
    measured = result.peer
    if measured is None:
        return [Line(f"peer: {result.peer_note}", "", "", None, "", None)] if result.peer_note else []
    ratios = result.peer_ratios
    found: list[Line] = [Line("peer sqlite-utils (its figure in the raw column)", "", "", None, "", None)]
    if "import" in ratios and result.import_project is not None and measured.import_seconds is not None:
        found += [
            Line("P1 import / sqlite-utils insert --csv --pk slug", _s(result.import_project["seconds"]),
                 _s(measured.import_seconds), ratios["import"], f"<= {PEER_IMPORT_TARGET:g}x",
                 ratios["import"] <= PEER_IMPORT_TARGET),
            Line("  import peak RSS / sqlite-utils", _mb(result.import_project["peak_mb"]),
                 _mb(measured.import_peak_mb or 0.0), None, "", None),
            Line("  + sqlite-utils enable-fts (its search index)", "", _s(measured.fts_seconds or 0.0), None, "",
                 None),
        ]
    else:
        found.append(Line("P1 import / sqlite-utils insert", "reused", "reused", None, "", None))
    hits = f"{measured.search_hits_tracker}/{measured.search_hits_peer} hits"
    return [
        *found,
        Line("P2 export process / sqlite-utils rows --csv", _s(measured.export_tracker), _s(measured.export_peer),
             ratios["export"], f"<= {PEER_EXPORT_TARGET:g}x", ratios["export"] <= PEER_EXPORT_TARGET),
        Line("P2 export / sqlite-utils query --csv, same joins", _s(measured.export_query_tracker),
             _s(measured.export_query_peer), ratios["export query"], f"<= {PEER_EXPORT_QUERY_TARGET:g}x",
             ratios["export query"] <= PEER_EXPORT_QUERY_TARGET),
        Line("  CPU time (user + system), the same pair", _s(measured.export_query_tracker_cpu),
             _s(measured.export_query_peer_cpu),
             measured.export_query_tracker_cpu / measured.export_query_peer_cpu
             if measured.export_query_peer_cpu else None, "", None),
        Line(f"  every row the same: {'yes' if measured.export_rows_agree else 'NO'}", "", "", None, "", None),
        Line(f"P3 search process / sqlite-utils search ({hits})", _s(measured.search_tracker),
             _s(measured.search_peer), ratios["search"], f"<= {PEER_SEARCH_TARGET:g}x",
             ratios["search"] <= PEER_SEARCH_TARGET),
    ]


def _browse_lines(result: EngineResult) -> list[Line]:
    """`tracker browse` (milliseconds; no baseline: the targets are absolute)."""
    measured = result.browse
    if measured is None:
        return []
    every_date = median(measured["first_screen_every_date_ms"])
    found = [Line("6 browse: first screen, every date (median)", f"{every_date:.0f} ms", "", None,
                  f"<= {BROWSE_FIRST_SCREEN_MS:g} ms", every_date <= BROWSE_FIRST_SCREEN_MS),
             Line("  first screen, a year (median)", f"{median(measured['first_screen_year_ms']):.0f} ms", "", None,
                  "", None)]
    for typed in measured["keystrokes"]:
        slowest = max(typed["page_ms"])
        found.append(Line(f"  filter {typed['typed'][:24]!r}: slowest keystroke", f"{slowest:.0f} ms", "", None,
                          f"<= {BROWSE_KEYSTROKE_MS:g} ms", slowest <= BROWSE_KEYSTROKE_MS))
    found.append(Line("  scrolling 2,000 events: longest wait", f"{measured['page_wait_max_ms']:.0f} ms", "", None,
                      "", None))
    return found


def lines(result: EngineResult) -> list[Line]:
    """Every row of the table."""
    return [*_import_lines(result), *_query_lines(result), *_export_lines(result), *_process_lines(result),
            *_browse_lines(result), *_peer_lines(result)]


def table(result: EngineResult) -> str:
    """The results of one engine as a plain-text table (ratios are tracker/raw: lower is better)."""
    heading = (f"\n{result.dialect}: {result.events:,} events, {result.queries} queries "
               "(ratio = tracker / raw; lower is better)")
    rows = [f"{'step':<52} {'tracker':>11} {'raw':>11} {'ratio':>8}  {'target':<10} met"]
    for line in lines(result):
        ratio = f"{line.ratio:.2f}x" if line.ratio is not None else ""
        verdict = "" if line.met is None else ("yes" if line.met else "MISSED")
        rows.append(f"{line.label:<52} {line.project:>11} {line.raw:>11} {ratio:>8}  {line.target:<10} {verdict}")
    summary = "ratios: " + ", ".join(f"{name} {value:.2f}" for name, value in result.ratios.items())
    peer = result.peer_ratios
    versus = ("tracker/sqlite-utils: " + ", ".join(f"{name} {value:.2f}" for name, value in peer.items())
              if peer else "")
    return "\n".join([heading, *rows, *([versus] if versus else []), summary])
