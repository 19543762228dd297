"""The settings screens for rooms and mediators' rosters, reached from 中心设置, and the
mediator week view."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from mediation_desk.scheduling.model import Equipment, RoomKind
from mediation_desk.services import (
    booking,
    cases,
    mediator_profiles,
    rooms,
)
from mediation_desk.settings import load_settings
from tests.core.test_scheduling_support import MONDAY, at, build, request
from tests.desk import run
from ui.context import AppContext
from ui.views.centre_setup_view import CentreSetupView
from ui.views.mediator_settings_view import MediatorSettingsView
from ui.views.mediator_week_view import MediatorWeekView
from ui.views.rooms_settings_view import RoomsSettingsView


@pytest.fixture
def sch(sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return build(sqlite_db, sqlite_centre)


@pytest.fixture
def ctx(tmp_path, sqlite_db, sch):  # type: ignore[no-untyped-def]
    return AppContext(settings=load_settings(data_dir=tmp_path), db=sqlite_db, actor=sch.actor)


def test_centre_setup_has_the_schedule_tabs(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    view = CentreSetupView(ctx)
    qtbot.addWidget(view)
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles[-3:-1] == ["调解室", "调解员排班"]
    view.show()
    view.tabs.setCurrentIndex(titles.index("调解室"))
    assert isinstance(view.tabs.currentWidget().view, RoomsSettingsView)


def test_add_a_room_with_hours_and_equipment(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    view = RoomsSettingsView(ctx)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 3
    view.clear_form()
    view.name.setText("第五调解室")
    view.kind.set_value(RoomKind.STUDIO)
    view.capacity.setValue(10)
    view.equipment[Equipment.PROJECTOR.value].setChecked(True)
    view.hours[5].setText("9:00-12:00")  # Saturday mornings too
    view.hours[0].setText("8:30–25:00")
    assert not view._on_save_clicked()
    assert "时间段" in view.message.text()
    view.hours[0].setText("08:30-12:00，14:00-17:00")
    assert view._on_save_clicked(), view.message.text()
    room = next(r for r in run(ctx.db, rooms.list_rooms) if r.name == "第五调解室")
    assert room.kind is RoomKind.STUDIO and room.capacity == 10
    assert room.equipment == (Equipment.PROJECTOR.value,)
    assert room.opening[0] == ((dt.time(8, 30), dt.time(12)), (dt.time(14), dt.time(17)))
    assert room.opening[5] == ((dt.time(9), dt.time(12)),)
    assert view.table.rowCount() == 4
    # out of service for a morning
    view.closure_from.setDateTime(at(8, 30))
    view.closure_to.setDateTime(at(12))
    view.closure_reason.setText("空调维修")
    view._on_closure_add_clicked()
    assert view.closures.count() == 1 and "空调维修" in view.closures.item(0).text()


def test_edit_a_mediator_roster_leave_and_recusal(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    view = MediatorSettingsView(ctx)
    qtbot.addWidget(view)
    view.select_mediator(sch.wang)
    assert view.title.text().startswith("调解员：王丽华")
    view.max_per_day.setValue(3)
    view.always.setChecked(False)
    view.avail[1].setText("09:00-12:00")
    view.other_languages.setText("绍兴话")
    assert view._on_save_clicked(), view.message.text()
    p = run(ctx.db, mediator_profiles.get_profile, sch.wang)
    assert p.max_per_day == 3 and p.availability == {1: ((dt.time(9), dt.time(12)),)}
    assert set(p.languages) == {"蒙古语", "普通话", "绍兴话"}
    view.leave_from.setDate(QDate(MONDAY))
    view.leave_to.setDate(QDate(MONDAY + dt.timedelta(days=2)))
    view.leave_reason.setText("外出培训")
    view._on_leave_add_clicked()
    assert view.leave.count() == 1
    # recusal: find the case, choose the party, give the reason
    number = run(ctx.db, cases.get_case, sch.case_a).number
    view.recusal_case.setText(number)
    view._on_recusal_case_entered()
    assert view.recusal_party.count() == 2
    view.recusal_party.setCurrentIndex(1)
    view.recusal_reason.setText("被申请人之妹")
    view._on_recusal_add_clicked()
    assert view.recusals.count() == 1 and "被申请人之妹" in view.recusals.item(0).text()
    refused = run(
        ctx.db,
        booking.check_session,
        request(sch, sch.case_a, at(9, day=MONDAY + dt.timedelta(days=7)), lead_id=sch.wang),
    )
    assert any("应当回避" in c.message_zh for c in refused)


def test_mediator_week_view(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    run(ctx.db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    run(
        ctx.db,
        booking.book_session,
        request(sch, sch.case_b, at(14, day=MONDAY + dt.timedelta(days=2))),
        actor=sch.actor,
    )
    view = MediatorWeekView(ctx, day=MONDAY + dt.timedelta(days=3))
    qtbot.addWidget(view)
    view.set_mediator(sch.zhou)
    assert len(view.sessions) == 2 and view.summary.text() == "本周 2 场"
    assert view.title.text().startswith("2026-03-02")
    view.next_button.click()
    assert view.sessions == [] and view.summary.text() == "本周 0 场"
    view.set_mediator(sch.wang)
    view.prev_button.click()
    assert view.sessions == []
    tips = [i.toolTip() for i in view.scene.items() if i.toolTip()]
    assert tips == []
    view.set_mediator(sch.zhou)
    assert any("主持调解员" in i.toolTip() for i in view.scene.items())
    assert Qt  # keep the import used for readers of the keyboard tests
