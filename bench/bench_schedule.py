"""Scheduling figures.

* suggest: 12 rooms × 40 mediators × 20 working days with 3,000 existing sessions — 150 a
  day, so the rooms open 08:00–18:00 and are filled one 30–45-minute session after another
  (10-minute buffer); a 90-minute session is then asked for, from a random time in the first
  ten days (target median ≤ 20 ms, end to end: loading from SQLite + search + ranking);
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
from dataclasses import replace
from pathlib import Path

from common import emit, time_ms

from tests.desk import reading, writing
from tests.desk import run as call

START = dt.date(2026, 3, 2)  # inside the holiday table
#: The clock the centre is built at (the evening before the first benchmarked day).
BUILT_AT = dt.datetime.combine(START - dt.timedelta(days=1), dt.time(18))


def _centre(path: Path, *, rooms: int, mediators: int, cases: int, hours=None):  # type: ignore[no-untyped-def]
    """A demo centre with ``rooms`` rooms, ``mediators`` mediators and no sessions yet.

    ``hours``: opening hours every weekday for every room (None: the default office hours).
    """
    from sqlalchemy import delete

    from mediation_desk.db.database import Database
    from mediation_desk.db.migrate import upgrade_to_head
    from mediation_desk.db.schedule_models import (
        MediationSession,
        SessionAttendee,
        SessionEvent,
        SessionStaff,
    )
    from mediation_desk.demo.loader import load_demo
    from mediation_desk.demo.schedule_demo import seed_demo_profiles
    from mediation_desk.domain.enums import MediatorKind
    from mediation_desk.domain.roles import ALL_ROLES
    from mediation_desk.scheduling.model import RoomKind
    from mediation_desk.services import reference
    from mediation_desk.services import rooms as room_service

    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    call(db, reference.ensure_reference_data)
    # load_demo also seeds the demo rooms and a week of sessions: the bench places its own.
    seeded = call(db, load_demo, n_cases=cases, seed=11, now=BUILT_AT)
    seeded = replace(seeded, actor=replace(seeded.actor, roles=ALL_ROLES))  # times the work
    with writing(db) as s:
        for model in (SessionEvent, SessionAttendee, SessionStaff, MediationSession):
            s.execute(delete(model))
    mids = dict(seeded.mediator_ids)
    unit = next(iter(seeded.unit_ids.values()))
    for i in range(mediators - len(mids)):
        mids[f"x{i}"] = call(
            db,
            reference.create_mediator,
            name=f"调解员{i:02d}",
            kind=MediatorKind.PEOPLES,
            unit_id=unit,
            actor=seeded.actor,
        ).id
    existing = call(db, room_service.list_rooms)
    for i in range(rooms - len(existing)):
        call(
            db,
            room_service.save_room,
            name=f"第{i + 5}号调解室",
            kind=RoomKind.MEDIATION,
            capacity=6,
            actor=seeded.actor,
        )
    if hours is not None:
        for r in call(db, room_service.list_rooms):
            call(
                db,
                room_service.save_room,
                room_id=r.id,
                name=r.name,
                kind=r.kind,
                capacity=r.capacity,
                equipment=r.equipment,
                opening={wd: [hours] for wd in range(5)},
                actor=seeded.actor,
            )
    call(db, seed_demo_profiles, mids, {}, max_per_day=8, actor=seeded.actor)
    return db, seeded


def _keep_none_alive() -> None:
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None on every call of a void Qt
    method from Python (None is immortal only from 3.12); building boards over and over
    brings None's count to zero and CPython aborts ("deallocating None"). Give None a count
    it cannot run out of, as 3.12 does. (The app needs the same until PySide6 is fixed.)"""
    import ctypes
    import sys

    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def _settled(db, path: Path):  # type: ignore[no-untyped-def]
    """Reopen after ANALYZE and a WAL checkpoint, as a centre's database is after a day's use
    (freshly bulk-loaded rows still sitting in the WAL make every read slower)."""
    import sqlite3
    from contextlib import closing

    from mediation_desk.db.database import Database

    db.dispose()
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Database(f"sqlite:///{path}")


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
    from mediation_desk.services.suggestions import suggest_sessions

    # 150 sessions a day in 12 rooms is 12–13 per room: a long day (08:00–18:00), short
    # sessions (30–45 min) with the 10-minute buffer, rooms filled one session after another.
    db, seeded = _centre(
        tmp / "suggest.db",
        rooms=12,
        mediators=40,
        cases=3000,
        hours=(dt.time(8), dt.time(18)),
    )
    with reading(db) as s:
        case_ids = list(s.scalars(select(Case.id)))
    days = working_days(START, 20)
    placed = call(
        db,
        lambda uow: place_sessions(
            uow,
            days=days,
            per_day=150,
            case_ids=case_ids,
            now=dt.datetime.combine(START, dt.time(7)),
            durations=(30, 30, 45),
            packed=True,
            gap_chance=0.05,
        ),
        actor=seeded.actor,
    )
    with reading(db) as s:
        total = s.scalar(select(func.count()).select_from(MediationSession))
    db = _settled(db, tmp / "suggest.db")
    rnd = random.Random(5)
    samples, found = [], 0
    for _ in range(60):
        case_id = rnd.choice(case_ids)
        earliest = dt.datetime.combine(rnd.choice(days[:10]), dt.time(rnd.randint(8, 15)))
        result: list = []
        samples.append(
            time_ms(
                lambda c=case_id, e=earliest, r=result: r.extend(
                    call(db, suggest_sessions, case_id=c, earliest=e, n=5)
                )
            )
        )
        found += bool(result)
    queries = _queries(
        db,
        lambda: call(
            db,
            suggest_sessions,
            case_id=case_ids[0],
            earliest=dt.datetime.combine(START, dt.time(9)),
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

    from mediation_desk.db.models import Case
    from mediation_desk.demo.schedule_demo import place_sessions
    from mediation_desk.domain.clock import fixed_clock
    from mediation_desk.services.session_views import day_board
    from mediation_desk.settings import load_settings
    from ui.context import AppContext
    from ui.operations import InlineExecutor, Operations
    from ui.views.day_board_view import DayBoardView

    app = QApplication.instance() or QApplication([])
    _keep_none_alive()
    db, seeded = _centre(tmp / "board.db", rooms=10, mediators=40, cases=3000)
    with reading(db) as s:
        case_ids = list(s.scalars(select(Case.id)))
    call(
        db,
        lambda uow: place_sessions(
            uow,
            days=[START],
            per_day=50,
            case_ids=case_ids,
            now=dt.datetime.combine(START, dt.time(11)),
        ),
        actor=seeded.actor,
    )
    q10 = _queries(db, lambda: call(db, day_board, START))
    n10 = len(call(db, day_board, START).sessions)
    from mediation_desk.scheduling.model import RoomKind
    from mediation_desk.services import rooms

    for i in range(20):
        call(
            db,
            rooms.save_room,
            name=f"加开调解室{i + 1}",
            kind=RoomKind.MEDIATION,
            capacity=6,
            actor=seeded.actor,
        )
    call(
        db,
        lambda uow: place_sessions(
            uow,
            days=[START],
            per_day=150 - n10,
            case_ids=case_ids,
            now=dt.datetime.combine(START, dt.time(11)),
            seed=9,
            durations=(45, 60),
        ),
        actor=seeded.actor,
    )
    board = call(db, day_board, START)
    q30 = _queries(db, lambda: call(db, day_board, START))
    now = dt.datetime.combine(START, dt.time(11))
    ops = Operations(db, clock=fixed_clock(now), actor=seeded.actor, executor=InlineExecutor())
    ctx = AppContext(settings=load_settings(data_dir=tmp / "data"), ops=ops)
    samples = []
    for _ in range(15):
        t0 = time.perf_counter()
        view = DayBoardView(ctx, day=START, now=now)
        view.resize(1400, 900)
        view.show()
        view.grab()  # first paint, offscreen
        samples.append((time.perf_counter() - t0) * 1000)
        view.close()
        view.deleteLater()
        app.processEvents()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    import gc

    gc.collect()  # while Qt is still up: collecting Qt wrappers at interpreter exit crashes
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
