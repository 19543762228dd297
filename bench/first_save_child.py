"""One fresh process: the first save of a new two-party case, then a few more (bench_first_save).

    python first_save_child.py DB_FILE core     a bare process: open the database and save
    python first_save_child.py DB_FILE window   the app's window first (the demo clerk signed
                                                in, started, 2 s idle as while a clerk types),
                                                then save

Prints one JSON object: the first save's and the later saves' times and the RSS around them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: The demo centre's clerk: signed in at the window without a prompt (``--operator``), and the
#: account whose warm-up rehearses a registration (``services.warm_up``).
CLERK = "演示登记员"
sys.path.insert(0, str(HERE.parent))


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _drafts(unit_id: int, n: int) -> list[object]:
    from mediation_desk.demo.generator import CaseGenerator

    drafts = []
    for generated in CaseGenerator(seed=99, today=dt.date.today()).cases(n * 4, days_back=1):
        d = generated.draft
        if len(d.parties) == 2 and not d.refused and d.routing.refer_to is None:
            d.routing.unit_id, d.routing.mediator_id = unit_id, None
            d.received_at = None
            drafts.append(d)
    return drafts[:n]


def _save_all(db, actor, drafts) -> list[float]:  # type: ignore[no-untyped-def]
    from mediation_desk.db.unit_of_work import perform
    from mediation_desk.domain.validation import validate_party
    from mediation_desk.services.intake import register_case, warning_key

    times = []
    for d in drafts:
        keys = {"requests:requests_empty", "parties:respondent_missing"}
        for i, p in enumerate(d.parties):  # acknowledge generated warnings, as a clerk would
            keys |= {
                warning_key(w)
                for w in validate_party(p, i, today=dt.date.today())
                if not w.is_error
            }
        t0 = time.perf_counter()
        perform(
            db,
            lambda uow, d=d, k=frozenset(keys): register_case(uow, d, acknowledged=k),
            actor=actor,
        )
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    db_file, mode = Path(sys.argv[1]), sys.argv[2]
    t_start = time.perf_counter()
    from sqlalchemy import select

    from mediation_desk.db.database import Database
    from mediation_desk.db.models import HandlingUnit, Operator
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.enums import UnitKind
    from mediation_desk.domain.roles import roles_from_str

    probe = Database(f"sqlite:///{db_file}")
    with probe.engine.connect() as c:
        op = c.execute(
            select(Operator.id, Operator.name, Operator.roles, Operator.mediator_id).where(
                Operator.name == CLERK
            )
        ).one()
        unit_id = c.scalar(
            select(HandlingUnit.id).where(HandlingUnit.kind == UnitKind.STREET_COMMITTEE).limit(1)
        )
    probe.dispose()
    actor = Actor(op.id, op.name, roles_from_str(op.roles), op.mediator_id)
    drafts = _drafts(int(unit_id), 6)
    if mode == "window":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from mediation_desk.db.startup_check import seal_clean_close
        from mediation_desk.settings import load_settings
        from ui.main_window import MainWindow

        # an ordinary morning: the file as the program left it at last night's normal close
        # (``ready_after_crash`` in bench_startup measures the start without the seal)
        seal_clean_close(db_file.parent, db_file, at=dt.datetime.now())
        app = QApplication(sys.argv[:1])  # noqa: F841 (kept alive while the window runs)
        settings = load_settings(data_dir=db_file.parent, database_url=None)
        window = MainWindow(settings, operator_name=op.name)
        loop = QEventLoop()
        window.database_ready.connect(loop.quit)
        window.show()
        window.start()
        loop.exec()
        QTimer.singleShot(2000, loop.quit)  # the clerk types the first case
        loop.exec()
        assert window.ctx is not None and window.ctx.ops.actor is not None  # signed in
        db = window.ctx.ops.db
    else:
        db = Database(f"sqlite:///{db_file}")
    rss0 = _rss_mb()
    times = _save_all(db, actor, drafts)
    print(
        json.dumps(
            {
                "first_ms": times[0],
                "later_ms": times[1:],
                "rss_before_mb": round(rss0, 1),
                "rss_growth_mb": round(_rss_mb() - rss0, 1),
                "process_s": round(time.perf_counter() - t_start, 2),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
