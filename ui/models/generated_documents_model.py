"""The generated files of a case, newest first; a file made out of date by a correction of
the registration reads 已过期 (in red, the reason in its tooltip)."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

if TYPE_CHECKING:
    from mediation_desk.services.documents import GeneratedDocumentView

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    KIND = 0
    FORMAT = 1
    VERSION = 2
    OPERATOR = 3
    CREATED = 4
    FILE = 5


ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: Text of a file a correction made out of date (已过期).
STALE_COLOUR = "#b42318"


def stale_note(row: GeneratedDocumentView) -> str:
    """Why a file is 已过期, for its tooltip and the print preview."""
    assert row.stale_since is not None
    return QCoreApplication.translate(
        "GeneratedDocumentsModel",
        "已过期：{day}修改了登记信息（{reason}），此文件内容可能与现在的登记不符；"
        "重新生成即得最新版本。",
    ).format(day=row.stale_since.strftime("%Y-%m-%d"), reason=row.stale_reason or "未写原因")


class GeneratedDocumentsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[GeneratedDocumentView] = []

    def set_rows(self, rows: list[GeneratedDocumentView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headers(self) -> dict[Column, str]:
        return {
            Column.KIND: self.tr("文书"),
            Column.FORMAT: self.tr("格式"),
            Column.VERSION: self.tr("版本"),
            Column.OPERATOR: self.tr("生成人"),
            Column.CREATED: self.tr("生成时间"),
            Column.FILE: self.tr("文件名"),
        }

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STALE_COLOUR)) if row.stale else None
        if role == Qt.ItemDataRole.ToolTipRole and row.stale:
            return stale_note(row)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = Column(index.column())
        version = self.tr("第{0}版").format(row.version)
        return {
            Column.KIND: row.kind.label,
            Column.FORMAT: row.file_format.value.upper(),
            Column.VERSION: self.tr("{0} · 已过期").format(version) if row.stale else version,
            Column.OPERATOR: row.operator_name,
            Column.CREATED: row.created_at.strftime("%Y-%m-%d %H:%M"),
            Column.FILE: row.file_name,
        }[col]
