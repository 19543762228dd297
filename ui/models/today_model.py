"""Table model of the 今日待办 list (``TodayItem`` rows, most pressing kind first)."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from mediation_desk.domain.today import TodayKind
from ui.models.row_table import AnyIndex, RowTableModel

if TYPE_CHECKING:
    from mediation_desk.services.today import TodayItem


#: Custom role: the case id of a row (``int``).
CaseIdRole = Qt.ItemDataRole.UserRole + 1

#: The colour each kind is marked with.
KIND_COLOURS: dict[TodayKind, str] = {
    TodayKind.SESSION: "#1f5fa8",
    TodayKind.INSTRUCTION: "#7b2fa0",
    TodayKind.DUE_TODAY: "#a15c00",
    TodayKind.CONFIRMATION: "#a15c00",
    TodayKind.COURT_OVERDUE: "#8a3b00",
    TodayKind.FOLLOW_UP: "#2e7d32",
    TodayKind.ENFORCEMENT: "#a15c00",
    TodayKind.PERFORMANCE: "#b00020",
    TodayKind.OVERDUE: "#b00020",
}
URGENT = "#b00020"


class Column(IntEnum):
    KIND = 0
    WHEN = 1
    NUMBER = 2
    PARTIES = 3
    DETAIL = 4


class TodayModel(RowTableModel["TodayItem"]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, {}, parent)
        self.headers = {
            Column.KIND: self.tr("事项"),
            Column.WHEN: self.tr("时间/期限"),
            Column.NUMBER: self.tr("案号"),
            Column.PARTIES: self.tr("当事人"),
            Column.DETAIL: self.tr("说明"),
        }

    def set_items(self, items: list[TodayItem]) -> None:
        self._replace_rows(items)

    def item(self, row: int) -> TodayItem:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        i = self._row_at(index)
        if i is None:
            return None
        col = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(i, col)
        if role == CaseIdRole:
            return i.case_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col is Column.KIND:
                return QColor(KIND_COLOURS[i.kind])
            if col is Column.DETAIL and i.urgent:
                return QColor(URGENT)
        if role == Qt.ItemDataRole.FontRole and col is Column.KIND:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _text(i: TodayItem, col: Column) -> str:
        match col:
            case Column.KIND:
                return i.kind.label
            case Column.WHEN:
                return i.when
            case Column.NUMBER:
                return i.case_number
            case Column.PARTIES:
                return i.parties
            case Column.DETAIL:
                return i.detail
