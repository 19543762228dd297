"""The case's investigation records (调查记录): the list, and adding, correcting or removing
one (removing asks why: the reason is kept in the case's history)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QPushButton, QVBoxLayout, QWidget

from ui.widgets.detail_fields import read_only_table, value_label

if TYPE_CHECKING:
    from mediation_desk.domain.minutes import InvestigationView


class InvestigationsPage(QWidget):
    """Asks for a record to be added (``add_requested``), corrected (``edit_requested`` with
    the record) or removed (``delete_requested`` with its id and the reason typed); the case
    window opens the dialog or runs the removal."""

    add_requested = Signal()
    edit_requested = Signal(object)  # InvestigationView
    delete_requested = Signal(int, str)  # record id, reason

    def __init__(self, records: list[InvestigationView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records = records
        #: Asks for the reason (None: cancelled); tests replace it.
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        column = QVBoxLayout(self)
        self.table = read_only_table(
            [self.tr("调查时间"), self.tr("地点"), self.tr("调查人"), self.tr("被调查人")],
            [
                [
                    r.draft.starts.strftime("%Y-%m-%d %H:%M") if r.draft.starts else "",
                    r.draft.place,
                    r.draft.investigators,
                    "、".join(r.subject_names),
                ]
                for r in records
            ],
            self,
        )
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        self.add_button = QPushButton(self.tr("新增调查记录(&N)…"), self)
        self.edit_button = QPushButton(self.tr("修改(&E)…"), self)
        self.edit_button.setEnabled(bool(records))
        self.delete_button = QPushButton(self.tr("删除(&D)…"), self)
        self.delete_button.setToolTip(self.tr("删除所选调查记录（须填写理由，记入案件历史）"))
        self.delete_button.setEnabled(bool(records))
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        column.addWidget(self.table, 1)
        if not records:
            column.addWidget(
                value_label(self.tr("尚无调查记录。走访当事人、证人或查看现场后可在此记录。"))
            )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

    def selected(self) -> InvestigationView | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.records):
            return self.records[row]
        return self.records[-1] if self.records else None

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        record = self.selected()
        if record is not None and not self.edit_button.isHidden():  # hidden: may not edit
            self.edit_requested.emit(record)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        record = self.selected()
        if record is None:
            return
        when = record.draft.starts.strftime("%Y-%m-%d %H:%M") if record.draft.starts else ""
        reason = self.ask_text(
            self.tr("删除调查记录"),
            self.tr(
                "删除第{n}次调查记录（{when}，{place}）。\n删除原因（必填，记入案件历史）："
            ).format(n=record.ordinal, when=when, place=record.draft.place),
        )
        if reason is not None:
            self.delete_requested.emit(record.id, reason)

    def _ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None
