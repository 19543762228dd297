"""The case window's 履行 page: the schedule, 登记履行… with its proof file, and 打印收条
(pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mediation_desk.domain.performance_marks import PerformanceState, ProofKind
from mediation_desk.services.performance import performance_of
from tests.desk import run
from tests.documents.sample import full_case
from tests.ui.conftest import make_ctx
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.performance_dialog import MarkPerformanceDialog
from ui.views.performance_page import PerformancePage

NOW = dt.datetime(2024, 11, 4, 10, 0)
SHOTS = os.environ.get("MEDIATION_DESK_SHOTS")  # a folder to save screenshots into


@pytest.fixture
def perf_ctx(qapp, tmp_path, sqlite_db, sqlite_centre):  # type: ignore[no-untyped-def]
    return make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=NOW)


def _page(qtbot, ctx, case_id: int) -> tuple[CaseDetailDialog, PerformancePage]:  # type: ignore[no-untyped-def]
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    dialog.tabs.setCurrentIndex(titles.index("履行"))
    page = dialog.tabs.currentWidget()
    assert isinstance(page, PerformancePage)
    return dialog, page


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


def _cells(page: PerformancePage, row: int) -> list[str]:
    t = page.table
    return [t.item(row, c).text() for c in range(t.columnCount())]


def test_before_effect_the_live_schedule_cannot_be_marked(qtbot, perf_ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(perf_ctx.ops.db, sqlite_centre, signed=False)
    _dialog, page = _page(qtbot, perf_ctx, case_id)
    assert page.heading.text().startswith("协议尚未生效")
    assert page.table.rowCount() == 4
    assert not page.mark_button.isEnabled() and not page.receipt_button.isEnabled()


def test_marking_a_partial_payment_with_a_proof_file(
    qtbot, perf_ctx, sqlite_centre, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db = perf_ctx.ops.db
    case_id = full_case(db, sqlite_centre)
    dialog, page = _page(qtbot, perf_ctx, case_id)
    assert page.heading.text() == "协议于2024年9月1日生效，履行清单已固定。"
    assert _cells(page, 0)[:5] == [
        "第一条第一期",
        "李四",
        "支付¥20,000.00 → 张三",
        "2024年9月30日",
        "待履行（逾期）",
    ]
    assert "逾期3项" in page.totals.text()  # the first instalment, the act, the cash
    assert page.selected() is not None and page.selected().key == (0, 0)  # first overdue
    assert page.mark_button.isEnabled() and not page.receipt_button.isEnabled()
    _shot(dialog, "performance_page_before.png")

    item = page.selected()
    assert item is not None
    mark = MarkPerformanceDialog(perf_ctx, case_id, item, page)
    qtbot.addWidget(mark)
    mark.state.setCurrentIndex(list(PerformanceState).index(PerformanceState.PARTLY))
    assert mark.amount.isEnabled()
    mark.buttons.accepted.emit()  # no amount typed: refused in the dialog, nothing lost
    assert mark.error.text() == "部分履行金额：请填写金额" and mark.saved is None
    mark.amount.setText("30000")
    mark.buttons.accepted.emit()
    assert "应少于尚欠的20,000.00元" in mark.error.text()
    slip = tmp_path / "slip.png"
    slip.write_bytes(b"\x89PNG a transfer slip")
    mark.amount.setText("5000")
    mark.proof_kind.setCurrentIndex(list(ProofKind).index(ProofKind.TRANSFER))
    mark.proof_file.setText(str(slip))
    mark.note.setPlainText("银行转账")
    _shot(mark, "performance_mark_dialog.png")
    mark.buttons.accepted.emit()
    assert mark.saved is not None and mark.result() == mark.DialogCode.Accepted

    view = run(db, performance_of, case_id, now=NOW)
    first = view.item((0, 0))
    assert first.state is PerformanceState.PARTLY and first.paid_fen == 500_000
    copy = perf_ctx.settings.data_dir / "cases" / str(case_id) / first.marks[0].proof_file
    assert copy.read_bytes() == slip.read_bytes()

    # the window rebuilt its pages from the change
    page = dialog.tabs.currentWidget()
    assert isinstance(page, PerformancePage)
    assert _cells(page, 0)[4] == "部分履行（逾期）" and _cells(page, 0)[5] == "¥5,000.00"
    assert "转账凭证（slip.png）" in _cells(page, 0)[6]
    page.table.selectRow(0)
    assert page.receipt_button.isEnabled()
    _shot(dialog, "performance_page_marked.png")


def test_printing_the_receipt_opens_its_preview(qtbot, perf_ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.performance import mark_item

    db = perf_ctx.ops.db
    case_id = full_case(db, sqlite_centre)
    run(
        db,
        mark_item,
        case_id,
        (2, -1),
        PerformanceState.PERFORMED,
        dt.date(2024, 9, 5),
        proof_kind=ProofKind.RECEIPT,
        actor=sqlite_centre.actor,
        now=NOW,
    )
    _dialog, page = _page(qtbot, perf_ctx, case_id)
    page.table.selectRow(3)  # 第三条: the cash, paid
    assert _cells(page, 3)[4] == "已履行"
    assert page.receipt_button.isEnabled() and not page.mark_button.isEnabled()
    page.receipt_button.click()
    preview = page.preview_dialog
    assert preview is not None and preview.windowTitle() == "打印预览 — 收条 第1版"
    files = list((perf_ctx.settings.data_dir / "cases" / str(case_id)).glob("收条*.pdf"))
    assert [f.name.split("_")[0] for f in files] == ["收条（第三条第1笔）"]
    _shot(preview, "performance_receipt_preview.png")
    preview.close()


def test_overdue_items_on_the_board_and_the_day(qtbot, perf_ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.performance import mark_item
    from ui.views.ducha_board_view import DuchaBoardView
    from ui.views.today_view import TodayView

    db = perf_ctx.ops.db
    case_id = full_case(db, sqlite_centre)
    run(
        db,
        mark_item,
        case_id,
        (0, 0),
        PerformanceState.PARTLY,
        dt.date(2024, 10, 8),
        amount_fen=500_000,
        actor=sqlite_centre.actor,
        now=NOW,
    )
    ctx = make_ctx(
        db, sqlite_centre.actor, perf_ctx.settings.data_dir, now=dt.datetime(2024, 10, 10, 9)
    )
    board = DuchaBoardView(ctx)
    qtbot.addWidget(board)
    board.resize(1300, 700)
    board.show()
    panel = board.performance
    assert panel.title.text() == "履行逾期：1件案件，3项"
    t = panel.table
    assert [t.item(r, 1).text() for r in range(t.rowCount())] == [
        "第三条",
        "第二条",
        "第一条第一期",
    ]
    assert t.item(2, 2).text() == "李四应付¥20,000.00（尚欠¥15,000.00）"
    assert t.item(2, 4).text() == "部分履行" and t.item(2, 5).text() == "超期10天"
    with qtbot.waitSignal(board.case_activated) as opened:
        panel.table.cellDoubleClicked.emit(0, 0)
    assert opened.args == [case_id]
    _shot(board, "performance_ducha_board.png")

    day = TodayView(ctx)
    qtbot.addWidget(day)
    day.resize(1100, 400)
    day.show()
    kinds = [i.kind.label for i in day.day.items]
    assert "履行到期/逾期" in kinds
    _shot(day, "performance_today.png")
