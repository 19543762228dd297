"""下达督办 (at which level, what, by when) and 回复督办. The core checks and records both in
the case history; a refusal shows in the dialog, which stays open."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.supervision import (
    INSTRUCTION_LEVELS,
    EscalationLevel,
    suggested_level,
)
from ui.dialogs.saving_dialog import SavingDialog
from ui.widgets.clause_editor import date_edit, pydate

if TYPE_CHECKING:
    from mediation_desk.services.supervision import InstructionView
    from ui.context import AppContext

#: The reply day offered by default: three days from today.
DEFAULT_REPLY_DAYS = 3


def _text_box(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 5)
    return box


class _InstructionDialog(SavingDialog):
    """What both dialogs share: the saved instruction in ``saved``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(ctx, parent)
        self.saved: InstructionView | None = None
        self.setMinimumWidth(460)

    def _on_saved(self, view: InstructionView) -> None:
        self.saved = view
        self.accept()


class IssueInstructionDialog(_InstructionDialog):
    """下达督办 on one case."""

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        case_number: str,
        current: EscalationLevel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.case_id = case_id
        self.setWindowTitle(self.tr("下达督办 — {0}").format(case_number))
        self.level = QComboBox(self)
        for level in INSTRUCTION_LEVELS:
            self.level.addItem(self.tr("{0}督办").format(level.label), level.value)
        self.level.setCurrentIndex(INSTRUCTION_LEVELS.index(suggested_level(current)))
        self.text = _text_box(self, self.tr("督办事项，如：请于期限内组织双方再次调解并报告进展"))
        today = ctx.ops.today()
        self.respond_by = date_edit(self, today + dt.timedelta(days=DEFAULT_REPLY_DAYS))
        form = QFormLayout()
        form.addRow(self.tr("督办层级"), self.level)
        form.addRow(self.tr("督办内容"), self.text)
        form.addRow(self.tr("回复期限"), self.respond_by)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.supervision import issue_instruction

        case_id, text = self.case_id, self.text.toPlainText()
        level = EscalationLevel(self.level.currentData())
        respond_by = pydate(self.respond_by.date())
        self.save(
            lambda uow: issue_instruction(
                uow, case_id=case_id, level=level, text=text, respond_by=respond_by
            ),
        )


class ReplyInstructionDialog(_InstructionDialog):
    """回复督办: the instruction shown, the reply typed."""

    def __init__(
        self, ctx: AppContext, instruction: InstructionView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.instruction_id = instruction.id
        self.setWindowTitle(self.tr("回复督办 — {0}").format(instruction.case_number))
        asked = QLabel(
            self.tr("{0}督办（{1} 下达，{2}）：\n{3}").format(
                instruction.level.label,
                instruction.issued_by,
                instruction.state_text,
                instruction.text,
            ),
            self,
        )
        asked.setTextFormat(Qt.TextFormat.PlainText)
        asked.setWordWrap(True)
        self.text = _text_box(self, self.tr("办理情况，如：已约定双方12月5日再次调解"))
        form = QFormLayout()
        form.addRow(self.tr("回复内容"), self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(asked)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.supervision import reply_instruction

        instruction_id, text = self.instruction_id, self.text.toPlainText()
        self.save(
            lambda uow: reply_instruction(uow, instruction_id=instruction_id, text=text),
        )
