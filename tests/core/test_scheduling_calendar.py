"""Booking follows the centre's holiday table (中心设置 › 节假日安排), not chinesecalendar's
alone: a year the centre entered decides its holidays and make-up working days."""

from __future__ import annotations

import datetime as dt

import pytest

from mediation_desk.domain.holiday_table import ArrangementDraft, HolidayRange
from mediation_desk.scheduling.calendar import DayKind
from mediation_desk.scheduling.rules import Rule
from mediation_desk.services import booking, holidays, session_views, suggestions
from mediation_desk.services.booking import BookingRefused
from tests.core.test_scheduling_service import _count_queries
from tests.core.test_scheduling_support import at, build, request
from tests.desk import run

NATIONAL_DAY = dt.date(2027, 10, 4)  # a Monday of the 2027 National Day break
MAKEUP = dt.date(2027, 10, 9)  # a Saturday worked in exchange
ARRANGEMENT_2027 = ArrangementDraft(
    2027,
    [HolidayRange("国庆节", dt.date(2027, 10, 1), dt.date(2027, 10, 7))],
    [dt.date(2027, 9, 26), MAKEUP],
)


@pytest.fixture
def sch(db, centre):  # type: ignore[no-untyped-def]
    return build(db, centre)


def test_a_centre_entered_holiday_is_refused_and_its_make_up_day_is_open(db, sch) -> None:  # type: ignore[no-untyped-def]
    makeup = request(sch, sch.case_a, at(9, day=MAKEUP))
    before = run(db, booking.check_session, makeup)
    assert {c.rule for c in before} == {Rule.CALENDAR_UNKNOWN, Rule.ROOM_HOURS}
    board_before = run(db, session_views.day_board, NATIONAL_DAY)
    assert board_before.kind == DayKind(known=False)

    run(db, holidays.save_holiday_year, ARRANGEMENT_2027, actor=sch.actor)

    with pytest.raises(BookingRefused) as refused:
        run(
            db,
            booking.book_session,
            request(sch, sch.case_a, at(9, day=NATIONAL_DAY)),
            actor=sch.actor,
        )
    (c,) = refused.value.conflicts
    assert c.rule is Rule.HOLIDAY and c.message_zh == "2027-10-04 是法定节假日（国庆节）"
    assert run(db, booking.check_session, makeup) == []
    late = run(db, booking.check_session, request(sch, sch.case_a, at(17, day=MAKEUP)))
    assert [c.rule for c in late] == [Rule.ROOM_HOURS] and "周一开放时间为" in late[0].message_zh
    booked = run(db, booking.book_session, makeup, actor=sch.actor)
    assert booked.starts == at(9, day=MAKEUP)

    holiday_board = run(db, session_views.day_board, NATIONAL_DAY)
    assert holiday_board.kind == DayKind(known=True, holiday="国庆节")
    makeup_board = run(db, session_views.day_board, MAKEUP)
    assert makeup_board.kind.makeup_workday and [s.id for s in makeup_board.sessions] == [booked.id]
    assert (makeup_board.opens, makeup_board.closes) == (dt.time(8), dt.time(18))

    # suggestions skip the break: the first option is on the Friday after it
    options = run(
        db,
        suggestions.suggest_sessions,
        case_id=sch.case_b,
        earliest=at(8, day=dt.date(2027, 10, 1)),
    )
    assert options and min(o.starts for o in options).date() == dt.date(2027, 10, 8)


def test_the_centres_years_cost_one_query_and_none_without_them(db, sch) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2027, 3, 1)
    without, _board = _count_queries(db, lambda: run(db, session_views.day_board, day))
    checked, _c = _count_queries(
        db, lambda: run(db, booking.check_session, request(sch, sch.case_a, at(9, day=day)))
    )
    run(db, holidays.save_holiday_year, ARRANGEMENT_2027, actor=sch.actor)
    with_years, _board = _count_queries(db, lambda: run(db, session_views.day_board, day))
    checked_with, _c = _count_queries(
        db, lambda: run(db, booking.check_session, request(sch, sch.case_a, at(9, day=day)))
    )
    assert with_years == without + 1 and checked_with == checked + 1
