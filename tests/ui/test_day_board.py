"""The day board as the counter uses it: blocks by room and time, a drag validated live with
the collision named in Chinese, a refused drop returning the block, check-in and waiting time,
no-show, keyboard and double-click to the case; the board reads the day again when a session,
room or mediator changes anywhere in the window, and only then."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.sessions import SessionStatus
from mediation_desk.scheduling.model import RoomKind
from mediation_desk.services import booking, rooms, session_views
from tests.core.test_scheduling_support import MONDAY, at, build, request
from tests.desk import run
from tests.ui.conftest import make_ctx
from ui.views.day_board_view import DayBoardView


@pytest.fixture
def sch(sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return build(sqlite_db, sqlite_centre)


@pytest.fixture
def ctx(qapp, tmp_path, sqlite_db, sch):  # type: ignore[no-untyped-def]
    return make_ctx(sqlite_db, sch.actor, tmp_path / "data", now=at(8, 50))


@pytest.fixture
def booked(sqlite_db, sch):  # type: ignore[no-untyped-def]
    a = run(sqlite_db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    b = run(
        sqlite_db,
        booking.book_session,
        request(sch, sch.case_b, at(10, 30), lead_id=sch.wang),
        actor=sch.actor,
    )
    return a, b


def _board(qtbot, ctx) -> DayBoardView:  # type: ignore[no-untyped-def]
    v = DayBoardView(ctx, day=MONDAY, now=at(8, 50))
    qtbot.addWidget(v)
    v.resize(1300, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def view(qtbot, ctx, booked):  # type: ignore[no-untyped-def]
    return _board(qtbot, ctx)


def _stored(view: DayBoardView, session_id: int) -> session_views.SessionView:
    return run(view.ctx.ops.db, session_views.get_session, session_id)


def _centre_of(view: DayBoardView, session_id: int) -> QPoint:
    block = view.blocks[session_id]
    return view.canvas.mapFromScene(block.sceneBoundingRect().center())


def test_blocks_by_room_and_time_with_the_now_line(view, booked) -> None:  # type: ignore[no-untyped-def]
    a, b = booked
    assert set(view.blocks) == {a.id, b.id}
    assert view.blocks[a.id].rect().left() < view.blocks[b.id].rect().left()
    assert view.now_line is not None
    assert "2026年03月02日 星期一 · 2 场" in view.date_label.text()
    view.set_day(MONDAY + dt.timedelta(days=1))
    assert view.blocks == {} and view.now_line is None


def test_drag_is_validated_live_and_a_refused_drop_returns(qtbot, view, booked) -> None:  # type: ignore[no-untyped-def]
    a, b = booked
    conflicts = view.preview_move(b.id, at(9, 30), a.room_id)
    assert conflicts and view.blocks[b.id].conflict
    assert view.blocks[a.id].conflict  # what it collides with is outlined too
    assert f"已被{a.case_number}占用" in view.status_label.text()
    assert view.status_label.text().startswith("不能移到 09:30–10:30 第一调解室")
    home = view.blocks[b.id].pos()
    view.drop(b.id, at(9, 30), a.room_id)  # refused
    assert view.blocks[b.id].pos() == home
    assert "无法预约" in view.status_label.text()
    assert _stored(view, b.id).starts == at(10, 30)
    assert view.ctx.ops.shown.messages == []  # said on the board, not in a message box


def test_a_refused_drop_with_the_mouse_says_why_and_stays(qtbot, view, booked) -> None:  # type: ignore[no-untyped-def]
    a, b = booked
    block = view.blocks[b.id]
    start = _centre_of(view, b.id)
    dx = -round(60 * view.px)  # an hour earlier: onto a's booking of the same room
    vp = view.canvas.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in (-10, dx // 2, dx):
        QTest.mouseMove(vp, start + QPoint(step, 0))
    assert view.status_label.text().startswith("不能移到 09:30–10:30 第一调解室")
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0)
    )
    qtbot.waitUntil(lambda: view.status_label.text().startswith("无法预约"))
    assert f"调解室“第一调解室”在 09:00–10:00 已被{a.case_number}占用" in view.status_label.text()
    assert view.blocks[b.id] is block and block.pos() == QPointF(0, 0)  # back where it was
    assert not block.conflict and not view.blocks[a.id].conflict
    assert _stored(view, b.id).starts == at(10, 30)
    assert view.ctx.ops.shown.messages == []


def test_drag_a_block_with_the_mouse(qtbot, view, booked) -> None:  # type: ignore[no-untyped-def]
    _a, b = booked
    start = _centre_of(view, b.id)
    dx = round(180 * view.px)  # three hours later, after the lunch break
    vp = view.canvas.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in (10, dx // 2, dx):
        QTest.mouseMove(vp, start + QPoint(step, 0))
    assert "可以移到 13:30–14:30 第一调解室" in view.status_label.text()
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0)
    )
    qtbot.waitUntil(lambda: _stored(view, b.id).starts == at(13, 30))
    assert view.status_label.text().startswith("已改到 13:30–14:30")


def test_a_drop_needing_an_override_asks_for_the_reason(view, booked) -> None:  # type: ignore[no-untyped-def]
    _a, b = booked
    asked: list[str] = []
    view.ask_text = lambda title, prompt: asked.append(prompt) or "当事人下班后才能到场"
    view.drop(b.id, at(17), b.room_id)
    assert "开放时间" in asked[0]
    moved = _stored(view, b.id)
    assert moved.starts == at(17) and moved.override_reason == "当事人下班后才能到场"


def test_check_a_party_in_and_see_the_waiting_time(view, booked) -> None:  # type: ignore[no-untyped-def]
    a, _b = booked
    view.select_session(a.id)
    panel = view.panel
    first = a.attendees[0]
    panel.checkin_buttons[first.id].click()
    s = _stored(view, a.id)
    assert s.status is SessionStatus.CHECKED_IN
    assert s.attendees[0].arrived_at == at(8, 50) and s.attendees[1].arrived_at is None
    assert view.selected().id == a.id  # the selection stays on the session
    view._fixed_now = at(9, 5)
    view._on_tick()
    assert panel.waiting.text() == "已签到 08:50，已等候 15 分钟"
    assert list(panel.checkin_buttons) == [a.attendees[1].id]
    assert "已等候 15 分钟" in panel.queue.text() and a.room_name in panel.queue.text()
    # the unit's short name and the whole number, on a line of their own, no stray bracket
    assert panel.queue.text().splitlines()[0] == "城南人调字第1号" == a.case_number[6:]
    assert "）" not in panel.queue.text()
    panel.start.click()
    assert _stored(view, a.id).status is SessionStatus.IN_SESSION
    assert panel.finish.isEnabled()


def test_no_show_and_cancel_from_the_panel(view, booked) -> None:  # type: ignore[no-untyped-def]
    a, b = booked
    view.ask_text = lambda title, prompt: "电话未接通"
    view.select_session(a.id)
    view.panel.no_show.click()
    assert _stored(view, a.id).status is SessionStatus.NO_SHOW
    view.select_session(b.id)
    view.panel.cancel.click()
    assert _stored(view, b.id).status is SessionStatus.CANCELLED
    assert b.id not in view.blocks  # cancelled sessions are hidden unless asked for
    view.show_cancelled.setChecked(True)
    assert b.id in view.blocks


def test_keyboard_and_double_click_open_the_case(qtbot, view, booked) -> None:  # type: ignore[no-untyped-def]
    a, b = booked
    opened: list[int] = []
    view.open_case = opened.append  # the real one shows the case dialog
    view.canvas.setFocus()
    QTest.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.selected().id == a.id
    QTest.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.selected().id == b.id
    QTest.keyClick(view.canvas, Qt.Key.Key_Left)
    assert view.selected().id == a.id
    QTest.keyClick(view.canvas, Qt.Key.Key_Return)
    assert opened == [a.case_id]
    QTest.mouseDClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=_centre_of(view, b.id))
    assert opened == [a.case_id, b.case_id]


def test_print_the_day_sheet_opens_the_print_preview(view, booked, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """打印日程表 opens the print preview, like every print action: no save dialog (Qt's
    own, partly English), no PDF viewer; printing it starts on A4 landscape."""
    from PySide6.QtGui import QDesktopServices, QPageLayout
    from PySide6.QtWidgets import QFileDialog

    from tests.core.test_day_sheet import HAVE_FONT
    from ui import printing
    from ui.dialogs.print_preview_dialog import PrintPreviewDialog

    if not HAVE_FONT and not os.environ.get("CI"):  # CI installs the fonts
        pytest.skip("no embeddable CJK TrueType font")

    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("no save dialog, no viewer")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", refuse)
    monkeypatch.setattr(QDesktopServices, "openUrl", refuse)
    view.print_button.click()
    preview = view.preview_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.isVisible()
    day = f"{MONDAY.year}年{MONDAY.month}月{MONDAY.day}日"
    assert preview.windowTitle() == f"打印预览 — 日程表 {day}"
    assert isinstance(preview.pdf, bytes) and preview.pdf.startswith(b"%PDF")
    assert preview.pages and preview.landscape
    orientation = printing.new_printer(landscape=preview.landscape).pageLayout().orientation()
    assert orientation is QPageLayout.Orientation.Landscape
    preview.close()


def test_panel_buttons_follow_the_transition_table(view, booked) -> None:  # type: ignore[no-untyped-def]
    a, _b = booked
    view.select_session(a.id)
    panel = view.panel
    assert panel.start.isEnabled() and panel.no_show.isEnabled() and panel.cancel.isEnabled()
    assert not panel.finish.isEnabled()
    panel.start.click()
    assert panel.finish.isEnabled()
    assert not any(b.isEnabled() for b in (panel.start, panel.no_show, panel.cancel))
    assert not panel.all_in.isEnabled()
    assert not any(b.isEnabled() for b in panel.checkin_buttons.values())


def test_a_refused_action_is_said_beside_the_buttons(view, booked, sqlite_db, sch) -> None:  # type: ignore[no-untyped-def]
    a, _b = booked
    view.select_session(a.id)
    view.ask_text = lambda title, prompt: "  "  # a cancel needs a reason
    view.panel.cancel.click()
    assert view.panel.message.text() == "请填写取消原因"
    assert view.ctx.ops.shown.messages == []
    assert _stored(view, a.id).status is SessionStatus.BOOKED


def test_the_board_reads_again_when_another_screen_changes_a_session(  # type: ignore[no-untyped-def]
    qtbot, ctx, booked, sch
) -> None:
    a, b = booked
    view, other = _board(qtbot, ctx), _board(qtbot, ctx)  # e.g. a second board in the window
    block_a = view.blocks[a.id]
    other.ask_text = lambda title, prompt: "当事人申请延期"
    other.select_session(b.id)
    other.panel.cancel.click()  # through the same ctx.ops
    assert b.id not in view.blocks  # cancelled: hidden
    assert view.blocks[a.id] is not block_a  # read again
    assert "1 场" in view.date_label.text()
    # a room added in the settings shows as a new row at once
    added: list = []
    ctx.ops.run(
        None,
        lambda uow: rooms.save_room(uow, name="第四调解室", kind=RoomKind.MEDIATION, capacity=6),
        on_success=added.append,
    )
    assert len(view.rows) == 4 and added[0].id in view.rows


def test_the_board_is_not_rebuilt_by_unrelated_changes(view, booked, sch) -> None:  # type: ignore[no-untyped-def]
    a, _b = booked
    view.select_session(a.id)
    block = view.blocks[a.id]
    ops = view.ctx.ops
    ops.changed.emit(Changes(cases=frozenset({sch.case_c})), None)  # a case not on the board
    ops.changed.emit(Changes(reference=frozenset({Entity.UNIT, Entity.OPERATOR})), None)
    ops.changed.emit(Changes(documents=frozenset({sch.case_a})), None)
    assert view.blocks[a.id] is block and view.selected().id == a.id
    # a change to a case shown on the board (its number, its dispute type) is read again
    ops.changed.emit(Changes(cases=frozenset({sch.case_a})), None)
    assert view.blocks[a.id] is not block and view.selected().id == a.id


def test_an_action_in_the_background_updates_the_board(
    qtbot, sqlite_db, sch, booked, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The real helper: the action runs on a worker thread; the board hears of it."""
    from mediation_desk.domain.clock import fixed_clock
    from mediation_desk.settings import load_settings
    from ui.context import AppContext
    from ui.operations import Operations

    a, _b = booked
    ops = Operations(sqlite_db, clock=fixed_clock(at(8, 55)), actor=sch.actor)
    view = _board(qtbot, AppContext(settings=load_settings(data_dir=tmp_path / "d"), ops=ops))
    view.select_session(a.id)
    view.panel.all_in.click()
    qtbot.waitUntil(lambda: not ops.running)
    assert _stored(view, a.id).status is SessionStatus.CHECKED_IN
    assert view.selected().status is SessionStatus.CHECKED_IN
    assert view.panel.checkin_buttons == {} and not view.panel.all_in.isEnabled()
    assert view.panel.start.isEnabled()
    ops.wait()


def test_the_board_names_the_centres_holiday_and_make_up_day(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services import holidays
    from tests.core.test_scheduling_calendar import ARRANGEMENT_2027, MAKEUP, NATIONAL_DAY

    run(ctx.ops.db, holidays.save_holiday_year, ARRANGEMENT_2027, actor=sch.actor)
    v = _board(qtbot, ctx)
    v.set_day(NATIONAL_DAY)
    assert "2027年10月04日 星期一 · 0 场" in v.date_label.text()
    assert v.day_note.text() == "国庆节（法定节假日）" and v.day_note.isVisible()
    _shot(v, "day_board_holiday")
    v.set_day(MAKEUP)
    assert v.day_note.text() == "调休上班日（按星期一开放）"
    qtbot.wait(20)  # the toolbar lays the longer note out
    assert v.day_note.width() >= v.day_note.sizeHint().width()
    _shot(v, "day_board_makeup_day")
    v.set_day(dt.date(2028, 3, 6))
    assert "超出节假日表" in v.day_note.text()
    v.set_day(dt.date(2027, 10, 11))
    assert v.day_note.text() == "" and not v.day_note.isVisible()


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Saved for a person to look at when MEDIATION_DESK_SHOTS names a folder."""
    from pathlib import Path

    folder = os.environ.get("MEDIATION_DESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
