"""The agreement editor (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from mediation_desk.domain.agreements import ClauseKind
from mediation_desk.services.agreements import get_agreement
from mediation_desk.services.cases import get_case
from tests.desk import run
from tests.documents.sample import full_case, register_sample_case
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.models.case_source import CaseSource
from ui.views.agreement_editor import AgreementEditor


def _editor(qtbot, ctx, case_id: int) -> AgreementEditor:  # type: ignore[no-untyped-def]
    editor = AgreementEditor(ctx, CaseSource(ctx, case_id))
    qtbot.addWidget(editor)
    return editor


def test_write_an_agreement_from_scratch(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(ctx.ops.db, sqlite_centre)
    case = run(ctx.ops.db, get_case, case_id)
    editor = _editor(qtbot, ctx, case_id)
    assert editor.facts.toPlainText() == case.facts  # starts from the intake facts
    editor.add_clause(ClauseKind.PAYMENT)
    ce = editor.clause_editor
    ce.payer.setCurrentIndex(2)  # 李四
    ce.payee.setCurrentIndex(1)  # 张三
    qtbot.keyClicks(ce.amount.edit, "35600")
    assert ce.amount.preview.text() == "人民币叁万伍仟陆佰元整（¥35,600.00）"
    ce.method.setText("银行转账")
    ce.pay_due.setDate(QDate(2026, 12, 1))
    issues = editor.check()
    assert not [i for i in issues if i.is_error]
    assert "✔" in editor.issues.text() or "⚠" in editor.issues.text()
    with qtbot.waitSignal(editor.agreement_saved):
        editor.save()
    assert editor.status.text() == "已保存。" and not editor.dirty
    saved = run(ctx.ops.db, get_agreement, case_id)
    assert saved is not None
    c = saved.draft.clauses[0]
    assert (c.payer_party_id, c.payee_party_id, c.amount_fen, c.due_date) == (
        case.parties[1].id,
        case.parties[0].id,
        3_560_000,
        dt.date(2026, 12, 1),
    )


def test_unclear_clause_is_reported(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = register_sample_case(ctx.ops.db, sqlite_centre)
    editor = _editor(qtbot, ctx, case_id)
    editor.add_clause(ClauseKind.ACT)
    issues = editor.check()
    assert {i.code for i in issues if i.is_error} >= {"obligor_missing", "act_missing"}
    assert "请指定履行义务人" in editor.issues.text()


def test_signing_makes_it_effective_and_locks_it(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre, signed=False)
    editor = _editor(qtbot, ctx, case_id)
    assert editor.save_button.isEnabled()
    for _role, _pid, date, button, _state in editor.signatures.rows:
        date.setDate(QDate(2024, 9, 1))
        button.click()
    assert editor.signatures.effective.text() == "2024-09-01"
    assert not editor.save_button.isEnabled()


def test_case_detail_has_the_paperwork_tab(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    case_id = full_case(ctx.ops.db, sqlite_centre)
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "协议与文书" in titles
    assert dialog.agreement_editor is not None and dialog.documents_panel is not None
    # effective 2024-09-01 → deadline 2024-10-08, long past "today": shown as overdue
    assert "2024-10-08" in dialog.deadline_badge.text()


def test_edits_are_kept_when_the_agreement_changes_elsewhere(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """Another window saves the agreement: a form without edits follows it; a form with
    unsaved edits keeps them and says so."""
    from mediation_desk.services.agreements import save_agreement
    from tests.documents.sample import sample_agreement

    case_id = register_sample_case(ctx.ops.db, sqlite_centre)
    ids = [p.id for p in run(ctx.ops.db, get_case, case_id).parties]
    editor = _editor(qtbot, ctx, case_id)
    other = sample_agreement(ids)

    def save_elsewhere() -> None:
        ctx.ops.run(None, lambda uow: save_agreement(uow, case_id=case_id, draft=other))

    save_elsewhere()
    assert editor.facts.toPlainText() == other.facts.strip()  # followed: no edits here
    assert not editor.dirty
    editor.facts.setPlainText("调解员正在改写的事实")
    assert editor.dirty
    other.disputes = "另一窗口又改了争议事项"
    save_elsewhere()
    assert editor.facts.toPlainText() == "调解员正在改写的事实"  # nothing typed is lost
    assert "尚未保存" in editor.status.text()
