"""Start-up on 200,000 cases: process start to first paint of the main window (target ≤ 0.36 s),
and to a working search box (target ≤ 0.8 s), beside a bare PySide6 window as the floor.

    python bench/run.py startup
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, bench_db_path, copy_db, emit

from tests.desk import reading

RUNS = 9


def _launch(args: list[str], env: dict[str, str]) -> dict[str, float]:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    marks = {}
    for line in out.splitlines():
        if "_epoch=" in line:
            key, value = line.split("=")
            marks[key.removesuffix("_epoch")] = (float(value) - t0) * 1000
    return marks


def run() -> None:
    from sqlalchemy import select

    from mediation_desk.db.database import Database
    from mediation_desk.db.models import Operator

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        db_file = copy_db(bench_db_path(), data_dir)
        db = Database(f"sqlite:///{db_file}")
        with reading(db) as s:
            operator = s.scalars(
                select(Operator.name).where(Operator.is_system.is_(False)).order_by(Operator.id)
            ).first()
        db.dispose()
        app_args = ["-m", "ui.app", "--data-dir", str(data_dir), "--operator", operator, "--timing"]
        _launch(app_args, env)  # warm the OS file cache
        bare, paint, ready = [], [], []
        for _ in range(RUNS):
            bare.append(_launch([str(ROOT / "bench" / "bare_window.py")], env)["first_paint"])
            marks = _launch(app_args, env)
            paint.append(marks["first_paint"])
            ready.append(marks["search_ready"])
    floor = sorted(bare)[len(bare) // 2]
    emit("startup_bare_pyside6_window_first_paint", bare)
    emit(
        "startup_first_paint",
        paint,
        target_ms=360,
        floor_median_ms=round(floor, 1),
        ratio_to_floor=round(sorted(paint)[len(paint) // 2] / floor, 2),
        cases=200_000,
    )
    emit("startup_search_ready", ready, target_ms=800, cases=200_000)


if __name__ == "__main__":
    run()
