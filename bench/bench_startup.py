"""Start-up at 200,000 and 1,000,000 cases, each from the process start (``ui.startup_marks``):

- ``first_paint`` / ``first_paint_1m``: the main window's first frame drawn, beside a bare
  PySide6 window started and marked the same way in the same run (``ratio_to_bare``, goal
  ≤ 1.6);
- ``ready`` / ``ready_1m``: the demo clerk signed in, a party's name typed into the search box
  and Enter pressed, until the result list has drawn its rows (goal ≤ 400 ms), with the file
  cache warm (``handover_median_ms``: until signed in, before the query is typed);
  ``rss_mb`` at that moment (VmRSS; ``hwm_mb``: VmHWM), goal ≤ 110 MB at 200k;
- ``ready_floor`` / ``ready_floor_1m``: a bare window's first frame, then the database layer
  loaded (SQLAlchemy, its ORM, the app's mapped tables): what any start-up on this stack
  spends before it can open the file, sign anyone in or search;
- ``ready_cold`` / ``ready_1m_cold``: the same with the database file (and its -wal/-shm)
  evicted from the page cache before each run (``cold_method`` says how; the program's own
  files stay cached);
- ``ready_after_crash`` / ``ready_1m_after_crash``: warm, but the last session did not close
  normally (no clean-close seal: ``mediation_desk.db.startup_check``), so the file's
  ``quick_check`` runs and signing in, a write, waits for it.

Every run ends as a person ends the day, closing the window, so the next start finds the
file sealed, as on an ordinary morning; the crash runs take the seal away first.

Each line says its ``platform``: ``offscreen``, and ``xcb`` under a private Xvfb when Xvfb is
installed (``first_paint`` and ``ready`` then have one line per platform).

    python bench/run.py first_paint ready
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from common import ROOT, bench_db_path, copy_db, emit

from mediation_desk.db.startup_check import SEAL_FILE

NAMES = (
    "first_paint",
    "first_paint_1m",
    "ready",
    "ready_floor",
    "ready_cold",
    "ready_after_crash",
    "ready_1m",
    "ready_floor_1m",
    "ready_1m_cold",
    "ready_1m_after_crash",
)
RUNS = int(os.environ.get("MD_BENCH_STARTUP_RUNS", "9"))
OPERATOR = "演示登记员"  # the demo centre's clerk (mediation_desk.services.accounts)
MB = 1024  # /proc reports kB


def _launch(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run one process; its ``*_epoch`` marks as ms after the start, its ``*_kb`` as they are."""
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    marks = {}
    for line in out.splitlines():
        key, _, value = line.partition("=")
        if key.endswith("_epoch"):
            marks[key.removesuffix("_epoch")] = (float(value) - t0) * 1000
        elif key.endswith("_kb"):
            marks[key] = float(value)
    return marks


def evict(db_file: Path) -> str:
    """The database's pages out of the page cache; returns the method used."""
    for path in (db_file, *(db_file.with_name(db_file.name + s) for s in ("-wal", "-shm"))):
        if path.exists():
            with open(path, "rb") as f:
                os.fsync(f.fileno())  # dirty pages are not dropped
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    return "posix_fadvise DONTNEED (database, -wal, -shm)"


def search_query(db_file: Path) -> str:
    """The first party's name of the newest case: what a clerk types to find a case."""
    with closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT name FROM party WHERE case_id = (SELECT max(id) FROM mediation_case) "
            "ORDER BY position LIMIT 1"
        ).fetchone()
    return str(row[0])


@contextmanager
def platforms() -> Iterator[list[tuple[str, dict[str, str]]]]:
    """(platform, environment) to start the processes on: offscreen, and xcb on a private
    Xvfb display when Xvfb is installed."""
    base = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield [("offscreen", base)]
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as f:
            display = f.readline().strip()
        xcb = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}"}
        yield [("offscreen", base), ("xcb", xcb)]
    finally:
        server.terminate()
        server.wait(timeout=10)


def _ready_runs(args: list[str], env: dict[str, str], before: Callable[[], object]) -> list[float]:
    """``RUNS`` starts to ``ready``, each after ``before()`` (the seal taken away, the file
    evicted from the page cache …)."""
    samples = []
    for _ in range(RUNS):
        before()
        samples.append(_launch(args, env)["ready"])
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def measure(db_source: Path, suffix: str, cases: int) -> None:
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp, platforms() as where:
        data_dir = Path(tmp)
        db_file = copy_db(db_source, data_dir)
        query = search_query(db_file)
        app = ["-m", "ui.app", "--data-dir", str(data_dir), "--operator", OPERATOR, "--timing"]
        with_query = [*app, "--timing-query", query]
        bare_args = [str(ROOT / "bench" / "bare_window.py")]
        layer_args = [*bare_args, "--then-load-database-layer"]
        load = os.getloadavg()
        for platform, env in where:
            _launch(with_query, env)  # warms the file cache (and brings the copy up to date)
            bare: list[float] = []
            layer: list[dict[str, float]] = []
            runs: list[dict[str, float]] = []
            for _ in range(RUNS):
                bare.append(_launch(bare_args, env)["first_paint"])
                layer.append(_launch(layer_args, env))
                runs.append(_launch(with_query, env))
            floor = median(bare)
            common = {"platform": platform, "cases": cases, "bare_median_ms": round(floor, 1)}
            paint = [r["first_paint"] for r in runs]
            emit(
                f"first_paint{suffix}",
                paint,
                ratio_to_bare=round(median(paint) / floor, 2),
                goal_ratio=1.6,
                **common,
            )
            ready = [r["ready"] for r in runs]
            emit(
                f"ready{suffix}",
                ready,
                cache="warm",
                sealed=True,
                ratio_to_bare=round(median(ready) / floor, 2),
                goal_ms=400,
                rss_mb=round(median([r["vmrss_kb"] for r in runs]) / MB, 1),
                rss_kind="VmRSS at ready (median)",
                hwm_mb=round(median([r["vmhwm_kb"] for r in runs]) / MB, 1),
                handover_median_ms=round(median([r["handover"] for r in runs]), 1),
                query_chars=len(query),
                load_avg_1m=round(load[0], 2),
                **common,
            )
            emit(
                f"ready_floor{suffix}",
                [r["database_layer"] for r in layer],
                what="a bare window's first frame, then SQLAlchemy and the app's mapped tables "
                "loaded (bench/bare_window.py --then-load-database-layer): under ready before "
                "any file is opened, anyone signed in or anything searched",
                ready_median_ms=round(median(ready), 1),
                goal_ms=400,
                rss_mb=round(median([r["vmrss_kb"] for r in layer]) / MB, 1),
                ready_rss_mb=round(median([r["vmrss_kb"] for r in runs]) / MB, 1),
                **common,
            )
            if platform != "offscreen":
                continue
            crashed = _ready_runs(with_query, env, lambda: (data_dir / SEAL_FILE).unlink(True))
            emit(
                f"ready{suffix}_after_crash",
                crashed,
                cache="warm",
                sealed=False,
                ratio_to_bare=round(median(crashed) / floor, 2),
                load_avg_1m=round(os.getloadavg()[0], 2),
                **common,
            )
            methods: list[str] = []
            cold = _ready_runs(with_query, env, lambda found=methods: found.append(evict(db_file)))
            method = methods[-1]
            emit(
                f"ready{suffix}_cold",
                cold,
                cache="cold",
                cold_method=method,
                ratio_to_bare=round(median(cold) / floor, 2),
                goal_ms=400,
                load_avg_1m=round(os.getloadavg()[0], 2),
                **common,
            )


def run() -> None:
    measure(bench_db_path(), "", 200_000)
    from million import million_db_path

    measure(million_db_path(), "_1m", 1_000_000)


if __name__ == "__main__":
    # python bench/bench_startup.py DB_FILE [CASES]: any database (e.g. a small one to try)
    if len(sys.argv) > 1:
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 0
        measure(Path(sys.argv[1]), "", n)
    else:
        run()
