"""Run every benchmark; one JSON object per line on stdout.

    python bench/run.py              all benchmarks
    python bench/run.py search ready those whose file name, or one of whose bench names
                                     (a module's ``NAMES``), contains "search" or "ready"

The first run builds a 200,000-case SQLite database in bench/.cache (about a minute idle).
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
        module = importlib.import_module(name)  # cheap: benches import the app inside run()
        names = (name, *getattr(module, "NAMES", ()))
        if any(w in n for w in wanted for n in names):
            module.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
