"""The cases behind a figure (drill-down): case number, day received and where the case stands.
Enter or a double-click opens the case, as the case list does (``case_activated``); no name,
ID number or phone is listed, so nothing needs masking."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.models.row_table import AnyIndex, RowTableModel
from ui.widgets.case_table import CaseTable

if TYPE_CHECKING:
    from mediation_desk.services.statistics import CaseRef, DrillDown
    from ui.context import AppContext

CaseIdRole = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    NUMBER = 0
    RECEIVED = 1
    STATUS = 2


HEADERS = {Column.NUMBER: "案号", Column.RECEIVED: "受理日期", Column.STATUS: "案件状态"}


class CaseRefModel(RowTableModel["CaseRef"]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(Column, dict(HEADERS), parent)

    def set_cases(self, cases: tuple[CaseRef, ...]) -> None:
        self._replace_rows(list(cases))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ref = self._row_at(index)
        if ref is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            col = Column(index.column())
            if col is Column.NUMBER:
                return ref.number
            if col is Column.RECEIVED:
                return ref.received_on.isoformat()
            return ref.status.label
        if role == CaseIdRole:
            return ref.id
        return None


class DrillDownDialog(QDialog):
    case_activated = Signal(int)  # case id

    def __init__(self, found: DrillDown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = found
        self.setWindowTitle(self.tr("案件清单 — {0}").format(found.title))
        self.resize(620, 560)
        title = QLabel(found.title, self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        shown = len(found.cases)
        count = (
            self.tr("共 {0} 件").format(found.total)
            if shown == found.total
            else self.tr("共 {0} 件，列出最早的 {1} 件").format(found.total, shown)
        )
        self.count_label = QLabel(count + self.tr("　双击或按回车打开案件。"), self)
        self.model = CaseRefModel(self)
        self.model.set_cases(found.cases)
        self.table = CaseTable(self, case_id_role=CaseIdRole)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        for col in (Column.NUMBER, Column.RECEIVED):
            self.table.setColumnWidth(col, self.table.columnWidth(col) + 16)
        self.empty = QLabel(self.tr("没有符合条件的案件。"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(not found.cases)
        self.table.setVisible(bool(found.cases))
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        self.table.case_activated.connect(self.case_activated)
        if found.cases:
            self.table.selectRow(0)
            self.table.setFocus()

    def current_case_id(self) -> int | None:
        return self.table.current_case_id()


def show_drill_down(
    ctx: AppContext,
    parent: QWidget,
    read: Callable[[Any], DrillDown],  # given the unit of work
    on_case: Callable[[int], None],
) -> None:
    """Read the cases behind a figure in the background, then list them; a case chosen in the
    list goes to ``on_case`` (the page's ``case_activated``)."""

    def show(found: DrillDown) -> None:
        dialog = DrillDownDialog(found, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_activated.connect(on_case)
        dialog.open()  # window-modal; the page's event loop goes on (and a case opens over it)

    ctx.ops.run(
        parent,
        read,
        on_success=show,
        title=parent.tr("无法列出案件"),
        busy=parent.tr("正在查找案件…"),
    )
