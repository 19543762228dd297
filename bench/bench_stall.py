"""The window while another process holds the SQLite write lock.

    python bench/run.py stall

``stall_under_lock``: another process takes the write lock (``BEGIN IMMEDIATE``) and holds it
for 10 s; meanwhile the clerk saves a filled registration form in the window, with the app's
default lock timeout (8 s: the save gives up with a Chinese message, the form keeps what was
typed). ``stall_under_lock_patient``: the same with a 15 s lock timeout (the save waits and
goes through). A 5 ms timer on the GUI thread records the gaps between its ticks until the
lock is released and the save has finished: ``max_ms`` is the longest stretch the window
could not paint or take input (target ≤ 100 ms).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import emit

from mediation_desk.settings import Timeouts

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HOLD_S = 10.0
RUNS = 2

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
    measure("stall_under_lock", Timeouts())
    measure("stall_under_lock_patient", Timeouts(lock=15))


def measure(name: str, timeouts: Timeouts) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mediation_desk.db.database import Database
    from mediation_desk.domain.clock import system_clock
    from mediation_desk.settings import load_settings
    from tests.conftest import open_database, seed_centre
    from ui.context import AppContext
    from ui.operations import Operations
    from ui.views.intake_view import IntakeView

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / "bench.db"
        seeded = open_database(f"sqlite:///{path}")
        centre = seed_centre(seeded)
        seeded.dispose()
        db = Database(f"sqlite:///{path}", timeouts=timeouts)
        ops = Operations(db, clock=system_clock, actor=centre.actor)  # a real worker thread
        shown: list[str] = []  # the message box the clerk would see, without waiting on it
        ops.show_error = lambda _parent, _title, message: shown.append(message)
        ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), ops=ops)
        view = IntakeView()
        view.attach(ctx)
        view._ask = lambda title, text: True
        view.resize(1300, 900)
        view.show()
        stalls, outcomes, kept = [], [], []
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
            ops.wait()
            stalls.append(meter.longest_ms)
            outcomes.append(view.status.text())
            kept.append(view.party_editors[0].name.text() == "王小明")
            view.new_registration()
        emit(
            name,
            stalls,
            hold_s=HOLD_S,
            lock_timeout_s=timeouts.lock,
            target_max_ms=100,
            outcome=outcomes[-1][:40],
            form_kept_after_failure=all(kept) if "正忙" in outcomes[-1] else None,
        )
        view.close()
        db.dispose()


if __name__ == "__main__":
    run()
