"""The case list: search results in a table; Enter or double-click opens a case.

With the search box empty it lists every case, a page at a time as it scrolls
(``CaseListModel``), filtered by the filter bar and sorted by a click on a sortable header;
a search lists what matches (the filter bar waits until the box is emptied)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_list import CaseFilter
from mediation_desk.domain.changes import Entity
from ui.models.case_list_model import SORTABLE, CaseListModel, ListColumn
from ui.models.case_rows import CaseIdRole
from ui.models.case_table_model import CaseTableModel, Column
from ui.views.case_filter_bar import CaseFilterBar

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from ui.context import AppContext

_CELL_PADDING = 16
#: Column widths, in Chinese characters: set once when a model is shown, never fitted to the
#: rows (a fit costs each keystroke a pass over every cell, and widths that moved with each
#: query or page would make the columns jump); longer text is elided, whole in the tooltip.
#: The shared columns have the same widths in the results and in the whole list.
_COLUMN_CHARS: dict[Column, int] = {
    Column.NUMBER: 16,  # （2026）越城矛调登字第2391号 whole
    Column.RECEIVED_AT: 9,
    Column.APPLICANTS: 7,
    Column.RESPONDENTS: 7,
    Column.DISPUTE_TYPE: 6,
    Column.UNIT: 11,
    Column.STATUS: 6,  # the risk swatch before the text
}
#: The whole list's further columns (the mediator, last, takes the rest; so does the results'
#: 匹配).
_LIST_CHARS: dict[ListColumn, int] = {ListColumn.DUE: 10}
#: Reference data the list shows (names) or counts due days by: read it again when it changes.
_LISTED_REFERENCE = frozenset(
    {Entity.UNIT, Entity.MEDIATOR, Entity.HOLIDAYS, Entity.TIME_LIMIT_SETTINGS}
)
_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Rows of the whole list read again at once after a change even while it is out of sight.
_READ_HIDDEN = 400


class _CaseTable(QTableView):
    """A page fetched as the scroll bar reaches its end is laid out at once: the rows scrolled
    to and the longer scroll range are painted once (Qt lays new rows out on a timer after a
    first paint, then paints the whole view again)."""

    def verticalScrollbarValueChanged(self, value: int) -> None:
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        super().verticalScrollbarValueChanged(value)  # may fetch a page
        if model is not None and model.rowCount() != rows:
            self.executeDelayedItemsLayout()


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
        self.search_model = CaseTableModel(self)
        self.list_model = CaseListModel(ctx.ops, self)
        self.model: CaseTableModel | CaseListModel = self.search_model  # the one shown
        self.filter_bar = CaseFilterBar(self)
        #: Listed when first shown, unless a search came first; then read again when shown
        #: if a change came while a long list was out of sight.
        self._stale = True

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the clerk's query is echoed
        self.summary.setObjectName("caseListSummary")
        self.summary.setContentsMargins(4, 2, 4, 2)
        # a new count relays nothing out: the line keeps its place and height whatever it says
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.table = _CaseTable(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)  # the core sorts (the whole list, by the header)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        # always there: results that come and go do not resize the rows' area (a second
        # layout and paint after each keystroke)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._set_widths()
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        header.sectionClicked.connect(self._on_header_section_clicked)
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        self.list_model.total_changed.connect(self._on_list_model_total_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

        self._offer_list_controls(False)  # the search results' model shows first
        ctx.ops.changed.connect(self._on_ops_changed)

    # --- public API --------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        """Search for ``text`` (case number, name, initials, ID or phone) and show the hits;
        nothing to search for: list every case the filter bar lets through."""
        from mediation_desk.services.search import DEFAULT_LIMIT, search_cases

        self._stale = False
        if not text.strip():
            self.query = text
            self._list_all()
            return
        self.query = text
        selected = self.current_case_id()
        hits = self.ctx.ops.read(lambda uow: search_cases(uow, text))
        self._show_model(self.search_model)
        self.search_model.set_rows(hits)
        self.table.doItemsLayout()  # now: the rows, the scroll range and the paint at once
        self.summary.setText(self._summary_text(len(hits), DEFAULT_LIMIT))
        if selected is not None:
            self._select_case(selected)

    def refresh(self) -> None:
        """Re-run the current query (e.g. after a case was changed elsewhere). A long list
        out of sight is read again when it is shown (a save elsewhere does not wait on it)."""
        loaded = self.list_model.rowCount()
        if self.model is self.list_model and not self.isVisible() and loaded > _READ_HIDDEN:
            self._stale = True
            return
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

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
        listed = changes.reference & _LISTED_REFERENCE
        if listed & {Entity.UNIT, Entity.MEDIATOR}:
            self._load_choices()
        # a moved session or a printed document changes no row here
        if changes.cases or (listed and self.model is self.list_model):
            self.refresh()

    @Slot(object)
    def _on_filter_bar_filter_changed(self, where: CaseFilter) -> None:
        if self.model is self.list_model:
            self.list_model.set_filter(where)
            self.table.scrollToTop()

    @Slot(int)
    def _on_header_section_clicked(self, column: int) -> None:
        """Sort the whole list by a sortable column (again: the other way round)."""
        if self.model is not self.list_model or column not in SORTABLE:
            return
        header = self.table.horizontalHeader()
        key, descending = SORTABLE[ListColumn(column)]
        if self.list_model.order.key is key:
            descending = not self.list_model.order.descending
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.list_model.sort(column, order)
        header.setSortIndicator(column, order)
        self.table.scrollToTop()

    @Slot(int)
    def _on_list_model_total_changed(self, total: int) -> None:
        if self.model is self.list_model:
            self.summary.setText(self._list_summary(total))

    # --- the whole list ----------------------------------------------------------------------

    def _list_all(self) -> None:
        """Every case the filter bar lets through; read again in place (same rows loaded,
        same scroll position, same selection) when it is already shown."""
        selected = self.current_case_id()
        position = self.table.verticalScrollBar().value()
        if self.model is self.list_model:
            self.list_model.reload()
        else:
            if self.filter_bar.unit.count() <= 1:
                self._load_choices()
            self.list_model.set_filter(self.filter_bar.current_filter())
            self._show_model(self.list_model)
            position = 0
        if selected is not None:
            self._select_case(selected)
        self.table.verticalScrollBar().setValue(position)

    def _show_model(self, model: CaseTableModel | CaseListModel) -> None:
        if self.model is model:
            return
        self.model = model
        self.table.setModel(model)
        listing = model is self.list_model
        self._offer_list_controls(listing)
        header = self.table.horizontalHeader()
        self._set_widths()
        if listing:
            order = self.list_model.order
            column = next(c for c, (k, _d) in SORTABLE.items() if k is order.key)
            descending = Qt.SortOrder.DescendingOrder
            header.setSortIndicator(
                column, descending if order.descending else Qt.SortOrder.AscendingOrder
            )
            self.summary.setText(self._list_summary(self.list_model.total))

    def _offer_list_controls(self, listing: bool) -> None:
        """The filter bar and the sortable header: for the whole list, not for a search."""
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(listing)
        header.setSectionsClickable(listing)
        self.filter_bar.setEnabled(listing)
        self.filter_bar.setToolTip("" if listing else self.tr("清空查找框后按筛选条件列出案件"))

    def _set_widths(self) -> None:
        """The shown model's column widths (a model set on the table resets them)."""
        header = self.table.horizontalHeader()
        han = self.table.fontMetrics().horizontalAdvance("中")
        more = _LIST_CHARS if self.model is self.list_model else {}
        for col, chars in (*_COLUMN_CHARS.items(), *more.items()):
            header.resizeSection(col, chars * han + _CELL_PADDING)

    def _load_choices(self) -> None:
        from mediation_desk.services.case_list import filter_choices

        self.filter_bar.set_choices(self.ctx.ops.read(filter_choices))

    def _list_summary(self, total: int) -> str:
        filtered = not self.list_model.where.is_empty
        if total == 0:
            return self.tr("没有符合筛选条件的案件") if filtered else self.tr("暂无案件")
        if filtered:
            return self.tr("符合筛选条件的案件 共 {0} 件").format(total)
        return self.tr("全部案件 共 {0} 件").format(total)

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

    def _select_case(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)
