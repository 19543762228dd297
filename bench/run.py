"""Run every benchmark; one JSON object per line on stdout.

    python bench/run.py            all benchmarks
    python bench/run.py search     only those whose name contains "search"

The first run builds a 200,000-case SQLite database in bench/.cache (about a minute).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
#: Every bench_*.py beside this file, each with a ``run()`` that prints its JSON lines.
BENCHES = sorted(p.stem for p in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    wanted = argv[1:] or [""]
    for name in BENCHES:
        if any(w in name for w in wanted):
            importlib.import_module(name).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
