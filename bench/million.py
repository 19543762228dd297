"""The 1,000,000-case benchmark database: the 200,000-case one with every case, and every row that
belongs to a case (parties, phones, agents, search tokens, agreements and their clauses,
confirmation packs, sessions, follow-ups …), copied four more times by SQL: same days, new ids,
numbers and sequence numbers. Generating a million cases through the demo loader would take most
of an hour; copying takes a few minutes.

Which rows belong to a case is read from the schema: ``mediation_case`` and every table with a
foreign key (or, for the key-less search index, a ``case_id`` column) to a table that belongs to
a case. Ids are shifted by the table's largest id per copy, and so is every reference to a
copied table. The history (a hash chain) is not copied: the copies have none, which start-up
and the searches do not read.

    from million import million_db_path
"""

from __future__ import annotations

import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

from common import CACHE, bench_db_path

COPIES = 4  # 200k + 4 × 200k = 1M
#: Rows that are not copied though they name a case: the history's hash chain stays whole.
NOT_COPIED = frozenset({"history_entry", "audit_tail"})
#: Columns that must stay unique in each copy, with the expression that keeps them so.
UNIQUE_SHIFTS = {
    ("mediation_case", "number"): "number || '-副{k}'",
    ("mediation_case", "seq"): "seq + {k} * 1000000",
}


def million_db_path() -> Path:
    """The cached 1M database beside the 200k one (built on first use, a few minutes)."""
    source = bench_db_path()
    path = CACHE / f"bench-1m-all-from-{source.stem}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(tmp)) as dst:
        src.backup(dst)  # a consistent copy even of a WAL database
    with closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("BEGIN")
        tables = _case_tables(conn)
        top = {t: _max_id(conn, t) for t in tables}
        for k in range(1, COPIES + 1):
            for table, refs in tables.items():
                _copy(conn, table, refs, top, k)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode=WAL")
    tmp.rename(path)
    print(f"# built {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return path


def _case_tables(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Tables whose rows belong to a case, parents first: each with its columns that refer to
    another such table (column → referred table)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    fks: dict[str, dict[str, str]] = {}
    for name in names:
        refs = {r[3]: r[2] for r in conn.execute(f"PRAGMA foreign_key_list({name})")}
        if "case_id" in _columns(conn, name) and "case_id" not in refs:
            refs["case_id"] = "mediation_case"  # the search index keeps no foreign key
        fks[name] = refs
    bound: dict[str, dict[str, str]] = {"mediation_case": {}}
    grew = True
    while grew:  # parents first: a table joins once every case-bound table it refers to has
        grew = False
        for name, refs in fks.items():
            if name in bound or name in NOT_COPIED:
                continue
            pending = [t for t in refs.values() if t != name and t not in bound]
            if any(t in bound for t in refs.values()) and not any(
                _bound_later(t, fks, bound) for t in pending
            ):
                bound[name] = {c: t for c, t in refs.items() if t in bound or t == name}
                grew = True
    return bound


def _bound_later(table: str, fks: dict[str, dict[str, str]], bound: dict[str, object]) -> bool:
    """Whether ``table`` (not yet placed) will belong to a case: it refers to the case tree."""
    seen, todo = set(), [table]
    while todo:
        t = todo.pop()
        if t in seen or t in NOT_COPIED:
            continue
        seen.add(t)
        if t in bound:
            return True
        todo.extend(fks.get(t, {}).values())
    return False


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _max_id(conn: sqlite3.Connection, table: str) -> int | None:
    """The table's largest id (0 when empty); None for a table without an id (the index)."""
    if "id" not in _columns(conn, table):
        return None
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])


def _copy(
    conn: sqlite3.Connection,
    table: str,
    refs: dict[str, str],
    top: dict[str, int | None],
    k: int,
) -> None:
    if top[table] == 0:
        return  # an empty table
    cols = _columns(conn, table)
    exprs = []
    for col in cols:
        if (table, col) in UNIQUE_SHIFTS:
            exprs.append(UNIQUE_SHIFTS[(table, col)].format(k=k))
        elif col == "id" and top[table]:
            exprs.append(f"id + {k * top[table]}")
        elif col in refs and top[refs[col]]:
            exprs.append(f"{col} + {k * top[refs[col]]}")
        else:
            exprs.append(col)
    # only the original rows: those whose own id (or case) is within the first copy's range
    if top[table] is not None:
        key, bound = "id", top[table]
    else:  # no id of its own: the originals are those referring to original parents
        key, parent = next(iter(refs.items()))
        bound = top[parent] or 0
    conn.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
        f"FROM {table} WHERE {key} BETWEEN 1 AND ?",  # 0: the index's version mark
        (bound,),
    )
