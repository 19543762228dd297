"""The 领导看板 and 统计报表 pages on 200,000 cases, as the user waits for them.

* ``dashboard_view``: the page opened — the dashboard read (cards, the months of this year and
  last, this year's table), the widgets built (cards, charts) and the first paint, offscreen
  (target median ≤ 300 ms, issue 12's "dashboard open");
* ``dashboard_view_refresh``: what a change to the cases costs an open dashboard: the read
  again and the cards and charts updated in place, repainted;
* ``statistics_view``: the 统计报表 page opened on last month (the MoJ table and the centre
  figures with last year), built and painted (our own target: 300 ms);
* ``dashboard_page_first_open``: F8 in the app's own window (``dashboard_child.py``: a fresh
  process, a director signed in, idle), until the page is painted with its figures — its
  modules imported on first use, the read on the worker thread — with the first, still empty,
  paint beside it.

Each also prints the median CPU time and the load average: on a machine shared with other jobs
the wall clock counts the waits for a core too. The cached 200k database is copied to a
temporary folder; ``today`` is the day its cases run up to.

    python bench/run.py dashboard_view
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import bench_db_path, copy_db, emit

NAMES = ("dashboard_view", "dashboard_view_refresh", "statistics_view", "dashboard_page_first_open")
FIRST_OPENS = 3  # fresh processes, each on a new copy of the database
RUNS = 12
WARM = 2  # the first builds load fonts and fill the page cache


def _built_on(db) -> dt.date:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case
    from tests.desk import reading

    with reading(db) as s:
        return s.scalar(select(func.max(Case.received_at))).date()


def _samples(fn: Callable[[], None]) -> tuple[list[float], float]:
    wall, cpu = [], []
    for _ in range(RUNS):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall[WARM:], round(statistics.median(cpu[WARM:]), 3)


def _views(db, tmp: Path, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from mediation_desk.domain.clock import fixed_clock
    from mediation_desk.settings import load_settings
    from tests.desk import every_role
    from ui.context import AppContext
    from ui.operations import InlineExecutor, Operations
    from ui.views.dashboard_view import DashboardView
    from ui.views.statistics_view import StatisticsView

    app = QApplication.instance() or QApplication([])
    now = dt.datetime.combine(today, dt.time(9))
    ops = Operations(db, clock=fixed_clock(now), actor=every_role(db), executor=InlineExecutor())
    ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), ops=ops)

    def opened(build: Callable[[], QWidget]) -> Callable[[], None]:
        def once() -> None:
            view = build()
            view.resize(1360, 880)
            view.show()
            view.grab()  # the first paint, offscreen
            view.close()
            view.deleteLater()
            app.processEvents()

        return once

    from mediation_desk.services.dashboard import dashboard

    load = round(os.getloadavg()[0], 2)
    wall, cpu = _samples(opened(lambda: DashboardView(ctx)))
    reads, _cpu = _samples(lambda: ops.read(lambda uow: dashboard(uow, today)))
    read_ms = round(statistics.median(reads), 3)
    note = "read + build + first paint; read_median_ms: the service's read alone"
    emit(
        "dashboard_view",
        wall,
        cpu_median_ms=cpu,
        load_average=load,
        target_median_ms=300,
        read_median_ms=read_ms,
        note=note,
    )
    board = DashboardView(ctx)
    board.resize(1360, 880)
    board.show()

    def refresh() -> None:
        board.refresh()
        board.grab()

    wall, cpu = _samples(refresh)
    emit(
        "dashboard_view_refresh",
        wall,
        cpu_median_ms=cpu,
        load_average=load,
        note="read again, cards and charts updated in place, repainted",
    )
    board.close()
    board.deleteLater()
    wall, cpu = _samples(opened(lambda: StatisticsView(ctx)))
    emit(
        "statistics_view",
        wall,
        cpu_median_ms=cpu,
        load_average=load,
        target_median_ms=300,
        note="last month's MoJ table and centre figures: read + build + first paint",
    )
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    import gc

    gc.collect()  # while Qt is still up


def _first_opens(source: Path) -> None:
    """F8 in the app's window, in a fresh process: import, build, read, paint."""
    import json
    import subprocess
    import sys

    empty, shown = [], []
    for _ in range(FIRST_OPENS):
        with tempfile.TemporaryDirectory() as tmp:
            path = copy_db(source, Path(tmp))
            out = subprocess.run(
                [sys.executable, str(Path(__file__).with_name("dashboard_child.py")), str(path)],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            ).stdout
        got = json.loads(out.strip().splitlines()[-1])
        empty.append(float(got["first_paint_ms"]))
        shown.append(float(got["with_figures_ms"]))
    emit(
        "dashboard_page_first_open",
        shown,
        target_median_ms=300,
        first_paint_median_ms=round(statistics.median(empty), 3),
        load_average=round(os.getloadavg()[0], 2),
        note="F8 in the signed-in window of a fresh process: the page's modules imported, "
        "built, read on the worker thread and painted with its figures",
    )


def run() -> None:
    from mediation_desk.db.database import Database

    source = bench_db_path()
    with tempfile.TemporaryDirectory() as tmp:
        path = copy_db(source, Path(tmp))
        db = Database(f"sqlite:///{path}")
        _views(db, Path(tmp), _built_on(db))
        db.dispose()
    _first_opens(source)


if __name__ == "__main__":
    run()
