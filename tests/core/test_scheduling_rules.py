"""The pure booking rules (no database): every rule, its message, and whether it may be
overridden."""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.work_calendar import YearArrangement, base_calendar
from mediation_desk.scheduling.calendar import DayKind, day_kind, opening_weekday
from mediation_desk.scheduling.model import Booked, MediatorInfo, Proposal, RoomInfo, RoomKind
from mediation_desk.scheduling.rules import Rule, ScheduleData, blocking, check
from mediation_desk.scheduling.suggest import search_days

DAY = dt.date(2026, 3, 2)  # Monday
HOURS = {wd: ((dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))) for wd in range(5)}


def t(h: int, m: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(h, m))


def data(*sessions: Booked, **kw) -> ScheduleData:  # type: ignore[no-untyped-def]
    rooms = {
        1: RoomInfo(1, "第一调解室", RoomKind.MEDIATION, 4, frozenset(), opening=HOURS),
        2: RoomInfo(2, "远程视频调解室", RoomKind.REMOTE, 6, frozenset({"video"}), opening=HOURS),
    }
    mediators = {
        10: MediatorInfo(10, "周建国"),
        11: MediatorInfo(
            11,
            "李明",
            availability={0: ((dt.time(9), dt.time(12)),)},
            leave=((dt.date(2026, 3, 4), dt.date(2026, 3, 6), "年休假"),),
            max_per_day=1,
        ),
    }
    return ScheduleData(rooms, mediators, sessions, **kw)


def booked(
    sid: int, a: dt.datetime, b: dt.datetime, room=1, staff=(10,), persons=("p:x",)
) -> Booked:  # type: ignore[no-untyped-def]
    return Booked(
        sid,
        100 + sid,
        f"（2026）城南人调字第{sid}号",
        room,
        a,
        b,
        frozenset(staff),
        frozenset(persons),
    )


def prop(a: dt.datetime, b: dt.datetime, **kw) -> Proposal:  # type: ignore[no-untyped-def]
    values = {"case_id": 1, "room_id": 1, "lead_id": 10, "persons": frozenset({"p:a"})}
    values.update(kw)
    return Proposal(starts=a, ends=b, **values)


def rules(conflicts) -> list[Rule]:  # type: ignore[no-untyped-def]
    return [c.rule for c in conflicts]


def test_a_free_slot_has_no_conflicts() -> None:
    assert check(prop(t(9), t(10)), data()) == []


def test_room_double_booking_names_the_other_case_and_cannot_be_overridden() -> None:
    d = data(booked(12, t(9), t(10, 30), staff=(99,), persons=("p:z",)))
    (c,) = check(prop(t(10), t(11)), d)
    assert c.rule is Rule.ROOM_OVERLAP and not c.overridable
    assert c.message_zh == "调解室“第一调解室”在 09:00–10:30 已被（2026）城南人调字第12号占用"
    assert c.other_session_id == 12 and c.other_session_label == "（2026）城南人调字第12号"
    assert blocking([c], override=True) == [c]


def test_mediator_and_party_double_bookings() -> None:
    d = data(booked(3, t(9), t(10), room=2, staff=(10,), persons=("p:a",)))
    d.person_names = {"p:a": "张三"}
    found = check(prop(t(9, 30), t(10, 30)), d)
    assert rules(found) == [Rule.MEDIATOR_OVERLAP, Rule.PARTY_OVERLAP]
    assert found[0].message_zh == "调解员“周建国”在 09:00–10:00 已安排（2026）城南人调字第3号的调解"
    assert "当事人“张三”" in found[1].message_zh


def test_back_to_back_sessions_only_break_the_buffer() -> None:
    d = data(booked(5, t(9), t(10), staff=(10,)), buffer=dt.timedelta(minutes=10))
    found = check(prop(t(10), t(11)), d)
    assert rules(found) == [Rule.ROOM_BUFFER, Rule.MEDIATOR_BUFFER]
    assert all(c.overridable for c in found)
    assert "不足 10 分钟间隔" in found[0].message_zh
    assert check(prop(t(10, 10), t(11)), d) == []
    no_buffer = data(booked(5, t(9), t(10)), buffer=dt.timedelta(0))
    assert check(prop(t(10), t(11)), no_buffer) == []


def test_capacity_counts_staff_and_attendees() -> None:
    found = check(prop(t(9), t(10), attendees=3, co_ids=(11,)), data())
    assert Rule.CAPACITY in rules(found)
    msg = next(c for c in found if c.rule is Rule.CAPACITY).message_zh
    assert "只能容纳 4 人，本场需 5 人" in msg
    assert Rule.CAPACITY not in rules(check(prop(t(9), t(10), attendees=3), data()))


def test_remote_needs_a_video_room_other_equipment_is_overridable() -> None:
    found = check(prop(t(9), t(10), remote=True), data())
    assert rules(found) == [Rule.REMOTE_NEEDS_VIDEO]
    assert not found[0].overridable
    assert check(prop(t(9), t(10), remote=True, room_id=2), data()) == []
    eq = check(prop(t(9), t(10), equipment=frozenset({"projector"})), data())
    assert rules(eq) == [Rule.EQUIPMENT] and eq[0].overridable and "投影" in eq[0].message_zh


def test_opening_hours_availability_leave_and_daily_maximum() -> None:
    lunch = check(prop(t(11, 30), t(12, 30)), data())
    assert rules(lunch) == [Rule.ROOM_HOURS]
    assert "周一开放时间为 08:30–12:00、13:30–17:30，11:30–12:30 不在其内" in lunch[0].message_zh
    saturday = check(prop(t(9, day=dt.date(2026, 3, 7)), t(10, day=dt.date(2026, 3, 7))), data())
    assert "周六不开放" in saturday[0].message_zh
    afternoon = check(prop(t(14), t(15), lead_id=11), data())
    assert rules(afternoon) == [Rule.AVAILABILITY]
    wed = dt.date(2026, 3, 4)
    on_leave = check(prop(t(9, day=wed), t(10, day=wed), lead_id=11), data())
    assert Rule.LEAVE in rules(on_leave)
    assert (
        "03-04至03-06请假（年休假）" in next(c for c in on_leave if c.rule is Rule.LEAVE).message_zh
    )
    full = data(booked(7, t(9), t(9, 30), room=2, staff=(11,), persons=("p:q",)))
    found = check(prop(t(10, 30), t(11, 30), lead_id=11), full)
    assert rules(found) == [Rule.MAX_PER_DAY]
    assert all(c.overridable for c in lunch + afternoon + on_leave + found)


def test_holidays_and_dates_beyond_the_table() -> None:
    national_day = dt.date(2026, 10, 1)
    found = check(prop(t(9, day=national_day), t(10, day=national_day)), data())
    assert Rule.HOLIDAY in rules(found)
    assert "2026-10-01 是法定节假日（国庆节）" in [c.message_zh for c in found]
    far = dt.date(2040, 3, 5)
    unknown = check(prop(t(9, day=far), t(10, day=far)), data())
    assert rules(unknown) == [Rule.CALENDAR_UNKNOWN]
    assert "2040年的法定节假日安排尚未收录" in unknown[0].message_zh
    makeup = dt.date(2026, 2, 28)  # a Saturday worked in exchange for the Spring Festival
    if not check(prop(t(9, day=makeup), t(10, day=makeup)), data()):
        return  # the table agrees: a make-up working day follows Monday's hours
    raise AssertionError("make-up working day refused")


def test_recusal_is_never_overridable() -> None:
    d = data(recusals={(10, "p:a"): "申请人之舅"}, person_names={"p:a": "张三"})
    (c,) = check(prop(t(9), t(10)), d)
    assert c.rule is Rule.RECUSAL and not c.overridable
    assert (
        c.message_zh
        == "调解员“周建国”与当事人“张三”有利害关系（申请人之舅），应当回避，不能安排本案"
    )


def test_moving_a_session_ignores_itself_and_hard_conflicts_come_first() -> None:
    d = data(booked(9, t(9), t(10), persons=("p:a",)), buffer=dt.timedelta(minutes=10))
    assert check(prop(t(9, 30), t(10, 30), session_id=9), d) == []
    found = check(prop(t(11, 30), t(12, 30), co_ids=(10,)), d)
    assert found[0].rule is Rule.STAFF_TWICE
    assert [c.overridable for c in found] == sorted(c.overridable for c in found)
    assert rules(check(prop(t(10), t(9)), d)) == [Rule.INVALID_TIME]


def test_the_centres_own_year_decides_holidays_and_make_up_days() -> None:
    """A 2027 the centre entered: its holiday is refused by name, its make-up Saturday follows
    Monday's hours (here shorter than the other days')."""
    national_day = {dt.date(2027, 10, 1) + dt.timedelta(days=i): "国庆节" for i in range(7)}
    makeup = dt.date(2027, 10, 9)  # a Saturday
    calendar = base_calendar().with_centre(
        [YearArrangement(2027, national_day, frozenset({makeup}))]
    )
    hours = {**HOURS, 0: ((dt.time(9), dt.time(12)),)}
    rooms = {1: RoomInfo(1, "第一调解室", RoomKind.MEDIATION, 4, frozenset(), opening=hours)}
    centre = ScheduleData(rooms, {10: MediatorInfo(10, "周建国")}, (), calendar=calendar)
    package = ScheduleData(rooms, {10: MediatorInfo(10, "周建国")}, ())
    monday = dt.date(2027, 10, 4)
    (holiday,) = check(prop(t(9, day=monday), t(10, day=monday)), centre)
    assert holiday.rule is Rule.HOLIDAY
    assert holiday.message_zh == "2027-10-04 是法定节假日（国庆节）"
    assert check(prop(t(9, 30, day=makeup), t(10, 30, day=makeup)), centre) == []
    (early,) = check(prop(t(8, 30, day=makeup), t(9, 30, day=makeup)), centre)
    assert early.rule is Rule.ROOM_HOURS and "周一开放时间为 09:00–12:00" in early.message_zh
    # chinesecalendar alone does not know 2027: the Saturday is unknown and closed
    assert rules(check(prop(t(9, 30, day=makeup), t(10, 30, day=makeup)), package)) == [
        Rule.ROOM_HOURS,
        Rule.CALENDAR_UNKNOWN,
    ]
    assert day_kind(makeup, calendar) == DayKind(known=True, makeup_workday=True)
    assert opening_weekday(makeup, calendar) == 0 and opening_weekday(makeup, package.calendar) == 5
    # the holiday week is skipped when looking for days that may hold sessions
    found = search_days(dt.date(2027, 9, 30), 3, calendar)
    assert found == [dt.date(2027, 9, 30), dt.date(2027, 10, 8), makeup]
