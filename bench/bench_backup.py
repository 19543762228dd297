"""Backups: the first of a 200,000-case database (≈ 540 MB) plus the case folders (target
≤ 60 s), then one after 10 cases changed (≤ 5 s); verification included (the database copy's
``integrity_check``, every object written read back and checked). ``backup_incremental_quick``:
the same with ``quick_check`` (a second backup of the day).

The case folders: ``MD_BENCH_BACKUP_MB`` megabytes (default 2048) of incompressible files,
512 KB each, in folders of 10 files; a changed case gets a new scan and its row updated.

    python bench/run.py backup
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

from common import bench_db_path, copy_db, emit

FILE_KB = 512
CHANGED = 10
RUNS = 3


def _case_folders(data: Path, megabytes: int) -> int:
    n_files = megabytes * 1024 // FILE_KB
    for i in range(n_files):
        folder = data / "cases" / str(1 + i // 10)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"scan{i % 10}.jpg").write_bytes(os.urandom(FILE_KB * 1024))
    return n_files


def _change_cases(data: Path, round_no: int) -> None:
    """10 cases changed: a row updated each, and a new scan in each case folder."""
    with closing(sqlite3.connect(data / "mediation.db")) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM mediation_case ORDER BY id LIMIT ? OFFSET ?",
                (CHANGED, round_no * CHANGED),
            )
        ]
        for case_id in ids:
            conn.execute(
                "UPDATE mediation_case SET facts = facts || ? WHERE id = ?",
                (f"（补充{round_no}）", case_id),
            )
            folder = data / "cases" / str(case_id)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"new{round_no}.jpg").write_bytes(os.urandom(FILE_KB * 1024))
        conn.commit()


def run() -> None:
    from mediation_desk.services.backup import make_backup, verify_backup

    megabytes = int(os.environ.get("MD_BENCH_BACKUP_MB", "2048"))
    source = bench_db_path()
    with tempfile.TemporaryDirectory(dir=source.parent) as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        copy_db(source, data)
        n_files = _case_folders(data, megabytes)
        url = f"sqlite:///{data / 'mediation.db'}"
        dest = tmp / "usb"
        at = dt.datetime(2026, 12, 1, 22)
        t0 = time.perf_counter()
        first = make_backup(data, url, dest, at=at)
        first_ms = (time.perf_counter() - t0) * 1000
        emit(
            "backup_first",
            [first_ms],
            target_ms=60_000,
            db_mb=round((data / "mediation.db").stat().st_size / 1e6),
            case_files_mb=megabytes,
            case_files=n_files,
            cases=first.info.case_count,
            copied_mb=round(first.bytes_copied / 1e6),
        )
        for name, quick in (("backup_incremental", False), ("backup_incremental_quick", True)):
            samples = []
            copied = []
            for r in range(RUNS):
                _change_cases(data, r + (RUNS if quick else 0))
                at += dt.timedelta(hours=1)
                t0 = time.perf_counter()
                later = make_backup(data, url, dest, at=at, quick_check=quick)
                samples.append((time.perf_counter() - t0) * 1000)
                copied.append(later.files_copied)
            emit(
                name,
                samples,
                target_ms=5_000,
                changed_cases=CHANGED,
                check=later.info.check_kind,
                objects_copied=copied,
            )
        t0 = time.perf_counter()
        verify_backup(later.info.path)
        emit("backup_verify_full", [(time.perf_counter() - t0) * 1000])
