"""The offline bundle (packaging/): its size unpacked (target ≤ 150 MB), and its start to
``ready`` on 200,000 cases against the same code run from the venv, in the same run (target
≤ 1.2×).

    bash packaging/build-bundle.sh && python bench/run.py bundle

Both starts are the app's own, measured as ``bench_startup``'s ``ready``: ``--timing`` with
``--timing-query`` (``ui.app``, ``ui.startup_marks``) signs in, types a party's name into the
search box and prints the epoch at which the result rows were drawn, then closes the window as
a person does (the file stays sealed between runs); the same data folder, operator and
offscreen platform, taken alternately so that a change of the machine's load weighs on both
alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_startup import OPERATOR, search_query
from common import ROOT, bench_db_path, copy_db, emit

NAMES = ("bundle_size_mb", "bundle_ready")
BUNDLE = ROOT / "build" / "bundle" / "dist" / "MediationDesk"
RUNS = 7


def _ready_ms(command: list[str], env: dict[str, str]) -> float:
    """Process start to the first result list drawn, in ms, from the app's printed marks."""
    t0 = time.time()
    out = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    for line in out.splitlines():
        if line.startswith("ready_epoch="):
            return (float(line.split("=", 1)[1]) - t0) * 1000
    raise RuntimeError(f"no ready mark from {command[0]}")


def _size_mb(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def run() -> None:
    exe = BUNDLE / "MediationDesk"
    if not exe.is_file():
        print(
            f"bench_bundle: no bundle at {BUNDLE}: bash packaging/build-bundle.sh", file=sys.stderr
        )
        return
    size, files = _size_mb(BUNDLE)
    record = {"bench": "bundle_size_mb", "value": round(size, 1), "files": files, "target": 150}
    print(json.dumps(record, ensure_ascii=False), flush=True)

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        db_file = copy_db(bench_db_path(), data_dir)
        operator, query = OPERATOR, search_query(db_file)
        args = ["--data-dir", str(data_dir), "--operator", operator, "--timing"]
        args += ["--timing-query", query]
        venv_cmd = [sys.executable, "-m", "ui.app", *args]
        bundle_cmd = [str(exe), *args]
        _ready_ms(venv_cmd, env)  # warm the OS file cache for both
        _ready_ms(bundle_cmd, env)
        venv, bundle = [], []
        for _ in range(RUNS):
            venv.append(_ready_ms(venv_cmd, env))
            bundle.append(_ready_ms(bundle_cmd, env))
    venv_median = sorted(venv)[len(venv) // 2]
    emit(
        "bundle_ready",
        bundle,
        venv_median_ms=round(venv_median, 1),
        ratio_to_venv=round(sorted(bundle)[len(bundle) // 2] / venv_median, 2),
        target_ratio=1.2,
        cases=200_000,
    )


if __name__ == "__main__":
    run()
