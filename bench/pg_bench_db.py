"""The 200,000-case bench database on PostgreSQL, loaded once from the SQLite one.

The database is named by the number of cases and ``DATA_VERSION``
(``mdbench_200000_v9``); it is built under a temporary name and renamed when complete, so a
half-built one is never used. The schema comes from the migrations (``upgrade_to_head``);
every table's rows are then copied from the SQLite file with ``COPY`` (foreign-key checks off
for the load: the rows come from a consistent database) and the id sequences moved past them.
A cached database older than the migrations is upgraded on use.

The server: MEDIATION_DESK_TEST_PG_URL, else the test server's default address
(``scripts/pg-test-server.sh start /tmp/pgdata 54329``).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:54329/postgres"
BATCH = 20_000


def pg_bench_url(source: Path) -> tuple[str | None, str]:
    """The URL of the PostgreSQL copy of ``source`` (built if need be), or None and why."""
    from common import DATA_VERSION

    base = os.environ.get("MEDIATION_DESK_TEST_PG_URL") or DEFAULT_URL
    try:
        import psycopg  # noqa: F401
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url
    except ImportError as error:
        return None, f"psycopg is not installed ({error.name})"
    url = make_url(base)
    name = f"mdbench_{source.stem.split('-')[1]}_v{DATA_VERSION}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    except Exception as error:  # any failure to reach the server means: skip
        admin.dispose()
        return None, f"no PostgreSQL server at {url.host}:{url.port} ({type(error).__name__})"
    target = url.set(database=name).render_as_string(hide_password=False)
    try:
        if not exists:
            _build(admin, url, name, source)
    finally:
        admin.dispose()
    _upgrade(target)
    return target, ""


def _upgrade(target: str) -> None:
    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head

    db = Database(target)
    try:
        upgrade_to_head(db)
    finally:
        db.dispose()


def _build(admin: object, url: object, name: str, source: Path) -> None:
    from sqlalchemy import text

    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.db.schema import Base

    building = f"{name}_building"
    t0 = time.perf_counter()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'DROP DATABASE IF EXISTS "{building}"'))
        conn.execute(text(f'CREATE DATABASE "{building}"'))
    target = url.set(database=building).render_as_string(hide_password=False)  # type: ignore[attr-defined]
    with closing(sqlite3.connect(source)) as src:
        revision = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    db = Database(target)
    try:
        upgrade_to_head(db)  # the schema at the migrations' head (the source is upgraded too)
        with closing(sqlite3.connect(source)) as src:
            have = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert have == revision
            raw = db.engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute("SET session_replication_role = replica")  # no FK checks, no triggers
                tables = [t.name for t in Base.metadata.sorted_tables]
                for table in tables:
                    cur.execute(f"TRUNCATE {table} CASCADE")
                for table in tables:
                    _copy_table(src, cur, table)
                for table in tables:
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                        if _has_id(src, table)
                        else "SELECT 1"
                    )
                cur.execute("SET session_replication_role = DEFAULT")
                raw.commit()
                cur.execute("ANALYZE")
                raw.commit()
            finally:
                raw.close()
    finally:
        db.dispose()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
    print(f"# loaded {name} into PostgreSQL in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def _has_id(src: sqlite3.Connection, table: str) -> bool:
    return any(r[1] == "id" for r in src.execute(f"PRAGMA table_info({table})"))


def _copy_table(src: sqlite3.Connection, cur: object, table: str) -> None:
    cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
    if not cols:
        return
    pg_types = dict(
        cur.execute(  # type: ignore[attr-defined]
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            (table,),
        ).fetchall()
    )
    cols = [c for c in cols if c in pg_types]
    booleans = {i for i, c in enumerate(cols) if pg_types[c] == "boolean"}
    names = ", ".join(f'"{c}"' for c in cols)
    rows = src.execute(f"SELECT {names} FROM {table}")
    with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        while batch := rows.fetchmany(BATCH):
            for row in batch:
                if booleans:
                    row = tuple(
                        (bool(v) if v is not None else None) if i in booleans else v
                        for i, v in enumerate(row)
                    )
                copy.write_row(row)
