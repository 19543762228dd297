"""The first save in a fresh process (issue 13: ≤ 30 ms; was 208–289 ms and +56 MB while the
pinyin data loaded), at 200,000 cases: ``first_save`` starts the app's window (the demo clerk
signed in, started on a file sealed at a normal close, idle for 2 s as while the clerk types
the case, the save prepared meanwhile: ``services.warm_up`` loads what a save needs and
rehearses a registration, rolled back) and then times its first save of a new two-party case;
``first_save_core`` does the same in a bare process with no window, as the floor the window's
warm-up is measured against. Each run is a new process on a new copy of the database; the
later saves of the same processes are ``first_save_later``.

    python bench/run.py first_save
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import bench_db_path, copy_db, emit

NAMES = ("first_save", "first_save_core")
RUNS = 5
HERE = Path(__file__).resolve().parent


def _child(db_file: Path, mode: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, str(HERE / "first_save_child.py"), str(db_file), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run() -> None:
    source = bench_db_path()
    for mode, name in (("window", "first_save"), ("core", "first_save_core")):
        firsts, later, growth = [], [], []
        for _ in range(RUNS):
            with tempfile.TemporaryDirectory() as tmp:
                got = _child(copy_db(source, Path(tmp)), mode)
            firsts.append(float(got["first_ms"]))  # type: ignore[arg-type]
            later.extend(float(x) for x in got["later_ms"])  # type: ignore[union-attr]
            growth.append(float(got["rss_growth_mb"]))  # type: ignore[arg-type]
        emit(
            name,
            firsts,
            goal_ms=30 if mode == "window" else None,
            rss_growth_mb_median=sorted(growth)[len(growth) // 2],
            cases=200_000,
        )
        emit(f"{name}_later", later, cases=200_000)


if __name__ == "__main__":
    run()
