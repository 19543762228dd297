"""The case's investigation records (调查记录): the list, and adding or correcting one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.widgets.detail_fields import read_only_table, value_label

if TYPE_CHECKING:
    from mediation_desk.domain.minutes import InvestigationView


class InvestigationsPage(QWidget):
    """Asks for a record to be added (``add_requested``) or corrected (``edit_requested``
    with the record); the case window opens the dialog."""

    add_requested = Signal()
    edit_requested = Signal(object)  # InvestigationView

    def __init__(self, records: list[InvestigationView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records = records
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
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        column.addWidget(self.table, 1)
        if not records:
            column.addWidget(
                value_label(self.tr("尚无调查记录。走访当事人、证人或查看现场后可在此记录。"))
            )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
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
        if record is not None:
            self.edit_requested.emit(record)
