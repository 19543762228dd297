"""The start-up check on the 200,000-case database: what it adds before the search box works
(target ≤ 150 ms). The header and schema are read at start-up; SQLite's ``quick_check`` runs
in a background thread (reported too, as ``startup_check_background``: no write begins
before it has passed).

    python bench/run.py startup_check
"""

from __future__ import annotations

import time
from pathlib import Path

from common import bench_db_path, emit

RUNS = 15


def measure(db_file: Path) -> None:
    from mediation_desk.db.startup_check import BackgroundCheck, Verdict, check_database

    url = f"sqlite:///{db_file}"
    folder = db_file.parent
    added = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        check = check_database(url, folder)
        added.append((time.perf_counter() - t0) * 1000)
        assert check.verdict is Verdict.OK and check.deferred, check
    t0 = time.perf_counter()
    background = BackgroundCheck(db_file)
    started_ms = (time.perf_counter() - t0) * 1000  # the thread's start, on the GUI thread
    result = background.wait()
    assert result is not None and result.verdict is Verdict.OK
    background_ms = (time.perf_counter() - t0) * 1000
    added = [ms + started_ms for ms in added]
    emit(
        "startup_check",
        added,
        target_ms=150,
        cases=200_000,
        file_mb=round(db_file.stat().st_size / 1e6),
    )
    emit("startup_check_background", [background_ms], cases=200_000)


def run() -> None:
    measure(bench_db_path())


if __name__ == "__main__":
    import sys

    measure(Path(sys.argv[1])) if len(sys.argv) > 1 else run()
