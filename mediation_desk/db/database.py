"""Engine and unit of work.

One ``Database`` per process. Each user action runs in its own Session: ``reading()`` for
queries, ``writing()`` for changes (committed as a whole or rolled back). On SQLite a write
transaction starts with ``BEGIN IMMEDIATE`` so that two counters saving at once queue on the
busy timeout instead of failing when a reader upgrades to a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import StorageError

SQLITE_BUSY_TIMEOUT_MS = 15_000


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is DEFERRED only).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("md_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def _primary_message(error: DBAPIError) -> str:
    diag = getattr(error.orig, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(error.orig).splitlines()[0]
    return f"数据库拒绝了这次保存，未作任何修改（{primary}）。请重试；如反复出现，请联系管理员。"


class Database:
    """Owns the engine and hands out sessions for one action at a time."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = make_url(url)
        # hide_parameters: error messages and logs never carry the values (names, ID numbers)
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            bind=self.engine.execution_options(md_write=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; rolled back at the end (nothing to keep)."""
        with self._reader() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose changes are committed together when the block ends without error.

        A refusal by the database (a constraint, a trigger) becomes ``StorageError`` whose text
        is the database's primary message only: PostgreSQL's detail lines quote the values.
        """
        try:
            with self._writer() as session, session.begin():
                yield session
        except DBAPIError as error:
            raise StorageError(_primary_message(error)) from None

    def dispose(self) -> None:
        self.engine.dispose()
