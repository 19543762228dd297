"""Scheduling figures.

* suggest: 12 rooms × 40 mediators × 20 working days with 3,000 existing sessions
  (target median ≤ 20 ms, end to end: loading from SQLite + search + ranking);
* day board: 30 rooms and 150 sessions, load + first paint offscreen (target ≤ 100 ms), and
  the number of SQL queries (counted with a ``before_cursor_execute`` listener) for 10 and 30
  rooms — it must not grow.

    python bench/run.py schedule
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from common import emit, time_ms

START = dt.date(2026, 3, 2)  # inside the holiday table


def _centre(path: Path, *, rooms: int, mediators: int, cases: int):  # type: ignore[no-untyped-def]
    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.demo.loader import load_demo
    from mediation_desk.demo.schedule_demo import seed_demo_profiles, seed_demo_rooms
    from mediation_desk.domain.enums import MediatorKind
    from mediation_desk.services import reference

    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    reference.ensure_reference_data(db)
    seeded = load_demo(db, n_cases=cases, seed=11, today=START - dt.timedelta(days=1))
    mids = dict(seeded.mediator_ids)
    unit = next(iter(seeded.unit_ids.values()))
    for i in range(mediators - len(mids)):
        mids[f"x{i}"] = reference.create_mediator(
            db, seeded.actor, name=f"调解员{i:02d}", kind=MediatorKind.PEOPLES, unit_id=unit
        ).id
    seed_demo_rooms(db, seeded.actor, extra=rooms - 9)
    seed_demo_profiles(db, seeded.actor, mids, {}, max_per_day=8)
    return db, seeded


def _queries(db, fn):  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    n = 0

    def count(*_a):  # type: ignore[no-untyped-def]
        nonlocal n
        n += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return n


def bench_suggest(tmp: Path) -> None:
    from sqlalchemy import func, select

    from mediation_desk.db.models import Case
    from mediation_desk.db.schedule_models import MediationSession
    from mediation_desk.demo.schedule_demo import place_sessions, working_days
    from mediation_desk.services.scheduling import suggest_sessions

    db, seeded = _centre(tmp / "suggest.db", rooms=12, mediators=40, cases=3000)
    with db.reading() as s:
        case_ids = list(s.scalars(select(Case.id)))
    days = working_days(START, 20)
    placed = place_sessions(
        db,
        seeded.actor,
        days=days,
        per_day=150,
        case_ids=case_ids,
        now=dt.datetime.combine(START, dt.time(7)),
        durations=(30, 45, 60),
        step_minutes=15,
    )
    with db.reading() as s:
        total = s.scalar(select(func.count()).select_from(MediationSession))
    rnd = random.Random(5)
    samples, found = [], 0
    for _ in range(60):
        case_id = rnd.choice(case_ids)
        earliest = dt.datetime.combine(rnd.choice(days[:10]), dt.time(rnd.randint(8, 15)))
        result: list = []
        samples.append(
            time_ms(
                lambda c=case_id, e=earliest, r=result: r.extend(
                    suggest_sessions(db, case_id=c, earliest=e, n=5)
                )
            )
        )
        found += bool(result)
    queries = _queries(
        db,
        lambda: suggest_sessions(
            db, case_id=case_ids[0], earliest=dt.datetime.combine(START, dt.time(9))
        ),
    )
    emit(
        "schedule_suggest",
        samples[5:],
        target_median_ms=20,
        rooms=12,
        mediators=40,
        working_days=20,
        sessions=total,
        placed_in_horizon=placed,
        suggestions_found=f"{found}/60",
        queries=queries,
    )
    db.dispose()


def bench_day_board(tmp: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select
    from ui.views.day_board_view import DayBoardView

    from mediation_desk.db.models import Case
    from mediation_desk.demo.schedule_demo import place_sessions
    from mediation_desk.services.scheduling import day_board
    from mediation_desk.settings import load_settings
    from ui.context import AppContext

    app = QApplication.instance() or QApplication([])
    db, seeded = _centre(tmp / "board.db", rooms=10, mediators=40, cases=3000)
    with db.reading() as s:
        case_ids = list(s.scalars(select(Case.id)))
    place_sessions(
        db,
        seeded.actor,
        days=[START],
        per_day=50,
        case_ids=case_ids,
        now=dt.datetime.combine(START, dt.time(11)),
    )
    q10 = _queries(db, lambda: day_board(db, START))
    n10 = len(day_board(db, START).sessions)
    from mediation_desk.scheduling.model import RoomKind
    from mediation_desk.services import rooms

    for i in range(20):
        rooms.save_room(
            db, seeded.actor, name=f"加开调解室{i + 1}", kind=RoomKind.MEDIATION, capacity=6
        )
    place_sessions(
        db,
        seeded.actor,
        days=[START],
        per_day=150 - n10,
        case_ids=case_ids,
        now=dt.datetime.combine(START, dt.time(11)),
        seed=9,
    )
    board = day_board(db, START)
    q30 = _queries(db, lambda: day_board(db, START))
    ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), db=db, actor=seeded.actor)
    samples = []
    for _ in range(15):
        t0 = time.perf_counter()
        view = DayBoardView(ctx, day=START, now=dt.datetime.combine(START, dt.time(11)))
        view.resize(1400, 900)
        view.show()
        view.grab()  # first paint, offscreen
        samples.append((time.perf_counter() - t0) * 1000)
        view.close()
        view.deleteLater()
        app.processEvents()
    emit(
        "schedule_day_board_load_and_paint",
        samples[2:],
        target_median_ms=100,
        rooms=len(board.rooms),
        sessions=len(board.sessions),
        queries_10_rooms=q10,
        queries_30_rooms=q30,
    )
    db.dispose()


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bench_suggest(Path(tmp))
        bench_day_board(Path(tmp))


if __name__ == "__main__":
    run()
