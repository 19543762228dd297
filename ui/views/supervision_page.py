"""The case window's 督办 page: every instruction on the case with its reply, and
下达督办… / 回复督办… on it (what they record reaches the window as a change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from ui.widgets.detail_fields import read_only_table, value_label

if TYPE_CHECKING:
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.services.supervision import InstructionView
    from ui.context import AppContext

DATE_TIME = "%Y-%m-%d %H:%M"


class SupervisionPage(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        d: CaseDetail,
        instructions: list[InstructionView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.case_id, self.case_number = ctx, d.id, d.number
        self.instructions = instructions
        self.waiting = next((i for i in instructions if not i.replied), None)
        self.table = read_only_table(
            [
                self.tr("下达"),
                self.tr("层级"),
                self.tr("督办内容"),
                self.tr("回复期限/情况"),
                self.tr("回复"),
            ],
            [
                [
                    f"{i.issued_by} {i.issued_at:{DATE_TIME}}",
                    i.level.label,
                    i.text,
                    i.state_text,
                    (
                        f"{i.replied_by} {i.replied_at:{DATE_TIME}}：{i.reply_text}"
                        if i.replied_at is not None
                        else ""
                    ),
                ]
                for i in instructions
            ],
            self,
        )
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.issue_button = QPushButton(self.tr("下达督办…"), self)
        self.reply_button = QPushButton(self.tr("回复督办…"), self)
        self.issue_button.setEnabled(d.status.is_open)
        self.reply_button.setEnabled(self.waiting is not None)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.reply_button)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        if not instructions:
            column.addWidget(value_label(self.tr("本案尚无督办。")))
        column.addLayout(buttons)
        self.issue_button.clicked.connect(self._on_issue_button_clicked)
        self.reply_button.clicked.connect(self._on_reply_button_clicked)
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        """下达 for SUPERVISE, 回复 for MEDIATE (the mediator answers)."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import supervision as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.issue_button, guarded(svc.issue_instruction, P.SUPERVISE))
        gate.require(self.reply_button, guarded(svc.reply_instruction, P.MEDIATE))

    @Slot()
    def _on_issue_button_clicked(self) -> None:
        from ui.dialogs.instruction_dialog import IssueInstructionDialog

        dialog = IssueInstructionDialog(self.ctx, self.case_id, self.case_number, None, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def _on_reply_button_clicked(self) -> None:
        from ui.dialogs.instruction_dialog import ReplyInstructionDialog

        if self.waiting is None:
            return
        dialog = ReplyInstructionDialog(self.ctx, self.waiting, self)
        dialog.exec()
        dialog.deleteLater()
