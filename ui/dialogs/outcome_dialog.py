"""End mediation without agreement (终止调解 with its ground, 撤回), or take an ended case up
again (恢复调解, with why). The core checks and records it; a refusal shows in the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.outcomes import EndAction, TerminationReason, refusal
from mediation_desk.errors import DeskError
from ui.widgets.clause_editor import date_edit, pydate
from ui.widgets.field_box import ERROR_STYLE

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from ui.context import AppContext


def offered_actions(case: CaseDetail) -> list[EndAction]:
    """The actions the case's status allows, in the order the dialog offers them."""
    return [a for a in EndAction if not refusal(case.status, a)]


class OutcomeDialog(QDialog):
    """``result_detail`` holds the case as saved once the dialog is accepted."""

    def __init__(self, ctx: AppContext, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case.id
        self.result_detail: CaseDetail | None = None
        self.setMinimumWidth(480)
        actions = offered_actions(case)
        reopening = actions == [EndAction.REOPEN]
        self.setWindowTitle(
            (self.tr("恢复调解 — {0}") if reopening else self.tr("结束调解 — {0}")).format(
                case.number
            )
        )
        self.choices = QButtonGroup(self)
        self.buttons_by_action: dict[EndAction, QRadioButton] = {}
        for action in actions:
            button = QRadioButton(action.label, self)
            self.choices.addButton(button)
            self.buttons_by_action[action] = button
        self.reason = QComboBox(self)
        for r in TerminationReason:
            self.reason.addItem(r.label, r.value)
        self.reason_label = QLabel(self.tr("终止原因"), self)
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.on = date_edit(self, ctx.ops.today())
        self.on_label = QLabel(self.tr("日期"), self)

        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.tr("说明"), self.note)
        form.addRow(self.on_label, self.on)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for button in self.buttons_by_action.values():
            layout.addWidget(button)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        if actions:
            self.buttons_by_action[actions[0]].setChecked(True)
        self.ok_button.setEnabled(bool(actions))
        self.choices.buttonToggled.connect(self._on_choice_toggled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_choice_toggled()

    def action(self) -> EndAction | None:
        return next((a for a, b in self.buttons_by_action.items() if b.isChecked()), None)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    @Slot()
    def _on_choice_toggled(self, *_args: object) -> None:
        action = self.action()
        terminating = action is EndAction.TERMINATE
        self.reason.setVisible(terminating)
        self.reason_label.setVisible(terminating)
        dated = action is not EndAction.REOPEN
        self.on.setVisible(dated)
        self.on_label.setVisible(dated)
        self.note.setPlaceholderText(
            self.tr("恢复调解的原因（必填，记入案件历史）")
            if action is EndAction.REOPEN
            else self.tr("具体情况（原因为“其他”时必填；终止调解告知书中写明）")
            if terminating
            else self.tr("撤回的情况（可不填）")
        )
        self.show_error("")

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.outcomes import end_mediation

        action = self.action()
        if action is None:
            return
        case_id, note, on = self.case_id, self.note.toPlainText(), pydate(self.on.date())
        terminating = action is EndAction.TERMINATE
        reason = TerminationReason(self.reason.currentData()) if terminating else None
        self.ctx.ops.run(
            self,
            lambda uow: end_mediation(
                uow,
                case_id=case_id,
                action=action,
                reason=reason,
                note=note,
                on=on if action is not EndAction.REOPEN else None,
            ),
            on_success=self._on_saved,
            on_failure=self._on_refused,
            busy=self.tr("正在保存…"),
            disable=[self.ok_button],
        )

    def _on_saved(self, detail: CaseDetail) -> None:
        self.result_detail = detail
        self.accept()

    def _on_refused(self, error: DeskError) -> bool:
        self.show_error(error.message)  # in the dialog, which stays open
        return True
