"""Per keystroke in the window (issue 13): realistic queries typed one character at a time into
the main window's own search box (offscreen), each key timed from the key event until the
results view has been painted with that key's results.

What a key costs: the line edit's key handling, the search's zero-delay timer (keys already
queued are coalesced into one search; a lone key searches at once, ``SEARCH_DELAY_MS``), the
core's search, the results model's reset, the layout, and the viewport's own
paint — the wait ends in the event filter of the table's viewport, when a paint event arrives
after the search of the box's current text has run, and the loop returns once that paint is
done, and the events it left queued are handled (bench/paint_wait.py). The database is a copy of
the cached benchmark database, opened by the window as the app opens it (a director signed in),
timed once the start-up ``quick_check`` of the large file has finished; the page cache is warm
(each query is typed once before).

* ``keystroke`` (200,000 cases) and ``keystroke_1m``: ``median_ms`` and ``p95_ms`` over every
  key (goals: median ≤ 12 ms, p95 ≤ 16 ms), ``by_kind`` the median and p95 of each kind,
  ``results_painted_*`` the same figures up to the results' paint alone (without what the key
  left queued).

Kinds: a name typed character by character (王, 王小, 王小明), a 1-letter pinyin initial and
initials typed letter by letter, the last four digits of an ID number, a phone number typed in
full, a case number's sequence part (城南人调字第76号), and strings that match nothing.

    python bench/run.py keystroke
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import bench_db_path, copy_db, emit, percentile

NAMES = ("keystroke", "keystroke_1m")
#: How many queries of each kind are typed (each character is one timed key).
PER_KIND = {
    "name_typed": 8,
    "initials_1letter": 6,
    "pinyin_initials_typed": 6,
    "id_last4_typed": 6,
    "phone_typed": 3,
    "case_number_typed": 4,
    "zero_hit_name": 2,
    "zero_hit_letters": 2,
    "zero_hit_number": 2,
}


def _queries(db_file: Path) -> dict[str, list[str]]:
    """What a clerk types, drawn from the database (``bench_search``'s samples)."""
    from bench_search import ZERO_HITS, _samples

    from mediation_desk.db.database import Database

    db = Database(f"sqlite:///{db_file}")
    samples = _samples(db, random.Random(13))
    db.dispose()
    drawn = {
        "name_typed": samples["name_full"],
        "initials_1letter": samples["initials_1letter"],
        "pinyin_initials_typed": samples["pinyin_initials"],
        "id_last4_typed": samples["id_last4"],
        "phone_typed": samples["phone_full"],
        "case_number_typed": samples["case_number_partial"],
        **{kind: ZERO_HITS[kind] for kind in ("zero_hit_name", "zero_hit_letters")},
        "zero_hit_number": ZERO_HITS["zero_hit_number"],
    }
    return {kind: list(dict.fromkeys(drawn[kind]))[:n] for kind, n in PER_KIND.items()}


def _open_window(db_file: Path) -> Any:  # type: ignore[misc]
    """The app's window on ``db_file``, a director signed in (``dashboard_child``), the case
    list shown and the search box focused."""
    from dashboard_child import signed_in_window
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import _collect_on_gui_thread

    app = QApplication.instance() or QApplication([])
    window = signed_in_window(db_file)
    _collect_on_gui_thread(window)  # the app's garbage collection: a timer, not every 700 objects
    check = getattr(window.db.write_guard, "__self__", None)  # a large file's quick_check
    if check is not None:
        check.wait()  # once per start, in a thread: not a keystroke's cost
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # the first list settles
    loop.exec()
    window.show_page("cases")
    window.activateWindow()
    window.focus_search()
    app.processEvents()
    return window


class _PaintWatch:
    """Types into the window's search box; each key timed until the results view has painted
    after the box's current text was searched."""

    def __init__(self, window: Any) -> None:  # type: ignore[misc]
        from paint_wait import PaintWait

        self.window = window
        self.wait = PaintWait(window.case_list.table.viewport(), self.searched)
        self.painted_ms: list[float] = []

    def searched(self) -> bool:
        return bool(self.window.case_list.query == self.window.search.text())

    def key(self, char: str) -> float:
        """Type ``char``; ms until the results of the new text are painted (and what the key
        left queued is done: ``painted_ms`` without it)."""
        elapsed = self.wait.time_ms(lambda: _key_click(self.window.search, char))
        self.painted_ms.append(self.wait.painted_ms)
        return elapsed


def _key_click(widget: Any, char: str) -> None:  # type: ignore[misc]
    """A key press and release carrying ``char``, as the keyboard (or the input method, for
    a Chinese character) gives it: QTest's own key clicks know ASCII only."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    key = ord(char.upper()) if char.isascii() and char.isalnum() else 0
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def _type_all(watch: _PaintWatch, queries: dict[str, list[str]]) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    times: dict[str, list[float]] = {kind: [] for kind in queries}
    for kind, typed in queries.items():
        for query in typed:
            watch.window.search.clear()  # as select-all before a new query: not timed
            QApplication.processEvents()
            times[kind] += [watch.key(ch) for ch in query]
    return times


def _bench(label: str, source: Path, cases: int) -> None:
    from PySide6.QtWidgets import QApplication

    queries = _queries(source)
    with tempfile.TemporaryDirectory(prefix="keystroke-") as tmp:
        window = _open_window(copy_db(source, Path(tmp)))
        watch = _PaintWatch(window)
        _type_all(watch, queries)  # warm: page cache, fonts, the search's first imports
        watch.painted_ms.clear()
        cpu0 = time.process_time()
        times = _type_all(watch, queries)
        cpu_ms = (time.process_time() - cpu0) * 1000
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    everything = [t for ts in times.values() for t in ts]
    by_kind = {
        kind: {
            "median_ms": round(statistics.median(ts), 2),
            "p95_ms": round(percentile(sorted(ts), 95), 2),
            "keys": len(ts),
        }
        for kind, ts in times.items()
    }
    everything.sort()
    emit(
        label,
        everything,
        cases=cases,
        goal_median_ms=12,
        goal_p95_ms=16,
        ok=statistics.median(everything) <= 12 and percentile(everything, 95) <= 16,
        cpu_ms_per_key=round(cpu_ms / len(everything), 2),
        results_painted_median_ms=round(statistics.median(watch.painted_ms), 3),
        results_painted_p95_ms=round(percentile(sorted(watch.painted_ms), 95), 3),
        load_average=round(os.getloadavg()[0], 2),
        by_kind=by_kind,
        note="key event to the results view painted, in the main window (offscreen); "
        "the search runs on a zero-delay timer in the GUI thread",
    )


def run() -> None:
    from million import million_db_path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _bench("keystroke", bench_db_path(), 200_000)
    _bench("keystroke_1m", million_db_path(), 1_000_000)


if __name__ == "__main__":
    run()
