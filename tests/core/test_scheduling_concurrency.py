"""Two counters (two processes) book the same slot at the same moment, many times: exactly one
wins each time — on SQLite (BEGIN IMMEDIATE) and PostgreSQL (resource rows locked FOR UPDATE).

Even rounds: the same room for two cases with different mediators. Odd rounds: the same
mediator in two different rooms. Each round starts behind a barrier.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import queue
import time
import traceback

from sqlalchemy import func, select

from mediation_desk.db.schedule_models import MediationSession
from mediation_desk.services import rooms
from tests.core.test_scheduling_support import at, build, request
from tests.desk import reading, run

ROUNDS = 14


def _worker(url: str, operator: tuple[int, str], requests, barrier, results) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.db.database import Database
    from mediation_desk.domain.actor import Actor
    from mediation_desk.services.booking import BookingRefused, book_session

    try:
        db = Database(url)
        actor = Actor(*operator)
        with reading(db) as s:
            s.execute(select(1))
        outcomes = []
        for req in requests:
            barrier.wait(timeout=60)
            try:
                run(db, book_session, req, actor=actor)
                outcomes.append("won")
            except BookingRefused as refused:
                outcomes.append("refused:" + refused.conflicts[0].rule.value)
        db.dispose()
        results.put(("ok", outcomes))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def test_two_processes_booking_the_same_slot_exactly_one_wins(db_url, db, centre) -> None:  # type: ignore[no-untyped-def]
    sch = build(db, centre)
    run(db, rooms.set_settings, buffer_minutes=0, grid_minutes=15, actor=sch.actor)
    mine, theirs = [], []
    for r in range(ROUNDS):
        start = (
            at(8, 30) + dt.timedelta(minutes=30 * r)
            if r < 7
            else at(13, 30) + dt.timedelta(minutes=30 * (r - 7))
        )
        if r % 2 == 0:  # same room, different mediators
            mine.append(request(sch, sch.case_a, start, 30, room_id=sch.large, lead_id=sch.zhou))
            theirs.append(request(sch, sch.case_b, start, 30, room_id=sch.large, lead_id=sch.wang))
        else:  # same mediator, different rooms
            mine.append(request(sch, sch.case_a, start, 30, room_id=sch.small, lead_id=sch.zhou))
            theirs.append(request(sch, sch.case_b, start, 30, room_id=sch.remote, lead_id=sch.zhou))
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    operator = (sch.actor.operator_id, sch.actor.name)
    procs = [
        ctx.Process(target=_worker, args=(db_url, operator, reqs, barrier, results), daemon=True)
        for reqs in (mine, theirs)
    ]
    began = time.monotonic()
    for p in procs:
        p.start()
    outcomes = []
    while len(outcomes) < 2 and time.monotonic() < began + 90:
        try:
            outcomes.append(results.get(timeout=0.5))
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    for p in procs:
        p.join(timeout=30)
    errors = [detail for status, detail in outcomes if status == "error"]
    assert not errors, "\n".join(errors)
    assert len(outcomes) == 2
    a, b = (o for _s, o in outcomes)
    for r, (x, y) in enumerate(zip(a, b, strict=True)):
        assert sorted([x == "won", y == "won"]) == [False, True], (r, x, y)
        loser = x if x != "won" else y
        expected = "room_overlap" if r % 2 == 0 else "mediator_overlap"
        assert loser.startswith("refused:") and expected in loser, (r, loser)
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(MediationSession)) == ROUNDS
    assert time.monotonic() - began < 60
