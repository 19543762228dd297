"""修改登记信息 from the case window: the intake form in edit mode (pytest-qt, offscreen)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from mediation_desk.db.agreement_models import GeneratedDocument
from mediation_desk.domain.case_flow import CaseEvent
from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from mediation_desk.domain.drafts import AgentDraft, ParticipantDraft, PhoneDraft
from mediation_desk.domain.enums import AgentAuthority, CaseStatus, PartyKind, PhoneLabel
from mediation_desk.domain.roles import Role
from mediation_desk.domain.validation import mask_id_number
from mediation_desk.services.case_flow import move_case
from mediation_desk.services.cases import get_case
from mediation_desk.services.documents import list_generated
from mediation_desk.services.history import case_history
from mediation_desk.services.intake import register_case
from tests.desk import run, writing
from tests.factories import organisation, two_party_draft
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.correction_dialog import CorrectionDialog
from ui.dialogs.print_preview_dialog import PrintPreviewDialog
from ui.models.generated_documents_model import Column


@pytest.fixture
def case_id(ctx, sqlite_centre) -> int:  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.parties[0].phones.append(PhoneDraft("13911112222", PhoneLabel.RELATIVE, "女儿 张丽"))
    draft.parties[0].address = "城南街道幸福里12号"
    draft.parties[1].agents.append(
        AgentDraft(name="王律师", relation="律师", authority=AgentAuthority.SPECIAL)
    )
    draft.parties.append(organisation())
    draft.participants.append(ParticipantDraft(name="赵大妈", relation="邻居"))
    return run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor).id


def _window(qtbot, ctx, case_id: int) -> CaseDetailDialog:  # type: ignore[no-untyped-def]
    window = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(window)
    window.show()
    return window


def _open_correction(window: CaseDetailDialog) -> CorrectionDialog:
    window.correct_button.click()
    dialog = window.correction_dialog
    assert isinstance(dialog, CorrectionDialog)
    dialog.view._ask = lambda title, text: True  # type: ignore[method-assign]
    return dialog


def _add_document(ctx, case_id: int) -> None:  # type: ignore[no-untyped-def]
    with writing(ctx.ops.db) as s:
        s.add(
            GeneratedDocument(
                case_id=case_id,
                doc_type=DocumentKind.REGISTRATION,
                file_format=FileFormat.PDF,
                version=1,
                file_name="受理登记表_v1.pdf",
                sha256="0" * 64,
                size_bytes=1,
                operator_id=ctx.ops.actor.operator_id,
                created_at=ctx.ops.clock(),
            )
        )


def test_form_is_prefilled_with_every_intake_field(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    assert window.correct_button.isEnabled()
    view = _open_correction(window).view
    detail = run(ctx.ops.db, get_case, case_id)
    assert [e.name.text() for e in view.party_editors] == ["张三", "李四", detail.parties[2].name]
    first, second, org = view.party_editors
    assert first.id_number.text() == mask_id_number(detail.parties[0].id_number)  # 显示 to see
    assert [r.number.text() for r in first.phone_rows] == ["13812345678", "13911112222"]
    assert first.phone_rows[1].note.text() == "女儿 张丽"
    assert first.address.text() == "城南街道幸福里12号"
    assert [a.name.text() for a in second.agent_rows] == ["王律师"]
    assert second.agent_rows[0].authority.currentData() is AgentAuthority.SPECIAL
    assert org.kind.currentData() is PartyKind.ORGANISATION
    assert org.credit_code.text() == "91350100M000100Y43" and org.boxes["credit_code"].isVisibleTo(
        org
    )
    assert [r.name.text() for r in view.participant_rows] == ["赵大妈"]
    assert view.info.facts.toPlainText() == detail.facts
    assert view.info.dispute_type.currentData(Qt.ItemDataRole.UserRole) == "neighbour"
    assert view.routing.isHidden() and view.new_button.isHidden()
    assert not view.is_dirty()
    assert view.draft().parties[1].party_id == detail.parties[1].id


def test_saving_updates_the_case_window_and_history(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    view = dialog.view
    view.party_editors[0].name.setText("张叁")
    view.party_editors[0].phone_rows[0].number.setText("13912345678")
    view.info.requests.setPlainText("请求赔偿修缮费用。")
    view.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.ops.shown.messages == []
    assert window.correction_dialog is None or not window.correction_dialog.isVisible()
    assert window.detail.parties[0].name == "张叁"  # the window read the change
    entry = run(ctx.ops.db, case_history, case_id)[-1]
    assert entry.action == "correct"
    fields = {f["label"]: (f["old"], f["new"]) for f in entry.changes["fields"]}
    assert fields["申请人张三 电话1"] == ("138****5678（本人）", "139****5678（本人）")
    history = window.history_table
    assert history is not None
    last = history.rowCount() - 1
    assert history.item(last, 2).text() == "更正登记"
    assert (
        history.item(last, 3).text()
        == "更正登记信息：请求事项、申请人张三 姓名或名称、申请人张三 电话1"
    )
    tip = history.item(last, 3).toolTip()
    assert "申请人张三 姓名或名称：张三 → 张叁" in tip
    assert "请求事项：请求被申请人赔偿修缮费用并改正排水管走向。 → 请求赔偿修缮费用。" in tip


def test_errors_show_beside_fields_and_keep_what_was_typed(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    view = dialog.view
    first = view.party_editors[0]
    first.id_number.setText("110105194912310021")  # bad check character
    view.info.facts.setPlainText("")
    view.save()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    id_message = first.boxes["id_number"].message
    assert id_message.isVisibleTo(first) and id_message.text().startswith("✖")
    assert view.info.boxes["facts"].message.text() == "✖ 请填写纠纷主要事实"
    assert first.id_number.text() == "110105194912310021"  # kept
    assert ctx.ops.shown.messages == []
    assert run(ctx.ops.db, get_case, case_id).parties[0].id_number == "11010519491231002X"


def test_reason_is_asked_when_documents_exist(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    _add_document(ctx, case_id)
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    view = dialog.view
    assert "已生成 1 份文书" in view.reason_box.caption.text()
    view.party_editors[1].name.setText("李肆")
    view.save()
    assert "原因" in view.reason_box.message.text() and view.reason_box.message.isVisibleTo(view)
    assert view.party_editors[1].name.text() == "李肆"
    view.reason.setText("被申请人姓名登记错误")
    view.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = run(ctx.ops.db, list_generated, case_id)
    assert rows[0].stale and rows[0].stale_reason == "被申请人姓名登记错误"
    panel = window.documents_panel
    index = panel.model.index(0, Column.VERSION)
    assert index.data() == "第1版 · 已过期"
    assert "被申请人姓名登记错误" in index.data(Qt.ItemDataRole.ToolTipRole)
    kinds = [panel.kinds.item(i).text() for i in range(panel.kinds.count())]
    assert "人民调解受理登记表（已过期，请重新生成）" in kinds


def test_nothing_changed_says_so(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    dialog.view.save()
    assert dialog.view.status.text() == "登记信息没有任何改动，无需保存。"
    assert dialog.isVisible()
    assert [h.action for h in run(ctx.ops.db, case_history, case_id)] == ["register"]


def test_escape_asks_before_discarding(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    dialog.view.info.facts.setPlainText("改了一半")
    asked: list[str] = []
    dialog.view._ask = lambda title, text: asked.append(text) or False  # type: ignore[method-assign]
    dialog.reject()
    assert asked and dialog.isVisible()
    dialog.view._ask = lambda title, text: True  # type: ignore[method-assign]
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert "改了一半" not in run(ctx.ops.db, get_case, case_id).facts


def test_not_offered_for_a_case_whose_mediation_ended(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    ctx.ops.run(None, lambda uow: move_case(uow, case_id=case_id, event=CaseEvent.WITHDRAW))
    assert window.detail.status is CaseStatus.WITHDRAWN  # the window read the change
    assert not window.correct_button.isEnabled()
    assert "恢复调解" in window.correct_button.toolTip()


def test_printing_an_expired_document_asks_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    pdf = _tiny_pdf()
    preview = PrintPreviewDialog(
        pdf, "受理登记表 第1版", stale_note="已过期：2026-03-02修改了登记信息"
    )
    qtbot.addWidget(preview)
    assert preview.stale_label.isVisibleTo(preview)
    asked: list[bool] = []
    preview.confirm_stale = lambda: asked.append(True) or False  # type: ignore[method-assign]
    preview.print_button.click()
    assert asked == [True]  # refused: nothing else happens (no printer dialog)
    fresh = PrintPreviewDialog(pdf, "受理登记表 第2版")
    qtbot.addWidget(fresh)
    assert not fresh.stale_label.isVisibleTo(fresh)


def _tiny_pdf() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "x")
    painter.end()
    buffer.close()
    return bytes(data.data())


def test_history_entry_is_masked(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    dialog.view.party_editors[0].id_number.setText("110101199003070011")
    dialog.view.party_editors[0].birth_date.setText("")
    dialog.view.party_editors[0].gender.setCurrentIndex(0)
    dialog.view.save()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.view.status.text()
    raw = json.dumps(run(ctx.ops.db, case_history, case_id)[-1].changes, ensure_ascii=False)
    assert "110101199003070011" not in raw and "110101********0011" in raw


def test_case_list_shows_the_corrected_name(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    from ui.models.case_table_model import Column as ListColumn
    from ui.views.case_list_view import CaseListView

    listing = CaseListView(ctx)
    qtbot.addWidget(listing)
    listing.set_query("")
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    dialog.view.party_editors[0].name.setText("张叁")
    dialog.view.save()
    applicants = [
        listing.model.index(r, ListColumn.APPLICANTS).data()
        for r in range(listing.model.rowCount())
    ]
    assert applicants == ["张叁"]  # the list read again when the change reached it


def test_new_repeat_visit_after_an_id_change_can_be_linked(
    qtbot, ctx, case_id, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    earlier = two_party_draft(
        sqlite_centre.street_unit_id,
        applicant="张三",
        applicant_id="110101199003070011",
        applicant_phone="13600000009",
        respondent="周一",
        respondent_phone="0575-88000000",
    )
    earlier_id = run(ctx.ops.db, register_case, earlier, actor=ctx.ops.actor).id
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    view = dialog.view
    first = view.party_editors[0]
    first.id_number.setText("110101199003070011")
    first.birth_date.setText("")
    first.gender.setCurrentIndex(0)
    view.save()
    assert dialog.isVisible()  # saved, and open so the clerk can link what was found
    assert run(ctx.ops.db, get_case, case_id).parties[0].id_number == "110101199003070011"
    assert "其他案件 1 件" in view.status.text()
    item = view.repeats.list.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == earlier_id
    item.setCheckState(Qt.CheckState.Checked)
    view.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [link.case_id for link in run(ctx.ops.db, get_case, case_id).links] == [earlier_id]


def test_stale_rows_pass_the_model_tester(qtmodeltester, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.corrections import correct_case, draft_for_correction
    from ui.models.generated_documents_model import GeneratedDocumentsModel

    _add_document(ctx, case_id)
    draft = run(ctx.ops.db, draft_for_correction, case_id)
    draft.facts += "补充。"
    run(ctx.ops.db, correct_case, case_id, draft, "补充事实", actor=ctx.ops.actor)
    model = GeneratedDocumentsModel()
    model.set_rows(run(ctx.ops.db, list_generated, case_id))
    qtmodeltester.check(model)
    assert model.index(0, Column.KIND).data(Qt.ItemDataRole.ForegroundRole) is not None


def _clerk_case(ctx, sqlite_centre) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.parties[1].agents.append(
        AgentDraft(name="王律师", relation="律师", id_number="110101199003070011")
    )
    case_id = run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor).id
    numbers = [draft.parties[0].id_number, "110101199003070011"]  # the applicant's, the agent's
    assert all(numbers)
    clerk = replace(ctx.ops.actor, roles=frozenset({Role.CLERK}), mediator_id=None)
    ctx.ops.set_actor(clerk)
    return case_id, numbers


def test_a_clerk_corrects_with_id_numbers_masked_and_they_are_kept(  # type: ignore[no-untyped-def]
    qtbot, ctx, sqlite_centre
) -> None:
    """REGISTER without 查看完整证件号码: the form never holds a full number in a field, offers
    no 显示, and saving another change keeps the stored numbers."""
    case_id, numbers = _clerk_case(ctx, sqlite_centre)
    window = _window(qtbot, ctx, case_id)
    dialog = _open_correction(window)
    view = dialog.view
    texts = {e.text() for e in view.findChildren(QLineEdit)}
    assert not any(n in texts for n in numbers)
    first, second = view.party_editors
    assert first.id_number.text() == mask_id_number(numbers[0])
    assert second.agent_rows[0].id_number.text() == mask_id_number(numbers[1])
    assert "显示" not in first.boxes["id_number"].caption.text()
    assert not view.is_dirty()
    view.info.requests.setPlainText("请求赔偿修缮费用。")
    view.save()
    assert ctx.ops.shown.messages == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    detail = run(ctx.ops.db, get_case, case_id)
    assert detail.parties[0].id_number == numbers[0]
    assert detail.parties[1].agents[0].id_number == numbers[1]
    fields = run(ctx.ops.db, case_history, case_id)[-1].changes["fields"]
    assert [f["label"] for f in fields] == ["请求事项"]


def test_revealing_an_id_in_the_correction_form_is_recorded(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, case_id)
    view = _open_correction(window).view
    first = view.party_editors[0]
    number = run(ctx.ops.db, get_case, case_id).parties[0].id_number
    caption = first.boxes["id_number"].caption
    assert "显示" in caption.text()
    caption.linkActivated.emit("reveal")
    assert first.id_number.text() == number
    assert "显示" not in caption.text()
    assert not view.is_dirty()  # seeing the number is not an edit
    entry = run(ctx.ops.db, case_history, case_id)[-1]
    assert entry.action == "reveal_id" and "张三" in entry.summary
