"""The 督办 board's list of agreement items overdue for performance (人民调解法 art. 31):
which case, which item, who owes what, since when. Double-click opens the case."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.dates import numeric_date
from mediation_desk.domain.performance_marks import state_label
from mediation_desk.domain.supervision import days_text

if TYPE_CHECKING:
    from mediation_desk.services.performance import OpenItem

HEADERS = ("案号", "事项", "义务人及内容", "履行期限", "状态", "逾期")
CASE_ROLE = Qt.ItemDataRole.UserRole + 1


class OverduePerformancePanel(QWidget):
    case_activated = Signal(int)  # case id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.table.cellDoubleClicked.connect(self._on_table_cell_double_clicked)

    def show_items(self, items: list[OpenItem], today: dt.date) -> None:
        cases = len({i.case_id for i in items})
        self.title.setText(
            self.tr("履行逾期：{0}件案件，{1}项").format(cases, len(items))
            if items
            else self.tr("履行逾期：无")
        )
        self.table.setRowCount(len(items))
        for r, i in enumerate(items):
            cells = (
                i.case_number,
                i.label,
                i.what,
                numeric_date(i.due_date) if i.due_date else "",
                state_label(i.state),
                days_text(i.due_date, today) if i.due_date else "",
            )
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                cell.setData(CASE_ROLE, i.case_id)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()

    @Slot(int, int)
    def _on_table_cell_double_clicked(self, row: int, _column: int) -> None:
        cell = self.table.item(row, 0)
        if cell is not None:
            self.case_activated.emit(int(cell.data(CASE_ROLE)))
