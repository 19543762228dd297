"""Bring a database to the current schema at start-up.

Alembic is imported only when the schema is behind (it is slow to import), and an existing
SQLite file is copied aside before any upgrade.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import inspect, text

from .database import Database

#: The newest migration. ``tests/migrations`` checks it equals Alembic's head.
HEAD_REVISION = "0001_initial"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def backup_sqlite_file(db: Database) -> Path | None:
    """Copy the SQLite file (after a WAL checkpoint) next to itself; returns the copy's path."""
    path = db.url.database
    if not db.is_sqlite or not path or path == ":memory:" or not Path(path).exists():
        return None
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(path).with_name(f"{Path(path).name}.before-upgrade-{stamp}.bak")
    shutil.copy2(path, target)
    return target


def upgrade_to_head(db: Database, revision: str = "head") -> Path | None:
    """Apply pending migrations; returns the backup file made first, if any."""
    current = current_revision(db)
    if current == HEAD_REVISION and revision == "head":
        return None
    from alembic import command

    backup = backup_sqlite_file(db) if current is not None else None
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return backup
