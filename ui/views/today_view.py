"""今日待办: the first page after the database opens — today's sessions, 督办 waiting for a
reply, cases due today, confirmation windows about to close, overdue cases. Enter or a
double-click opens the item's case. Re-read whenever anything is changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.dates import weekday_name
from mediation_desk.domain.today import TodayKind
from ui.models.today_model import KIND_COLOURS, CaseIdRole, Column, TodayModel

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.today import TodayList
    from ui.context import AppContext

_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Columns are fitted to the first rows only: measuring hundreds of overdue rows makes the
#: page slow to open, and the rows look alike.
FIT_ROWS = 60


class TodayView(QWidget):
    case_activated = Signal(int)  # case id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day: TodayList | None = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.empty = QLabel(self.tr("今日没有待办事项。"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.model = TodayModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setResizeContentsPrecision(FIT_ROWS)
        self.table.installEventFilter(self)
        hint = QLabel(self.tr("双击或按回车打开案件。"), self)
        hint.setStyleSheet("color: palette(mid);")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(hint)

        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.refresh()

    def refresh(self) -> None:
        from mediation_desk.services.today import today_list

        today = self.ctx.ops.today()
        self.day = self.ctx.ops.read(lambda uow: today_list(uow, today))
        self.title.setText(
            self.tr("今日待办　{0}年{1}月{2}日 {3}").format(
                today.year, today.month, today.day, weekday_name(today.weekday(), "星期")
            )
        )
        parts = [
            f'<span style="color:{KIND_COLOURS[k]}">{k.label} <b>{self.day.count(k)}</b></span>'
            for k in TodayKind
        ]
        self.summary.setText(" · ".join(parts))
        selected = self.current_case_id()
        self.model.set_items(self.day.items)
        self.table.resizeColumnsToContents()
        for col in (Column.PARTIES, Column.NUMBER):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col) + 12, 280))
        # the kinds further down the list may be longer than those of the rows measured
        longest = max(self.table.fontMetrics().horizontalAdvance(k.label) for k in TodayKind)
        self.table.setColumnWidth(Column.KIND, longest + 24)
        self.table.setVisible(bool(self.day.items))
        self.empty.setVisible(not self.day.items)
        if selected is not None:
            row = next((r for r, i in enumerate(self.day.items) if i.case_id == selected), -1)
            if row >= 0:
                self.table.selectRow(row)

    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return int(index.data(CaseIdRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ACTIVATE_KEYS
        ):
            case_id = self.current_case_id()
            if case_id is not None:
                self.case_activated.emit(case_id)
                return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_activated.emit(int(index.data(CaseIdRole)))

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        if changes:  # a session, a case, an agreement or a confirmation: any may add or clear
            self.refresh()
