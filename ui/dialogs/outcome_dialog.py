"""Move a case by hand along ``domain.case_flow``: end mediation without agreement (终止调解
with its ground, 撤回), hand it on (移送法院立案, 转有关部门, 速裁结案), close it (结案), or
undo an ending or a closing with why. The dialog offers only what the case's status allows;
the core checks and records it, and a refusal shows in the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_flow import CaseEvent, event_label, offered
from mediation_desk.domain.confirmation_rules import COURT_SOURCES
from mediation_desk.domain.outcomes import (
    DEPARTMENT_TARGETS,
    NAMES_RECEIVER,
    NEEDS_REASON,
    TerminationReason,
)
from mediation_desk.domain.report_fields import PREVENTION_EVENTS
from ui.dialogs.saving_dialog import SavingDialog
from ui.widgets.clause_editor import date_edit, pydate
from ui.widgets.prevention_box import PreventionBox

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from ui.context import AppContext


def offered_actions(case: CaseDetail) -> list[CaseEvent]:
    """The moves the case's status allows, in the order the dialog offers them."""
    return offered(case.status)


def dialog_title(actions: list[CaseEvent]) -> str:
    """What the button and the dialog are called for these moves."""
    if actions == [CaseEvent.REOPEN_CLOSED]:
        return "撤销结案"
    if CaseEvent.TERMINATE in actions:
        return "结束调解"
    return "后续处理"


#: What the note box asks for, by move.
NOTE_HINTS = {
    CaseEvent.TERMINATE: "具体情况（原因为“其他”时必填；终止调解告知书中写明）",
    CaseEvent.WITHDRAW: "撤回的情况（可不填）",
    CaseEvent.REFER_COURT: "移送的情况，如已告知当事人向法院起诉（可不填）",
    CaseEvent.REFER_DEPARTMENT: "转交的事项和情况（可不填）",
    CaseEvent.FAST_TRACK: "速裁案号或审结情况（可不填）",
    CaseEvent.CLOSE: "结案说明（可不填）",
    CaseEvent.REOPEN: "恢复调解的原因（必填，记入案件历史）",
    CaseEvent.REOPEN_CLOSED: "撤销结案的原因（必填，记入案件历史）",
}


class OutcomeDialog(SavingDialog):
    """``result_detail`` holds the case as saved once the dialog is accepted."""

    def __init__(self, ctx: AppContext, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx, self.case_id = ctx, case.id
        self.result_detail: CaseDetail | None = None
        self.setMinimumWidth(480)
        actions = offered_actions(case)
        self.court_referred = case.source in COURT_SOURCES
        self.referring_body = case.referring_body
        self.setWindowTitle(f"{dialog_title(actions)} — {case.number}")
        self.choices = QButtonGroup(self)
        self.buttons_by_action: dict[CaseEvent, QRadioButton] = {}
        for action in actions:
            button = QRadioButton(event_label(action, case.source), self)
            self.choices.addButton(button)
            self.buttons_by_action[action] = button
        self.reason = QComboBox(self)
        for r in TerminationReason:
            self.reason.addItem(r.label, r.value)
        self.reason_label = QLabel(self.tr("终止原因"), self)
        self.department = QComboBox(self)
        for t in DEPARTMENT_TARGETS:
            self.department.addItem(t.label, t.value)
        self.department_label = QLabel(self.tr("部门类别"), self)
        self.receiver = QLineEdit(self)
        self.receiver_label = QLabel(self.tr("接收单位"), self)
        self.materials = QPlainTextEdit(self)
        self.materials.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.materials.setPlainText(case.returned_materials)
        self.materials.setPlaceholderText(self.tr("退回法院的材料，每行一项，如：起诉状副本"))
        self.materials_label = QLabel(self.tr("退回材料"), self)
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.on = date_edit(self, ctx.ops.today())
        self.on_label = QLabel(self.tr("日期"), self)
        self.prevention = PreventionBox(self)  # recorded when the case ends (issue 12)
        self.prevention.set_flags(case.prevention)

        form = QFormLayout()
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.department_label, self.department)
        form.addRow(self.receiver_label, self.receiver)
        form.addRow(self.tr("说明"), self.note)
        form.addRow(self.materials_label, self.materials)
        form.addRow(self.on_label, self.on)
        layout = QVBoxLayout(self)
        for button in self.buttons_by_action.values():
            layout.addWidget(button)
        layout.addLayout(form)
        layout.addWidget(self.prevention)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if actions:
            self.buttons_by_action[actions[0]].setChecked(True)
        self.ok_button.setEnabled(bool(actions))
        self.choices.buttonToggled.connect(self._on_choice_toggled)
        self._on_choice_toggled()

    def action(self) -> CaseEvent | None:
        return next((a for a, b in self.buttons_by_action.items() if b.isChecked()), None)

    @Slot()
    def _on_choice_toggled(self, *_args: object) -> None:
        action = self.action()
        shown = {
            (self.reason, self.reason_label): action is CaseEvent.TERMINATE,
            (self.department, self.department_label): action is CaseEvent.REFER_DEPARTMENT,
            (self.receiver, self.receiver_label): action in NAMES_RECEIVER,
            (self.on, self.on_label): action not in NEEDS_REASON,
            (self.materials, self.materials_label): self.court_referred
            and action not in NEEDS_REASON,
        }
        for widgets, visible in shown.items():
            for w in widgets:
                w.setVisible(visible)
        self.prevention.setVisible(action in PREVENTION_EVENTS)
        to_court = action in (CaseEvent.REFER_COURT, CaseEvent.FAST_TRACK)
        if to_court and self.court_referred and not self.receiver.text().strip():
            self.receiver.setText(self.referring_body)
        self.receiver.setPlaceholderText(
            self.tr("接收的部门或机构全称")
            if action is CaseEvent.REFER_DEPARTMENT
            else self.tr("人民法院全称")
        )
        self.note.setPlaceholderText(NOTE_HINTS.get(action, "") if action else "")
        self.show_error("")

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.domain.enums import ReferralTarget
        from mediation_desk.services.case_flow import move_case

        action = self.action()
        if action is None:
            return
        case_id, note, on = self.case_id, self.note.toPlainText(), pydate(self.on.date())
        reason = (
            TerminationReason(self.reason.currentData()) if action is CaseEvent.TERMINATE else None
        )
        refer_to = (
            ReferralTarget(self.department.currentData())
            if action is CaseEvent.REFER_DEPARTMENT
            else None
        )
        receiver = self.receiver.text() if action in NAMES_RECEIVER else ""
        keeps_materials = self.court_referred and action not in NEEDS_REASON
        materials = self.materials.toPlainText() if keeps_materials else None
        prevention = self.prevention.flags() if action in PREVENTION_EVENTS else None
        self.ctx.ops.run(
            self,
            lambda uow: move_case(
                uow,
                case_id=case_id,
                event=action,
                reason=reason,
                note=note,
                receiver=receiver,
                refer_to=refer_to,
                returned_materials=materials,
                on=on if action not in NEEDS_REASON else None,
                prevention=prevention,
            ),
            on_success=self._on_saved,
            on_failure=self._on_refused,
            busy=self.tr("正在保存…"),
            disable=[self.ok_button],
        )

    def _on_saved(self, detail: CaseDetail) -> None:
        self.result_detail = detail
        self.accept()
