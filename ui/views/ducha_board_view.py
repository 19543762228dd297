"""The 督办 board: every open case by its due day (已超期 / 三日内到期 / 正常 / 未定期限), counted
by handling unit or by mediator; 下达督办… and 回复督办… on the selected case. Enter or a
double-click opens the case. Re-read whenever a case changes anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.supervision import DueGroup
from ui.models.ducha_board_model import (
    GROUP_COLOURS,
    BoardRowsModel,
    CaseIdRole,
    Column,
    GroupCountsModel,
    KeyRole,
)
from ui.views.overdue_performance_panel import OverduePerformancePanel
from ui.widgets.case_table import CaseTable

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.services.supervision import BoardRow, DuchaBoard
    from ui.context import AppContext


class DuchaBoardView(QWidget):
    case_activated = Signal(int)  # case id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.board: DuchaBoard | None = None

        self.by_unit = QRadioButton(self.tr("按承办单位"), self)
        self.by_mediator = QRadioButton(self.tr("按调解员"), self)
        self.by_unit.setChecked(True)
        self.grouping = QButtonGroup(self)
        self.grouping.addButton(self.by_unit)
        self.grouping.addButton(self.by_mediator)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.issue_button = QPushButton(self.tr("下达督办…"), self)
        self.reply_button = QPushButton(self.tr("回复督办…"), self)

        self.counts = GroupCountsModel(self)
        self.counts_table = CaseTable(self)
        self.counts_table.setModel(self.counts)
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabBar(self)
        self.tabs.setExpanding(False)
        for group in DueGroup:
            self.tabs.addTab(group.label)
            self.tabs.setTabTextColor(self.tabs.count() - 1, GROUP_COLOURS[group][0])
        self.rows = BoardRowsModel(self)
        self.table = CaseTable(self, case_id_role=CaseIdRole)
        self.table.setModel(self.rows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.legend = QLabel(
            self.tr(
                "督办层级：超期即由调解员办理，超期3天以上提请单位负责人督办，10天以上提请"
                "中心主任督办；督办逾期未回复的，提高一级。期限后标“※”的，超出节假日表范围，"
                "请核对。"
            ),
            self,
        )
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: palette(mid);")

        top = QHBoxLayout()
        top.addWidget(self.by_unit)
        top.addWidget(self.by_mediator)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        top.addWidget(self.issue_button)
        top.addWidget(self.reply_button)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.tabs)
        column.addWidget(self.table, 2)
        self.performance = OverduePerformancePanel(right)  # items overdue for performance
        column.addWidget(self.performance, 1)
        splitter = QSplitter(self)
        splitter.setObjectName("duchaBoardSplitter")
        splitter.addWidget(self.counts_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.legend)

        self.grouping.buttonToggled.connect(self._on_grouping_toggled)
        self.counts_table.selectionModel().currentRowChanged.connect(self._on_counts_row_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.table.case_activated.connect(self.case_activated)
        self.performance.case_activated.connect(self.case_activated)
        self.table.selectionModel().selectionChanged.connect(self._show_buttons)
        self.issue_button.clicked.connect(self._on_issue_button_clicked)
        self.reply_button.clicked.connect(self._on_reply_button_clicked)
        ctx.ops.changed.connect(self._on_ops_changed)
        self._gate_buttons()
        self.refresh()

    def _gate_buttons(self) -> None:
        """下达 for SUPERVISE, 回复 for MEDIATE."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import supervision as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.issue_button, guarded(svc.issue_instruction, P.SUPERVISE))
        gate.require(self.reply_button, guarded(svc.reply_instruction, P.MEDIATE))

    # --- public API --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the board again, keeping the chosen unit or mediator, group and case."""
        from mediation_desk.services.supervision import ducha_board

        today = self.ctx.ops.today()
        self.board = self.ctx.ops.read(lambda uow: ducha_board(uow, today))
        self.performance.show_items(self.board.performance, today)
        self._show_counts()

    def current_row(self) -> BoardRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.rows.board_row(index.row())

    def group(self) -> DueGroup:
        return list(DueGroup)[max(self.tabs.currentIndex(), 0)]

    def select_group(self, group: DueGroup) -> None:
        self.tabs.setCurrentIndex(list(DueGroup).index(group))

    # --- showing -----------------------------------------------------------------------------

    def _show_counts(self) -> None:
        assert self.board is not None
        chosen = self._chosen_key()
        if self.by_unit.isChecked():
            self.counts.set_groups(self.board.by_unit, self.tr("承办单位"))
        else:
            self.counts.set_groups(self.board.by_mediator, self.tr("调解员"))
        row = next(
            (r for r in range(self.counts.rowCount()) if self._key_at(r) == chosen),
            0,
        )
        self.counts_table.resizeColumnsToContents()
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        with QSignalBlocker(self.counts_table.selectionModel()):
            self.counts_table.selectRow(row)
        self._show_rows()

    def _key_at(self, row: int) -> object:
        return self.counts.index(row, 0).data(KeyRole)

    def _chosen_key(self) -> object:
        index = self.counts_table.currentIndex()
        return self._key_at(index.row()) if index.isValid() else GroupCountsModel.ALL

    def _show_rows(self) -> None:
        if self.board is None:
            return
        key = self._chosen_key()
        mine = [r for r in self.board.rows if self._belongs(r, key)]
        counts = {g: sum(1 for r in mine if r.group is g) for g in DueGroup}
        for i, g in enumerate(DueGroup):
            self.tabs.setTabText(i, self.tr("{0}（{1}）").format(g.label, counts[g]))
        selected = self.current_row()
        group = self.group()
        self.rows.set_rows([r for r in mine if r.group is group], self.board.today)
        self.table.resizeColumnsToContents()
        for col in (Column.PARTIES, Column.UNIT):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        row = self.rows.row_of(selected.case_id) if selected is not None else -1
        if row >= 0 or self.rows.rowCount():
            self.table.selectRow(max(row, 0))  # the first case when none was chosen yet
        self._show_summary()
        self._show_buttons()

    def _belongs(self, r: BoardRow, key: object) -> bool:
        if key == GroupCountsModel.ALL:
            return True
        return (r.unit_id if self.by_unit.isChecked() else r.mediator_id) == key

    def _show_summary(self) -> None:
        assert self.board is not None
        parts = [
            f'<span style="color:{GROUP_COLOURS[g][0]}">{g.label} <b>{n}</b></span>'
            for g, n in self.board.counts.items()
        ]
        total = len(self.board.rows)
        self.summary.setText(self.tr("在办案件 {0} 件：").format(total) + " · ".join(parts))

    @Slot()
    def _show_buttons(self, *_args: object) -> None:
        row = self.current_row()
        self.issue_button.setEnabled(row is not None)
        self.reply_button.setEnabled(row is not None and row.waiting is not None)
        self.reply_button.setToolTip(
            "" if row is None or row.waiting is not None else self.tr("本案没有待回复的督办")
        )

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_grouping_toggled(self, *_args: object) -> None:
        self.counts_table.clearSelection()
        self.counts_table.setCurrentIndex(QModelIndex())
        if self.board is not None:
            self._show_counts()

    @Slot(QModelIndex, QModelIndex)
    def _on_counts_row_changed(self, *_args: object) -> None:
        self._show_rows()

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        self._show_rows()

    @Slot()
    def _on_issue_button_clicked(self) -> None:
        from ui.dialogs.instruction_dialog import IssueInstructionDialog

        row = self.current_row()
        if row is None:
            return
        dialog = IssueInstructionDialog(
            self.ctx, row.case_id, row.case_number, row.escalation, self
        )
        dialog.exec()  # what it records reaches the board as a change
        dialog.deleteLater()

    @Slot()
    def _on_reply_button_clicked(self) -> None:
        from ui.dialogs.instruction_dialog import ReplyInstructionDialog

        row = self.current_row()
        if row is None or row.waiting is None:
            return
        dialog = ReplyInstructionDialog(self.ctx, row.waiting, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        # status, routing, instructions; names; performance marked (an agreement change)
        if changes.cases or changes.reference or changes.agreements:
            self.refresh()
