"""Booking a session from the window: one step through a suggestion, or by hand with the
collision shown in Chinese and an override reason when the rule allows one; the booking
reaches the day board through the operation helper's ``changed``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDialog

from mediation_desk.services import booking, session_views
from tests.core.test_scheduling_support import MONDAY, at, build, request
from tests.desk import run
from ui.dialogs.booking_dialog import BookingDialog


@pytest.fixture
def sch(sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return build(sqlite_db, sqlite_centre)


def _manual(dialog: BookingDialog, hour: int, minute: int, room: int, lead: int) -> list:
    dialog.tabs.setCurrentIndex(1)
    dialog.day.setDate(QDate(MONDAY))
    dialog.start_time.setTime(QTime(hour, minute))
    dialog.room.setCurrentIndex(dialog.room.findData(room))
    dialog.lead.setCurrentIndex(dialog.lead.findData(lead))
    dialog.check_manual()  # completes at once in the tests' context
    return dialog.found


def test_book_through_a_suggestion_in_one_step(qtbot, ctx, sch, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    saved: list = []
    ctx.ops.changed.connect(lambda changes, _initiator: saved.append(changes))
    dialog = BookingDialog(ctx, sch.case_a, now=at(8))
    qtbot.addWidget(dialog)
    assert dialog.options, "a free centre has suggestions"
    assert dialog.table.rowCount() == len(dialog.options)
    # the neighbour-dispute specialist is ranked first, and says why
    first = dialog.options[0]
    assert first.mediator_id == sch.zhou
    assert "擅长此类纠纷" in dialog.table.item(0, 3).text()
    dialog.table.selectRow(0)
    dialog.book_selected()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.booked is not None and dialog.booked.starts == first.starts
    (changes,) = saved  # announced once, for the case and its new session
    assert changes.touched_cases == {sch.case_a} and changes.sessions == {dialog.booked.id}
    (booked,) = run(sqlite_db, session_views.case_sessions, sch.case_a)
    assert (booked.room_id, booked.lead_name) == (first.room_id, "周建国")


def test_manual_booking_shows_the_collision_in_chinese(qtbot, ctx, sch, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    first = run(sqlite_db, booking.book_session, request(sch, sch.case_a, at(9)), actor=sch.actor)
    dialog = BookingDialog(ctx, sch.case_b, now=at(8))
    qtbot.addWidget(dialog)
    conflicts = _manual(dialog, 9, 30, sch.small, sch.wang)
    assert conflicts
    text = dialog.conflicts.text()
    assert text.startswith("✖ 不能预约")
    assert f"调解室“第一调解室”在 09:00–10:00 已被{first.case_number}占用" in text
    assert not dialog.manual_book.isEnabled()
    assert dialog.override_box.isHidden()
    # a free slot says so, and books
    assert _manual(dialog, 10, 30, sch.small, sch.wang) == []
    assert "可以预约" in dialog.conflicts.text()
    dialog.book_manual()
    assert dialog.booked is not None and dialog.booked.starts == at(10, 30)


def test_an_overridable_rule_asks_for_a_reason(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    dialog = BookingDialog(ctx, sch.case_a, now=at(8))
    qtbot.addWidget(dialog)
    _manual(dialog, 17, 0, sch.small, sch.zhou)  # the room closes at 17:30
    assert "需填写特批理由" in dialog.conflicts.text()
    assert not dialog.override_box.isHidden() and dialog.manual_book.isEnabled()
    dialog.book_manual()  # no reason yet: refused, explained
    assert dialog.booked is None and "特批理由" in dialog.message.text()
    assert not dialog.override_box.isHidden() and ctx.ops.shown.messages == []
    dialog.override.setText("当事人下班后才能到场")
    dialog.book_manual()
    assert dialog.booked is not None
    assert dialog.booked.override_reason == "当事人下班后才能到场"


def test_the_parties_chosen_mediator_comes_first(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    dialog = BookingDialog(ctx, sch.case_a, now=at(8))
    qtbot.addWidget(dialog)
    dialog.chosen.setCurrentIndex(dialog.chosen.findData(sch.wang))
    assert dialog.options[0].mediator_id == sch.wang
    assert "当事人选定" in dialog.table.item(0, 3).text()


def test_a_slot_taken_meanwhile_is_explained_with_fresh_suggestions(
    qtbot, ctx, sch, sqlite_db
) -> None:  # type: ignore[no-untyped-def]
    dialog = BookingDialog(ctx, sch.case_a, now=at(8))
    qtbot.addWidget(dialog)
    first = dialog.options[0]
    # another counter books that room at that time for another case
    run(
        sqlite_db,
        booking.book_session,
        request(sch, sch.case_b, first.starts, room_id=first.room_id, lead_id=sch.wang, minutes=60),
        actor=sch.actor,
    )
    dialog.table.selectRow(0)
    dialog.book_selected()
    assert dialog.booked is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text().startswith("无法预约")
    assert dialog.options and dialog.options[0] != first  # suggested again without that slot
    assert ctx.ops.shown.messages == []


def test_a_booking_reaches_the_day_board(qtbot, ctx, sch) -> None:  # type: ignore[no-untyped-def]
    from ui.views.day_board_view import DayBoardView

    board = DayBoardView(ctx, day=MONDAY, now=at(8))
    qtbot.addWidget(board)
    board.resize(1200, 500)
    board.show()
    qtbot.waitExposed(board)
    assert board.blocks == {}
    dialog = BookingDialog(ctx, sch.case_b, now=at(8))
    qtbot.addWidget(dialog)
    _manual(dialog, 10, 30, sch.small, sch.wang)
    dialog.book_manual()
    assert dialog.booked is not None and dialog.booked.id in board.blocks
