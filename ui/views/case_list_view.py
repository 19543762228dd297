"""The case list: search results in a table; Enter or double-click opens a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.case_table_model import CaseIdRole, CaseTableModel, Column

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from ui.context import AppContext

#: Narrowest and widest a column gets when fitted to its contents, in Chinese characters, so
#: widths stay steady from one query to the next; longer text is elided (whole in the tooltip).
_COLUMN_CHARS: dict[Column, tuple[int, int]] = {
    Column.NUMBER: (11, 18),
    Column.RECEIVED_AT: (8, 10),
    Column.APPLICANTS: (5, 9),
    Column.RESPONDENTS: (5, 9),
    Column.DISPUTE_TYPE: (4, 8),
    Column.UNIT: (8, 12),
    Column.STATUS: (5, 8),  # with the risk swatch before the text
}
_CELL_PADDING = 16
_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CaseListView(QWidget):
    """Runs a search and lists the cases found; re-runs it when a case record changes
    (registered, routed, its status changed), not when a session or document does."""

    case_activated = Signal(int)  # case id
    #: Up on the first row: back to where the query is typed (the search box).
    left_at_top = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = ""
        self.model = CaseTableModel(self)

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the clerk's query is echoed
        self.summary.setObjectName("caseListSummary")
        self.summary.setContentsMargins(4, 2, 4, 2)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)  # the core returns newest first
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

        ctx.ops.changed.connect(self._on_ops_changed)

    # --- public API --------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        """Search for ``text`` (case number, name, initials, ID or phone) and show the hits."""
        from mediation_desk.services.search import DEFAULT_LIMIT, search_cases

        self.query = text
        selected = self.current_case_id()
        hits = self.ctx.ops.read(lambda uow: search_cases(uow, text))
        self.model.set_rows(hits)
        self._fit_columns()
        self.summary.setText(self._summary_text(len(hits), DEFAULT_LIMIT))
        if selected is not None:
            self._select_case(selected)

    def refresh(self) -> None:
        """Re-run the current query (e.g. after a case was changed elsewhere)."""
        self.set_query(self.query)

    def enter_from_search(self) -> bool:
        """Focus the results with the current row (the first when none) selected: Down from
        the search box. False when there is nothing to move into."""
        if self.model.rowCount() == 0:
            return False
        row = self.table.currentIndex().row() if self.current_case_id() is not None else 0
        self.table.selectRow(max(row, 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return int(index.data(CaseIdRole))

    # --- Qt overrides ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in _ACTIVATE_KEYS:
                case_id = self.current_case_id()
                if case_id is not None:
                    self.case_activated.emit(case_id)
                    return True
            elif event.key() == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                self.left_at_top.emit()
                return True
        return super().eventFilter(watched, event)

    # --- slots -------------------------------------------------------------------------------

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_activated.emit(int(index.data(CaseIdRole)))

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        if changes.cases:  # a moved session or a printed document changes no row here
            self.refresh()

    # --- helpers -----------------------------------------------------------------------------

    def _summary_text(self, count: int, limit: int) -> str:
        query = self.query.strip()
        if count == 0:
            if query:
                return self.tr("未找到与“{0}”相符的案件").format(query)
            return self.tr("暂无案件")
        if count >= limit:
            return self.tr("显示最新的 {0} 件，请输入更具体的查询条件").format(count)
        if query:
            return self.tr("与“{0}”相符的案件 共 {1} 件").format(query, count)
        return self.tr("最近受理的案件 共 {0} 件").format(count)

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        han = self.table.fontMetrics().horizontalAdvance("中")
        header = self.table.horizontalHeader()
        for col, (least, most) in _COLUMN_CHARS.items():
            wanted = header.sectionSize(col) + _CELL_PADDING
            header.resizeSection(col, max(least * han, min(wanted, most * han)))

    def _select_case(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)
