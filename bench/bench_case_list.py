"""The whole case list on 200,000 cases: its first page and the next ones, for each filter.

* ``case_list_page`` (one line per filter): ``median_ms`` is the first page with the count
  (what a new filter costs: ``case_page`` + ``count_cases`` in one read; target ≤ 50 ms);
  ``next_median_ms`` / ``next_p95_ms`` a page fetched while scrolling (``case_page`` after the
  cursor of page 1, and of page 20 for ``deep_next_median_ms``; target ≤ 16 ms);
* ``case_list_sort`` (one line per order, unfiltered and 办理中): the same figures for the
  header's other orders;
* ``case_list_view_fetch``: what the window does when the scroll bar reaches the end — the
  model's ``fetchMore`` (read + rows inserted) and the view's layout, offscreen, 30 pages.

The cached 200k database (``common.bench_db_path``) is only read. Warm: each call is made
three times before it is timed.

    python bench/run.py case_list
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

from common import bench_db_path, emit

from tests.desk import run as call

RUNS = 25
#: The bench names this module prints (``bench/run.py case_list_page`` finds it by them).
NAMES = ("case_list_page", "case_list_sort", "case_list_view_fetch")


def _samples(fn: Any, runs: int = RUNS) -> tuple[list[float], list[float]]:  # type: ignore[misc]
    """Wall-clock and CPU samples (ms) of ``runs`` warm calls: on a machine shared with other
    jobs the wall clock also counts the waits for a core."""
    for _ in range(3):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _median(samples: list[float]) -> float:
    import statistics

    return round(statistics.median(samples), 3)


def _p95(samples: list[float]) -> float:
    from common import percentile

    return round(percentile(sorted(samples), 95), 3)


def _filters(db, today: dt.date) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The filters a desk uses most, on the units, mediators and types the data has."""
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case
    from mediation_desk.domain.case_list import STATUS_GROUPS, CaseFilter
    from mediation_desk.domain.enums import CaseSource
    from tests.desk import reading

    with reading(db) as s:
        by_unit = s.execute(
            select(Case.unit_id, func.count()).group_by(Case.unit_id).order_by(func.count().desc())
        ).all()
        by_mediator = s.execute(
            select(Case.mediator_id, func.count())
            .where(Case.mediator_id.is_not(None))
            .group_by(Case.mediator_id)
            .order_by(func.count())
        ).all()
    typical_mediator = by_mediator[len(by_mediator) // 2][0]
    month_ago = today - dt.timedelta(days=30)
    return {
        "none": CaseFilter(),
        "status_open": CaseFilter(statuses=STATUS_GROUPS[0].statuses),
        "status_closed": CaseFilter(statuses=STATUS_GROUPS[2].statuses),
        "unit": CaseFilter(unit_id=by_unit[0][0]),
        "mediator": CaseFilter(mediator_id=typical_mediator),
        "mediator_rare": CaseFilter(mediator_id=by_mediator[0][0]),
        "source_walk_in": CaseFilter(source=CaseSource.WALK_IN),
        "source_rare": CaseFilter(source=CaseSource.PROCURATORATE),
        "dispute_type": CaseFilter(dispute_type="labour"),
        "received_last_30_days": CaseFilter(received_from=month_ago, received_to=today),
        "overdue": CaseFilter(overdue=True),
        "unit_open_overdue": CaseFilter(
            statuses=STATUS_GROUPS[0].statuses, unit_id=by_unit[0][0], overdue=True
        ),
    }


def _measure(db, now: dt.datetime, where: Any, sort: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from mediation_desk.services.case_list import case_page, count_cases

    def first() -> Any:
        def read(uow: Any) -> Any:
            return case_page(uow, where=where, sort=sort), count_cases(uow, where=where)

        return call(db, read, now=now)

    page, count = first()
    figures: dict[str, Any] = {"count": count}
    figures["first"] = _samples(first)
    if page.next is None:
        return figures
    after = page.next
    figures["next"] = _samples(
        lambda: call(db, case_page, where=where, sort=sort, after=after, now=now)
    )
    deep = page
    for _ in range(19):
        if deep.next is None:
            break
        deep = call(db, case_page, where=where, sort=sort, after=deep.next, now=now)
    if deep.next is not None:
        later = deep.next
        figures["deep"] = _samples(
            lambda: call(db, case_page, where=where, sort=sort, after=later, now=now), runs=9
        )
    return figures


def _emit(name: str, figures: dict[str, Any], **extra: Any) -> None:
    wall, cpu = figures["first"]
    more: dict[str, Any] = {
        "count": figures["count"],
        "cpu_median_ms": _median(cpu),
        "target_first_ms": 50,
    }
    if "next" in figures:
        wall_next, cpu_next = figures["next"]
        more.update(
            next_median_ms=_median(wall_next),
            next_p95_ms=_p95(wall_next),
            next_cpu_median_ms=_median(cpu_next),
            target_next_ms=16,
        )
    if "deep" in figures:
        more["deep_next_median_ms"] = _median(figures["deep"][0])
    emit(name, wall, **extra, **more, load_average=round(os.getloadavg()[0], 2))


def _view_fetch(db, now: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile
    from pathlib import Path

    from paint_wait import PaintWait
    from PySide6.QtWidgets import QApplication

    from mediation_desk.domain.clock import fixed_clock
    from mediation_desk.settings import load_settings
    from ui.context import AppContext
    from ui.operations import InlineExecutor, Operations
    from ui.views.case_list_view import CaseListView

    app = QApplication.instance() or QApplication([])
    ops = Operations(db, clock=fixed_clock(now), executor=InlineExecutor())
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext(settings=load_settings(data_dir=Path(tmp) / "data"), ops=ops)
        view = CaseListView(ctx)
        view.resize(1280, 800)
        view.show()
        t0 = time.perf_counter()
        view.set_query("")
        view.grab()
        shown = (time.perf_counter() - t0) * 1000
        bar = view.table.verticalScrollBar()
        rows = view.model.rowCount
        loaded = [rows()]
        painted = PaintWait(view.table.viewport(), lambda: rows() > loaded[0])
        samples, cpu, on_screen = [], [], []
        for _ in range(30):
            loaded[0] = rows()
            c0 = time.process_time()
            # the view asks the model for more: timed until the new rows are painted
            samples.append(painted.time_ms(lambda: bar.setValue(bar.maximum())))
            cpu.append((time.process_time() - c0) * 1000)
            on_screen.append(painted.painted_ms)
        emit(
            "case_list_view_fetch",
            samples,
            cpu_median_ms=_median(cpu),
            first_paint_median_ms=_median(on_screen),
            rows=view.model.rowCount(),
            first_shown_ms=round(shown, 3),
            target_median_ms=16,
            note="scroll bar to the end: fetchMore, rows inserted, until the viewport has "
            "painted and the layout and paints left queued are done (first_paint: that first "
            "paint alone), offscreen",
        )
        view.close()
        view.deleteLater()
        app.processEvents()


def run() -> None:
    from sqlalchemy import func, select

    from mediation_desk.db.database import Database
    from mediation_desk.db.models import Case
    from mediation_desk.domain.case_list import STATUS_GROUPS, CaseFilter, CaseSort, SortKey
    from tests.desk import reading

    db = Database(f"sqlite:///{bench_db_path()}")
    with reading(db) as s:
        built = s.scalar(select(func.max(Case.received_at)))
    now = built + dt.timedelta(hours=1)
    for name, where in _filters(db, now.date()).items():
        _emit("case_list_page", _measure(db, now, where, CaseSort()), filter=name)
    for name, where in (
        ("none", CaseFilter()),
        ("status_open", CaseFilter(statuses=STATUS_GROUPS[0].statuses)),
    ):
        for key in SortKey:
            for descending in (True, False):
                sort = CaseSort(key, descending)
                _emit(
                    "case_list_sort",
                    _measure(db, now, where, sort),
                    filter=name,
                    sort=f"{key.value} {'desc' if descending else 'asc'}",
                )
    _view_fetch(db, now)
    db.dispose()


if __name__ == "__main__":
    run()
