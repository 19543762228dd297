"""Property-based: random sequences of book / move / cancel / override never leave two
occupying sessions of one room, one mediator or one person overlapping — in the pure rules
and through the service on a real database."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from mediation_desk.db.schedule_models import (
    MediationSession,
    SessionAttendee,
    SessionEvent,
    SessionStaff,
)
from mediation_desk.scheduling.model import Booked, MediatorInfo, Proposal, RoomInfo, RoomKind
from mediation_desk.scheduling.rules import ScheduleData, blocking, check
from mediation_desk.services import booking, session_actions
from mediation_desk.services.booking import BookingRefused
from tests.core.test_scheduling_support import at, build, request
from tests.desk import reading, run, writing

DAY = dt.date(2026, 3, 2)
ALL_DAY = {wd: ((dt.time(7), dt.time(20)),) for wd in range(7)}

slot = st.tuples(
    st.integers(8, 17), st.sampled_from([0, 15, 30, 45]), st.sampled_from([30, 60, 90])
)
op = st.one_of(
    st.tuples(
        st.just("book"),
        st.integers(0, 2),
        st.integers(0, 2),
        st.integers(0, 2),
        slot,
        st.booleans(),
    ),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 2), slot, st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 30)),
)


def _assert_no_overlap(sessions: list[tuple[int, dt.datetime, dt.datetime, set[str]]]) -> None:
    for (i, a0, a1, ra), (j, b0, b1, rb) in itertools.combinations(sessions, 2):
        if a0 < b1 and b0 < a1:
            assert not (ra & rb), f"sessions {i} and {j} overlap on {ra & rb}"


@settings(max_examples=150, deadline=None)
@given(st.lists(op, max_size=25))
def test_rules_never_admit_a_double_booking(ops) -> None:  # type: ignore[no-untyped-def]
    rooms = {
        r: RoomInfo(r, f"室{r}", RoomKind.MEDIATION, 20, frozenset(), opening=ALL_DAY)
        for r in range(3)
    }
    meds = {m: MediatorInfo(m, f"员{m}", max_per_day=3) for m in range(3)}
    live: dict[int, Booked] = {}
    persons = [frozenset({f"p{c}"}) for c in range(3)]
    for n, o in enumerate(ops):
        if o[0] == "cancel":
            live.pop(sorted(live)[o[1] % len(live)], None) if live else None
            continue
        if o[0] == "book":
            _k, case, room, med, (h, m, dur), override = o
            sid, staff, who = 1000 + n, med, persons[case]
        else:
            if not live:
                continue
            _k, pick, room, (h, m, dur), override = o
            old = live[sorted(live)[pick % len(live)]]
            sid, staff, who, case = old.id, next(iter(old.staff)), old.persons, old.case_id
        a = dt.datetime.combine(DAY, dt.time(h, m))
        b = a + dt.timedelta(minutes=dur)
        data = ScheduleData(rooms, meds, list(live.values()), buffer=dt.timedelta(minutes=10))
        p = Proposal(
            case, room, a, b, staff, persons=who, session_id=sid if o[0] == "move" else None
        )
        if not blocking(check(p, data), override=override):
            live[sid] = Booked(sid, case, f"案{case}", room, a, b, frozenset({staff}), who)
    resources = [
        (b.id, b.starts, b.ends, {f"room{b.room_id}"} | {f"m{x}" for x in b.staff} | set(b.persons))
        for b in live.values()
    ]
    _assert_no_overlap(resources)


@pytest.fixture(scope="module")
def world(tmp_path_factory):  # type: ignore[no-untyped-def]
    from tests.conftest import open_database, seed_centre

    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'p.db'}")
    sch = build(db, seed_centre(db))
    yield db, sch
    db.dispose()


service_op = st.one_of(
    st.tuples(
        st.just("book"),
        st.integers(0, 2),
        st.integers(0, 2),
        st.integers(0, 2),
        slot,
        st.booleans(),
    ),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 2), slot, st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 30)),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(service_op, min_size=1, max_size=12))
def test_service_never_stores_a_double_booking(world, ops) -> None:  # type: ignore[no-untyped-def]
    db, sch = world
    with writing(db) as s:
        for model in (SessionEvent, SessionStaff, SessionAttendee, MediationSession):
            s.execute(delete(model))
    cases = [sch.case_a, sch.case_b, sch.case_c]
    room_ids = [sch.small, sch.large, sch.remote]
    meds = [sch.zhou, sch.wang, sch.li]
    made: list[int] = []
    for o in ops:
        try:
            if o[0] == "book":
                _k, c, r, m, (h, mi, dur), override = o
                v = run(
                    db,
                    booking.book_session,
                    request(sch, cases[c], at(h, mi), dur, room_id=room_ids[r], lead_id=meds[m]),
                    override_reason="急案" if override else "",
                    actor=sch.actor,
                )
                made.append(v.id)
            elif o[0] == "move" and made:
                _k, pick, r, (h, mi, dur), override = o
                run(
                    db,
                    booking.move_session,
                    session_id=made[pick % len(made)],
                    starts=at(h, mi),
                    ends=at(h, mi) + dt.timedelta(minutes=dur),
                    room_id=room_ids[r],
                    override_reason="急案" if override else "",
                    actor=sch.actor,
                )
            elif o[0] == "cancel" and made:
                run(
                    db,
                    session_actions.cancel_session,
                    session_id=made[o[1] % len(made)],
                    reason="撤回",
                    actor=sch.actor,
                )
        except BookingRefused:
            pass
        except Exception as e:  # moving/cancelling a cancelled session is refused too
            assert "不能" in str(e), e
    with reading(db) as s:
        rows = s.execute(
            select(
                MediationSession.id,
                MediationSession.starts,
                MediationSession.ends,
                MediationSession.room_id,
            ).where(MediationSession.status.in_(["booked", "checked_in", "in_session", "finished"]))
        ).all()
        staff = s.execute(select(SessionStaff.session_id, SessionStaff.mediator_id)).all()
        people = s.execute(select(SessionAttendee.session_id, SessionAttendee.person_key)).all()
    res = {sid: {f"room{room}"} for sid, _a, _b, room in rows}
    for sid, mid in staff:
        res.get(sid, set()).add(f"m{mid}")
    for sid, key in people:
        res.get(sid, set()).add(key)
    _assert_no_overlap([(sid, a, b, res[sid]) for sid, a, b, _r in rows])
