"""A read-only table of rows chosen whole, one at a time — the look every list of cases and
counts shares — and, given the role that holds a row's case id, Enter or a double-click on a
row opens its case (``case_activated``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

#: Columns are fitted to the first rows only: measuring hundreds of rows makes a page slow to
#: open, and the rows look alike.
FIT_ROWS = 60
ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def read_only_rows(table: QTableView) -> None:
    """The look of every read-only list: whole rows chosen one at a time, alternate shading,
    no row numbers, headers left-aligned and not lit up by the choice."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class CaseTable(QTableView):
    """``case_id_role``: the model role holding each row's case id (None: rows are not cases,
    e.g. counts, and nothing is activated)."""

    case_activated = Signal(int)  # case id

    def __init__(self, parent: QWidget | None = None, *, case_id_role: int | None = None):
        super().__init__(parent)
        self.case_id_role = case_id_role
        read_only_rows(self)
        self.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.doubleClicked.connect(self._on_double_clicked)

    def current_case_id(self) -> int | None:
        """The chosen row's case (None when no row is chosen)."""
        index = self.currentIndex()
        selection = self.selectionModel()
        if self.case_id_role is None or not index.isValid() or selection is None:
            return None
        if not selection.isRowSelected(index.row()):
            return None
        return int(index.data(self.case_id_role))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ACTIVATE_KEYS:
            case_id = self.current_case_id()
            if case_id is not None:
                self.case_activated.emit(case_id)
                event.accept()
                return
        super().keyPressEvent(event)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if self.case_id_role is not None and index.isValid():
            self.case_activated.emit(int(index.data(self.case_id_role)))
