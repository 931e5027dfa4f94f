"""Every key of the browser, in one table: the bindings are made from it and the help screen lists it."""

from __future__ import annotations

KEYS: list[tuple[str, str, str, str]] = [
    # (keys as Textual names them, comma-separated; as the help shows them; action; what it does)
    ("down,j", "↓ j", "move(1)", "next event"),
    ("up,k", "↑ k", "move(-1)", "previous event"),
    ("pagedown", "PgDn", "page(1)", "a screen further"),
    ("pageup", "PgUp", "page(-1)", "a screen back"),
    ("home", "Home", "first", "first event of the view"),
    ("end", "End", "last", "last event of the view"),
    ("plus,equals_sign", "+", "zoom_in", "zoom in: decade → year → month → week → day (on the cursor's date)"),
    ("minus", "-", "zoom_out", "zoom out: day → week → month → year → decade → every date"),
    ("right_square_bracket,right", "] →", "shift(1)", "next period at this zoom (next month...)"),
    ("left_square_bracket,left", "[ ←", "shift(-1)", "previous period at this zoom"),
    ("t", "t", "today", "go to today (at this zoom)"),
    ("g", "g", "go_to", "go to a date or range (2025-07, 31 juillet 2025, last week, 1969..1972) or an event "
                        "(Apollo 11)"),
    ("slash", "/", "filter", "filter as you type: words, agency: person: kind: status: outcome: place: "
                             "(Tab or → completes names; Enter keeps, Escape clears)"),
    ("enter", "Enter", "open_card", "open the event's card (Escape returns)"),
    ("c", "c", "check", "fact-check a claim against the record"),
    ("e", "e", "export", "export the view with its filters: a file ending .csv, .json or .ics"),
    ("question_mark", "?", "help", "this list of keys"),
    ("q", "q", "quit", "quit"),
]
