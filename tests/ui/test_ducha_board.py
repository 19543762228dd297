"""The 督办 board page: groups, counts by unit and mediator, opening a case, and 下达督办… /
回复督办… through the operation helper (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mediation_desk.domain.supervision import DueGroup, EscalationLevel, InstructionState
from mediation_desk.services.supervision import case_instructions, issue_instruction
from tests.desk import run
from tests.supervision_data import NOW, TODAY, open_case
from tests.ui.conftest import make_ctx
from ui.dialogs.instruction_dialog import IssueInstructionDialog, ReplyInstructionDialog
from ui.models.ducha_board_model import BoardRowsModel, Column, CountColumn, GroupCountsModel
from ui.views.ducha_board_view import DuchaBoardView


@pytest.fixture
def board_ctx(qapp, tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=NOW)


@pytest.fixture
def cases(sqlite_db, sqlite_centre) -> dict[str, int]:  # type: ignore[no-untyped-def]
    c = sqlite_centre
    return {
        "late": open_case(sqlite_db, c, due_in=-6, applicant="赵一"),
        "later": open_case(sqlite_db, c, due_in=-1, applicant="钱二", beyond_table=True),
        "soon": open_case(sqlite_db, c, due_in=2, applicant="孙三"),
        "fine": open_case(
            sqlite_db, c, due_in=20, applicant="李五", unit_id=c.traffic_unit_id, mediator=False
        ),
    }


def _view(qtbot, ctx) -> DuchaBoardView:  # type: ignore[no-untyped-def]
    view = DuchaBoardView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    return view


def _cells(view: DuchaBoardView, col: Column) -> list[str]:
    return [view.rows.index(r, col).data() for r in range(view.rows.rowCount())]


def test_the_board_shows_the_groups_with_their_counts(qtbot, board_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, board_ctx)
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert tabs == ["已超期（2）", "三日内到期（1）", "正常（1）", "未定期限（0）"]
    assert view.group() is DueGroup.OVERDUE
    assert _cells(view, Column.PARTIES) == ["赵一 与 李四", "钱二 与 李四"]
    assert _cells(view, Column.DAYS) == ["超期6天", "超期1天"]
    assert _cells(view, Column.ESCALATION) == ["单位负责人", "调解员"]
    assert _cells(view, Column.DUE_ON) == ["2026-11-26", "2026-12-01※"]
    assert "超出节假日表" in view.rows.index(1, Column.DUE_ON).data(Qt.ItemDataRole.ToolTipRole)
    counts = view.counts
    names = [counts.index(r, CountColumn.NAME).data() for r in range(counts.rowCount())]
    assert names == ["全部", "城南街道人民调解委员会", "交通事故纠纷人民调解委员会"]
    assert counts.index(1, CountColumn.OVERDUE).data() == "2"
    assert counts.index(0, CountColumn.TOTAL).data() == "4"
    assert "在办案件 4 件" in view.summary.text()


def test_choosing_a_unit_or_a_mediator_narrows_the_rows(qtbot, board_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, board_ctx)
    view.counts_table.selectRow(2)  # the traffic committee: one case, on time
    assert view.tabs.tabText(0) == "已超期（0）"
    view.select_group(DueGroup.ON_TIME)
    assert _cells(view, Column.PARTIES) == ["李五 与 李四"]
    view.by_mediator.setChecked(True)
    names = [view.counts.index(r, 0).data() for r in range(view.counts.rowCount())]
    assert names == ["全部", "周建国", "（未指定调解员）"]
    assert view.counts.headerData(0, Qt.Orientation.Horizontal) == "调解员"
    view.counts_table.selectRow(1)
    view.select_group(DueGroup.OVERDUE)
    assert _cells(view, Column.MEDIATOR) == ["周建国", "周建国"]


def test_enter_and_double_click_open_the_case(qtbot, board_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, board_ctx)
    view.table.selectRow(0)
    with qtbot.waitSignal(view.case_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [cases["late"]]
    rect = view.table.visualRect(view.rows.index(1, Column.NUMBER))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.case_activated) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cases["later"]]


def test_an_instruction_is_issued_and_answered_from_the_board(  # type: ignore[no-untyped-def]
    qtbot, board_ctx, cases
) -> None:
    view = _view(qtbot, board_ctx)
    view.table.selectRow(0)
    assert view.issue_button.isEnabled() and not view.reply_button.isEnabled()
    row = view.current_row()
    assert row is not None
    dialog = IssueInstructionDialog(board_ctx, row.case_id, row.case_number, row.escalation, view)
    qtbot.addWidget(dialog)
    assert dialog.level.currentText() == "单位负责人督办"
    assert dialog.respond_by.date().toPython() == TODAY + dt.timedelta(days=3)
    dialog.ok_button.click()  # no text yet: refused in the dialog
    assert dialog.error.text() == "请填写督办内容" and dialog.saved is None
    dialog.text.setPlainText("请于12月4日前再次组织调解")
    dialog.ok_button.click()
    assert dialog.saved is not None and dialog.result() == dialog.DialogCode.Accepted
    # the board heard of the change and shows it on the same case, still selected
    assert view.current_row() is not None and view.current_row().case_id == cases["late"]
    assert _cells(view, Column.INSTRUCTION)[0] == "单位负责人：待回复（限12-05）"
    assert view.reply_button.isEnabled()
    waiting = view.current_row().waiting
    reply = ReplyInstructionDialog(board_ctx, waiting, view)
    qtbot.addWidget(reply)
    reply.text.setPlainText("已约定12月3日再次调解")
    reply.ok_button.click()
    assert reply.saved is not None
    assert _cells(view, Column.INSTRUCTION)[0] == "单位负责人：已回复"
    assert not view.reply_button.isEnabled()
    stored = run(board_ctx.ops.db, case_instructions, cases["late"], now=NOW)
    assert [i.state for i in stored] == [InstructionState.REPLIED]


def test_a_late_instruction_is_shown_in_red_and_lifts_the_level(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, sqlite_db, sqlite_centre, cases
) -> None:
    run(
        sqlite_db,
        issue_instruction,
        case_id=cases["later"],
        level=EscalationLevel.UNIT_HEAD,
        text="限期办结",
        respond_by=TODAY,
        actor=sqlite_centre.actor,
        now=NOW,
    )
    tomorrow = make_ctx(
        sqlite_db, sqlite_centre.actor, tmp_path / "d2", now=NOW + dt.timedelta(days=1)
    )
    view = _view(qtbot, tomorrow)
    row = _cells(view, Column.PARTIES).index("钱二 与 李四")
    assert view.rows.index(row, Column.ESCALATION).data() == "中心主任"
    assert view.rows.index(row, Column.INSTRUCTION).data().startswith("单位负责人：逾期未回复")
    colour = view.rows.index(row, Column.INSTRUCTION).data(Qt.ItemDataRole.ForegroundRole)
    assert colour.name() == "#b00020"


def test_the_models_pass_qtmodeltester(qtmodeltester, board_ctx, cases) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.supervision import ducha_board

    board = board_ctx.ops.read(lambda uow: ducha_board(uow, TODAY))
    rows = BoardRowsModel()
    rows.set_rows(board.rows, TODAY)
    qtmodeltester.check(rows, force_py=True)
    counts = GroupCountsModel()
    counts.set_groups(board.by_mediator, "调解员")
    qtmodeltester.check(counts, force_py=True)
