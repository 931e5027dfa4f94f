"""The user's settings: `config.toml` in the per-user configuration directory (`$XDG_CONFIG_HOME/tracker`, usually
`~/.config/tracker`; `$TRACKER_CONFIG` names another file), read with `tomllib`. Every key is optional:

    database = "~/space/tracker.db"     # the database when neither --db nor $TRACKER_DATABASE_URL is given
    pager = "less -FRX"                 # the pager for long output ($TRACKER_PAGER and $PAGER come first)
    color = "auto"                      # auto, always or never (NO_COLOR and FORCE_COLOR come first)
    tz = "Europe/Paris"                 # the zone ranges are read in when --tz is not given
    date_order = "dayfirst"             # how 03/04/2025 is read: dayfirst or monthfirst (else refused as ambiguous)
    create_names = false                # import creates unknown names without --create-names

Options given on the command line come first, then environment variables, then this file. A file that cannot be
read, or holds an unknown key or a value of the wrong kind, is a one-line error naming the file and the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from tracker import limits
from tracker.cli import Failure
from tracker.errors import InvalidRecord
from tracker.paths import expanded

CONFIG_VARIABLE = "TRACKER_CONFIG"
COLORS = ("auto", "always", "never")
DATE_ORDERS = ("dayfirst", "monthfirst")


@dataclass(frozen=True)
class Settings:
    """What the configuration file says; None (or False) where it says nothing."""

    database: str | None = None
    pager: str | None = None
    color: str | None = None
    tz: str | None = None
    date_order: str | None = None
    create_names: bool = False


def config_path() -> Path:
    """The configuration file: $TRACKER_CONFIG, else config.toml in the per-user configuration directory."""
    if os.environ.get(CONFIG_VARIABLE):
        return expanded(os.environ[CONFIG_VARIABLE], f"${CONFIG_VARIABLE}")
    import platformdirs

    return platformdirs.user_config_path("tracker", appauthor=False) / "config.toml"


def settings() -> Settings:
    """The settings of the configuration file (all defaults when there is none); Failure (one line, exit 1) naming
    the file and the key when it cannot be used."""
    path = config_path()
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.CONFIG_MAX_BYTES + 1)
    except FileNotFoundError:
        return Settings()  # the usual case: no file, and no TOML parser to import
    except OSError as exc:
        raise Failure(f"cannot read the configuration file {path}: {exc}") from None
    if len(data) > limits.CONFIG_MAX_BYTES:
        raise Failure(f"{path}: larger than {limits.size_label(limits.CONFIG_MAX_BYTES)}, the limit for the "
                      "configuration file")
    import tomllib

    try:
        found = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise Failure(f"cannot read the configuration file {path}: {exc}") from None
    except RecursionError:  # tomllib reads nested tables and arrays recursively: thousands of them exhaust it
        raise Failure(f"cannot read the configuration file {path}: its tables or arrays are nested too deeply "
                      "(no setting is nested at all)") from None
    known = {field.name: field for field in fields(Settings)}
    for key, value in found.items():
        if key not in known:
            raise Failure(f"{path}: unknown key {key!r} (known: {', '.join(known)})")
        wanted = bool if key == "create_names" else str
        if not isinstance(value, wanted):
            raise Failure(f"{path}: {key} must be {'true or false' if wanted is bool else 'text'}")
        if isinstance(value, str) and "\x00" in value:
            raise Failure(f"{path}: {key} ({value!r}) contains a NUL character (\\x00), which no setting may hold")
    for key, allowed in (("color", COLORS), ("date_order", DATE_ORDERS)):
        if key in found and found[key] not in allowed:
            raise Failure(f"{path}: {key} must be one of {', '.join(allowed)}, not {found[key]!r}")
    if "database" in found and "://" not in found["database"]:
        try:
            found["database"] = str(expanded(found["database"], f"{path}: database"))
        except InvalidRecord as exc:
            raise Failure(str(exc)) from None
    return Settings(**found)
