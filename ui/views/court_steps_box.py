"""法院办理情况: where the judicial-confirmation application stands at the court, what the court
should do by when, and — after a refusal — what the parties may do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.court_steps import CourtEvent, CourtStep, allowed
from ui.widgets.field_box import ERROR_STYLE

if TYPE_CHECKING:
    from mediation_desk.domain.confirmation_pack import ConfirmationPackView
    from mediation_desk.domain.court_steps import CourtProgress
    from ui.context import AppContext
    from ui.dialogs.court_step_dialog import CourtStepDialog


def step_text(progress: CourtProgress) -> str:
    """``已提交申请，待法院决定是否受理（2026年3月2日向××法院提交，收件编号…）``"""
    r = progress.record
    parts: list[str] = []
    if r.submitted_on is not None:
        parts.append(f"{r.submitted_on:%Y-%m-%d}向{r.court or '人民法院'}提交")
    if r.receipt_number:
        parts.append(f"收件编号 {r.receipt_number}")
    if r.acceptance_on is not None:
        parts.append(f"{r.acceptance_on:%Y-%m-%d}{'受理' if r.accepted else '不予受理'}")
    if r.acceptance_reason:
        parts.append(r.acceptance_reason)
    if r.ruling_on is not None and progress.step is not CourtStep.NOT_ACCEPTED:
        parts.append(f"{r.ruling_on:%Y-%m-%d}裁定")
    if r.court_case_number:
        parts.append(r.court_case_number)
    if r.ruling_note:
        parts.append(r.ruling_note)
    text = progress.step.label
    if progress.late_application:
        text += "（逾期申请）"
    return text + (f"（{'，'.join(parts)}）" if parts else "")


class CourtStepsBox(QWidget):
    """The court's handling of the application, with 登记提交… / 登记受理… / 登记裁定…."""

    #: The pack as stored after a step was recorded.
    pack_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: CourtStepDialog | None = None
        self.step = QLabel(self)
        self.step.setWordWrap(True)
        self.step.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expected = QLabel(self)
        self.expected.setWordWrap(True)
        self.overdue = QLabel(self)
        self.overdue.setWordWrap(True)
        self.overdue.setStyleSheet(ERROR_STYLE)
        self.next_steps = QLabel(self)
        self.next_steps.setWordWrap(True)
        self.next_steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.submit_button = QPushButton(self.tr("登记提交…"), self)
        self.accept_button = QPushButton(self.tr("登记受理…"), self)
        self.ruling_button = QPushButton(self.tr("登记裁定…"), self)
        self.submit_button.clicked.connect(self._on_submit_button_clicked)
        self.accept_button.clicked.connect(self._on_accept_button_clicked)
        self.ruling_button.clicked.connect(self._on_ruling_button_clicked)
        buttons = QHBoxLayout()
        for b in (self.submit_button, self.accept_button, self.ruling_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for w in (self.step, self.expected, self.overdue, self.next_steps):
            layout.addWidget(w)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import court_steps as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.submit_button, guarded(svc.record_submission, P.CONFIRM))
        gate.require(self.accept_button, guarded(svc.record_acceptance, P.CONFIRM))
        gate.require(self.ruling_button, guarded(svc.record_ruling, P.CONFIRM))

    def show_pack(self, pack: ConfirmationPackView) -> None:
        self.pack = pack
        progress = pack.progress
        self.step.setText(self.tr("当前：{0}").format(step_text(progress)))
        expected = progress.expected_text()
        self.expected.setText(expected)
        self.expected.setVisible(bool(expected))
        late = progress.overdue(self.ctx.ops.today())
        self.overdue.setText(late)
        self.overdue.setVisible(bool(late))
        self.next_steps.setText(progress.next_steps)
        self.next_steps.setVisible(bool(progress.next_steps))
        step, never = progress.step, bool(pack.unavailable)
        self.submit_button.setEnabled(not never and allowed(step, CourtEvent.SUBMIT))
        self.accept_button.setEnabled(not never and allowed(step, CourtEvent.ACCEPT))
        # a ruling follows acceptance; withdrawing is possible before it too
        self.ruling_button.setEnabled(not never and allowed(step, CourtEvent.WITHDRAW))
        for b in (self.submit_button, self.accept_button, self.ruling_button):
            b.setToolTip(pack.unavailable)

    def open_step(self, dialog: CourtStepDialog) -> None:
        """Show ``dialog`` (window-modal); the stored pack reaches the panel once saved."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    @Slot(int)
    def _on_dialog_finished(self, code: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and code == QDialog.DialogCode.Accepted and dialog.saved:
            self.pack_saved.emit(dialog.saved)

    @Slot()
    def _on_submit_button_clicked(self) -> None:
        from ui.dialogs.court_step_dialog import SubmissionDialog

        self.open_step(SubmissionDialog(self.ctx, self.pack, self))

    @Slot()
    def _on_accept_button_clicked(self) -> None:
        from ui.dialogs.court_step_dialog import AcceptanceDialog

        self.open_step(AcceptanceDialog(self.ctx, self.pack, self))

    @Slot()
    def _on_ruling_button_clicked(self) -> None:
        from ui.dialogs.court_step_dialog import RulingDialog

        dialog = RulingDialog(self.ctx, self.pack, self)
        if self.pack.progress.step is CourtStep.SUBMITTED:  # not accepted yet: only withdrawal
            from mediation_desk.domain.court_steps import RulingResult

            dialog.set_result(RulingResult.WITHDRAWN)
        self.open_step(dialog)
