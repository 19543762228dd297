"""法院办理情况 in the judicial-confirmation panel: the step, the court's expected days, the
dialogs that record submission, acceptance and ruling, the next steps after a dismissal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from mediation_desk.domain.court_steps import CourtStep, RulingResult
from mediation_desk.services.confirmation import get_pack
from tests.desk import run
from tests.documents.sample import full_case
from tests.ui.conftest import make_ctx
from ui.dialogs.court_step_dialog import AcceptanceDialog, RulingDialog, SubmissionDialog
from ui.models.case_source import CaseSource
from ui.views.documents_panel import DocumentsPanel

NOW = dt.datetime(2024, 9, 30, 9, 0)  # full_case's agreement took effect on 2024-09-01


def _panel(qtbot, ctx, case_id: int) -> DocumentsPanel:  # type: ignore[no-untyped-def]
    panel = DocumentsPanel(ctx, CaseSource(ctx, case_id))
    qtbot.addWidget(panel)
    return panel


def _set_day(edit, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    edit.setDate(QDate(day.year, day.month, day.day))


def test_record_each_step_through_the_panel(qtbot, tmp_path, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=NOW)
    case_id = full_case(sqlite_db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    box = panel.pack_box.court_steps
    assert box.submit_button.isEnabled() and not box.accept_button.isEnabled()
    assert not box.ruling_button.isEnabled()
    assert "未申请" in panel.pack_box.pages.tabText(1)

    box.submit_button.click()
    dialog = box.dialog
    assert isinstance(dialog, SubmissionDialog)
    dialog.ok_button.click()  # no court chosen, none typed: refused beside the form
    assert dialog.isVisible() and "人民法院" in dialog.error.text()
    dialog.court.setText("城南区人民法院")
    dialog.receipt.setText("收2024-118")
    _set_day(dialog.on, dt.date(2024, 9, 26))
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert box.pack.progress.step is CourtStep.SUBMITTED
    assert "9月29日" in box.expected.text() and "第四条" in box.expected.text()
    assert "收2024-118" in box.step.text() and "待受理" in panel.pack_box.pages.tabText(1)
    assert box.accept_button.isEnabled() and not box.submit_button.isEnabled()

    box.accept_button.click()
    dialog = box.dialog
    assert isinstance(dialog, AcceptanceDialog)
    _set_day(dialog.on, dt.date(2024, 9, 27))
    dialog.number.setText("（2024）浙0602民特12号")
    dialog.ok_button.click()
    assert box.pack.progress.step is CourtStep.ACCEPTED
    assert "延长十日" in box.expected.text()

    box.ruling_button.click()
    dialog = box.dialog
    assert isinstance(dialog, RulingDialog)
    assert dialog.number.text() == "（2024）浙0602民特12号"  # from the acceptance
    _set_day(dialog.on, dt.date(2024, 9, 29))
    dialog.set_result(RulingResult.DISMISSED)
    dialog.ok_button.click()
    assert dialog.isVisible() and "驳回申请的理由" in dialog.error.text()
    dialog.note.setPlainText("协议内容不明确")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert run(sqlite_db, get_pack, case_id).progress.step is CourtStep.DISMISSED
    assert box.next_steps.isVisibleTo(box) and "提起诉讼" in box.next_steps.text()
    assert not any(b.isEnabled() for b in (box.submit_button, box.accept_button))
    assert not box.ruling_button.isEnabled()
    assert ctx.ops.shown.errors == []


def test_a_late_submission_asks_for_a_note(qtbot, tmp_path, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    later = dt.datetime(2024, 10, 20, 9, 0)  # the 30 days ended on 2024-10-08
    ctx = make_ctx(sqlite_db, sqlite_centre.actor, tmp_path / "data", now=later)
    case_id = full_case(sqlite_db, sqlite_centre)
    panel = _panel(qtbot, ctx, case_id)
    box = panel.pack_box.court_steps
    box.submit_button.click()
    dialog = box.dialog
    assert isinstance(dialog, SubmissionDialog)
    assert not dialog.late_reason.isVisibleTo(dialog)
    dialog.court.setText("城南区人民法院")
    dialog.ok_button.click()
    assert dialog.isVisible() and "已超过申请司法确认的期限" in dialog.error.text()
    assert dialog.late_reason.isVisibleTo(dialog)
    dialog.late_reason.setPlainText("当事人10月8日已网上提交，法院今日收件")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert box.pack.progress.late_application and "逾期申请" in box.step.text()
    assert not box.overdue.isVisibleTo(box)  # submitted today: the court is not late yet


def test_an_overdue_ruling_shows_on_opening(qtbot, tmp_path, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.court_steps import record_acceptance, record_submission

    case_id = full_case(sqlite_db, sqlite_centre)
    actor = sqlite_centre.actor
    run(
        sqlite_db,
        record_submission,
        case_id=case_id,
        on=dt.date(2024, 9, 2),
        court="城南区人民法院",
        actor=actor,
        now=NOW,
    )
    run(
        sqlite_db,
        record_acceptance,
        case_id=case_id,
        on=dt.date(2024, 9, 3),
        accepted=True,
        actor=actor,
        now=NOW,
    )
    ctx = make_ctx(sqlite_db, actor, tmp_path / "data", now=dt.datetime(2024, 9, 25, 9))
    panel = _panel(qtbot, ctx, case_id)
    box = panel.pack_box.court_steps
    assert panel.pack_box.pages.currentWidget() is box  # applied: the court's page first
    assert box.overdue.isVisibleTo(box) and "已过" in box.overdue.text()
    assert "尚未登记裁定" in box.overdue.text()
