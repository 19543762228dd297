"""Extend a case's time limit (延长期限): every party's consent, how many days, and a note.

The core refuses without every party's consent or without a note; a refusal shows in the
dialog, which stays open with what was entered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.time_limits import MAX_EXTENSION_DAYS, header_text
from ui.dialogs.saving_dialog import SavingDialog

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.services.time_limits import ExtensionResult
    from ui.context import AppContext


class ExtensionDialog(SavingDialog):
    """``result`` holds the new due day once the dialog is accepted."""

    def __init__(self, ctx: AppContext, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, ok_text="延长")
        self.ctx, self.case_id = ctx, case.id
        self.result: ExtensionResult | None = None
        self.setWindowTitle(self.tr("延长办理时限 — {0}").format(case.number))
        self.setMinimumWidth(460)
        current = QLabel(self)
        current.setTextFormat(Qt.TextFormat.PlainText)
        current.setText(
            self.tr("现在：{0}").format(header_text(case.time_limit, ctx.ops.today()))
            if case.time_limit
            else self.tr("本案尚无办理时限")
        )
        consent_box = QGroupBox(self.tr("同意延长的当事人（须各方当事人均同意）"), self)
        consent_layout = QVBoxLayout(consent_box)
        self.consents: dict[int, QCheckBox] = {}
        for p in case.parties:
            box = QCheckBox(f"{p.role.label}　{p.name}", consent_box)
            self.consents[p.id] = box
            consent_layout.addWidget(box)
        self.days = QSpinBox(self)
        self.days.setRange(1, MAX_EXTENSION_DAYS)
        self.days.setValue(15)
        self.days.setSuffix(self.tr(" 日"))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(
            self.tr("当事人同意延长的方式和理由（必填，记入案件历史），如：双方当庭口头同意")
        )
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        form = QFormLayout()
        form.addRow(self.tr("延长天数"), self.days)
        form.addRow(self.tr("说明"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(consent_box)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.time_limits import extend_time_limit

        case_id, days, note = self.case_id, self.days.value(), self.note.toPlainText()
        consenting = {pid for pid, box in self.consents.items() if box.isChecked()}
        self.save(
            lambda uow: extend_time_limit(
                uow, case_id, consenting_party_ids=consenting, note=note, days=days
            ),
        )

    def _on_saved(self, result: ExtensionResult) -> None:
        self.result = result
        self.accept()
