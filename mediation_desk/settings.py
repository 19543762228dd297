"""Where the app keeps its data, and which database it uses.

The database URL comes from, in order: the ``--database-url`` option, the
``MEDIATION_DESK_DATABASE_URL`` environment variable, ``database_url`` in ``settings.toml`` in
the data folder, else an embedded SQLite file in the user's data folder (platformdirs).
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "MediationDesk"
ENV_DATABASE_URL = "MEDIATION_DESK_DATABASE_URL"
ENV_DATA_DIR = "MEDIATION_DESK_DATA_DIR"
DEFAULT_IDLE_LOCK_MINUTES = 10.0
#: The idle lock's bounds: a minute at least, a day at most (a larger number would overflow
#: Qt's timer and stop the start; 0 would lock at once, forever).
IDLE_LOCK_RANGE = (1.0, 1440.0)
#: The settings read from the top of ``settings.toml``. A line appended at the end of the file
#: by hand lands inside the last table (``[backup]``, written by the app): such a key is still
#: read as top-level, and the backup page's rewrite moves it back to the top.
TOP_LEVEL_KEYS = (
    "database_url",
    "idle_lock_minutes",
    "lock_timeout_seconds",
    "statement_timeout_seconds",
)
#: The table the app writes at the end of the file (``services.backup_settings``).
BACKUP_TABLE = "backup"

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long an action may wait, in seconds (``settings.toml``: ``lock_timeout_seconds``,
    ``statement_timeout_seconds``)."""

    lock: float = 8.0  # for another writer's lock (SQLite busy timeout, PostgreSQL lock_timeout)
    statement: float = 60.0  # for any one statement (PostgreSQL statement_timeout)
    connect: float = 5.0  # for the server to answer (PostgreSQL)


@dataclass(frozen=True)
class AppSettings:
    data_dir: Path
    database_url: str
    timeouts: Timeouts = Timeouts()
    #: Minutes without keyboard or mouse input before the window locks (``settings.toml``:
    #: ``idle_lock_minutes``): a counter left alone shows no one's cases.
    idle_lock_minutes: float = DEFAULT_IDLE_LOCK_MINUTES

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(*, data_dir: Path | None = None, database_url: str | None = None) -> AppSettings:
    """Resolve the settings; creates the data folder (readable by its user only)."""
    folder = data_dir or default_data_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(folder, 0o700)  # a folder made by an older version, or by hand
    toml_path = folder / "settings.toml"
    file: dict[str, object] = {}
    if toml_path.exists():
        file = with_misplaced_keys(tomllib.loads(toml_path.read_text(encoding="utf-8")))
    url = database_url or os.environ.get(ENV_DATABASE_URL) or str(file.get("database_url") or "")
    defaults = Timeouts()
    timeouts = Timeouts(
        lock=_seconds(file.get("lock_timeout_seconds"), defaults.lock),
        statement=_seconds(file.get("statement_timeout_seconds"), defaults.statement),
    )
    return AppSettings(
        data_dir=folder,
        database_url=url or sqlite_url(folder / "mediation.db"),
        timeouts=timeouts,
        idle_lock_minutes=idle_lock_minutes(file.get("idle_lock_minutes")),
    )


def with_misplaced_keys(file: dict[str, object]) -> dict[str, object]:
    """``file`` with the top-level settings found inside ``[backup]`` read as top-level (one
    already at the top wins). Only the key names are logged, never their values."""
    table = file.get(BACKUP_TABLE)
    if not isinstance(table, dict):
        return file
    found = [k for k in TOP_LEVEL_KEYS if k in table]
    if not found:
        return file
    log.warning(
        "settings.toml: %s written inside [%s] (after its header); read as top-level settings",
        ", ".join(found),
        BACKUP_TABLE,
    )
    return {**{k: table[k] for k in found}, **file}


def idle_lock_minutes(value: object) -> float:
    """The file's ``idle_lock_minutes`` within ``IDLE_LOCK_RANGE``; 0, a negative number or
    a typo give the default."""
    low, high = IDLE_LOCK_RANGE
    minutes = _seconds(value, DEFAULT_IDLE_LOCK_MINUTES)
    return min(max(minutes, low), high)


def _seconds(value: object, default: float) -> float:
    """A positive number from the file, else the default (a typo never disables a limit)."""
    return float(value) if isinstance(value, int | float) and value > 0 else default
