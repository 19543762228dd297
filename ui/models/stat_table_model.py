"""The MoJ table (人民调解案件统计表) as a table model, and the two-level header that shows its
merged group headers (调解成功 over 小计 / 书面协议 / 口头协议, 司法确认 over 申请 / 确认有效 …).

Rows are the breakdown's rows then 合计; column 0 is the row's name, then one column per
``domain.statistics.COLUMNS``. ``CellRole`` gives the drill-down address (``Cell``) of a figure.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from mediation_desk.domain.statistics import COLUMNS, Column, ValueKind, yuan
from ui.models.row_table import RowTableModel

if TYPE_CHECKING:
    from mediation_desk.services.statistics import StatTable, TableRow

AnyIndex = QModelIndex | QPersistentModelIndex
#: The drill-down address of a figure (``services.statistics.Cell``); None for the row name.
CellRole = Qt.ItemDataRole.UserRole + 1
#: The row's name, then the MoJ columns in the form's order.
StatColumn = IntEnum(  # type: ignore[misc]  # built from the form's columns
    "StatColumn", [("NAME", 0), *((c.key.upper(), i + 1) for i, c in enumerate(COLUMNS))]
)


def format_value(column: Column, value: float | int | None) -> str:
    if value is None:
        return "—"
    if column.kind is ValueKind.MONEY:
        return yuan(int(value))
    if column.kind is ValueKind.RATE:
        return f"{value:.1f}"
    return f"{int(value):,}"


class StatTableModel(RowTableModel["TableRow"]):
    """One breakdown of the MoJ table; the first column is the row's name (and 合计)."""

    def __init__(self, first_header: str, parent: QObject | None = None) -> None:
        headers = {StatColumn(0): first_header}
        headers.update({StatColumn(i + 1): c.header for i, c in enumerate(COLUMNS)})
        super().__init__(StatColumn, headers, parent)
        self.table: StatTable | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: StatTable) -> None:
        self.table = table
        self._replace_rows([*table.rows, table.total])

    def row(self, index: int) -> TableRow:
        """The row shown at ``index`` (the last is 合计)."""
        return self._rows[index]

    def set_first_header(self, text: str) -> None:
        self.headers[self._columns(0)] = text
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    @staticmethod
    def column_spec(section: int) -> Column | None:
        return COLUMNS[section - 1] if 1 <= section <= len(COLUMNS) else None

    def group(self, section: int) -> str:
        spec = self.column_spec(section)
        return spec.group if spec is not None else ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row_at(index)
        if row is None or self.table is None:
            return None
        spec = self.column_spec(index.column())
        is_total = index.row() == len(self._rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if spec is None:
                return ("　　" if row.parent else "") + row.label
            return format_value(spec, row.values.get(spec.key))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if spec is None:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and (row.subtotal or is_total):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and spec is not None:
            name = f"{spec.group}·{spec.header}" if spec.group else spec.header
            return self.tr("{0}，{1}：{2}（双击或按回车查看案件）").format(
                row.label, name, format_value(spec, row.values.get(spec.key))
            )
        if role == CellRole and spec is not None:
            return self.table.cell(row.key, spec.key)
        return None


class GroupHeaderView(QHeaderView):
    """A horizontal header of two levels: a column with a group shows the group's name above
    its own, merged across the neighbouring columns of the same group; a column without one
    uses both levels. Long names wrap."""

    LINES = 4  # header height in text lines (two levels, each up to two lines)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def _group(self, section: int) -> str:
        model = self.model()
        return model.group(section) if isinstance(model, StatTableModel) else ""

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        return QSize(base.width(), int(self.fontMetrics().height() * self.LINES + 12))

    def _span(self, section: int) -> QRect:
        """The rectangle of the whole group ``section`` belongs to (in viewport coordinates)."""
        group = self._group(section)
        first = last = section
        while first > 0 and self._group(first - 1) == group:
            first -= 1
        count = self.count()
        while last + 1 < count and self._group(last + 1) == group:
            last += 1
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(last) + self.sectionSize(last)
        return QRect(left, 0, right - left, self.height() // 2)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        painter.save()
        palette = self.palette()
        painter.fillRect(rect, palette.button())
        painter.setPen(QPen(palette.mid().color(), 1))
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        text = str(self.model().headerData(logicalIndex, Qt.Orientation.Horizontal) or "")
        group = self._group(logicalIndex)
        lower = QRect(rect)
        if group:
            half = rect.height() // 2
            span = self._span(logicalIndex)
            painter.setClipRect(rect)
            top = QRect(span.left(), rect.top(), span.width(), half)
            painter.drawRect(top.adjusted(0, 0, -1, -1))
            painter.setPen(palette.buttonText().color())
            painter.drawText(QRectF(top.adjusted(3, 2, -3, -2)), flags, group)
            painter.setPen(QPen(palette.mid().color(), 1))
            lower = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        painter.drawRect(lower.adjusted(0, 0, -1, -1))
        painter.setPen(palette.buttonText().color())
        painter.drawText(QRectF(lower.adjusted(3, 2, -3, -2)), flags, text)
        painter.restore()
