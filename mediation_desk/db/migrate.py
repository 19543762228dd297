"""Bring a database to the current schema at start-up.

Alembic is imported only when the schema is behind (it is slow to import), and an existing
SQLite file is copied aside before any upgrade.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from ..domain.clock import Clock, system_clock
from ..errors import DeskError
from .database import Database
from .sqlite_copy import CopyFailed, online_copy

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest migration. ``tests/migrations`` checks it equals Alembic's head.
HEAD_REVISION = "0021_end_day"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class UpgradeBackupFailed(DeskError):
    """The copy made before an upgrade failed; the upgrade did not run."""


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the program can open (and upgrade from)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def backup_sqlite_file(db: Database, *, at: dt.datetime) -> Path | None:
    """Copy the SQLite database next to its file with SQLite's online backup (a consistent
    snapshot, WAL included), verified (``integrity_check``, opened); returns the copy's path.

    Raises ``UpgradeBackupFailed`` when the copy cannot be made or fails its check: the
    upgrade must not run without a good copy to go back to.
    """
    path = db.url.database
    if not db.is_sqlite or not path or path == ":memory:" or not Path(path).exists():
        return None
    stamp = at.strftime("%Y%m%d-%H%M%S")
    target = Path(path).with_name(f"{Path(path).name}.before-upgrade-{stamp}.bak")
    try:
        online_copy(Path(path), target)
    except CopyFailed as error:
        raise UpgradeBackupFailed(
            f"升级数据库前的备份没有成功，数据库未升级，数据保持原样。{error.message}"
        ) from None
    return target


def upgrade_to_head(
    db: Database, revision: str = "head", *, clock: Clock = system_clock
) -> Path | None:
    """Apply pending migrations; returns the backup file made first, if any."""
    current = current_revision(db)
    if current == HEAD_REVISION and revision == "head":
        return None
    from alembic import command

    backup = backup_sqlite_file(db, at=clock()) if current is not None else None
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return backup
