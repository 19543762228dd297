"""The audit viewer's rows: one history entry each, newest first (personal data masked)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from mediation_desk.services.audit import AuditRow, action_label, changes_text
from ui.models.row_table import AnyIndex, RowTableModel


class Column(IntEnum):
    AT = 0
    OPERATOR = 1
    CASE = 2
    ACTION = 3
    SUMMARY = 4


HEADERS = {
    Column.AT: "时间",
    Column.OPERATOR: "操作员",
    Column.CASE: "案号",
    Column.ACTION: "操作",
    Column.SUMMARY: "内容",
}


class AuditModel(RowTableModel[AuditRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, HEADERS, parent)

    def set_rows(self, rows: list[AuditRow]) -> None:
        self._replace_rows(rows)

    def add_rows(self, rows: list[AuditRow]) -> None:
        """The next page, below the rows shown."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    @property
    def rows(self) -> list[AuditRow]:
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row_at(index)
        if row is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.AT:
                return row.at.strftime("%Y-%m-%d %H:%M:%S")
            if column is Column.OPERATOR:
                return row.operator_name
            if column is Column.CASE:
                return row.case_number
            if column is Column.ACTION:
                return action_label(row.action)
            return row.summary
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.SUMMARY:
            details = changes_text(row.changes)
            return f"{row.summary}\n{details}" if details else row.summary
        return None
