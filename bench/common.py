"""Shared benchmark helpers: timing, percentiles, the cached 200,000-case database."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.desk import run as call

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".cache"
BENCH_CASES = 200_000
#: Bump when the generator or schema changes, so the cached database is rebuilt.
#: 8: places and report fields; 9: ended demo cases keep an end day and outcome (issue 12);
#: 10: every succeeded demo case has its agreement (written or oral, payment clauses,
#: signatures) and a few their judicial confirmation, so the statistics count them
DATA_VERSION = 10


def emit(name: str, samples_ms: list[float], **extra: object) -> dict[str, object]:
    samples = sorted(samples_ms)
    record: dict[str, object] = {
        "bench": name,
        "median_ms": round(statistics.median(samples), 3),
        "runs": len(samples),
        "p95_ms": round(percentile(samples, 95), 3),
        "max_ms": round(samples[-1], 3),
    }
    record.update(extra)
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


def percentile(sorted_samples: list[float], p: float) -> float:
    if not sorted_samples:
        return float("nan")
    k = (len(sorted_samples) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(sorted_samples) - 1)
    return sorted_samples[lo] + (sorted_samples[hi] - sorted_samples[lo]) * (k - lo)


def time_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def bench_db_path(n_cases: int = BENCH_CASES) -> Path:
    """The cached benchmark database (SQLite), built on first use (about a minute for 200k)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"bench-{n_cases}-v{DATA_VERSION}.db"
    if path.exists():
        _upgrade_cached(path)
        return path
    tmp = path.with_suffix(".building")
    for stale in CACHE.glob(tmp.name + "*"):
        stale.unlink()
    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.demo.loader import load_demo
    from mediation_desk.services.reference import ensure_reference_data
    from mediation_desk.services.search_index import rebuild_outdated_tokens

    t0 = time.perf_counter()
    db = Database(f"sqlite:///{tmp}")
    upgrade_to_head(db)
    call(db, ensure_reference_data)
    call(db, load_demo, n_cases=n_cases, seed=2026)
    call(db, rebuild_outdated_tokens)  # marks the tokens current: start-up benches stay bare
    db.dispose()
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.rename(path)
    print(f"# built {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def _upgrade_cached(path: Path) -> None:
    """Bring a cached database to the current schema (its pre-upgrade backup is dropped)."""
    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.services.search_index import rebuild_outdated_tokens

    db = Database(f"sqlite:///{path}")
    backup = upgrade_to_head(db)
    call(db, rebuild_outdated_tokens)  # once per index version, as the app's start-up would
    db.dispose()
    if backup:
        backup.unlink()


def copy_db(src: Path, dst_dir: Path) -> Path:
    dst_dir.mkdir(parents=True, exist_ok=True)
    dst = dst_dir / "mediation.db"
    shutil.copyfile(src, dst)
    return dst
