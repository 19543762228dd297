"""An investigation record (调查记录): who went where and when, whom they asked or what they
examined, and what they found. New or corrected; the core checks and records it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Signal, Slot
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.minutes import InvestigationDraft
from ui.dialogs.minutes_dialog import text_box
from ui.dialogs.saving_dialog import SavingDialog

if TYPE_CHECKING:
    from mediation_desk.domain.minutes import InvestigationView
    from ui.context import AppContext


class InvestigationDialog(SavingDialog):
    """``record`` None: a new record for ``case_id``; else that record, to correct."""

    saved = Signal(object)  # InvestigationView

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        record: InvestigationView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent, ok_text="保存(&S)", save_shortcut=True)
        self.ctx, self.case_id, self.record = ctx, case_id, record
        self.setWindowTitle(self.tr("修改调查记录") if record else self.tr("新增调查记录"))
        self.resize(620, 640)
        d = record.draft if record else InvestigationDraft()
        self.starts = QDateTimeEdit(self)
        self.starts.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.starts.setCalendarPopup(True)
        now = ctx.ops.clock().replace(second=0, microsecond=0)
        self.starts.setDateTime(QDateTime(d.starts or now))
        self.place = QLineEdit(d.place, self)
        self.investigators = QLineEdit(d.investigators, self)
        self.investigators.setPlaceholderText(self.tr("多人用顿号分隔：周建国、王丽华"))
        self.note_taker = QLineEdit(d.note_taker, self)
        self.subjects = text_box(self, d.subjects, 3, self.tr("每行一人：赵大伯（邻居）"))
        self.examined = text_box(self, d.examined, 3, self.tr("现场、物证、书证、照片等"))
        self.findings = text_box(self, d.findings, 7)
        form = QFormLayout()
        form.addRow(self.tr("调查时间"), self.starts)
        form.addRow(self.tr("调查地点"), self.place)
        form.addRow(self.tr("调查人"), self.investigators)
        form.addRow(self.tr("记录人"), self.note_taker)
        form.addRow(self.tr("被调查人"), self.subjects)
        form.addRow(self.tr("调查事项"), self.examined)
        form.addRow(self.tr("调查情况"), self.findings)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def draft(self) -> InvestigationDraft:
        starts = self.starts.dateTime().toPython()
        assert isinstance(starts, dt.datetime)
        return InvestigationDraft(
            starts=starts,
            place=self.place.text(),
            investigators=self.investigators.text(),
            note_taker=self.note_taker.text(),
            subjects=self.subjects.toPlainText(),
            examined=self.examined.toPlainText(),
            findings=self.findings.toPlainText(),
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        from mediation_desk.services.minutes import record_investigation, update_investigation

        draft, case_id, record = self.draft(), self.case_id, self.record
        self.save(
            lambda uow: (
                update_investigation(uow, record_id=record.id, draft=draft)
                if record is not None
                else record_investigation(uow, case_id=case_id, draft=draft)
            ),
        )

    def _on_saved(self, record: InvestigationView) -> None:
        self.record = record
        self.saved.emit(record)
        self.accept()
