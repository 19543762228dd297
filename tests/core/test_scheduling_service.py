"""Booking through the service on SQLite and PostgreSQL: refusals in Chinese, overrides with
reasons, moves, cancellations, arrivals, history, the day board's query count, suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from mediation_desk.db.schedule_models import MediationSession, SessionEvent
from mediation_desk.errors import DeskError
from mediation_desk.scheduling.model import EventKind, RoomKind, SessionStatus
from mediation_desk.scheduling.rules import Rule
from mediation_desk.services import cases, history, mediator_profiles, rooms, scheduling
from mediation_desk.services.scheduling import BookingRefused
from tests.core.test_scheduling_support import MONDAY, at, build, request


@pytest.fixture
def sch(db, centre):  # type: ignore[no-untyped-def]
    return build(db, centre)


def test_book_and_refuse_a_second_booking_of_the_room(db, sch) -> None:  # type: ignore[no-untyped-def]
    first = scheduling.book_session(db, sch.actor, request(sch, sch.case_a, at(9)))
    assert first.status is SessionStatus.BOOKED
    assert first.room_name == "第一调解室" and first.lead_name == "周建国"
    assert first.party_names == "张三、李四"
    with pytest.raises(BookingRefused) as refused:
        scheduling.book_session(
            db, sch.actor, request(sch, sch.case_b, at(9, 30), lead_id=sch.wang)
        )
    (c,) = refused.value.conflicts
    assert c.rule is Rule.ROOM_OVERLAP and c.other_session_id == first.id
    assert c.message_zh == f"调解室“第一调解室”在 09:00–10:00 已被{first.case_number}占用"
    assert refused.value.message.startswith("无法预约：")
    with pytest.raises(BookingRefused):  # a reason does not override a double booking
        scheduling.book_session(
            db,
            sch.actor,
            request(sch, sch.case_b, at(9, 30), lead_id=sch.wang),
            override_reason="急案",
        )


def test_the_same_person_in_another_case_cannot_be_in_two_rooms(db, sch) -> None:  # type: ignore[no-untyped-def]
    scheduling.book_session(db, sch.actor, request(sch, sch.case_a, at(9)))
    conflicts = scheduling.check_session(
        db, request(sch, sch.case_c, at(9), room_id=sch.large, lead_id=sch.wang)
    )
    assert [c.rule for c in conflicts] == [Rule.PARTY_OVERLAP]
    assert "当事人“张三”在 09:00–10:00" in conflicts[0].message_zh


def test_override_needs_a_reason_and_is_recorded(db, sch) -> None:  # type: ignore[no-untyped-def]
    late = request(sch, sch.case_a, at(17), minutes=60)  # the room closes at 17:30
    with pytest.raises(BookingRefused) as refused:
        scheduling.book_session(db, sch.actor, late)
    assert refused.value.needs_reason
    assert refused.value.message.startswith("需要填写特批理由才能预约：")
    view = scheduling.book_session(db, sch.actor, late, override_reason="当事人下班后才能到场")
    assert view.override_reason == "当事人下班后才能到场"
    kinds = [e.kind for e in scheduling.session_events(db, view.id)]
    assert kinds == [EventKind.BOOKED, EventKind.OVERRIDE]
    actions = [h.action for h in history.case_history(db, sch.case_a)]
    assert actions[-2:] == ["book", "override"]
    assert "特批越规（当事人下班后才能到场）" in history.case_history(db, sch.case_a)[-1].summary


def test_recusal_refuses_the_mediator_for_that_party(db, sch) -> None:  # type: ignore[no-untyped-def]
    party = cases.get_case(db, sch.case_a).parties[1]
    mediator_profiles.add_recusal(
        db, sch.actor, mediator_id=sch.zhou, party_id=party.id, reason="被申请人之兄"
    )
    with pytest.raises(BookingRefused) as refused:
        scheduling.book_session(
            db, sch.actor, request(sch, sch.case_a, at(9)), override_reason="急"
        )
    assert [c.rule for c in refused.value.conflicts] == [Rule.RECUSAL]
    assert "与当事人“李四”有利害关系（被申请人之兄），应当回避" in refused.value.message
    options = scheduling.suggest_sessions(db, case_id=sch.case_a, earliest=at(8))
    assert options and all(o.mediator_id != sch.zhou for o in options)


def test_move_keeps_history_and_refuses_collisions(db, sch) -> None:  # type: ignore[no-untyped-def]
    a = scheduling.book_session(db, sch.actor, request(sch, sch.case_a, at(9)))
    b = scheduling.book_session(
        db, sch.actor, request(sch, sch.case_b, at(10, 30), lead_id=sch.wang)
    )
    conflicts = scheduling.check_move(db, session_id=b.id, starts=at(9, 30), ends=at(10, 30))
    assert conflicts[0].rule is Rule.ROOM_OVERLAP and conflicts[0].other_session_id == a.id
    with pytest.raises(BookingRefused):
        scheduling.move_session(db, sch.actor, session_id=b.id, starts=at(9, 30), ends=at(10, 30))
    moved = scheduling.move_session(
        db,
        sch.actor,
        session_id=b.id,
        starts=at(14),
        ends=at(15),
        room_id=sch.large,
        reason="当事人上午有事",
    )
    assert (moved.room_name, moved.starts) == ("第二调解室", at(14))
    (ev,) = [e for e in scheduling.session_events(db, b.id) if e.kind is EventKind.MOVED]
    assert ev.reason == "当事人上午有事" and ev.detail["from_starts"].startswith("2026-03-02 10:30")
    last = history.case_history(db, sch.case_b)[-1]
    assert last.action == "move" and "10:30–11:30 第一调解室 → 03-02 14:00–15:00 第二调解室" in (
        last.summary
    )


def test_cancel_and_no_show_free_the_slot(db, sch) -> None:  # type: ignore[no-untyped-def]
    a = scheduling.book_session(db, sch.actor, request(sch, sch.case_a, at(9)))
    with pytest.raises(DeskError):
        scheduling.cancel_session(db, sch.actor, session_id=a.id, reason=" ")
    cancelled = scheduling.cancel_session(db, sch.actor, session_id=a.id, reason="当事人申请撤回")
    assert cancelled.status is SessionStatus.CANCELLED
    b = scheduling.book_session(db, sch.actor, request(sch, sch.case_b, at(9)))
    scheduling.mark_no_show(db, sch.actor, session_id=b.id, reason="电话未接通")
    c = scheduling.book_session(db, sch.actor, request(sch, sch.case_c, at(9)))
    assert c.status is SessionStatus.BOOKED
    with pytest.raises(DeskError):
        scheduling.move_session(db, sch.actor, session_id=a.id, starts=at(14), ends=at(15))


def test_arrivals_waiting_time_and_the_session_lifecycle(db, sch) -> None:  # type: ignore[no-untyped-def]
    s = scheduling.book_session(db, sch.actor, request(sch, sch.case_a, at(9)))
    first = s.attendees[0]
    arrived = scheduling.record_arrival(
        db, sch.actor, session_id=s.id, attendee_ids=[first.id], now=at(8, 40)
    )
    assert arrived.status is SessionStatus.CHECKED_IN and arrived.checked_in_at == at(8, 40)
    assert arrived.waiting(at(9, 5)) == dt.timedelta(minutes=25)
    both = scheduling.record_arrival(db, sch.actor, session_id=s.id, now=at(8, 50))
    assert [a.arrived_at for a in both.attendees] == [at(8, 40), at(8, 50)]
    with pytest.raises(DeskError):
        scheduling.record_arrival(db, sch.actor, session_id=s.id)
    started = scheduling.start_session(db, sch.actor, session_id=s.id, now=at(9, 2))
    assert started.status is SessionStatus.IN_SESSION and started.waiting(at(9, 30)) is None
    done = scheduling.finish_session(db, sch.actor, session_id=s.id, now=at(9, 55))
    assert done.status is SessionStatus.FINISHED
    kinds = [e.kind for e in scheduling.session_events(db, s.id)]
    assert kinds == [
        EventKind.BOOKED,
        EventKind.ARRIVED,
        EventKind.ARRIVED,
        EventKind.STARTED,
        EventKind.FINISHED,
    ]


def _count_queries(db, fn):  # type: ignore[no-untyped-def]
    n = 0

    def count(*_a):  # type: ignore[no-untyped-def]
        nonlocal n
        n += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return n, result


def test_day_board_query_count_does_not_grow(db, sch) -> None:  # type: ignore[no-untyped-def]
    scheduling.book_session(db, sch.actor, request(sch, sch.case_a, at(9)))
    few, board = _count_queries(db, lambda: scheduling.day_board(db, MONDAY))
    assert len(board.sessions) == 1 and len(board.rooms) == 3
    for i in range(4):
        rooms.save_room(db, sch.actor, name=f"加开调解室{i}", kind=RoomKind.MEDIATION, capacity=6)
    scheduling.book_session(db, sch.actor, request(sch, sch.case_b, at(14), lead_id=sch.wang))
    scheduling.book_session(db, sch.actor, request(sch, sch.case_c, at(15, 30), room_id=sch.large))
    many, board = _count_queries(db, lambda: scheduling.day_board(db, MONDAY))
    assert len(board.sessions) == 3 and len(board.rooms) == 7
    assert many == few <= 8
    assert (board.opens, board.closes) == (dt.time(8), dt.time(18))


def test_suggestions_rank_specialty_language_and_book_in_one_step(db, sch) -> None:  # type: ignore[no-untyped-def]
    # 周建国 handles neighbour disputes (case_a's type); everyone is free at 08:30.
    options = scheduling.suggest_sessions(db, case_id=sch.case_a, earliest=at(8, 20), n=3)
    assert options[0].mediator_name == "周建国" and "擅长此类纠纷" in options[0].reasons
    assert options[0].starts == at(8, 30) and options[0].room_name == "第一调解室"
    assert len({o.mediator_id for o in options}) == len(options)
    mongolian = scheduling.suggest_sessions(
        db,
        case_id=sch.case_a,
        earliest=at(8, 20),
        languages=["蒙古语"],
        chosen_mediator_id=sch.wang,
    )
    assert mongolian[0].mediator_name == "王丽华"
    assert "当事人选定" in mongolian[0].reasons and "会讲蒙古语" in mongolian[0].reasons
    booked = scheduling.book_option(db, sch.actor, case_id=sch.case_a, option=options[0])
    assert booked.starts == at(8, 30) and booked.lead_name == "周建国"
    again = scheduling.suggest_sessions(db, case_id=sch.case_a, earliest=at(8, 20), n=3)
    zhou = [o for o in again if o.mediator_id == sch.zhou]
    # the parties are busy until 10:00 and the buffer is 10 minutes for the mediator
    assert all(o.starts >= at(10) for o in again)
    assert not zhou or zhou[0].starts >= at(10, 15)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(MediationSession)) == 1
        assert s.scalar(select(func.count()).select_from(SessionEvent)) == 1


def test_remote_sessions_get_a_video_room(db, sch) -> None:  # type: ignore[no-untyped-def]
    options = scheduling.suggest_sessions(db, case_id=sch.case_b, earliest=at(8), remote=True)
    assert options and {o.room_id for o in options} == {sch.remote}
    with pytest.raises(BookingRefused) as refused:
        scheduling.book_session(db, sch.actor, request(sch, sch.case_b, at(9), remote=True))
    assert refused.value.conflicts[0].rule is Rule.REMOTE_NEEDS_VIDEO
