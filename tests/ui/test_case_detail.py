"""The case detail dialog and the routing dialog (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QGroupBox, QLabel

from mediation_desk.domain.drafts import AgentDraft, ParticipantDraft, PhoneDraft
from mediation_desk.domain.enums import (
    AgentAuthority,
    CaseStatus,
    PhoneLabel,
    ReferralTarget,
)
from mediation_desk.services.cases import get_case, link_cases
from mediation_desk.services.history import case_history
from mediation_desk.services.intake import register_case
from tests.desk import run
from tests.factories import VALID_ID, organisation, two_party_draft
from ui.dialogs.case_detail_dialog import CaseDetailDialog
from ui.dialogs.routing_dialog import RoutingDialog

MASKED_ID = "110105********002X"


@pytest.fixture
def case_id(ctx, sqlite_centre) -> int:  # type: ignore[no-untyped-def]
    """张三 against 李四 and a company with an agent; one participant; at the street committee."""
    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.parties[0].phones.append(PhoneDraft("13911112222", PhoneLabel.RELATIVE, "女儿 张丽"))
    draft.parties[0].address = "城南街道幸福里12号"
    draft.parties[1].agents.append(
        AgentDraft(
            name="王律师",
            relation="律师",
            authority=AgentAuthority.SPECIAL,
            authority_note="代为承认、放弃、变更调解请求",
            phone="13555556666",
        )
    )
    draft.parties.append(organisation())
    draft.participants.append(ParticipantDraft(name="赵大妈", relation="邻居", note="目击者"))
    return run(ctx.ops.db, register_case, draft, actor=ctx.ops.actor).id


def _labels(widget) -> str:  # type: ignore[no-untyped-def]
    """Every label and group title the dialog shows, one per line."""
    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [box.title() for box in widget.findChildren(QGroupBox)]
    return "\n".join(texts)


def _dialog(qtbot, ctx, case_id: int) -> CaseDetailDialog:  # type: ignore[no-untyped-def]
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_detail_shows_case_and_parties(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    number = run(ctx.ops.db, get_case, case_id).number
    dialog = _dialog(qtbot, ctx, case_id)
    assert dialog.windowTitle() == f"案件详情 — {number}"
    assert [dialog.tabs.tabText(i) for i in range(10)] == [
        "基本信息",
        "当事人",
        "关联与历史",
        "调解场次（0）",
        "调查记录（0）",
        "督办（0）",
        "履行",
        "回访（0）",
        "协议与文书",
        "卷宗",
    ]
    text = _labels(dialog)
    for expected in (
        number,
        "已受理",
        "城南街道人民调解委员会",
        "邻里",
        "申请人：张三（自然人）",
        "被申请人：李四（自然人）",
        "绍兴市恒达物业服务有限公司",
        "91350100M000100Y43",
        "陈立（法定代表人）",
        "王律师（律师）",
        "特别授权",
        "赵大妈",
        "女儿 张丽",
        "13812345678",
        "城南街道幸福里12号",
        "1949-12-31",
        "女",
    ):
        assert expected in text, expected


def test_id_masked_until_shown(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx, case_id)
    dialog.tabs.setCurrentIndex(1)
    assert VALID_ID not in _labels(dialog)
    field = next(f for f in dialog.id_fields if f.number)
    assert field.label.text() == MASKED_ID
    assert field.button.text() == "显示"
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.label.text() == VALID_ID)  # once the view is recorded
    assert field.button.text() == "隐藏"
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert field.label.text() == MASKED_ID


def test_showing_a_full_id_is_audited(qtbot, ctx, case_id, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.services.audit import REVEAL_ID, AuditFilter, search_audit
    from tests.desk import every_role, run

    dialog = _dialog(qtbot, ctx, case_id)
    dialog.tabs.setCurrentIndex(1)
    field = next(f for f in dialog.id_fields if f.number)
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.label.text() == VALID_ID)
    rows = run(
        sqlite_db, search_audit, AuditFilter(action=REVEAL_ID), actor=every_role(sqlite_db)
    ).rows
    assert [(r.summary, r.operator_name) for r in rows] == [
        (f"查看{field.whose}的完整证件号码", "测试员")
    ]
    assert VALID_ID not in rows[0].summary


def test_history_tab_lists_registration(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx, case_id)
    table = dialog.history_table
    assert table.rowCount() == 1
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == [
        "时间",
        "操作员",
        "操作",
        "摘要",
    ]
    assert table.item(0, 1).text() == "测试员"
    assert table.item(0, 2).text() == "登记"


def test_linked_case_opens_on_double_click(qtbot, ctx, case_id, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    other = run(
        ctx.ops.db,
        register_case,
        two_party_draft(
            sqlite_centre.desk_id,
            applicant="孙八",
            respondent="周九",
            applicant_id="",
            applicant_phone="13600003333",
            respondent_phone="",
        ),
        actor=ctx.ops.actor,
    ).id
    run(ctx.ops.db, link_cases, case_id=case_id, other_case_id=other, actor=ctx.ops.actor)
    dialog = _dialog(qtbot, ctx, case_id)
    dialog.tabs.setCurrentIndex(2)
    table = dialog.links_table
    assert table.item(0, 1).text() == "关联案件"
    pos = table.visualItemRect(table.item(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert len(dialog.linked_dialogs) == 1
    opened = dialog.linked_dialogs[0]
    assert opened.case_id == other
    assert "孙八" in _labels(opened)


def test_escape_closes(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx, case_id)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_route_to_traffic_unit(qtbot, ctx, case_id, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx, case_id)
    qtbot.mouseClick(dialog.route_button, Qt.MouseButton.LeftButton)
    routing = dialog.routing_dialog
    assert isinstance(routing, RoutingDialog) and routing.isVisible()
    assert routing.to_unit.isChecked()
    assert routing.unit.currentText() == "城南街道人民调解委员会"  # the case's unit, preselected
    assert routing.mediator.currentText() == "（暂不指定）"
    assert routing.mediator.itemText(1) == "周建国（人民调解员）"  # the street unit's mediator
    routing.select_unit(sqlite_centre.traffic_unit_id)
    assert [routing.mediator.itemText(i) for i in range(routing.mediator.count())] == [
        "（暂不指定）"
    ]
    with qtbot.waitSignal(ctx.ops.changed, timeout=1000) as saved:
        qtbot.mouseClick(routing.ok_button, Qt.MouseButton.LeftButton)
    changes, initiator = saved.args
    assert changes.cases == {case_id} and initiator is routing
    assert routing.result_detail is not None
    assert routing.result_detail.unit_name == "交通事故纠纷人民调解委员会"
    assert "交通事故纠纷人民调解委员会" in _labels(dialog)
    summaries = [
        dialog.history_table.item(r, 3).text() for r in range(dialog.history_table.rowCount())
    ]
    assert summaries[-1] == "分流至交通事故纠纷人民调解委员会"
    assert run(ctx.ops.db, get_case, case_id).unit_id == sqlite_centre.traffic_unit_id


def test_refer_out_without_body_shows_error_inline(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    before = run(ctx.ops.db, get_case, case_id)
    routing = RoutingDialog(ctx, case_id)
    qtbot.addWidget(routing)
    routing.show()
    routing.refer_out.setChecked(True)
    assert routing.refer_box.isEnabled() and not routing.unit_box.isEnabled()
    routing.refer_target.setCurrentIndex(routing.refer_target.findData("court_filing"))
    with qtbot.assertNotEmitted(routing.accepted):
        qtbot.mouseClick(routing.ok_button, Qt.MouseButton.LeftButton)
    assert routing.isVisible()
    assert routing.error.isVisible()
    assert routing.error.text() == "请填写移送的具体单位"
    assert routing.result_detail is None
    assert run(ctx.ops.db, get_case, case_id) == before
    assert len(run(ctx.ops.db, case_history, case_id)) == 1
    # typing clears the message; a complete referral then succeeds
    qtbot.keyClicks(routing.refer_body, "x")
    assert not routing.error.isVisible()
    routing.refer_body.setText("城南区人民法院立案庭")
    with qtbot.waitSignal(routing.accepted, timeout=1000):
        qtbot.mouseClick(routing.ok_button, Qt.MouseButton.LeftButton)
    detail = routing.result_detail
    assert detail is not None and detail.status is CaseStatus.REFERRED_OUT
    assert detail.refer_to is ReferralTarget.COURT_FILING
    assert detail.refer_body == "城南区人民法院立案庭"


def test_referred_case_shows_destination(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    routing = RoutingDialog(ctx, case_id)
    qtbot.addWidget(routing)
    routing.refer_out.setChecked(True)
    routing.refer_body.setText("城南区人民法院立案庭")
    routing.refer_note.setPlainText("当事人同意起诉")
    qtbot.mouseClick(routing.ok_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, ctx, case_id)
    text = _labels(dialog)
    assert "已移送" in text and "城南区人民法院立案庭" in text and "当事人同意起诉" in text
    again = RoutingDialog(ctx, case_id)  # a referred case reopens on its referral
    qtbot.addWidget(again)
    assert again.refer_out.isChecked()
    assert again.refer_body.text() == "城南区人民法院立案庭"


def test_book_button_opens_the_booking_dialog(qtbot, ctx, case_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs import booking_dialog

    opened = []
    monkeypatch.setattr(
        booking_dialog.BookingDialog, "exec", lambda self: opened.append(self.case_id) or 0
    )
    dialog = CaseDetailDialog(ctx, case_id)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert opened == [case_id]


def test_a_signature_recorded_anywhere_updates_the_open_window(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """The stale 调解成功 badge: the last signature makes the case 调解成功, and every open
    window of the case says so at once, whoever recorded it."""
    from mediation_desk.domain.agreements import SignerRole
    from mediation_desk.services.agreements import record_signature, save_agreement
    from tests.documents.sample import EFFECTIVE, register_sample_case, sample_agreement

    case_id = register_sample_case(ctx.ops.db, sqlite_centre)
    ids = [p.id for p in run(ctx.ops.db, get_case, case_id).parties]
    run(
        ctx.ops.db,
        save_agreement,
        case_id=case_id,
        draft=sample_agreement(ids),
        actor=ctx.ops.actor,
    )
    for pid in ids:
        run(
            ctx.ops.db,
            record_signature,
            case_id=case_id,
            role=SignerRole.PARTY,
            party_id=pid,
            signed_on=EFFECTIVE,
            actor=ctx.ops.actor,
        )
    run(
        ctx.ops.db,
        record_signature,
        case_id=case_id,
        role=SignerRole.MEDIATOR,
        signed_on=EFFECTIVE,
        actor=ctx.ops.actor,
    )
    dialog = _dialog(qtbot, ctx, case_id)
    second = _dialog(qtbot, ctx, case_id)  # the same case open twice (another window)
    assert dialog.badge.text().startswith("已受理")
    # the seal, recorded in the first window's signature panel: the last one needed
    panel = dialog.agreement_editor.signatures
    _role, _pid, date, button, _state = next(r for r in panel.rows if r[0] is SignerRole.SEAL)
    date.setDate(QDate(EFFECTIVE.year, EFFECTIVE.month, EFFECTIVE.day))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.badge.text().startswith("调解成功")
    assert second.badge.text().startswith("调解成功")
    assert "调解成功" in _labels(dialog)
    summaries = [
        dialog.history_table.item(r, 3).text() for r in range(dialog.history_table.rowCount())
    ]
    # the status change, then the visits it plans (回访)
    assert summaries[-2].startswith("调解成功：调解协议于")
    assert summaries[-1].startswith("自动安排回访：")


def test_unrelated_changes_do_not_reload_the_window(qtbot, ctx, case_id) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.changes import Changes

    dialog = _dialog(qtbot, ctx, case_id)
    table = dialog.history_table
    ctx.ops.changed.emit(
        Changes(sessions=frozenset({99}), touched_cases=frozenset({case_id + 1})), None
    )
    assert dialog.history_table is table  # not rebuilt
    ctx.ops.changed.emit(
        Changes(cases=frozenset({case_id}), touched_cases=frozenset({case_id})), None
    )
    assert dialog.history_table is not table


def test_opening_the_window_with_every_tab_takes_at_most_16_statements(
    qtbot, ctx, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    """One read for the whole window, a fixed number of statements however much the case holds
    (fails when it grows). 16 since the 履行 and 回访 tabs (one query each on a case whose
    agreement took effect)."""
    from PySide6.QtWidgets import QTabWidget

    from tests.documents.sample import full_case
    from tests.statements import counting

    case_id = full_case(ctx.ops.db, sqlite_centre)
    with counting(ctx.ops.db.engine) as count:
        dialog = _dialog(qtbot, ctx, case_id)
        for tabs in [dialog.tabs, *dialog.tabs.findChildren(QTabWidget)]:
            for i in range(tabs.count() - (tabs is dialog.tabs)):  # 卷宗 reads on its own
                tabs.setCurrentIndex(i)
                qtbot.wait(1)
    assert count.statements <= 16, count
    assert count.transactions == 1


def test_a_signature_is_undone_in_the_window_with_a_reason(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """The dead end "请先撤销签名" with no way to do it: each signed row has 撤销."""
    from mediation_desk.domain.agreements import SignerRole
    from tests.documents.sample import full_case

    case_id = full_case(ctx.ops.db, sqlite_centre, signed=True)
    dialog = _dialog(qtbot, ctx, case_id)
    editor = dialog.agreement_editor
    panel = editor.signatures
    assert dialog.badge.text().startswith("调解成功") and not editor.save_button.isEnabled()
    seal = panel.undo_buttons[(SignerRole.SEAL, None)]
    assert seal.isEnabled()
    panel.ask_reason = lambda signer: None  # cancelled: nothing happens
    qtbot.mouseClick(seal, Qt.MouseButton.LeftButton)
    assert dialog.badge.text().startswith("调解成功")
    panel.ask_reason = lambda signer: "盖章日期记错"
    qtbot.mouseClick(seal, Qt.MouseButton.LeftButton)
    assert dialog.badge.text().startswith("调解中")
    assert not seal.isEnabled()
    summaries = [
        dialog.history_table.item(r, 3).text() for r in range(dialog.history_table.rowCount())
    ]
    assert any(s.endswith("：盖章日期记错") for s in summaries)
    # every signature undone: the agreement can be corrected again
    panel.ask_reason = lambda signer: "重新签署"
    for button in panel.undo_buttons.values():
        if button.isEnabled():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.save_button.isEnabled()


def test_mediation_is_terminated_with_its_ground_and_resumed_from_the_window(
    qtbot, ctx, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.case_flow import CaseEvent
    from mediation_desk.domain.enums import CaseStatus
    from mediation_desk.domain.outcomes import TerminationReason
    from tests.documents.sample import register_sample_case
    from ui.dialogs.outcome_dialog import OutcomeDialog

    case_id = register_sample_case(ctx.ops.db, sqlite_centre)
    window = _dialog(qtbot, ctx, case_id)
    assert window.outcome_button.text() == "结束调解…" and window.outcome_button.isEnabled()
    dialog = OutcomeDialog(ctx, window.detail, window)
    qtbot.addWidget(dialog)
    assert set(dialog.buttons_by_action) == {
        CaseEvent.TERMINATE,
        CaseEvent.WITHDRAW,
        CaseEvent.REFER_COURT,
        CaseEvent.REFER_DEPARTMENT,
        CaseEvent.FAST_TRACK,
    }
    assert dialog.materials.isHidden()  # a walk-in case hands nothing back to a court
    dialog.reason.setCurrentIndex(dialog.reason.findData(TerminationReason.OTHER.value))
    dialog.buttons.accepted.emit()  # "其他" without saying what: refused in the dialog
    assert "具体情况" in dialog.error.text() and dialog.result() == 0
    assert run(ctx.ops.db, get_case, case_id).status is not CaseStatus.FAILED
    dialog.note.setPlainText("申请人已外出务工，无法联系")
    dialog.buttons.accepted.emit()
    assert dialog.result_detail is not None
    assert dialog.result_detail.status is CaseStatus.FAILED
    assert window.badge.text().startswith("调解终止")
    assert window.outcome_button.text() == "后续处理…"
    again = OutcomeDialog(ctx, window.detail, window)
    qtbot.addWidget(again)
    assert list(again.buttons_by_action) == [
        CaseEvent.REFER_COURT,
        CaseEvent.REFER_DEPARTMENT,
        CaseEvent.FAST_TRACK,
        CaseEvent.CLOSE,
        CaseEvent.REOPEN,
    ]
    again.buttons_by_action[CaseEvent.REOPEN].setChecked(True)
    again.note.setPlainText("申请人回来了，双方愿意再谈")
    again.buttons.accepted.emit()
    assert window.badge.text().startswith("调解中")


def test_a_court_referred_case_goes_back_to_its_court_and_is_closed(
    qtbot, ctx, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.domain.case_flow import CaseEvent
    from mediation_desk.domain.enums import CaseSource, CaseStatus
    from mediation_desk.services.intake import register_case
    from tests.factories import two_party_draft
    from ui.dialogs.outcome_dialog import OutcomeDialog

    draft = two_party_draft(sqlite_centre.street_unit_id)
    draft.source, draft.referring_body = CaseSource.COURT_PRE_FILING, "城南区人民法院"
    case_id = run(ctx.ops.db, register_case, draft, actor=sqlite_centre.actor).id
    window = _dialog(qtbot, ctx, case_id)
    dialog = OutcomeDialog(ctx, window.detail, window)
    qtbot.addWidget(dialog)
    dialog.buttons_by_action[CaseEvent.REFER_COURT].setChecked(True)
    assert dialog.receiver.text() == "城南区人民法院"  # the referring court, not typed again
    assert not dialog.materials.isHidden() and dialog.reason.isHidden()
    dialog.materials.setPlainText("起诉状副本\n证据材料")
    dialog.buttons.accepted.emit()
    assert dialog.result_detail is not None
    assert dialog.result_detail.status is CaseStatus.REFERRED_OUT
    assert dialog.result_detail.returned_materials == "起诉状副本\n证据材料"
    closing = OutcomeDialog(ctx, window.detail, window)
    qtbot.addWidget(closing)
    closing.buttons_by_action[CaseEvent.CLOSE].setChecked(True)
    closing.buttons.accepted.emit()
    assert window.badge.text().startswith("已结案")
    assert window.outcome_button.text() == "撤销结案…"
    undo = OutcomeDialog(ctx, window.detail, window)
    qtbot.addWidget(undo)
    assert list(undo.buttons_by_action) == [CaseEvent.REOPEN_CLOSED]
    undo.buttons.accepted.emit()
    assert "撤销结案的原因" in undo.error.text()
