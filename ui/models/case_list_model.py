"""Every case, a page at a time: the table model of the case list (``services.case_list``).

The view asks for more rows as it scrolls (``canFetchMore`` / ``fetchMore``); each page is
one short read by key (a few milliseconds on 200,000 cases, bench/bench_case_list.py), so the
list reaches the last case without ever holding them all. Sorting (``sort``, from a click on
a header) and filtering read the first page again in the new order; ``reload`` reads as many
rows as are loaded, so the view can keep its place after a change.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor

from mediation_desk.domain.case_list import PAGE_SIZE, CaseFilter, CaseSort, SortKey
from mediation_desk.domain.supervision import DueGroup, days_text, due_group
from ui.models.case_rows import CaseRowsModel
from ui.models.ducha_board_model import GROUP_COLOURS, due_text
from ui.models.row_table import AnyIndex

if TYPE_CHECKING:
    from mediation_desk.services.case_list import CaseListRow, Cursor
    from ui.operations import Operations


class ListColumn(IntEnum):
    """The search results' first seven columns (same places), then the time limit and the
    mediator."""

    NUMBER = 0
    RECEIVED_AT = 1
    APPLICANTS = 2
    RESPONDENTS = 3
    DISPUTE_TYPE = 4
    UNIT = 5
    STATUS = 6
    DUE = 7
    MEDIATOR = 8


#: The columns a click on the header sorts by, and the order of a first click.
SORTABLE: dict[ListColumn, tuple[SortKey, bool]] = {
    ListColumn.NUMBER: (SortKey.NUMBER, True),
    ListColumn.RECEIVED_AT: (SortKey.RECEIVED, True),
    ListColumn.STATUS: (SortKey.STATUS, False),
    ListColumn.DUE: (SortKey.DUE, False),
}
#: Open cases' days left or over are coloured from three days before the due day.
_MARKED = (DueGroup.OVERDUE, DueGroup.DUE_SOON)
_MARK_COLOURS = {group: QColor(GROUP_COLOURS[group][0]) for group in _MARKED}


class CaseListModel(CaseRowsModel["CaseListRow"]):
    """Read-only rows of ``CaseListRow``, loaded a page at a time; ``CaseIdRole`` gives a
    row's case id. ``total`` is how many cases the filter lets through."""

    #: The number of cases the filter lets through changed (after a filter, sort or reload).
    total_changed = Signal(int)

    def __init__(
        self, ops: Operations, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(ListColumn, parent)
        self.ops = ops
        self.page_size = page_size
        self.where = CaseFilter()
        self.order = CaseSort()
        self.total = 0
        self._next: Cursor | None = None
        self._fetching = False  # a page is being added: a view asking again meanwhile waits
        self._today = ops.today()
        self.headers = {
            ListColumn.NUMBER: self.tr("案号"),
            ListColumn.RECEIVED_AT: self.tr("受理时间"),
            ListColumn.APPLICANTS: self.tr("申请人"),
            ListColumn.RESPONDENTS: self.tr("被申请人"),
            ListColumn.DISPUTE_TYPE: self.tr("纠纷类型"),
            ListColumn.UNIT: self.tr("承办单位"),
            ListColumn.STATUS: self.tr("状态"),
            ListColumn.DUE: self.tr("办理时限"),
            ListColumn.MEDIATOR: self.tr("调解员"),
        }

    # --- what to list ------------------------------------------------------------------------

    def set_filter(self, where: CaseFilter) -> None:
        """List the cases ``where`` lets through, from the first page."""
        self.where = where
        self._load(self.page_size)

    def set_order(self, order: CaseSort) -> None:
        self.order = order
        self._load(self.page_size)

    def reload(self) -> None:
        """Read again as many rows as are loaded (at least a page), in the same order."""
        self._load(max(len(self._rows), self.page_size))

    def _load(self, limit: int) -> None:
        from mediation_desk.services.case_list import case_page, count_cases

        where, order = self.where, self.order

        page, total = self.ops.read(
            lambda uow: (
                case_page(uow, where=where, sort=order, limit=limit),
                count_cases(uow, where=where),
            )
        )
        self._next, self.total = page.next, total
        self._today = self.ops.today()
        self._replace_rows(list(page.rows))
        self.total_changed.emit(total)

    # --- QAbstractItemModel ------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._fetching

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        from mediation_desk.services.case_list import case_page

        if parent.isValid() or self._next is None or self._fetching:
            return
        where, order, after, limit = self.where, self.order, self._next, self.page_size
        page = self.ops.read(
            lambda uow: case_page(uow, where=where, sort=order, after=after, limit=limit)
        )
        if not page.rows:
            self._next = None
            return
        first = len(self._rows)
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows += page.rows
            self._next = page.next
            self.endInsertRows()
        finally:
            self._fetching = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a sortable column, by the database (other columns are left as they are)."""
        if column in SORTABLE:
            key = SORTABLE[ListColumn(column)][0]
            self.set_order(CaseSort(key, order == Qt.SortOrder.DescendingOrder))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.ToolTipRole and section in SORTABLE:
            return self.tr("单击按此列排序，再次单击反向排序")
        return super().headerData(section, orientation, role)

    # --- cells -------------------------------------------------------------------------------

    def _group(self, r: CaseListRow) -> DueGroup | None:
        """Where an open case stands against its due day (the board's groups); None: ended."""
        return due_group(r.due_on, self._today) if r.status.is_open else None

    def _more_texts(self, r: CaseListRow) -> tuple[str, ...]:
        return (self._due(r), r.mediator_name)

    def _more_data(self, r: CaseListRow, col: int, role: int) -> Any:
        if col == ListColumn.DUE and role == Qt.ItemDataRole.ForegroundRole:
            group = self._group(r)
            return _MARK_COLOURS.get(group) if group is not None else None
        return None

    def _due(self, r: CaseListRow) -> str:
        day = due_text(r.due_on, r.due_beyond_table)
        if not day or not r.status.is_open:
            return day
        return f"{day} {days_text(r.due_on, self._today)}"

    def _more_tooltip(self, r: CaseListRow, col: int) -> str | None:
        if col == ListColumn.DUE and r.due_beyond_table:
            return self.tr("期限日超出节假日表，请核对")
        return None
