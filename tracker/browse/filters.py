"""The filter line: free words (full-text search) and `agency:`, `person:`, `kind:`, `status:`, `outcome:`,
`place:`, `vehicle:` and `trajectory:` terms, read into a query; and completion of the term being typed from the
names the store knows (accent- and case-insensitive). Pure: the names come from the caller."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace

from tracker.errors import InvalidRecord
from tracker.names import fold
from tracker.records import EventKind, EventStatus, Outcome, Trajectory
from tracker.store.query import EventQuery

FIELDS = ("agency", "person", "kind", "status", "outcome", "place", "vehicle", "trajectory")
"""The terms the filter line reads, as `field:value` (a value with spaces in quotes: agency:"Rocket Lab")."""

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "kind": tuple(member.value for member in EventKind),
    "status": tuple(member.value for member in EventStatus),
    "outcome": tuple(member.value for member in Outcome),
    "trajectory": ("orbital", "suborbital", "lunar-surface"),
}
_TRAJECTORIES = {"orbital": Trajectory.ORBITAL, "suborbital": Trajectory.SUBORBITAL,
                 "lunar-surface": Trajectory.LUNAR_SURFACE}


@dataclass(frozen=True)
class Typed:
    """What the filter line says, by field: names as typed, vocabulary values checked, free words."""

    agencies: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    kinds: tuple[EventKind, ...] = ()
    statuses: tuple[EventStatus, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    words: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    trajectories: tuple[Trajectory, ...] = ()


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        raise InvalidRecord(f"filter {text!r}: a quote is not closed") from None


def _is_term(token: str) -> bool:
    field, colon, _value = token.partition(":")
    return bool(colon) and field.lower() in FIELDS


def read_filter(text: str) -> Typed:
    """The terms of `text` (`agency:NASA` or `agency: NASA`: a space after the colon is allowed); raises
    InvalidRecord naming the term when a kind, status or outcome is unknown, a term is empty or a quote is left
    open."""
    found: dict[str, list[str]] = {field: [] for field in FIELDS}
    words: list[str] = []
    tokens = _split(text)
    while tokens:
        token = tokens.pop(0)
        field, colon, value = token.partition(":")
        if colon and field.lower() in FIELDS:
            field = field.lower()
            if not value and tokens and not _is_term(tokens[0]):
                # "agency: nasa" is read as "agency:nasa": people put a space after a colon.
                value = tokens.pop(0)
                token = f"{token}{value}"
            if not value.strip():
                raise InvalidRecord(f"filter term {token!r} needs a value, as in {field}:"
                                    f"{VOCABULARIES.get(field, ('NASA',))[0]}")
            if field in VOCABULARIES and value.lower() not in VOCABULARIES[field]:
                raise InvalidRecord(f"filter term {token!r}: unknown {field} {value!r} "
                                    f"(one of {', '.join(VOCABULARIES[field])})")
            found[field].append(value.lower() if field in VOCABULARIES else value)
        else:
            words.append(token)
    return Typed(agencies=tuple(found["agency"]), people=tuple(found["person"]), places=tuple(found["place"]),
                 kinds=tuple(EventKind(value) for value in found["kind"]),
                 statuses=tuple(EventStatus(value) for value in found["status"]),
                 outcomes=tuple(Outcome(value) for value in found["outcome"]), words=tuple(words),
                 vehicles=tuple(found["vehicle"]),
                 trajectories=tuple(_TRAJECTORIES[value] for value in found["trajectory"]))


def narrowed(query: EventQuery, typed: Typed) -> EventQuery:
    """`query` with the filter line's terms added to its own (values of one field are ORed, fields ANDed)."""
    words = " ".join(filter(None, [query.text, *typed.words]))
    return replace(query, agencies=query.agencies + typed.agencies, people=query.people + typed.people,
                   places=query.places + typed.places, kinds=query.kinds + typed.kinds,
                   statuses=query.statuses + typed.statuses, outcomes=query.outcomes + typed.outcomes,
                   vehicles=query.vehicles + typed.vehicles, trajectories=query.trajectories + typed.trajectories,
                   text=words or None)


_LAST_TERM = re.compile(r"(?P<field>[A-Za-z]+):\s*(?P<quote>\"?)(?P<typed>[^\"]*)$")


def completion(text: str, names: dict[str, list[str]]) -> str | None:
    """`text` with its last term completed (`agency:nas` -> `agency:NASA`), from `names` (field -> known names)
    and the vocabularies: the first known name whose folded form starts with what was typed, else one with a word
    that does; None when nothing completes it."""
    match = _LAST_TERM.search(text)
    if match is None or match.group("field").lower() not in FIELDS:
        return None
    field = match.group("field").lower()
    typed = fold(match.group("typed"))
    if not typed:
        return None
    known = [*VOCABULARIES.get(field, ()), *names.get(field, [])]
    folded = [(fold(name), name) for name in known]
    best = next((name for key, name in folded if key.startswith(typed)), None) or \
        next((name for key, name in folded if any(word.startswith(typed) for word in key.split())), None)
    if best is None or fold(best) == typed:
        return None
    value = f'"{best}"' if " " in best or '"' in best or ":" in best else best
    return text[:match.start()] + f"{match.group('field')}:{value}"
