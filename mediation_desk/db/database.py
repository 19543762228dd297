"""The engine: one ``Database`` per process, shared by every unit of work.

SQLite runs in WAL mode with foreign keys on; a write transaction begins ``IMMEDIATE`` so that
two counters saving at once queue on the busy timeout instead of failing when a reader
upgrades to a writer. PostgreSQL gets a lock timeout and a statement timeout, so that no
action waits without limit. Either way, a wait longer than the set time fails the action with
a Chinese message (``storage_errors``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from ..errors import StorageError
from ..settings import Timeouts
from .storage_errors import translate

#: The execution option that makes a transaction a write transaction (BEGIN IMMEDIATE).
WRITE_OPTION = "md_write"


def _configure_sqlite(engine: Engine, timeouts: Timeouts) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is DEFERRED only).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeouts.lock * 1000)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """Owns the engine. Work against it goes through a ``UnitOfWork``."""

    def __init__(self, url: str | URL, *, timeouts: Timeouts | None = None) -> None:
        self.url = make_url(url)
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
        self.engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine, t)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def translate(self, error: DBAPIError) -> StorageError:
        """The user's message for a database error (the driver's text goes to the log)."""
        return translate(error, lock_timeout_s=self.timeouts.lock)

    def dispose(self) -> None:
        self.engine.dispose()
