"""The minutes editor and the investigation records in the case window: prefilled from the
check-in, refusals listed in the dialog, saved through the operation helper, and the two
documents then offered in the documents panel."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.services.minutes import case_investigations, minutes_for
from tests.core.test_day_sheet import needs_font
from tests.desk import run
from tests.minutes_sample import record_minutes_and_investigation, site_visit, sitting_case
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.investigation_dialog import InvestigationDialog
from ui.dialogs.minutes_dialog import MinutesDialog, parse_others


def _shot(widget: QWidget, name: str) -> None:
    """Saved for a person to look at when MEDIATION_DESK_SHOTS names a folder."""
    folder = os.environ.get("MEDIATION_DESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_others_present_are_typed_one_per_line() -> None:
    people = parse_others("赵小妹，申请人的女儿\n\n孙七（村委会主任）\n老王")
    assert [(p.name, p.role) for p in people] == [
        ("赵小妹", "申请人的女儿"),
        ("孙七", "村委会主任"),
        ("老王", "其他到场人员"),
    ]


def test_the_editor_is_prefilled_refuses_in_place_and_saves(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    db = ctx.ops.db
    sit = sitting_case(db, sqlite_centre)
    dialog = MinutesDialog(ctx, run(db, minutes_for, sit.session_id))
    qtbot.addWidget(dialog)
    dialog.show()
    checks = {c.name: box for box, c in dialog.present_checks}
    assert checks["张三"].isChecked() and "已签到" in checks["张三"].text()
    assert not checks["李四"].isChecked() and not checks["王律师"].isChecked()
    assert dialog.place.text() == "第一调解室" and dialog.note_taker.text() == "陈书记"
    assert dialog.focusWidget() is dialog.place or not dialog.isActiveWindow()

    dialog.ok_button.click()  # nothing confirmed yet
    assert dialog.error.isVisible() and dialog.isVisible()
    assert "请确认已向当事人告知权利义务" in dialog.error.text()
    assert "请记录申请人张三的陈述" in dialog.error.text()
    assert not ctx.ops.shown.messages  # shown in the dialog, not in a message box
    _shot(dialog, "minutes_dialog_refused")

    checks["王律师"].setChecked(True)
    dialog.others.setPlainText("赵小妹，申请人的女儿")
    dialog.rights_read.setChecked(True)
    dialog.recusal_asked.setChecked(True)
    dialog.accounts[sit.applicant].setPlainText("墙体受潮开裂。\n要求赔偿修缮费三千元。")
    dialog.accounts[sit.respondent].setPlainText("愿意改排水管走向。")
    dialog.work.setPlainText("讲解相邻关系的规定。")
    dialog.outcome.setPlainText("双方同意改排水管走向。")
    dialog.next_step.setPlainText("下周现场查看。")
    _shot(dialog, "minutes_dialog_filled")
    with qtbot.waitSignal(dialog.saved):
        dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = run(db, minutes_for, sit.session_id)
    assert saved.saved
    assert [p.name for p in saved.draft.present] == ["张三", "王律师", "赵小妹"]
    assert saved.account(sit.applicant) == "墙体受潮开裂。\n要求赔偿修缮费三千元。"


def test_the_case_window_opens_the_minutes_of_the_selected_session(
    qtbot, ctx, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sit = sitting_case(ctx.ops.db, sqlite_centre)
    opened: list[MinutesDialog] = []
    monkeypatch.setattr(MinutesDialog, "exec", lambda self: opened.append(self) or 0)
    window = CaseDetailDialog(ctx, sit.case_id)
    qtbot.addWidget(window)
    window.show()
    page = window.sessions_page
    assert not page.minutes_button.isEnabled()  # no session selected
    assert page.table.item(0, 5).text() == "未填写"
    page.table.selectRow(0)
    assert page.minutes_button.isEnabled()
    assert not page.print_button.isEnabled()  # nothing to print before the minutes are saved
    window.tabs.setCurrentWidget(page)
    _shot(window, "case_sessions_page")
    page.minutes_button.click()
    assert [d.minutes.session_id for d in opened] == [sit.session_id]


def test_investigations_are_added_in_the_case_window_and_both_records_are_offered(
    qtbot, ctx, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = ctx.ops.db
    case_id = record_minutes_and_investigation(db, sqlite_centre)
    window = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(window)
    window.show()
    assert window.sessions_page.table.item(0, 5).text() == "已填写"
    page = window.investigations_page
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "城南街道幸福里12号、14号"
    window.tabs.setCurrentWidget(page)
    _shot(window, "case_investigations_page")
    options = {
        window.documents_panel.kinds.item(i).text(): window.documents_panel.kinds.item(i)
        for i in range(window.documents_panel.kinds.count())
    }
    for kind in (DocumentKind.SESSION_MINUTES, DocumentKind.INVESTIGATION_RECORD):
        assert options[kind.label].flags() & Qt.ItemFlag.ItemIsEnabled, kind

    shown: list[InvestigationDialog] = []

    def fill(self: InvestigationDialog) -> int:
        shown.append(self)
        d = site_visit()
        self.place.setText("城南街道幸福里小区物业办公室")
        self.investigators.setText("周建国")
        self.note_taker.setText("陈书记")
        self.subjects.setPlainText("刘经理（物业公司）")
        self.findings.setPlainText(d.findings)
        _shot(self, "investigation_dialog")
        self.ok_button.click()
        return 1

    monkeypatch.setattr(InvestigationDialog, "exec", fill)
    page.add_button.click()
    assert shown and not shown[0].error.isVisible(), shown[0].error.text()
    records: list[Any] = run(db, case_investigations, case_id)
    assert [r.draft.place for r in records][-1] == "城南街道幸福里小区物业办公室"
    assert window.investigations_page.table.rowCount() == 2  # the window heard of the change


def test_the_day_board_opens_the_minutes_of_a_started_session(
    qtbot, ctx, sqlite_centre, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services import session_actions
    from tests.minutes_sample import DAY, at
    from ui.views.day_board_view import DayBoardView

    sit = sitting_case(ctx.ops.db, sqlite_centre, start=False)
    opened: list[MinutesDialog] = []
    monkeypatch.setattr(MinutesDialog, "exec", lambda self: opened.append(self) or 0)
    board = DayBoardView(ctx, day=DAY, now=at(9, 10))
    qtbot.addWidget(board)
    board.resize(1300, 600)
    board.show()
    qtbot.waitExposed(board)
    board.select_session(sit.session_id)
    panel = board.panel
    assert panel.minutes_button.isVisible() and not panel.minutes_button.isEnabled()  # booked
    run(
        ctx.ops.db,
        session_actions.start_session,
        session_id=sit.session_id,
        now=at(9, 5),
        actor=sqlite_centre.actor,
    )
    board.reload()
    board.select_session(sit.session_id)
    assert panel.minutes_button.isEnabled()
    qtbot.wait(20)  # the panel's wrapped labels settle their height
    _shot(board, "day_board_minutes_button")
    panel.minutes_button.click()
    (dialog,) = opened
    assert dialog.minutes.session_id == sit.session_id and dialog.parent() is board
    dialog.show()
    _shot(dialog, "day_board_minutes_dialog")
    dialog.close()


@needs_font
def test_one_sessions_minutes_are_printed_from_the_sessions_tab(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.print_preview_dialog import PrintPreviewDialog

    db = ctx.ops.db
    case_id = record_minutes_and_investigation(db, sqlite_centre)
    window = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    page = window.sessions_page
    page.table.selectRow(0)
    assert page.print_button.isEnabled()
    window.tabs.setCurrentWidget(page)
    _shot(window, "case_sessions_print_button")
    page.print_button.click()
    preview = window.documents_panel.preview_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.isVisible()
    assert preview.title == "调解记录 第1版" and len(preview.pages) >= 1
    rows = window.documents_panel.model.rows  # only that session's minutes were generated
    assert [(r.kind, r.file_format) for r in rows] == [
        (DocumentKind.SESSION_MINUTES, FileFormat.PDF)
    ]
    assert preview.pdf == window.documents_panel.folder / rows[0].file_name
    _shot(preview, "session_minutes_print_preview")
    preview.close()


def test_an_investigation_record_is_removed_from_the_case_window_with_a_reason(
    qtbot, ctx, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services import history

    db = ctx.ops.db
    case_id = record_minutes_and_investigation(db, sqlite_centre)
    window = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    page = window.investigations_page
    window.tabs.setCurrentWidget(page)
    assert page.delete_button.isEnabled()
    page.table.selectRow(0)
    _shot(window, "case_investigations_delete_button")
    asked: list[str] = []
    page.ask_text = lambda _title, prompt: asked.append(prompt) or None  # cancelled
    page.delete_button.click()
    assert "第1次调查记录（2026-03-09 09:30，城南街道幸福里12号、14号）" in asked[0]
    assert len(run(db, case_investigations, case_id)) == 1
    page.ask_text = lambda _title, _prompt: "  "  # no reason: refused in Chinese, nothing removed
    page.delete_button.click()
    assert ctx.ops.shown.messages[-1].startswith("请填写删除原因")  # type: ignore[attr-defined]
    assert len(run(db, case_investigations, case_id)) == 1
    page.ask_text = lambda _title, _prompt: "误录入本案"
    page.delete_button.click()
    assert run(db, case_investigations, case_id) == []
    page = window.investigations_page  # the window heard of the change and shows it again
    assert page.table.rowCount() == 0 and not page.delete_button.isEnabled()
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "调查记录（0）"
    summaries = [h.summary for h in run(db, history.case_history, case_id)]
    assert any(s.endswith("原因：误录入本案") for s in summaries)
    window.tabs.setCurrentIndex(2)  # 关联与历史
    last = window.history_table.rowCount() - 1
    assert window.history_table.item(last, 2).text() == "删除调查记录"
    _shot(window, "case_history_investigation_removed")
