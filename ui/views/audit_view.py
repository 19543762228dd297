"""操作审计: the whole history, newest first, filtered by operator, case number, action and
date; a page at a time (keyset paging: a million rows stay fast); exported to XLSX with ID
numbers and phones masked (the export itself is audited)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.services.audit import ACTION_LABELS, AuditFilter, AuditPage
from ui.models.audit_model import AuditModel, Column

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from ui.context import AppContext

#: Rows per page.
PAGE = 200

#: The actions offered in the filter (besides 全部), with their names.
FILTER_ACTIONS = ACTION_LABELS


class AuditView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operator = QComboBox(self)
        self.case_number = QLineEdit(self)
        self.case_number.setPlaceholderText(self.tr("案号（部分即可）"))
        self.case_number.setClearButtonEnabled(True)
        self.action = QComboBox(self)
        self.action.setEditable(True)  # an action not in the list can be typed (its code)
        self.action.addItem(self.tr("全部操作"), "")
        for code, label in FILTER_ACTIONS.items():
            self.action.addItem(label, code)
        self.use_dates = QCheckBox(self.tr("日期"), self)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30), self)
        self.date_to = QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.search_button = QPushButton(self.tr("查询"), self)
        self.search_button.setDefault(True)
        self.export_button = QPushButton(self.tr("导出 Excel…"), self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("操作员"), self))
        filters.addWidget(self.operator)
        filters.addWidget(self.case_number, 1)
        filters.addWidget(self.action)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("—", self))
        filters.addWidget(self.date_to)
        filters.addWidget(self.search_button)
        filters.addWidget(self.export_button)

        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.AT, 150), (Column.OPERATOR, 80), (Column.CASE, 210)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(Column.ACTION, 110)
        self.status = QLabel(self)
        self.more_button = QPushButton(self.tr("加载更早的记录"), self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        self.search_button.clicked.connect(self.reload)
        self.case_number.returnPressed.connect(self.reload)
        self.more_button.clicked.connect(self._on_more_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        ctx.ops.changed.connect(self._on_ops_changed)
        self._load_operators()
        self.reload()

    def _load_operators(self) -> None:
        from mediation_desk.services.audit import audit_operators

        chosen = self.operator.currentData()
        self.operator.clear()
        self.operator.addItem(self.tr("全部"), None)
        for operator_id, name in self.ctx.ops.read(audit_operators):
            self.operator.addItem(name, operator_id)
        self.operator.setCurrentIndex(max(self.operator.findData(chosen), 0))

    def current_filter(self) -> AuditFilter:
        index = self.action.currentIndex()
        typed = self.action.currentText().strip()
        if index >= 0 and self.action.itemText(index) == typed:
            action = str(self.action.itemData(index) or "")
        else:
            action = typed
        dates: tuple[dt.date | None, dt.date | None] = (None, None)
        if self.use_dates.isChecked():
            dates = (self.date_from.date().toPython(), self.date_to.date().toPython())  # type: ignore[assignment]
        return AuditFilter(
            operator_id=self.operator.currentData(),
            case_number=self.case_number.text().strip(),
            action=action,
            date_from=dates[0],
            date_to=dates[1],
        )

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.audit import search_audit

        f = self.current_filter()
        self._show(self.ctx.ops.read(lambda uow: search_audit(uow, f, limit=PAGE)), fresh=True)

    def _show(self, page: AuditPage, *, fresh: bool) -> None:
        if fresh:
            self.model.set_rows(page.rows)
        else:
            self.model.add_rows(page.rows)
        self.more_button.setEnabled(page.more)
        shown = self.model.rowCount()
        if page.more:
            self.status.setText(self.tr("已显示最近 {0} 条，更早的记录可继续加载").format(shown))
        else:
            self.status.setText(self.tr("共 {0} 条").format(shown))

    @Slot()
    def _on_more_button_clicked(self) -> None:
        from mediation_desk.services.audit import search_audit

        rows = self.model.rows
        if not rows:
            return
        f, last = self.current_filter(), rows[-1].id
        page = self.ctx.ops.read(lambda uow: search_audit(uow, f, limit=PAGE, before_id=last))
        self._show(page, fresh=False)

    @Slot(bool)
    def _on_use_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)

    @Slot()
    def _on_export_button_clicked(self) -> None:
        from pathlib import Path

        from mediation_desk.services.audit_export import export_audit_xlsx

        default = self.ctx.settings.data_dir / f"操作审计-{dt.date.today():%Y%m%d}.xlsx"
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("导出操作审计"), str(default), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        target = Path(path)
        f = self.current_filter()
        self.ctx.ops.run(
            self,
            lambda uow: export_audit_xlsx(uow, f, target),
            on_success=lambda n: self.status.setText(
                self.tr("已导出 {0} 条：{1}（证件号码和电话已隐去中间数字）").format(n, target)
            ),
            title=self.tr("无法导出"),
            busy=self.tr("正在导出操作审计…"),
            disable=[self.export_button],
        )

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes:
            self._load_operators()
            self.reload()
