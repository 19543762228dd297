"""今日待办: the first page after the database opens — today's sessions, 督办 waiting for a
reply, cases due today, confirmation windows about to close, overdue cases. Enter or a
double-click opens the item's case. Re-read whenever anything is changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.dates import weekday_name
from mediation_desk.domain.today import TodayKind
from ui.models.today_model import KIND_COLOURS, CaseIdRole, Column, TodayModel
from ui.widgets.case_table import CaseTable

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.today import TodayList
    from ui.context import AppContext


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
        self.table = CaseTable(self, case_id_role=CaseIdRole)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
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

        self.table.case_activated.connect(self.case_activated)
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
        return self.table.current_case_id()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        if changes:  # a session, a case, an agreement or a confirmation: any may add or clear
            self.refresh()
