"""中心设置 › 节假日安排: the State Council's holiday arrangement of a year, kept by the centre.

chinesecalendar's table ends with the last year it knew when installed; here a centre enters a
newer year (holiday ranges and make-up working days), imports it from a file or reads the
notice's pasted lines. Saving counts the due day of every open case again (the core does it
in the same transaction); the page says how many changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Entity
from mediation_desk.domain.holiday_table import ArrangementDraft, HolidayRange
from ui.widgets.field_box import ERROR_STYLE, OK_STYLE

if TYPE_CHECKING:
    from mediation_desk.domain.changes import Changes
    from mediation_desk.errors import DeskError
    from mediation_desk.services.holidays import HolidaysSaved, HolidayYearView
    from ui.context import AppContext


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class PasteNoticeDialog(QDialog):
    """A box for the notice's lines, as the State Council prints them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("粘贴国务院办公厅通知"))
        self.resize(620, 320)
        hint = QLabel(
            self.tr("每个假期一行，如：一、元旦：1月1日至3日放假调休，共3天。1月4日（周日）上班。"),
            self,
        )
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("读取"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class HolidaysSettingsView(QWidget):
    """One year at a time: its source, its holidays and make-up days, save / import / delete."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.shown: HolidayYearView | None = None
        self.year = QSpinBox(self)
        self.year.setRange(2004, 2100)
        self.year.setValue(ctx.ops.today().year + 1)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.table_state = QLabel(self)
        self.table_state.setTextFormat(Qt.TextFormat.PlainText)

        self.ranges = QTableWidget(0, 3, self)
        self.ranges.setHorizontalHeaderLabels(
            [self.tr("节日"), self.tr("放假起"), self.tr("放假止")]
        )
        self.ranges.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.ranges.verticalHeader().hide()
        self.workdays = QTableWidget(0, 1, self)
        self.workdays.setHorizontalHeaderLabels([self.tr("调休上班日")])
        self.workdays.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.workdays.verticalHeader().hide()
        self.add_range = QPushButton(self.tr("添加假期"), self)
        self.remove_range = QPushButton(self.tr("删除所选假期"), self)
        self.add_workday = QPushButton(self.tr("添加上班日"), self)
        self.remove_workday = QPushButton(self.tr("删除所选上班日"), self)
        self.complete = QCheckBox(self.tr("已录入全年安排（计入已知节假日表）"), self)
        self.complete.setChecked(True)
        self.source_note = QLineEdit(self)
        self.source_note.setPlaceholderText(self.tr("依据，如：国办发明电〔2026〕7号"))
        self.import_button = QPushButton(self.tr("从文件导入…"), self)
        self.paste_button = QPushButton(self.tr("粘贴通知文本…"), self)
        self.save_button = QPushButton(self.tr("保存本年安排"), self)
        self.delete_button = QPushButton(self.tr("删除本中心录入"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年份"), self))
        top.addWidget(self.year)
        top.addWidget(self.state, 1)
        range_box = QGroupBox(self.tr("放假安排"), self)
        rb = QVBoxLayout(range_box)
        rb.addWidget(self.ranges, 1)
        rb_buttons = QHBoxLayout()
        rb_buttons.addWidget(self.add_range)
        rb_buttons.addWidget(self.remove_range)
        rb_buttons.addStretch(1)
        rb.addLayout(rb_buttons)
        work_box = QGroupBox(self.tr("调休上班"), self)
        wb = QVBoxLayout(work_box)
        wb.addWidget(self.workdays, 1)
        wb.addWidget(self.add_workday)
        wb.addWidget(self.remove_workday)
        tables = QHBoxLayout()
        tables.addWidget(range_box, 3)
        tables.addWidget(work_box, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addWidget(self.paste_button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table_state)
        layout.addLayout(tables, 1)
        layout.addWidget(self.complete)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(self.tr("依据"), self))
        note_row.addWidget(self.source_note, 1)
        layout.addLayout(note_row)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self.year.valueChanged.connect(self._on_year_value_changed)
        self.add_range.clicked.connect(self._on_add_range_clicked)
        self.remove_range.clicked.connect(self._on_remove_range_clicked)
        self.add_workday.clicked.connect(self._on_add_workday_clicked)
        self.remove_workday.clicked.connect(self._on_remove_workday_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.paste_button.clicked.connect(self._on_paste_clicked)
        ctx.ops.changed.connect(self._on_ops_changed)
        self.reload()

    # --- showing -----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        from mediation_desk.services.holidays import holiday_year, table_state

        year = self.year.value()
        view = self.ctx.ops.read(lambda uow: holiday_year(uow, year))
        state = self.ctx.ops.read(table_state)
        self.shown = view
        self.fill(view.ranges, view.workdays)
        self.complete.setChecked(view.complete or view.origin == "none")
        self.source_note.setText(view.source_note if view.origin == "centre" else "")
        self.delete_button.setEnabled(view.origin == "centre")
        first, last = state.package_years
        centre = "、".join(str(y) for y in state.centre_years) or self.tr("无")
        self.table_state.setText(
            self.tr("已知节假日表：chinesecalendar {0}—{1}年；本中心录入：{2}。").format(
                first, last, centre
            )
        )
        if view.origin == "package":
            text, style = (
                self.tr("{0}年：chinesecalendar 自带，可在此改录。").format(year),
                OK_STYLE,
            )
        elif view.origin == "centre" and view.complete:
            text, style = self.tr("{0}年：本中心录入（全年）。").format(year), OK_STYLE
        elif view.origin == "centre":
            text = self.tr("{0}年：本中心录入，尚未录全，该年日期仍标为“超出节假日表”。")
            text, style = text.format(year), ERROR_STYLE
        else:
            text = self.tr("{0}年：尚无节假日安排，该年日期只按周末判断并标为“超出节假日表”。")
            text, style = text.format(year), ERROR_STYLE
        self.state.setText(text)
        self.state.setStyleSheet(style)

    def fill(self, ranges: tuple[HolidayRange, ...] | list[HolidayRange], workdays: object) -> None:
        """Show ``ranges`` and ``workdays`` (a read file or the stored year) in the tables."""
        self.ranges.setRowCount(0)
        for r in ranges:
            self._append_range(r.name, r.first, r.last)
        self.workdays.setRowCount(0)
        for day in workdays:  # type: ignore[attr-defined]
            self._append_workday(day)

    def _date_cell(self, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        return edit

    def _append_range(self, name: str, first: dt.date, last: dt.date) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        row = self.ranges.rowCount()
        self.ranges.insertRow(row)
        self.ranges.setItem(row, 0, QTableWidgetItem(name))
        self.ranges.setCellWidget(row, 1, self._date_cell(first))
        self.ranges.setCellWidget(row, 2, self._date_cell(last))

    def _append_workday(self, day: dt.date) -> None:
        row = self.workdays.rowCount()
        self.workdays.insertRow(row)
        self.workdays.setCellWidget(row, 0, self._date_cell(day))

    def draft(self) -> ArrangementDraft:
        """What the tables hold, for the core to check and save."""
        ranges = []
        for row in range(self.ranges.rowCount()):
            item = self.ranges.item(row, 0)
            first = self.ranges.cellWidget(row, 1)
            last = self.ranges.cellWidget(row, 2)
            assert isinstance(first, QDateEdit) and isinstance(last, QDateEdit)
            ranges.append(
                HolidayRange(
                    item.text().strip() if item else "", _pydate(first.date()), _pydate(last.date())
                )
            )
        workdays = []
        for row in range(self.workdays.rowCount()):
            edit = self.workdays.cellWidget(row, 0)
            assert isinstance(edit, QDateEdit)
            workdays.append(_pydate(edit.date()))
        return ArrangementDraft(self.year.value(), ranges, workdays)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    # --- actions -----------------------------------------------------------------------------

    @Slot()
    def _on_year_value_changed(self) -> None:
        self.say("")
        self.reload()

    @Slot()
    def _on_add_range_clicked(self) -> None:
        day = dt.date(self.year.value(), 1, 1)
        self._append_range("", day, day)
        self.ranges.setCurrentCell(self.ranges.rowCount() - 1, 0)
        self.ranges.editItem(self.ranges.item(self.ranges.rowCount() - 1, 0))

    @Slot()
    def _on_remove_range_clicked(self) -> None:
        if self.ranges.currentRow() >= 0:
            self.ranges.removeRow(self.ranges.currentRow())

    @Slot()
    def _on_add_workday_clicked(self) -> None:
        self._append_workday(dt.date(self.year.value(), 1, 1))

    @Slot()
    def _on_remove_workday_clicked(self) -> None:
        if self.workdays.currentRow() >= 0:
            self.workdays.removeRow(self.workdays.currentRow())

    @Slot()
    def _on_save_clicked(self) -> None:
        self.save()

    def save(self) -> None:
        from mediation_desk.services.holidays import save_holiday_year

        draft, complete = self.draft(), self.complete.isChecked()
        note = self.source_note.text()
        self.say("")
        self.ctx.ops.run(
            self,
            lambda uow: save_holiday_year(uow, draft, complete=complete, source_note=note),
            on_success=self._on_saved,
            on_failure=self._on_refused,
            busy=self.tr("正在保存节假日安排并重算在办案件的办理时限…"),
            disable=[self.save_button],
        )

    @Slot()
    def _on_delete_clicked(self) -> None:
        from mediation_desk.services.holidays import delete_holiday_year

        year = self.year.value()
        self.ctx.ops.run(
            self,
            lambda uow: delete_holiday_year(uow, year),
            on_success=self._on_saved,
            on_failure=self._on_refused,
            disable=[self.delete_button],
        )

    @Slot()
    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择节假日安排文件"), "", self.tr("文本文件 (*.csv *.txt)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Read a file into the tables (saved only with 保存)."""
        from mediation_desk.services.holidays import read_arrangement_file

        year = self.year.value()
        self.ctx.ops.run(
            self,
            lambda _uow: read_arrangement_file(path, year),
            on_success=self._on_read,
            on_failure=self._on_refused,
        )

    @Slot()
    def _on_paste_clicked(self) -> None:
        dialog = PasteNoticeDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.read_text(dialog.text.toPlainText())
        dialog.deleteLater()

    def read_text(self, text: str) -> None:
        """Read pasted notice lines (or the file format) into the tables."""
        from mediation_desk.services.holidays import read_arrangement

        year = self.year.value()
        self.ctx.ops.run(
            self,
            lambda _uow: read_arrangement(text, year),
            on_success=self._on_read,
            on_failure=self._on_refused,
        )

    def _on_read(self, draft: ArrangementDraft) -> None:
        self.fill(draft.ranges, draft.workdays)
        self.say(
            self.tr("已读取{0}个假期、{1}个调休上班日，请核对后点“保存本年安排”。").format(
                len(draft.ranges), len(draft.workdays)
            )
        )

    def _on_saved(self, saved: HolidaysSaved) -> None:
        self.reload()
        self.say(self.tr("已保存。{0}件在办案件的办理时限随之重新计算。").format(saved.recomputed))

    def _on_refused(self, error: DeskError) -> bool:
        self.say("✖ " + error.message, error=True)
        return True

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if Entity.HOLIDAYS in changes.reference and initiator is not self:
            self.reload()
