"""A read-only table of records (units, rooms, mediators …), one a row, that keeps the chosen
row when it is filled again."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .case_table import read_only_rows

ID_ROLE = Qt.ItemDataRole.UserRole

#: A row under the table: a widget, a widget with its share of the spare height, or forms
#: side by side, each with its share of the width.
Row = QWidget | tuple[QWidget, int] | Sequence[tuple[QWidget, int]]


class RecordTable(QTableWidget):
    """Rows chosen whole, one at a time; each row's record id is kept on its first cell.

    ``fill`` replaces the rows and chooses the same record again without signalling a new
    choice, so a form showing the chosen record keeps what the clerk typed into it."""

    def __init__(self, parent: QWidget | None = None, headers: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.set_headers(headers)
        read_only_rows(self)
        self.horizontalHeader().setStretchLastSection(True)

    def set_headers(self, headers: Sequence[str]) -> None:
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(list(headers))

    def fill(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """Replace the rows (``(record id, cells)``); the chosen record stays chosen."""
        chosen = self.selected_id()
        blocked = self.blockSignals(True)
        self.clearSelection()
        self.setRowCount(len(rows))
        for r, (record_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a clipped cell can still be read
                if c == 0:
                    item.setData(ID_ROLE, record_id)
                self.setItem(r, c, item)
            if record_id == chosen:
                self.selectRow(r)
        self.resizeColumnsToContents()
        self.blockSignals(blocked)

    def selected_row(self) -> int:
        model = self.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return rows[0].row() if rows else -1

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row < 0 else self.item(row, 0).data(ID_ROLE)

    def select_id(self, record_id: int) -> bool:
        """Choose the record's row (signals the choice); False when it is not listed."""
        for r in range(self.rowCount()):
            if self.item(r, 0).data(ID_ROLE) == record_id:
                self.selectRow(r)
                return True
        return False


def lay_out_under_table(
    page: QWidget, table: QTableWidget, *rows: Row, table_stretch: int = 1
) -> QVBoxLayout:
    """The settings pages' layout: the table of records on top, taking the spare height
    (its ``table_stretch`` share), then the ``rows`` (the forms that edit the records)."""
    layout = QVBoxLayout(page)
    layout.addWidget(table, table_stretch)
    for row in rows:
        if isinstance(row, QWidget):
            layout.addWidget(row)
        elif isinstance(row, tuple) and isinstance(row[0], QWidget):
            layout.addWidget(row[0], row[1])
        else:
            side_by_side = QHBoxLayout()
            for widget, stretch in row:
                side_by_side.addWidget(widget, stretch)
            layout.addLayout(side_by_side)
    return layout
