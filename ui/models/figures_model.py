"""The centre figures (受理 / 调处成功 / 司法确认 / … / 平均办理天数) as a small table: one
column per figure, rows 本期, 去年同期 and 增减. ``CellRole`` gives a figure's drill-down
address (last year's for the second row); the 增减 row has none."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from mediation_desk.domain.statistics import FIGURES
from ui.models.row_table import AnyIndex

if TYPE_CHECKING:
    from mediation_desk.services.statistics import CentreFigures, Figure

CellRole = Qt.ItemDataRole.UserRole + 1


class FigureRow(IntEnum):
    NOW = 0
    PREVIOUS = 1
    CHANGE = 2


ROW_LABELS = {FigureRow.NOW: "本期", FigureRow.PREVIOUS: "去年同期", FigureRow.CHANGE: "增减"}


def figure_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "天":
        return f"{value:.1f} 天"
    return f"{int(value):,} {unit}"


def change_text(figure: Figure) -> str:
    change = figure.change
    if change is None:
        return "—"
    unit = figure.spec.unit
    sign = "+" if change > 0 else ""
    if unit == "%":
        return f"{sign}{change:.1f} 个百分点"
    if unit == "天":
        return f"{sign}{change:.1f} 天"
    return f"{sign}{int(change):,} {unit}"


class FiguresModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.figures: CentreFigures | None = None

    def set_figures(self, figures: CentreFigures) -> None:
        self.beginResetModel()
        self.figures = figures
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.figures is None else len(FigureRow)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIGURES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(FIGURES):
                return FIGURES[section].label
            if orientation == Qt.Orientation.Vertical and 0 <= section < len(FigureRow):
                return ROW_LABELS[FigureRow(section)]
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and 0 <= section < len(FIGURES):
            return FIGURES[section].note
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.figures is None or not index.isValid():
            return None
        figure = self.figures[FIGURES[index.column()].key]
        row = FigureRow(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if row is FigureRow.NOW:
                return figure_text(figure.value, figure.spec.unit)
            if row is FigureRow.PREVIOUS:
                return figure_text(figure.previous, figure.spec.unit)
            return change_text(figure)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return figure.spec.note
        if role == CellRole and row is not FigureRow.CHANGE:
            return self.figures.cell(figure.key, previous=row is FigureRow.PREVIOUS)
        return None
