"""Booking through the service on SQLite and PostgreSQL: refusals in Chinese, overrides with
reasons, moves, cancellations, arrivals, history, the day board's query count, suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from mediation_desk.db.models import HistoryEntry
from mediation_desk.db.schedule_models import MediationSession, SessionEvent
from mediation_desk.db.unit_of_work import perform
from mediation_desk.domain.changes import Entity
from mediation_desk.domain.sessions import EventKind, SessionStatus
from mediation_desk.errors import DeskError
from mediation_desk.scheduling.model import RoomKind
from mediation_desk.scheduling.rules import Rule
from mediation_desk.services import (
    booking,
    cases,
    history,
    mediator_profiles,
    rooms,
    session_actions,
    session_views,
    suggestions,
)
from mediation_desk.services.booking import BookingRefused
from tests.core.test_scheduling_support import MONDAY, at, build, request
from tests.desk import reading, run


@pytest.fixture
def sch(db, centre):  # type: ignore[no-untyped-def]
    return build(db, centre)


def test_book_and_refuse_a_second_booking_of_the_room(db, sch) -> None:  # type: ignore[no-untyped-def]
    first = run(db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    assert first.status is SessionStatus.BOOKED
    assert first.room_name == "第一调解室" and first.lead_name == "周建国"
    assert first.party_names == "张三、李四"
    with pytest.raises(BookingRefused) as refused:
        run(
            db,
            booking.book_session,
            request(sch, sch.case_b, at(9, 30), lead_id=sch.wang),
            actor=sch.actor,
        )
    (c,) = refused.value.conflicts
    assert c.rule is Rule.ROOM_OVERLAP and c.other_session_id == first.id
    assert c.message_zh == f"调解室“第一调解室”在 09:00–10:00 已被{first.case_number}占用"
    assert refused.value.message.startswith("无法预约：")
    with pytest.raises(BookingRefused):  # a reason does not override a double booking
        run(
            db,
            booking.book_session,
            request(sch, sch.case_b, at(9, 30), lead_id=sch.wang),
            override_reason="急案",
            actor=sch.actor,
        )


def test_the_same_person_in_another_case_cannot_be_in_two_rooms(db, sch) -> None:  # type: ignore[no-untyped-def]
    run(db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    conflicts = run(
        db,
        booking.check_session,
        request(sch, sch.case_c, at(9), room_id=sch.large, lead_id=sch.wang),
    )
    assert [c.rule for c in conflicts] == [Rule.PARTY_OVERLAP]
    assert "当事人“张三”在 09:00–10:00" in conflicts[0].message_zh


def test_override_needs_a_reason_and_is_recorded(db, sch) -> None:  # type: ignore[no-untyped-def]
    late = request(sch, sch.case_a, at(17), minutes=60)  # the room closes at 17:30
    with pytest.raises(BookingRefused) as refused:
        run(db, booking.book_session, late, actor=sch.actor)
    assert refused.value.needs_reason
    assert refused.value.message.startswith("需要填写特批理由才能预约：")
    view = run(
        db, booking.book_session, late, override_reason="当事人下班后才能到场", actor=sch.actor
    )
    assert view.override_reason == "当事人下班后才能到场"
    kinds = [e.kind for e in run(db, session_views.session_events, view.id)]
    assert kinds == [EventKind.BOOKED, EventKind.OVERRIDE]
    actions = [h.action for h in run(db, history.case_history, sch.case_a)]
    assert actions[-2:] == ["book", "override"]
    assert (
        "特批越规（当事人下班后才能到场）" in run(db, history.case_history, sch.case_a)[-1].summary
    )


def test_recusal_refuses_the_mediator_for_that_party(db, sch) -> None:  # type: ignore[no-untyped-def]
    party = run(db, cases.get_case, sch.case_a).parties[1]
    run(
        db,
        mediator_profiles.add_recusal,
        mediator_id=sch.zhou,
        party_id=party.id,
        reason="被申请人之兄",
        actor=sch.actor,
    )
    with pytest.raises(BookingRefused) as refused:
        run(
            db,
            booking.book_session,
            request(sch, sch.case_a, at(9)),
            override_reason="急",
            actor=sch.actor,
        )
    assert [c.rule for c in refused.value.conflicts] == [Rule.RECUSAL]
    assert "与当事人“李四”有利害关系（被申请人之兄），应当回避" in refused.value.message
    options = run(db, suggestions.suggest_sessions, case_id=sch.case_a, earliest=at(8))
    assert options and all(o.mediator_id != sch.zhou for o in options)


def test_move_keeps_history_and_refuses_collisions(db, sch) -> None:  # type: ignore[no-untyped-def]
    a = run(db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    b = run(
        db,
        booking.book_session,
        request(sch, sch.case_b, at(10, 30), lead_id=sch.wang),
        actor=sch.actor,
    )
    conflicts = run(db, booking.check_move, session_id=b.id, starts=at(9, 30), ends=at(10, 30))
    assert conflicts[0].rule is Rule.ROOM_OVERLAP and conflicts[0].other_session_id == a.id
    with pytest.raises(BookingRefused):
        run(
            db,
            booking.move_session,
            session_id=b.id,
            starts=at(9, 30),
            ends=at(10, 30),
            actor=sch.actor,
        )
    moved = run(
        db,
        booking.move_session,
        session_id=b.id,
        starts=at(14),
        ends=at(15),
        room_id=sch.large,
        reason="当事人上午有事",
        actor=sch.actor,
    )
    assert (moved.room_name, moved.starts) == ("第二调解室", at(14))
    (ev,) = [e for e in run(db, session_views.session_events, b.id) if e.kind is EventKind.MOVED]
    assert ev.reason == "当事人上午有事" and ev.detail["from_starts"].startswith("2026-03-02 10:30")
    last = run(db, history.case_history, sch.case_b)[-1]
    assert last.action == "move" and "10:30–11:30 第一调解室 → 03-02 14:00–15:00 第二调解室" in (
        last.summary
    )


def test_cancel_and_no_show_free_the_slot(db, sch) -> None:  # type: ignore[no-untyped-def]
    a = run(db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    with pytest.raises(DeskError):
        run(db, session_actions.cancel_session, session_id=a.id, reason=" ", actor=sch.actor)
    cancelled = run(
        db,
        session_actions.cancel_session,
        session_id=a.id,
        reason="当事人申请撤回",
        actor=sch.actor,
    )
    assert cancelled.status is SessionStatus.CANCELLED
    b = run(db, booking.book_session, request(sch, sch.case_b, at(9)), actor=sch.actor)
    run(db, session_actions.mark_no_show, session_id=b.id, reason="电话未接通", actor=sch.actor)
    c = run(db, booking.book_session, request(sch, sch.case_c, at(9)), actor=sch.actor)
    assert c.status is SessionStatus.BOOKED
    with pytest.raises(DeskError):
        run(db, booking.move_session, session_id=a.id, starts=at(14), ends=at(15), actor=sch.actor)


def test_arrivals_waiting_time_and_the_session_lifecycle(db, sch) -> None:  # type: ignore[no-untyped-def]
    s = run(db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    first = s.attendees[0]
    arrived = run(
        db,
        session_actions.record_arrival,
        session_id=s.id,
        attendee_ids=[first.id],
        now=at(8, 40),
        actor=sch.actor,
    )
    assert arrived.status is SessionStatus.CHECKED_IN and arrived.checked_in_at == at(8, 40)
    assert arrived.waiting(at(9, 5)) == dt.timedelta(minutes=25)
    both = run(db, session_actions.record_arrival, session_id=s.id, now=at(8, 50), actor=sch.actor)
    assert [a.arrived_at for a in both.attendees] == [at(8, 40), at(8, 50)]
    with pytest.raises(DeskError):
        run(db, session_actions.record_arrival, session_id=s.id, actor=sch.actor)
    started = run(db, session_actions.start_session, session_id=s.id, now=at(9, 2), actor=sch.actor)
    assert started.status is SessionStatus.IN_SESSION and started.waiting(at(9, 30)) is None
    done = run(db, session_actions.finish_session, session_id=s.id, now=at(9, 55), actor=sch.actor)
    assert done.status is SessionStatus.FINISHED
    kinds = [e.kind for e in run(db, session_views.session_events, s.id)]
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
    run(db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    few, board = _count_queries(db, lambda: run(db, session_views.day_board, MONDAY))
    assert len(board.sessions) == 1 and len(board.rooms) == 3
    for i in range(4):
        run(
            db,
            rooms.save_room,
            name=f"加开调解室{i}",
            kind=RoomKind.MEDIATION,
            capacity=6,
            actor=sch.actor,
        )
    run(
        db,
        booking.book_session,
        request(sch, sch.case_b, at(14), lead_id=sch.wang),
        actor=sch.actor,
    )
    run(
        db,
        booking.book_session,
        request(sch, sch.case_c, at(15, 30), room_id=sch.large),
        actor=sch.actor,
    )
    many, board = _count_queries(db, lambda: run(db, session_views.day_board, MONDAY))
    assert len(board.sessions) == 3 and len(board.rooms) == 7
    assert many == few <= 8
    assert (board.opens, board.closes) == (dt.time(8), dt.time(18))


def test_suggestions_rank_specialty_language_and_book_in_one_step(db, sch) -> None:  # type: ignore[no-untyped-def]
    # 周建国 handles neighbour disputes (case_a's type); everyone is free at 08:30.
    options = run(db, suggestions.suggest_sessions, case_id=sch.case_a, earliest=at(8, 20), n=3)
    assert options[0].mediator_name == "周建国" and "擅长此类纠纷" in options[0].reasons
    assert options[0].starts == at(8, 30) and options[0].room_name == "第一调解室"
    assert len({(o.starts, o.room_id) for o in options}) == len(options)  # varied slots
    mongolian = run(
        db,
        suggestions.suggest_sessions,
        case_id=sch.case_a,
        earliest=at(8, 20),
        languages=["蒙古语"],
        chosen_mediator_id=sch.wang,
    )
    assert mongolian[0].mediator_name == "王丽华"
    assert "当事人选定" in mongolian[0].reasons and "会讲蒙古语" in mongolian[0].reasons
    booked = run(db, booking.book_option, case_id=sch.case_a, option=options[0], actor=sch.actor)
    assert booked.starts == at(8, 30) and booked.lead_name == "周建国"
    again = run(db, suggestions.suggest_sessions, case_id=sch.case_a, earliest=at(8, 20), n=3)
    zhou = [o for o in again if o.mediator_id == sch.zhou]
    # the parties are busy until 10:00 and the buffer is 10 minutes for the mediator
    assert all(o.starts >= at(10) for o in again)
    assert not zhou or zhou[0].starts >= at(10, 15)
    with reading(db) as s:
        assert s.scalar(select(func.count()).select_from(MediationSession)) == 1
        assert s.scalar(select(func.count()).select_from(SessionEvent)) == 1


def test_remote_sessions_get_a_video_room(db, sch) -> None:  # type: ignore[no-untyped-def]
    options = run(db, suggestions.suggest_sessions, case_id=sch.case_b, earliest=at(8), remote=True)
    assert options and {o.room_id for o in options} == {sch.remote}
    with pytest.raises(BookingRefused) as refused:
        run(db, booking.book_session, request(sch, sch.case_b, at(9), remote=True), actor=sch.actor)
    assert refused.value.conflicts[0].rule is Rule.REMOTE_NEEDS_VIDEO


def _history(db, entity: str, entity_id: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        rows = s.execute(
            select(HistoryEntry.action, HistoryEntry.summary)
            .where(HistoryEntry.entity == entity, HistoryEntry.entity_id == entity_id)
            .order_by(HistoryEntry.id)
        ).all()
    return [tuple(r) for r in rows]


def test_removing_a_closure_or_a_leave_frees_the_time_and_is_recorded(db, sch) -> None:  # type: ignore[no-untyped-def]
    closure = run(
        db,
        rooms.add_closure,
        room_id=sch.small,
        starts=at(8, 30),
        ends=at(12),
        reason="空调维修",
        actor=sch.actor,
    )
    leave = run(
        db,
        mediator_profiles.add_leave,
        mediator_id=sch.zhou,
        first_day=MONDAY,
        last_day=MONDAY + dt.timedelta(days=2),
        reason="外出培训",
        actor=sch.actor,
    )
    refused = run(db, booking.check_session, request(sch, sch.case_a, at(9)))
    assert {c.rule for c in refused} == {Rule.ROOM_CLOSED, Rule.LEAVE}

    removed = perform(
        db, lambda uow: rooms.remove_closure(uow, closure_id=closure.id), actor=sch.actor
    )
    assert removed.changes.reference == {Entity.ROOM}
    removed = perform(
        db, lambda uow: mediator_profiles.remove_leave(uow, leave_id=leave.id), actor=sch.actor
    )
    assert removed.changes.reference == {Entity.MEDIATOR}
    assert run(db, booking.check_session, request(sch, sch.case_a, at(9))) == []
    assert run(db, rooms.list_rooms)[0].closures == ()
    assert run(db, mediator_profiles.get_profile, sch.zhou).leave == ()

    assert _history(db, Entity.ROOM, sch.small)[-1] == (
        "closure_removed",
        "取消停用 2026-03-02 08:30–2026-03-02 12:00",
    )
    assert _history(db, Entity.MEDIATOR, sch.zhou)[-1] == (
        "leave_removed",
        "撤销请假 2026-03-02 至 2026-03-04",
    )
    # Removed already (at another counter): nothing to do, nothing recorded.
    again = perform(
        db, lambda uow: rooms.remove_closure(uow, closure_id=closure.id), actor=sch.actor
    )
    assert not again.changes
    run(db, mediator_profiles.remove_leave, leave_id=leave.id, actor=sch.actor)
    assert _history(db, Entity.MEDIATOR, sch.zhou)[-1][0] == "leave_removed"
    assert len(_history(db, Entity.ROOM, sch.small)) == 3  # create, closure, closure_removed


def test_starting_the_first_session_puts_the_case_in_mediation_with_its_mediator(db, sch) -> None:  # type: ignore[no-untyped-def]
    """Holding a session once left the case at 已受理, and its mediator never reached it."""
    from mediation_desk.db.models import Case
    from mediation_desk.domain.enums import CaseStatus
    from tests.desk import writing

    with writing(db) as s:
        case = s.get(Case, sch.case_a)
        case.mediator_id, case.status = None, CaseStatus.ACCEPTED
    booked = run(
        db, booking.book_session, request(sch, sch.case_a, at(9), lead_id=sch.wang), actor=sch.actor
    )
    run(db, session_actions.start_session, session_id=booked.id, now=at(9, 2), actor=sch.actor)
    detail = run(db, cases.get_case, sch.case_a)
    assert detail.status is CaseStatus.IN_MEDIATION
    assert detail.mediator_name == booked.lead_name
    summaries = [h.summary for h in run(db, history.case_history, sch.case_a)]
    assert "开始调解，案件转为调解中" in summaries
    assert f"承办调解员：{booked.lead_name}（主持本次调解）" in summaries
    # a later session changes neither the status nor the case's own mediator
    second = run(db, booking.book_session, request(sch, sch.case_a, at(14)), actor=sch.actor)
    run(db, session_actions.start_session, session_id=second.id, now=at(14), actor=sch.actor)
    again = run(db, cases.get_case, sch.case_a)
    assert again.status is CaseStatus.IN_MEDIATION and again.mediator_name == booked.lead_name
