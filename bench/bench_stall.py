"""The window while another process holds the SQLite write lock.

    python bench/run.py stall

``stall_under_lock``: another process takes the write lock (``BEGIN IMMEDIATE``) and holds it
for 10 s; meanwhile the clerk saves a filled registration form in the window. A 5 ms timer
on the GUI thread records the gaps between its ticks until the lock is released and the save
has finished (or failed): ``max_ms`` is the longest stretch the window could not paint or
take input (target ≤ 100 ms).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import emit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HOLD_S = 10.0
RUNS = 3

_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


class StallMeter:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.gaps: list[float] = []
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.ticker = QTimer()
        self.ticker.setInterval(5)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.gaps.append((now - self.last) / 1e6)
        self.last = now

    def stop(self) -> None:
        self.ticker.stop()

    @property
    def longest_ms(self) -> float:
        return max(self.gaps, default=0.0)


def _fill(view, unit_id: int) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_intake_view import choose

    choose(view.info.dispute_type, "neighbour")
    view.info.facts.setPlainText("双方系邻居，被申请人排水管引至申请人墙角，致墙体受潮开裂。")
    view.info.requests.setPlainText("赔偿修缮费用。")
    applicant, respondent = view.party_editors
    applicant.name.setText("王小明")
    applicant.phone_rows[0].number.setText("13800001234")
    respondent.name.setText("赵大勇")
    respondent.phone_rows[0].number.setText("13900005678")
    choose(view.routing.unit, unit_id)


def run() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mediation_desk.settings import load_settings
    from tests.conftest import open_database, seed_centre
    from ui.context import AppContext
    from ui.views.intake_view import IntakeView

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        path = tmp / "bench.db"
        db = open_database(f"sqlite:///{path}")
        centre = seed_centre(db)
        ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), db=db, actor=centre.actor)
        view = IntakeView()
        view.attach(ctx)
        view._ask = lambda title, text: True
        view.resize(1300, 900)
        view.show()
        stalls, outcomes = [], []
        for _ in range(RUNS):
            _fill(view, centre.street_unit_id)
            holder = subprocess.Popen(
                [sys.executable, "-c", _HOLDER, str(path), str(HOLD_S)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            meter = StallMeter()
            QTimer.singleShot(20, view.save)
            deadline = time.monotonic() + HOLD_S + 3
            while time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.001)
            meter.stop()
            holder.wait()
            stalls.append(meter.longest_ms)
            outcomes.append(view.status.text() or view.banner.text())
            view.new_registration()
        emit(
            "stall_under_lock",
            stalls,
            hold_s=HOLD_S,
            target_max_ms=100,
            outcome=outcomes[-1][:60],
        )
        db.dispose()


if __name__ == "__main__":
    run()
