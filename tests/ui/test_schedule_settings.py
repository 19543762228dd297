"""The settings screens for rooms and mediators' rosters, reached from 中心设置, and the
mediator week view; and how they follow changes made elsewhere in the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.enums import MediatorKind
from mediation_desk.scheduling.model import Equipment, RoomKind
from mediation_desk.services import (
    booking,
    cases,
    mediator_profiles,
    rooms,
)
from tests.core.test_scheduling_support import MONDAY, at, build, request
from tests.desk import run
from ui.views.centre_setup_view import CentreSetupView
from ui.views.mediator_settings_view import MediatorSettingsView
from ui.views.mediator_week_view import MediatorWeekView
from ui.views.rooms_settings_view import RoomsSettingsView

MEDIATORS_TAB = 2


@pytest.fixture
def sch(sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return build(sqlite_db, sqlite_centre)


def _shown(qtbot, view):  # type: ignore[no-untyped-def]
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()  # laid out, so that clicks land on the buttons
    return view


@pytest.fixture
def rooms_view(qtbot, ctx, sch) -> RoomsSettingsView:  # type: ignore[no-untyped-def]
    return _shown(qtbot, RoomsSettingsView(ctx))


@pytest.fixture
def mediators_view(qtbot, ctx, sch) -> MediatorSettingsView:  # type: ignore[no-untyped-def]
    return _shown(qtbot, MediatorSettingsView(ctx))


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    """Click, and let the window hear how the action ended (delivered through the event loop)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(1)


def _room_row(view: RoomsSettingsView, name: str) -> int:
    return next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == name)


def test_centre_setup_has_the_schedule_tabs(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    view = CentreSetupView(ctx)
    qtbot.addWidget(view)
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    rooms = titles.index("调解室")
    assert titles[rooms + 1] == "调解员排班"
    view.show()
    view.tabs.setCurrentIndex(titles.index("调解室"))
    assert isinstance(view.tabs.currentWidget().view, RoomsSettingsView)


def test_add_a_room_with_hours_and_equipment(qtbot, ctx, sqlite_db, rooms_view) -> None:  # type: ignore[no-untyped-def]
    view = rooms_view
    assert view.table.rowCount() == 3
    view.clear_form()
    view.name.setText("第五调解室")
    view.kind.set_value(RoomKind.STUDIO)
    view.capacity.setValue(10)
    view.equipment[Equipment.PROJECTOR.value].setChecked(True)
    view.hours.edits[5].setText("9:00-12:00")  # Saturday mornings too
    view.hours.edits[0].setText("8:30–25:00")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.save)
    assert "时间段" in view.hours.message.text() and "周一" in view.hours.message.text()
    assert view.hours.edits[0].text() == "8:30–25:00"  # what was typed stays
    assert view.name.text() == "第五调解室"
    assert len(run(sqlite_db, rooms.list_rooms)) == 3
    view.hours.edits[0].setText("08:30-12:00，14:00-17:00")
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.save)
    assert view.message.text() == "✔ 已保存“第五调解室”", view.message.text()
    assert not view.hours.message.isVisible()
    room = next(r for r in run(sqlite_db, rooms.list_rooms) if r.name == "第五调解室")
    assert room.kind is RoomKind.STUDIO and room.capacity == 10
    assert room.equipment == (Equipment.PROJECTOR.value,)
    assert room.opening[0] == ((dt.time(8, 30), dt.time(12)), (dt.time(14), dt.time(17)))
    assert room.opening[5] == ((dt.time(9), dt.time(12)),)
    assert view.table.rowCount() == 4
    assert view.selected_room_id() == room.id  # the new room is chosen: closures can be added
    assert view.save.text() == "保存修改"
    # out of service for a morning
    view.closures.starts.setDateTime(at(8, 30))
    view.closures.ends.setDateTime(at(12))
    view.closures.reason.setText("空调维修")
    _click(qtbot, view.closures.add_button)
    assert view.closures.list.count() == 1 and "空调维修" in view.closures.list.item(0).text()
    assert view.closures.list.item(0).text() == "2026-03-02 08:30 至 2026-03-02 12:00　空调维修"
    assert view.closures.reason.text() == ""  # ready for the next one
    # and back in service
    view.closures.list.setCurrentRow(0)
    _click(qtbot, view.closures.remove_button)
    assert view.closures.list.count() == 0
    assert run(sqlite_db, rooms.list_rooms)[-1].closures == ()
    assert ctx.ops.shown.messages == []


def test_a_refused_room_or_closure_keeps_what_was_typed(qtbot, ctx, sqlite_db, rooms_view) -> None:  # type: ignore[no-untyped-def]
    view = rooms_view
    view.clear_form()
    view.name.setText("第一调解室")  # taken
    view.hours.edits[6].setText("09:00-11:00")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.save)
    assert view.message.text() == "已有名为“第一调解室”的调解室"
    assert view.name.text() == "第一调解室" and view.hours.edits[6].text() == "09:00-11:00"
    assert len(run(sqlite_db, rooms.list_rooms)) == 3

    view.table.selectRow(_room_row(view, "第二调解室"))
    view.closures.starts.setDateTime(at(12))
    view.closures.ends.setDateTime(at(8, 30))  # ends before it starts
    view.closures.reason.setText("借用")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.closures.add_button)
    assert view.closures.message.text() == "✖ 停用结束时间须晚于开始时间"  # beside the form
    assert view.closures.reason.text() == "借用"
    assert ctx.ops.shown.messages == []


def test_schedule_settings_are_saved(qtbot, ctx, sqlite_db, rooms_view) -> None:  # type: ignore[no-untyped-def]
    view = rooms_view
    view.buffer.setValue(20)
    view.grid.setCurrentIndex(view.grid.findData(30))
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.settings_save)
    assert view.settings_message.text() == "✔ 排期设置已保存"
    assert run(sqlite_db, rooms.get_settings) == rooms.ScheduleSettings(20, 30)
    assert view.grid.currentData() == 30


def test_a_change_elsewhere_keeps_the_form_as_typed(qtbot, ctx, sch, rooms_view) -> None:  # type: ignore[no-untyped-def]
    view = rooms_view
    view.table.selectRow(_room_row(view, "第二调解室"))
    view.capacity.setValue(12)  # typed, not saved
    view.buffer.setValue(30)
    with qtbot.waitSignal(ctx.ops.changed):  # another room is saved elsewhere in the window
        ctx.ops.run(
            None,
            lambda uow: rooms.save_room(
                uow, room_id=sch.small, name="一号调解室", kind=RoomKind.MEDIATION, capacity=4
            ),
        )
    assert view.table.item(_room_row(view, "一号调解室"), 0) is not None
    assert view.selected_room_id() == sch.large
    assert view.capacity.value() == 12 and view.buffer.value() == 30


def test_edit_a_mediator_roster_leave_and_recusal(
    qtbot, ctx, sqlite_db, sch, mediators_view
) -> None:  # type: ignore[no-untyped-def]
    view = mediators_view
    view.select_mediator(sch.wang)
    assert view.title.text().startswith("调解员：王丽华")
    view.max_per_day.setValue(3)
    view.always.setChecked(False)
    view.avail.edits[1].setText("09:00-12:00")
    view.other_languages.setText("绍兴话")
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, view.save)
    assert view.message.text() == "✔ 已保存王丽华的排班资料"
    p = run(sqlite_db, mediator_profiles.get_profile, sch.wang)
    assert p.max_per_day == 3 and p.availability == {1: ((dt.time(9), dt.time(12)),)}
    assert set(p.languages) == {"蒙古语", "普通话", "绍兴话"}

    view.max_per_day.setValue(5)  # typed, not saved: adding leave does not undo it
    view.leave.starts.setDate(QDate(MONDAY))
    view.leave.ends.setDate(QDate(MONDAY + dt.timedelta(days=2)))
    view.leave.reason.setText("外出培训")
    _click(qtbot, view.leave.add_button)
    assert view.leave.list.count() == 1
    assert view.leave.list.item(0).text() == "2026-03-02 至 2026-03-04　外出培训"
    assert view.message.text() == "✔ 已登记请假"
    assert view.max_per_day.value() == 5
    assert view.selected_mediator_id() == sch.wang

    # recusal: find the case, choose the party, give the reason
    number = run(sqlite_db, cases.get_case, sch.case_a).number
    view.recusal_case.setText(number)
    view._on_recusal_case_entered()
    assert view.recusal_party.count() == 2
    view.recusal_party.setCurrentIndex(1)
    view.recusal_reason.setText("被申请人之妹")
    _click(qtbot, view.recusal_add)
    assert view.recusals.count() == 1 and "被申请人之妹" in view.recusals.item(0).text()
    assert view.recusal_reason.text() == ""
    refused = run(
        sqlite_db,
        booking.check_session,
        request(sch, sch.case_a, at(9, day=MONDAY + dt.timedelta(days=7)), lead_id=sch.wang),
    )
    assert any("应当回避" in c.message_zh for c in refused)

    view.leave.list.setCurrentRow(0)
    _click(qtbot, view.leave.remove_button)
    assert view.leave.list.count() == 0
    assert run(sqlite_db, mediator_profiles.get_profile, sch.wang).leave == ()
    assert ctx.ops.shown.messages == []


def test_bad_hours_or_leave_keep_what_was_typed(qtbot, ctx, sqlite_db, sch, mediators_view) -> None:  # type: ignore[no-untyped-def]
    view = mediators_view
    view.select_mediator(sch.li)
    assert view.avail.edits[0].text() == "09:00-12:00, 14:00-17:00"
    view.avail.edits[2].setText("9点到12点")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.save)
    assert view.avail.message.text() == "✖ 周三：无法识别的时间段“9点到12点”，请写成 08:30-12:00"
    assert view.avail.edits[2].text() == "9点到12点"
    view.avail.edits[2].setText("09:00-12:00, 11:00-13:00")  # overlapping: refused by the core
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.save)
    assert view.message.text() == "值班时间：时间段重叠（12:00 之前）"
    assert view.avail.edits[2].text() == "09:00-12:00, 11:00-13:00"
    profile = run(sqlite_db, mediator_profiles.get_profile, sch.li)
    assert profile.availability is not None and len(profile.availability[2]) == 2

    view.leave.starts.setDate(QDate(MONDAY + dt.timedelta(days=1)))
    view.leave.ends.setDate(QDate(MONDAY))
    view.leave.reason.setText("年休假")
    with qtbot.assertNotEmitted(ctx.ops.changed):
        _click(qtbot, view.leave.add_button)
    assert view.leave.message.text() == "✖ 请假结束日期不能早于开始日期"
    assert view.leave.reason.text() == "年休假" and view.leave.list.count() == 0
    assert ctx.ops.shown.messages == []


def test_mediator_week_view(qtbot, ctx, sqlite_db, sch) -> None:  # type: ignore[no-untyped-def]
    run(sqlite_db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    run(
        sqlite_db,
        booking.book_session,
        request(sch, sch.case_b, at(14, day=MONDAY + dt.timedelta(days=2))),
        actor=sch.actor,
    )
    view = MediatorWeekView(ctx, day=MONDAY + dt.timedelta(days=3))
    qtbot.addWidget(view)
    view.set_mediator(sch.zhou)
    assert len(view.sessions) == 2 and view.summary.text() == "本周 2 场"
    assert view.title.text() == "2026-03-02 至 03-08"
    view.next_button.click()
    assert view.sessions == [] and view.summary.text() == "本周 0 场"
    view.set_mediator(sch.wang)
    view.prev_button.click()
    assert view.sessions == []
    tips = [i.toolTip() for i in view.scene.items() if i.toolTip()]
    assert tips == []
    view.set_mediator(sch.zhou)
    assert any("主持调解员" in i.toolTip() for i in view.scene.items())
    heads = {i.text() for i in view.scene.items() if hasattr(i, "text")}
    assert {"周一 03-02", "周日 03-08"} <= heads


def _texts(view: MediatorWeekView) -> set[str]:
    return {i.text() for i in view.scene.items() if hasattr(i, "text")}


def test_week_view_follows_bookings_rooms_and_mediators(qtbot, ctx, sch, rooms_view) -> None:  # type: ignore[no-untyped-def]
    week = MediatorWeekView(ctx, day=MONDAY)
    qtbot.addWidget(week)
    week.set_mediator(sch.zhou)
    assert week.sessions == []
    with qtbot.waitSignal(ctx.ops.changed):  # booked elsewhere in the window
        ctx.ops.run(None, lambda uow: booking.book_session(uow, request(sch, sch.case_a, at(9))))
    assert week.summary.text() == "本周 1 场" and "09:00 第一调解室" in _texts(week)

    # The room is renamed on the rooms tab: the week view shows the new name.
    rooms_view.table.selectRow(_room_row(rooms_view, "第一调解室"))
    rooms_view.name.setText("一号调解室")
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, rooms_view.save)
    assert "09:00 一号调解室" in _texts(week)

    # A mediator added on 中心设置 › 调解员 can be chosen at once; the choice stays.
    centre = CentreSetupView(ctx)
    qtbot.addWidget(centre)
    centre.show()
    centre.tabs.setCurrentIndex(MEDIATORS_TAB)
    centre.mediator_name.setText("赵敏")
    centre.mediator_kind.setCurrentIndex(centre.mediator_kind.findData(MediatorKind.LAWYER))
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, centre.mediator_add)
    assert week.mediator.findText("赵敏（律师）") >= 0
    assert week.mediator.currentData() == sch.zhou and week.summary.text() == "本周 1 场"


def test_a_mediator_added_on_the_centre_page_appears_in_the_roster(
    qtbot, ctx, sch, mediators_view
) -> None:  # type: ignore[no-untyped-def]
    mediators_view.select_mediator(sch.wang)
    mediators_view.max_per_day.setValue(4)  # typed, not saved
    centre = CentreSetupView(ctx)
    qtbot.addWidget(centre)
    centre.show()
    centre.tabs.setCurrentIndex(MEDIATORS_TAB)
    centre.mediator_name.setText("赵敏")
    with qtbot.waitSignal(ctx.ops.changed):
        _click(qtbot, centre.mediator_add)
    names = [mediators_view.table.item(r, 0).text() for r in range(mediators_view.table.rowCount())]
    assert names[-1] == "赵敏"
    assert mediators_view.selected_mediator_id() == sch.wang
    assert mediators_view.max_per_day.value() == 4


def test_views_do_not_read_again_for_unrelated_changes(
    qtbot, ctx, sch, rooms_view, mediators_view, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    week = MediatorWeekView(ctx, day=MONDAY)
    qtbot.addWidget(week)
    reads: list[str] = []
    for name, view in (("rooms", rooms_view), ("mediators", mediators_view), ("week", week)):
        monkeypatch.setattr(view, "reload", lambda name=name: reads.append(name))
    ctx.ops.changed.emit(Changes(cases=frozenset({sch.case_a})), None)  # a case was edited
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.DOCUMENT_SETTINGS})), None)
    assert reads == []
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.SCHEDULE_SETTING})), None)
    assert reads == ["rooms"]
    ctx.ops.changed.emit(Changes(sessions=frozenset({1})), None)
    assert reads == ["rooms", "week"]
    ctx.ops.changed.emit(Changes(reference=frozenset({Entity.RECUSAL})), None)
    assert reads == ["rooms", "week", "mediators"]


def test_screenshots(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    shots = Path("/tmp/shots")
    shots.mkdir(parents=True, exist_ok=True)
    run_ctx = ctx
    run_ctx.ops.run(
        None,
        lambda uow: rooms.add_closure(
            uow, room_id=sch.large, starts=at(8, 30), ends=at(12), reason="空调维修"
        ),
    )
    run_ctx.ops.run(
        None,
        lambda uow: mediator_profiles.add_leave(
            uow,
            mediator_id=sch.wang,
            first_day=MONDAY,
            last_day=MONDAY + dt.timedelta(days=2),
            reason="外出培训",
        ),
    )
    ctx.ops.wait()
    centre = CentreSetupView(ctx)
    qtbot.addWidget(centre)
    centre.resize(1180, 820)
    centre.show()
    titles = [centre.tabs.tabText(i) for i in range(centre.tabs.count())]
    centre.tabs.setCurrentIndex(titles.index("调解室"))
    rooms_page = centre.tabs.currentWidget().view
    rooms_page.table.selectRow(_room_row(rooms_page, "第二调解室"))
    qtbot.wait(10)
    assert centre.grab().save(str(shots / "settings_rooms.png"))
    centre.tabs.setCurrentIndex(titles.index("调解员排班"))
    roster = centre.tabs.currentWidget().view
    roster.select_mediator(sch.li)
    qtbot.wait(10)
    assert centre.grab().save(str(shots / "settings_mediators.png"))
    roster.select_mediator(sch.wang)
    roster.tabs.setCurrentIndex(1)
    qtbot.wait(10)
    assert centre.grab().save(str(shots / "settings_mediators_leave.png"))


def test_a_room_is_saved_in_the_background(qtbot, tmp_path, sqlite_db, sch) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.clock import system_clock
    from mediation_desk.settings import load_settings
    from ui.context import AppContext
    from ui.operations import Operations

    ops = Operations(sqlite_db, clock=system_clock, actor=sch.actor)  # a worker thread
    ctx = AppContext(settings=load_settings(data_dir=tmp_path / "data"), ops=ops)
    view = _shown(qtbot, RoomsSettingsView(ctx))
    view.table.selectRow(_room_row(view, "第二调解室"))
    view.capacity.setValue(9)
    with qtbot.waitSignal(ops.changed):
        _click(qtbot, view.save)
    qtbot.waitUntil(lambda: view.message.text() == "✔ 已保存“第二调解室”")
    assert view.save.isEnabled()  # disabled while it ran
    assert run(sqlite_db, rooms.list_rooms)[1].capacity == 9
    ops.wait()
