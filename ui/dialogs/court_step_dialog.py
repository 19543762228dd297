"""Record one step of the court's handling of a judicial-confirmation application: the
submission, the court's acceptance or refusal, its ruling.

The core checks the steps and the dates; a refusal shows in the dialog, which stays open with
what was entered. An application after the 30-day period asks for a note before it is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.court_steps import RulingResult
from mediation_desk.errors import DeskError
from ui.dialogs.saving_dialog import SavingDialog

if TYPE_CHECKING:
    from mediation_desk.domain.confirmation_pack import ConfirmationPackView
    from ui.context import AppContext


class CourtStepDialog(SavingDialog):
    """The frame the three steps share: a form, a message line, 登记 / 取消.

    ``saved`` holds the pack as stored once the dialog is accepted."""

    def __init__(
        self, ctx: AppContext, pack: ConfirmationPackView, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, parent, ok_text="登记")
        self.ctx, self.case_id, self.pack = ctx, pack.case_id, pack
        self.saved: ConfirmationPackView | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        today = self.ctx.ops.today()
        edit.setMaximumDate(QDate(today.year, today.month, today.day))
        edit.setDate(QDate(today.year, today.month, today.day))
        return edit

    @staticmethod
    def day(edit: QDateEdit) -> dt.date:
        d = edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def action(self) -> Callable[..., ConfirmationPackView]:
        raise NotImplementedError  # each step says what it records

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.save(
            self.action(),
        )

    def _on_saved(self, pack: ConfirmationPackView) -> None:
        self.saved = pack
        self.accept()


class SubmissionDialog(CourtStepDialog):
    """登记提交: the day the parties handed in the application, the court, its receipt."""

    def __init__(
        self, ctx: AppContext, pack: ConfirmationPackView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, pack, self.tr("登记提交司法确认申请"), parent)
        self.on = self.date_edit()
        self.court = QLineEdit(pack.court.court, self)
        self.court.setPlaceholderText(self.tr("××区人民法院"))
        self.court.setReadOnly(pack.court.rule.code == "inviting_court")  # back to that court
        self.receipt = QLineEdit(self)
        self.receipt.setPlaceholderText(self.tr("法院收件或网上立案编号（如有）"))
        self.late_reason = QPlainTextEdit(self)
        self.late_reason.setPlaceholderText(self.tr("已超过三十日申请期限：请说明仍予登记的理由"))
        self.late_reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3)
        self.form.addRow(self.tr("提交日期"), self.on)
        self.form.addRow(self.tr("受理法院"), self.court)
        self.form.addRow(self.tr("收件编号"), self.receipt)
        self.form.addRow(self.tr("逾期说明"), self.late_reason)
        self.form.setRowVisible(self.late_reason, False)
        if pack.deadline is not None:
            hint = QLabel(self.tr("申请期限：{0}").format(pack.deadline.note), self)
            hint.setWordWrap(True)
            self.form.addRow("", hint)

    def action(self) -> Callable[..., ConfirmationPackView]:
        from mediation_desk.services.court_steps import record_submission

        case_id, on, court = self.case_id, self.day(self.on), self.court.text()
        receipt, late = self.receipt.text(), self.late_reason.toPlainText()
        return lambda uow: record_submission(
            uow, case_id=case_id, on=on, court=court, receipt_no=receipt, late_reason=late
        )

    def _on_refused(self, error: DeskError) -> bool:
        from mediation_desk.services.court_steps import LateSubmission

        if isinstance(error, LateSubmission):
            self.form.setRowVisible(self.late_reason, True)
            self.late_reason.setFocus()
        return super()._on_refused(error)


class AcceptanceDialog(CourtStepDialog):
    """登记受理: the court accepted (its 调确字 case number may come now) or refused, and why."""

    def __init__(
        self, ctx: AppContext, pack: ConfirmationPackView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, pack, self.tr("登记法院受理情况"), parent)
        self.on = self.date_edit()
        self.accept_button = QRadioButton(self.tr("受理"), self)
        self.refuse_button = QRadioButton(self.tr("不予受理"), self)
        self.accept_button.setChecked(True)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.accept_button)
        self.choice.addButton(self.refuse_button)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.refuse_button)
        row.addStretch(1)
        self.number = QLineEdit(pack.court_case_number, self)
        self.number.setPlaceholderText(self.tr("如（2026）浙0602民特12号（可稍后登记）"))
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(self.tr("不予受理的理由（必填），如：不属于本院管辖"))
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3)
        self.form.addRow(self.tr("决定日期"), self.on)
        self.form.addRow(self.tr("法院决定"), row)
        self.form.addRow(self.tr("法院案号"), self.number)
        self.form.addRow(self.tr("理由"), self.reason)

    def action(self) -> Callable[..., ConfirmationPackView]:
        from mediation_desk.services.court_steps import record_acceptance

        case_id, on = self.case_id, self.day(self.on)
        accepted, number = self.accept_button.isChecked(), self.number.text()
        reason = self.reason.toPlainText()
        return lambda uow: record_acceptance(
            uow,
            case_id=case_id,
            on=on,
            accepted=accepted,
            reason=reason,
            court_case_number=number,
        )


#: What a ruling on an accepted application can be (不予受理 is recorded as the acceptance).
RULING_CHOICES = (RulingResult.CONFIRMED, RulingResult.DISMISSED, RulingResult.WITHDRAWN)


class RulingDialog(CourtStepDialog):
    """登记裁定: the court case number, the day, the result and a note (the reason of a
    dismissal)."""

    def __init__(
        self, ctx: AppContext, pack: ConfirmationPackView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, pack, self.tr("登记法院裁定"), parent)
        self.on = self.date_edit()
        self.result_box = QComboBox(self)
        for result in RULING_CHOICES:
            self.result_box.addItem(result.label, result.value)
        self.number = QLineEdit(pack.court_case_number, self)
        self.number.setPlaceholderText(self.tr("如（2026）浙0602民特12号"))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("驳回申请的理由（驳回时必填）或其他说明"))
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3)
        self.form.addRow(self.tr("裁定日期"), self.on)
        self.form.addRow(self.tr("裁定结果"), self.result_box)
        self.form.addRow(self.tr("法院案号"), self.number)
        self.form.addRow(self.tr("说明"), self.note)

    def set_result(self, result: RulingResult) -> None:
        self.result_box.setCurrentIndex(self.result_box.findData(result.value))

    def action(self) -> Callable[..., ConfirmationPackView]:
        from mediation_desk.services.court_steps import record_ruling

        case_id, on, number = self.case_id, self.day(self.on), self.number.text()
        result, note = RulingResult(self.result_box.currentData()), self.note.toPlainText()
        return lambda uow: record_ruling(
            uow, case_id=case_id, court_case_number=number, on=on, result=result, note=note
        )
