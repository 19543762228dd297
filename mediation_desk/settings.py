"""Where the app keeps its data, and which database it uses.

The database URL comes from, in order: the ``--database-url`` option, the
``MEDIATION_DESK_DATABASE_URL`` environment variable, ``database_url`` in ``settings.toml`` in
the data folder, else an embedded SQLite file in the user's data folder (platformdirs).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "MediationDesk"
ENV_DATABASE_URL = "MEDIATION_DESK_DATABASE_URL"
ENV_DATA_DIR = "MEDIATION_DESK_DATA_DIR"
DEFAULT_IDLE_LOCK_MINUTES = 10.0


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
        file = tomllib.loads(toml_path.read_text(encoding="utf-8"))
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
        idle_lock_minutes=_seconds(file.get("idle_lock_minutes"), DEFAULT_IDLE_LOCK_MINUTES),
    )


def _seconds(value: object, default: float) -> float:
    """A positive number from the file, else the default (a typo never disables a limit)."""
    return float(value) if isinstance(value, int | float) and value > 0 else default
