"""The engine: one ``Database`` per process, shared by every unit of work.

SQLite runs in WAL mode with foreign keys on; a write transaction begins ``IMMEDIATE`` so that
two counters saving at once queue on the busy timeout instead of failing when a reader
upgrades to a writer. PostgreSQL gets a lock timeout and a statement timeout, so that no
action waits without limit. Either way, a wait longer than the set time fails the action with
a Chinese message (``storage_errors``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from ..errors import StorageError
from ..settings import Timeouts
from .storage_errors import translate

#: The execution option that makes a transaction a write transaction (BEGIN IMMEDIATE).
WRITE_OPTION = "md_write"


#: What the user reads when anything tries to write to a database opened read-only.
READ_ONLY_MESSAGE = (
    "数据库是以只读方式打开的（文件已损坏，只用于查看和导出能读出的内容），"
    "不能保存任何修改。请用备份恢复后再继续工作。"
)


def _configure_sqlite(
    engine: Engine, timeouts: Timeouts, *, read_only: bool, path: Path | None
) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is DEFERRED only).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeouts.lock * 1000)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
        if path is not None and not read_only and os.name == "posix":
            _private_sqlite_files(path)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def _private_sqlite_files(path: Path) -> None:
    """The database file and its WAL companions: readable by the user only."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        file = path.with_name(name)
        try:
            if file.exists() and file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except OSError:  # another user's file, or read-only media: the open itself reports it
            pass


class Database:
    """Owns the engine. Work against it goes through a ``UnitOfWork``.

    ``read_only``: a damaged SQLite file opened to export what can be read (``mode=ro`` and
    ``PRAGMA query_only``); every write is refused in Chinese. ``write_guard`` runs before each
    write transaction begins (the start-up check of a large file, see ``startup_check``).
    """

    def __init__(
        self, url: str | URL, *, timeouts: Timeouts | None = None, read_only: bool = False
    ) -> None:
        self.url = make_url(url)
        self.read_only = read_only
        self.write_guard: Callable[[], None] | None = None
        self.timeouts = timeouts or Timeouts()
        # hide_parameters: error messages and logs never carry the values (names, ID numbers)
        kwargs: dict[str, Any] = {"hide_parameters": True}
        t = self.timeouts
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": t.lock, "check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {
                "connect_timeout": max(1, round(t.connect)),
                "options": f"-c lock_timeout={int(t.lock * 1000)}"
                f" -c statement_timeout={int(t.statement * 1000)}",
            }
        file = self.sqlite_file
        engine_url = self.url
        if read_only and file is not None:
            engine_url = self.url.set(database=f"file:{file}", query={"mode": "ro", "uri": "true"})
        self.engine = create_engine(engine_url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine, t, read_only=read_only, path=file)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_file(self) -> Path | None:
        name = self.url.database
        if not self.is_sqlite or not name or name == ":memory:" or name.startswith("file:"):
            return None
        return Path(name)

    def check_writable(self) -> None:
        """Refuse a write in Chinese before it begins (read-only opening, failed check)."""
        if self.read_only:
            raise StorageError(READ_ONLY_MESSAGE)
        if self.write_guard is not None:
            self.write_guard()

    def translate(self, error: DBAPIError) -> StorageError:
        """The user's message for a database error (the driver's text goes to the log)."""
        if self.read_only:
            translate(error, lock_timeout_s=self.timeouts.lock)  # logs the driver's code
            return StorageError(READ_ONLY_MESSAGE)
        return translate(error, lock_timeout_s=self.timeouts.lock)

    def dispose(self) -> None:
        self.engine.dispose()
